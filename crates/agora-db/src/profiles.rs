//! Profiles as stored: name and bio on the account, avatars beside it, and the city's
//! choice to show names abbreviated (a setting).

use agora_core::{Id, Micros};
use base64::Engine;

use crate::{Db, DbResult, Result, Row, get, sql};

/// The setting that makes pages show "Jane D." for "Jane Doe". The read models of ideas
/// and comments read it in the same query (`abbreviate_names`), so a screen still takes
/// one read.
const ABBREVIATE_NAMES: &str = "abbreviate_names";

/// What anyone sees of a person who takes part: their name as the city shows names,
/// their bio, and when their picture was set (if they have one).
#[derive(Debug, Clone, PartialEq)]
pub struct Public {
    pub id: Id,
    pub name: String,
    pub bio: String,
    pub avatar_version: Option<Micros>,
}

/// Only people whose name shows beside something they wrote have a public profile:
/// nobody lists the residents by trying ids (nor the people staff invited, who may
/// never take part).
pub async fn public(db: &Db, user_id: Id) -> Result<Option<Public>> {
    let row = sql::query(format!(
        "SELECT u.name, u.bio, a.updated_at AS avatar_version, {ABBREVIATE_NAMES_COLUMN}
         FROM users u LEFT JOIN avatars a ON a.user_id = u.id
         WHERE u.id = $1 AND NOT u.is_guest AND u.blocked_at IS NULL
             AND (EXISTS (SELECT 1 FROM ideas i WHERE i.author_id = u.id AND NOT i.hidden)
                  OR EXISTS (SELECT 1 FROM comments c WHERE c.author_id = u.id AND NOT c.deleted AND NOT c.hidden))"
    ))
    .bind(user_id)
    .fetch_optional(db)
    .await
    .db()?;
    row.map(|row| {
        Ok(Public {
            id: user_id,
            name: shown_name(&row, "name")?.unwrap_or_default(),
            bio: get(&row, "bio")?,
            avatar_version: get(&row, "avatar_version")?,
        })
    })
    .transpose()
}

/// The column that says whether names are shown abbreviated, for the read models that
/// show people's names to others.
pub(crate) const ABBREVIATE_NAMES_COLUMN: &str =
    "(SELECT value = 'true' FROM settings WHERE key = 'abbreviate_names') AS abbreviate_names";

/// A name read in `column`, as the city shows names (the row holds `abbreviate_names`).
pub(crate) fn shown_name(row: &Row, column: &str) -> Result<Option<String>> {
    let abbreviate = get::<Option<bool>>(row, "abbreviate_names")?.unwrap_or(false);
    Ok(get::<Option<String>>(row, column)?.map(|name| agora_core::profile::shown_name(&name, abbreviate)))
}

pub async fn update(db: &Db, user_id: Id, name: &str, bio: &str) -> Result<()> {
    sql::query("UPDATE users SET name = $1, bio = $2 WHERE id = $3 AND NOT is_guest")
        .bind(name)
        .bind(bio)
        .bind(user_id)
        .execute(db)
        .await
        .db()?;
    Ok(())
}

pub async fn set_avatar(db: &Db, user_id: Id, jpeg: &[u8], now: Micros) -> Result<()> {
    sql::query(
        "INSERT INTO avatars (user_id, image, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET image = excluded.image, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(base64::engine::general_purpose::STANDARD.encode(jpeg))
    .bind(now)
    .execute(db)
    .await
    .db()?;
    Ok(())
}

pub async fn remove_avatar(db: &Db, user_id: Id) -> Result<()> {
    sql::query("DELETE FROM avatars WHERE user_id = $1").bind(user_id).execute(db).await.db()?;
    Ok(())
}

/// The avatar's JPEG and when it was set (its version, for caching).
pub async fn avatar(db: &Db, user_id: Id) -> Result<Option<(Vec<u8>, Micros)>> {
    let row = sql::query("SELECT image, updated_at FROM avatars WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(db)
        .await
        .db()?;
    row.map(|row| {
        let image: String = get(&row, "image")?;
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(image)
            .map_err(|e| agora_core::Error::internal(format!("avatar {user_id}: {e}")))?;
        Ok((jpeg, get(&row, "updated_at")?))
    })
    .transpose()
}

/// When the person's avatar was set, if they have one.
pub async fn avatar_version(db: &Db, user_id: Id) -> Result<Option<Micros>> {
    sql::query_scalar("SELECT updated_at FROM avatars WHERE user_id = $1").bind(user_id).fetch_optional(db).await.db()
}

pub async fn abbreviate_names(db: &Db) -> Result<bool> {
    let value: Option<String> = sql::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(ABBREVIATE_NAMES)
        .fetch_optional(db)
        .await
        .db()?;
    Ok(value.as_deref() == Some("true"))
}

pub async fn set_abbreviate_names(db: &Db, on: bool) -> Result<()> {
    sql::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(ABBREVIATE_NAMES)
    .bind(if on { "true" } else { "false" })
    .execute(db)
    .await
    .db()?;
    Ok(())
}
