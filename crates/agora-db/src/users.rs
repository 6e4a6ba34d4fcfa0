//! People: sign-up, sign-in, sessions for browsers, bearer tokens for API clients, and
//! the roles that make up an `Actor`.

use agora_core::permissions::Actor;
use agora_core::validate::{Problems, is_common_password, is_plausible_email};
use agora_core::{Code, Error, Id, MICROS_PER_DAY, Micros};
use argon2::password_hash::{self, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use sha2::{Digest, Sha256};

use crate::{Db, DbResult, Result, Row, get, is_unique_violation, sql};

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

fn user(row: &Row) -> Result<User> {
    Ok(User {
        id: get(row, "id")?,
        email: get(row, "email")?,
        name: get(row, "name")?,
        is_admin: get(row, "is_admin")?,
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
    } else if is_common_password(&new.password) {
        problems.add("password", "too_common", None);
    }
    problems.into_result()
}

type HashingJob = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// Runs one argon2 computation on one of a few threads kept for it, one per core, each
/// with its own working memory (about 19 MiB), allocated once and reused. On the
/// runtime's blocking threads each computation allocated afresh: forty sign-ins at once
/// took the server to gigabytes, and the memory stayed with the allocator. Here a burst
/// waits in line, and the memory is a few buffers, whatever the burst.
async fn on_hashing_thread<T: Send + 'static>(work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static) -> Result<T> {
    type Queue = std::sync::Mutex<std::sync::mpsc::Sender<HashingJob>>;
    static QUEUE: std::sync::OnceLock<Queue> = std::sync::OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<HashingJob>();
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        for i in 0..std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                let mut memory = Vec::new();
                // Ends when the sender is gone (the process is ending). A job that panics
                // is that request's failure (its caller sees a closed channel), not the
                // end of this thread.
                while let Some(job) = receiver.lock().ok().and_then(|r| r.recv().ok()) {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut memory)));
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        std::sync::Mutex::new(sender)
    });
    let (done, result) = tokio::sync::oneshot::channel();
    let job: HashingJob = Box::new(move |memory| {
        // The client went away while this waited in line: skip the work.
        if !done.is_closed() {
            let _ = done.send(work(memory));
        }
    });
    queue.lock().map_err(|e| Error::internal(e.to_string()))?.send(job).map_err(|e| Error::internal(e.to_string()))?;
    result.await.map_err(|e| Error::internal(e.to_string()))
}

/// argon2 with the caller's working memory, grown if these parameters need more.
fn argon2_output(
    memory: &mut Vec<Block>,
    argon: (Algorithm, Version, Params),
    password: &[u8],
    salt: Salt<'_>,
    output_len: usize,
) -> password_hash::Result<Output> {
    let (algorithm, version, params) = argon;
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let argon = Argon2::new(algorithm, version, params);
    Output::init_with(output_len, |out| {
        Ok(argon.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])?)
    })
}

/// Hashes with argon2id (its recommended parameters): it is slow on purpose.
pub async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_owned();
    on_hashing_thread(move |memory| {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())?;
        let params = Params::default();
        let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let argon = (Algorithm::Argon2id, Version::V0x13, params.clone());
        let hash = argon2_output(memory, argon, password.as_bytes(), salt.as_salt(), output_len)?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt.as_salt()),
            hash: Some(hash),
        };
        Ok::<_, password_hash::Error>(phc.to_string())
    })
    .await?
    .map_err(|e| Error::internal(e.to_string()))
}

/// Whether `password` gives the stored `hash` (compared in constant time).
async fn verify_password(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    on_hashing_thread(move |memory| {
        let mut verify = || {
            let parsed = PasswordHash::new(&hash)?;
            let expected = parsed.hash.ok_or(password_hash::Error::Password)?;
            let algorithm = Algorithm::try_from(parsed.algorithm)?;
            let version = parsed.version.map(Version::try_from).transpose()?.unwrap_or_default();
            let params = Params::try_from(&parsed)?;
            let salt =
                parsed.salt.ok_or(password_hash::Error::SaltInvalid(password_hash::errors::InvalidValue::Malformed))?;
            let output =
                argon2_output(memory, (algorithm, version, params), password.as_bytes(), salt, expected.len())?;
            Ok::<_, password_hash::Error>(output == expected)
        };
        verify().unwrap_or(false)
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
/// once anyone has an account, and exactly one of two set-ups at the same moment wins:
/// each claims the `setup_done` setting in its transaction, and the key is unique.
pub async fn create_first_admin(db: &Db, new: NewUser, now: Micros) -> Result<User> {
    validate(&new)?;
    let hash = hash_password(&new.password).await?;
    let mut tx = db.begin().await?;
    let claimed = sql::query("INSERT INTO settings (key, value) VALUES ('setup_done', $1) ON CONFLICT DO NOTHING")
        .bind(now.to_string())
        .execute(&mut tx)
        .await
        .db()?
        .rows_affected();
    let users: i64 = sql::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&mut tx).await.db()?;
    if claimed == 0 || users > 0 {
        return Err(Error::new(Code::SetupDone));
    }
    let row = sql::query(concat!(
        "INSERT INTO users (email, name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, TRUE, $4) RETURNING ",
        user_columns!()
    ))
    .bind(normalise_email(&new.email))
    .bind(new.name.trim())
    .bind(hash)
    .bind(now)
    .fetch_one(&mut tx)
    .await
    .db()?;
    tx.commit().await.db()?;
    user(&row)
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
    let row = sql::query(
        "INSERT INTO users (email, name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, email, name, is_admin, locale, created_at",
    )
    .bind(normalise_email(email))
    .bind(name)
    .bind(hash)
    .bind(is_admin)
    .bind(now)
    .fetch_one(db)
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
    let row = sql::query(concat!("SELECT ", user_columns!(), ", password_hash FROM users WHERE email = $1"))
        .bind(normalise_email(email))
        .fetch_optional(db)
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
    let row = sql::query(concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
        .db()?;
    row.as_ref().map(user).transpose()
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<User>> {
    let row = sql::query(concat!("SELECT ", user_columns!(), " FROM users WHERE email = $1"))
        .bind(normalise_email(email))
        .fetch_optional(db)
        .await
        .db()?;
    row.as_ref().map(user).transpose()
}

/// People whose name or e-mail contains `query` (case-insensitive), oldest accounts
/// first: staff pick a person to give a role to from these.
pub async fn search(db: &Db, query: &str, limit: i64) -> Result<Vec<User>> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(Vec::new());
    }
    // Both sides lower-cased by the database, which on SQLite folds ASCII only: the same
    // matches on both backends.
    let pattern = format!("%{}%", query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let rows = sql::query(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users WHERE lower(name) LIKE lower($1) ESCAPE '\\' OR lower(email) LIKE lower($1) ESCAPE '\\'
          ORDER BY id LIMIT $2"
    ))
    .bind(pattern)
    .bind(limit)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(user).collect()
}

pub async fn count(db: &Db) -> Result<i64> {
    sql::query_scalar("SELECT COUNT(*) FROM users").fetch_one(db).await.db()
}

pub async fn set_locale(db: &Db, user_id: Id, locale: &str) -> Result<()> {
    if !agora_core::is_supported_locale(locale) {
        return Err(Error::field("locale", "unknown_locale"));
    }
    sql::query("UPDATE users SET locale = $1 WHERE id = $2").bind(locale).bind(user_id).execute(db).await.db()?;
    Ok(())
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
    sql::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash)
        .bind(user_id)
        .bind(now)
        .bind(now + SESSION_LIFETIME)
        .execute(db)
        .await
        .db()?;
    Ok(token)
}

/// How a request says who sends it: a browser's session cookie or an API client's
/// bearer token.
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    Session(&'a str),
    ApiToken(&'a str),
}

/// The person behind an unexpired session or token, with their roles, in one query
/// (a row per project they moderate).
pub async fn signed_in(db: &Db, credential: Credential<'_>, now: Micros) -> Result<Option<(User, Actor)>> {
    let (sql, token) = match credential {
        Credential::Session(token) => (
            "SELECT u.id, u.email, u.name, u.is_admin, u.locale, u.created_at, m.project_id AS moderated
             FROM sessions c JOIN users u ON u.id = c.user_id LEFT JOIN project_moderators m ON m.user_id = u.id
             WHERE c.token_hash = $1 AND c.expires_at > $2 ORDER BY m.project_id",
            token,
        ),
        Credential::ApiToken(token) => (
            "SELECT u.id, u.email, u.name, u.is_admin, u.locale, u.created_at, m.project_id AS moderated
             FROM api_tokens c JOIN users u ON u.id = c.user_id LEFT JOIN project_moderators m ON m.user_id = u.id
             WHERE c.token_hash = $1 AND c.expires_at > $2 ORDER BY m.project_id",
            token,
        ),
    };
    let rows = sql::query(sql).bind(hash_secret(token)).bind(now).fetch_all(db).await.db()?;
    let Some(first) = rows.first() else { return Ok(None) };
    let person = user(first)?;
    let moderated_projects = rows
        .iter()
        .map(|row| get::<Option<Id>>(row, "moderated"))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let actor = Actor { user_id: person.id, is_admin: person.is_admin, moderated_projects };
    Ok(Some((person, actor)))
}

pub async fn delete_session(db: &Db, token: &str) -> Result<()> {
    sql::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash_secret(token)).execute(db).await.db()?;
    Ok(())
}

/// A bearer token for API clients; only its hash is kept. It expires after
/// `TOKEN_LIFETIME`, or sooner when revoked.
pub async fn create_api_token(db: &Db, user_id: Id, now: Micros) -> Result<String> {
    let (token, hash) = new_secret();
    sql::query("INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash)
        .bind(user_id)
        .bind(now)
        .bind(now + TOKEN_LIFETIME)
        .execute(db)
        .await
        .db()?;
    Ok(token)
}

pub const TOKEN_LIFETIME: Micros = 90 * MICROS_PER_DAY;

/// One of a person's API tokens, as they see it in their list (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: Id,
    pub created_at: Micros,
    pub expires_at: Micros,
    /// Whether this is the token the request was made with.
    pub current: bool,
}

/// A person's API tokens still valid, newest first.
pub async fn api_tokens(db: &Db, user_id: Id, current: Option<&str>, now: Micros) -> Result<Vec<ApiToken>> {
    let current = current.map(hash_secret).unwrap_or_default();
    let rows = sql::query(
        "SELECT id, token_hash, created_at, expires_at FROM api_tokens
         WHERE user_id = $1 AND expires_at > $2 ORDER BY id DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter()
        .map(|row| {
            Ok(ApiToken {
                id: get(row, "id")?,
                created_at: get(row, "created_at")?,
                expires_at: get(row, "expires_at")?,
                current: get::<String>(row, "token_hash")? == current,
            })
        })
        .collect()
}

/// Revokes the token the request was made with.
pub async fn revoke_api_token(db: &Db, token: &str) -> Result<()> {
    sql::query("DELETE FROM api_tokens WHERE token_hash = $1").bind(hash_secret(token)).execute(db).await.db()?;
    Ok(())
}

/// Revokes one of a person's tokens by its id; `not_found` if it is not theirs.
pub async fn revoke_api_token_by_id(db: &Db, user_id: Id, token_id: Id) -> Result<()> {
    let done = sql::query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2")
        .bind(token_id)
        .bind(user_id)
        .execute(db)
        .await
        .db()?;
    if done.rows_affected() == 0 { Err(Error::not_found()) } else { Ok(()) }
}

/// Signs a person out everywhere: every browser session and every API token.
pub async fn sign_out_everywhere(db: &Db, user_id: Id) -> Result<()> {
    let mut tx = db.begin().await?;
    sql::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut tx).await.db()?;
    sql::query("DELETE FROM api_tokens WHERE user_id = $1").bind(user_id).execute(&mut tx).await.db()?;
    tx.commit().await.db()
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
