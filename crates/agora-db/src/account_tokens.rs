//! Secrets mailed as links (confirm an address, reset a password, confirm a new
//! address): only their SHA-256 is kept, and each works once, until it expires.

use agora_core::{Id, Micros};

use crate::users::{hash_secret, new_secret};
use crate::{Db, DbResult, Result, Tx, get, sql};

/// What a token is for; stored as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ConfirmEmail,
    ResetPassword,
    ChangeEmail,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ConfirmEmail => "confirm_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeEmail => "change_email",
        }
    }
}

/// What a valid token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub user_id: Id,
    /// The address it confirms (for a reset: the account's address when it was asked).
    pub email: String,
}

/// Makes a token for `user_id`, valid until `expires_at`; returns the secret to mail.
/// Earlier unused tokens of the same purpose stop working: only the newest link does.
pub async fn issue(
    tx: &mut Tx,
    user_id: Id,
    purpose: Purpose,
    email: &str,
    now: Micros,
    expires_at: Micros,
) -> Result<String> {
    sql::query("UPDATE account_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .bind(purpose.as_str())
        .execute(&mut *tx)
        .await
        .db()?;
    let (secret, hash) = new_secret();
    sql::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(email)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await
    .db()?;
    Ok(secret)
}

/// What the token stands for, if it is unused and unexpired (without using it: the
/// page a link opens shows whether it still works).
pub async fn check(db: &Db, secret: &str, purpose: Purpose, now: Micros) -> Result<Option<Valid>> {
    let row = sql::query(
        "SELECT user_id, email FROM account_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(hash_secret(secret))
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(db)
    .await
    .db()?;
    row.map(|row| Ok(Valid { user_id: get(&row, "user_id")?, email: get(&row, "email")? })).transpose()
}

/// Uses the token: what it stands for, once; `None` if it is unknown, used or expired.
pub async fn redeem(tx: &mut Tx, secret: &str, purpose: Purpose, now: Micros) -> Result<Option<Valid>> {
    let row = sql::query(
        "UPDATE account_tokens SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id, email",
    )
    .bind(now)
    .bind(hash_secret(secret))
    .bind(purpose.as_str())
    .fetch_optional(&mut *tx)
    .await
    .db()?;
    row.map(|row| Ok(Valid { user_id: get(&row, "user_id")?, email: get(&row, "email")? })).transpose()
}
