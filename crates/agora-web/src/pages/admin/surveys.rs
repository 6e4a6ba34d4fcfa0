//! The form builder of a survey or poll, for the project's staff, without JavaScript:
//! pages and their questions, moved with buttons; each question edited on a page of its
//! own, in every language; skip logic per page; the closing message. A change that
//! touches answered questions, and every removal, asks first.

use agora_app::surveys;
use agora_core::survey::{Form, Goto, Question, QuestionType};
use agora_core::{Error, Id, LOCALES, Multiloc};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::super::confirm::{Confirm, DeleteForm};
use super::super::see_other;
use super::form_builder::{Fields, apply, edit_question};
use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::{AppError, AppResult, field_message};
use crate::paths;
use crate::views::Localized;

/// Every type of question, in the order the builder offers them.
const TYPES: [QuestionType; 12] = [
    QuestionType::ShortText,
    QuestionType::LongText,
    QuestionType::Number,
    QuestionType::SingleChoice,
    QuestionType::MultipleChoice,
    QuestionType::LinearScale,
    QuestionType::Rating,
    QuestionType::Ranking,
    QuestionType::Matrix,
    QuestionType::Date,
    QuestionType::Point,
    QuestionType::File,
];

fn type_name(kind: QuestionType) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A text in every language, for the inputs: (locale, the language's name, the text).
type Texts = Vec<(&'static str, String, String)>;

fn in_every_language(text: Option<&Multiloc>) -> Texts {
    LOCALES
        .iter()
        .map(|l| (*l, agora_i18n::t(l, "language-name"), text.and_then(|t| t.0.get(*l)).cloned().unwrap_or_default()))
        .collect()
}

pub struct QuestionLine {
    pub key: String,
    pub title: String,
    pub kind: String,
    pub required: bool,
    pub edit_path: String,
    pub delete_path: String,
}

pub struct PageEdit {
    pub key: String,
    pub number: usize,
    /// "Page 2: By car".
    pub heading: String,
    pub title: Texts,
    pub text: Texts,
    pub next: String,
    /// Where the page may lead: (value, label).
    pub gotos: Vec<(String, String)>,
    pub questions: Vec<QuestionLine>,
    pub rules: Vec<(usize, String)>,
    /// The answers a rule may follow: (`question:option`, "Question: option").
    pub rule_choices: Vec<(String, String)>,
    pub delete_path: String,
    pub first: bool,
    pub last: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_survey.html")]
pub struct BuilderPage {
    ctx: Ctx,
    title: Localized,
    phase_path: String,
    public_path: String,
    results_path: String,
    action: String,
    poll: bool,
    answered: Option<String>,
    errors: Vec<String>,
    pages: Vec<PageEdit>,
    types: Vec<(String, String)>,
    closing: Texts,
}

fn title_of(ctx: &Ctx, text: &Multiloc) -> String {
    let shown = text.text(ctx.locale);
    if shown.is_empty() { "—".to_owned() } else { shown.to_owned() }
}

fn page_edit(ctx: &Ctx, id: Id, form: &Form, at: usize) -> PageEdit {
    let page = &form.pages[at];
    let label = |goto: &Goto| match goto {
        Goto::End => ctx.t("builder-goto-end"),
        Goto::Page(key) => form.page_at(key).map_or(key.clone(), |p| page_label(ctx, form, p)),
    };
    let mut gotos = vec![(String::new(), ctx.t("builder-goto-next"))];
    gotos.extend(form.pages.iter().enumerate().skip(at + 1).map(|(i, p)| (p.key.clone(), page_label(ctx, form, i))));
    gotos.push(("end".to_owned(), ctx.t("builder-goto-end")));
    let choices =
        page.questions.iter().filter(|q| matches!(q.kind, QuestionType::SingleChoice | QuestionType::MultipleChoice));
    PageEdit {
        key: page.key.clone(),
        number: at + 1,
        heading: page_label(ctx, form, at),
        title: in_every_language(page.title.as_ref()),
        text: in_every_language(page.text.as_ref()),
        gotos,
        next: match &page.next {
            None => String::new(),
            Some(Goto::End) => "end".to_owned(),
            Some(Goto::Page(key)) => key.clone(),
        },
        questions: page
            .questions
            .iter()
            .map(|q| QuestionLine {
                key: q.key.clone(),
                title: title_of(ctx, &q.title),
                kind: ctx.t(&format!("question-type-{}", type_name(q.kind))),
                required: q.required,
                edit_path: paths::admin_phase_question(id, &q.key),
                delete_path: paths::admin_phase_question_delete(id, &q.key),
            })
            .collect(),
        rules: page
            .logic
            .iter()
            .enumerate()
            .map(|(i, rule)| {
                let q = form.question(&rule.question);
                let option = q.and_then(|q| q.options.iter().find(|o| o.key == rule.option));
                let args = [
                    ("question", q.map_or(rule.question.clone(), |q| title_of(ctx, &q.title)).into()),
                    ("option", option.map_or(rule.option.clone(), |o| title_of(ctx, &o.title)).into()),
                    ("goto", label(&rule.goto).into()),
                ];
                (i, agora_i18n::t_args(ctx.locale, "builder-rule", &args))
            })
            .collect(),
        rule_choices: choices
            .flat_map(|q| q.options.iter().map(move |o| (q, o)))
            .map(|(q, o)| {
                (format!("{}:{}", q.key, o.key), format!("{}: {}", title_of(ctx, &q.title), title_of(ctx, &o.title)))
            })
            .collect(),
        delete_path: paths::admin_phase_page_delete(id, &page.key),
        first: at == 0,
        last: at + 1 == form.pages.len(),
    }
}

fn page_label(ctx: &Ctx, form: &Form, at: usize) -> String {
    let number = agora_i18n::t_args(ctx.locale, "builder-page", &[("number", (at as i64 + 1).into())]);
    match form.pages[at].title.as_ref().filter(|t| !t.is_blank()) {
        Some(title) => format!("{number}: {}", title.text(ctx.locale)),
        None => number,
    }
}

async fn builder_page(
    state: &AppState,
    ctx: Ctx,
    id: Id,
    shown: Option<&Form>,
    e: Option<Error>,
) -> AppResult<BuilderPage> {
    let (survey, stored, responses) = surveys::builder(&state.db, ctx.actor(), id).await?;
    let form = shown.unwrap_or(&stored.form);
    let phase = survey.context.phase.as_ref().ok_or_else(Error::not_found)?;
    let project = agora_app::projects::get_visible(&state.db, ctx.actor(), survey.context.project_id).await?;
    let errors = e
        .map(|e| {
            e.fields.iter().map(|f| format!("{}: {}", f.field, field_message(ctx.locale, f.problem, f.limit))).collect()
        })
        .unwrap_or_default();
    let types = TYPES
        .iter()
        .filter(|t| !survey.poll || t.in_polls())
        .map(|t| (type_name(*t), ctx.t(&format!("question-type-{}", type_name(*t)))))
        .collect();
    Ok(BuilderPage {
        title: Localized::of(&ctx, &phase.title),
        phase_path: paths::admin_phase(id),
        public_path: paths::project(&project.slug),
        results_path: paths::phase_results(id),
        action: paths::admin_phase_form(id),
        poll: survey.poll,
        answered: (responses > 0)
            .then(|| agora_i18n::t_args(ctx.locale, "builder-answered", &[("count", responses.into())])),
        errors,
        pages: (0..form.pages.len()).map(|at| page_edit(&ctx, id, form, at)).collect(),
        types,
        closing: in_every_language(form.closing_message.as_ref()),
        ctx,
    })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<BuilderPage> {
    builder_page(&state, ctx, id, None, None).await
}

/// Saves a changed form, or shows the builder again with what is wrong.
async fn save(state: &AppState, ctx: Ctx, id: Id, form: Form, back_to: String) -> AppResult<Response> {
    match surveys::save_form(&state.db, ctx.actor(), id, &form, agora_db::now()).await {
        Ok(_) => Ok(see_other(&ctx, &back_to)),
        Err(e) if e.code == agora_core::Code::InvalidInput => {
            let page = builder_page(state, ctx, id, Some(&form), Some(e)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(AppError(e)),
    }
}

/// One step of the builder (add a page or question, move one, change a page, a rule,
/// the closing message).
pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (_, stored, _) = surveys::builder(&state.db, ctx.actor(), id).await?;
    let fields = Fields::from_pairs(pairs);
    let mut form = stored.form;
    if let Err(e) = apply(&mut form, &fields, ctx.locale, &ctx.t("builder-option")) {
        let page = builder_page(&state, ctx, id, None, Some(e)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let anchor = match fields.get("page") {
        "" => String::new(),
        key => format!("#page-{key}"),
    };
    save(&state, ctx, id, form, format!("{}{anchor}", paths::admin_phase_form(id))).await
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_question.html")]
pub struct QuestionPage {
    ctx: Ctx,
    action: String,
    back: String,
    kind: String,
    type_label: String,
    title: Texts,
    help: Texts,
    required: bool,
    other: bool,
    has_options: bool,
    has_rows: bool,
    has_scale: bool,
    has_limits: bool,
    options: Vec<(String, Texts)>,
    rows: Vec<(String, Texts)>,
    min: String,
    max: String,
    min_label: Texts,
    max_label: Texts,
    errors: Vec<String>,
    /// What saving would do to answered questions: asked before it is done.
    warnings: Vec<String>,
    /// The fields to post again when the change is confirmed.
    resend: Vec<(String, String)>,
}

fn question_page(ctx: Ctx, id: Id, q: &Question, errors: Vec<String>) -> QuestionPage {
    let number = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    let choices = |list: &[agora_core::survey::Choice]| {
        list.iter().map(|c| (c.key.clone(), in_every_language(Some(&c.title)))).collect()
    };
    QuestionPage {
        action: paths::admin_phase_question(id, &q.key),
        back: format!("{}#q-{}", paths::admin_phase_form(id), q.key),
        kind: type_name(q.kind),
        type_label: ctx.t(&format!("question-type-{}", type_name(q.kind))),
        title: in_every_language(Some(&q.title)),
        help: in_every_language(q.help.as_ref()),
        required: q.required,
        other: q.other,
        has_options: q.kind.has_options(),
        has_rows: q.kind == QuestionType::Matrix,
        has_scale: matches!(q.kind, QuestionType::LinearScale | QuestionType::Matrix),
        has_limits: matches!(
            q.kind,
            QuestionType::Number | QuestionType::LinearScale | QuestionType::Matrix | QuestionType::MultipleChoice
        ),
        options: choices(&q.options),
        rows: choices(&q.rows),
        min: number(q.min),
        max: number(q.max),
        min_label: in_every_language(q.min_label.as_ref()),
        max_label: in_every_language(q.max_label.as_ref()),
        errors,
        warnings: Vec::new(),
        resend: Vec::new(),
        ctx,
    }
}

pub async fn question_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key)): Path<(Id, String)>,
) -> AppResult<QuestionPage> {
    let (_, stored, _) = surveys::builder(&state.db, ctx.actor(), id).await?;
    let q = stored.form.question(&key).ok_or_else(Error::not_found)?;
    Ok(question_page(ctx, id, q, Vec::new()))
}

pub async fn save_question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key)): Path<(Id, String)>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (_, stored, responses) = surveys::builder(&state.db, ctx.actor(), id).await?;
    let fields = Fields::from_pairs(pairs.clone());
    let mut form = stored.form.clone();
    let q = form
        .pages
        .iter_mut()
        .flat_map(|p| p.questions.iter_mut())
        .find(|q| q.key == key)
        .ok_or_else(Error::not_found)?;
    if let Err(e) = edit_question(q, &fields, ctx.locale) {
        let errors = e
            .fields
            .iter()
            .map(|f| format!("{}: {}", f.field, field_message(ctx.locale, f.problem, f.limit)))
            .collect();
        let page = question_page(ctx, id, q, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    // Skip logic that followed an option removed now goes with it.
    let options: Vec<String> =
        form.question(&key).map(|q| q.options.iter().map(|o| o.key.clone()).collect()).unwrap_or_default();
    for page in &mut form.pages {
        page.logic.retain(|rule| rule.question != key || options.contains(&rule.option));
    }
    let changes = agora_core::survey::changes(&stored.form, &form);
    if responses > 0 && !changes.is_empty() && !fields.ticked("confirmed") {
        let q = form.question(&key).ok_or_else(Error::not_found)?;
        let warnings = changes.iter().map(|c| ctx.t(&format!("builder-change-{}", c.change))).collect();
        let mut page = question_page(ctx, id, q, Vec::new());
        page.warnings = warnings;
        page.resend = pairs.into_iter().filter(|(k, _)| k != "csrf").collect();
        return Ok(page.into_response());
    }
    let back = format!("{}#q-{key}", paths::admin_phase_form(id));
    save(&state, ctx, id, form, back).await
}

/// Removes a question or a page (with its questions), after asking; answers given to
/// them stay in the exports.
async fn remove(state: &AppState, ctx: Ctx, id: Id, confirmed: bool, what: Removal<'_>) -> AppResult<Response> {
    let (_, stored, responses) = surveys::builder(&state.db, ctx.actor(), id).await?;
    let mut form = stored.form;
    let (question, action) = match what {
        Removal::Question(key) => {
            let found = form
                .pages
                .iter_mut()
                .find(|p| p.questions.iter().any(|q| q.key == key))
                .ok_or_else(Error::not_found)?;
            found.questions.retain(|q| q.key != key);
            found.logic.retain(|r| r.question != key);
            ("confirm-remove-question", paths::admin_phase_question_delete(id, key))
        }
        Removal::Page(key) => {
            let at = form.page_at(key).ok_or_else(Error::not_found)?;
            form.pages.remove(at);
            for page in &mut form.pages {
                page.logic.retain(|r| !matches!(&r.goto, Goto::Page(to) if to == key));
                if matches!(&page.next, Some(Goto::Page(to)) if to == key) {
                    page.next = None;
                }
            }
            ("confirm-remove-page", paths::admin_phase_page_delete(id, key))
        }
    };
    let back = paths::admin_phase_form(id);
    if !confirmed {
        let (question, button) = (ctx.t(question), ctx.t("builder-remove"));
        let stay = agora_i18n::t_args(ctx.locale, "builder-answers-stay", &[("count", responses.into())]);
        let mut confirm = Confirm::new(ctx, question, action, button, back);
        if responses > 0 {
            confirm = confirm.detail(stay);
        }
        return Ok(confirm.into_response());
    }
    save(state, ctx, id, form, back).await
}

enum Removal<'a> {
    Question(&'a str),
    Page(&'a str),
}

pub async fn delete_question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key)): Path<(Id, String)>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    remove(&state, ctx, id, form.confirmed(), Removal::Question(&key)).await
}

pub async fn delete_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key)): Path<(Id, String)>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    remove(&state, ctx, id, form.confirmed(), Removal::Page(&key)).await
}
