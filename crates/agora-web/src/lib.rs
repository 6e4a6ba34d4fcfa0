//! Agora's HTTP layer. Handlers are thin: they read the request, call a use case from
//! `agora-app`, and render HTML (askama templates, `pages`) or JSON (`api`). The
//! middleware in `context` resolves the locale, the signed-in person and the CSRF token
//! once per request.

pub mod api;
pub mod config;
pub mod context;
pub mod error;
pub mod limits;
pub mod pages;
pub mod paths;
pub mod server;
mod views;

use std::sync::Arc;

use agora_db::Db;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

pub use config::Config;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
}

/// Request bodies larger than this are refused with 413 before any parsing.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// No inline script or style anywhere: the CSP says so, and the pages comply.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub fn router(state: AppState) -> Router {
    // Under an https address, browsers are told to never try plain http again.
    let hsts = state.config.secure_cookies().then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    let app = Router::new()
        .merge(pages::routes())
        .nest("/api", api::routes())
        .layer(axum::middleware::from_fn_with_state(state.clone(), context::layer))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyTimeoutLayer::new(server::BODY_TIMEOUT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    // The locale prefix (`/nl/...`) is taken off before routing, so one set of routes
    // serves every language.
    let app = tower::Layer::layer(&axum::middleware::map_request(context::strip_locale_prefix), app);
    Router::new().fallback_service(app)
}
