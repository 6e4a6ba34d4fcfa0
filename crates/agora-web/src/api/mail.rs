//! What staff see of outgoing mail.

use agora_app::mail;
use agora_core::Id;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::doc::{Forbidden, Unauthorized};
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
