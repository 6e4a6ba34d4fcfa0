//! Earlier versions of residents' words, kept when an edit must leave a trace (see
//! `agora_core::permissions::EditTrace`): staff see them on the idea's page.

use agora_core::permissions::{Actor, EditTrace, moderator};
use agora_core::{Id, Micros, Multiloc};

use crate::{Db, DbResult, Result, Tx, get, sql};

/// What was there before an edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub editor_name: Option<String>,
    pub by_staff: bool,
    pub title: Option<Multiloc>,
    pub body: Multiloc,
    pub created_at: Micros,
}

/// What was edited: an idea (with its title) or a comment.
pub enum Edited<'a> {
    Idea { id: Id, title: &'a Multiloc, body: &'a Multiloc },
    Comment { id: Id, body: &'a Multiloc },
}

/// Keeps the version before an edit that leaves a trace, and marks the idea or
/// comment as edited (by staff, once staff edited it). Does nothing for `EditTrace::None`.
pub async fn keep(tx: &mut Tx, before: Edited<'_>, trace: EditTrace, editor: Id, now: Micros) -> Result<()> {
    if trace == EditTrace::None {
        return Ok(());
    }
    let by_staff = trace == EditTrace::ByStaff;
    let (idea_id, comment_id, title, body, mark) = match before {
        Edited::Idea { id, title, body } => (Some(id), None, Some(title.to_json()), body, "UPDATE ideas"),
        Edited::Comment { id, body } => (None, Some(id), None, body, "UPDATE comments"),
    };
    sql::query(
        "INSERT INTO revisions (idea_id, comment_id, editor_id, by_staff, title_multiloc, body_multiloc, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(idea_id)
    .bind(comment_id)
    .bind(editor)
    .bind(by_staff)
    .bind(title)
    .bind(body.to_json())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    // `edited_by_staff` stays set once staff have edited: later edits by the author do
    // not make the staff's change invisible.
    let sql = format!(
        "{mark} SET edited_at = $1, edited_by_staff = CASE WHEN $2 THEN TRUE ELSE edited_by_staff END WHERE id = $3"
    );
    sql::query(sql).bind(now).bind(by_staff).bind(idea_id.or(comment_id)).execute(&mut *tx).await.db()?;
    Ok(())
}

/// The earlier versions of an idea, newest first: for the project's staff only.
pub async fn of_idea(db: &Db, actor: Option<&Actor>, project_id: Id, idea_id: Id) -> Result<Vec<Revision>> {
    moderator(actor, project_id)?;
    let rows = sql::query(
        "SELECT u.name AS editor_name, r.by_staff, r.title_multiloc, r.body_multiloc, r.created_at
         FROM revisions r LEFT JOIN users u ON u.id = r.editor_id WHERE r.idea_id = $1 ORDER BY r.id DESC",
    )
    .bind(idea_id)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter()
        .map(|row| {
            let title: Option<String> = get(row, "title_multiloc")?;
            Ok(Revision {
                editor_name: get(row, "editor_name")?,
                by_staff: get(row, "by_staff")?,
                title: title.map(|t| Multiloc::from_json(&t)),
                body: Multiloc::from_json(&get::<String>(row, "body_multiloc")?),
                created_at: get(row, "created_at")?,
            })
        })
        .collect()
}
