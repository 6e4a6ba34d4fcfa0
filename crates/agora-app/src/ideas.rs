//! Ideas: posting and editing them, reactions, statuses, official feedback, moderation
//! and following. Each use case checks the rule in `agora-core`, validates, and writes
//! in one transaction; who is told is left to the outbox.

use agora_core::participation::{self, Action, may_dislike};
use agora_core::permissions::{
    Actor, IdeaState, can_see_hidden, can_see_project, may_delete_idea, may_edit_idea, may_withdraw_idea, moderator,
    signed_in,
};
use agora_core::reaction::{Mode, counter_delta, toggle};
use agora_core::trending::{self, Activity};
use agora_core::validate::{Problems, clean_multiloc, is_valid_location};
use agora_core::{Error, Id, Micros, Multiloc};
use agora_db::catalog::{DEFAULT_STATUS, REJECTED_STATUS, WITHDRAWN_STATUS};
use agora_db::ideas::{self, IdeaFields, NewIdea};
use agora_db::projects::{self, Project, check_tags_exist};
use agora_db::revisions::{self, Edited};
use agora_db::{Db, DbResult, Result, idempotency};

use crate::guests::Participant;
use crate::outbox::{self, Job};

/// What the pages and the API read about ideas, as stored.
pub use agora_db::ideas::{
    Author, Feedback, Idea, IdeaPage, ListQuery, Page, ProjectSummary, feedback_of, get_visible,
    get_visible_with_project, list, list_in, page,
};

pub const MAX_TITLE: usize = 120;
pub const MIN_TITLE: usize = 3;
pub const MAX_BODY: usize = 10_000;
pub const MAX_FEEDBACK: usize = 5_000;
pub const MAX_FEEDBACK_AUTHOR: usize = 100;

#[derive(Debug, Clone, Default)]
pub struct IdeaInput {
    pub title: Multiloc,
    pub body: Multiloc,
    pub topic_ids: Vec<Id>,
    pub area_id: Option<Id>,
    /// Latitude, longitude.
    pub location: Option<(f64, f64)>,
}

/// The cleaned title and body, or every problem found. Topics and areas must exist,
/// and be among the project's when the project names some.
pub(crate) async fn validate(
    db: &Db,
    input: &IdeaInput,
    project: &Project,
    mut problems: Problems,
) -> Result<(Multiloc, Multiloc)> {
    let title = clean_multiloc(&input.title);
    let body = clean_multiloc(&input.body);
    problems.multiloc("title", &title, true, MAX_TITLE);
    if !title.is_blank() && title.0.values().any(|t| t.chars().count() < MIN_TITLE) {
        problems.add("title", "too_short", Some(MIN_TITLE));
    }
    problems.multiloc("body", &body, true, MAX_BODY);
    check_tags_exist(db, &mut problems, "topic_ids", "topics", &input.topic_ids).await?;
    if !project.topic_ids.is_empty() && input.topic_ids.iter().any(|t| !project.topic_ids.contains(t)) {
        problems.add("topic_ids", "not_found", None);
    }
    if let Some(area) = input.area_id {
        check_tags_exist(db, &mut problems, "area_id", "areas", &[area]).await?;
        if !project.area_ids.is_empty() && !project.area_ids.contains(&area) {
            problems.add("area_id", "not_found", None);
        }
    }
    if let Some((lat, lng)) = input.location
        && !is_valid_location(lat, lng)
    {
        problems.add("location", "invalid", None);
    }
    problems.into_result()?;
    Ok((title, body))
}

pub(crate) fn fields<'a>(input: &'a IdeaInput, title: &'a Multiloc, body: &'a Multiloc) -> IdeaFields<'a> {
    IdeaFields { title, body, topic_ids: &input.topic_ids, area_id: input.area_id, location: input.location }
}

/// Posts an idea in a project whose current phase allows posting (a guest's first idea
/// makes them a guest). The author follows their own idea from the start. With an
/// idempotency `key`, a repeated submission returns the idea the first one posted.
pub async fn create(
    db: &Db,
    who: Participant<'_>,
    project_id: Id,
    input: &IdeaInput,
    key: Option<&str>,
    now: Micros,
) -> Result<Idea> {
    if let Some(key) = key {
        idempotency::validate(key)?;
    }
    let project = projects::get_visible(db, who.actor, project_id).await?;
    let context = projects::participation_context(db, project_id, now).await?;
    participation::check(who.actor, &context.venue(), Action::Posting, now)?;
    let mut problems = Problems::default();
    let guest_name = who.check_name(&mut problems, true);
    let (title, body) = validate(db, input, &project, problems).await?;
    let mut idea = NewIdea {
        project_id,
        phase_id: context.phase.map(|p| p.id),
        author_id: 0,
        status_id: ideas::status_id(db, DEFAULT_STATUS).await?,
        fields: fields(input, &title, &body),
        trending_rank: trending::rank(
            &Activity { likes: 0, dislikes: 0, comments: 0, last_activity_at: now, rejected: false },
            now,
        ),
    };
    let mut tx = db.begin().await?;
    idea.author_id = who.author(&mut tx, guest_name.as_deref(), now).await?;
    let author = idea.author_id;
    if let Some(key) = key
        && let Some(first) = idempotency::earlier(&mut tx, author, key, idempotency::Kind::Idea).await?
    {
        tx.rollback().await.db()?;
        return get_visible(db, who.actor, first).await;
    }
    let id = ideas::insert(&mut tx, &idea, now).await?;
    ideas::set_following(&mut tx, id, author, true, now).await?;
    if let Some(key) = key
        && !idempotency::claim(&mut tx, author, key, idempotency::Kind::Idea, id, now).await?
    {
        tx.rollback().await.db()?;
        let first = idempotency::claimed(db, author, key, idempotency::Kind::Idea).await?;
        return get_visible(db, who.actor, first).await;
    }
    tx.commit().await.db()?;
    get_visible(db, who.actor, id).await
}

/// Where an idea stands for the rules of who may change it.
pub async fn state(db: &Db, idea: &Idea, now: Micros) -> Result<IdeaState> {
    let context = projects::participation_context(db, idea.project_id, now).await?;
    Ok(IdeaState {
        project_id: idea.project_id,
        author_id: idea.author.as_ref().map(|a| a.id),
        posting_open: context.venue().offering(Action::Posting, now).is_some(),
        answered: ideas::answers_count(db, idea.id).await? > 0,
    })
}

/// Edits one's own idea (or, for staff, any idea of their project). Texts in other
/// locales than the ones given are kept. Edits after the city's answer and edits by
/// staff are shown, and the previous version is kept (`revisions`).
pub async fn update(db: &Db, actor: Option<&Actor>, id: Id, input: &IdeaInput, now: Micros) -> Result<Idea> {
    let (existing, project) = get_visible_with_project(db, actor, id).await?;
    let (actor, trace) = may_edit_idea(actor, &state(db, &existing, now).await?)?;
    let mut merged = input.clone();
    merged.title = merge(&existing.title, &input.title);
    merged.body = merge(&existing.body, &input.body);
    let (title, body) = validate(db, &merged, &project, Problems::default()).await?;
    let mut tx = db.begin().await?;
    ideas::update(&mut tx, id, &fields(input, &title, &body), now).await?;
    let before = Edited::Idea { id, title: &existing.title, body: &existing.body };
    revisions::keep(&mut tx, before, trace, actor.user_id, now).await?;
    tx.commit().await.db()?;
    get_visible(db, Some(actor), id).await
}

/// `existing` with the languages `edit` names replaced: a resident writes in one.
pub(crate) fn merge(existing: &Multiloc, edit: &Multiloc) -> Multiloc {
    let mut merged = existing.clone();
    for (locale, text) in &edit.0 {
        merged.set(locale, text.clone());
    }
    merged
}

pub async fn delete(db: &Db, actor: Option<&Actor>, id: Id, now: Micros) -> Result<()> {
    let existing = get_visible(db, actor, id).await?;
    may_delete_idea(actor, &state(db, &existing, now).await?)?;
    ideas::delete(db, id).await
}

/// The author takes back an idea the city has answered: it stays, with its answer,
/// as withdrawn, and its followers are told.
pub async fn withdraw(db: &Db, actor: Option<&Actor>, id: Id, now: Micros) -> Result<Idea> {
    let idea = get_visible(db, actor, id).await?;
    may_withdraw_idea(actor, &state(db, &idea, now).await?)?;
    let actor = signed_in(actor)?;
    change_status(db, actor, &idea, WITHDRAWN_STATUS, now).await?;
    get_visible(db, Some(actor), id).await
}

/// What the rules need of the idea, in one read; not found when this person may not see it.
pub(crate) async fn visible_context(
    db: &Db,
    actor: Option<&Actor>,
    idea_id: Id,
    now: Micros,
) -> Result<ideas::Context> {
    let context = ideas::context(db, idea_id, now).await?;
    let visible = can_see_project(actor, context.project_id, context.project_status)
        && (!context.hidden || can_see_hidden(actor, context.project_id));
    if visible { Ok(context) } else { Err(Error::not_found()) }
}

/// What a person does to their reaction to an idea.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reacting {
    /// Sets it (`None` takes it back), as the API does.
    To(Option<Mode>),
    /// A click on a button: pressing the pressed one takes the reaction back.
    Toggle(Mode),
}

/// Changes this person's reaction to an idea, reading the one it replaces in the same
/// transaction. The unique constraint on (idea, user) and the counters change in one
/// transaction, which also reads the idea it returns. Before it, one read: whether
/// this person may see the idea, and what the phase allows. A visitor's first reaction
/// where the phase lets everyone react makes them a guest.
pub async fn react(db: &Db, who: Participant<'_>, idea_id: Id, change: Reacting, now: Micros) -> Result<Idea> {
    let context = visible_context(db, who.actor, idea_id, now).await?;
    participation::check(who.actor, &context.venue(), Action::Reacting, now)?;
    let mut problems = Problems::default();
    let guest_name = who.check_name(&mut problems, false);
    problems.into_result()?;
    let mut tx = db.begin().await?;
    let user_id = who.author(&mut tx, guest_name.as_deref(), now).await?;
    let (mut activity, old) = ideas::lock_for_reaction(db, &mut tx, idea_id, user_id).await?;
    let mode = match change {
        Reacting::To(mode) => mode,
        Reacting::Toggle(clicked) => toggle(old, clicked),
    };
    if let (Some(Mode::Down), Some(phase)) = (mode, &context.phase) {
        may_dislike(&phase.config)?;
    }
    if old != mode {
        ideas::set_reaction(&mut tx, idea_id, user_id, mode, now).await?;
        let (likes, dislikes) = counter_delta(old, mode);
        activity.likes += likes;
        activity.dislikes += dislikes;
        activity.last_activity_at = now;
        ideas::store_activity(&mut tx, idea_id, &activity, now).await?;
    }
    let after = ideas::read_in(&mut tx, user_id, idea_id).await?;
    tx.commit().await.db()?;
    Ok(after)
}

/// Staff set where an idea stands; its followers are told.
pub async fn set_status(db: &Db, actor: Option<&Actor>, idea_id: Id, code: &str, now: Micros) -> Result<Idea> {
    let idea = get_visible(db, actor, idea_id).await?;
    let actor = moderator(actor, idea.project_id)?;
    change_status(db, actor, &idea, code, now).await?;
    get_visible(db, Some(actor), idea_id).await
}

/// Sets the status, with the rank it gives, and leaves the followers' news to the outbox.
async fn change_status(db: &Db, actor: &Actor, idea: &Idea, code: &str, now: Micros) -> Result<()> {
    let status_id = ideas::status_id(db, code).await?;
    if status_id == idea.status.id {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let mut activity = ideas::lock_activity(db, &mut tx, idea.id).await?;
    ideas::set_status(&mut tx, idea.id, status_id, now).await?;
    activity.rejected = code == REJECTED_STATUS;
    ideas::store_activity(&mut tx, idea.id, &activity, now).await?;
    let job = Job::StatusChanged { idea_id: idea.id, status_id, actor_id: actor.user_id, at: now };
    outbox::enqueue(&mut tx, &job, now).await?;
    tx.commit().await.db()
}

/// Staff answer an idea officially; its followers are told.
pub async fn add_feedback(
    db: &Db,
    actor: Option<&Actor>,
    idea_id: Id,
    body: &Multiloc,
    author: &Multiloc,
    now: Micros,
) -> Result<Feedback> {
    let idea = get_visible(db, actor, idea_id).await?;
    let actor = moderator(actor, idea.project_id)?;
    let (body, author) = (clean_multiloc(body), clean_multiloc(author));
    let mut problems = Problems::default();
    problems.multiloc("body", &body, true, MAX_FEEDBACK);
    problems.multiloc("author", &author, true, MAX_FEEDBACK_AUTHOR);
    problems.into_result()?;
    let mut tx = db.begin().await?;
    let feedback = ideas::insert_feedback(&mut tx, idea_id, actor.user_id, &body, &author, now).await?;
    let job = Job::OfficialFeedback { idea_id, actor_id: actor.user_id, at: now };
    outbox::enqueue(&mut tx, &job, now).await?;
    tx.commit().await.db()?;
    Ok(feedback)
}

/// Staff hide an idea from residents (it stays for staff), or show it again.
pub async fn set_hidden(db: &Db, actor: Option<&Actor>, idea_id: Id, hidden: bool, now: Micros) -> Result<Idea> {
    let idea = get_visible(db, actor, idea_id).await?;
    let actor = moderator(actor, idea.project_id)?;
    ideas::set_hidden(db, idea_id, hidden, now).await?;
    get_visible(db, Some(actor), idea_id).await
}

pub async fn set_following(db: &Db, actor: Option<&Actor>, idea_id: Id, follow: bool, now: Micros) -> Result<()> {
    let actor = signed_in(actor)?;
    get_visible(db, Some(actor), idea_id).await?;
    ideas::set_following(db, idea_id, actor.user_id, follow, now).await
}
