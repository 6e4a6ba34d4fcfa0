//! People: sign-up, sign-in, sessions for browsers, bearer tokens for API clients, and
//! the roles that make up an `Actor`.

use agora_core::permissions::Actor;
use agora_core::validate::{Problems, is_plausible_email};
use agora_core::{Code, Error, Id, MICROS_PER_DAY, Micros};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

use crate::{Db, DbResult, Result, flag, get, is_unique_violation};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub locale: Option<String>,
    pub created_at: Micros,
}

pub struct NewUser {
    pub email: String,
    pub password: String,
    pub name: String,
}

pub const SESSION_LIFETIME: Micros = 30 * MICROS_PER_DAY;
pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 200;
pub const MAX_NAME: usize = 80;

macro_rules! user_columns {
    () => {
        "id, email, name, is_admin, locale, created_at"
    };
}

fn user(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: get(row, "id")?,
        email: get(row, "email")?,
        name: get(row, "name")?,
        is_admin: flag(row, "is_admin")?,
        locale: get(row, "locale")?,
        created_at: get(row, "created_at")?,
    })
}

fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn validate(new: &NewUser) -> Result<()> {
    let mut problems = Problems::default();
    if new.email.trim().is_empty() {
        problems.add("email", "required", None);
    } else if !is_plausible_email(new.email.trim()) {
        problems.add("email", "invalid", None);
    }
    problems.text("name", &new.name, 1, MAX_NAME);
    let password_chars = new.password.chars().count();
    if password_chars == 0 {
        problems.add("password", "required", None);
    } else if password_chars < MIN_PASSWORD {
        problems.add("password", "too_short", Some(MIN_PASSWORD));
    } else if password_chars > MAX_PASSWORD {
        problems.add("password", "too_long", Some(MAX_PASSWORD));
    }
    problems.into_result()
}

/// Hashes with argon2id on a blocking thread: it is slow on purpose.
pub async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).map_err(|e| Error::internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::internal(e.to_string()))
    })
    .await
    .map_err(|e| Error::internal(e.to_string()))?
}

async fn verify_password(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

pub async fn sign_up(db: &Db, new: NewUser, now: Micros) -> Result<User> {
    validate(&new)?;
    let hash = hash_password(&new.password).await?;
    create_with_hash(db, &new.email, new.name.trim(), &hash, false, now).await
}

/// The first person on a fresh platform becomes its admin. Refused with `setup_done`
/// once anyone has an account, even when two people try at the same moment.
pub async fn create_first_admin(db: &Db, new: NewUser, now: Micros) -> Result<User> {
    validate(&new)?;
    let hash = hash_password(&new.password).await?;
    let row = sqlx::query(
        "INSERT INTO users (email, name, password_hash, is_admin, created_at)
         SELECT $1, $2, $3, TRUE, $4 WHERE NOT EXISTS (SELECT 1 FROM users)
         RETURNING id, email, name, is_admin, locale, created_at",
    )
    .bind(normalise_email(&new.email))
    .bind(new.name.trim())
    .bind(hash)
    .bind(now)
    .fetch_optional(db.pool())
    .await
    .db()?;
    user(&row.ok_or(Error::new(Code::SetupDone))?)
}

/// Inserts a user whose password is already hashed (sign-up, `agora admin create`, seeds).
pub async fn create_with_hash(
    db: &Db,
    email: &str,
    name: &str,
    hash: &str,
    is_admin: bool,
    now: Micros,
) -> Result<User> {
    let row = sqlx::query(
        "INSERT INTO users (email, name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, email, name, is_admin, locale, created_at",
    )
    .bind(normalise_email(email))
    .bind(name)
    .bind(hash)
    .bind(is_admin)
    .bind(now)
    .fetch_one(db.pool())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::field("email", "taken").with_code(Code::EmailTaken)
        } else {
            Error::internal(e.to_string())
        }
    })?;
    user(&row)
}

/// Checks an e-mail and password. Unknown e-mail and wrong password give the same
/// error, after the same amount of work.
pub async fn authenticate(db: &Db, email: &str, password: &str) -> Result<User> {
    let row = sqlx::query(concat!("SELECT ", user_columns!(), ", password_hash FROM users WHERE email = $1"))
        .bind(normalise_email(email))
        .fetch_optional(db.pool())
        .await
        .db()?;
    let Some(row) = row else {
        // The same cost as a real check, so timing does not reveal who has an account.
        let _ = verify_password(password, DUMMY_HASH).await;
        return Err(Error::new(Code::InvalidCredentials));
    };
    let hash: String = get(&row, "password_hash")?;
    if verify_password(password, &hash).await { user(&row) } else { Err(Error::new(Code::InvalidCredentials)) }
}

const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$6Gfmk8mZbxJ1iYyM4Jc1o2h6kQKxk6QyDwJ3OX5Y2mc";

pub async fn by_id(db: &Db, id: Id) -> Result<Option<User>> {
    let row = sqlx::query(concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await
        .db()?;
    row.as_ref().map(user).transpose()
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<User>> {
    let row = sqlx::query(concat!("SELECT ", user_columns!(), " FROM users WHERE email = $1"))
        .bind(normalise_email(email))
        .fetch_optional(db.pool())
        .await
        .db()?;
    row.as_ref().map(user).transpose()
}

pub async fn count(db: &Db) -> Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(db.pool()).await.db()
}

pub async fn set_locale(db: &Db, user_id: Id, locale: &str) -> Result<()> {
    if !agora_core::is_supported_locale(locale) {
        return Err(Error::field("locale", "unknown_locale"));
    }
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(locale)
        .bind(user_id)
        .execute(db.pool())
        .await
        .db()?;
    Ok(())
}

/// The roles of a user, as the permission rules need them.
pub async fn actor(db: &Db, user: &User) -> Result<Actor> {
    let moderated_projects = sqlx::query_scalar("SELECT project_id FROM project_moderators WHERE user_id = $1")
        .bind(user.id)
        .fetch_all(db.pool())
        .await
        .db()?;
    Ok(Actor { user_id: user.id, is_admin: user.is_admin, moderated_projects })
}

/// A random secret as 64 hex characters, and its SHA-256 as stored: a copy of the
/// database does not reveal working sessions or tokens.
fn new_secret() -> (String, String) {
    let secret: String = rand::random::<[u8; 32]>().iter().map(|b| format!("{b:02x}")).collect();
    let hash = hash_secret(&secret);
    (secret, hash)
}

fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts a browser session. Always a fresh id: signing in never reuses an old one.
pub async fn create_session(db: &Db, user_id: Id, now: Micros) -> Result<String> {
    let (token, hash) = new_secret();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash)
        .bind(user_id)
        .bind(now)
        .bind(now + SESSION_LIFETIME)
        .execute(db.pool())
        .await
        .db()?;
    Ok(token)
}

pub async fn session_user(db: &Db, token: &str, now: Micros) -> Result<Option<User>> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.name, u.is_admin, u.locale, u.created_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(hash_secret(token))
    .bind(now)
    .fetch_optional(db.pool())
    .await
    .db()?;
    row.as_ref().map(user).transpose()
}

pub async fn delete_session(db: &Db, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash_secret(token)).execute(db.pool()).await.db()?;
    Ok(())
}

/// A bearer token for API clients; only its hash is kept.
pub async fn create_api_token(db: &Db, user_id: Id, now: Micros) -> Result<String> {
    let (token, hash) = new_secret();
    sqlx::query("INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES ($1, $2, $3)")
        .bind(hash)
        .bind(user_id)
        .bind(now)
        .execute(db.pool())
        .await
        .db()?;
    Ok(token)
}

pub async fn token_user(db: &Db, token: &str) -> Result<Option<User>> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.name, u.is_admin, u.locale, u.created_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
    )
    .bind(hash_secret(token))
    .fetch_optional(db.pool())
    .await
    .db()?;
    row.as_ref().map(user).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_reports_every_field() {
        let new = NewUser { email: "nope".into(), password: "short".into(), name: " ".into() };
        let err =
            validate(&new).err().map(|e| e.fields.iter().map(|f| (f.field.clone(), f.problem)).collect::<Vec<_>>());
        assert_eq!(
            err,
            Some(vec![("email".into(), "invalid"), ("name".into(), "required"), ("password".into(), "too_short")])
        );
    }

    #[tokio::test]
    async fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse").await.unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash).await);
        assert!(!verify_password("wrong horse", &hash).await);
        assert!(!verify_password("anything", DUMMY_HASH).await);
    }
}
