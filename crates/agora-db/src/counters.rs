//! The counters kept on rows (an idea's likes, dislikes and comments, a comment's likes)
//! recounted from the rows they count: after a bulk load, and for `agora admin recount`
//! when one has gone wrong.

use agora_core::Micros;

use crate::{Db, DbResult, Result, Tx, sql};

/// What residents see is what is counted: neither deleted nor hidden comments.
const IDEAS: &str = "UPDATE ideas SET likes_count = t.likes, dislikes_count = t.dislikes,
        net_likes = t.likes - t.dislikes, comments_count = t.comments
    FROM (SELECT i.id,
            (SELECT COUNT(*) FROM reactions r WHERE r.idea_id = i.id AND r.mode = 'up') AS likes,
            (SELECT COUNT(*) FROM reactions r WHERE r.idea_id = i.id AND r.mode = 'down') AS dislikes,
            (SELECT COUNT(*) FROM comments c WHERE c.idea_id = i.id AND c.deleted = FALSE AND c.hidden = FALSE)
                AS comments
          FROM ideas i) t
    WHERE ideas.id = t.id AND (ideas.likes_count <> t.likes OR ideas.dislikes_count <> t.dislikes
        OR ideas.comments_count <> t.comments OR ideas.net_likes <> t.likes - t.dislikes)";

const COMMENTS: &str = "UPDATE comments SET likes_count = t.likes
    FROM (SELECT c.id, (SELECT COUNT(*) FROM comment_reactions r WHERE r.comment_id = c.id) AS likes
          FROM comments c) t
    WHERE comments.id = t.id AND comments.likes_count <> t.likes";

/// Sets every counter to what the rows say, in one transaction, then refreshes every
/// trending rank. Returns how many ideas and comments had a wrong counter.
pub async fn recount(db: &Db, now: Micros) -> Result<u64> {
    let mut tx = db.begin().await?;
    let fixed = recount_in(&mut tx).await?;
    tx.commit().await.db()?;
    crate::tasks::rerank_since(db, 0, now).await?;
    Ok(fixed)
}

/// Sets every counter to what the rows say, inside `tx` (after rows were removed in
/// bulk, as when a person deletes their account).
pub async fn recount_in(tx: &mut Tx) -> Result<u64> {
    let ideas = sql::query(IDEAS).execute(&mut *tx).await.db()?.rows_affected();
    let comments = sql::query(COMMENTS).execute(&mut *tx).await.db()?.rows_affected();
    Ok(ideas + comments)
}
