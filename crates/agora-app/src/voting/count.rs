//! Counting a vote: the results by the phase's rule, published by the worker; the
//! ballots file and log that let anyone count again; the rules side by side for staff;
//! reminders and automatic counts.

use agora_core::ballot_log::Export;
use agora_core::permissions::{Actor, moderator};
use agora_core::phase::MethodConfig;
use agora_core::results::{self, OptionInput, Results, RuleOutcome, Tally};
use agora_core::voting::Votes;
use agora_core::{Code, Error, Id, MICROS_PER_DAY, Micros};
use agora_db::outbox::Claimed;
use agora_db::projects;
use agora_db::{Db, DbResult, Result, notifications, outbox, voting};
use serde::{Deserialize, Serialize};

use super::{VotingOption, voting_phase};
use crate::outbox::Job;

/// How far a running count is: Add1's outcome so far against the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub funded: usize,
    pub spent: i64,
    pub budget: i64,
}

/// A phase's results as the results page and the API show them.
#[derive(Debug, Clone, PartialEq)]
pub enum PhaseResults {
    /// A count is running (staff see how far).
    Computing(Option<Progress>),
    Published(Results, Vec<VotingOption>),
}

/// Staff start the count of a phase that has ended; the worker computes and publishes
/// the results, and tells the voters and the options' followers. Counting again (after
/// paper votes changed) replaces them.
pub async fn publish_results(db: &Db, actor: Option<&Actor>, phase_id: Id, now: Micros) -> Result<()> {
    let (context, _) = voting_phase(db, actor, phase_id).await?;
    moderator(actor, context.project_id)?;
    let ended = context.phase.as_ref().and_then(|p| p.window.end_at).is_some_and(|end| end <= now);
    if !ended {
        return Err(Error::new(Code::VotingStillOpen));
    }
    start_count(db, phase_id, now).await
}

async fn start_count(db: &Db, phase_id: Id, now: Micros) -> Result<()> {
    let mut tx = db.begin().await?;
    if voting::start_count(&mut tx, phase_id).await? {
        crate::outbox::enqueue(&mut tx, &Job::CountVotes { phase_id, at: now }, now).await?;
    }
    tx.commit().await.db()
}

/// The results of a phase, for anyone once published; while a count runs, how far it is.
pub async fn results(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<PhaseResults> {
    voting_phase(db, actor, phase_id).await?;
    let state = voting::results_state(db, phase_id).await?;
    match (state.status.as_deref(), state.results) {
        (Some("computing"), _) => {
            Ok(PhaseResults::Computing(state.progress.and_then(|p| serde_json::from_str(&p).ok())))
        }
        (Some("published"), Some(json)) => {
            let results = serde_json::from_str(&json).map_err(|e| Error::internal(format!("stored results: {e}")))?;
            Ok(PhaseResults::Published(results, voting::options(db, phase_id).await?))
        }
        _ => Err(Error::new(Code::ResultsNotPublished)),
    }
}

/// The phase's ballots as a Pabulib file, once its results are published: anyone can
/// count them again with `agora pb winners`.
pub async fn ballots_file(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<String> {
    let (_, settings) = voting_phase(db, actor, phase_id).await?;
    if voting::results_state(db, phase_id).await?.status.as_deref() != Some("published") {
        return Err(Error::new(Code::ResultsNotPublished));
    }
    let (options, ballots, voters, _) = voting::tally_inputs(db, phase_id).await?;
    let options = count_options(&options);
    let tally = Tally { phase_id, voting: &settings, options: &options, ballots: &ballots, offline_voters: voters };
    Ok(tally.pabulib())
}

/// The phase's ballot log, once its results are published, ending at the head they
/// published: anyone re-checks it with `agora pb verify`. It names ballots by code only.
pub async fn ballot_log(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<Export> {
    let results = match results(db, actor, phase_id).await? {
        PhaseResults::Published(results, _) => results,
        PhaseResults::Computing(_) => return Err(Error::new(Code::ResultsNotPublished)),
    };
    Ok(Export { phase_id, head: results.log_head, entries: voting::log(db, phase_id).await? })
}

fn count_options(options: &[VotingOption]) -> Vec<OptionInput> {
    options
        .iter()
        .map(|o| OptionInput {
            idea_id: o.idea_id,
            name: o.title.text(agora_core::DEFAULT_LOCALE).to_owned(),
            cost: o.cost,
            offline_votes: o.offline_votes,
        })
        .collect()
}

/// The rules side by side, as staff see them while choosing one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Comparison {
    Computing,
    Done { rules: Vec<RuleOutcome>, ballots: usize, at: Micros },
}

/// Staff ask what each rule would fund on the ballots so far (or imported); a job
/// computes it, since Add1 on a large city takes minutes.
pub async fn compare_rules(db: &Db, actor: Option<&Actor>, phase_id: Id, now: Micros) -> Result<()> {
    let (context, _) = voting_phase(db, actor, phase_id).await?;
    moderator(actor, context.project_id)?;
    let computing = serde_json::to_string(&Comparison::Computing).map_err(|e| Error::internal(e.to_string()))?;
    let mut tx = db.begin().await?;
    voting::set_comparison(&mut tx, phase_id, &computing).await?;
    crate::outbox::enqueue(&mut tx, &Job::CompareRules { phase_id, at: now }, now).await?;
    tx.commit().await.db()
}

/// The comparison of the rules, for staff; `None` before any was asked for.
pub async fn comparison(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<Option<Comparison>> {
    let (context, _) = voting_phase(db, actor, phase_id).await?;
    moderator(actor, context.project_id)?;
    let stored = voting::comparison(db, phase_id).await?;
    stored
        .map(|json| serde_json::from_str(&json).map_err(|e| Error::internal(format!("stored comparison: {e}"))))
        .transpose()
}

/// Computes the comparison for the outbox job, in a blocking thread, keeping the job's
/// lease meanwhile.
pub(crate) async fn compute_comparison(db: &Db, phase_id: Id, job: &mut Claimed, at: Micros) -> Result<String> {
    let context = projects::phase_context(db, phase_id).await?;
    let settings = context.phase.as_ref().and_then(|p| p.config.voting()).cloned().ok_or_else(Error::not_found)?;
    let (options, ballots, voters, _) = voting::tally_inputs(db, phase_id).await?;
    let options = count_options(&options);
    let comparing = tokio::task::spawn_blocking(move || {
        let tally = Tally { phase_id, voting: &settings, options: &options, ballots: &ballots, offline_voters: voters };
        Comparison::Done { rules: results::compare(&tally, &mut |_| {}), ballots: ballots.len(), at }
    });
    tokio::pin!(comparing);
    let mut ticks = tokio::time::interval(std::time::Duration::from_secs(10));
    let comparison = loop {
        tokio::select! {
            done = &mut comparing => break done.map_err(|e| Error::internal(format!("the comparison stopped: {e}")))?,
            _ = ticks.tick() => keep_lease(db, job).await?,
        }
    };
    serde_json::to_string(&comparison).map_err(|e| Error::internal(e.to_string()))
}

/// Keeps a long job this worker's for another lease; fails when another worker took it.
async fn keep_lease(db: &Db, job: &mut Claimed) -> Result<()> {
    if outbox::extend(db, job, agora_db::now() + crate::outbox::LEASE).await? {
        Ok(())
    } else {
        Err(Error::internal("another worker took the job over"))
    }
}

/// Counts a phase for the outbox job: in a blocking thread (Add1 on a large city takes
/// minutes), storing how far it is every second for staff and keeping the job's lease
/// meanwhile.
pub(crate) async fn count(db: &Db, phase_id: Id, job: &mut Claimed, now: Micros) -> Result<Results> {
    let context = projects::phase_context(db, phase_id).await?;
    let settings = context.phase.as_ref().and_then(|p| p.config.voting()).cloned().ok_or_else(Error::not_found)?;
    let (options, ballots, voters, head) = voting::tally_inputs(db, phase_id).await?;
    let options = count_options(&options);
    let (report, mut progress) = tokio::sync::watch::channel(None::<Progress>);
    let counting = tokio::task::spawn_blocking(move || {
        let tally = Tally { phase_id, voting: &settings, options: &options, ballots: &ballots, offline_voters: voters };
        let budget = settings.budget.unwrap_or(0);
        let mut last = std::time::Instant::now();
        results::count(&tally, &head, now, &mut |step| {
            if last.elapsed() >= std::time::Duration::from_secs(1) {
                last = std::time::Instant::now();
                let spent = step.cost.to_integer().try_into().unwrap_or(i64::MAX);
                let _ = report.send(Some(Progress { funded: step.funded, spent, budget }));
            }
        })
    });
    tokio::pin!(counting);
    loop {
        tokio::select! {
            done = &mut counting => return done.map_err(|e| Error::internal(format!("the count stopped: {e}"))),
            changed = progress.changed() => {
                let Ok(()) = changed else { continue };
                let Some(step) = *progress.borrow_and_update() else { continue };
                let json = serde_json::to_string(&step).map_err(|e| Error::internal(e.to_string()))?;
                voting::set_progress(db, phase_id, &json).await?;
                keep_lease(db, job).await?;
            }
        }
    }
}

/// Three days before a vote ends, people whose basket was never submitted are reminded
/// (once); ended votes set to publish on their own are counted.
pub async fn periodic(db: &Db, now: Micros) -> Result<()> {
    let mut tx = db.begin().await?;
    for (user_id, phase_id) in voting::take_baskets_to_remind(&mut tx, now, 3 * MICROS_PER_DAY).await? {
        notifications::remind_of_basket(&mut tx, user_id, phase_id, now).await?;
    }
    tx.commit().await.db()?;
    for (phase_id, config) in voting::ended_uncounted(db, now).await? {
        let automatic = MethodConfig::from_stored("voting", &config)
            .and_then(|c| c.voting().map(|v| v.publish_automatically))
            .unwrap_or(false);
        if automatic {
            start_count(db, phase_id, now).await?;
        }
    }
    Ok(())
}

/// The counted ballot with this receipt code, once the results are published.
pub async fn ballot_by_code(db: &Db, actor: Option<&Actor>, phase_id: Id, code: &str) -> Result<Option<Votes>> {
    voting_phase(db, actor, phase_id).await?;
    if voting::results_state(db, phase_id).await?.status.as_deref() != Some("published") {
        return Err(Error::new(Code::ResultsNotPublished));
    }
    voting::ballot_by_code(db, phase_id, code).await
}
