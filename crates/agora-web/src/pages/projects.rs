use agora_app::catalog;
use agora_app::ideas;
use agora_app::projects;
use agora_core::listing::IdeaSort;
use agora_core::participation::{Action, Venue};
use agora_core::permissions::ProjectStatus;
use agora_core::phase::{Method, Stage, Timing, stage, timing};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::api::ideas::ListParams;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::paths;
use crate::views::{IdeaCard, Localized, date, idea_card};

pub struct PhaseView {
    pub title: Localized,
    pub description_html: Localized,
    pub dates: String,
    pub method: String,
    pub timing: &'static str,
    /// Where to take part in the phase, or see what came of it: (label, path).
    pub link: Option<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "project.html")]
struct ProjectPage {
    ctx: Ctx,
    title: Localized,
    status: &'static str,
    status_label: String,
    stage: (String, Option<String>),
    description_html: Localized,
    phases: Vec<PhaseView>,
    can_post: bool,
    posting_closed: Option<String>,
    project_path: String,
    new_idea_path: String,
    sorts: Vec<(&'static str, String)>,
    sort: &'static str,
    q: String,
    topics: Vec<(i64, String, bool)>,
    areas: Vec<(i64, String, bool)>,
    statuses: Vec<(String, String)>,
    status_filter: String,
    /// Whether a search or a filter is on (an empty list then means "no match").
    filtered: bool,
    ideas: Vec<IdeaCard>,
    next_page: Option<String>,
}

/// Where a project stands, in words for its card and its page: the sentence, and the
/// name of the phase running now.
pub fn stage_words(ctx: &Ctx, status: ProjectStatus, phases: &[projects::Phase], now: i64) -> (String, Option<String>) {
    let windows: Vec<_> = phases.iter().map(|p| p.window).collect();
    let on = |key: &str, at: i64| agora_i18n::t_args(ctx.locale, key, &[("date", date(at).into())]);
    match stage(status == ProjectStatus::Archived, &windows, now) {
        Stage::Archived => (ctx.t("stage-archived"), None),
        Stage::NoPhases => (ctx.t("stage-no-phases"), None),
        Stage::Upcoming { start_at } => (on("stage-upcoming", start_at), None),
        Stage::Running { index } => (ctx.t("current-phase"), Some(phases[index].title.text(ctx.locale).to_owned())),
        Stage::Between { start_at } => (on("stage-between", start_at), None),
        Stage::Finished => (ctx.t("stage-finished"), None),
    }
}

pub fn phase_dates(ctx: &Ctx, window: &agora_core::phase::Window) -> String {
    match window.end_at {
        // The stored end is exclusive: the last day shown is the day before.
        Some(end) => format!("{} – {}", date(window.start_at), date(end - 1)),
        None => format!("{} – {}", date(window.start_at), ctx.t("open-ended")),
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Response> {
    let Query(params) = params.map_err(|_| agora_core::Error::field("query", "invalid"))?;
    let project = projects::by_slug(&state.db, ctx.actor(), &slug).await?;
    let now = agora_db::now();
    let phases = projects::phases(&state.db, project.id).await?;
    let current = projects::current(&phases, now);
    let venue = Venue { project_id: project.id, project_status: project.status, phase: current.map(|p| p.rules()) };
    let posting = super::offered(&ctx, &venue, Action::Posting, now);
    let query = params.query(Some(project.id), &ctx.visitor)?;
    let page = ideas::list_in(&state.db, ctx.actor(), Some(&project), &query).await?;
    let catalog = catalog::catalog(&state.db).await?;
    let (all_topics, all_areas) = (&catalog.topics, &catalog.areas);
    let project_path = paths::project(&project.slug);
    let next_page = page.next_cursor.as_ref().map(|cursor| {
        let mut url = url::Url::parse("http://x/").ok();
        if let Some(u) = url.as_mut() {
            u.set_path(&ctx.link(&project_path));
            let mut pairs = u.query_pairs_mut();
            pairs.append_pair("sort", query.sort.as_str());
            for (key, value) in [("q", &params.q), ("status", &params.status)] {
                if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                    pairs.append_pair(key, v);
                }
            }
            for (key, value) in [("topic", params.topic), ("area", params.area)] {
                if let Some(v) = value {
                    pairs.append_pair(key, &v.to_string());
                }
            }
            pairs.append_pair("cursor", cursor);
        }
        url.map(|u| format!("{}?{}", u.path(), u.query().unwrap_or_default())).unwrap_or_default()
    });
    let pick = |tags: &[agora_app::catalog::Tag], ids: &[i64], chosen: Option<i64>| -> Vec<(i64, String, bool)> {
        tags.iter()
            .filter(|t| ids.is_empty() || ids.contains(&t.id))
            .map(|t| (t.id, t.title.text(ctx.locale).to_owned(), chosen == Some(t.id)))
            .collect()
    };
    let page_view = ProjectPage {
        title: Localized::of(&ctx, &project.title),
        status: project.status.as_str(),
        status_label: ctx.t(&format!("project-status-{}", project.status.as_str())),
        stage: stage_words(&ctx, project.status, &phases, now),
        description_html: Localized::of(&ctx, &project.description_html),
        phases: phases
            .iter()
            .map(|p| PhaseView {
                title: Localized::of(&ctx, &p.title),
                description_html: Localized::of(&ctx, &p.description_html),
                dates: phase_dates(&ctx, &p.window),
                method: ctx.t(&format!("method-{}", p.config.method().as_str())),
                // An archived project runs nothing, whatever the dates say.
                timing: match timing(&p.window, now) {
                    Timing::Current if project.status == ProjectStatus::Archived => "past",
                    Timing::Past => "past",
                    Timing::Current => "current",
                    Timing::Future => "future",
                },
                link: match (p.config.method(), timing(&p.window, now)) {
                    (Method::Voting, Timing::Current) => Some((ctx.t("vote-now"), paths::phase_ballot(p.id))),
                    (Method::Voting, Timing::Past) => Some((ctx.t("see-results"), paths::phase_results(p.id))),
                    (Method::Survey, Timing::Current) => Some((ctx.t("answer-survey"), paths::phase_survey(p.id))),
                    (Method::Poll, Timing::Current) => Some((ctx.t("take-poll"), paths::phase_survey(p.id))),
                    (Method::Survey | Method::Poll, Timing::Past)
                        if p.config.survey().is_some_and(|s| s.results_public || s.results_live) =>
                    {
                        Some((ctx.t("see-results"), paths::phase_results(p.id)))
                    }
                    _ => None,
                },
            })
            .collect(),
        can_post: posting.is_ok(),
        posting_closed: posting.err().map(|e| ctx.t(&format!("error-{}", e.code.as_str()))),
        new_idea_path: format!("{project_path}/ideas/new"),
        sorts: IdeaSort::ALL.iter().map(|s| (s.as_str(), ctx.t(&format!("sort-{}", s.as_str())))).collect(),
        sort: query.sort.as_str(),
        q: params.q.clone().unwrap_or_default(),
        topics: pick(all_topics, &project.topic_ids, params.topic),
        areas: pick(all_areas, &project.area_ids, params.area),
        statuses: catalog.statuses.iter().map(|s| (s.code.clone(), s.title.text(ctx.locale).to_owned())).collect(),
        status_filter: params.status.clone().unwrap_or_default(),
        filtered: [&params.q, &params.status].iter().any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
            || params.topic.is_some()
            || params.area.is_some(),
        ideas: page.items.iter().map(|i| idea_card(&ctx, i, all_topics)).collect(),
        next_page,
        project_path,
        ctx,
    };
    Ok(page_view.into_response())
}
