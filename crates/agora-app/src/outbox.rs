//! Side effects, run after the transaction that caused them: the cause writes a job in
//! its own transaction (`enqueue`), and a worker on any app server runs it later, with
//! retries. A job whose work is in the database (notifications) closes in the same
//! transaction as that work, so it takes effect exactly once even if two workers ran
//! it (one whose lease ran out, one that took over).

use std::time::Duration;

use futures::StreamExt;

use agora_core::permissions::{Actor, admin};
use agora_core::results::Results;
use agora_core::{Error, Id, Micros};
use agora_db::notifications::{Event, Kind, notify, notify_followers};
use agora_db::outbox::{self, Claimed};
use agora_db::{Db, DbResult, Result, Tx, comments, ideas};
use serde::{Deserialize, Serialize};

use crate::mail::{Mailer, Site};

/// How long a worker holds a job before another may take it over.
pub const LEASE: Micros = 60 * 1_000_000;
/// Attempts before a job is given up (and kept, with its error, for staff): with the
/// delays of `retry_at`, about six hours of trying.
pub const MAX_ATTEMPTS: i64 = 15;
const BATCH: i64 = 32;
/// The kind of the jobs that send one stored mail each.
const SEND_MAIL: &str = "send_mail";
/// How many mails one worker sends at once (lettre's pool keeps up to 10 connections).
const MAILS_AT_ONCE: usize = 8;
/// How often a worker looks for jobs that other app servers enqueued or that are due
/// for a retry; its own server's jobs wake it at once.
const POLL: Duration = Duration::from_secs(1);

/// What is left to do after a transaction, and the facts needed to do it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Tell the idea's author, the author of the comment replied to, and the followers.
    CommentPosted { idea_id: Id, comment_id: Id, replied_to: Option<Id>, actor_id: Id, at: Micros },
    /// Tell the idea's followers its new status.
    StatusChanged { idea_id: Id, status_id: Id, actor_id: Id, at: Micros },
    /// Tell the idea's followers the city answered it.
    OfficialFeedback { idea_id: Id, actor_id: Id, at: Micros },
    /// Count a voting phase under its rule, publish the results, tell the voters and
    /// the options' followers.
    CountVotes { phase_id: Id, at: Micros },
    /// Work out what each rule would fund, for staff choosing one.
    CompareRules { phase_id: Id, at: Micros },
    /// Send a stored mail (`mail::queue`).
    SendMail { mail_id: Id },
    /// Gather a person's data into a zip and mail them the link.
    ExportData { export_id: Id },
}

/// What a job computed before its transaction: a count takes too long to hold one open.
enum Prepared {
    Nothing,
    Count(Results),
    Comparison(String),
    /// The mail went (false: it had gone already).
    Mailed(bool),
    /// A person's data, zipped (none: the account went meanwhile).
    Export(Option<Vec<u8>>),
}

impl Job {
    /// Every kind of job, as stored (the back office names each in every language).
    pub const KINDS: &[&str] = &[
        "comment_posted",
        "status_changed",
        "official_feedback",
        "count_votes",
        "compare_rules",
        SEND_MAIL,
        "export_data",
    ];

    fn kind(&self) -> &'static str {
        match self {
            Job::CommentPosted { .. } => "comment_posted",
            Job::StatusChanged { .. } => "status_changed",
            Job::OfficialFeedback { .. } => "official_feedback",
            Job::CountVotes { .. } => "count_votes",
            Job::CompareRules { .. } => "compare_rules",
            Job::SendMail { .. } => SEND_MAIL,
            Job::ExportData { .. } => "export_data",
        }
    }

    /// The work done outside the transaction, before it.
    async fn prepare(&self, db: &Db, mailer: &Mailer, claimed: &mut Claimed) -> Result<Prepared> {
        match *self {
            Job::CountVotes { phase_id, at } => {
                Ok(Prepared::Count(crate::voting::count(db, phase_id, claimed, at).await?))
            }
            Job::CompareRules { phase_id, at } => {
                Ok(Prepared::Comparison(crate::voting::compute_comparison(db, phase_id, claimed, at).await?))
            }
            Job::SendMail { mail_id } => Ok(Prepared::Mailed(crate::mail::send(db, mailer, mail_id).await?)),
            Job::ExportData { export_id } => Ok(Prepared::Export(crate::exports::build(db, export_id).await?)),
            _ => Ok(Prepared::Nothing),
        }
    }

    /// Does the job's work inside `tx`.
    async fn run(&self, tx: &mut Tx, prepared: Prepared, site: &Site) -> Result<()> {
        match *self {
            Job::CommentPosted { idea_id, comment_id, replied_to, actor_id, at } => {
                // Nothing to tell about an idea deleted meanwhile.
                let Some(idea_author) = ideas::author_of(&mut *tx, idea_id).await? else { return Ok(()) };
                let event =
                    |kind| Event { kind, idea_id, comment_id: Some(comment_id), status_id: None, actor_id, now: at };
                // Each person hears once, in the most specific words: a reply, then a
                // comment on their idea, then a comment on an idea they follow.
                let replied_to = match replied_to {
                    Some(parent) => comments::author_of(&mut *tx, parent).await?.filter(|a| *a != actor_id),
                    None => None,
                };
                if let Some(recipient) = replied_to {
                    notify(tx, recipient, &event(Kind::CommentReply)).await?;
                }
                let idea_author = idea_author.filter(|a| *a != actor_id && Some(*a) != replied_to);
                if let Some(recipient) = idea_author {
                    notify(tx, recipient, &event(Kind::CommentOnYourIdea)).await?;
                }
                let told: Vec<Id> = replied_to.into_iter().chain(idea_author).collect();
                notify_followers(tx, &event(Kind::CommentOnFollowedIdea), &told).await
            }
            Job::StatusChanged { idea_id, status_id, actor_id, at } => {
                let event = Event {
                    kind: Kind::StatusChanged,
                    idea_id,
                    comment_id: None,
                    status_id: Some(status_id),
                    actor_id,
                    now: at,
                };
                tell_followers(tx, &event).await
            }
            Job::OfficialFeedback { idea_id, actor_id, at } => {
                let event = Event {
                    kind: Kind::OfficialFeedback,
                    idea_id,
                    comment_id: None,
                    status_id: None,
                    actor_id,
                    now: at,
                };
                tell_followers(tx, &event).await
            }
            Job::CountVotes { phase_id, .. } => {
                let Prepared::Count(results) = prepared else { return Err(Error::internal("a count without results")) };
                let json = serde_json::to_string(&results).map_err(|e| Error::internal(e.to_string()))?;
                agora_db::voting::publish(tx, phase_id, &json, results.computed_at).await?;
                agora_db::notifications::notify_vote_results(tx, phase_id, results.computed_at).await
            }
            Job::CompareRules { phase_id, .. } => {
                let Prepared::Comparison(json) = prepared else {
                    return Err(Error::internal("a comparison without one"));
                };
                agora_db::voting::set_comparison(tx, phase_id, &json).await
            }
            Job::SendMail { mail_id } => match prepared {
                Prepared::Mailed(true) => crate::mail::sent(tx, mail_id, agora_db::now()).await,
                _ => Ok(()),
            },
            Job::ExportData { export_id } => match prepared {
                Prepared::Export(Some(zip)) => {
                    crate::exports::deliver(tx, site, export_id, &zip, agora_db::now()).await
                }
                _ => Ok(()),
            },
        }
    }
}

async fn tell_followers(tx: &mut Tx, event: &Event) -> Result<()> {
    if ideas::author_of(&mut *tx, event.idea_id).await?.is_none() {
        return Ok(());
    }
    notify_followers(tx, event, &[]).await
}

/// What staff see of the outbox: the jobs that failed (given up or still trying).
pub use agora_db::outbox::{troubled, waiting};

/// Staff give a failing or given-up job a fresh start (after fixing its cause).
pub async fn retry(db: &Db, actor: Option<&Actor>, id: Id, now: Micros) -> Result<()> {
    admin(actor)?;
    if outbox::retry_now(db, id, now).await? {
        db.wake_outbox();
        Ok(())
    } else {
        Err(Error::not_found())
    }
}

/// Leaves `job` to the workers; it exists only if `tx` commits.
pub async fn enqueue(tx: &mut Tx, job: &Job, now: Micros) -> Result<Id> {
    let payload = serde_json::to_string(job).map_err(|e| Error::internal(e.to_string()))?;
    outbox::enqueue(tx, job.kind(), &payload, now).await
}

/// When a job that failed `attempts` times runs again: after 10 s, then twice as long
/// each time, at most an hour; `None` once it has had `MAX_ATTEMPTS`.
pub fn retry_at(attempts: i64, now: Micros) -> Option<Micros> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let delay = (10 * 1_000_000_i64).saturating_mul(1 << (attempts - 1).clamp(0, 20)).min(3_600 * 1_000_000);
    Some(now + delay)
}

/// Runs the jobs due at `now`, a batch at a time, until none is left; returns how many
/// were taken (including the ones that failed).
pub async fn run_due(db: &Db, mailer: &Mailer, now: Micros) -> Result<usize> {
    let mut taken = 0;
    loop {
        let jobs = outbox::claim(db, now, LEASE, BATCH).await?;
        if jobs.is_empty() {
            // What the jobs (and the periodic tasks) told people, mailed to whoever
            // wants it: the mails are jobs of their own, for the next round.
            if crate::mail_settings::sweep(db, mailer, now).await? == 0 {
                return Ok(taken);
            }
            continue;
        }
        taken += jobs.len();
        // Mails go several at a time: each SMTP conversation spends most of its time
        // waiting on the server (and on TCP's delayed acknowledgements), and each mail
        // is a job of its own, independent of the others. Other jobs keep their order.
        let (mails, others): (Vec<_>, Vec<_>) = jobs.iter().partition(|job| job.kind == SEND_MAIL);
        for job in others {
            run_claimed(db, mailer, job, now).await?;
        }
        // Every mail of the batch runs to its end, even when one fails: one dropped half
        // way could have reached the server without being marked sent.
        let sends = mails.into_iter().cloned().map(|job| async move { run_claimed(db, mailer, &job, now).await });
        let outcomes: Vec<Result<()>> = futures::stream::iter(sends).buffer_unordered(MAILS_AT_ONCE).collect().await;
        outcomes.into_iter().collect::<Result<()>>()?;
    }
}

/// Runs one claimed job: its work and its closing commit together; a failure is
/// recorded on the job, which runs again later.
pub async fn run_claimed(db: &Db, mailer: &Mailer, claimed: &Claimed, now: Micros) -> Result<()> {
    // Each job of a batch gets a full lease when its turn comes (a slow mail server must
    // not let another worker send the same mail), and one another worker took over
    // meanwhile is left to it.
    let mut claimed = claimed.clone();
    if !outbox::extend(db, &mut claimed, agora_db::now().max(now) + LEASE).await? {
        return Ok(());
    }
    let claimed = &claimed;
    let outcome = match serde_json::from_str::<Job>(&claimed.payload) {
        // A job this version does not know (a newer app server wrote it): another
        // server may run it, so it is retried rather than dropped.
        Err(e) => Err(Error::internal(format!("unreadable {} job: {e}", claimed.kind))),
        Ok(job) => run_in_transaction(db, mailer, &job, &mut claimed.clone()).await,
    };
    if let Err(e) = outcome {
        let error = e.detail.clone().unwrap_or_else(|| format!("{:?}", e.code));
        tracing::warn!(job = claimed.id, kind = %claimed.kind, attempts = claimed.attempts, %error, "job failed");
        outbox::failed(db, claimed, &error, retry_at(claimed.attempts, now), now).await?;
    }
    Ok(())
}

async fn run_in_transaction(db: &Db, mailer: &Mailer, job: &Job, claimed: &mut Claimed) -> Result<()> {
    let prepared = job.prepare(db, mailer, claimed).await?;
    let mut tx = db.begin().await?;
    job.run(&mut tx, prepared, mailer.site()).await?;
    if outbox::finish(&mut tx, claimed).await? {
        tx.commit().await.db()
    } else {
        // Another worker took the job over: its run counts, this one does not.
        tx.rollback().await.db()
    }
}

/// This app server's outbox worker: runs due jobs, then waits for this server's next
/// job or the next poll.
pub async fn work(db: Db, mailer: Mailer) {
    loop {
        match run_due(&db, &mailer, agora_db::now()).await {
            Ok(_) => {}
            Err(e) => tracing::error!(error = ?e, "outbox worker"),
        }
        tokio::select! {
            () = db.outbox_woken() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_stop() {
        let s = 1_000_000;
        assert_eq!(retry_at(1, 0), Some(10 * s));
        assert_eq!(retry_at(2, 0), Some(20 * s));
        assert_eq!(retry_at(5, 0), Some(160 * s));
        assert_eq!(retry_at(9, 0), Some(2_560 * s));
        assert_eq!(retry_at(10, 0), Some(3_600 * s), "at most an hour");
        assert_eq!(retry_at(MAX_ATTEMPTS - 1, 0), Some(3_600 * s));
        assert_eq!(retry_at(MAX_ATTEMPTS, 0), None);
    }

    #[test]
    fn jobs_are_stored_as_tagged_json() {
        let job = Job::OfficialFeedback { idea_id: 3, actor_id: 1, at: 7 };
        let stored = serde_json::to_string(&job).unwrap_or_default();
        assert_eq!(stored, r#"{"kind":"official_feedback","idea_id":3,"actor_id":1,"at":7}"#);
        assert_eq!(serde_json::from_str::<Job>(&stored).ok(), Some(job.clone()));
        assert!(stored.contains(job.kind()));
    }

    #[test]
    fn every_kind_is_listed() {
        let jobs = [
            Job::CommentPosted { idea_id: 1, comment_id: 2, replied_to: None, actor_id: 3, at: 4 },
            Job::StatusChanged { idea_id: 1, status_id: 2, actor_id: 3, at: 4 },
            Job::OfficialFeedback { idea_id: 1, actor_id: 3, at: 4 },
            Job::CountVotes { phase_id: 1, at: 4 },
            Job::CompareRules { phase_id: 1, at: 4 },
            Job::SendMail { mail_id: 1 },
            Job::ExportData { export_id: 1 },
        ];
        let kinds: Vec<&str> = jobs.iter().map(Job::kind).collect();
        assert_eq!(kinds, Job::KINDS);
    }
}
