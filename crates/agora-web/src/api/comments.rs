use agora_app::comments::{self, Comment};
use agora_core::{Id, Multiloc};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::ideas::HiddenBody;
use super::{AnyId, idempotency_key, time};
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::AppResult;
use crate::limits::check_posting;

fn comment_json(c: &Comment) -> Value {
    json!({
        "id": c.id,
        "idea_id": c.idea_id,
        "parent_id": c.parent_id,
        "author": c.author.as_ref().map(|a| json!({"id": a.id, "name": a.name})),
        "body": c.body,
        "body_html": c.body_html,
        "likes_count": c.likes_count,
        "deleted": c.deleted,
        "hidden": c.hidden,
        "edited_by_staff": c.edited_by_staff,
        "created_at": time(c.created_at),
        "updated_at": time(c.updated_at),
    })
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    let items: Vec<Value> = comments::list(&state.db, ctx.actor(), id).await?.iter().map(comment_json).collect();
    Ok(Json(json!({"items": items})))
}

#[derive(Deserialize)]
pub struct CommentBody {
    body: Multiloc,
    parent_id: Option<AnyId>,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<CommentBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    check_posting(&state, &ctx).await?;
    let (parent, key) = (body.parent_id.map(|p| p.0), idempotency_key(&headers));
    let c = comments::create(&state.db, ctx.actor(), id, &body.body, parent, key, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(comment_json(&c))))
}

#[derive(Deserialize)]
pub struct EditBody {
    body: Multiloc,
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<EditBody>,
) -> AppResult<Json<Value>> {
    Ok(Json(comment_json(&comments::update(&state.db, ctx.actor(), id, &body.body, agora_db::now()).await?)))
}

pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    comments::delete(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn like(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    Ok(Json(comment_json(&comments::set_like(&state.db, ctx.actor(), id, true, agora_db::now()).await?)))
}

pub async fn unlike(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    Ok(Json(comment_json(&comments::set_like(&state.db, ctx.actor(), id, false, agora_db::now()).await?)))
}

pub async fn set_hidden(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<HiddenBody>,
) -> AppResult<Json<Value>> {
    Ok(Json(comment_json(&comments::set_hidden(&state.db, ctx.actor(), id, body.hidden, agora_db::now()).await?)))
}
