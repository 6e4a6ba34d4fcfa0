//! Mail as stored: each mail is written, whole, in the transaction that causes it, and
//! sent later by an outbox job; once sent, its bodies are emptied (they may hold a
//! secret link) and what staff see of it is its envelope, state and last error.

use agora_core::{Id, Micros};

use crate::profiles::ABBREVIATE_NAMES_COLUMN;
use crate::{Db, DbResult, Result, Row, Tx, get, sql};

/// A mail ready to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub user_id: Option<Id>,
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub unsubscribe_url: Option<String>,
}

/// What staff see of a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRow {
    pub id: Id,
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    pub created_at: Micros,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<Micros>,
    /// The job sending it gave up (after its last attempt); staff may start it again.
    pub given_up: bool,
    pub job_id: Option<Id>,
}

/// Stores a mail; it goes only if `tx` commits.
pub async fn insert(tx: &mut Tx, mail: &NewMail, now: Micros) -> Result<Id> {
    let row = sql::query(
        "INSERT INTO mails (user_id, kind, to_address, subject, text_body, html_body, unsubscribe_url, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(mail.user_id)
    .bind(&mail.kind)
    .bind(&mail.to_address)
    .bind(&mail.subject)
    .bind(&mail.text_body)
    .bind(&mail.html_body)
    .bind(mail.unsubscribe_url.as_deref())
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .db()?;
    get(&row, "id")
}

/// Names the outbox job that sends the mail.
pub async fn set_job(tx: &mut Tx, mail_id: Id, job_id: Id) -> Result<()> {
    sql::query("UPDATE mails SET job_id = $1 WHERE id = $2").bind(job_id).bind(mail_id).execute(&mut *tx).await.db()?;
    Ok(())
}

/// The mail, if it is still to send (a job that runs again after its mail went out
/// finds nothing: a mail goes once).
pub async fn unsent(db: &Db, id: Id) -> Result<Option<NewMail>> {
    let row = sql::query(
        "SELECT id, user_id, kind, to_address, subject, text_body, html_body, unsubscribe_url FROM mails
         WHERE id = $1 AND sent_at IS NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await
    .db()?;
    row.map(|row| {
        Ok(NewMail {
            user_id: get(&row, "user_id")?,
            kind: get(&row, "kind")?,
            to_address: get(&row, "to_address")?,
            subject: get(&row, "subject")?,
            text_body: get(&row, "text_body")?,
            html_body: get(&row, "html_body")?,
            unsubscribe_url: get(&row, "unsubscribe_url")?,
        })
    })
    .transpose()
}

/// The mail went: it is marked sent and its bodies are emptied.
pub async fn sent(tx: &mut Tx, id: Id, now: Micros) -> Result<()> {
    sql::query(
        "UPDATE mails SET sent_at = $1, attempts = attempts + 1, text_body = '', html_body = '', last_error = NULL
         WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await
    .db()?;
    Ok(())
}

/// An attempt failed: staff see why.
pub async fn failed(db: &Db, id: Id, error: &str) -> Result<()> {
    sql::query("UPDATE mails SET attempts = attempts + 1, last_error = $1 WHERE id = $2")
        .bind(error)
        .bind(id)
        .execute(db)
        .await
        .db()?;
    Ok(())
}

fn mail_row(row: &Row) -> Result<MailRow> {
    Ok(MailRow {
        id: get(row, "id")?,
        kind: get(row, "kind")?,
        to_address: get(row, "to_address")?,
        subject: get(row, "subject")?,
        created_at: get(row, "created_at")?,
        attempts: get(row, "attempts")?,
        last_error: get(row, "last_error")?,
        sent_at: get(row, "sent_at")?,
        given_up: get::<Option<Micros>>(row, "failed_at")?.is_some(),
        job_id: get(row, "job_id")?,
    })
}

/// The newest mails first, `limit` of them, older than the mail `before` when given;
/// `unsent` keeps only those not sent yet.
pub async fn list(db: &Db, before: Option<Id>, unsent: bool, limit: i64) -> Result<Vec<MailRow>> {
    let rows = sql::query(
        "SELECT m.id, m.kind, m.to_address, m.subject, m.created_at, m.attempts, m.last_error, m.sent_at, m.job_id,
             o.failed_at
         FROM mails m LEFT JOIN outbox o ON o.id = m.job_id
         WHERE ($1 IS NULL OR m.id < $1) AND (NOT $2 OR m.sent_at IS NULL)
         ORDER BY m.id DESC LIMIT $3",
    )
    .bind(before)
    .bind(unsent)
    .bind(limit)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(mail_row).collect()
}

/// One mail, as staff see it.
pub async fn by_id(db: &Db, id: Id) -> Result<Option<MailRow>> {
    let row = sql::query(
        "SELECT m.id, m.kind, m.to_address, m.subject, m.created_at, m.attempts, m.last_error, m.sent_at, m.job_id,
             o.failed_at
         FROM mails m LEFT JOIN outbox o ON o.id = m.job_id WHERE m.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
    .db()?;
    row.as_ref().map(mail_row).transpose()
}

/// What a person chose to get by mail, as stored (no row: the defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// A JSON object: kind of notification -> mailed or not, for the kinds they changed.
    pub choices: String,
    pub digest: bool,
    pub unsubscribe_token: String,
}

fn settings_row(row: &Row) -> Result<Settings> {
    Ok(Settings {
        choices: get(row, "choices")?,
        digest: get(row, "digest")?,
        unsubscribe_token: get(row, "unsubscribe_token")?,
    })
}

pub async fn settings(db: &Db, user_id: Id) -> Result<Option<Settings>> {
    let row = sql::query("SELECT choices, digest, unsubscribe_token FROM mail_settings WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(db)
        .await
        .db()?;
    row.as_ref().map(settings_row).transpose()
}

/// Whose settings a one-click unsubscribe link's token names.
pub async fn by_unsubscribe_token(db: &Db, token: &str) -> Result<Option<(Id, Settings)>> {
    let row = sql::query(
        "SELECT user_id, choices, digest, unsubscribe_token FROM mail_settings WHERE unsubscribe_token = $1",
    )
    .bind(token)
    .fetch_optional(db)
    .await
    .db()?;
    row.map(|row| Ok((get(&row, "user_id")?, settings_row(&row)?))).transpose()
}

/// Stores a person's choices (the unsubscribe token stays what it was, or is `new_token`
/// for a first row).
pub async fn save_settings(tx: &mut Tx, user_id: Id, choices: &str, digest: bool, new_token: &str) -> Result<()> {
    sql::query(
        "INSERT INTO mail_settings (user_id, choices, digest, unsubscribe_token) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET choices = excluded.choices, digest = excluded.digest",
    )
    .bind(user_id)
    .bind(choices)
    .bind(digest)
    .bind(new_token)
    .execute(&mut *tx)
    .await
    .db()?;
    Ok(())
}

/// The person's unsubscribe token: theirs if they have a settings row, else a row with
/// the defaults is made with `new_token` (never changing choices made meanwhile).
pub async fn unsubscribe_token(
    tx: &mut Tx,
    user_id: Id,
    defaults: &str,
    digest: bool,
    new_token: &str,
) -> Result<String> {
    sql::query(
        "INSERT INTO mail_settings (user_id, choices, digest, unsubscribe_token) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(defaults)
    .bind(digest)
    .bind(new_token)
    .execute(&mut *tx)
    .await
    .db()?;
    sql::query_scalar("SELECT unsubscribe_token FROM mail_settings WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await
        .db()
}

/// A notification not yet considered for a mail, with what its mail needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingNotification {
    pub id: Id,
    pub kind: String,
    pub recipient_id: Id,
    /// None for a guest, who has no address, and for whoever has not confirmed theirs
    /// (anyone may sign up with someone else's address) or is blocked.
    pub email: Option<String>,
    pub name: String,
    pub locale: Option<String>,
    pub settings: Option<Settings>,
    pub idea_id: Option<Id>,
    pub idea_title: Option<String>,
    pub actor_name: Option<String>,
    pub status_title: Option<String>,
    pub phase_id: Option<Id>,
    pub phase_title: Option<String>,
}

/// The oldest notifications not yet considered for a mail, at most `limit`, held by this
/// transaction (other workers skip them).
pub async fn pending_notifications(tx: &mut Tx, limit: i64) -> Result<Vec<PendingNotification>> {
    let lock = match tx.backend() {
        crate::Backend::Sqlite => "",
        crate::Backend::Postgres => " FOR UPDATE OF n SKIP LOCKED",
    };
    let sql = format!(
        "SELECT n.id, n.kind, n.recipient_id, u.name,
            CASE WHEN u.email_confirmed_at IS NOT NULL AND u.blocked_at IS NULL THEN u.email END AS email, u.locale, s.choices, s.digest, s.unsubscribe_token,
            n.idea_id, i.title_multiloc AS idea_title, a.name AS actor_name, {ABBREVIATE_NAMES_COLUMN},
            st.title_multiloc AS status_title,
            n.phase_id, ph.title_multiloc AS phase_title
         FROM notifications n JOIN users u ON u.id = n.recipient_id LEFT JOIN mail_settings s ON s.user_id = u.id
            LEFT JOIN ideas i ON i.id = n.idea_id LEFT JOIN users a ON a.id = n.actor_id
            LEFT JOIN idea_statuses st ON st.id = n.status_id LEFT JOIN phases ph ON ph.id = n.phase_id
         WHERE n.mail_pending = TRUE ORDER BY n.id LIMIT $1{lock}"
    );
    let rows = sql::query(sql).bind(limit).fetch_all(&mut *tx).await.db()?;
    rows.iter()
        .map(|row| {
            let token: Option<String> = get(row, "unsubscribe_token")?;
            let settings = match token {
                Some(unsubscribe_token) => {
                    Some(Settings { choices: get(row, "choices")?, digest: get(row, "digest")?, unsubscribe_token })
                }
                None => None,
            };
            Ok(PendingNotification {
                id: get(row, "id")?,
                kind: get(row, "kind")?,
                recipient_id: get(row, "recipient_id")?,
                email: get(row, "email")?,
                name: get(row, "name")?,
                locale: get(row, "locale")?,
                settings,
                idea_id: get(row, "idea_id")?,
                idea_title: get(row, "idea_title")?,
                actor_name: crate::profiles::shown_name(row, "actor_name")?,
                status_title: get(row, "status_title")?,
                phase_id: get(row, "phase_id")?,
                phase_title: get(row, "phase_title")?,
            })
        })
        .collect()
}

/// These notifications were considered (mailed or not): never again.
pub async fn notifications_considered(tx: &mut Tx, ids: &[Id]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let sql =
        format!("UPDATE notifications SET mail_pending = FALSE WHERE id IN ({})", crate::placeholders(1, ids.len()));
    let mut query = sql::query(sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.execute(&mut *tx).await.db()?;
    Ok(())
}
