//! The HTML pages. Every form is a plain POST answered by a 303 redirect (or the form
//! again, with the errors next to the fields), so everything works without JavaScript.

mod account;
mod admin;
pub mod auth;
mod comments;
pub(crate) mod confirm;
mod home;
mod ideas;
mod notifications;
mod projects;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppError;

pub use confirm::done_message;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/healthz", get(healthz))
        .route("/static/app.css", get(css))
        .route("/static/app.js", get(js))
        .route("/static/statuses.css", get(status_colours))
        .route("/favicon.ico", get(favicon))
        .route("/setup", get(auth::setup_form).post(auth::setup))
        .route("/sign-up", get(auth::sign_up_form).post(auth::sign_up))
        .route("/sign-in", get(auth::sign_in_form).post(auth::sign_in))
        .route("/sign-out", post(auth::sign_out))
        .route("/account", get(account::show))
        .route("/account/language", post(account::set_language))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/account/sign-out-everywhere", post(account::sign_out_everywhere))
        .route("/notifications", get(notifications::show))
        .route("/notifications/read", post(notifications::mark_read))
        .route("/projects/{slug}", get(projects::show))
        .route("/projects/{slug}/ideas/new", get(ideas::new_form))
        .route("/projects/{slug}/ideas", post(ideas::create))
        .route("/ideas/{id}", get(ideas::show))
        .route("/ideas/{id}/edit", get(ideas::edit_form).post(ideas::update))
        .route("/ideas/{id}/delete", post(ideas::delete))
        .route("/ideas/{id}/withdraw", post(ideas::withdraw))
        .route("/ideas/{id}/reaction", post(ideas::react))
        .route("/ideas/{id}/follow", post(ideas::follow))
        .route("/ideas/{id}/status", post(ideas::set_status))
        .route("/ideas/{id}/feedback", post(ideas::add_feedback))
        .route("/ideas/{id}/hidden", post(ideas::set_hidden))
        .route("/ideas/{id}/comments", post(comments::create))
        .route("/comments/{id}/edit", get(comments::edit_form).post(comments::update))
        .route("/comments/{id}/delete", post(comments::delete))
        .route("/comments/{id}/like", post(comments::like))
        .route("/comments/{id}/hidden", post(comments::set_hidden))
        .route("/admin", get(admin::show))
        .route("/admin/projects", post(admin::create_project))
        .route("/admin/projects/{id}", get(admin::edit_project).post(admin::update_project))
        .route("/admin/projects/{id}/phases", post(admin::create_phase))
        .route("/admin/projects/{id}/moderators", post(admin::add_moderator))
        .route("/admin/projects/{id}/moderators/{user_id}/remove", post(admin::remove_moderator))
        .route("/admin/phases/{id}", get(admin::edit_phase).post(admin::update_phase))
        .route("/admin/phases/{id}/delete", post(admin::delete_phase))
        .route("/admin/topics", post(admin::create_topic))
        .route("/admin/topics/{id}", post(admin::rename_topic))
        .route("/admin/topics/{id}/delete", post(admin::delete_topic))
        .route("/admin/areas", post(admin::create_area))
        .route("/admin/statuses", post(admin::create_status))
        .route("/admin/areas/{id}", post(admin::rename_area))
        .route("/admin/areas/{id}/delete", post(admin::delete_area))
        .fallback(|| async { AppError::from(agora_core::Code::NotFound) })
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    match agora_db::users::count(&state.db).await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, CACHE_FOREVER)],
        include_str!("../../static/app.css"),
    )
}

async fn js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, CACHE_FOREVER)],
        include_str!("../../static/app.js"),
    )
}

/// The colour of each idea status, custom ones included, with a text colour that keeps
/// a contrast of at least 4.5:1. A stylesheet, because the pages allow no inline style.
async fn status_colours(axum::extract::State(state): axum::extract::State<AppState>) -> Result<Response, AppError> {
    let css: String = agora_db::catalog::statuses(&state.db)
        .await?
        .iter()
        .map(|s| format!(".status-{} {{ background: {}; color: {}; }}\n", s.code, s.color, ink_on(&s.color)))
        .collect();
    let headers = [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=60")];
    Ok((headers, css).into_response())
}

/// Black or white, whichever reads better on `background` (`#rrggbb`): white when the
/// colour's relative luminance is under 0.18, where both give about the same contrast.
fn ink_on(background: &str) -> &'static str {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(background.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0)) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    if luminance < 0.18 { "#fff" } else { "#1b1f24" }
}

async fn favicon() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "image/x-icon"), (header::CACHE_CONTROL, CACHE_FOREVER)], FAVICON)
}

/// A 16 × 16 "A" on the site's blue.
const FAVICON: &[u8] = include_bytes!("../../static/favicon.ico");

/// After a successful POST: back to a page of the site, in the current language.
pub(crate) fn see_other(ctx: &Ctx, path: &str) -> Response {
    Redirect::to(&ctx.link(path)).into_response()
}

/// A form shown again with its errors: 422, or 429 with `Retry-After` when the person
/// must wait before trying again.
pub(crate) fn form_again(page: impl IntoResponse, retry_after: Option<u64>) -> Response {
    match retry_after {
        Some(seconds) => {
            (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, seconds.to_string())], page).into_response()
        }
        None => (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
    }
}

/// Whether the page's script asked for JSON instead of a redirect.
pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"))
}

/// A form of buttons only (sign out, delete, mark as read): nothing but its CSRF token.
#[derive(serde::Deserialize)]
pub struct NoFields {}

/// The staff's show/hide button for an idea or a comment.
#[derive(serde::Deserialize)]
pub struct HiddenForm {
    hidden: Option<String>,
}

/// Where a comment stands on its idea's page.
pub(crate) fn comment_path(idea_id: agora_core::Id, comment_id: agora_core::Id) -> String {
    format!("/ideas/{idea_id}#comment-{comment_id}")
}

/// A checkbox or hidden boolean field: present and not "false".
pub(crate) fn checked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| v != "false" && v != "0" && !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::ink_on;

    #[test]
    fn status_text_stays_readable() {
        // The default statuses are dark: white text. A custom yellow gets dark text.
        for dark in ["#505a64", "#0b5394", "#7a4b00", "#1e6b34", "#a4262c", "#14532d"] {
            assert_eq!(ink_on(dark), "#fff", "{dark}");
        }
        for light in ["#ffd700", "#ffffff", "#9be3a0"] {
            assert_eq!(ink_on(light), "#1b1f24", "{light}");
        }
    }
}
