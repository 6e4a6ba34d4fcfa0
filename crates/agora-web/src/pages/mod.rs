//! The HTML pages. Every form is a plain POST answered by a 303 redirect (or the form
//! again, with the errors next to the fields), so everything works without JavaScript.

mod account;
mod account_delete;
mod accounts;
mod admin;
pub mod auth;
mod comments;
pub(crate) mod confirm;
mod home;
mod ideas;
mod legal;
mod mail_settings;
mod notifications;
mod projects;
mod survey_results;
mod surveys;
mod voting;

use agora_core::participation::{Action, Refusal, Venue, may_act};
use agora_core::{Error, Micros};
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppError;
use crate::paths;

pub use confirm::done_message;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::HOME, get(home::show))
        .route(paths::HEALTHZ, get(healthz))
        .route(paths::APP_CSS, get(css))
        .route(paths::APP_JS, get(js))
        .route(paths::STATUSES_CSS, get(status_colours))
        .route(paths::FAVICON, get(favicon))
        .route(paths::SETUP, get(auth::setup_form).post(auth::setup))
        .route(paths::SIGN_UP, get(auth::sign_up_form).post(auth::sign_up))
        .route(paths::SIGN_IN, get(auth::sign_in_form).post(auth::sign_in))
        .route(paths::SIGN_OUT, post(auth::sign_out))
        .route(paths::OIDC_START, get(auth::oidc_start))
        .route(paths::OIDC_CALLBACK, get(auth::oidc_callback))
        .route(paths::ACCOUNT, get(account::show))
        .route(paths::ACCOUNT_LANGUAGE, post(account::set_language))
        .route(paths::ACCOUNT_TOKEN_REVOKE, post(account::revoke_token))
        .route(paths::ACCOUNT_SIGN_OUT_EVERYWHERE, post(account::sign_out_everywhere))
        .route(paths::ACCOUNT_SIGN_OUT_ELSEWHERE, post(account::sign_out_elsewhere))
        .route(paths::ACCOUNT_PASSWORD, post(account::change_password))
        .route(paths::ACCOUNT_EMAIL, post(account::change_email))
        .route(paths::ACCOUNT_PROFILE, post(account::save_profile))
        .route(
            paths::ACCOUNT_AVATAR,
            post(account::set_avatar)
                .layer(axum::extract::DefaultBodyLimit::max(agora_core::profile::MAX_AVATAR_BYTES + 64 * 1024)),
        )
        .route(paths::ACCOUNT_AVATAR_REMOVE, post(account::remove_avatar))
        .route(paths::AVATAR, get(account::avatar))
        .route(paths::PERSON, get(account::person))
        .route(paths::ACCOUNT_EXPORT, get(account::download_export).post(account::request_export))
        .route(paths::ACCOUNT_DELETE, get(account_delete::show).post(account_delete::delete))
        .route(paths::ACCOUNT_CONFIRMATION, post(account::resend_confirmation))
        .route(paths::CONFIRM_EMAIL, get(accounts::confirm_email_page).post(accounts::confirm_email))
        .route(paths::RESET_PASSWORD, get(accounts::reset_password_page).post(accounts::request_reset))
        .route(paths::RESET_PASSWORD_NEW, post(accounts::reset_password))
        .route(paths::ACCOUNT_MAIL, get(mail_settings::show).post(mail_settings::save))
        .route(paths::ACCOUNT_MAIL_STOP, post(mail_settings::stop_all))
        .route(paths::UNSUBSCRIBE, get(mail_settings::unsubscribe_form).post(mail_settings::unsubscribe))
        .route(paths::NOTIFICATIONS, get(notifications::show))
        .route(paths::NOTIFICATIONS_READ, post(notifications::mark_read))
        .route(paths::PROJECT, get(projects::show))
        .route(paths::PROJECT_NEW_IDEA, get(ideas::new_form))
        .route(paths::PROJECT_IDEAS, post(ideas::create))
        .route(paths::IDEA, get(ideas::show))
        .route(paths::IDEA_EDIT, get(ideas::edit_form).post(ideas::update))
        .route(paths::IDEA_DELETE, post(ideas::delete))
        .route(paths::IDEA_WITHDRAW, post(ideas::withdraw))
        .route(paths::IDEA_REACTION, post(ideas::react))
        .route(paths::IDEA_FOLLOW, post(ideas::follow))
        .route(paths::IDEA_STATUS, post(ideas::set_status))
        .route(paths::IDEA_FEEDBACK, post(ideas::add_feedback))
        .route(paths::IDEA_HIDDEN, post(ideas::set_hidden))
        .route(paths::IDEA_COMMENTS, post(comments::create))
        .route(paths::COMMENT_EDIT, get(comments::edit_form).post(comments::update))
        .route(paths::COMMENT_DELETE, post(comments::delete))
        .route(paths::COMMENT_LIKE, post(comments::like))
        .route(paths::COMMENT_HIDDEN, post(comments::set_hidden))
        .route(paths::ADMIN, get(admin::show))
        .route(paths::ADMIN_PROJECTS, post(admin::create_project))
        .route(paths::ADMIN_PROJECT, get(admin::edit_project).post(admin::update_project))
        .route(paths::ADMIN_PROJECT_PHASES, post(admin::create_phase))
        .route(paths::ADMIN_PROJECT_MODERATORS, post(admin::add_moderator))
        .route(paths::ADMIN_PROJECT_MODERATOR_REMOVE, post(admin::remove_moderator))
        .route(paths::ADMIN_PHASE, get(admin::edit_phase).post(admin::update_phase))
        .route(paths::ADMIN_PHASE_DELETE, post(admin::delete_phase))
        .route(paths::ADMIN_TOPICS, post(admin::create_topic))
        .route(paths::ADMIN_TOPIC, post(admin::rename_topic))
        .route(paths::ADMIN_TOPIC_DELETE, post(admin::delete_topic))
        .route(paths::ADMIN_AREAS, post(admin::create_area))
        .route(paths::ADMIN_STATUSES, post(admin::create_status))
        .route(paths::ADMIN_AREA, post(admin::rename_area))
        .route(paths::ADMIN_AREA_DELETE, post(admin::delete_area))
        .route(paths::ADMIN_JOB_RETRY, post(admin::retry_job))
        .route(paths::ADMIN_MAIL, get(admin::mail::list))
        .route(paths::ADMIN_PEOPLE, get(admin::people::list))
        .route(paths::ADMIN_PEOPLE_INVITE, post(admin::people::invite))
        .route(paths::ADMIN_PEOPLE_INVITE_FILE, post(admin::people::invite_file))
        .route(paths::ADMIN_PEOPLE_EXPORT, get(admin::people::export))
        .route(paths::ADMIN_PEOPLE_NAMES, post(admin::people::names))
        .route(paths::ADMIN_LEGAL, get(legal::edit).post(legal::save))
        .route(paths::PRIVACY, get(legal::privacy))
        .route(paths::TERMS, get(legal::terms))
        .route(paths::ADMIN_PERSON_BLOCK, post(admin::people::block))
        .route(paths::ADMIN_PERSON_UNBLOCK, post(admin::people::unblock))
        .route(paths::ADMIN_MAIL_RETRY, post(admin::mail::retry))
        .route(paths::ADMIN_GROUPS, get(admin::groups::list).post(admin::groups::create))
        .route(paths::ADMIN_GROUP, get(admin::groups::show).post(admin::groups::add_member))
        .route(paths::ADMIN_GROUP_DELETE, post(admin::groups::delete))
        .route(paths::ADMIN_GROUP_MEMBER_REMOVE, post(admin::groups::remove_member))
        .route(paths::ADMIN_PHASE_OPTIONS, get(admin::voting::show).post(admin::voting::add_options))
        .route(paths::ADMIN_PHASE_NEW_OPTION, post(admin::voting::new_option))
        .route(paths::ADMIN_PHASE_OPTION, post(admin::voting::set_cost))
        .route(paths::ADMIN_PHASE_OPTION_REMOVE, post(admin::voting::remove_option))
        .route(paths::ADMIN_PHASE_OFFLINE, post(admin::voting::set_offline))
        .route(paths::ADMIN_PHASE_RESULTS, post(admin::voting::publish))
        .route(paths::ADMIN_PHASE_COMPARE, post(admin::voting::compare))
        .route(paths::ADMIN_PHASE_FORM, get(admin::surveys::show).post(admin::surveys::step))
        .route(paths::ADMIN_PHASE_QUESTION, get(admin::surveys::question_form).post(admin::surveys::save_question))
        .route(paths::ADMIN_PHASE_QUESTION_DELETE, post(admin::surveys::delete_question))
        .route(paths::ADMIN_PHASE_PAGE_DELETE, post(admin::surveys::delete_page))
        .route(
            paths::ADMIN_PHASE_IMPORT,
            post(admin::voting::import).layer(axum::extract::DefaultBodyLimit::max(crate::api::MAX_IMPORT_BYTES)),
        )
        .route(paths::PHASE_BALLOT, get(voting::ballot))
        .route(paths::PHASE_BALLOT_OPTION, post(voting::step))
        .route(paths::PHASE_BALLOT_SUBMIT, post(voting::submit))
        .route(paths::PHASE_BALLOT_WITHDRAW, post(voting::withdraw))
        .route(paths::PHASE_RESULTS, get(survey_results::results))
        .route(
            paths::PHASE_SURVEY,
            get(surveys::show)
                .post(surveys::answer)
                .layer(axum::extract::DefaultBodyLimit::max(agora_core::survey::MAX_FILE_BYTES + 256 * 1024)),
        )
        .route(paths::PHASE_SURVEY_THANKS, get(surveys::thanks))
        .fallback(|| async { AppError::from(agora_core::Code::NotFound) })
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    match agora_app::users::count(&state.db).await {
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
    let css: String = agora_app::catalog::statuses(&state.db)
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

/// A checkbox or hidden boolean field: present and not "false".
/// Whether a page offers an action: as the rule says, except that a visitor is offered
/// what signed-in people may do, and asked to sign in when they try.
pub(crate) fn offered(ctx: &Ctx, venue: &Venue, action: Action, now: Micros) -> Result<(), Error> {
    match may_act(ctx.participant_actor(), venue, action, now) {
        Err(Refusal::SignIn) => Ok(()),
        other => other.map_err(|refusal| refusal.error(action)),
    }
}

/// The name a visitor without an account signs with, where the phase lets everyone do
/// `action`: what they gave before as a guest, or empty (the form then asks for it).
/// `None` when they would have to sign in, or have an account.
pub(crate) fn guest_name(ctx: &Ctx, venue: &Venue, action: Action, now: Micros) -> Option<String> {
    (ctx.actor.is_none() && may_act(None, venue, action, now).is_ok())
        .then(|| ctx.guest.as_ref().map(|g| g.name.clone()).unwrap_or_default())
}

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

    /// A page's title block holds its title and nothing else: a block left open would
    /// swallow the page's forms into `<title>` (as happened once).
    #[test]
    fn every_title_block_closes_on_its_line() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
            let path = entry.map(|e| e.path()).unwrap_or_default();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for line in text.lines().filter(|l| l.contains("{% block title %}")) {
                let after = line.split("{% block title %}").nth(1).unwrap_or_default();
                assert!(after.contains("{% endblock %}"), "{}: {line}", path.display());
            }
        }
    }
}
