//! People as stored: accounts, sessions for browsers, bearer tokens for API clients, and
//! the roles that make up an `Actor` (read with the session in one query).

use agora_core::permissions::Actor;
use agora_core::{Code, Error, Id, MICROS_PER_DAY, Micros};
use sha2::{Digest, Sha256};

use crate::{Db, DbResult, Result, Row, Tx, get, is_unique_violation, sql};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub locale: Option<String>,
    pub created_at: Micros,
    /// When they confirmed their address by the link mailed to them (accounts made by
    /// an administrator, and those made before Agora sent mail, count as confirmed).
    pub email_confirmed_at: Option<Micros>,
    /// Since when staff have blocked them (they cannot sign in).
    pub blocked_at: Option<Micros>,
    /// A few words about themselves, shown on their profile.
    pub bio: String,
}

pub const SESSION_LIFETIME: Micros = 30 * MICROS_PER_DAY;

macro_rules! user_columns {
    () => {
        "id, email, name, is_admin, locale, created_at, email_confirmed_at, blocked_at, bio"
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
        email_confirmed_at: get(row, "email_confirmed_at")?,
        blocked_at: get(row, "blocked_at")?,
        bio: get(row, "bio")?,
    })
}

/// The unique address is someone else's: `email_taken`, next to the field.
fn email_taken(e: crate::SqlError) -> Error {
    if is_unique_violation(&e) {
        Error::field("email", "taken").with_code(Code::EmailTaken)
    } else {
        Error::internal(e.to_string())
    }
}

fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The first person on a fresh platform becomes its admin: refused with `setup_done`
/// once anyone has an account, and exactly one of two set-ups at the same moment wins,
/// since each claims the `setup_done` setting in its transaction and the key is unique.
pub async fn insert_first_admin(db: &Db, email: &str, name: &str, hash: &str, now: Micros) -> Result<User> {
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
        "INSERT INTO users (email, name, password_hash, is_admin, created_at, email_confirmed_at)
         VALUES ($1, $2, $3, TRUE, $4, $4) RETURNING ",
        user_columns!()
    ))
    .bind(normalise_email(email))
    .bind(name)
    .bind(hash)
    .bind(now)
    .fetch_one(&mut tx)
    .await
    .db()?;
    tx.commit().await.db()?;
    user(&row)
}

/// An account to make, its password already hashed.
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
    /// Made by an administrator (or the command line): the address counts as confirmed.
    /// Someone signing up confirms it by the link mailed to them.
    pub confirmed: bool,
    /// The language they chose (the one they signed up in).
    pub locale: Option<&'a str>,
    /// The version of the terms of use they accepted, now.
    pub terms_version: Option<i64>,
}

/// Makes an account in `tx`; `email_taken` if the address has one.
pub async fn insert_account(tx: &mut Tx, new: &NewAccount<'_>, now: Micros) -> Result<User> {
    let row = sql::query(concat!(
        "INSERT INTO users (email, name, password_hash, is_admin, created_at, email_confirmed_at, locale,
             terms_version, terms_accepted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ",
        user_columns!()
    ))
    .bind(normalise_email(new.email))
    .bind(new.name)
    .bind(new.password_hash)
    .bind(new.is_admin)
    .bind(now)
    .bind(new.confirmed.then_some(now))
    .bind(new.locale.filter(|l| agora_core::is_supported_locale(l)))
    .bind(new.terms_version)
    .bind(new.terms_version.map(|_| now))
    .fetch_one(&mut *tx)
    .await
    .map_err(email_taken)?;
    user(&row)
}

/// Makes an account whose address counts as confirmed (`agora admin create`, seeds,
/// tests), its password already hashed.
pub async fn create_with_hash(
    db: &Db,
    email: &str,
    name: &str,
    hash: &str,
    is_admin: bool,
    now: Micros,
) -> Result<User> {
    let mut tx = db.begin().await?;
    let new =
        NewAccount { email, name, password_hash: hash, is_admin, confirmed: true, locale: None, terms_version: None };
    let user = insert_account(&mut tx, &new, now).await?;
    tx.commit().await.db()?;
    Ok(user)
}

/// A person and their password hash, found by e-mail (as typed: it is normalised here).
pub async fn with_password_hash(db: &Db, email: &str) -> Result<Option<(User, String)>> {
    let row =
        sql::query(concat!("SELECT ", user_columns!(), ", password_hash FROM users WHERE email = $1 AND NOT is_guest"))
            .bind(normalise_email(email))
            .fetch_optional(db)
            .await
            .db()?;
    row.map(|row| Ok((user(&row)?, get(&row, "password_hash")?))).transpose()
}

/// A person, read on the database or inside a transaction.
pub async fn by_id<'a>(on: impl Into<sql::On<'a>>, id: Id) -> Result<Option<User>> {
    let row = sql::query(concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1 AND NOT is_guest"))
        .bind(id)
        .fetch_optional(on)
        .await
        .db()?;
    row.as_ref().map(user).transpose()
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<User>> {
    let row = sql::query(concat!("SELECT ", user_columns!(), " FROM users WHERE email = $1 AND NOT is_guest"))
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
        " FROM users WHERE NOT is_guest AND (lower(name) LIKE lower($1) ESCAPE '\\' OR lower(email) LIKE lower($1) ESCAPE '\\')
          ORDER BY id LIMIT $2"
    ))
    .bind(pattern)
    .bind(limit)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(user).collect()
}

pub async fn set_locale(db: &Db, user_id: Id, locale: &str) -> Result<()> {
    if !agora_core::is_supported_locale(locale) {
        return Err(Error::field("locale", "unknown_locale"));
    }
    sql::query("UPDATE users SET locale = $1 WHERE id = $2").bind(locale).bind(user_id).execute(db).await.db()?;
    Ok(())
}

/// People with an account (guests left out): whether the platform is still to be set up.
pub async fn count(db: &Db) -> Result<i64> {
    sql::query_scalar("SELECT COUNT(*) FROM users WHERE NOT is_guest").fetch_one(db).await.db()
}

/// A random secret as 64 hex characters, and its SHA-256 as stored: a copy of the
/// database does not reveal working sessions or tokens.
pub(crate) fn new_secret() -> (String, String) {
    let secret: String = rand::random::<[u8; 32]>().iter().map(|b| format!("{b:02x}")).collect();
    let hash = hash_secret(&secret);
    (secret, hash)
}

pub(crate) fn hash_secret(secret: &str) -> String {
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

/// The session a visitor's browser will keep if they become a guest with what they are
/// doing: made before the action, stored only if the action is taken.
#[derive(Debug, Clone)]
pub struct GuestPass {
    token: String,
    hash: String,
}

impl GuestPass {
    pub fn new() -> GuestPass {
        let (token, hash) = new_secret();
        GuestPass { token, hash }
    }

    /// The secret for the browser's session cookie.
    pub fn token(&self) -> &str {
        &self.token
    }
}

impl Default for GuestPass {
    fn default() -> Self {
        GuestPass::new()
    }
}

/// Makes a visitor a guest, in the transaction of their first action: a row of `users`
/// without e-mail or password, and the session their browser keeps.
pub async fn insert_guest(tx: &mut Tx, pass: &GuestPass, name: &str, now: Micros) -> Result<Id> {
    let id: Id = sql::query_scalar("INSERT INTO users (name, is_guest, created_at) VALUES ($1, TRUE, $2) RETURNING id")
        .bind(name)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .db()?;
    sql::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(&pass.hash)
        .bind(id)
        .bind(now)
        .bind(now + SESSION_LIFETIME)
        .execute(&mut *tx)
        .await
        .db()?;
    Ok(id)
}

/// A guest gives (or changes) the name their posts are signed with.
pub async fn name_guest(tx: &mut Tx, guest_id: Id, name: &str) -> Result<()> {
    sql::query("UPDATE users SET name = $1 WHERE id = $2 AND is_guest")
        .bind(name)
        .bind(guest_id)
        .execute(tx)
        .await
        .db()?;
    Ok(())
}

/// A guest as their browser's session finds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guest {
    pub id: Id,
    /// Empty until they post or comment.
    pub name: String,
}

/// Who a session or token belongs to.
#[derive(Debug, Clone)]
pub enum SignedIn {
    /// Someone with an account, with their roles and groups.
    Person(User, Actor),
    Guest(Guest),
}

/// How a request says who sends it: a browser's session cookie or an API client's
/// bearer token.
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    Session(&'a str),
    ApiToken(&'a str),
}

/// The person behind an unexpired session or token, with their roles and groups, in one
/// query (a row per project they moderate and group they belong to: few for anyone), or
/// the guest behind a session.
pub async fn signed_in(db: &Db, credential: Credential<'_>, now: Micros) -> Result<Option<SignedIn>> {
    let (sql, token) = match credential {
        Credential::Session(token) => (
            "SELECT u.id, u.email, u.name, u.is_admin, u.locale, u.created_at, u.email_confirmed_at, u.blocked_at, u.bio, u.is_guest, m.project_id AS moderated,
             g.group_id FROM sessions c JOIN users u ON u.id = c.user_id LEFT JOIN project_moderators m ON m.user_id = u.id
             LEFT JOIN group_members g ON g.user_id = u.id
             WHERE c.token_hash = $1 AND c.expires_at > $2 AND u.blocked_at IS NULL",
            token,
        ),
        Credential::ApiToken(token) => (
            "SELECT u.id, u.email, u.name, u.is_admin, u.locale, u.created_at, u.email_confirmed_at, u.blocked_at, u.bio, u.is_guest, m.project_id AS moderated,
             g.group_id FROM api_tokens c JOIN users u ON u.id = c.user_id LEFT JOIN project_moderators m ON m.user_id = u.id
             LEFT JOIN group_members g ON g.user_id = u.id
             WHERE c.token_hash = $1 AND c.expires_at > $2 AND u.blocked_at IS NULL",
            token,
        ),
    };
    let rows = sql::query(sql).bind(hash_secret(token)).bind(now).fetch_all(db).await.db()?;
    let Some(first) = rows.first() else { return Ok(None) };
    if get::<bool>(first, "is_guest")? {
        return Ok(Some(SignedIn::Guest(Guest { id: get(first, "id")?, name: get(first, "name")? })));
    }
    let person = user(first)?;
    let ids = |column: &str| -> Result<Vec<Id>> {
        let mut ids = rows.iter().map(|row| get::<Option<Id>>(row, column)).collect::<Result<Vec<_>>>()?;
        ids.sort_unstable();
        ids.dedup();
        Ok(ids.into_iter().flatten().collect())
    };
    let actor = Actor {
        moderated_projects: ids("moderated")?,
        groups: ids("group_id")?,
        is_admin: person.is_admin,
        email_confirmed: person.email_confirmed_at.is_some(),
        ..Actor::resident(person.id)
    };
    Ok(Some(SignedIn::Person(person, actor)))
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

/// The person confirmed `email` by the link mailed to it; false if it is no longer
/// their address (they changed it since).
pub async fn confirm_email(tx: &mut Tx, user_id: Id, email: &str, now: Micros) -> Result<bool> {
    let done = sql::query(
        "UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, $1) WHERE id = $2 AND email = $3",
    )
    .bind(now)
    .bind(user_id)
    .bind(normalise_email(email))
    .execute(&mut *tx)
    .await
    .db()?;
    Ok(done.rows_affected() == 1)
}

/// The person confirmed their new address by the link mailed to it: it is now theirs,
/// and confirmed. `email_taken` if another account took it meanwhile.
pub async fn change_email(tx: &mut Tx, user_id: Id, email: &str, now: Micros) -> Result<()> {
    // Links mailed to the old address (a password reset, say) stop working with it.
    sql::query("UPDATE account_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .db()?;
    sql::query("UPDATE users SET email = $1, email_confirmed_at = $2 WHERE id = $3 AND NOT is_guest")
        .bind(normalise_email(email))
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(email_taken)?;
    Ok(())
}

/// A new password; every session and API token of the person ends, but `keep_session`
/// (the browser that changed it, when it was the person signed in).
pub async fn set_password(tx: &mut Tx, user_id: Id, hash: &str, keep_session: Option<&str>) -> Result<()> {
    sql::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND NOT is_guest")
        .bind(hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .db()?;
    end_other_sessions(tx, user_id, keep_session).await
}

/// Ends every session and API token of the person but `keep_session` (the one in use:
/// a session cookie, or a bearer token; each table keeps what has its hash).
pub async fn end_other_sessions(tx: &mut Tx, user_id: Id, keep_session: Option<&str>) -> Result<()> {
    let kept = keep_session.map(hash_secret).unwrap_or_default();
    sql::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(&kept)
        .execute(&mut *tx)
        .await
        .db()?;
    sql::query("DELETE FROM api_tokens WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(kept)
        .execute(&mut *tx)
        .await
        .db()?;
    Ok(())
}

/// Blocks a person (`Some(now)`), ending every session and API token of theirs, or
/// unblocks them (`None`). False if there is no such account.
pub async fn set_blocked(tx: &mut Tx, user_id: Id, blocked_at: Option<Micros>) -> Result<bool> {
    let done = sql::query("UPDATE users SET blocked_at = $1 WHERE id = $2 AND NOT is_guest")
        .bind(blocked_at)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .db()?;
    if blocked_at.is_some() {
        end_other_sessions(tx, user_id, None).await?;
    }
    Ok(done.rows_affected() == 1)
}

/// Every account (guests left out), oldest first.
pub async fn all_accounts(db: &Db) -> Result<Vec<User>> {
    let rows = sql::query(concat!("SELECT ", user_columns!(), " FROM users WHERE NOT is_guest ORDER BY id"))
        .fetch_all(db)
        .await
        .db()?;
    rows.iter().map(user).collect()
}
