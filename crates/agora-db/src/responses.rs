//! The answers to surveys and polls, as stored: responses, who has answered, drafts and
//! uploaded files.

use agora_core::{Error, Id, MICROS_PER_DAY, Micros};
use serde_json::{Map, Value};

use crate::{Db, DbResult, Result, Row, Tx, get, sql};

/// A submitted response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub id: Id,
    /// `None` when anonymous, or when the account was deleted since.
    pub respondent_id: Option<Id>,
    pub form_version: i64,
    pub answers: Map<String, Value>,
    /// The keys of the pages the answers led through.
    pub path: Vec<String>,
    pub submitted_at: Micros,
}

pub struct NewResponse<'a> {
    pub phase_id: Id,
    pub respondent_id: Id,
    pub anonymous: bool,
    pub form_version: i64,
    pub answers: &'a Map<String, Value>,
    pub path: &'a [&'a str],
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::internal(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(row: &Row, column: &str) -> Result<T> {
    let text: String = get(row, column)?;
    serde_json::from_str(&text).map_err(|e| Error::internal(format!("{column}: {e}")))
}

/// Records that this person answered the phase: false if they had already.
pub async fn add_respondent(tx: &mut Tx, phase_id: Id, user_id: Id) -> Result<bool> {
    let done = sql::query("INSERT INTO respondents (phase_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(phase_id)
        .bind(user_id)
        .execute(tx)
        .await
        .db()?;
    Ok(done.rows_affected() == 1)
}

/// Whether this person has answered the phase.
pub async fn has_answered(db: &Db, phase_id: Id, user_id: Id) -> Result<bool> {
    let row = sql::query("SELECT 1 AS one FROM respondents WHERE phase_id = $1 AND user_id = $2")
        .bind(phase_id)
        .bind(user_id)
        .fetch_optional(db)
        .await
        .db()?;
    Ok(row.is_some())
}

/// Stores a response and drops the respondent's draft. An anonymous response keeps
/// neither the person nor the moment, only the day.
pub async fn insert(tx: &mut Tx, response: &NewResponse<'_>, now: Micros) -> Result<Id> {
    let (respondent, submitted_at) = if response.anonymous {
        (None, now - now.rem_euclid(MICROS_PER_DAY))
    } else {
        (Some(response.respondent_id), now)
    };
    let row = sql::query(
        "INSERT INTO responses (phase_id, respondent_id, form_version, answers, path, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(response.phase_id)
    .bind(respondent)
    .bind(response.form_version)
    .bind(json(response.answers)?)
    .bind(json(&response.path)?)
    .bind(submitted_at)
    .fetch_one(&mut *tx)
    .await
    .db()?;
    sql::query("DELETE FROM response_drafts WHERE phase_id = $1 AND user_id = $2")
        .bind(response.phase_id)
        .bind(response.respondent_id)
        .execute(&mut *tx)
        .await
        .db()?;
    get(&row, "id")
}

fn response_row(row: &Row) -> Result<Response> {
    Ok(Response {
        id: get(row, "id")?,
        respondent_id: get(row, "respondent_id")?,
        form_version: get(row, "form_version")?,
        answers: parse(row, "answers")?,
        path: parse(row, "path")?,
        submitted_at: get(row, "submitted_at")?,
    })
}

/// The phase's responses after `after` (an id; 0 for the first), at most `limit`, in
/// the order they came: exports read them a batch at a time.
pub async fn batch(db: &Db, phase_id: Id, after: Id, limit: i64) -> Result<Vec<Response>> {
    let rows = sql::query(
        "SELECT id, respondent_id, form_version, answers, path, submitted_at FROM responses
         WHERE phase_id = $1 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(phase_id)
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(response_row).collect()
}

/// How many responses the phase has.
pub async fn count(db: &Db, phase_id: Id) -> Result<i64> {
    let row = sql::query("SELECT COUNT(*) AS n FROM responses WHERE phase_id = $1")
        .bind(phase_id)
        .fetch_one(db)
        .await
        .db()?;
    get(&row, "n")
}

/// What someone answered so far and the page they were on.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub answers: Map<String, Value>,
    pub page: String,
    pub updated_at: Micros,
}

pub async fn draft(db: &Db, phase_id: Id, user_id: Id) -> Result<Option<Draft>> {
    let row = sql::query("SELECT answers, page, updated_at FROM response_drafts WHERE phase_id = $1 AND user_id = $2")
        .bind(phase_id)
        .bind(user_id)
        .fetch_optional(db)
        .await
        .db()?;
    row.map(|row| {
        Ok(Draft { answers: parse(&row, "answers")?, page: get(&row, "page")?, updated_at: get(&row, "updated_at")? })
    })
    .transpose()
}

pub async fn save_draft(
    db: &Db,
    phase_id: Id,
    user_id: Id,
    answers: &Map<String, Value>,
    page: &str,
    now: Micros,
) -> Result<()> {
    sql::query(
        "INSERT INTO response_drafts (phase_id, user_id, answers, page, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (phase_id, user_id) DO UPDATE SET answers = excluded.answers, page = excluded.page,
             updated_at = excluded.updated_at",
    )
    .bind(phase_id)
    .bind(user_id)
    .bind(json(answers)?)
    .bind(page)
    .bind(now)
    .execute(db)
    .await
    .db()?;
    Ok(())
}

/// An uploaded file, as described by its row.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    pub id: Id,
    pub uploader_id: Option<Id>,
    /// The phase whose response took it, and that phase's project.
    pub phase_id: Option<Id>,
    pub project_id: Option<Id>,
    pub stored_name: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

pub struct NewUpload<'a> {
    pub uploader_id: Id,
    pub stored_name: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
}

pub async fn insert_upload(db: &Db, upload: &NewUpload<'_>, now: Micros) -> Result<Id> {
    let row = sql::query(
        "INSERT INTO uploads (uploader_id, stored_name, file_name, content_type, size, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(upload.uploader_id)
    .bind(upload.stored_name)
    .bind(upload.file_name)
    .bind(upload.content_type)
    .bind(upload.size)
    .bind(now)
    .fetch_one(db)
    .await
    .db()?;
    get(&row, "id")
}

pub async fn upload(db: &Db, id: Id) -> Result<Option<Upload>> {
    let row = sql::query(
        "SELECT u.id, u.uploader_id, u.phase_id, p.project_id, u.stored_name, u.file_name, u.content_type, u.size
         FROM uploads u LEFT JOIN phases p ON p.id = u.phase_id WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
    .db()?;
    row.map(|row| {
        Ok(Upload {
            id: get(&row, "id")?,
            uploader_id: get(&row, "uploader_id")?,
            phase_id: get(&row, "phase_id")?,
            project_id: get(&row, "project_id")?,
            stored_name: get(&row, "stored_name")?,
            file_name: get(&row, "file_name")?,
            content_type: get(&row, "content_type")?,
            size: get(&row, "size")?,
        })
    })
    .transpose()
}

/// A response of the phase takes the upload: only one of the uploader's that no other
/// phase took. An anonymous response's file forgets who uploaded it, and when, but for
/// the day. False when it is not theirs to give.
pub async fn take_upload(tx: &mut Tx, id: Id, uploader_id: Id, phase_id: Id, anonymous: bool) -> Result<bool> {
    let forget = if anonymous {
        format!(", uploader_id = NULL, created_at = created_at - created_at % {MICROS_PER_DAY}")
    } else {
        String::new()
    };
    let done = sql::query(format!(
        "UPDATE uploads SET phase_id = $3{forget}
         WHERE id = $1 AND uploader_id = $2 AND (phase_id IS NULL OR phase_id = $3)"
    ))
    .bind(id)
    .bind(uploader_id)
    .bind(phase_id)
    .execute(tx)
    .await
    .db()?;
    Ok(done.rows_affected() == 1)
}

/// The files no response took, uploaded before `before` (a response takes its files
/// within minutes; a deleted phase lets go of its own): their ids and stored names.
pub async fn untaken(db: &Db, before: Micros) -> Result<Vec<(Id, String)>> {
    let rows = sql::query("SELECT id, stored_name FROM uploads WHERE phase_id IS NULL AND created_at < $1")
        .bind(before)
        .fetch_all(db)
        .await
        .db()?;
    rows.iter().map(|row| Ok((get(row, "id")?, get(row, "stored_name")?))).collect()
}

pub async fn delete_upload(db: &Db, id: Id) -> Result<()> {
    sql::query("DELETE FROM uploads WHERE id = $1 AND phase_id IS NULL").bind(id).execute(db).await.db()?;
    Ok(())
}
