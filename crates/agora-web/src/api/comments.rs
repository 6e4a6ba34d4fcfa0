use agora_app::comments::{self, Comment};
use agora_app::guests::{Participant, Pass as GuestPass};
use agora_core::{Id, Multiloc};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc::{
    BadRequest, Forbidden, NotFound, PayloadTooLarge, TooManyRequests, Unauthorized, UnprocessableEntity,
};
use super::ideas::HiddenBody;
use super::{AnyId, AuthorJson, idempotency_key, time};
use crate::AppState;
use crate::context::{ApiJson, Ctx, keep_guest};
use crate::error::AppResult;
use crate::limits::{check_posting, check_reacting};

#[derive(Serialize, ToSchema)]
#[schema(as = Comment)]
pub struct CommentJson {
    id: i64,
    idea_id: i64,
    /// The comment this one replies to.
    #[schema(required)]
    parent_id: Option<i64>,
    #[schema(required)]
    author: Option<AuthorJson>,
    /// Empty once deleted.
    body: Multiloc,
    body_html: Multiloc,
    likes_count: i64,
    deleted: bool,
    /// Hidden comments are shown to the project's staff only.
    hidden: bool,
    /// Whether staff changed the author's words (the earlier version is kept).
    edited_by_staff: bool,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
}

fn comment_json(c: &Comment) -> CommentJson {
    CommentJson {
        id: c.id,
        idea_id: c.idea_id,
        parent_id: c.parent_id,
        author: c.author.as_ref().map(AuthorJson::from),
        body: c.body.clone(),
        body_html: c.body_html.clone(),
        likes_count: c.likes_count,
        deleted: c.deleted,
        hidden: c.hidden,
        edited_by_staff: c.edited_by_staff,
        created_at: time(c.created_at),
        updated_at: time(c.updated_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct CommentList {
    items: Vec<CommentJson>,
}

#[utoipa::path(
    get,
    path = "/v1/ideas/{id}/comments",
    tag = "comments",
    operation_id = "list_comments",
    summary = "List the comments of an idea, replies after their parent.",
    description = "Hidden comments are included for the project's staff only.",
    params(("id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 200, description = "OK", body = CommentList),
        (status = 404, response = NotFound),
    )
)]
pub async fn list(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<CommentList>> {
    let items = comments::list(&state.db, ctx.actor(), id).await?.iter().map(comment_json).collect();
    Ok(Json(CommentList { items }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = CommentInput)]
pub struct CommentBody {
    /// Markdown; at most 5,000 characters per locale.
    body: Multiloc,
    /// The comment of the same idea this one replies to.
    parent_id: Option<AnyId>,
    /// When the phase lets everyone comment: the name a visitor without an account signs
    /// with (2 to 50 characters; required the first time). Ignored for accounts.
    #[schema(min_length = 2, max_length = 50)]
    guest_name: Option<String>,
}

#[utoipa::path(
    post,
    path = "/v1/ideas/{id}/comments",
    tag = "comments",
    operation_id = "create_comment",
    summary = "Comment on an idea, or reply to a comment.",
    description = "Only while the current phase allows commenting (else `commenting_not_allowed`). Where the phase \
                   lets everyone comment, a visitor without an account comments as a guest with `guest_name`; \
                   the answer sets the guest's session cookie.",
    params(("id" = i64, Path, description = "The idea's id."), (
        "Idempotency-Key" = Option<String>, Header,
        description = "A second request with the same key from the same person returns the first comment instead of a copy."
    )),
    request_body = CommentBody,
    responses(
        (status = 201, description = "Created", body = CommentJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
        (status = 429, response = TooManyRequests),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<CommentBody>,
) -> AppResult<Response> {
    check_posting(&state, &ctx).await?;
    let (parent, key, pass) = (body.parent_id.map(|p| p.0), idempotency_key(&headers), GuestPass::new());
    let who = ctx.participant(&pass, body.guest_name.as_deref());
    let c = comments::create(&state.db, who, id, &body.body, parent, key, agora_db::now()).await?;
    Ok(keep_guest(&state, &ctx, &pass, (StatusCode::CREATED, Json(comment_json(&c)))))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = CommentEdit)]
pub struct EditBody {
    body: Multiloc,
}

#[utoipa::path(
    put,
    path = "/v1/comments/{id}",
    tag = "comments",
    operation_id = "update_comment",
    summary = "Edit a comment (its author or the project's staff).",
    params(("id" = i64, Path, description = "The comment's id.")),
    request_body = EditBody,
    responses(
        (status = 200, description = "OK", body = CommentJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<EditBody>,
) -> AppResult<Json<CommentJson>> {
    Ok(Json(comment_json(&comments::update(&state.db, ctx.actor(), id, &body.body, agora_db::now()).await?)))
}

#[utoipa::path(
    delete,
    path = "/v1/comments/{id}",
    tag = "comments",
    operation_id = "delete_comment",
    summary = "Delete a comment (its author or the project's staff).",
    description = "The comment stays in the thread, marked deleted and without its text.",
    params(("id" = i64, Path, description = "The comment's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    comments::delete(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    put,
    path = "/v1/comments/{id}/like",
    tag = "comments",
    operation_id = "like_comment",
    summary = "Like a comment.",
    params(("id" = i64, Path, description = "The comment's id.")),
    responses(
        (status = 200, description = "OK", body = CommentJson),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn like(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Response> {
    check_reacting(&state, &ctx).await?;
    let pass = GuestPass::new();
    let comment = comments::set_like(&state.db, ctx.participant(&pass, None), id, true, agora_db::now()).await?;
    Ok(keep_guest(&state, &ctx, &pass, Json(comment_json(&comment))))
}

#[utoipa::path(
    delete,
    path = "/v1/comments/{id}/like",
    tag = "comments",
    operation_id = "unlike_comment",
    summary = "Take back a like of a comment.",
    params(("id" = i64, Path, description = "The comment's id.")),
    responses(
        (status = 200, description = "OK", body = CommentJson),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn unlike(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<CommentJson>> {
    let who = Participant::person(ctx.participant_actor());
    Ok(Json(comment_json(&comments::set_like(&state.db, who, id, false, agora_db::now()).await?)))
}

#[utoipa::path(
    put,
    path = "/v1/comments/{id}/hidden",
    tag = "comments",
    operation_id = "set_comment_hidden",
    summary = "Hide or show a comment (the project's staff).",
    params(("id" = i64, Path, description = "The comment's id.")),
    request_body = HiddenBody,
    responses(
        (status = 200, description = "OK", body = CommentJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn set_hidden(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<HiddenBody>,
) -> AppResult<Json<CommentJson>> {
    Ok(Json(comment_json(&comments::set_hidden(&state.db, ctx.actor(), id, body.hidden, agora_db::now()).await?)))
}
