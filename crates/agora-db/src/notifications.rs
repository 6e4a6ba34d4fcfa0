//! In-app notifications: written by the outbox worker, in the transaction that closes
//! the job left by what caused them, so none is lost, none is written twice, and none is
//! sent for something that was rolled back.

use agora_core::{Id, Micros, Multiloc};

use serde::{Deserialize, Serialize};

use crate::profiles::ABBREVIATE_NAMES_COLUMN;
use crate::{Db, DbResult, Result, Tx, get, placeholders, sql};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An idea you follow has a new status.
    StatusChanged,
    /// An idea you follow has an official answer.
    OfficialFeedback,
    /// Someone replied to your comment.
    CommentReply,
    /// Someone commented on your idea.
    CommentOnYourIdea,
    /// Someone commented on an idea you follow.
    CommentOnFollowedIdea,
    /// The results of a vote you took part in, or on an idea you follow, are out.
    VoteResults,
    /// Your basket in a vote ending soon is not submitted.
    VoteReminder,
}

impl Kind {
    pub const ALL: &[Kind] = &[
        Kind::StatusChanged,
        Kind::OfficialFeedback,
        Kind::CommentReply,
        Kind::CommentOnYourIdea,
        Kind::CommentOnFollowedIdea,
        Kind::VoteResults,
        Kind::VoteReminder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::StatusChanged => "status_changed",
            Kind::OfficialFeedback => "official_feedback",
            Kind::CommentReply => "comment_reply",
            Kind::CommentOnYourIdea => "comment_on_your_idea",
            Kind::CommentOnFollowedIdea => "comment_on_followed_idea",
            Kind::VoteResults => "vote_results",
            Kind::VoteReminder => "vote_reminder",
        }
    }
}

/// What happened, to whom it is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub kind: Kind,
    pub idea_id: Id,
    pub comment_id: Option<Id>,
    /// The new status, for `StatusChanged`.
    pub status_id: Option<Id>,
    pub actor_id: Id,
    pub now: Micros,
}

/// Tells one person. Nothing is told about a hidden idea: residents cannot see it.
pub async fn notify(tx: &mut Tx, recipient: Id, event: &Event) -> Result<()> {
    insert(tx, event, "SELECT $7 AS user_id", &[recipient]).await
}

/// Tells everyone who follows the idea, except the person who acted and `except` (who
/// were told something more specific).
pub async fn notify_followers(tx: &mut Tx, event: &Event, except: &[Id]) -> Result<()> {
    let recipients = match except.len() {
        0 => "SELECT user_id FROM followers WHERE idea_id = $2".to_owned(),
        n => format!("SELECT user_id FROM followers WHERE idea_id = $2 AND user_id NOT IN ({})", placeholders(7, n)),
    };
    insert(tx, event, &recipients, except).await
}

/// One notification for each `user_id` that `recipients` selects ($1 to $6 are the
/// event, $7 on are `ids`), leaving out the actor, and none about a hidden idea.
async fn insert(tx: &mut Tx, event: &Event, recipients: &str, ids: &[Id]) -> Result<()> {
    let sql = format!(
        "INSERT INTO notifications (recipient_id, kind, idea_id, comment_id, status_id, actor_id, created_at)
         SELECT r.user_id, $1, $2, $3, $4, $5, $6 FROM ({recipients}) r
         WHERE r.user_id <> $5 AND NOT EXISTS (SELECT 1 FROM ideas i WHERE i.id = $2 AND i.hidden = TRUE)"
    );
    let mut query = sql::query(sql)
        .bind(event.kind.as_str())
        .bind(event.idea_id)
        .bind(event.comment_id)
        .bind(event.status_id)
        .bind(event.actor_id)
        .bind(event.now);
    for id in ids {
        query = query.bind(*id);
    }
    query.execute(&mut *tx).await.db()?;
    Ok(())
}

/// Tells the people who voted in a phase (who started a basket) and the followers of
/// its options that its results are out, each once.
pub async fn notify_vote_results(tx: &mut Tx, phase_id: Id, now: Micros) -> Result<()> {
    sql::query(
        "INSERT INTO notifications (recipient_id, kind, phase_id, created_at)
         SELECT user_id, 'vote_results', $1, $2 FROM (
             SELECT user_id FROM baskets WHERE phase_id = $1 AND user_id IS NOT NULL
             UNION SELECT f.user_id FROM followers f JOIN phase_options o ON o.idea_id = f.idea_id WHERE o.phase_id = $1
         ) r",
    )
    .bind(phase_id)
    .bind(now)
    .execute(tx)
    .await
    .db()?;
    Ok(())
}

/// Reminds one person of their basket in a phase.
pub async fn remind_of_basket(tx: &mut Tx, user_id: Id, phase_id: Id, now: Micros) -> Result<()> {
    sql::query(
        "INSERT INTO notifications (recipient_id, kind, phase_id, created_at) VALUES ($1, 'vote_reminder', $2, $3)",
    )
    .bind(user_id)
    .bind(phase_id)
    .bind(now)
    .execute(tx)
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
    /// The status announced by a `status_changed` notification.
    pub status_title: Option<Multiloc>,
    /// The phase of a notification about a vote.
    pub phase_id: Option<Id>,
    pub phase_title: Multiloc,
    pub read: bool,
    pub created_at: Micros,
}

/// Notifications about what residents may no longer see (a hidden idea or comment)
/// are left out of the list and the unread count.
const STILL_VISIBLE: &str = "NOT EXISTS (SELECT 1 FROM ideas i WHERE i.id = n.idea_id AND i.hidden = TRUE)
     AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.id = n.comment_id AND (c.hidden = TRUE OR c.deleted = TRUE))";

/// The latest notifications of a person, newest first, and how many are unread.
pub async fn list(db: &Db, user_id: Id, limit: i64) -> Result<(Vec<Notification>, i64)> {
    let sql = format!(
        "SELECT n.id, n.kind, n.idea_id, i.title_multiloc, n.comment_id, u.name AS actor_name, {ABBREVIATE_NAMES_COLUMN},
            s.title_multiloc AS status_title, n.read_at, n.created_at, n.phase_id, ph.title_multiloc AS phase_title
         FROM notifications n LEFT JOIN ideas i ON i.id = n.idea_id LEFT JOIN users u ON u.id = n.actor_id
            LEFT JOIN idea_statuses s ON s.id = n.status_id LEFT JOIN phases ph ON ph.id = n.phase_id
         WHERE n.recipient_id = $1 AND {STILL_VISIBLE} ORDER BY n.id DESC LIMIT $2"
    );
    let rows = sql::query(sql).bind(user_id).bind(limit).fetch_all(db).await.db()?;
    let items = rows
        .iter()
        .map(|row| {
            let read_at: Option<Micros> = get(row, "read_at")?;
            let title: Option<String> = get(row, "title_multiloc")?;
            let status: Option<String> = get(row, "status_title")?;
            let phase: Option<String> = get(row, "phase_title")?;
            Ok(Notification {
                id: get(row, "id")?,
                kind: get(row, "kind")?,
                idea_id: get(row, "idea_id")?,
                idea_title: title.map(|t| Multiloc::from_json(&t)).unwrap_or_default(),
                comment_id: get(row, "comment_id")?,
                actor_name: crate::profiles::shown_name(row, "actor_name")?,
                status_title: status.map(|t| Multiloc::from_json(&t)),
                phase_id: get(row, "phase_id")?,
                phase_title: phase.map(|t| Multiloc::from_json(&t)).unwrap_or_default(),
                read: read_at.is_some(),
                created_at: get(row, "created_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((items, unread_count(db, user_id).await?))
}

pub async fn unread_count(db: &Db, user_id: Id) -> Result<i64> {
    let sql = format!(
        "SELECT COUNT(*) FROM notifications n WHERE n.recipient_id = $1 AND n.read_at IS NULL AND {STILL_VISIBLE}"
    );
    sql::query_scalar(sql).bind(user_id).fetch_one(db).await.db()
}

pub async fn mark_all_read(db: &Db, user_id: Id, now: Micros) -> Result<()> {
    sql::query("UPDATE notifications SET read_at = $1 WHERE recipient_id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(db)
        .await
        .db()?;
    Ok(())
}
