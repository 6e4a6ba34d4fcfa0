//! Sign-in with an OpenID provider as stored: the sign-ins under way (keyed by the
//! SHA-256 of their state, used once) and the provider identities linked to accounts.

use agora_core::{Id, Micros};

use crate::users::hash_secret;
use crate::{Db, DbResult, Result, Tx, get, sql};

/// What the callback needs of the sign-in it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub pkce_verifier: String,
    pub nonce: String,
    /// Where to go once signed in (a path of this site).
    pub next_path: String,
}

/// Keeps a sign-in under way until `expires_at`; those that expired go at the same time,
/// so abandoned sign-ins do not pile up.
pub async fn begin(db: &Db, state: &str, pending: &Pending, now: Micros, expires_at: Micros) -> Result<()> {
    let mut tx = db.begin().await?;
    sql::query("DELETE FROM oidc_sign_ins WHERE expires_at <= $1").bind(now).execute(&mut tx).await.db()?;
    sql::query(
        "INSERT INTO oidc_sign_ins (state_hash, pkce_verifier, nonce, next_path, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_secret(state))
    .bind(&pending.pkce_verifier)
    .bind(&pending.nonce)
    .bind(&pending.next_path)
    .bind(expires_at)
    .execute(&mut tx)
    .await
    .db()?;
    tx.commit().await.db()
}

/// Ends the sign-in of this state: what it kept, once; `None` if unknown, used or expired.
pub async fn take(db: &Db, state: &str, now: Micros) -> Result<Option<Pending>> {
    let row = sql::query(
        "DELETE FROM oidc_sign_ins WHERE state_hash = $1 AND expires_at > $2
         RETURNING pkce_verifier, nonce, next_path",
    )
    .bind(hash_secret(state))
    .bind(now)
    .fetch_optional(db)
    .await
    .db()?;
    row.map(|row| {
        Ok(Pending {
            pkce_verifier: get(&row, "pkce_verifier")?,
            nonce: get(&row, "nonce")?,
            next_path: get(&row, "next_path")?,
        })
    })
    .transpose()
}

/// The account a provider's subject is linked to.
pub async fn account_of(db: &Db, issuer: &str, subject: &str) -> Result<Option<Id>> {
    sql::query_scalar("SELECT user_id FROM oidc_identities WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .fetch_optional(db)
        .await
        .db()
}

/// Links a provider's subject to an account; false if the subject was linked meanwhile
/// (two sign-ins at once): the caller reads the link again.
pub async fn link(tx: &mut Tx, issuer: &str, subject: &str, user_id: Id, now: Micros) -> Result<bool> {
    let inserted = sql::query(
        "INSERT INTO oidc_identities (issuer, subject, user_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(issuer)
    .bind(subject)
    .bind(user_id)
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    Ok(inserted.rows_affected() == 1)
}
