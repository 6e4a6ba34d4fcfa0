//! Rate limits kept in the database, so that they hold across app servers.

use agora_core::rate_limit::{self, Bucket, Limit};
use agora_core::{Error, Micros};

use crate::{Backend, Db, DbResult, Result, Tx, get, sql};

/// Takes one token from the bucket `key` (e.g. `sign_up:ip:1.2.3.4`), or refuses with
/// `rate_limited` and the seconds to wait. For actions where every attempt counts.
pub async fn check(db: &Db, key: &str, limit: Limit, now: Micros) -> Result<()> {
    let mut tx = db.begin().await?;
    let bucket = lock_bucket(db, &mut tx, key, limit, now).await?;
    let (allowed, bucket) = rate_limit::take(limit, Some(bucket), now);
    store(&mut tx, key, bucket).await?;
    tx.commit().await.db()?;
    if allowed { Ok(()) } else { Err(Error::rate_limited(rate_limit::seconds_until_one(limit, bucket.tokens))) }
}

/// Gives back the token an attempt took from the bucket `key`, when only failures count
/// (a correct password).
pub async fn give_back(db: &Db, key: &str, limit: Limit, now: Micros) -> Result<()> {
    let mut tx = db.begin().await?;
    let bucket = lock_bucket(db, &mut tx, key, limit, now).await?;
    store(&mut tx, key, rate_limit::give_back(limit, bucket, now)).await?;
    tx.commit().await.db()
}

async fn lock_bucket(db: &Db, tx: &mut Tx, key: &str, limit: Limit, now: Micros) -> Result<Bucket> {
    sql::query("INSERT INTO rate_limit_buckets (key, tokens, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
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
    let row = sql::query(select).bind(key).fetch_one(&mut *tx).await.db()?;
    Ok(Bucket { tokens: get(&row, "tokens")?, updated_at: get(&row, "updated_at")? })
}

async fn store(tx: &mut Tx, key: &str, bucket: Bucket) -> Result<()> {
    sql::query("UPDATE rate_limit_buckets SET tokens = $1, updated_at = $2 WHERE key = $3")
        .bind(bucket.tokens)
        .bind(bucket.updated_at)
        .bind(key)
        .execute(&mut *tx)
        .await
        .db()?;
    Ok(())
}
