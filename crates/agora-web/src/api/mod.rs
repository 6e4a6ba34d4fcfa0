//! JSON API v1. Handlers call the same services as the HTML pages; this module only
//! maps JSON to service inputs and service outputs to JSON.

mod comments;
pub(crate) mod ideas;
mod projects;
mod users;

use agora_app::ideas::Idea;
use agora_core::{Id, Micros, to_datetime};
use axum::Router;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post, put};
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/v1/users", post(users::sign_up))
        .route("/v1/auth/token", post(users::token).delete(users::revoke_token))
        .route("/v1/auth/tokens", get(users::tokens).delete(users::revoke_all))
        .route("/v1/auth/tokens/{id}", delete(users::revoke_token_by_id))
        .route("/v1/me", get(users::me))
        .route("/v1/projects", get(projects::list).post(projects::create))
        .route("/v1/projects/{id}", get(projects::show).put(projects::update))
        .route("/v1/projects/{id}/phases", get(projects::phases).post(projects::create_phase))
        .route("/v1/phases/{id}", put(projects::update_phase).delete(projects::delete_phase))
        .route(
            "/v1/projects/{id}/moderators/{user_id}",
            put(projects::add_moderator).delete(projects::remove_moderator),
        )
        .route("/v1/topics", get(projects::topics).post(projects::create_topic))
        .route("/v1/topics/{id}", put(projects::update_topic).delete(projects::delete_topic))
        .route("/v1/areas", get(projects::areas).post(projects::create_area))
        .route("/v1/areas/{id}", put(projects::update_area).delete(projects::delete_area))
        .route("/v1/statuses", get(projects::statuses).post(projects::create_status))
        .route("/v1/projects/{id}/ideas", get(ideas::list).post(ideas::create))
        .route("/v1/ideas/{id}", get(ideas::show).put(ideas::update).delete(ideas::delete))
        .route("/v1/ideas/{id}/reaction", put(ideas::react).delete(ideas::unreact))
        .route("/v1/ideas/{id}/status", put(ideas::set_status))
        .route("/v1/ideas/{id}/feedback", get(ideas::feedback).post(ideas::add_feedback))
        .route("/v1/ideas/{id}/hidden", put(ideas::set_hidden))
        .route("/v1/ideas/{id}/withdraw", post(ideas::withdraw))
        .route("/v1/ideas/{id}/revisions", get(ideas::revisions))
        .route("/v1/ideas/{id}/follow", put(ideas::follow).delete(ideas::unfollow))
        .route("/v1/ideas/{id}/comments", get(comments::list).post(comments::create))
        .route("/v1/comments/{id}", put(comments::update).delete(comments::delete))
        .route("/v1/comments/{id}/like", put(comments::like).delete(comments::unlike))
        .route("/v1/comments/{id}/hidden", put(comments::set_hidden))
        .route("/v1/notifications", get(users::notifications))
        .route("/v1/notifications/read", post(users::mark_read))
        .fallback(|| async { AppError::from(agora_core::Code::NotFound) })
}

async fn openapi() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], include_str!("openapi.json"))
}

/// The optional `Idempotency-Key` header of a `POST` (an unreadable value counts as
/// invalid, not as absent).
pub(crate) fn idempotency_key(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers.get("idempotency-key").map(|v| v.to_str().unwrap_or("\u{0}"))
}

pub(crate) fn time(micros: Micros) -> String {
    to_datetime(micros).to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Reads a date-time (RFC 3339) or a date (`2026-05-01`, midnight UTC).
pub(crate) fn parse_time(value: &str) -> Option<Micros> {
    chrono::DateTime::parse_from_rfc3339(value).map(|t| t.timestamp_micros()).ok().or_else(|| {
        chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp_micros())
    })
}

/// Ids may come as numbers or strings: clients treat them as opaque.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AnyId(pub Id);

impl<'de> Deserialize<'de> for AnyId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(Id),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Ok(AnyId(n)),
            Raw::Text(s) => s.trim().parse().map(AnyId).map_err(|_| serde::de::Error::custom("expected an id")),
        }
    }
}

pub(crate) fn ids(ids: &Option<Vec<AnyId>>) -> Vec<Id> {
    ids.iter().flatten().map(|i| i.0).collect()
}

pub(crate) fn idea_json(ctx: &Ctx, base_url: &str, idea: &Idea) -> Value {
    json!({
        "id": idea.id,
        "project_id": idea.project_id,
        "title": idea.title,
        "body": idea.body,
        "body_html": idea.body_html,
        "author": idea.author.as_ref().map(|a| json!({"id": a.id, "name": a.name})),
        "status": idea.status.code,
        "status_title": idea.status.title,
        "topic_ids": idea.topic_ids,
        "area_id": idea.area_id,
        "location": idea.location.map(|(lat, lng)| json!({"lat": lat, "lng": lng})),
        "likes_count": idea.likes_count,
        "dislikes_count": idea.dislikes_count,
        "comments_count": idea.comments_count,
        "trending_rank": idea.trending_rank,
        "hidden": idea.hidden,
        "edited_at": idea.edited_at.map(time),
        "edited_by_staff": idea.edited_by_staff,
        "created_at": time(idea.created_at),
        "updated_at": time(idea.updated_at),
        "url": format!("{}{}/ideas/{}", base_url.trim_end_matches('/'), ctx.prefix, idea.id),
    })
}
