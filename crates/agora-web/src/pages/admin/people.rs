//! People in the back office: find a person by name or address, and block them (they
//! can still read, but not sign in or act) or lift the block.

use agora_app::users::{self, User};
use agora_core::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::pages::confirm::{Confirm, Done, done};
use crate::paths;
use crate::views::date;

/// How many people a search shows.
const FOUND: i64 = 50;

pub struct PersonView {
    name: String,
    email: String,
    since: String,
    confirmed: bool,
    is_admin: bool,
    /// "Blocked on 2026-12-02", when blocked.
    blocked: Option<String>,
    block_path: String,
    unblock_path: String,
}

impl PersonView {
    /// `q`: the search, which the buttons carry to come back to it.
    fn of(ctx: &Ctx, u: User, q: &str) -> PersonView {
        let q = url_encoded(q);
        PersonView {
            blocked: u.blocked_at.map(|at| format!("{} {}", ctx.t("blocked-since"), date(at))),
            block_path: format!("{}?q={q}", paths::admin_person_block(u.id)),
            unblock_path: format!("{}?q={q}", paths::admin_person_unblock(u.id)),
            since: date(u.created_at),
            confirmed: u.email_confirmed_at.is_some(),
            is_admin: u.is_admin,
            name: u.name,
            email: u.email,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_people.html")]
pub struct PeoplePage {
    ctx: Ctx,
    query: String,
    found: Option<Vec<PersonView>>,
}

#[derive(Deserialize)]
pub struct PeopleQuery {
    #[serde(default)]
    q: String,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PeopleQuery>) -> AppResult<Response> {
    agora_core::permissions::admin(ctx.actor())?;
    let found = match q.q.trim() {
        "" => None,
        text => Some(
            users::find(&state.db, ctx.actor(), text, FOUND)
                .await?
                .into_iter()
                .map(|u| PersonView::of(&ctx, u, text))
                .collect(),
        ),
    };
    Ok(PeoplePage { ctx, query: q.q, found }.into_response())
}

#[derive(Deserialize)]
pub struct BlockForm {
    confirmed: Option<String>,
}

fn back(q: &str) -> String {
    format!("{}?q={}", paths::ADMIN_PEOPLE, url_encoded(q))
}

/// Blocks a person, after asking.
pub async fn block(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(q): Query<PeopleQuery>,
    PageForm(form): PageForm<BlockForm>,
) -> AppResult<Response> {
    if !crate::pages::checked(&form.confirmed) {
        agora_core::permissions::admin(ctx.actor())?;
        let person = users::by_id(&state.db, id).await?.ok_or_else(agora_core::Error::not_found)?;
        let question = agora_i18n::t_args(ctx.locale, "confirm-block", &[("name", person.name.into())]);
        let (detail, button) = (ctx.t("confirm-block-detail"), ctx.t("block"));
        let action = format!("{}?q={}", paths::admin_person_block(id), url_encoded(&q.q));
        return Ok(Confirm::new(ctx, question, action, button, back(&q.q)).detail(detail).into_response());
    }
    users::block(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(done(&ctx, &back(&q.q), Done::PersonBlocked))
}

fn url_encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

pub async fn unblock(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(q): Query<PeopleQuery>,
    PageForm(_): PageForm<crate::pages::NoFields>,
) -> AppResult<Response> {
    users::unblock(&state.db, ctx.actor(), id).await?;
    Ok(done(&ctx, &back(&q.q), Done::PersonUnblocked))
}
