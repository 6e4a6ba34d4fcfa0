//! Comments on ideas as stored: threaded one level deep, liked, edited, deleted (a
//! deleted comment leaves a marker so its replies keep their place) and hidden by staff.

use agora_core::markdown::render_multiloc;
use agora_core::permissions::{Actor, can_see_hidden};
use agora_core::{Error, Id, Micros, Multiloc};

use crate::ideas::{self, Author};
use crate::{Db, DbResult, Result, Row, Tx, get, multiloc, sql};

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: Id,
    pub idea_id: Id,
    pub parent_id: Option<Id>,
    pub author: Option<Author>,
    /// Empty once deleted.
    pub body: Multiloc,
    pub body_html: Multiloc,
    pub likes_count: i64,
    pub deleted: bool,
    pub hidden: bool,
    pub created_at: Micros,
    pub updated_at: Micros,
    /// Set when staff changed someone else's comment (the earlier text is kept).
    pub edited_by_staff: bool,
    /// Whether the person who asked likes it.
    pub viewer_liked: bool,
}

/// A comment and whether the viewer (`$1`, NULL for a visitor) liked it.
macro_rules! comment_select {
    () => {
        "SELECT c.id, c.idea_id, c.parent_id, c.author_id, u.name AS author_name, u.is_guest AS author_is_guest, c.body_multiloc,
            (SELECT value = 'true' FROM settings WHERE key = 'abbreviate_names') AS abbreviate_names,
            c.body_html_multiloc, c.likes_count, c.deleted, c.hidden, c.created_at, c.updated_at, c.edited_by_staff,
            EXISTS (SELECT 1 FROM comment_reactions r WHERE r.comment_id = c.id AND r.user_id = $1) AS viewer_liked
         FROM comments c LEFT JOIN users u ON u.id = c.author_id"
    };
}

fn comment(row: &Row) -> Result<Comment> {
    let deleted = get(row, "deleted")?;
    Ok(Comment {
        id: get(row, "id")?,
        idea_id: get(row, "idea_id")?,
        parent_id: get(row, "parent_id")?,
        author: if deleted { None } else { Author::of(row)? },
        body: if deleted { Multiloc::default() } else { multiloc(row, "body_multiloc")? },
        body_html: if deleted { Multiloc::default() } else { multiloc(row, "body_html_multiloc")? },
        likes_count: get(row, "likes_count")?,
        deleted,
        hidden: get(row, "hidden")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
        edited_by_staff: get(row, "edited_by_staff")?,
        viewer_liked: get(row, "viewer_liked")?,
    })
}

/// The comments of an idea in reading order: each top-level comment followed by its
/// replies, oldest first. Hidden ones only for staff.
pub async fn list(db: &Db, actor: Option<&Actor>, idea_id: Id) -> Result<Vec<Comment>> {
    let idea = ideas::get_visible(db, actor, idea_id).await?;
    list_of(db, actor, &idea).await
}

/// `list` for an idea the caller has already read (and so was allowed to see).
pub async fn list_of(db: &Db, actor: Option<&Actor>, idea: &ideas::Idea) -> Result<Vec<Comment>> {
    let rows =
        sql::query(concat!(comment_select!(), " WHERE c.idea_id = $2 ORDER BY COALESCE(c.parent_id, c.id), c.id"))
            .bind(actor.map(|a| a.user_id))
            .bind(idea.id)
            .fetch_all(db)
            .await
            .db()?;
    let staff = can_see_hidden(actor, idea.project_id);
    Ok(rows.iter().map(comment).collect::<Result<Vec<_>>>()?.into_iter().filter(|c| staff || !c.hidden).collect())
}

/// A comment, whoever may see it: for callers that have checked.
pub async fn by_id(db: &Db, comment_id: Id) -> Result<Comment> {
    let row = sql::query(concat!(comment_select!(), " WHERE c.id = $2"))
        .bind(None::<Id>)
        .bind(comment_id)
        .fetch_optional(db)
        .await
        .db()?
        .ok_or_else(Error::not_found)?;
    comment(&row)
}

/// A comment this person may see, with the project of its idea.
pub async fn get_visible(db: &Db, actor: Option<&Actor>, comment_id: Id) -> Result<(Comment, Id)> {
    let comment = by_id(db, comment_id).await?;
    let idea = ideas::get_visible(db, actor, comment.idea_id).await?;
    if comment.hidden && !can_see_hidden(actor, idea.project_id) {
        return Err(Error::not_found());
    }
    Ok((comment, idea.project_id))
}

/// The author of a comment, if it still has one (not deleted, account not gone).
pub async fn author_of<'a>(on: impl Into<sql::On<'a>>, comment_id: Id) -> Result<Option<Id>> {
    let author: Option<Option<Id>> =
        sql::query_scalar("SELECT CASE WHEN deleted THEN NULL ELSE author_id END FROM comments WHERE id = $1")
            .bind(comment_id)
            .fetch_optional(on)
            .await
            .db()?;
    Ok(author.flatten())
}

/// Inserts a comment in `thread` (the top-level comment it answers, if any); returns its id.
pub async fn insert(
    tx: &mut Tx,
    idea_id: Id,
    thread: Option<Id>,
    author_id: Id,
    body: &Multiloc,
    now: Micros,
) -> Result<Id> {
    sql::query_scalar(
        "INSERT INTO comments (idea_id, parent_id, author_id, body_multiloc, body_html_multiloc, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(idea_id)
    .bind(thread)
    .bind(author_id)
    .bind(body.to_json())
    .bind(render_multiloc(body).to_json())
    .bind(now)
    .fetch_one(tx)
    .await
    .db()
}

pub async fn update_body(tx: &mut Tx, comment_id: Id, body: &Multiloc, now: Micros) -> Result<()> {
    sql::query("UPDATE comments SET body_multiloc = $1, body_html_multiloc = $2, updated_at = $3 WHERE id = $4")
        .bind(body.to_json())
        .bind(render_multiloc(body).to_json())
        .bind(now)
        .bind(comment_id)
        .execute(tx)
        .await
        .db()?;
    Ok(())
}

/// Marks a comment deleted and empties it, unless it already was; returns whether it
/// was hidden, or `None` when nothing changed.
pub async fn mark_deleted(tx: &mut Tx, comment_id: Id, now: Micros) -> Result<Option<bool>> {
    sql::query(
        "UPDATE comments SET deleted = TRUE, body_multiloc = '{}', body_html_multiloc = '{}', updated_at = $1
         WHERE id = $2 AND deleted = FALSE RETURNING hidden",
    )
    .bind(now)
    .bind(comment_id)
    .fetch_optional(tx)
    .await
    .db()?
    .map(|row| get(&row, "hidden"))
    .transpose()
}

/// Adds or removes this person's like; the count moves only when the like row was
/// really added or removed. Returns whether it was.
pub async fn set_like(tx: &mut Tx, comment_id: Id, user_id: Id, like: bool, now: Micros) -> Result<bool> {
    let changed = if like {
        sql::query("INSERT INTO comment_reactions (comment_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(comment_id)
            .bind(user_id)
            .bind(now)
    } else {
        sql::query("DELETE FROM comment_reactions WHERE comment_id = $1 AND user_id = $2").bind(comment_id).bind(user_id)
    }
    .execute(&mut *tx)
    .await
    .db()?
    .rows_affected();
    if changed > 0 {
        sql::query("UPDATE comments SET likes_count = likes_count + $1 WHERE id = $2")
            .bind(if like { 1_i64 } else { -1 })
            .bind(comment_id)
            .execute(tx)
            .await
            .db()?;
    }
    Ok(changed > 0)
}

/// Hides or shows a comment; returns whether it is deleted, or `None` when it already
/// was as asked.
pub async fn set_hidden(tx: &mut Tx, comment_id: Id, hidden: bool) -> Result<Option<bool>> {
    sql::query("UPDATE comments SET hidden = $1 WHERE id = $2 AND hidden <> $1 RETURNING deleted")
        .bind(hidden)
        .bind(comment_id)
        .fetch_optional(tx)
        .await
        .db()?
        .map(|row| get(&row, "deleted"))
        .transpose()
}
