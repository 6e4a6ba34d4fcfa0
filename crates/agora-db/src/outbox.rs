//! The outbox: side effects written as rows in the transaction that causes them, and
//! taken by workers with a lease. What a job does is the use-case layer's business;
//! this module only stores, hands out and closes jobs.

use agora_core::{Id, Micros};

use crate::{Backend, Db, DbResult, Result, Tx, get, sql};

/// A job handed to one worker until `lease` (its `locked_until`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub id: Id,
    pub kind: String,
    pub payload: String,
    /// Including this one.
    pub attempts: i64,
    pub lease: Micros,
}

/// Adds a job, to run as soon as a worker is free: it exists only if `tx` commits.
pub async fn enqueue(tx: &mut Tx, kind: &str, payload: &str, now: Micros) -> Result<Id> {
    let row = sql::query("INSERT INTO outbox (kind, payload, created_at, run_at) VALUES ($1, $2, $3, $3) RETURNING id")
        .bind(kind)
        .bind(payload)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .db()?;
    tx.wake_outbox();
    get(&row, "id")
}

/// Takes up to `limit` due jobs, oldest first, for `lease_for`: jobs nobody holds and
/// jobs whose holder's lease ran out (that worker stopped or hangs). On PostgreSQL,
/// workers of several app servers skip each other's rows instead of waiting.
pub async fn claim(db: &Db, now: Micros, lease_for: Micros, limit: i64) -> Result<Vec<Claimed>> {
    let skip_locked = match db.backend() {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
    };
    let lease = now + lease_for;
    let sql = format!(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox WHERE failed_at IS NULL AND run_at <= $2
             AND (locked_until IS NULL OR locked_until <= $2) ORDER BY run_at, id LIMIT $3{skip_locked})
         RETURNING id, kind, payload, attempts"
    );
    let rows = sql::query(sql).bind(lease).bind(now).bind(limit).fetch_all(db).await.db()?;
    let mut jobs = rows
        .iter()
        .map(|row| {
            Ok(Claimed {
                id: get(row, "id")?,
                kind: get(row, "kind")?,
                payload: get(row, "payload")?,
                attempts: get(row, "attempts")?,
                lease,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    jobs.sort_by_key(|job| job.id);
    Ok(jobs)
}

/// Keeps a long job this worker's until `until`; false when it no longer is (its lease
/// ran out and another worker took it over).
pub async fn extend(db: &Db, job: &mut Claimed, until: Micros) -> Result<bool> {
    let done = sql::query("UPDATE outbox SET locked_until = $1 WHERE id = $2 AND locked_until = $3")
        .bind(until)
        .bind(job.id)
        .bind(job.lease)
        .execute(db)
        .await
        .db()?;
    if done.rows_affected() == 1 {
        job.lease = until;
    }
    Ok(done.rows_affected() == 1)
}

/// Closes a job in the transaction that did its work, so the work and the closing
/// commit together. False when the job is no longer this worker's (its lease ran out
/// and another worker took it): the caller must then roll its work back.
pub async fn finish(tx: &mut Tx, job: &Claimed) -> Result<bool> {
    let done = sql::query("DELETE FROM outbox WHERE id = $1 AND locked_until = $2")
        .bind(job.id)
        .bind(job.lease)
        .execute(&mut *tx)
        .await
        .db()?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed attempt: the job runs again at `retry_at`, or, when `None`, is given
/// up and kept with its error for staff to see.
pub async fn failed(db: &Db, job: &Claimed, error: &str, retry_at: Option<Micros>, now: Micros) -> Result<()> {
    sql::query(
        "UPDATE outbox SET locked_until = NULL, last_error = $1, run_at = COALESCE($2, run_at),
            failed_at = CASE WHEN $2 IS NULL THEN $3 END
         WHERE id = $4 AND locked_until = $5",
    )
    .bind(error)
    .bind(retry_at)
    .bind(now)
    .bind(job.id)
    .bind(job.lease)
    .execute(db)
    .await
    .db()?;
    Ok(())
}

/// A job as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: Id,
    pub kind: String,
    pub attempts: i64,
    pub run_at: Micros,
    pub last_error: Option<String>,
    pub failed_at: Option<Micros>,
}

/// Jobs still to run (`failed_at` empty) or given up, oldest first.
pub async fn jobs(db: &Db, limit: i64) -> Result<Vec<Job>> {
    let rows = sql::query("SELECT id, kind, attempts, run_at, last_error, failed_at FROM outbox ORDER BY id LIMIT $1")
        .bind(limit)
        .fetch_all(db)
        .await
        .db()?;
    rows.iter().map(job).collect()
}

fn job(row: &crate::Row) -> Result<Job> {
    Ok(Job {
        id: get(row, "id")?,
        kind: get(row, "kind")?,
        attempts: get(row, "attempts")?,
        run_at: get(row, "run_at")?,
        last_error: get(row, "last_error")?,
        failed_at: get(row, "failed_at")?,
    })
}

/// How many jobs wait to run (failing ones included, given-up ones not).
pub async fn waiting(db: &Db) -> Result<i64> {
    sql::query_scalar("SELECT COUNT(*) FROM outbox WHERE failed_at IS NULL").fetch_one(db).await.db()
}

/// Jobs that failed at least once, given-up ones first, then the newest.
pub async fn troubled(db: &Db, limit: i64) -> Result<Vec<Job>> {
    let rows = sql::query(
        "SELECT id, kind, attempts, run_at, last_error, failed_at FROM outbox WHERE last_error IS NOT NULL
         ORDER BY CASE WHEN failed_at IS NULL THEN 1 ELSE 0 END, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await
    .db()?;
    rows.iter().map(job).collect()
}

/// Gives a job a fresh start now, as if new; false when there is no such job.
pub async fn retry_now(db: &Db, id: Id, now: Micros) -> Result<bool> {
    let done =
        sql::query("UPDATE outbox SET attempts = 0, run_at = $1, failed_at = NULL, locked_until = NULL WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(db)
            .await
            .db()?;
    Ok(done.rows_affected() == 1)
}
