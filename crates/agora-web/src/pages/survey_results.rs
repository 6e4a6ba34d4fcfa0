//! The results of a survey or poll in the pages: per question, bars drawn on the server
//! (SVG, no JavaScript) with the counts and shares in a table, means, the Borda count of
//! rankings, the text answers (searchable), the ways taken through the pages; filtered
//! by an answer to another question; the exports for staff.

use agora_app::surveys;
use agora_core::Id;
use agora_core::survey::{Question, QuestionType, Summary};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::voting::{self, ResultsQuery};
use crate::AppState;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::paths;
use crate::views::Localized;

/// A row of a question's results: what was chosen, how often, its share and bar.
pub struct BarRow {
    pub label: String,
    pub count: u64,
    pub percent: String,
    /// The bar's width, out of 200.
    pub width: u64,
}

pub struct QuestionResult {
    pub key: String,
    pub title: Localized,
    pub answered: String,
    pub bars: Vec<BarRow>,
    pub mean: Option<String>,
    /// Rankings: options by Borda points.
    pub borda: Vec<(String, u64)>,
    /// Matrices: each statement's mean.
    pub row_means: Vec<(String, String)>,
    /// Texts, dates, points and "other" answers.
    pub answers: Vec<String>,
    /// File questions: where each file is downloaded.
    pub files: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "survey_results.html")]
pub struct SurveyResultsPage {
    ctx: Ctx,
    title: Localized,
    project_title: String,
    project_path: String,
    page_path: String,
    responses: String,
    /// Choices to filter by, not yet chosen: (`question:option`, "Question: option").
    filters: Vec<(String, String)>,
    /// The filters chosen (all must hold): their value, what they say, and the link to
    /// the results without it.
    active: Vec<(String, String, String)>,
    /// Whether there are written answers to search.
    searchable: bool,
    q: String,
    questions: Vec<QuestionResult>,
    paths: Vec<(String, u64)>,
    /// For staff: the exports.
    exports: Option<(String, String)>,
}

fn label(q: &Question, key: &str, ctx: &Ctx) -> String {
    if key == "other" {
        return ctx.t("export-other");
    }
    let titled = q.options.iter().find(|o| o.key == key).map(|o| o.title.text(ctx.locale).to_owned());
    titled.unwrap_or_else(|| key.to_owned())
}

fn bars(q: &Question, s: &Summary, ctx: &Ctx) -> Vec<BarRow> {
    let Some(counts) = &s.counts else { return Vec::new() };
    surveys::in_order(q, counts)
        .into_iter()
        .map(|key| {
            let count = counts[key];
            let share = if s.answered == 0 { 0.0 } else { count as f64 * 100.0 / s.answered as f64 };
            BarRow {
                label: label(q, key, ctx),
                count,
                percent: format!("{share:.0} %"),
                width: (share * 2.0).round() as u64,
            }
        })
        .collect()
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(o) if o.contains_key("lat") => format!("{}, {}", o["lat"], o["lng"]),
        other => other.to_string(),
    }
}

fn question_result(ctx: &Ctx, q: &Question, s: &Summary) -> QuestionResult {
    let answers = s.answers.iter().flatten();
    let (files, answers) = match q.kind {
        QuestionType::File => {
            (answers.filter_map(Value::as_i64).map(|id| format!("/api/v1/uploads/{id}")).collect(), Vec::new())
        }
        _ => (Vec::new(), answers.map(shown).collect()),
    };
    QuestionResult {
        key: q.key.clone(),
        title: Localized::of(ctx, &q.title),
        answered: agora_i18n::t_args(ctx.locale, "survey-answered-by", &[("count", (s.answered as i64).into())]),
        bars: bars(q, s, ctx),
        mean: s.mean.map(|m| format!("{m:.2}")),
        borda: s.borda.iter().flatten().map(|(k, p)| (label(q, k, ctx), *p)).collect(),
        row_means: s
            .rows
            .iter()
            .flatten()
            .map(|(key, row)| {
                let title =
                    q.rows.iter().find(|r| &r.key == key).map_or(key.clone(), |r| r.title.text(ctx.locale).to_owned());
                (title, row.mean.map(|m| format!("{m:.2}")).unwrap_or_else(|| "–".to_owned()))
            })
            .collect(),
        answers,
        files,
    }
}

/// A way through the pages, as people know them: by their titles, else their numbers.
fn way(ctx: &Ctx, form: &agora_core::survey::Form, pages: &[String]) -> String {
    let name = |key: &String| match form.page_at(key) {
        Some(at) => match form.pages[at].title.as_ref().filter(|t| !t.is_blank()) {
            Some(title) => title.text(ctx.locale).to_owned(),
            None => agora_i18n::t_args(ctx.locale, "builder-page", &[("number", (at as i64 + 1).into())]),
        },
        None => key.clone(),
    };
    pages.iter().map(name).collect::<Vec<_>>().join(" → ")
}

/// `/phases/{id}/results` shows a vote's results, or a survey's or poll's.
pub async fn results(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(query): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    if !surveys::is_survey(&state.db, id).await? {
        let code = query.iter().find(|(k, _)| k == "code").map(|(_, v)| v.clone());
        return Ok(voting::results(State(state), ctx, Path(id), Query(ResultsQuery { code })).await?.into_response());
    }
    let only: Vec<String> =
        query.iter().filter(|(k, v)| k == "only" && !v.is_empty()).map(|(_, v)| v.clone()).collect();
    let search = query.iter().find(|(k, _)| k == "q").map(|(_, v)| v.clone()).unwrap_or_default();
    let filters: Vec<(String, String)> =
        only.iter().filter_map(|o| o.split_once(':')).map(|(q, o)| (q.to_owned(), o.to_owned())).collect();
    let results = surveys::results(&state.db, ctx.actor(), id, &filters, Some(&search), agora_db::now()).await?;
    let phase = surveys::survey_phase(&state.db, ctx.actor(), id).await?;
    let project = agora_app::projects::get_visible(&state.db, ctx.actor(), phase.context.project_id).await?;
    let staff = ctx.actor().is_some_and(|a| a.moderates(phase.context.project_id));
    let title = phase
        .context
        .phase
        .as_ref()
        .map(|p| Localized::of(&ctx, &p.title))
        .unwrap_or_else(|| Localized::of(&ctx, &project.title));
    let choices = results.form.questions().filter(|q| q.kind.has_options() && q.kind != QuestionType::Ranking);
    let filter_options: Vec<(String, String)> = choices
        .flat_map(|q| q.options.iter().map(move |o| (format!("{}:{}", q.key, o.key), q, o)))
        .map(|(value, q, o)| (value, format!("{}: {}", q.title.text(ctx.locale), o.title.text(ctx.locale))))
        .collect();
    let page_path = paths::phase_results(id);
    let without = |gone: &str| {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        only.iter().filter(|o| *o != gone).for_each(|o| {
            link.append_pair("only", o);
        });
        if !search.is_empty() {
            link.append_pair("q", &search);
        }
        format!("{page_path}?{}", link.finish())
    };
    let active = filter_options
        .iter()
        .filter(|(value, _)| only.contains(value))
        .map(|(value, text)| (value.clone(), text.clone(), without(value)))
        .collect();
    let page = SurveyResultsPage {
        title,
        project_title: project.title.text(ctx.locale).to_owned(),
        project_path: paths::project(&project.slug),
        page_path: page_path.clone(),
        responses: agora_i18n::t_args(ctx.locale, "survey-responses", &[("count", (results.responses as i64).into())]),
        filters: filter_options.into_iter().filter(|(value, _)| !only.contains(value)).collect(),
        active,
        searchable: results
            .form
            .questions()
            .any(|q| q.other || matches!(q.kind, QuestionType::ShortText | QuestionType::LongText)),
        q: search,
        questions: results.questions.iter().map(|(q, s)| question_result(&ctx, q, s)).collect(),
        paths: results.paths.iter().map(|(pages, n)| (way(&ctx, &results.form, pages), *n)).collect(),
        exports: staff.then(|| {
            let locale = ctx.locale;
            (
                format!("/api/v1/phases/{id}/responses.xlsx?locale={locale}"),
                format!("/api/v1/phases/{id}/responses.csv?locale={locale}"),
            )
        }),
        ctx,
    };
    Ok(page.into_response())
}
