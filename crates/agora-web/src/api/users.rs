use agora_app::{notifications, users};
use agora_core::{Code, Id, Multiloc};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::doc::{
    self, BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, TooManyRequests, Unauthorized,
    UnprocessableEntity,
};
use super::time;
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::{AppError, AppResult};
use crate::limits::{authenticate, check_sign_up_limits};

#[derive(Deserialize, ToSchema)]
pub struct SignUp {
    #[schema(format = Email, max_length = 254)]
    email: String,
    #[schema(min_length = 8, max_length = 200)]
    password: String,
    #[schema(min_length = 1, max_length = 80)]
    name: String,
    /// Required (true) when the city published terms of use (`GET /terms`): the version
    /// in force is recorded with the account.
    accept_terms: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct SignedUp {
    id: i64,
    name: String,
}

#[utoipa::path(
    post,
    path = "/v1/users",
    tag = "people",
    operation_id = "sign_up",
    summary = "Create an account.",
    request_body = SignUp,
    responses(
        (status = 201, description = "Created", body = SignedUp),
        (status = 400, response = BadRequest),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
        (status = 429, response = TooManyRequests),
    )
)]

pub async fn sign_up(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<SignUp>,
) -> AppResult<(StatusCode, Json<SignedUp>)> {
    check_sign_up_limits(&state, &ctx, &body.email).await?;
    let accept_terms = body.accept_terms.unwrap_or(false);
    let new = users::NewUser { email: body.email, password: body.password, name: body.name, accept_terms };
    let user = users::sign_up(&state.db, &state.config.site(), new, ctx.locale, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(SignedUp { id: user.id, name: user.name })))
}

#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    #[schema(format = Email)]
    email: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Token)]
pub struct TokenJson {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    /// After this the token no longer works (90 days after it was made).
    #[schema(format = DateTime)]
    expires_at: String,
}

#[utoipa::path(
    post,
    path = "/v1/auth/token",
    tag = "people",
    operation_id = "create_token",
    summary = "Exchange an e-mail address and password for an API token.",
    request_body = Credentials,
    responses(
        (status = 201, description = "Created", body = TokenJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
        (status = 429, response = TooManyRequests),
    )
)]

pub async fn token(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<Credentials>,
) -> AppResult<(StatusCode, Json<TokenJson>)> {
    let user = authenticate(&state, &ctx, &body.email, &body.password).await?;
    let now = agora_db::now();
    let token = users::create_api_token(&state.db, user.id, now).await?;
    Ok((StatusCode::CREATED, Json(TokenJson { token, expires_at: time(now + users::TOKEN_LIFETIME) })))
}

/// Revokes the token this request was made with.
#[utoipa::path(
    delete,
    path = "/v1/auth/token",
    tag = "people",
    operation_id = "revoke_token",
    summary = "Revoke the token this request is made with (sign this client out).",
    responses(
        (status = 204, description = "Revoked; no body"),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = []))
)]
pub async fn revoke_token(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let token = ctx.api_token.as_deref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::revoke_api_token(&state.db, token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One of the caller's API tokens; the secret itself is never shown again.
#[derive(Serialize, ToSchema)]
pub struct TokenInfo {
    id: i64,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    expires_at: String,
    /// Whether this request was made with it.
    current: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TokenList {
    items: Vec<TokenInfo>,
}

#[utoipa::path(
    get,
    path = "/v1/auth/tokens",
    tag = "people",
    operation_id = "list_tokens",
    summary = "The caller's API tokens that have not expired, newest first.",
    responses(
        (status = 200, description = "OK", body = TokenList),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = []))
)]
pub async fn tokens(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<TokenList>> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    let tokens = users::api_tokens(&state.db, user.id, ctx.api_token.as_deref(), agora_db::now()).await?;
    let items = tokens
        .iter()
        .map(|t| TokenInfo {
            id: t.id,
            created_at: time(t.created_at),
            expires_at: time(t.expires_at),
            current: t.current,
        })
        .collect();
    Ok(Json(TokenList { items }))
}

#[utoipa::path(
    delete,
    path = "/v1/auth/tokens/{id}",
    tag = "people",
    operation_id = "revoke_token_by_id",
    summary = "Revoke one of the caller's tokens.",
    params(("id" = i64, Path, description = "The token's id, from the list of tokens.")),
    responses(
        (status = 204, description = "Revoked; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn revoke_token_by_id(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::revoke_api_token_by_id(&state.db, user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs out everywhere: every session and every API token of this person.
#[utoipa::path(
    delete,
    path = "/v1/auth/tokens",
    tag = "people",
    operation_id = "sign_out_everywhere",
    summary = "Sign out everywhere: revoke every API token and end every browser session of the caller.",
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = []))
)]
pub async fn revoke_all(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::sign_out_everywhere(&state.db, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    id: i64,
    name: String,
    bio: String,
    /// Their picture (a 256-pixel JPEG), if they set one.
    #[schema(required)]
    avatar_url: Option<String>,
    #[schema(format = Email)]
    email: String,
    #[schema(required, schema_with = locale)]
    locale: Option<String>,
    roles: Vec<Role>,
}

fn locale() -> utoipa::openapi::schema::Object {
    let mut schema = doc::one_of(&agora_core::LOCALES);
    schema.schema_type = utoipa::openapi::schema::SchemaType::from_iter([
        utoipa::openapi::schema::Type::String,
        utoipa::openapi::schema::Type::Null,
    ]);
    schema.enum_values.get_or_insert_default().push(serde_json::Value::Null);
    schema
}

#[derive(Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Role {
    Admin,
    ProjectModerator { project_id: i64 },
}

#[utoipa::path(
    get,
    path = "/v1/me",
    tag = "people",
    operation_id = "get_me",
    summary = "The signed-in person and their roles.",
    responses(
        (status = 200, description = "OK", body = Me),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = []))
)]
pub async fn me(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Me>> {
    let (Some(user), Some(actor)) = (&ctx.user, &ctx.actor) else { return Err(Code::NotSignedIn.into()) };
    let mut roles = Vec::new();
    if actor.is_admin {
        roles.push(Role::Admin);
    }
    for project_id in &actor.moderated_projects {
        roles.push(Role::ProjectModerator { project_id: *project_id });
    }
    let (id, name, email, locale, bio) =
        (user.id, user.name.clone(), user.email.clone(), user.locale.clone(), user.bio.clone());
    let avatar_url = agora_app::profiles::avatar_version(&state.db, id)
        .await?
        .map(|version| format!("{}{}?v={version}", state.config.base_url, crate::paths::avatar(id)));
    Ok(Json(Me { id, name, bio, avatar_url, email, locale, roles }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = Notification)]
pub struct NotificationJson {
    id: i64,
    #[schema(schema_with = notification_kinds)]
    kind: String,
    #[schema(required)]
    idea_id: Option<i64>,
    idea_title: Multiloc,
    #[schema(required)]
    comment_id: Option<i64>,
    /// Who caused the notification.
    #[schema(required)]
    actor_name: Option<String>,
    /// The status a `status_changed` notification announces.
    #[schema(required)]
    status_title: Option<Multiloc>,
    /// The voting phase of `vote_results` and `vote_reminder`.
    #[schema(required)]
    phase_id: Option<i64>,
    phase_title: Multiloc,
    read: bool,
    #[schema(format = DateTime)]
    created_at: String,
}

fn notification_kinds() -> utoipa::openapi::schema::Object {
    doc::one_of(&notifications::Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>())
}

impl From<&notifications::Notification> for NotificationJson {
    fn from(n: &notifications::Notification) -> Self {
        NotificationJson {
            id: n.id,
            kind: n.kind.clone(),
            idea_id: n.idea_id,
            idea_title: n.idea_title.clone(),
            comment_id: n.comment_id,
            actor_name: n.actor_name.clone(),
            status_title: n.status_title.clone(),
            phase_id: n.phase_id,
            phase_title: n.phase_title.clone(),
            read: n.read,
            created_at: time(n.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NotificationList {
    items: Vec<NotificationJson>,
    #[schema(minimum = 0)]
    unread_count: i64,
}

#[utoipa::path(
    get,
    path = "/v1/notifications",
    tag = "notifications",
    operation_id = "list_notifications",
    summary = "The caller's latest notifications (at most 50), newest first.",
    responses(
        (status = 200, description = "OK", body = NotificationList),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = []))
)]
pub async fn notifications(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<NotificationList>> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    let (items, unread_count) = notifications::list(&state.db, user.id, 50).await?;
    let items = items.iter().map(NotificationJson::from).collect();
    Ok(Json(NotificationList { items, unread_count }))
}

#[utoipa::path(
    post,
    path = "/v1/notifications/read",
    tag = "notifications",
    operation_id = "mark_notifications_read",
    summary = "Mark all the caller's notifications as read.",
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = []))
)]
pub async fn mark_read(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    notifications::mark_all_read(&state.db, user.id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    put,
    path = "/v1/admin/users/{id}/block",
    tag = "admin",
    operation_id = "block_user",
    summary = "Block a person: they can read, but no longer sign in or act; their sessions and tokens end.",
    params(("id" = i64, Path, description = "The person's id.")),
    responses(
        (status = 204, description = "Blocked; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn block(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    users::block(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/v1/admin/users/{id}/block",
    tag = "admin",
    operation_id = "unblock_user",
    summary = "Lift a person's block.",
    params(("id" = i64, Path, description = "The person's id.")),
    responses(
        (status = 204, description = "Unblocked; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn unblock(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    users::unblock(&state.db, ctx.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct DeleteAccount {
    /// The account's password; left out by people who sign in with the city's OpenID
    /// provider only, who have none.
    #[serde(default)]
    password: String,
    /// Keep the person's ideas and comments without an author (true), or delete them
    /// too (ideas that are options of a vote stay, without an author).
    keep_content: bool,
}

#[utoipa::path(
    delete,
    path = "/v1/me",
    tag = "people",
    operation_id = "delete_account",
    summary = "Delete the caller's account and their personal data; ballots stay counted without them.",
    request_body = DeleteAccount,
    responses(
        (status = 204, description = "Deleted; no body"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn delete_me(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<DeleteAccount>,
) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::delete_account(&state.db, user, &body.password, body.keep_content, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/v1/me/export",
    tag = "people",
    operation_id = "export_my_data",
    summary = "Ask for everything Agora holds about the caller: a JSON file in a zip, whose link (valid a week) \
        arrives by mail. Asking again within the hour changes nothing.",
    responses(
        (status = 202, description = "The link is on its way; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = []))
)]
pub async fn export(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    agora_app::exports::request(&state.db, user, agora_db::now()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, IntoParams)]
pub struct PeopleQuery {
    /// Part of a name or an address (nobody is found without it).
    #[serde(default)]
    q: String,
}

#[derive(Serialize, ToSchema)]
pub struct Person {
    id: Id,
    name: String,
    #[schema(format = Email)]
    email: String,
    is_admin: bool,
    email_confirmed: bool,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    blocked_at: Option<String>,
}

/// How many people one search gives at most.
const FOUND: i64 = 50;

#[utoipa::path(
    get,
    path = "/v1/admin/users",
    tag = "people",
    operation_id = "find_people",
    summary = "Find people by part of their name or address (administrators; at most 50).",
    params(PeopleQuery),
    responses(
        (status = 200, description = "OK", body = Vec<Person>),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = []))
)]
pub async fn find_people(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PeopleQuery>,
) -> AppResult<Json<Vec<Person>>> {
    agora_core::permissions::admin(ctx.actor())?;
    if q.q.trim().is_empty() {
        return Ok(Json(Vec::new()));
    }
    let found = users::find(&state.db, ctx.actor(), q.q.trim(), FOUND).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|u| Person {
                id: u.id,
                name: u.name,
                email: u.email,
                is_admin: u.is_admin,
                email_confirmed: u.email_confirmed_at.is_some(),
                created_at: time(u.created_at),
                blocked_at: u.blocked_at.map(time),
            })
            .collect(),
    ))
}
