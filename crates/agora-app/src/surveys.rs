//! Surveys and polls: staff write a phase's form (checked by `agora_core::survey`);
//! respondents save drafts page by page and submit their answers, each checked against
//! its question, one response per person held by the database; staff (or everyone, as
//! the phase says) read the results and export them.

use std::collections::BTreeMap;

use agora_core::participation::{self, Action, Refusal};
use agora_core::permissions::{Actor, can_see_project, moderator};
use agora_core::phase::{Method, SurveySettings};
use agora_core::survey::{self, Change, Form, QuestionType};
use agora_core::{Code, Error, FieldError, Id, Micros};
use agora_db::forms::{self, Stored};
use agora_db::projects::{self, ParticipationContext};
use agora_db::responses::{self, Draft, NewResponse};
use agora_db::{Db, DbResult, Result};
use serde_json::{Map, Value};

use crate::guests::Participant;

mod exports;
mod results;

pub use exports::{Export, Format, export, in_order};
pub use results::{Results, results};

/// A survey or poll phase someone may see.
pub struct Survey {
    pub context: ParticipationContext,
    pub settings: SurveySettings,
    pub poll: bool,
}

impl Survey {
    /// What answering this phase is, for the permission rule.
    pub fn action(&self) -> Action {
        if self.poll { Action::TakingPoll } else { Action::AnsweringSurvey }
    }

    fn one_per_person(&self) -> bool {
        survey::one_per_person(&self.settings, self.poll)
    }
}

/// A survey or poll phase this person may see.
pub async fn survey_phase(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<Survey> {
    let context = projects::phase_context(db, phase_id).await?;
    let config = context.phase.as_ref().map(|p| &p.config);
    let (Some(settings), Some(method)) = (config.and_then(|c| c.survey()).copied(), config.map(|c| c.method())) else {
        return Err(Error::not_found());
    };
    if !can_see_project(actor, context.project_id, context.project_status) {
        return Err(Error::not_found());
    }
    Ok(Survey { context, settings, poll: method == Method::Poll })
}

/// Whether the phase is a survey or a poll (`false` for other phases and none).
pub async fn is_survey(db: &Db, phase_id: Id) -> Result<bool> {
    match projects::phase_context(db, phase_id).await {
        Ok(context) => Ok(context.phase.is_some_and(|p| p.config.survey().is_some())),
        Err(e) if e.code == Code::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// The project's staff write the form of a survey or poll phase: every page and question
/// checked, a poll asking choice questions only; each save is a new version. Returns it,
/// with what the new version does to questions already answered (their answers stay,
/// under the version they were given in).
pub async fn save_form(
    db: &Db,
    actor: Option<&Actor>,
    phase_id: Id,
    form: &Form,
    now: Micros,
) -> Result<(i64, Vec<Change>)> {
    let survey = survey_phase(db, actor, phase_id).await?;
    moderator(actor, survey.context.project_id)?;
    form.check(survey.poll)?;
    let answered = responses::count(db, phase_id).await? > 0;
    let changes = match forms::form(db, phase_id).await? {
        Some(old) if answered => survey::changes(&old.form, form),
        _ => Vec::new(),
    };
    let mut tx = db.begin().await?;
    let version = forms::save(&mut tx, phase_id, form, now).await?;
    tx.commit().await.db()?;
    Ok((version, changes))
}

/// What the form builder reads: the phase, its form, and how many responses it has
/// (changing a question that has answers warns first). The project's staff only.
pub async fn builder(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<(Survey, Stored, i64)> {
    let survey = survey_phase(db, actor, phase_id).await?;
    moderator(actor, survey.context.project_id)?;
    let form = stored_form(db, phase_id).await?;
    Ok((survey, form, responses::count(db, phase_id).await?))
}

/// The form of a survey or poll phase, for anyone who may see its project; none yet is
/// an empty form.
pub async fn form(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<Stored> {
    survey_phase(db, actor, phase_id).await?;
    stored_form(db, phase_id).await
}

async fn stored_form(db: &Db, phase_id: Id) -> Result<Stored> {
    let empty = Stored { form: Form::default(), version: 0, updated_at: 0 };
    Ok(forms::form(db, phase_id).await?.unwrap_or(empty))
}

/// What the answering page reads: the phase and its form, whether this person may
/// answer now (or why not), whether they already have, and their draft.
pub struct Answering {
    pub survey: Survey,
    pub form: Stored,
    pub may: std::result::Result<(), Refusal>,
    pub answered: bool,
    pub draft: Option<Draft>,
    /// Whether this person may see the results now.
    pub results_visible: bool,
}

pub async fn answering(db: &Db, actor: Option<&Actor>, phase_id: Id, now: Micros) -> Result<Answering> {
    let survey = survey_phase(db, actor, phase_id).await?;
    let may = participation::may_act(actor, &survey.context.venue(), survey.action(), now);
    let form = stored_form(db, phase_id).await?;
    let (answered, draft) = match actor {
        Some(actor) => (
            responses::has_answered(db, phase_id, actor.user_id).await?,
            responses::draft(db, phase_id, actor.user_id).await?,
        ),
        None => (false, None),
    };
    let staff = actor.is_some_and(|a| a.moderates(survey.context.project_id));
    let over = survey.context.phase.as_ref().and_then(|p| p.window.end_at).is_some_and(|end| end <= now);
    let results_visible = survey::may_see_results(&survey.settings, staff, over).is_ok();
    Ok(Answering { answered: answered && survey.one_per_person(), survey, form, may, draft, results_visible })
}

/// Answers that do not fit their questions, each problem at its question's key.
pub fn answer_problems(problems: BTreeMap<String, &'static str>) -> Error {
    Error::invalid(problems.into_iter().map(|(field, problem)| FieldError { field, problem, limit: None }).collect())
}

/// The form someone may answer now: the phase runs, its permission lets them in, the
/// form has questions, and they have not answered yet where one response per person
/// is the rule.
async fn answerable(db: &Db, who: &Participant<'_>, phase_id: Id, now: Micros) -> Result<(Survey, Stored)> {
    let survey = survey_phase(db, who.actor, phase_id).await?;
    participation::check(who.actor, &survey.context.venue(), survey.action(), now)?;
    let stored = stored_form(db, phase_id).await?;
    if stored.form.questions().next().is_none() {
        return Err(Error::new(survey.action().closed()));
    }
    if let Some(actor) = who.actor
        && survey.one_per_person()
        && responses::has_answered(db, phase_id, actor.user_id).await?
    {
        return Err(Error::new(Code::AlreadyAnswered));
    }
    Ok((survey, stored))
}

/// Submits a response: every answer checked against its question on the pages the
/// answers lead through. In one transaction: the respondent recorded (which refuses a
/// second response where one per person is the rule, however many arrive at once),
/// their uploaded files taken, the response stored (without them when anonymous) and
/// their draft dropped. A visitor answering a phase open to everyone becomes a guest.
pub async fn submit(
    db: &Db,
    who: Participant<'_>,
    phase_id: Id,
    answers: &Map<String, Value>,
    now: Micros,
) -> Result<Id> {
    let (survey, stored) = answerable(db, &who, phase_id, now).await?;
    let kept = stored.form.check_answers(answers).map_err(answer_problems)?;
    let path = stored.form.path(&kept);
    let mut tx = db.begin().await?;
    let respondent = who.author(&mut tx, None, now).await?;
    if !responses::add_respondent(&mut tx, phase_id, respondent).await? && survey.one_per_person() {
        return Err(Error::new(Code::AlreadyAnswered));
    }
    let anonymous = survey.settings.anonymous;
    for q in stored.form.questions().filter(|q| q.kind == QuestionType::File) {
        if let Some(upload) = kept.get(&q.key).and_then(Value::as_i64)
            && !responses::take_upload(&mut tx, upload, respondent, phase_id, anonymous).await?
        {
            return Err(Error::field(&q.key, "not_found"));
        }
    }
    let response = NewResponse {
        phase_id,
        respondent_id: respondent,
        anonymous,
        form_version: stored.version,
        answers: &kept,
        path: &path,
    };
    let id = responses::insert(&mut tx, &response, now).await?;
    tx.commit().await.db()?;
    Ok(id)
}

/// What this person has answered so far, if they started.
pub async fn draft(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<Option<Draft>> {
    let actor = actor.ok_or(Error::new(Code::NotSignedIn))?;
    survey_phase(db, Some(actor), phase_id).await?;
    responses::draft(db, phase_id, actor.user_id).await
}

/// Keeps what someone answered so far and the page they are on, so they can leave and
/// come back. Each answer given must fit its question (required ones may still be
/// missing); answers to questions the form no longer has are dropped.
pub async fn save_draft(
    db: &Db,
    actor: Option<&Actor>,
    phase_id: Id,
    answers: &Map<String, Value>,
    page: Option<&str>,
    now: Micros,
) -> Result<Draft> {
    let actor = actor.ok_or(Error::new(Code::NotSignedIn))?;
    let (_, stored) = answerable(db, &Participant::person(Some(actor)), phase_id, now).await?;
    let form = &stored.form;
    let page = match page {
        Some(key) if form.page_at(key).is_none() => return Err(Error::field("page", "not_found")),
        Some(key) => key.to_owned(),
        None => form.pages[0].key.clone(),
    };
    let mut kept = Map::new();
    let mut problems = BTreeMap::new();
    for (key, value) in answers {
        let Some(q) = form.question(key) else { continue };
        match survey::check_answer(q, value) {
            _ if survey::is_empty(value) => {}
            Ok(value) => {
                kept.insert(key.clone(), value);
            }
            Err(problem) => {
                problems.insert(key.clone(), problem);
            }
        }
    }
    if !problems.is_empty() {
        return Err(answer_problems(problems));
    }
    responses::save_draft(db, phase_id, actor.user_id, &kept, &page, now).await?;
    Ok(Draft { answers: kept, page, updated_at: now })
}
