use agora_app::ideas::{self, IdeaInput, ListQuery, Reacting};
use agora_core::listing::{IdeaSort, page_size, random_seed};
use agora_core::reaction::Mode;
use agora_core::{Error, Id, Multiloc};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AnyId, idea_json, idempotency_key, ids, time};
use crate::AppState;
use crate::context::{ApiJson, Ctx, Fields, Replacement};
use crate::error::AppResult;
use crate::limits::check_posting;

#[derive(Deserialize, Default)]
pub struct ListParams {
    pub sort: Option<String>,
    pub topic: Option<Id>,
    pub area: Option<Id>,
    pub status: Option<String>,
    pub q: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

impl ListParams {
    /// The service query for these parameters; `visitor` keeps the random order stable.
    pub fn query(&self, project_id: Option<Id>, visitor: &str) -> Result<ListQuery, Error> {
        let sort = match self.sort.as_deref().filter(|s| !s.is_empty()) {
            None => IdeaSort::default(),
            Some(s) => IdeaSort::parse(s).ok_or_else(|| Error::field("sort", "invalid"))?,
        };
        Ok(ListQuery {
            project_id,
            sort,
            topic_id: self.topic,
            area_id: self.area,
            status: self.status.clone().filter(|s| !s.is_empty()),
            search: self.q.clone().filter(|s| !s.trim().is_empty()),
            cursor: self.cursor.clone().filter(|s| !s.is_empty()),
            limit: page_size(self.limit)?,
            random_seed: random_seed(visitor, agora_db::now()),
        })
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(project_id): Path<Id>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Json<Value>> {
    let Query(params) =
        params.map_err(|e| Error { detail: Some(e.body_text()), ..Error::field("query", "invalid") })?;
    let page = ideas::list(&state.db, ctx.actor(), &params.query(Some(project_id), &ctx.visitor)?).await?;
    let items: Vec<Value> = page.items.iter().map(|i| idea_json(&ctx, &state.config.base_url, i)).collect();
    Ok(Json(json!({"items": items, "next_cursor": page.next_cursor})))
}

#[derive(Deserialize)]
pub struct Location {
    lat: f64,
    lng: f64,
}

#[derive(Deserialize)]
pub struct IdeaBody {
    title: Multiloc,
    body: Option<Multiloc>,
    topic_ids: Option<Vec<AnyId>>,
    area_id: Option<AnyId>,
    location: Option<Location>,
}

impl Fields for IdeaBody {
    const FIELDS: &'static [&'static str] = &["title", "body", "topic_ids", "area_id", "location"];
}

impl IdeaBody {
    fn input(self) -> IdeaInput {
        IdeaInput {
            topic_ids: ids(&self.topic_ids),
            title: self.title,
            body: self.body.unwrap_or_default(),
            area_id: self.area_id.map(|a| a.0),
            location: self.location.map(|l| (l.lat, l.lng)),
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(project_id): Path<Id>,
    ApiJson(body): ApiJson<IdeaBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    check_posting(&state, &ctx).await?;
    let key = idempotency_key(&headers);
    let idea = ideas::create(&state.db, ctx.actor(), project_id, &body.input(), key, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(idea_json(&ctx, &state.config.base_url, &idea))))
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    let idea = ideas::get_visible(&state.db, ctx.actor(), id).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Replacement(body): Replacement<IdeaBody>,
) -> AppResult<Json<Value>> {
    let idea = ideas::update(&state.db, ctx.actor(), id, &body.input(), agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    ideas::delete(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The author takes back an idea the city has answered.
pub async fn withdraw(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    let idea = ideas::withdraw(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

/// Earlier versions of an idea, for the project's staff.
pub async fn revisions(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    let idea = ideas::get_visible(&state.db, ctx.actor(), id).await?;
    let items: Vec<Value> = agora_db::revisions::of_idea(&state.db, ctx.actor(), idea.project_id, id)
        .await?
        .iter()
        .map(|r| {
            json!({
                "title": r.title, "body": r.body, "by_staff": r.by_staff, "editor_name": r.editor_name,
                "replaced_at": time(r.created_at),
            })
        })
        .collect();
    Ok(Json(json!({"items": items})))
}

#[derive(Deserialize)]
pub struct ReactionBody {
    mode: Mode,
}

pub async fn react(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<ReactionBody>,
) -> AppResult<Json<Value>> {
    let idea = ideas::react(&state.db, ctx.actor(), id, Reacting::To(Some(body.mode)), agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

pub async fn unreact(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    let idea = ideas::react(&state.db, ctx.actor(), id, Reacting::To(None), agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

#[derive(Deserialize)]
pub struct StatusBody {
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<StatusBody>,
) -> AppResult<Json<Value>> {
    let idea = ideas::set_status(&state.db, ctx.actor(), id, &body.status, agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

fn feedback_json(f: &ideas::Feedback) -> Value {
    json!({"id": f.id, "idea_id": f.idea_id, "body": f.body, "body_html": f.body_html, "author": f.author, "created_at": time(f.created_at)})
}

pub async fn feedback(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    ideas::get_visible(&state.db, ctx.actor(), id).await?;
    let items: Vec<Value> = ideas::feedback_of(&state.db, id).await?.iter().map(feedback_json).collect();
    Ok(Json(json!({"items": items})))
}

#[derive(Deserialize)]
pub struct FeedbackBody {
    body: Multiloc,
    author: Multiloc,
}

pub async fn add_feedback(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<FeedbackBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let f = ideas::add_feedback(&state.db, ctx.actor(), id, &body.body, &body.author, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(feedback_json(&f))))
}

#[derive(Deserialize)]
pub struct HiddenBody {
    pub hidden: bool,
}

pub async fn set_hidden(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<HiddenBody>,
) -> AppResult<Json<Value>> {
    let idea = ideas::set_hidden(&state.db, ctx.actor(), id, body.hidden, agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

pub async fn follow(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    ideas::set_following(&state.db, ctx.actor(), id, true, agora_db::now()).await?;
    Ok(Json(json!({"idea_id": id, "following": true})))
}

pub async fn unfollow(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    ideas::set_following(&state.db, ctx.actor(), id, false, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
