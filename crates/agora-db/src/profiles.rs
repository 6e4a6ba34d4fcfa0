//! Profiles as stored: name and bio on the account, avatars beside it, and the city's
//! choice to show names abbreviated (a setting).

use agora_core::{Id, Micros};
use base64::Engine;

use crate::{Db, DbResult, Result, get, sql};

/// The setting that makes pages show "Jane D." for "Jane Doe". The read models of ideas
/// and comments read it in the same query (`abbreviate_names`), so a screen still takes
/// one read.
const ABBREVIATE_NAMES: &str = "abbreviate_names";

/// What anyone sees of a person: their name as the city shows names, their bio, and
/// when their picture was set (if they have one).
#[derive(Debug, Clone, PartialEq)]
pub struct Public {
    pub id: Id,
    pub name: String,
    pub bio: String,
    pub avatar_version: Option<Micros>,
}

pub async fn public(db: &Db, user_id: Id) -> Result<Option<Public>> {
    let row = sql::query(
        "SELECT u.name, u.bio, a.updated_at AS avatar_version,
             (SELECT value = 'true' FROM settings WHERE key = 'abbreviate_names') AS abbreviate_names
         FROM users u LEFT JOIN avatars a ON a.user_id = u.id
         WHERE u.id = $1 AND NOT u.is_guest",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
    .db()?;
    row.map(|row| {
        let abbreviate = get::<Option<bool>>(&row, "abbreviate_names")?.unwrap_or(false);
        Ok(Public {
            id: user_id,
            name: agora_core::profile::shown_name(&get::<String>(&row, "name")?, abbreviate),
            bio: get(&row, "bio")?,
            avatar_version: get(&row, "avatar_version")?,
        })
    })
    .transpose()
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
