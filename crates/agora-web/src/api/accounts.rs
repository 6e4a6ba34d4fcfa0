//! Accounts by mailed link: confirming an address, setting a forgotten password.

use agora_app::users;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::doc::{BadRequest, Forbidden, PayloadTooLarge, TooManyRequests, UnprocessableEntity};
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::AppResult;
use crate::limits::check_mail_link_limits;

#[derive(Deserialize, ToSchema)]
pub struct LinkToken {
    /// The `token` query parameter of the link in the mail.
    token: String,
}

#[utoipa::path(
    post,
    path = "/v1/auth/confirm",
    tag = "people",
    operation_id = "confirm_email",
    summary = "Confirm an e-mail address (at sign-up, or a new one) with the token mailed to it.",
    request_body = LinkToken,
    responses(
        (status = 204, description = "Confirmed; no body"),
        (status = 400, response = BadRequest),
        (status = 403, response = Forbidden),
        (status = 409, response = super::doc::Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    )
)]
pub async fn confirm(State(state): State<AppState>, ApiJson(body): ApiJson<LinkToken>) -> AppResult<StatusCode> {
    users::confirm_email(&state.db, &body.token, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct ResetRequest {
    #[schema(format = Email, max_length = 254)]
    email: String,
}

#[utoipa::path(
    post,
    path = "/v1/auth/password-reset",
    tag = "people",
    operation_id = "request_password_reset",
    summary = "Mail a link to set a new password. The answer is the same whether or not the address has an account.",
    request_body = ResetRequest,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way; no body"),
        (status = 400, response = BadRequest),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
        (status = 429, response = TooManyRequests),
    )
)]
pub async fn password_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<ResetRequest>,
) -> AppResult<StatusCode> {
    check_mail_link_limits(&state, &ctx, &body.email).await?;
    users::request_password_reset(&state.db, &state.config.site(), &body.email, ctx.locale, agora_db::now()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, ToSchema)]
pub struct NewPassword {
    /// The `token` query parameter of the link in the mail.
    token: String,
    #[schema(min_length = 8, max_length = 200)]
    password: String,
}

#[utoipa::path(
    post,
    path = "/v1/auth/password-reset/confirm",
    tag = "people",
    operation_id = "reset_password",
    summary = "Set a new password with the token of a reset link: the old password, every session and every API \
        token stop working.",
    request_body = NewPassword,
    responses(
        (status = 204, description = "Set; no body"),
        (status = 400, response = BadRequest),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    )
)]
pub async fn reset_password(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewPassword>,
) -> AppResult<StatusCode> {
    users::reset_password(&state.db, &body.token, &body.password, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
