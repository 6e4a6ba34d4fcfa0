//! Voting phases: staff choose the options and their costs and enter paper votes;
//! residents fill in a basket and submit it as their ballot, which they may change or
//! withdraw while the phase runs. Each submission, change and withdrawal is chained into
//! the phase's ballot log in the transaction that makes it.

use std::collections::BTreeMap;

use agora_core::ballot_log::{self, Event, Export};
use agora_core::listing::random_key;
use agora_core::participation::{self, Action};
use agora_core::permissions::{Actor, can_see_project, moderator, signed_in};
use agora_core::phase::MethodConfig;
use agora_core::results::{self, OptionInput, Results, RuleOutcome, Tally};
use agora_core::trending::{self, Activity};
use agora_core::voting::{Votes, Voting, VotingMethod, check_draft, check_submission};
use agora_core::{Code, Error, Id, MICROS_PER_DAY, Micros};
use agora_db::catalog::DEFAULT_STATUS;
use agora_db::ideas::NewIdea;
use agora_db::outbox::Claimed;
use agora_db::projects::{self, ParticipationContext};
use agora_db::{Db, DbResult, Result, ideas, notifications, outbox, voting};
use serde::{Deserialize, Serialize};

use crate::ideas::IdeaInput;
use crate::outbox::Job;
use rand::Rng;

/// What the pages and the API read about voting phases, as stored.
pub use agora_db::voting::{Basket, VotingOption};

/// A voting phase this person may see, with its settings.
async fn voting_phase(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<(ParticipationContext, Voting)> {
    let context = projects::phase_context(db, phase_id).await?;
    let voting = context.phase.as_ref().and_then(|p| p.config.voting()).cloned();
    match voting {
        Some(voting) if can_see_project(actor, context.project_id, context.project_status) => Ok((context, voting)),
        _ => Err(Error::not_found()),
    }
}

/// The options of a voting phase, for anyone who may see its project.
pub async fn options(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<Vec<VotingOption>> {
    voting_phase(db, actor, phase_id).await?;
    voting::options(db, phase_id).await
}

/// Staff make an idea of the project an option of the phase, or set its cost: the idea
/// keeps its title, text, images and comments. A vote with costs needs one.
pub async fn set_option(
    db: &Db,
    actor: Option<&Actor>,
    phase_id: Id,
    idea_id: Id,
    cost: Option<i64>,
    now: Micros,
) -> Result<()> {
    let (context, settings) = voting_phase(db, actor, phase_id).await?;
    moderator(actor, context.project_id)?;
    check_cost(&settings, cost)?;
    let idea = ideas::context(db, idea_id, now).await.map_err(|_| Error::field("idea_id", "not_found"))?;
    if idea.project_id != context.project_id {
        return Err(Error::field("idea_id", "not_found"));
    }
    let mut tx = db.begin().await?;
    voting::set_option(&mut tx, phase_id, idea_id, cost, now).await?;
    tx.commit().await.db()
}

/// Staff carry chosen ideas of the project over into the vote in one action, each with
/// its cost: all of them, or none when one is refused (its field says which:
/// `cost_<idea>`).
pub async fn carry_over(
    db: &Db,
    actor: Option<&Actor>,
    phase_id: Id,
    chosen: &[(Id, Option<i64>)],
    now: Micros,
) -> Result<usize> {
    let (context, settings) = voting_phase(db, actor, phase_id).await?;
    moderator(actor, context.project_id)?;
    if chosen.is_empty() {
        return Err(Error::field("ideas", "required"));
    }
    let mut problems = Vec::new();
    for (idea, cost) in chosen {
        if let Err(e) = check_cost(&settings, *cost) {
            problems
                .extend(e.fields.into_iter().map(|f| agora_core::FieldError { field: format!("cost_{idea}"), ..f }));
        }
    }
    if !problems.is_empty() {
        return Err(Error::invalid(problems));
    }
    let mut tx = db.begin().await?;
    for (idea, cost) in chosen {
        if !voting::of_project(&mut tx, *idea, context.project_id).await? {
            return Err(Error::field(&format!("cost_{idea}"), "not_found"));
        }
        voting::set_option(&mut tx, phase_id, *idea, *cost, now).await?;
    }
    tx.commit().await.db()?;
    Ok(chosen.len())
}

/// Staff write a new option in the voting phase: an idea of the project, by them, that
/// is at once an option with its cost.
pub async fn create_option(
    db: &Db,
    actor: Option<&Actor>,
    phase_id: Id,
    input: &IdeaInput,
    cost: Option<i64>,
    now: Micros,
) -> Result<Id> {
    let (context, settings) = voting_phase(db, actor, phase_id).await?;
    let actor = moderator(actor, context.project_id)?;
    check_cost(&settings, cost)?;
    let project = projects::get_visible(db, Some(actor), context.project_id).await?;
    let (title, body) = crate::ideas::validate(db, input, &project).await?;
    let idea = NewIdea {
        project_id: project.id,
        phase_id: Some(phase_id),
        author_id: actor.user_id,
        status_id: ideas::status_id(db, DEFAULT_STATUS).await?,
        fields: crate::ideas::fields(input, &title, &body),
        trending_rank: trending::rank(
            &Activity { likes: 0, dislikes: 0, comments: 0, last_activity_at: now, rejected: false },
            now,
        ),
    };
    let mut tx = db.begin().await?;
    let id = ideas::insert(&mut tx, &idea, now).await?;
    voting::set_option(&mut tx, phase_id, id, cost, now).await?;
    tx.commit().await.db()?;
    Ok(id)
}

fn check_cost(settings: &Voting, cost: Option<i64>) -> Result<()> {
    match cost {
        Some(cost) if cost < 0 => Err(Error::field("cost", "too_short")),
        None if settings.uses_costs() => Err(Error::field("cost", "required")),
        _ => Ok(()),
    }
}

/// Staff remove an option nobody has chosen yet (a chosen one stays: a ballot is never
/// changed behind its voter's back).
pub async fn remove_option(db: &Db, actor: Option<&Actor>, phase_id: Id, idea_id: Id) -> Result<()> {
    let (context, _) = voting_phase(db, actor, phase_id).await?;
    moderator(actor, context.project_id)?;
    let mut tx = db.begin().await?;
    if voting::option_in_baskets(&mut tx, phase_id, idea_id).await? > 0 {
        return Err(Error::new(Code::OptionHasVotes));
    }
    if !voting::remove_option(&mut tx, phase_id, idea_id).await? {
        return Err(Error::not_found());
    }
    tx.commit().await.db()
}

/// This person's basket, if they started one.
pub async fn basket(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<Option<Basket>> {
    let actor = signed_in(actor)?;
    voting_phase(db, Some(actor), phase_id).await?;
    voting::basket_of(db, phase_id, actor.user_id).await
}

/// A voter's receipt code: 12 letters and digits that cannot be mistaken for one
/// another, in groups of four (60 bits).
fn new_ballot_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..12).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The voter, the phase's settings and context, once the rule lets them vote now.
async fn may_vote<'a>(db: &Db, actor: Option<&'a Actor>, phase_id: Id, now: Micros) -> Result<(&'a Actor, Voting)> {
    let actor = signed_in(actor)?;
    let (context, settings) = voting_phase(db, Some(actor), phase_id).await?;
    participation::check(Some(actor), &context.venue(), Action::Voting, now)?;
    Ok((actor, settings))
}

/// Replaces the basket's votes whole. Every step must keep within the limits; the
/// basket may still be short of the minimum. A ballot already submitted stays counted
/// as it was until the basket is submitted again.
pub async fn save(db: &Db, actor: Option<&Actor>, phase_id: Id, votes: &Votes, now: Micros) -> Result<Basket> {
    change(db, actor, phase_id, now, |basket| *basket = votes.clone()).await
}

/// Changes the basket under its lock, so that two quick clicks both count.
async fn change(
    db: &Db,
    actor: Option<&Actor>,
    phase_id: Id,
    now: Micros,
    edit: impl FnOnce(&mut Votes),
) -> Result<Basket> {
    let (actor, settings) = may_vote(db, actor, phase_id, now).await?;
    let mut tx = db.begin().await?;
    let mut basket = voting::lock_basket(&mut tx, phase_id, actor.user_id, &new_ballot_code(), now).await?;
    edit(&mut basket.votes);
    check_draft(&settings, &voting::costs(&mut tx, phase_id).await?, &basket.votes)?;
    basket.updated_at = now;
    voting::write_basket(&mut tx, &basket, phase_id).await?;
    tx.commit().await.db()?;
    Ok(basket)
}

/// Submits the basket as this person's ballot (again after a change), and logs it. The
/// same basket submitted twice is one ballot and one log entry.
pub async fn submit(db: &Db, actor: Option<&Actor>, phase_id: Id, now: Micros) -> Result<Basket> {
    let (actor, settings) = may_vote(db, actor, phase_id, now).await?;
    let mut tx = db.begin().await?;
    let mut basket = voting::lock_basket(&mut tx, phase_id, actor.user_id, &new_ballot_code(), now).await?;
    if basket.ballot.as_ref() == Some(&basket.votes) {
        tx.rollback().await.db()?;
        return Ok(basket);
    }
    check_submission(&settings, &voting::costs(&mut tx, phase_id).await?, &basket.votes)?;
    let event = if basket.ballot.is_some() { Event::Changed } else { Event::Submitted };
    basket.ballot = Some(basket.votes.clone());
    basket.submitted_at = Some(now);
    basket.updated_at = now;
    voting::write_ballot(&mut tx, &basket, phase_id).await?;
    log(&mut tx, phase_id, &basket.ballot_code, event, now, &basket.votes).await?;
    tx.commit().await.db()?;
    Ok(basket)
}

/// Withdraws this person's ballot: it no longer counts; the basket stays for them to
/// submit again. 404 when there is no ballot.
pub async fn withdraw(db: &Db, actor: Option<&Actor>, phase_id: Id, now: Micros) -> Result<Basket> {
    let (actor, _) = may_vote(db, actor, phase_id, now).await?;
    let mut tx = db.begin().await?;
    let mut basket = voting::lock_basket(&mut tx, phase_id, actor.user_id, &new_ballot_code(), now).await?;
    if basket.ballot.is_none() {
        return Err(Error::not_found());
    }
    basket.ballot = None;
    basket.submitted_at = None;
    basket.updated_at = now;
    voting::write_ballot(&mut tx, &basket, phase_id).await?;
    log(&mut tx, phase_id, &basket.ballot_code, Event::Withdrawn, now, &Votes::new()).await?;
    tx.commit().await.db()?;
    Ok(basket)
}

/// Appends the event to the phase's ballot log: the last step of its transaction, since
/// the log's lock makes every other ballot of the phase wait until the commit.
async fn log(tx: &mut agora_db::Tx, phase_id: Id, code: &str, event: Event, now: Micros, votes: &Votes) -> Result<()> {
    let head = voting::lock_log(tx, phase_id).await?;
    voting::append_log(tx, phase_id, &ballot_log::next(&head, code, event, now, votes)).await
}

/// Staff enter the votes cast on paper, per option, and how many people voted on paper.
/// Options not listed had none.
pub async fn set_offline_votes(db: &Db, actor: Option<&Actor>, phase_id: Id, votes: &Votes, voters: i64) -> Result<()> {
    let (context, _) = voting_phase(db, actor, phase_id).await?;
    moderator(actor, context.project_id)?;
    if voters < 0 {
        return Err(Error::field("voters", "too_short"));
    }
    let mut tx = db.begin().await?;
    let costs = voting::costs(&mut tx, phase_id).await?;
    for (&idea, &n) in votes {
        if !costs.contains_key(&idea) {
            return Err(Error::field(&format!("votes.{idea}"), "not_found").with_code(Code::NotAnOption));
        }
        if n < 0 {
            return Err(Error::field(&format!("votes.{idea}"), "too_short"));
        }
    }
    voting::set_offline(&mut tx, phase_id, votes, voters).await?;
    // Results counted without these votes no longer stand.
    voting::withdraw_results(&mut tx, phase_id).await?;
    tx.commit().await.db()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ballot_codes_are_unambiguous_groups_of_four() {
        let code = super::new_ballot_code();
        assert_eq!(code.len(), 14);
        assert!(code.split('-').all(|g| g.len() == 4 && g.chars().all(|c| !"01IO".contains(c))), "{code}");
        assert_ne!(code, super::new_ballot_code());
    }
}

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

/// The ballot page: the phase, its options in the visitor's order, the visitor's basket,
/// and the totals when they may be seen (live totals, or staff).
#[derive(Debug, Clone)]
pub struct BallotView {
    pub context: ParticipationContext,
    pub settings: Voting,
    pub options: Vec<VotingOption>,
    pub basket: Option<Basket>,
    pub totals: Option<BTreeMap<Id, i64>>,
}

/// Reads the ballot page; options are shuffled by `seed` (one order per visitor per day,
/// as idea lists are), so no option gains from being first.
pub async fn ballot_view(db: &Db, actor: Option<&Actor>, phase_id: Id, seed: i64) -> Result<BallotView> {
    let (context, settings) = voting_phase(db, actor, phase_id).await?;
    let mut options = voting::options(db, phase_id).await?;
    options.sort_by_key(|o| (random_key(seed, o.idea_id), o.idea_id));
    let basket = match actor {
        Some(actor) => voting::basket_of(db, phase_id, actor.user_id).await?,
        None => None,
    };
    let staff = actor.is_some_and(|a| a.moderates(context.project_id));
    let totals = match settings.live_totals || staff {
        true => {
            let mut totals = voting::online_votes(db, phase_id).await?;
            for option in &options {
                *totals.entry(option.idea_id).or_default() += option.offline_votes;
            }
            Some(totals)
        }
        false => None,
    };
    Ok(BallotView { context, settings, options, basket, totals })
}

/// What a click on the ballot page does to the basket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Add(Id),
    Remove(Id),
    /// Give this many votes to an option (0 takes them all back).
    Give(Id, i64),
}

/// Changes the basket by one step, as the ballot page does without JavaScript.
pub async fn step(db: &Db, actor: Option<&Actor>, phase_id: Id, step: Step, now: Micros) -> Result<Basket> {
    change(db, actor, phase_id, now, |votes| match step {
        Step::Add(idea) => {
            votes.insert(idea, 1);
        }
        Step::Remove(idea) | Step::Give(idea, 0) => {
            votes.remove(&idea);
        }
        Step::Give(idea, n) => {
            votes.insert(idea, n);
        }
    })
    .await
}

/// The counted ballot with this receipt code, once the results are published.
pub async fn ballot_by_code(db: &Db, phase_id: Id, code: &str) -> Result<Option<Votes>> {
    voting::ballot_by_code(db, phase_id, code).await
}

/// What staff see of a voting phase: its options with their totals so far, the ideas
/// they may carry over, the paper voters, and where its results stand.
#[derive(Debug, Clone)]
pub struct StaffView {
    pub context: ParticipationContext,
    pub settings: Voting,
    pub options: Vec<VotingOption>,
    pub totals: BTreeMap<Id, i64>,
    pub candidates: Vec<(Id, agora_core::Multiloc)>,
    pub offline_voters: i64,
    pub results: voting::ResultsState,
}

pub async fn staff_view(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<StaffView> {
    let (context, settings) = voting_phase(db, actor, phase_id).await?;
    moderator(actor, context.project_id)?;
    let options = voting::options(db, phase_id).await?;
    let totals = voting::online_votes(db, phase_id).await?;
    let candidates = voting::candidates(db, context.project_id, phase_id).await?;
    let (_, offline_voters) = voting::tally_state(db, phase_id).await?;
    let results = voting::results_state(db, phase_id).await?;
    Ok(StaffView { context, settings, options, totals, candidates, offline_voters, results })
}

/// What an import brought in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub options: usize,
    pub ballots: usize,
}

/// Staff bring a vote held on paper or on another platform into an empty voting phase,
/// from its Pabulib file: each project becomes an option (an idea of the project, with
/// its cost), each ballot a counted ballot under its voter id, logged like any other;
/// the phase takes the file's budget and way of voting. Amounts must be whole.
pub async fn import(db: &Db, actor: Option<&Actor>, phase_id: Id, file: &str, now: Micros) -> Result<Imported> {
    let (context, mut settings) = voting_phase(db, actor, phase_id).await?;
    let actor = moderator(actor, context.project_id)?;
    let election = agora_core::pb::parse(file)
        .map_err(|e| Error { detail: Some(e.to_string()), ..Error::field("file", "invalid") })?;
    let whole = |amount: &agora_core::pb::Q| amount.is_integer().then(|| amount.to_integer().try_into().ok()).flatten();
    let budget: i64 = whole(&election.budget).ok_or_else(|| Error::field("file", "invalid"))?;
    let cumulative =
        matches!(election.vote_type, agora_core::pb::VoteType::Cumulative | agora_core::pb::VoteType::Scoring);
    settings.method = if cumulative { VotingMethod::Multiple } else { VotingMethod::Budgeting };
    settings.budget = Some(budget);
    if cumulative {
        let most = election.ballots.iter().map(|b| b.marks.iter().map(|m| m.1 as i64).sum::<i64>()).max().unwrap_or(1);
        settings.max_total = Some(most.max(1));
    }
    let settings = settings.validated()?;
    let mut codes = std::collections::BTreeSet::new();
    if let Some(twice) = election.ballots.iter().find(|b| !codes.insert(b.voter.as_str())) {
        return Err(Error {
            detail: Some(format!("voter {} votes twice", twice.voter)),
            ..Error::field("file", "invalid")
        });
    }
    let status_id = ideas::status_id(db, DEFAULT_STATUS).await?;
    let mut tx = db.begin().await?;
    if !voting::is_empty(&mut tx, phase_id).await? {
        return Err(Error::new(Code::VoteNotEmpty));
    }
    voting::set_settings(&mut tx, phase_id, &MethodConfig::Voting(settings).settings_json()).await?;
    let mut idea_of = Vec::with_capacity(election.projects.len());
    for project in &election.projects {
        let name = if project.name.trim().is_empty() { format!("#{}", project.id) } else { project.name.clone() };
        let title = agora_core::Multiloc::new(agora_core::DEFAULT_LOCALE, name.chars().take(120).collect::<String>());
        let body = agora_core::Multiloc::new(
            agora_core::DEFAULT_LOCALE,
            format!("Project {} of the imported vote.", project.id),
        );
        let cost = whole(&project.cost).ok_or_else(|| Error::field("file", "invalid"))?;
        let idea = NewIdea {
            project_id: context.project_id,
            phase_id: Some(phase_id),
            author_id: actor.user_id,
            status_id,
            fields: agora_db::ideas::IdeaFields {
                title: &title,
                body: &body,
                topic_ids: &[],
                area_id: None,
                location: None,
            },
            trending_rank: trending::rank(
                &Activity { likes: 0, dislikes: 0, comments: 0, last_activity_at: now, rejected: false },
                now,
            ),
        };
        let id = ideas::insert(&mut tx, &idea, now).await?;
        voting::set_option(&mut tx, phase_id, id, Some(cost), now).await?;
        idea_of.push(id);
    }
    let ballots: Vec<(String, Votes)> = election
        .ballots
        .iter()
        .map(|b| {
            let votes = b.marks.iter().map(|(p, n)| (idea_of[*p], if cumulative { *n as i64 } else { 1 })).collect();
            (format!("pb{phase_id}-{}", b.voter), votes)
        })
        .filter(|(_, votes): &(String, Votes)| !votes.is_empty())
        .collect();
    let mut head = voting::lock_log(&mut tx, phase_id).await?;
    let mut entries = Vec::with_capacity(ballots.len());
    for (code, votes) in &ballots {
        let entry = ballot_log::next(&head, code, Event::Submitted, now, votes);
        head = entry.hash.clone();
        entries.push(entry);
    }
    voting::import_ballots(&mut tx, phase_id, &ballots, &entries, now).await?;
    tx.commit().await.db()?;
    Ok(Imported { options: idea_of.len(), ballots: ballots.len() })
}
