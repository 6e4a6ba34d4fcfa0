//! The catalogue in the API: topics and areas (admins name them), idea statuses.

use agora_app::catalog::{self, Kind, Tag};
use agora_core::{Id, Multiloc};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc::{BadRequest, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnprocessableEntity};
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::AppResult;

/// A topic or an area.
#[derive(Serialize, ToSchema)]
#[schema(as = Tag)]
pub struct TagJson {
    id: i64,
    title: Multiloc,
}

#[derive(Serialize, ToSchema)]
pub struct TagList {
    items: Vec<TagJson>,
}

fn tag_json(tag: &Tag) -> TagJson {
    TagJson { id: tag.id, title: tag.title.clone() }
}

#[derive(Deserialize, ToSchema)]
#[schema(as = TagInput)]
pub struct TagBody {
    /// At most 100 characters per locale.
    title: Multiloc,
}

#[utoipa::path(
    get,
    path = "/v1/topics",
    tag = "catalog",
    operation_id = "list_topics",
    summary = "List the topics.",
    responses(
        (status = 200, description = "OK", body = TagList),
    )
)]
pub async fn topics(State(state): State<AppState>) -> AppResult<Json<TagList>> {
    let items = catalog::list(&state.db, Kind::Topic).await?.iter().map(tag_json).collect();
    Ok(Json(TagList { items }))
}

#[utoipa::path(
    get,
    path = "/v1/areas",
    tag = "catalog",
    operation_id = "list_areas",
    summary = "List the areas.",
    responses(
        (status = 200, description = "OK", body = TagList),
    )
)]
pub async fn areas(State(state): State<AppState>) -> AppResult<Json<TagList>> {
    let items = catalog::list(&state.db, Kind::Area).await?.iter().map(tag_json).collect();
    Ok(Json(TagList { items }))
}

#[utoipa::path(
    post,
    path = "/v1/topics",
    tag = "catalog",
    operation_id = "create_topic",
    summary = "Create a topic (admins).",
    request_body = TagBody,
    responses(
        (status = 201, description = "Created", body = TagJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn create_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<TagBody>,
) -> AppResult<(StatusCode, Json<TagJson>)> {
    let tag = catalog::create(&state.db, ctx.actor(), Kind::Topic, &body.title, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(tag_json(&tag))))
}

#[utoipa::path(
    post,
    path = "/v1/areas",
    tag = "catalog",
    operation_id = "create_area",
    summary = "Create an area (admins).",
    request_body = TagBody,
    responses(
        (status = 201, description = "Created", body = TagJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn create_area(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<TagBody>,
) -> AppResult<(StatusCode, Json<TagJson>)> {
    let tag = catalog::create(&state.db, ctx.actor(), Kind::Area, &body.title, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(tag_json(&tag))))
}

async fn update_tag(state: &AppState, ctx: &Ctx, kind: Kind, id: Id, title: &Multiloc) -> AppResult<Json<TagJson>> {
    Ok(Json(tag_json(&catalog::update(&state.db, ctx.actor(), kind, id, title).await?)))
}

#[utoipa::path(
    put,
    path = "/v1/topics/{id}",
    tag = "catalog",
    operation_id = "update_topic",
    summary = "Rename a topic (admins).",
    params(("id" = i64, Path, description = "The topic's id.")),
    request_body = TagBody,
    responses(
        (status = 200, description = "OK", body = TagJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn update_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<TagBody>,
) -> AppResult<Json<TagJson>> {
    update_tag(&state, &ctx, Kind::Topic, id, &body.title).await
}

#[utoipa::path(
    put,
    path = "/v1/areas/{id}",
    tag = "catalog",
    operation_id = "update_area",
    summary = "Rename an area (admins).",
    params(("id" = i64, Path, description = "The area's id.")),
    request_body = TagBody,
    responses(
        (status = 200, description = "OK", body = TagJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn update_area(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<TagBody>,
) -> AppResult<Json<TagJson>> {
    update_tag(&state, &ctx, Kind::Area, id, &body.title).await
}

#[utoipa::path(
    delete,
    path = "/v1/topics/{id}",
    tag = "catalog",
    operation_id = "delete_topic",
    summary = "Delete a topic (admins); ideas and projects lose it.",
    params(("id" = i64, Path, description = "The topic's id.")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn delete_topic(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    catalog::delete(&state.db, ctx.actor(), Kind::Topic, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/v1/areas/{id}",
    tag = "catalog",
    operation_id = "delete_area",
    summary = "Delete an area (admins); ideas and projects lose it.",
    params(("id" = i64, Path, description = "The area's id.")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn delete_area(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    catalog::delete(&state.db, ctx.actor(), Kind::Area, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An idea status.
#[derive(Serialize, ToSchema)]
#[schema(as = Status)]
pub struct StatusJson {
    id: i64,
    #[schema(examples("proposed"))]
    code: String,
    title: Multiloc,
    #[schema(pattern = "^#[0-9A-Fa-f]{6}$", examples("#0b7285"))]
    color: String,
}

#[derive(Serialize, ToSchema)]
pub struct StatusList {
    items: Vec<StatusJson>,
}

fn status_json(s: &catalog::Status) -> StatusJson {
    StatusJson { id: s.id, code: s.code.clone(), title: s.title.clone(), color: s.color.clone() }
}

#[utoipa::path(
    get,
    path = "/v1/statuses",
    tag = "catalog",
    operation_id = "list_statuses",
    summary = "List the idea statuses, in their display order.",
    responses(
        (status = 200, description = "OK", body = StatusList),
    )
)]
pub async fn statuses(State(state): State<AppState>) -> AppResult<Json<StatusList>> {
    let items = catalog::statuses(&state.db).await?.iter().map(status_json).collect();
    Ok(Json(StatusList { items }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = NewStatus)]
pub struct StatusBody {
    /// Lower-case letters, digits, dashes or underscores, e.g. `in_progress`.
    code: String,
    title: Multiloc,
    #[schema(pattern = "^#[0-9a-fA-F]{6}$")]
    color: String,
}

#[utoipa::path(
    post,
    path = "/v1/statuses",
    tag = "catalog",
    operation_id = "create_status",
    summary = "Add an idea status to the default set (admins).",
    request_body = StatusBody,
    responses(
        (status = 201, description = "Created", body = StatusJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]

pub async fn create_status(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<StatusBody>,
) -> AppResult<(StatusCode, Json<StatusJson>)> {
    let status = catalog::create_status(&state.db, ctx.actor(), &body.code, &body.title, &body.color).await?;
    Ok((StatusCode::CREATED, Json(status_json(&status))))
}
