//! What goes when a person deletes their account. The account row goes, and with it
//! (by the foreign keys) their sessions, tokens, reactions, follows, notifications,
//! roles, group places, mail settings, survey drafts and the record of which surveys
//! they answered; their ballots and survey responses stay counted without them
//! (`baskets.user_id` and `responses.respondent_id` become NULL), and what they wrote
//! stays without an author, or goes too if they choose.

use agora_core::{Id, Micros};

use crate::{Backend, DbResult, Result, Tx, get, sql};

/// Deletes the account `user_id` in `tx`. With `keep_content` false, their comments are
/// emptied and marked deleted (replies keep their place), and their ideas are deleted,
/// but for ideas that are options of a vote: those stay, without an author, so that no
/// ballot loses what it chose. Every counter is recounted in the same transaction.
/// False, and nothing done, if they are the platform's only administrator.
pub async fn delete_account(tx: &mut Tx, user_id: Id, keep_content: bool, now: Micros) -> Result<bool> {
    // The administrators' rows are locked first: two administrators leaving at the same
    // moment cannot both see the other one stay.
    let lock = match tx.backend() {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE",
    };
    let rows =
        sql::query(format!("SELECT id FROM users WHERE is_admin = TRUE{lock}")).fetch_all(&mut *tx).await.db()?;
    let admins = rows.iter().map(|row| get::<Id>(row, "id")).collect::<Result<Vec<_>>>()?;
    if admins == [user_id] {
        return Ok(false);
    }
    if !keep_content {
        for statement in [
            "DELETE FROM revisions WHERE comment_id IN (SELECT id FROM comments WHERE author_id = $1)",
            "DELETE FROM revisions WHERE idea_id IN (SELECT id FROM ideas WHERE author_id = $1)",
            "DELETE FROM ideas WHERE author_id = $1 AND id NOT IN (SELECT idea_id FROM phase_options)",
        ] {
            sql::query(statement).bind(user_id).execute(&mut *tx).await.db()?;
        }
        sql::query(
            "UPDATE comments SET deleted = TRUE, body_multiloc = '{}', body_html_multiloc = '{}', updated_at = $2
             WHERE author_id = $1 AND deleted = FALSE",
        )
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
    }
    // Mails hold the address: those to them go with the account.
    sql::query("DELETE FROM mails WHERE user_id = $1").bind(user_id).execute(&mut *tx).await.db()?;
    sql::query("DELETE FROM users WHERE id = $1 AND NOT is_guest").bind(user_id).execute(&mut *tx).await.db()?;
    crate::counters::recount_in(tx).await?;
    Ok(true)
}
