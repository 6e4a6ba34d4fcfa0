//! A survey or poll in the pages: answered page by page with "Back" and "Next", without
//! JavaScript. What was answered so far travels with the form (and is kept as a draft
//! for people signed in, so they can leave and come back); each page is checked as it
//! is left, and the whole response once more when it is submitted.

use agora_app::guests::Pass as GuestPass;
use agora_app::surveys::{self, Answering};
use agora_core::participation::Refusal;
use agora_core::survey::{Form, Question, QuestionType};
use agora_core::{Code, Error, Id, Multiloc};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

use super::see_other;
use crate::AppState;
use crate::context::{Ctx, Upload, keep_guest};
use crate::error::{AppError, AppResult, field_message};
use crate::limits::{check_answering, check_uploading};
use crate::paths;
use crate::views::Localized;

mod fields;

pub use fields::answers_from_fields;

/// A point of a scale, a star, or an option: what it says and whether it is chosen.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// A matrix statement with its points, or a ranked option with its place.
pub struct Row {
    pub key: String,
    pub title: String,
    pub choices: Vec<Choice>,
}

/// One question as the page shows it, with what was answered and what is wrong.
pub struct QuestionView {
    pub key: String,
    pub kind: &'static str,
    pub title: Localized,
    pub help: Option<Localized>,
    pub required: bool,
    pub error: Option<String>,
    /// Texts, numbers, dates: the value typed.
    pub value: String,
    /// Choices, scales and ratings.
    pub choices: Vec<Choice>,
    /// Choice questions with "other": whether it is chosen and its text.
    pub other: Option<(bool, String)>,
    /// Matrices (a row per statement) and rankings (a row per option, places as choices).
    pub rows: Vec<Row>,
    pub min_label: String,
    pub max_label: String,
    /// Numbers and multiple choices: the limits, in words.
    pub limits: Option<String>,
    /// Points: latitude and longitude.
    pub point: (String, String),
    /// Files: whether one is attached; whether this person may attach one.
    pub has_file: bool,
    pub can_upload: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "survey.html")]
pub struct SurveyPage {
    ctx: Ctx,
    title: Localized,
    project_title: String,
    project_path: String,
    action: String,
    why_not: Option<String>,
    sign_in_path: Option<String>,
    answered: bool,
    results_path: Option<String>,
    /// The page being answered, if any.
    page: Option<PageView>,
}

pub struct PageView {
    pub key: String,
    pub title: Option<Localized>,
    pub text: Option<Localized>,
    pub progress: String,
    pub questions: Vec<QuestionView>,
    pub errors: Vec<(String, String)>,
    pub so_far: String,
    pub has_back: bool,
    pub next_label: String,
}

fn text(ctx: &Ctx, m: &Multiloc) -> String {
    m.text(ctx.locale).to_owned()
}

fn number_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn points(range: std::ops::RangeInclusive<i64>, chosen: Option<&Value>) -> Vec<Choice> {
    range
        .map(|p| Choice {
            value: p.to_string(),
            label: p.to_string(),
            checked: chosen.and_then(Value::as_i64) == Some(p),
        })
        .collect()
}

/// The scale of a linear scale or matrix: `min..=max`, 1 to 5 unless set.
fn scale(q: &Question) -> std::ops::RangeInclusive<i64> {
    q.min.map_or(1, |m| m as i64)..=q.max.map_or(5, |m| m as i64)
}

/// "Between 0 and 500", "Choose at most 2": what the person should know before answering.
fn limits(ctx: &Ctx, q: &Question) -> Option<String> {
    let (key, min, max) = match q.kind {
        QuestionType::Number => ("survey-number", q.min, q.max),
        QuestionType::MultipleChoice => ("survey-choose", q.min.filter(|m| *m > 0.0), q.max),
        _ => return None,
    };
    let number = |x: f64| agora_i18n::Value::from(x.to_string());
    match (min, max) {
        (Some(min), Some(max)) => Some(agora_i18n::t_args(
            ctx.locale,
            &format!("{key}-between"),
            &[("min", number(min)), ("max", number(max))],
        )),
        (Some(min), None) => Some(agora_i18n::t_args(ctx.locale, &format!("{key}-at-least"), &[("min", number(min))])),
        (None, Some(max)) => Some(agora_i18n::t_args(ctx.locale, &format!("{key}-at-most"), &[("max", number(max))])),
        (None, None) => None,
    }
}

fn question_view(
    ctx: &Ctx,
    q: &Question,
    answer: Option<&Value>,
    error: Option<&str>,
    can_upload: bool,
) -> QuestionView {
    let chosen = |key: &str| match answer {
        Some(Value::String(k)) => k == key,
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(key)),
        _ => false,
    };
    let other_text = match answer {
        Some(Value::Array(items)) => items.iter().find_map(|i| i.get("other")).cloned(),
        Some(a) => a.get("other").cloned(),
        None => None,
    };
    let mut view = QuestionView {
        key: q.key.clone(),
        kind: match q.kind {
            QuestionType::ShortText => "short_text",
            QuestionType::LongText => "long_text",
            QuestionType::Number => "number",
            QuestionType::SingleChoice => "single_choice",
            QuestionType::MultipleChoice => "multiple_choice",
            QuestionType::LinearScale => "linear_scale",
            QuestionType::Rating => "rating",
            QuestionType::Ranking => "ranking",
            QuestionType::Matrix => "matrix",
            QuestionType::Date => "date",
            QuestionType::Point => "point",
            QuestionType::File => "file",
        },
        title: Localized::of(ctx, &q.title),
        help: q.help.as_ref().filter(|h| !h.is_blank()).map(|h| Localized::of(ctx, h)),
        required: q.required,
        error: error.map(|problem| field_message(ctx.locale, problem, None)),
        value: match answer {
            Some(Value::String(s)) => s.clone(),
            other => number_text(other),
        },
        choices: q
            .options
            .iter()
            .map(|o| Choice { value: o.key.clone(), label: text(ctx, &o.title), checked: chosen(&o.key) })
            .collect(),
        other: q.other.then(|| {
            (other_text.is_some(), other_text.and_then(|t| t.as_str().map(str::to_owned)).unwrap_or_default())
        }),
        rows: Vec::new(),
        min_label: q.min_label.as_ref().map(|l| text(ctx, l)).unwrap_or_default(),
        max_label: q.max_label.as_ref().map(|l| text(ctx, l)).unwrap_or_default(),
        limits: limits(ctx, q),
        point: (number_text(answer.and_then(|a| a.get("lat"))), number_text(answer.and_then(|a| a.get("lng")))),
        has_file: q.kind == QuestionType::File && answer.is_some_and(|a| a.as_i64().is_some()),
        can_upload,
    };
    match q.kind {
        QuestionType::LinearScale => view.choices = points(scale(q), answer),
        QuestionType::Rating => view.choices = points(1..=q.max.map_or(5, |m| m as i64), answer),
        QuestionType::Matrix => {
            view.rows = q
                .rows
                .iter()
                .map(|r| Row {
                    key: r.key.clone(),
                    title: text(ctx, &r.title),
                    choices: points(scale(q), answer.and_then(|a| a.get(&r.key))),
                })
                .collect();
        }
        QuestionType::Ranking => {
            let place = |key: &str| answer.and_then(Value::as_array)?.iter().position(|v| v.as_str() == Some(key));
            let n = q.options.len() as i64;
            view.rows = q
                .options
                .iter()
                .map(|o| Row {
                    key: o.key.clone(),
                    title: text(ctx, &o.title),
                    choices: points(1..=n, place(&o.key).map(|p| json!(p + 1)).as_ref()),
                })
                .collect();
        }
        _ => {}
    }
    view
}

/// Why this person may not answer, in words.
async fn why_not(state: &AppState, ctx: &Ctx, refusal: &Refusal, poll: bool) -> AppResult<String> {
    Ok(match refusal {
        Refusal::SignIn => ctx.t("why-sign-in-answering"),
        Refusal::ConfirmEmail => ctx.t("why-confirm-email"),
        Refusal::StaffOnly => ctx.t("why-staff-only"),
        Refusal::Groups(ids) => {
            let names = agora_app::groups::names(&state.db, ids).await?.join(", ");
            agora_i18n::t_args(ctx.locale, "why-groups", &[("groups", names.into())])
        }
        Refusal::Closed if poll => ctx.t("error-taking_poll_not_allowed"),
        Refusal::Closed => ctx.t("error-answering_survey_not_allowed"),
    })
}

/// The page at `at` of the form, with these answers and problems.
fn page_view(
    ctx: &Ctx,
    view: &Answering,
    at: usize,
    answers: &Map<String, Value>,
    problems: &BTreeMap<String, &'static str>,
) -> PageView {
    let form = &view.form.form;
    let page = &form.pages[at];
    let path = form.path(answers);
    let place = path.iter().position(|k| *k == page.key).map_or(at + 1, |p| p + 1);
    let can_upload = ctx.participant_actor().is_some();
    let questions: Vec<QuestionView> = page
        .questions
        .iter()
        .map(|q| question_view(ctx, q, answers.get(&q.key), problems.get(&q.key).copied(), can_upload))
        .collect();
    let errors = questions
        .iter()
        .filter_map(|q| Some((q.key.clone(), format!("{}: {}", q.title.text, q.error.clone()?))))
        .collect();
    let last = form.after(at, answers).is_none();
    PageView {
        key: page.key.clone(),
        title: page.title.as_ref().filter(|t| !t.is_blank()).map(|t| Localized::of(ctx, t)),
        text: page.text.as_ref().filter(|t| !t.is_blank()).map(|t| Localized::of(ctx, t)),
        progress: agora_i18n::t_args(
            ctx.locale,
            "survey-progress",
            &[("page", (place as i64).into()), ("pages", (form.pages.len() as i64).into())],
        ),
        questions,
        errors,
        so_far: Value::Object(answers.clone()).to_string(),
        has_back: at > 0,
        next_label: ctx.t(if last { "survey-submit" } else { "survey-next" }),
    }
}

/// A page of the form to show, with the answers so far and this page's problems.
struct At {
    page: usize,
    answers: Map<String, Value>,
    problems: BTreeMap<String, &'static str>,
}

async fn survey_page(state: &AppState, ctx: Ctx, view: Answering, at: Option<At>) -> AppResult<SurveyPage> {
    let id = view.survey.context.phase.as_ref().map_or(0, |p| p.id);
    let project = agora_app::projects::get_visible(&state.db, ctx.actor(), view.survey.context.project_id).await?;
    let why_not = match &view.may {
        Err(refusal) => Some(why_not(state, &ctx, refusal, view.survey.poll).await?),
        Ok(()) if view.form.form.questions().next().is_none() => Some(ctx.t(if view.survey.poll {
            "error-taking_poll_not_allowed"
        } else {
            "error-answering_survey_not_allowed"
        })),
        Ok(()) => None,
    };
    let answering = why_not.is_none() && !view.answered;
    let page = match at {
        Some(At { page, answers, problems }) if answering => Some(page_view(&ctx, &view, page, &answers, &problems)),
        None if answering => {
            let answers = view.draft.as_ref().map(|d| d.answers.clone()).unwrap_or_default();
            let at = view.draft.as_ref().and_then(|d| view.form.form.page_at(&d.page)).unwrap_or(0);
            Some(page_view(&ctx, &view, at, &answers, &BTreeMap::new()))
        }
        _ => None,
    };
    let phase = view.survey.context.phase.as_ref().ok_or_else(Error::not_found)?;
    Ok(SurveyPage {
        title: Localized::of(&ctx, &phase.title),
        project_title: project.title.text(ctx.locale).to_owned(),
        project_path: paths::project(&project.slug),
        action: paths::phase_survey(id),
        sign_in_path: matches!(view.may, Err(Refusal::SignIn)).then(|| paths::sign_in_then(&paths::phase_survey(id))),
        why_not,
        answered: view.answered,
        results_path: view.results_visible.then(|| paths::phase_results(id)),
        page,
        ctx,
    })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<SurveyPage> {
    let view = surveys::answering(&state.db, ctx.participant_actor(), id, agora_db::now()).await?;
    survey_page(&state, ctx, view, None).await
}

/// The answers so far, as the form carried them, to the questions the form has now
/// (anything else is nothing so far: every answer is checked again on submission).
fn so_far(upload: &Upload, form: &Form) -> Map<String, Value> {
    let mut answers: Map<String, Value> =
        upload.text("so_far").ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    answers.retain(|key, _| form.question(key).is_some());
    answers
}

/// "Next", "Back" or the last "Next" (which submits) on a page of the form.
pub async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    mut upload: Upload,
) -> AppResult<Response> {
    let now = agora_db::now();
    let view = surveys::answering(&state.db, ctx.participant_actor(), id, now).await?;
    let form: &Form = &view.form.form;
    let Some(at) = upload.text("page").ok().and_then(|key| form.page_at(&key)) else {
        return Ok(see_other(&ctx, &paths::phase_survey(id)));
    };
    let mut answers = so_far(&upload, form);
    let page = &form.pages[at];
    let fields = answers_from_fields(page, |name| upload.text(name).ok());
    for q in &page.questions {
        match fields.get(&q.key) {
            Some(value) => answers.insert(q.key.clone(), value.clone()),
            None if q.kind == QuestionType::File => None,
            None => answers.remove(&q.key),
        };
    }
    let mut problems = BTreeMap::new();
    // Files are stored only for someone who may answer now.
    let may_answer = view.may.is_ok() && !view.answered;
    for q in page.questions.iter().filter(|q| may_answer && q.kind == QuestionType::File) {
        let name = format!("a.{}", q.key);
        let bytes = upload.take(&name);
        if bytes.is_empty() {
            continue;
        }
        check_uploading(&state, &ctx).await?;
        let file_name = upload.file_name(&name).unwrap_or("file").to_owned();
        match agora_app::uploads::upload(
            &state.db,
            &state.config.uploads,
            ctx.participant_actor(),
            &file_name,
            &bytes,
            now,
        )
        .await
        {
            Ok(file) => {
                answers.insert(q.key.clone(), Value::from(file.id));
            }
            Err(e) if e.fields.is_empty() => return Err(AppError(e)),
            Err(e) => {
                problems.insert(q.key.clone(), e.fields[0].problem);
            }
        }
    }
    let back = upload.text("op").is_ok_and(|op| op == "back");
    if back {
        // Back keeps what fits and goes to the page before this one on the way taken.
        let unfit: Vec<&str> = page
            .questions
            .iter()
            .filter(|q| answers.get(&q.key).is_some_and(|a| agora_core::survey::check_answer(q, a).is_err()))
            .map(|q| q.key.as_str())
            .collect();
        unfit.into_iter().for_each(|key| {
            answers.remove(key);
        });
        let path = form.path(&answers);
        let before =
            path.iter().position(|k| *k == page.key).and_then(|p| p.checked_sub(1)).and_then(|p| form.page_at(path[p]));
        let to = before.unwrap_or(at.saturating_sub(1));
        keep_draft(&state, &ctx, id, &answers, &form.pages[to].key).await;
        return Ok(survey_page(&state, ctx, view, Some(At { page: to, answers, problems: BTreeMap::new() }))
            .await?
            .into_response());
    }
    if let Err(found) = form.check_page(at, &answers) {
        problems.extend(found);
    }
    if !problems.is_empty() {
        let page = survey_page(&state, ctx, view, Some(At { page: at, answers, problems })).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    if let Some(next) = form.after(at, &answers) {
        keep_draft(&state, &ctx, id, &answers, &form.pages[next].key).await;
        return Ok(survey_page(&state, ctx, view, Some(At { page: next, answers, problems: BTreeMap::new() }))
            .await?
            .into_response());
    }
    submit(state, ctx, view, id, answers).await
}

/// Keeps the answers so far for someone signed in. A draft that cannot be kept (the
/// phase closed a moment ago, say) is no reason to stop them: submitting says why.
async fn keep_draft(state: &AppState, ctx: &Ctx, id: Id, answers: &Map<String, Value>, page: &str) {
    if ctx.actor().is_some()
        && let Err(e) = surveys::save_draft(&state.db, ctx.actor(), id, answers, Some(page), agora_db::now()).await
    {
        tracing::debug!(phase = id, error = ?e, "draft not kept");
    }
}

async fn submit(
    state: AppState,
    ctx: Ctx,
    view: Answering,
    id: Id,
    answers: Map<String, Value>,
) -> AppResult<Response> {
    check_answering(&state, &ctx).await?;
    let pass = GuestPass::new();
    match surveys::submit(&state.db, ctx.participant(&pass, None), id, &answers, agora_db::now()).await {
        Ok(_) => Ok(keep_guest(&state, &ctx, &pass, see_other(&ctx, &paths::phase_survey_thanks(id)))),
        Err(e) if e.code == Code::InvalidInput && !e.fields.is_empty() => {
            // The first page on the way taken with a problem is shown again.
            let problems: BTreeMap<String, &'static str> =
                e.fields.iter().map(|f| (f.field.clone(), f.problem)).collect();
            let form = &view.form.form;
            let at = form
                .path(&answers)
                .iter()
                .filter_map(|k| form.page_at(k))
                .find(|p| form.pages[*p].questions.iter().any(|q| problems.contains_key(&q.key)))
                .unwrap_or(0);
            let page = survey_page(&state, ctx, view, Some(At { page: at, answers, problems })).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) if e.code == Code::AlreadyAnswered => Ok(see_other(&ctx, &paths::phase_survey(id))),
        Err(e) => Err(AppError(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "survey_thanks.html")]
pub struct ThanksPage {
    ctx: Ctx,
    title: Localized,
    message: Option<Localized>,
    project_path: String,
    project_title: String,
    results_path: Option<String>,
}

pub async fn thanks(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<ThanksPage> {
    let view = surveys::answering(&state.db, ctx.participant_actor(), id, agora_db::now()).await?;
    let project = agora_app::projects::get_visible(&state.db, ctx.actor(), view.survey.context.project_id).await?;
    let phase = view.survey.context.phase.as_ref().ok_or_else(Error::not_found)?;
    Ok(ThanksPage {
        title: Localized::of(&ctx, &phase.title),
        message: view.form.form.closing_message.as_ref().filter(|m| !m.is_blank()).map(|m| Localized::of(&ctx, m)),
        project_path: paths::project(&project.slug),
        project_title: project.title.text(ctx.locale).to_owned(),
        results_path: view.results_visible.then(|| paths::phase_results(id)),
        ctx,
    })
}
