//! The forms of surveys and polls as stored: one per phase, JSON, versioned.

use agora_core::survey::Form;
use agora_core::{Error, Id, Micros};

use crate::{Db, DbResult, Result, Tx, get, sql};

/// A phase's form and its version.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub form: Form,
    pub version: i64,
    pub updated_at: Micros,
}

pub async fn form(db: &Db, phase_id: Id) -> Result<Option<Stored>> {
    let row = sql::query("SELECT definition, version, updated_at FROM forms WHERE phase_id = $1")
        .bind(phase_id)
        .fetch_optional(db)
        .await
        .db()?;
    row.map(|row| {
        let definition: String = get(&row, "definition")?;
        let form = serde_json::from_str(&definition).map_err(|e| Error::internal(format!("form {phase_id}: {e}")))?;
        Ok(Stored { form, version: get(&row, "version")?, updated_at: get(&row, "updated_at")? })
    })
    .transpose()
}

/// Stores the form as a new version, and keeps it among the phase's versions; returns
/// it.
pub async fn save(tx: &mut Tx, phase_id: Id, form: &Form, now: Micros) -> Result<i64> {
    let definition = serde_json::to_string(form).map_err(|e| Error::internal(e.to_string()))?;
    let row = sql::query(
        "INSERT INTO forms (phase_id, definition, version, updated_at) VALUES ($1, $2, 1, $3)
         ON CONFLICT (phase_id) DO UPDATE SET definition = excluded.definition, version = forms.version + 1,
             updated_at = excluded.updated_at
         RETURNING version",
    )
    .bind(phase_id)
    .bind(&definition)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .db()?;
    let version: i64 = get(&row, "version")?;
    sql::query("INSERT INTO form_versions (phase_id, version, definition) VALUES ($1, $2, $3)")
        .bind(phase_id)
        .bind(version)
        .bind(definition)
        .execute(&mut *tx)
        .await
        .db()?;
    Ok(version)
}

/// Every version of the phase's form, oldest first.
pub async fn versions(db: &Db, phase_id: Id) -> Result<Vec<Form>> {
    let rows = sql::query("SELECT definition FROM form_versions WHERE phase_id = $1 ORDER BY version")
        .bind(phase_id)
        .fetch_all(db)
        .await
        .db()?;
    rows.iter()
        .map(|row| {
            let definition: String = get(row, "definition")?;
            serde_json::from_str(&definition).map_err(|e| Error::internal(format!("form {phase_id}: {e}")))
        })
        .collect()
}
