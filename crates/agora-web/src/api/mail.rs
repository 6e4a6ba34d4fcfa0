//! What staff see of outgoing mail, and starting again a mail that gave up.

use agora_app::mail;
use agora_core::Id;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::doc::{Forbidden, NotFound, Unauthorized};
use super::time;
use crate::AppState;
use crate::context::Ctx;
use crate::error::AppResult;

/// A mail's state: `waiting` to be sent, `retrying` after a failed attempt, `failed`
/// (given up after its last attempt: staff may start it again), or `sent`.
#[derive(Serialize, ToSchema)]
pub struct MailJson {
    id: i64,
    kind: String,
    to: String,
    subject: String,
    #[schema(format = DateTime)]
    created_at: String,
    state: &'static str,
    attempts: i64,
    last_error: Option<String>,
    #[schema(format = DateTime)]
    sent_at: Option<String>,
}

impl From<&mail::MailRow> for MailJson {
    fn from(m: &mail::MailRow) -> Self {
        MailJson {
            id: m.id,
            kind: m.kind.clone(),
            to: m.to_address.clone(),
            subject: m.subject.clone(),
            created_at: time(m.created_at),
            state: mail::state(m),
            attempts: m.attempts,
            last_error: m.last_error.clone(),
            sent_at: m.sent_at.map(time),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MailList {
    items: Vec<MailJson>,
    /// Pass as `before` for the next page; absent on the last.
    next: Option<i64>,
}

#[derive(Deserialize, IntoParams)]
pub struct MailQuery {
    /// Mails older than this one (from `next`).
    before: Option<Id>,
    /// Only mails not sent yet.
    #[serde(default)]
    unsent: bool,
}

#[utoipa::path(
    get,
    path = "/v1/admin/mail",
    tag = "admin",
    operation_id = "list_mail",
    summary = "The outgoing mails, newest first, with their state and last error.",
    params(MailQuery),
    responses(
        (status = 200, description = "OK", body = MailList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<MailQuery>,
) -> AppResult<Json<MailList>> {
    let page = mail::page(&state.db, ctx.actor(), query.before, query.unsent).await?;
    let next = page.next;
    Ok(Json(MailList { items: page.items.iter().map(MailJson::from).collect(), next }))
}

#[utoipa::path(
    post,
    path = "/v1/admin/mail/{id}/retry",
    tag = "admin",
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
