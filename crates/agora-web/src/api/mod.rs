//! JSON API v1. Handlers call the same use cases as the HTML pages; this module only
//! maps JSON to use-case inputs and their outputs to JSON.

mod accounts;
mod catalog;
mod comments;
mod doc;
mod groups;
pub(crate) mod ideas;
mod legal;
mod mail;
mod mail_settings;
mod me;
mod profiles;
mod projects;
pub(crate) mod surveys;
mod users;
mod voting;

use std::sync::LazyLock;

use agora_app::ideas::Idea;
use agora_core::{Id, Micros, Multiloc, to_datetime};
use axum::Router;
use axum::response::IntoResponse;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppError;

/// Every route is registered through `routes!`, which takes its description from the
/// handler's `#[utoipa::path]`: a route cannot go undocumented.
fn documented_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(doc::ApiDoc::openapi())
        .routes(routes!(openapi))
        .routes(routes!(users::sign_up))
        .routes(routes!(users::token, users::revoke_token))
        .routes(routes!(users::tokens, users::revoke_all))
        .routes(routes!(users::revoke_token_by_id))
        .routes(routes!(users::me, users::delete_me, profiles::update_me))
        .routes(
            routes!(profiles::set_avatar, profiles::remove_avatar)
                .layer(axum::extract::DefaultBodyLimit::max(agora_core::profile::MAX_AVATAR_BYTES + 64 * 1024)),
        )
        .routes(routes!(profiles::set_name_display))
        .routes(routes!(profiles::profile))
        .routes(routes!(surveys::form, surveys::save_form))
        .routes(routes!(surveys::submit))
        .routes(routes!(surveys::draft, surveys::save_draft))
        .routes(routes!(surveys::export_xlsx))
        .routes(routes!(surveys::export_csv))
        .routes(
            routes!(surveys::upload)
                .layer(axum::extract::DefaultBodyLimit::max(agora_core::survey::MAX_FILE_BYTES + 64 * 1024)),
        )
        .routes(routes!(surveys::download))
        .routes(routes!(me::change_password))
        .routes(routes!(me::change_email))
        .routes(routes!(me::resend_confirmation))
        .routes(routes!(me::sign_out_elsewhere))
        .routes(routes!(users::find_people))
        .routes(routes!(mail::retry_mail))
        .routes(routes!(legal::legal_text, legal::set_legal_text))
        .routes(routes!(users::export))
        .routes(routes!(accounts::confirm))
        .routes(routes!(accounts::password_reset))
        .routes(routes!(accounts::reset_password))
        .routes(routes!(mail::list))
        .routes(routes!(users::block, users::unblock))
        .routes(routes!(projects::list, projects::create))
        .routes(routes!(projects::show, projects::update))
        .routes(routes!(projects::phases, projects::create_phase))
        .routes(routes!(projects::update_phase, projects::delete_phase))
        .routes(routes!(projects::add_moderator, projects::remove_moderator))
        .routes(routes!(catalog::topics, catalog::create_topic))
        .routes(routes!(catalog::update_topic, catalog::delete_topic))
        .routes(routes!(catalog::areas, catalog::create_area))
        .routes(routes!(catalog::update_area, catalog::delete_area))
        .routes(routes!(catalog::statuses, catalog::create_status))
        .routes(routes!(ideas::list, ideas::create))
        .routes(routes!(ideas::show, ideas::update, ideas::delete))
        .routes(routes!(ideas::react, ideas::unreact))
        .routes(routes!(ideas::set_status))
        .routes(routes!(ideas::feedback, ideas::add_feedback))
        .routes(routes!(ideas::set_hidden))
        .routes(routes!(ideas::withdraw))
        .routes(routes!(ideas::revisions))
        .routes(routes!(ideas::follow, ideas::unfollow))
        .routes(routes!(comments::list, comments::create))
        .routes(routes!(comments::update, comments::delete))
        .routes(routes!(comments::like, comments::unlike))
        .routes(routes!(comments::set_hidden))
        .routes(routes!(users::notifications))
        .routes(routes!(users::mark_read))
        .routes(routes!(mail_settings::get, mail_settings::put))
        .routes(routes!(groups::list, groups::create))
        .routes(routes!(groups::delete))
        .routes(routes!(groups::members))
        .routes(routes!(groups::add_member, groups::remove_member))
        .routes(routes!(voting::options, voting::create_option))
        .routes(routes!(voting::set_option, voting::remove_option))
        .routes(routes!(voting::basket, voting::save_basket, voting::withdraw))
        .routes(routes!(voting::submit))
        .routes(routes!(voting::set_offline_votes))
        .routes(routes!(voting::results, voting::publish_results))
        .routes(
            routes!(voting::ballots_file, voting::import_ballots)
                .layer(axum::extract::DefaultBodyLimit::max(voting::MAX_IMPORT_BYTES)),
        )
        .routes(routes!(voting::ballot_log))
        .routes(routes!(voting::comparison, voting::compare_rules))
}

pub use voting::MAX_IMPORT_BYTES;

pub fn routes() -> Router<AppState> {
    let (router, _) = documented_routes().split_for_parts();
    router.fallback(|| async { AppError::from(agora_core::Code::NotFound) })
}

/// The OpenAPI document of the API, pretty-printed with a final newline.
pub fn openapi_document() -> &'static str {
    static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
        // Cannot fail: the document holds only strings, numbers and string-keyed maps (and
        // the snapshot test would catch an empty one).
        let json = documented_routes().into_openapi().to_pretty_json().unwrap_or_default();
        format!("{json}\n")
    });
    &DOCUMENT
}

#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    operation_id = "get_openapi",
    summary = "This document.",
    responses((status = 200, description = "The OpenAPI document of this API.", body = Object))
)]
async fn openapi() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], openapi_document())
}

/// The optional `Idempotency-Key` header of a `POST` (an unreadable value counts as
/// invalid, not as absent).
pub(crate) fn idempotency_key(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers.get("idempotency-key").map(|v| v.to_str().unwrap_or("\u{0}"))
}

/// The file in the field named `file` of a multipart body: its name and bytes. Too
/// large a body is a 413; a body that is not multipart, a 400 on `file`.
pub(crate) async fn file_field(
    multipart: &mut axum::extract::Multipart,
) -> Result<Option<(String, axum::body::Bytes)>, AppError> {
    use axum::http::StatusCode;
    let refused = |status: StatusCode| match status {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::from(agora_core::Code::PayloadTooLarge),
        _ => AppError(agora_core::Error::field("file", "invalid")),
    };
    let mut file = None;
    loop {
        match multipart.next_field().await.map_err(|e| refused(e.status()))? {
            Some(field) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("file").to_owned();
                file = Some((name, field.bytes().await.map_err(|e| refused(e.status()))?));
            }
            Some(_) => {}
            None => return Ok(file),
        }
    }
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

#[derive(Serialize, ToSchema)]
#[schema(as = Author)]
pub(crate) struct AuthorJson {
    id: i64,
    name: String,
    /// Took part without an account, where the phase lets everyone.
    guest: bool,
}

impl From<&agora_app::ideas::Author> for AuthorJson {
    fn from(a: &agora_app::ideas::Author) -> Self {
        AuthorJson { id: a.id, name: a.name.clone(), guest: a.guest }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Idea)]
pub(crate) struct IdeaJson {
    id: i64,
    project_id: i64,
    title: Multiloc,
    body: Multiloc,
    /// The body rendered from Markdown to sanitised HTML.
    body_html: Multiloc,
    /// Null once the author's account is gone.
    #[schema(required)]
    author: Option<AuthorJson>,
    /// The code of the idea's status (see GET /v1/statuses).
    #[schema(examples("proposed"))]
    status: String,
    status_title: Multiloc,
    #[schema(value_type = Vec<i64>)]
    topic_ids: Vec<Id>,
    #[schema(required)]
    area_id: Option<i64>,
    #[schema(required)]
    location: Option<ideas::Location>,
    likes_count: i64,
    dislikes_count: i64,
    comments_count: i64,
    trending_rank: f64,
    /// Hidden ideas are shown to the project's staff only.
    hidden: bool,
    /// When an edit that is shown was made: after the city answered the idea, or by staff.
    #[schema(required, format = DateTime)]
    edited_at: Option<String>,
    /// Whether staff changed the author's words (the earlier version is kept).
    edited_by_staff: bool,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
    /// The idea's page on the site.
    #[schema(format = "uri")]
    url: String,
}

pub(crate) fn idea_json(ctx: &Ctx, base_url: &str, idea: &Idea) -> IdeaJson {
    IdeaJson {
        id: idea.id,
        project_id: idea.project_id,
        title: idea.title.clone(),
        body: idea.body.clone(),
        body_html: idea.body_html.clone(),
        author: idea.author.as_ref().map(AuthorJson::from),
        status: idea.status.code.clone(),
        status_title: idea.status.title.clone(),
        topic_ids: idea.topic_ids.clone(),
        area_id: idea.area_id,
        location: idea.location.map(|(lat, lng)| ideas::Location { lat, lng }),
        likes_count: idea.likes_count,
        dislikes_count: idea.dislikes_count,
        comments_count: idea.comments_count,
        trending_rank: idea.trending_rank,
        hidden: idea.hidden,
        edited_at: idea.edited_at.map(time),
        edited_by_staff: idea.edited_by_staff,
        created_at: time(idea.created_at),
        updated_at: time(idea.updated_at),
        url: format!("{}{}/ideas/{}", base_url.trim_end_matches('/'), ctx.prefix, idea.id),
    }
}
