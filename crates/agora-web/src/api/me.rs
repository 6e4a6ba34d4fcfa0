//! What the account page does, for API clients too: a new password, a new address, the
//! confirmation mailed again, signing out elsewhere; and for administrators, finding
//! people, starting a given-up mail again, and the privacy and terms texts.

use agora_app::legal::{self, Kind};
use agora_app::{mail, users};
use agora_core::{Code, Id, Multiloc};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::doc::{BadRequest, Conflict, Forbidden, NotFound, TooManyRequests, Unauthorized, UnprocessableEntity};
use super::time;
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::{AppError, AppResult};
use crate::limits::check_mail_link_limits;

/// The credential in use, which signing out elsewhere keeps.
fn in_use(ctx: &Ctx) -> Option<&str> {
    ctx.session_token.as_deref().or(ctx.api_token.as_deref())
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    current_password: String,
    /// At least 8 characters, not a common password.
    new_password: String,
}

#[utoipa::path(
    put,
    path = "/v1/me/password",
    tag = "people",
    operation_id = "change_password",
    summary = "Change the caller's password: every other session and API token ends, the one in use stays.",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<PasswordChange>,
) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::change_password(&state.db, user, &body.current_password, &body.new_password, in_use(&ctx)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct EmailChange {
    #[schema(format = Email)]
    new_email: String,
    password: String,
}

#[utoipa::path(
    post,
    path = "/v1/me/email",
    tag = "people",
    operation_id = "change_email",
    summary = "Ask to change the caller's address: a link goes to the new one, and the address changes when it \
               is followed (`POST /v1/auth/confirm`).",
    request_body = EmailChange,
    responses(
        (status = 202, description = "The link is on its way"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 409, response = Conflict),
        (status = 422, response = UnprocessableEntity),
        (status = 429, response = TooManyRequests),
    ),
    security(("bearer" = []))
)]
pub async fn change_email(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<EmailChange>,
) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    check_mail_link_limits(&state, &ctx, &body.new_email).await?;
    let site = state.config.site();
    users::request_email_change(&state.db, &site, user, &body.new_email, &body.password, agora_db::now()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/v1/me/confirmation",
    tag = "people",
    operation_id = "resend_confirmation",
    summary = "Mail the link that confirms the caller's address again (nothing is sent once it is confirmed).",
    responses(
        (status = 202, description = "On its way, or not needed"),
        (status = 401, response = Unauthorized),
        (status = 429, response = TooManyRequests),
    ),
    security(("bearer" = []))
)]
pub async fn resend_confirmation(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    check_mail_link_limits(&state, &ctx, &user.email).await?;
    users::resend_confirmation(&state.db, &state.config.site(), user, agora_db::now()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/v1/me/sign-out-elsewhere",
    tag = "people",
    operation_id = "sign_out_elsewhere",
    summary = "End every session and API token of the caller but the one in use.",
    responses(
        (status = 204, description = "Done"),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = []))
)]
pub async fn sign_out_elsewhere(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::sign_out_elsewhere(&state.db, user, in_use(&ctx)).await?;
    Ok(StatusCode::NO_CONTENT)
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

#[utoipa::path(
    post,
    path = "/v1/admin/mail/{id}/retry",
    tag = "mail",
    operation_id = "retry_mail",
    summary = "Start again a mail whose sending gave up (administrators).",
    params(("id" = i64, Path, description = "The mail")),
    responses(
        (status = 204, description = "It will be sent again"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn retry_mail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    mail::retry(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn legal_kind(kind: &str) -> AppResult<Kind> {
    Kind::ALL.iter().copied().find(|k| k.as_str() == kind).ok_or(AppError::from(Code::NotFound))
}

#[derive(Serialize, ToSchema)]
pub struct LegalText {
    /// Markdown, per language.
    body: Multiloc,
    /// 1 for the first text, one more at each save; sign-ups record the terms' version.
    version: i64,
    #[schema(format = DateTime)]
    updated_at: String,
}

#[utoipa::path(
    get,
    path = "/v1/legal/{kind}",
    tag = "people",
    operation_id = "get_legal_text",
    summary = "The city's privacy notice (`privacy`) or terms of use (`terms`).",
    params(("kind" = String, Path, description = "`privacy` or `terms`")),
    responses(
        (status = 200, description = "OK", body = LegalText),
        (status = 404, response = NotFound),
    )
)]
pub async fn legal_text(State(state): State<AppState>, Path(kind): Path<String>) -> AppResult<Json<LegalText>> {
    let document = legal::document(&state.db, legal_kind(&kind)?).await?.ok_or(AppError::from(Code::NotFound))?;
    Ok(Json(LegalText { body: document.body, version: document.version, updated_at: time(document.updated_at) }))
}

#[derive(Deserialize, ToSchema)]
pub struct LegalChange {
    /// The language of `text` (the others keep theirs).
    locale: String,
    /// Markdown, at most 60,000 characters.
    text: String,
}

#[utoipa::path(
    put,
    path = "/v1/legal/{kind}",
    tag = "people",
    operation_id = "set_legal_text",
    summary = "Write the privacy notice or terms of use in one language; a new version begins (administrators).",
    params(("kind" = String, Path, description = "`privacy` or `terms`")),
    request_body = LegalChange,
    responses(
        (status = 200, description = "Saved", body = LegalText),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn set_legal_text(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(kind): Path<String>,
    ApiJson(body): ApiJson<LegalChange>,
) -> AppResult<Json<LegalText>> {
    let kind = legal_kind(&kind)?;
    legal::save(&state.db, ctx.actor(), kind, &body.locale, &body.text, agora_db::now()).await?;
    legal_text(State(state), Path(kind.as_str().to_owned())).await
}
