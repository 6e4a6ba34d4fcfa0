//! Outgoing mail in the back office: what went, what waits, what failed and why, and a
//! fresh start for a mail whose sending gave up.

use agora_app::mail;
use agora_core::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::pages::NoFields;
use crate::pages::confirm::{Done, done};
use crate::paths;
use crate::views::date_time;

/// A mail as staff read it.
pub struct MailView {
    to: String,
    subject: String,
    kind: String,
    /// `sent`, `waiting`, `retrying`, `failed` (a class for its colour).
    state: &'static str,
    /// Its state in words, with when and how many attempts.
    state_text: String,
    error: Option<String>,
    retry_path: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_mail.html")]
pub struct MailPage {
    ctx: Ctx,
    mails: Vec<MailView>,
    unsent: bool,
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct MailQuery {
    before: Option<Id>,
    #[serde(default)]
    unsent: bool,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<MailQuery>) -> AppResult<Response> {
    let page = mail::page(&state.db, ctx.actor(), q.before, q.unsent).await?;
    let mails = page
        .items
        .iter()
        .map(|m| {
            let state = mail::state(m);
            let when = date_time(m.sent_at.unwrap_or(m.created_at));
            let state_text = agora_i18n::t_args(
                ctx.locale,
                &format!("mail-state-{state}"),
                &[("when", when.into()), ("attempts", m.attempts.into())],
            );
            MailView {
                to: m.to_address.clone(),
                subject: m.subject.clone(),
                kind: ctx.t(&format!("mail-kind-{}", m.kind.replace('_', "-"))),
                state,
                state_text,
                error: m.last_error.clone().filter(|_| m.sent_at.is_none()),
                retry_path: (state == "failed").then(|| paths::admin_mail_retry(m.id)),
            }
        })
        .collect();
    let filter = if q.unsent { "&unsent=true" } else { "" };
    let next = page.next.map(|id| format!("{}?before={id}{filter}", paths::ADMIN_MAIL));
    Ok(MailPage { ctx, mails, unsent: q.unsent, next }.into_response())
}

pub async fn retry(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    mail::retry(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(done(&ctx, paths::ADMIN_MAIL, Done::MailRetried))
}
