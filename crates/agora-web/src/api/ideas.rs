use agora_app::guests::{Participant, Pass as GuestPass};
use agora_app::ideas::{self, IdeaInput, ListQuery, Reacting};
use agora_core::listing::{IdeaSort, page_size, random_seed};
use agora_core::reaction::Mode;
use agora_core::{Error, Id, Multiloc};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::doc::{
    self, BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, TooManyRequests, Unauthorized,
    UnprocessableEntity,
};
use super::{AnyId, IdeaJson, idea_json, idempotency_key, ids, time};
use crate::AppState;
use crate::context::{ApiJson, Ctx, Fields, Replacement, keep_guest};
use crate::error::AppResult;
use crate::limits::{check_posting, check_reacting};

#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    #[param(schema_with = sorts)]
    pub sort: Option<String>,
    /// Only ideas with this topic.
    #[param(value_type = Option<i64>)]
    pub topic: Option<Id>,
    /// Only ideas in this area.
    #[param(value_type = Option<i64>)]
    pub area: Option<Id>,
    /// Only ideas with this status code.
    pub status: Option<String>,
    /// Full-text search over titles and bodies in every locale (at most 8 words are used).
    pub q: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    #[param(minimum = 1, maximum = 100, default = 24)]
    pub limit: Option<i64>,
}

fn sorts() -> utoipa::openapi::schema::Object {
    let mut schema = doc::one_of(&IdeaSort::ALL.map(IdeaSort::as_str));
    schema.default = Some(IdeaSort::default().as_str().into());
    schema.description =
        Some("`popular` is likes minus dislikes; `random` is the same shuffle for one visitor for one day.".into());
    schema
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

/// One page of ideas.
#[derive(Serialize, ToSchema)]
pub struct IdeaPage {
    items: Vec<IdeaJson>,
    /// Pass as `cursor` for the next page; null on the last page.
    #[schema(required)]
    next_cursor: Option<String>,
}

#[utoipa::path(
    get,
    path = "/v1/projects/{id}/ideas",
    tag = "ideas",
    operation_id = "list_ideas",
    summary = "List the ideas of a project, one page at a time.",
    description = "Keyset paging: follow `next_cursor` until it is null. Hidden ideas are included for the \
                   project's staff only. A bad parameter gives `invalid_input` on `sort`, `limit`, `cursor` or `query`.",
    params(("id" = i64, Path, description = "The project's id."), ListParams),
    responses(
        (status = 200, description = "OK", body = IdeaPage),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(project_id): Path<Id>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Json<IdeaPage>> {
    let Query(params) =
        params.map_err(|e| Error { detail: Some(e.body_text()), ..Error::field("query", "invalid") })?;
    let page = ideas::list(&state.db, ctx.actor(), &params.query(Some(project_id), &ctx.visitor)?).await?;
    let items = page.items.iter().map(|i| idea_json(&ctx, &state.config.base_url, i)).collect();
    Ok(Json(IdeaPage { items, next_cursor: page.next_cursor }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Location {
    #[schema(minimum = -90, maximum = 90)]
    pub lat: f64,
    #[schema(minimum = -180, maximum = 180)]
    pub lng: f64,
}

/// A new idea; `PUT` takes the whole idea (`IdeaReplacement`).
#[derive(Deserialize, ToSchema)]
#[schema(as = IdeaInput)]
pub struct IdeaBody {
    /// 3 to 120 characters per locale.
    title: Multiloc,
    /// Markdown; at most 10,000 characters per locale.
    body: Option<Multiloc>,
    /// Among the project's topics when it names some.
    #[schema(max_items = 50)]
    topic_ids: Option<Vec<AnyId>>,
    /// Among the project's areas when it names some.
    area_id: Option<AnyId>,
    location: Option<Location>,
    /// When the phase lets everyone post: the name a visitor without an account signs
    /// with (2 to 50 characters; required the first time). Ignored for accounts and by `PUT`.
    #[schema(min_length = 2, max_length = 50)]
    guest_name: Option<String>,
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

#[utoipa::path(
    post,
    path = "/v1/projects/{id}/ideas",
    tag = "ideas",
    operation_id = "create_idea",
    summary = "Post an idea in a project.",
    description = "Only while the project is published and its current phase is an ideation phase with posting \
                   enabled (else `posting_not_allowed`). Where the phase lets everyone post, a visitor without \
                   an account posts as a guest with `guest_name`; the answer sets the guest's session cookie.",
    params(("id" = i64, Path, description = "The project's id."), (
        "Idempotency-Key" = Option<String>, Header,
        description = "A second request with the same key from the same person returns the first idea instead of a copy."
    )),
    request_body = IdeaBody,
    responses(
        (status = 201, description = "Created", body = IdeaJson),
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
    Path(project_id): Path<Id>,
    ApiJson(body): ApiJson<IdeaBody>,
) -> AppResult<Response> {
    check_posting(&state, &ctx).await?;
    let (key, pass, guest_name) = (idempotency_key(&headers), GuestPass::new(), body.guest_name.clone());
    let who = ctx.participant(&pass, guest_name.as_deref());
    let idea = ideas::create(&state.db, who, project_id, &body.input(), key, agora_db::now()).await?;
    Ok(keep_guest(&state, &ctx, &pass, (StatusCode::CREATED, Json(idea_json(&ctx, &state.config.base_url, &idea)))))
}

#[utoipa::path(
    get,
    path = "/v1/ideas/{id}",
    tag = "ideas",
    operation_id = "get_idea",
    summary = "Show an idea.",
    params(("id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 200, description = "OK", body = IdeaJson),
        (status = 404, response = NotFound),
    )
)]
pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<IdeaJson>> {
    let idea = ideas::get_visible(&state.db, ctx.actor(), id).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

#[utoipa::path(
    put,
    path = "/v1/ideas/{id}",
    tag = "ideas",
    operation_id = "update_idea",
    summary = "Replace an idea (its author or the project's staff).",
    params(("id" = i64, Path, description = "The idea's id.")),
    request_body = doc::IdeaReplacement,
    responses(
        (status = 200, description = "OK", body = IdeaJson),
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
    Replacement(body): Replacement<IdeaBody>,
) -> AppResult<Json<IdeaJson>> {
    let idea = ideas::update(&state.db, ctx.actor(), id, &body.input(), agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

#[utoipa::path(
    delete,
    path = "/v1/ideas/{id}",
    tag = "ideas",
    operation_id = "delete_idea",
    summary = "Delete an idea (its author or the project's staff).",
    params(("id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    ideas::delete(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The author takes back an idea the city has answered.
#[utoipa::path(
    post,
    path = "/v1/ideas/{id}/withdraw",
    tag = "ideas",
    operation_id = "withdraw_idea",
    summary = "The author withdraws an idea: it stays, with its official answer, under the status `withdrawn`. An answered idea cannot be deleted by its author.",
    params(("id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 200, description = "OK", body = IdeaJson),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn withdraw(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<IdeaJson>> {
    let idea = ideas::withdraw(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

/// An idea as it was before an edit that leaves a trace.
#[derive(Serialize, ToSchema)]
#[schema(as = Revision)]
pub struct RevisionJson {
    #[schema(required)]
    title: Option<Multiloc>,
    body: Multiloc,
    by_staff: bool,
    #[schema(required)]
    editor_name: Option<String>,
    #[schema(format = DateTime)]
    replaced_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct RevisionList {
    items: Vec<RevisionJson>,
}

/// Earlier versions of an idea, for the project's staff.
#[utoipa::path(
    get,
    path = "/v1/ideas/{id}/revisions",
    tag = "ideas",
    operation_id = "idea_revisions",
    summary = "Earlier versions of an idea (kept when its author edits it after the official answer, or when staff edit it), newest first. Staff of the project only.",
    params(("id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 200, description = "OK", body = RevisionList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn revisions(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<RevisionList>> {
    let idea = ideas::get_visible(&state.db, ctx.actor(), id).await?;
    let items = agora_db::revisions::of_idea(&state.db, ctx.actor(), idea.project_id, id)
        .await?
        .iter()
        .map(|r| RevisionJson {
            title: r.title.clone(),
            body: r.body.clone(),
            by_staff: r.by_staff,
            editor_name: r.editor_name.clone(),
            replaced_at: time(r.created_at),
        })
        .collect();
    Ok(Json(RevisionList { items }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = ReactionInput)]
pub struct ReactionBody {
    #[schema(inline)]
    mode: Mode,
}

#[utoipa::path(
    put,
    path = "/v1/ideas/{id}/reaction",
    tag = "ideas",
    operation_id = "react_to_idea",
    summary = "Like (up) or dislike (down) an idea.",
    description = "Replaces the caller's reaction; returns the idea with its new counts. Where the phase lets \
                   everyone react, a visitor without an account reacts as a guest (the answer sets the guest's \
                   session cookie).",
    params(("id" = i64, Path, description = "The idea's id.")),
    request_body = ReactionBody,
    responses(
        (status = 200, description = "OK", body = IdeaJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn react(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<ReactionBody>,
) -> AppResult<Response> {
    check_reacting(&state, &ctx).await?;
    let pass = GuestPass::new();
    let change = Reacting::To(Some(body.mode));
    let idea = ideas::react(&state.db, ctx.participant(&pass, None), id, change, agora_db::now()).await?;
    Ok(keep_guest(&state, &ctx, &pass, Json(idea_json(&ctx, &state.config.base_url, &idea))))
}

#[utoipa::path(
    delete,
    path = "/v1/ideas/{id}/reaction",
    tag = "ideas",
    operation_id = "remove_reaction",
    summary = "Take back the caller's reaction to an idea.",
    params(("id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 200, description = "OK", body = IdeaJson),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn unreact(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<IdeaJson>> {
    let who = Participant::person(ctx.participant_actor());
    let idea = ideas::react(&state.db, who, id, Reacting::To(None), agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = StatusInput)]
pub struct StatusBody {
    /// The code of an idea status (see GET /v1/statuses).
    #[schema(examples("accepted"))]
    status: String,
}

#[utoipa::path(
    put,
    path = "/v1/ideas/{id}/status",
    tag = "ideas",
    operation_id = "set_idea_status",
    summary = "Change the status of an idea (the project's staff).",
    description = "Followers of the idea are notified.",
    params(("id" = i64, Path, description = "The idea's id.")),
    request_body = StatusBody,
    responses(
        (status = 200, description = "OK", body = IdeaJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn set_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<StatusBody>,
) -> AppResult<Json<IdeaJson>> {
    let idea = ideas::set_status(&state.db, ctx.actor(), id, &body.status, agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

/// An official answer to an idea.
#[derive(Serialize, ToSchema)]
#[schema(as = Feedback)]
pub struct FeedbackJson {
    id: i64,
    idea_id: i64,
    body: Multiloc,
    body_html: Multiloc,
    /// Who answers, e.g. "City of Ghent".
    author: Multiloc,
    #[schema(format = DateTime)]
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct FeedbackList {
    items: Vec<FeedbackJson>,
}

fn feedback_json(f: &ideas::Feedback) -> FeedbackJson {
    FeedbackJson {
        id: f.id,
        idea_id: f.idea_id,
        body: f.body.clone(),
        body_html: f.body_html.clone(),
        author: f.author.clone(),
        created_at: time(f.created_at),
    }
}

#[utoipa::path(
    get,
    path = "/v1/ideas/{id}/feedback",
    tag = "ideas",
    operation_id = "list_feedback",
    summary = "List the official answers to an idea.",
    params(("id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 200, description = "OK", body = FeedbackList),
        (status = 404, response = NotFound),
    )
)]

pub async fn feedback(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<FeedbackList>> {
    ideas::get_visible(&state.db, ctx.actor(), id).await?;
    let items = ideas::feedback_of(&state.db, id).await?.iter().map(feedback_json).collect();
    Ok(Json(FeedbackList { items }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = FeedbackInput)]
pub struct FeedbackBody {
    /// Markdown; at most 5,000 characters per locale.
    body: Multiloc,
    /// Who answers; at most 100 characters per locale.
    author: Multiloc,
}

#[utoipa::path(
    post,
    path = "/v1/ideas/{id}/feedback",
    tag = "ideas",
    operation_id = "add_feedback",
    summary = "Answer an idea officially (the project's staff).",
    description = "Followers of the idea are notified.",
    params(("id" = i64, Path, description = "The idea's id.")),
    request_body = FeedbackBody,
    responses(
        (status = 201, description = "Created", body = FeedbackJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn add_feedback(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<FeedbackBody>,
) -> AppResult<(StatusCode, Json<FeedbackJson>)> {
    let f = ideas::add_feedback(&state.db, ctx.actor(), id, &body.body, &body.author, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(feedback_json(&f))))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = HiddenInput)]
pub struct HiddenBody {
    pub hidden: bool,
}

#[utoipa::path(
    put,
    path = "/v1/ideas/{id}/hidden",
    tag = "ideas",
    operation_id = "set_idea_hidden",
    summary = "Hide or show an idea (the project's staff).",
    params(("id" = i64, Path, description = "The idea's id.")),
    request_body = HiddenBody,
    responses(
        (status = 200, description = "OK", body = IdeaJson),
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
) -> AppResult<Json<IdeaJson>> {
    let idea = ideas::set_hidden(&state.db, ctx.actor(), id, body.hidden, agora_db::now()).await?;
    Ok(Json(idea_json(&ctx, &state.config.base_url, &idea)))
}

#[derive(Serialize, ToSchema)]
pub struct Following {
    idea_id: i64,
    /// Always true: unfollowing answers with no body.
    following: bool,
}

#[utoipa::path(
    put,
    path = "/v1/ideas/{id}/follow",
    tag = "ideas",
    operation_id = "follow_idea",
    summary = "Follow an idea, to be notified of its status and answers.",
    params(("id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 200, description = "OK", body = Following),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn follow(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Following>> {
    ideas::set_following(&state.db, ctx.actor(), id, true, agora_db::now()).await?;
    Ok(Json(Following { idea_id: id, following: true }))
}

#[utoipa::path(
    delete,
    path = "/v1/ideas/{id}/follow",
    tag = "ideas",
    operation_id = "unfollow_idea",
    summary = "Stop following an idea.",
    params(("id" = i64, Path, description = "The idea's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn unfollow(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    ideas::set_following(&state.db, ctx.actor(), id, false, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
