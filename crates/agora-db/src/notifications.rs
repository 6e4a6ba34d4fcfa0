//! In-app notifications. They are written in the same transaction as what caused them,
//! so none is lost and none is sent for something that was rolled back.

use agora_core::{Id, Micros, Multiloc};

use crate::{Db, DbResult, Result, Tx, get};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An idea you follow has a new status.
    StatusChanged,
    /// An idea you follow has an official answer.
    OfficialFeedback,
    /// Someone replied to your comment.
    CommentReply,
    /// Someone commented on your idea.
    CommentOnYourIdea,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::StatusChanged => "status_changed",
            Kind::OfficialFeedback => "official_feedback",
            Kind::CommentReply => "comment_reply",
            Kind::CommentOnYourIdea => "comment_on_your_idea",
        }
    }
}

pub(crate) async fn notify(
    tx: &mut Tx,
    recipient: Id,
    kind: Kind,
    idea_id: Id,
    comment_id: Option<Id>,
    actor_id: Id,
    now: Micros,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notifications (recipient_id, kind, idea_id, comment_id, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(recipient)
    .bind(kind.as_str())
    .bind(idea_id)
    .bind(comment_id)
    .bind(actor_id)
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

/// Tells everyone who follows the idea, except the person who acted.
pub(crate) async fn notify_followers(
    tx: &mut Tx,
    idea_id: Id,
    kind: Kind,
    comment_id: Option<Id>,
    actor_id: Id,
    now: Micros,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notifications (recipient_id, kind, idea_id, comment_id, actor_id, created_at)
         SELECT user_id, $1, $2, $3, $4, $5 FROM followers WHERE idea_id = $2 AND user_id <> $4",
    )
    .bind(kind.as_str())
    .bind(idea_id)
    .bind(comment_id)
    .bind(actor_id)
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub id: Id,
    pub kind: String,
    pub idea_id: Option<Id>,
    pub idea_title: Multiloc,
    pub comment_id: Option<Id>,
    pub actor_name: Option<String>,
    pub read: bool,
    pub created_at: Micros,
}

/// The latest notifications of a person, newest first, and how many are unread.
pub async fn list(db: &Db, user_id: Id, limit: i64) -> Result<(Vec<Notification>, i64)> {
    let rows = sqlx::query(
        "SELECT n.id, n.kind, n.idea_id, i.title_multiloc, n.comment_id, u.name AS actor_name, n.read_at, n.created_at
         FROM notifications n LEFT JOIN ideas i ON i.id = n.idea_id LEFT JOIN users u ON u.id = n.actor_id
         WHERE n.recipient_id = $1 ORDER BY n.id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await
    .db()?;
    let items = rows
        .iter()
        .map(|row| {
            let read_at: Option<Micros> = get(row, "read_at")?;
            let title: Option<String> = get(row, "title_multiloc")?;
            Ok(Notification {
                id: get(row, "id")?,
                kind: get(row, "kind")?,
                idea_id: get(row, "idea_id")?,
                idea_title: title.map(|t| Multiloc::from_json(&t)).unwrap_or_default(),
                comment_id: get(row, "comment_id")?,
                actor_name: get(row, "actor_name")?,
                read: read_at.is_some(),
                created_at: get(row, "created_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((items, unread_count(db, user_id).await?))
}

pub async fn unread_count(db: &Db, user_id: Id) -> Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE recipient_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(db.pool())
        .await
        .db()
}

pub async fn mark_all_read(db: &Db, user_id: Id, now: Micros) -> Result<()> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE recipient_id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(db.pool())
        .await
        .db()?;
    Ok(())
}
