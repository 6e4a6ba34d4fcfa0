//! A repeated submission (a double click, a client retrying after a timeout) returns
//! the first result instead of storing a copy. A key is one person's, for one kind of
//! thing (the same key may name an idea and a comment). The form or the `Idempotency-Key`
//! header carries a key; it is claimed in the transaction that creates the idea or the
//! comment, so a concurrent duplicate either finds the first or waits for it on the
//! unique key and then finds it.

use agora_core::{Error, Id, Micros};

use crate::{Db, DbResult, Result, Tx, sql};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Idea,
    Comment,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Idea => "idea",
            Kind::Comment => "comment",
        }
    }
}

/// How long a key is remembered: long enough for any retry.
pub const KEPT_FOR: Micros = agora_core::MICROS_PER_DAY;

/// 1 to 100 visible ASCII characters (a UUID, a random token).
pub fn validate(key: &str) -> Result<()> {
    let fine = (1..=100).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
    if fine { Ok(()) } else { Err(Error::field("idempotency_key", "invalid")) }
}

/// What an earlier submission with this key created.
pub async fn earlier(tx: &mut Tx, user_id: Id, key: &str, kind: Kind) -> Result<Option<Id>> {
    sql::query_scalar("SELECT resource_id FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND kind = $3")
        .bind(user_id)
        .bind(key)
        .bind(kind.as_str())
        .fetch_optional(&mut *tx)
        .await
        .db()
}

/// Claims the key for what this transaction created; false when a concurrent
/// submission with the same key got there first (this one must then roll back).
pub async fn claim(tx: &mut Tx, user_id: Id, key: &str, kind: Kind, resource_id: Id, now: Micros) -> Result<bool> {
    let done = sql::query(
        "INSERT INTO idempotency_keys (user_id, key, kind, resource_id, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(key)
    .bind(kind.as_str())
    .bind(resource_id)
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    Ok(done.rows_affected() == 1)
}

/// The resource of a key claimed by a transaction that has committed.
pub async fn claimed(db: &Db, user_id: Id, key: &str, kind: Kind) -> Result<Id> {
    let mut tx = db.begin().await?;
    let id = earlier(&mut tx, user_id, key, kind).await?;
    tx.rollback().await.db()?;
    id.ok_or_else(|| Error::internal("idempotency key claimed but not found"))
}
