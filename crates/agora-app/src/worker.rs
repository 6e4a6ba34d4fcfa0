//! What an app server (or `agora worker`) runs beside the requests: the outbox, and the
//! periodic tasks. Each periodic task runs once per time slot across all app servers:
//! the first to claim the slot runs it, the others skip.

use agora_core::{MICROS_PER_HOUR, Micros};
use agora_db::Db;
use agora_db::tasks::{DIGEST, PURGE, REFRESH_TRENDING, VOTING, claim_slot, purge, refresh_trending};

use crate::digests::Schedule;
use crate::mail::Mailer;

/// What the periodic tasks need besides the database and the mailer.
pub struct Settings {
    /// How often the trending ranks are refreshed.
    pub trending_interval: Micros,
    pub digest: Schedule,
    /// Where uploaded files are, to sweep those no response took.
    pub uploads: std::path::PathBuf,
}

/// Runs the outbox worker and the periodic tasks until the process ends.
pub async fn run(db: Db, mailer: Mailer, settings: Settings) {
    tokio::join!(crate::outbox::work(db.clone(), mailer.clone()), periodic(db, mailer, settings));
}

/// Every `interval`, whoever claims the slot first refreshes the trending ranks, and
/// whoever claims the voting slot reminds voters and counts ended votes; every hour,
/// whoever claims it purges what expired and sweeps untaken uploads; each week, whoever
/// claims it sends the digests.
async fn periodic(db: Db, mailer: Mailer, settings: Settings) {
    let Settings { trending_interval: interval, digest, uploads } = settings;
    let period = std::time::Duration::from_micros(interval.max(1_000_000) as u64);
    let mut ticker = tokio::time::interval(period);
    loop {
        ticker.tick().await;
        let now = agora_db::now();
        let slot = now / interval;
        match claim_slot(&db, REFRESH_TRENDING, slot, now).await {
            Ok(true) => match refresh_trending(&db, now, interval).await {
                Ok(n) => tracing::info!(ideas = n, "refreshed trending ranks"),
                Err(e) => tracing::error!(error = ?e, "trending refresh failed"),
            },
            Ok(false) => tracing::debug!(slot, "trending refresh done by another server"),
            Err(e) => tracing::error!(error = ?e, "cannot claim trending refresh slot"),
        }
        match claim_slot(&db, VOTING, slot, now).await {
            Ok(true) => {
                if let Err(e) = crate::voting::periodic(&db, now).await {
                    tracing::error!(error = ?e, "voting reminders and counts failed");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::error!(error = ?e, "cannot claim voting slot"),
        }
        if let Some(week) = digest.due(now) {
            match claim_slot(&db, DIGEST, week, now).await {
                Ok(true) => match crate::digests::send(&db, &mailer, now).await {
                    Ok(n) => tracing::info!(mails = n, "weekly digests queued"),
                    Err(e) => tracing::error!(error = ?e, "digests failed"),
                },
                Ok(false) => {}
                Err(e) => tracing::error!(error = ?e, "cannot claim digest slot"),
            }
        }
        match claim_slot(&db, PURGE, now / MICROS_PER_HOUR, now).await {
            Ok(true) => {
                match purge(&db, now).await {
                    Ok(n) => tracing::info!(rows = n, "purged expired rows"),
                    Err(e) => tracing::error!(error = ?e, "purge failed"),
                }
                match crate::uploads::sweep(&db, &uploads, now).await {
                    Ok(n) => tracing::info!(files = n, "swept uploads no response took"),
                    Err(e) => tracing::error!(error = ?e, "upload sweep failed"),
                }
            }
            Ok(false) => {}
            Err(e) => tracing::error!(error = ?e, "cannot claim purge slot"),
        }
    }
}
