//! "Download my data": everything Agora holds about a person, read as JSON, and the
//! archives the worker makes of it until their mailed link expires.

use agora_core::{Id, Micros};
use serde_json::{Map, Value as Json};

use crate::sql::Value;
use crate::users::{hash_secret, new_secret};
use crate::{Db, DbResult, Result, Row, Tx, get, sql};

/// Each part of a person's data: its name in the file, and the query for it ($1: the
/// person). Their password's hash and their sessions are left out: secrets, not data.
const PARTS: &[(&str, &str)] = &[
    (
        "account",
        "SELECT id, email, name, locale, is_admin, created_at, email_confirmed_at, terms_version, terms_accepted_at
         FROM users WHERE id = $1",
    ),
    ("ideas", "SELECT id, project_id, title_multiloc, body_multiloc, created_at FROM ideas WHERE author_id = $1"),
    (
        "comments",
        "SELECT id, idea_id, parent_id, body_multiloc, deleted, created_at FROM comments WHERE author_id = $1",
    ),
    ("reactions", "SELECT idea_id, mode, created_at FROM reactions WHERE user_id = $1"),
    ("comment_likes", "SELECT comment_id, created_at FROM comment_reactions WHERE user_id = $1"),
    ("follows", "SELECT idea_id, created_at FROM followers WHERE user_id = $1"),
    (
        "ballots",
        "SELECT b.phase_id, b.ballot_code, b.submitted_at, v.idea_id, v.votes
         FROM baskets b LEFT JOIN ballot_votes v ON v.basket_id = b.id WHERE b.user_id = $1",
    ),
    (
        "notifications",
        "SELECT kind, idea_id, comment_id, phase_id, created_at, read_at FROM notifications WHERE recipient_id = $1",
    ),
    ("mail_settings", "SELECT choices, digest FROM mail_settings WHERE user_id = $1"),
    (
        "groups",
        "SELECT g.name, m.added_at FROM group_members m JOIN user_groups g ON g.id = m.group_id WHERE m.user_id = $1",
    ),
    ("moderated_projects", "SELECT project_id FROM project_moderators WHERE user_id = $1"),
    ("sign_in_providers", "SELECT issuer, subject, created_at FROM oidc_identities WHERE user_id = $1"),
    ("mails", "SELECT kind, subject, created_at, sent_at FROM mails WHERE user_id = $1"),
    // Anonymous responses are nobody's: only that the person answered is theirs.
    (
        "survey_responses",
        "SELECT phase_id, form_version, answers, path, submitted_at FROM responses WHERE respondent_id = $1",
    ),
    ("surveys_answered", "SELECT phase_id FROM respondents WHERE user_id = $1"),
    ("survey_drafts", "SELECT phase_id, answers, page, updated_at FROM response_drafts WHERE user_id = $1"),
    ("uploads", "SELECT id, phase_id, file_name, content_type, size, created_at FROM uploads WHERE uploader_id = $1"),
];

/// Columns that hold JSON, shown as such in the file.
const JSON_COLUMNS: &[&str] = &["choices", "answers", "path"];

const BOOLEANS: &[&str] = &["is_admin", "deleted", "digest"];

fn row_json(row: &Row) -> Json {
    let mut object = Map::new();
    for (column, value) in row.columns.iter().zip(&row.values) {
        let json = match value {
            Value::Null(_) => Json::Null,
            // Flags are 0/1 on SQLite: the file says true or false on both backends.
            Value::Int(n) if BOOLEANS.contains(&column.as_ref()) => Json::from(*n != 0),
            Value::Int(n) => Json::from(*n),
            Value::Float(x) => Json::from(*x),
            Value::Bool(b) => Json::from(*b),
            // Texts in several languages are JSON objects already.
            Value::Text(t) if column.ends_with("_multiloc") || JSON_COLUMNS.contains(&column.as_ref()) => {
                serde_json::from_str(t).unwrap_or_else(|_| Json::from(t.as_str()))
            }
            Value::Text(t) => Json::from(t.as_str()),
        };
        object.insert(column.to_string(), json);
    }
    Json::Object(object)
}

/// Everything about the person, one list of records per part.
pub async fn personal_data(db: &Db, user_id: Id) -> Result<Json> {
    let mut data = Map::new();
    for (part, query) in PARTS {
        let rows = sql::query(*query).bind(user_id).fetch_all(db).await.db()?;
        data.insert((*part).to_owned(), Json::Array(rows.iter().map(row_json).collect()));
    }
    Ok(Json::Object(data))
}

/// A new export, to be made by the worker.
pub async fn insert(tx: &mut Tx, user_id: Id, now: Micros) -> Result<Id> {
    let row = sql::query("INSERT INTO data_exports (user_id, created_at) VALUES ($1, $2) RETURNING id")
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .db()?;
    get(&row, "id")
}

/// Whether the person asked for an export since `since`.
pub async fn asked_since(db: &Db, user_id: Id, since: Micros) -> Result<bool> {
    let n: i64 = sql::query_scalar("SELECT COUNT(*) FROM data_exports WHERE user_id = $1 AND created_at >= $2")
        .bind(user_id)
        .bind(since)
        .fetch_one(db)
        .await
        .db()?;
    Ok(n > 0)
}

/// Whose export it is (none if the account went meanwhile).
pub async fn owner<'a>(on: impl Into<sql::On<'a>>, export_id: Id) -> Result<Option<Id>> {
    sql::query_scalar("SELECT user_id FROM data_exports WHERE id = $1").bind(export_id).fetch_optional(on).await.db()
}

/// Stores the finished archive; returns the secret of its link.
pub async fn finish(tx: &mut Tx, export_id: Id, archive: &str, expires_at: Micros) -> Result<String> {
    let (secret, hash) = new_secret();
    sql::query("UPDATE data_exports SET archive = $1, token_hash = $2, expires_at = $3 WHERE id = $4")
        .bind(archive)
        .bind(hash)
        .bind(expires_at)
        .bind(export_id)
        .execute(&mut *tx)
        .await
        .db()?;
    Ok(secret)
}

/// The archive a link leads to, while it has not expired.
pub async fn archive(db: &Db, secret: &str, now: Micros) -> Result<Option<String>> {
    sql::query_scalar("SELECT archive FROM data_exports WHERE token_hash = $1 AND expires_at > $2")
        .bind(hash_secret(secret))
        .bind(now)
        .fetch_optional(db)
        .await
        .db()
}
