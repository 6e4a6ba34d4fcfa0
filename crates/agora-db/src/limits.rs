//! Rate limits kept in the database, so that they hold across app servers.

use agora_core::rate_limit::{Bucket, Limit, take};
use agora_core::{Code, Error, Micros};

use crate::{Backend, Db, DbResult, Result, get};

/// Takes one token from the bucket `key` (e.g. `sign_in:ip:1.2.3.4`), or refuses with
/// `rate_limited`.
pub async fn check(db: &Db, key: &str, limit: Limit, now: Micros) -> Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO rate_limit_buckets (key, tokens, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(key)
        .bind(limit.capacity)
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
    let select = match db.backend() {
        Backend::Sqlite => "SELECT tokens, updated_at FROM rate_limit_buckets WHERE key = $1",
        Backend::Postgres => "SELECT tokens, updated_at FROM rate_limit_buckets WHERE key = $1 FOR UPDATE",
    };
    let row = sqlx::query(select).bind(key).fetch_one(&mut *tx).await.db()?;
    let bucket = Bucket { tokens: get(&row, "tokens")?, updated_at: get(&row, "updated_at")? };
    let (allowed, bucket) = take(limit, Some(bucket), now);
    sqlx::query("UPDATE rate_limit_buckets SET tokens = $1, updated_at = $2 WHERE key = $3")
        .bind(bucket.tokens)
        .bind(bucket.updated_at)
        .bind(key)
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()?;
    if allowed { Ok(()) } else { Err(Error::new(Code::RateLimited)) }
}
