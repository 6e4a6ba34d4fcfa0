//! Voting phases: staff choose the options and their costs and enter paper votes;
//! residents fill in a basket and submit it as their ballot, which they may change or
//! withdraw while the phase runs. Each submission, change and withdrawal is chained into
//! the phase's ballot log in the transaction that makes it.

use std::collections::BTreeMap;

use agora_core::ballot_log::{self, Event};
use agora_core::listing::random_key;
use agora_core::participation::{self, Action};
use agora_core::permissions::{Actor, can_see_project, moderator, signed_in};
use agora_core::trending::{self, Activity};
use agora_core::voting::{Votes, Voting, check_draft, check_submission};
use agora_core::{Code, Error, Id, Micros};
use agora_db::catalog::DEFAULT_STATUS;
use agora_db::ideas::NewIdea;
use agora_db::projects::{self, ParticipationContext};
use agora_db::{Db, DbResult, Result, ideas, voting};
use rand::Rng;

use crate::ideas::IdeaInput;

mod count;
mod import;

/// What the pages and the API read about voting phases, as stored.
pub use agora_db::voting::{Basket, VotingOption};
pub use count::{
    Comparison, PhaseResults, Progress, ballot_by_code, ballot_log, ballots_file, compare_rules, comparison, periodic,
    publish_results, results,
};
pub(crate) use count::{compute_comparison, count};
pub use import::{Imported, import};

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
    let mut tx = db.begin().await?;
    if !voting::of_project(&mut tx, idea_id, context.project_id).await? {
        return Err(Error::field("idea_id", "not_found"));
    }
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
    let (title, body) = crate::ideas::validate(db, input, &project, Default::default()).await?;
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

/// A vote with costs needs a cost of at least one unit for each option (the rules divide
/// by it); a vote without costs takes none or any.
fn check_cost(settings: &Voting, cost: Option<i64>) -> Result<()> {
    let least = if settings.uses_costs() { 1 } else { 0 };
    match cost {
        Some(cost) if cost < least => Err(Error::invalid(vec![agora_core::FieldError {
            field: "cost".into(),
            problem: "too_small",
            limit: Some(least as usize),
        }])),
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
        return Err(Error::invalid(vec![agora_core::FieldError {
            field: "voters".into(),
            problem: "too_small",
            limit: Some(0),
        }]));
    }
    let mut tx = db.begin().await?;
    let costs = voting::costs(&mut tx, phase_id).await?;
    for (&idea, &n) in votes {
        if !costs.contains_key(&idea) {
            return Err(Error::field(&format!("votes.{idea}"), "not_found").with_code(Code::NotAnOption));
        }
        if n < 0 {
            let field = format!("votes.{idea}");
            return Err(Error::invalid(vec![agora_core::FieldError { field, problem: "too_small", limit: Some(0) }]));
        }
    }
    voting::set_offline(&mut tx, phase_id, votes, voters).await?;
    // Results counted without these votes no longer stand.
    voting::withdraw_results(&mut tx, phase_id).await?;
    tx.commit().await.db()
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
