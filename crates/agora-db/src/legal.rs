//! The privacy notice and the terms of use, as stored.

use agora_core::{Micros, Multiloc};

use crate::{Db, DbResult, Result, Tx, get, sql};

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub body: Multiloc,
    pub body_html: Multiloc,
    /// 1 for the first text, one more at each save.
    pub version: i64,
    pub updated_at: Micros,
}

pub async fn get_document(db: &Db, kind: &str) -> Result<Option<Document>> {
    let row = sql::query(
        "SELECT body_multiloc, body_html_multiloc, version, updated_at FROM legal_documents WHERE kind = $1",
    )
    .bind(kind)
    .fetch_optional(db)
    .await
    .db()?;
    row.map(|row| {
        Ok(Document {
            body: Multiloc::from_json(&get::<String>(&row, "body_multiloc")?),
            body_html: Multiloc::from_json(&get::<String>(&row, "body_html_multiloc")?),
            version: get(&row, "version")?,
            updated_at: get(&row, "updated_at")?,
        })
    })
    .transpose()
}

/// Stores the text, as a new version; returns the version.
pub async fn save(tx: &mut Tx, kind: &str, body: &Multiloc, body_html: &Multiloc, now: Micros) -> Result<i64> {
    let row = sql::query(
        "INSERT INTO legal_documents (kind, body_multiloc, body_html_multiloc, version, updated_at)
         VALUES ($1, $2, $3, 1, $4)
         ON CONFLICT (kind) DO UPDATE SET body_multiloc = excluded.body_multiloc,
             body_html_multiloc = excluded.body_html_multiloc, version = legal_documents.version + 1,
             updated_at = excluded.updated_at
         RETURNING version",
    )
    .bind(kind)
    .bind(body.to_json())
    .bind(body_html.to_json())
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .db()?;
    get(&row, "version")
}
