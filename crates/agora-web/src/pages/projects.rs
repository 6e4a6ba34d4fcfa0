use agora_core::listing::IdeaSort;
use agora_core::permissions::{Participation, may_participate};
use agora_core::phase::{Timing, timing};
use agora_db::catalog;
use agora_db::ideas;
use agora_db::projects;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::api::ideas::ListParams;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::views::{IdeaCard, date, idea_card};

pub struct PhaseView {
    pub title: String,
    pub description_html: String,
    pub dates: String,
    pub method: String,
    pub timing: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "project.html")]
struct ProjectPage {
    ctx: Ctx,
    title: String,
    status: &'static str,
    status_label: String,
    description_html: String,
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
    ideas: Vec<IdeaCard>,
    next_page: Option<String>,
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
    let posting = may_participate(project.status, current.map(|p| &p.rules), Participation::PostIdea);
    let query = params.query(Some(project.id), &ctx.visitor)?;
    let page = ideas::list_in(&state.db, ctx.actor(), Some(&project), &query).await?;
    let catalog = catalog::catalog(&state.db).await?;
    let (all_topics, all_areas) = (&catalog.topics, &catalog.areas);
    let project_path = format!("/projects/{}", project.slug);
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
    let pick = |tags: &[agora_db::catalog::Tag], ids: &[i64], chosen: Option<i64>| -> Vec<(i64, String, bool)> {
        tags.iter()
            .filter(|t| ids.is_empty() || ids.contains(&t.id))
            .map(|t| (t.id, t.title.text(ctx.locale).to_owned(), chosen == Some(t.id)))
            .collect()
    };
    let page_view = ProjectPage {
        title: project.title.text(ctx.locale).to_owned(),
        status: project.status.as_str(),
        status_label: ctx.t(&format!("project-status-{}", project.status.as_str())),
        description_html: project.description_html.text(ctx.locale).to_owned(),
        phases: phases
            .iter()
            .map(|p| PhaseView {
                title: p.title.text(ctx.locale).to_owned(),
                description_html: p.description_html.text(ctx.locale).to_owned(),
                dates: phase_dates(&ctx, &p.window),
                method: ctx.t(&format!("method-{}", p.rules.method.as_str())),
                timing: match timing(&p.window, now) {
                    Timing::Past => "past",
                    Timing::Current => "current",
                    Timing::Future => "future",
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
        ideas: page.items.iter().map(|i| idea_card(&ctx, i, all_topics)).collect(),
        next_page,
        project_path,
        ctx,
    };
    Ok(page_view.into_response())
}
