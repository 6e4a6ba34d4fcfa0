//! Periodic tasks. Each runs once per time slot across all app servers: the first
//! server to insert (task, slot) into `task_slots` runs it, the others skip.

use agora_core::trending::{self, Activity, INACTIVE_AFTER};
use agora_core::{Id, MICROS_PER_DAY, Micros};

use crate::catalog::REJECTED_STATUS;
use crate::{Db, DbResult, Result, get, sql};

/// Claims the slot; true for exactly one caller per (task, slot).
pub async fn claim_slot(db: &Db, task: &str, slot: i64, now: Micros) -> Result<bool> {
    let done = sql::query("INSERT INTO task_slots (task, slot, claimed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(task)
        .bind(slot)
        .bind(now)
        .execute(db)
        .await
        .db()?;
    Ok(done.rows_affected() == 1)
}

pub const REFRESH_TRENDING: &str = "refresh_trending";
/// Reminders of unsubmitted baskets, and the counts of votes that publish on their own.
pub const VOTING: &str = "voting";

/// Ideas re-ranked per statement.
const RERANK_BATCH: usize = 200;

/// Recomputes the trending rank of the ideas whose rank still changes with time (see
/// `agora_core::trending::still_decaying`). Returns how many were updated.
pub async fn refresh_trending(db: &Db, now: Micros, interval: Micros) -> Result<usize> {
    rerank_since(db, now - INACTIVE_AFTER - 2 * interval, now).await
}

/// Recomputes the rank of every idea active since `since`.
pub async fn rerank_since(db: &Db, since: Micros, now: Micros) -> Result<usize> {
    let rows = sql::query(
        "SELECT i.id, i.likes_count, i.dislikes_count, i.comments_count, i.last_activity_at, s.code
         FROM ideas i JOIN idea_statuses s ON s.id = i.status_id WHERE i.last_activity_at >= $1",
    )
    .bind(since)
    .fetch_all(db)
    .await
    .db()?;
    let ranks = rows
        .iter()
        .map(|row| {
            let activity = Activity {
                likes: get(row, "likes_count")?,
                dislikes: get(row, "dislikes_count")?,
                comments: get(row, "comments_count")?,
                last_activity_at: get(row, "last_activity_at")?,
                rejected: get::<String>(row, "code")? == REJECTED_STATUS,
            };
            Ok((get::<Id>(row, "id")?, trending::rank(&activity, now)))
        })
        .collect::<Result<Vec<_>>>()?;
    // Short transactions of one statement each, so reactions are not held up behind
    // one long refresh. Ideas with activity since the read are skipped: their rank is
    // already fresh.
    for batch in ranks.chunks(RERANK_BATCH) {
        let cases: String = (0..batch.len()).map(|i| format!(" WHEN ${} THEN ${}", 2 * i + 2, 2 * i + 3)).collect();
        let ids = (0..batch.len()).map(|i| format!("${}", 2 * i + 2)).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "UPDATE ideas SET trending_rank = CASE id{cases} END WHERE id IN ({ids}) AND last_activity_at < $1"
        );
        let mut query = sql::query(sql).bind(now);
        for (id, rank) in batch {
            query = query.bind(*id).bind(*rank);
        }
        let mut tx = db.begin().await?;
        query.execute(&mut tx).await.db()?;
        tx.commit().await.db()?;
    }
    Ok(ranks.len())
}

pub const PURGE: &str = "purge";
pub const DIGEST: &str = "digest";

/// Rate-limit buckets untouched this long are deleted: every built-in limit has refilled
/// them long before (a limit configured slower than its burst per day is forgiven then).
pub const BUCKET_MAX_AGE: Micros = MICROS_PER_DAY;

/// Slots of periodic tasks are kept this long, for the record.
const SLOTS_KEPT_FOR: Micros = 7 * MICROS_PER_DAY;

/// Sent mails stay listed for staff this long.
const SENT_MAILS_KEPT_FOR: Micros = 90 * MICROS_PER_DAY;

/// Deletes what only grows otherwise: expired sessions, API tokens and mailed links,
/// full rate-limit buckets, old idempotency keys, task slots and sent mails. Returns how many rows went.
pub async fn purge(db: &Db, now: Micros) -> Result<u64> {
    let mut deleted = 0;
    for (sql, before) in [
        ("DELETE FROM sessions WHERE expires_at <= $1", now),
        ("DELETE FROM api_tokens WHERE expires_at <= $1", now),
        ("DELETE FROM rate_limit_buckets WHERE updated_at < $1", now - BUCKET_MAX_AGE),
        ("DELETE FROM idempotency_keys WHERE created_at < $1", now - crate::idempotency::KEPT_FOR),
        ("DELETE FROM task_slots WHERE claimed_at < $1", now - SLOTS_KEPT_FOR),
        ("DELETE FROM account_tokens WHERE expires_at <= $1", now),
        ("DELETE FROM data_exports WHERE expires_at <= $1", now),
        ("DELETE FROM data_exports WHERE expires_at IS NULL AND created_at < $1", now - 7 * MICROS_PER_DAY),
        ("DELETE FROM mails WHERE sent_at < $1", now - SENT_MAILS_KEPT_FOR),
    ] {
        deleted += sql::query(sql).bind(before).execute(db).await.db()?.rows_affected();
    }
    Ok(deleted)
}
