use agora_app::catalog::{self, Kind};
use agora_app::ideas::{self, ListQuery};
use agora_app::{projects, users};
use agora_core::listing::IdeaSort;
use agora_core::markdown::excerpt;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::paths;
use crate::views::{IdeaCard, Localized, idea_card};

pub struct ProjectCard {
    pub url: String,
    pub title: Localized,
    pub excerpt: Localized,
    pub status: &'static str,
    pub status_label: String,
    /// Where the project stands ("Finished", "Starts on ...", "Now"), and the phase
    /// running now.
    pub stage: String,
    pub phase: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    projects: Vec<ProjectCard>,
    ideas: Vec<IdeaCard>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    // A fresh platform first asks for its admin.
    if users::count(&state.db).await? == 0 {
        return Ok(Redirect::to(&ctx.link(paths::SETUP)).into_response());
    }
    let now = agora_db::now();
    let mut cards = Vec::new();
    for p in projects::list_visible(&state.db, ctx.actor()).await? {
        let phases = projects::phases(&state.db, p.id).await?;
        let (stage, phase) = super::projects::stage_words(&ctx, p.status, &phases, now);
        cards.push(ProjectCard {
            url: ctx.link(&paths::project(&p.slug)),
            title: Localized::of(&ctx, &p.title),
            excerpt: Localized::shaped(&ctx, &p.description, |d| excerpt(d, 200)),
            status: p.status.as_str(),
            status_label: ctx.t(&format!("project-status-{}", p.status.as_str())),
            stage,
            phase,
        });
    }
    let query = ListQuery { sort: IdeaSort::Trending, limit: 6, ..ListQuery::default() };
    let page = ideas::list(&state.db, ctx.actor(), &query).await?;
    let topics = catalog::list(&state.db, Kind::Topic).await?;
    let ideas = page.items.iter().map(|i| idea_card(&ctx, i, &topics)).collect();
    Ok(HomePage { ctx, projects: cards, ideas }.into_response())
}
