//! Which notifications the signed-in person gets by mail.

use std::collections::BTreeMap;

use agora_app::mail_settings::{self, Choices};
use agora_core::Code;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc::{BadRequest, Forbidden, PayloadTooLarge, Unauthorized, UnprocessableEntity};
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::{AppError, AppResult};

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MailSettings {
    /// Kind of notification (`status_changed`, `official_feedback`, `comment_reply`,
    /// `comment_on_your_idea`, `comment_on_followed_idea`, `vote_results`,
    /// `vote_reminder`) -> mailed or not. In a `PUT`, kinds left out keep their choice.
    mail: BTreeMap<String, bool>,
    /// The weekly digest (in a `PUT`, left out: unchanged).
    #[serde(default)]
    digest: Option<bool>,
}

impl From<Choices> for MailSettings {
    fn from(c: Choices) -> Self {
        MailSettings { mail: c.mail.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(), digest: Some(c.digest) }
    }
}

#[utoipa::path(
    get,
    path = "/v1/me/notification-settings",
    tag = "notifications",
    operation_id = "get_notification_settings",
    summary = "Which notifications the caller gets by mail.",
    responses(
        (status = 200, description = "OK", body = MailSettings),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = []))
)]
pub async fn get(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<MailSettings>> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    Ok(Json(mail_settings::choices(&state.db, user.id).await?.into()))
}

#[utoipa::path(
    put,
    path = "/v1/me/notification-settings",
    tag = "notifications",
    operation_id = "set_notification_settings",
    summary = "Choose which notifications the caller gets by mail.",
    request_body = MailSettings,
    responses(
        (status = 200, description = "The choices now", body = MailSettings),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn put(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<MailSettings>,
) -> AppResult<Json<MailSettings>> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    let digest = match body.digest {
        Some(digest) => digest,
        None => mail_settings::choices(&state.db, user.id).await?.digest,
    };
    Ok(Json(mail_settings::save(&state.db, user.id, &body.mail, digest).await?.into()))
}
