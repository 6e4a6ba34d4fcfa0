//! What the account page does, for API clients too: a new password, a new address, the
//! confirmation mailed again, signing out elsewhere.

use agora_app::users;
use agora_core::Code;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::doc::{BadRequest, Conflict, TooManyRequests, Unauthorized, UnprocessableEntity};
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
