//! Once per request: the locale (URL prefix, then the person's setting, then
//! Accept-Language), the signed-in person (session cookie or bearer token), the CSRF
//! token, and the cross-site checks. Also renders errors, which need the locale.

use std::collections::HashMap;

use agora_app::guests::{Participant, Pass as GuestPass};
use agora_app::users::{self, Credential, SignedIn, User};
use agora_core::permissions::Actor;
use agora_core::{Code, Error, FieldError, LOCALES};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::{AppError, PendingError, json_body};

pub const SESSION_COOKIE: &str = "agora_session";
pub const CSRF_COOKIE: &str = "agora_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// What a handler knows about the request beyond its own parameters.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub locale: &'static str,
    /// `""` or `/nl`, `/fr`, `/en`: kept in every link of the page.
    pub prefix: &'static str,
    /// The path and query without the locale prefix, for the language switcher (so a
    /// sorted, filtered list stays sorted and filtered in the other language).
    pub path: String,
    pub user: Option<User>,
    pub actor: Option<Actor>,
    /// A visitor who took part as a guest before (never with `user`).
    pub guest: Option<GuestSession>,
    pub session_token: Option<String>,
    /// The bearer token of an API request.
    pub api_token: Option<String>,
    /// The token every form carries; equal to the `agora_csrf` cookie.
    pub csrf: String,
    pub client_ip: String,
    /// Who is looking, for the random order: the person, else their browser (its CSRF
    /// cookie), else their address.
    pub visitor: String,
    pub unread_notifications: i64,
    /// What the previous request did (`?done=idea-deleted`), as a sentence.
    pub done: Option<String>,
}

/// The guest a browser's session names.
#[derive(Clone, Debug)]
pub struct GuestSession {
    pub actor: Actor,
    /// Empty until they sign something.
    pub name: String,
}

impl Ctx {
    pub fn actor(&self) -> Option<&Actor> {
        self.actor.as_ref()
    }

    /// Who takes part in what a phase may open to everyone, and sees their own reactions:
    /// the person signed in, else the guest this browser is.
    pub fn participant_actor(&self) -> Option<&Actor> {
        self.actor.as_ref().or(self.guest.as_ref().map(|g| &g.actor))
    }

    /// The participant of an action a phase may open to everyone: `pass` is the session
    /// a visitor's browser keeps if this action makes them a guest (see [`keep_guest`]);
    /// a guest signs with the name typed, else the one they gave before.
    pub fn participant<'a>(&'a self, pass: &'a GuestPass, typed_name: Option<&'a str>) -> Participant<'a> {
        let typed_name = typed_name.filter(|n| !n.trim().is_empty());
        Participant {
            actor: self.participant_actor(),
            new_guest: self.participant_actor().is_none().then_some(pass),
            guest_name: typed_name.or(self.guest.as_ref().map(|g| g.name.as_str())),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.actor.as_ref().is_some_and(|a| a.is_admin)
    }

    pub fn t(&self, id: &str) -> String {
        agora_i18n::t(self.locale, id)
    }

    /// A fresh key for a form that creates something: submitted twice (a double
    /// click), it creates once.
    pub fn form_key(&self) -> String {
        new_csrf_token()
    }

    /// Every language of the site: its code, its name in itself, and this page in it.
    pub fn languages(&self) -> Vec<(&'static str, String, String)> {
        LOCALES
            .iter()
            .map(|l| (*l, agora_i18n::t(l, "language-name"), format!("{}{}", agora_core::url_prefix(l), self.path)))
            .collect()
    }

    /// A link inside the site, in the current language.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(|| AppError(Error::internal("context layer missing")))
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// After an action that succeeded: a visitor who had neither an account nor a guest
/// session became a guest with it, and their browser keeps the guest's session.
pub fn keep_guest(state: &AppState, ctx: &Ctx, pass: &GuestPass, response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    if ctx.participant_actor().is_none() && (response.status().is_success() || response.status().is_redirection()) {
        let max_age = users::SESSION_LIFETIME / 1_000_000;
        let cookie = set_cookie(SESSION_COOKIE, pass.token(), max_age, state.config.secure_cookies());
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

pub fn new_csrf_token() -> String {
    rand::random::<[u8; 24]>().iter().map(|b| format!("{b:02x}")).collect()
}

fn split_locale(path: &str) -> (&'static str, Option<&'static str>, String) {
    for locale in LOCALES {
        if let Some(rest) = path.strip_prefix('/').and_then(|p| p.strip_prefix(locale))
            && (rest.is_empty() || rest.starts_with('/'))
        {
            let prefix = agora_core::url_prefix(locale);
            let rest = if rest.is_empty() { "/".to_owned() } else { rest.to_owned() };
            return (prefix, Some(locale), rest);
        }
    }
    ("", None, path.to_owned())
}

fn is_cross_site(headers: &HeaderMap, base_url: &str) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return false };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
    let base_host = base_url.split_once("://").map(|(_, h)| h.trim_end_matches('/')).unwrap_or_default();
    origin != "null" && origin_host != host && origin_host != base_host
}

fn client_ip(request: &Request, trust: &crate::config::TrustProxy) -> String {
    let peer = request.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    // A proxy may add a header line of its own rather than extend the client's: read
    // them all, in order, as one list.
    let lines: Vec<&str> =
        request.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    let forwarded_for = (!lines.is_empty()).then(|| lines.join(","));
    trust
        .client_address(peer, forwarded_for.as_deref())
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The locale named by the URL prefix, found before routing.
#[derive(Clone)]
struct UrlLocale {
    prefix: &'static str,
    locale: Option<&'static str>,
    path: String,
}

pub async fn strip_locale_prefix(mut request: Request) -> Request {
    let (prefix, locale, path) = split_locale(request.uri().path());
    let path_and_query = match request.uri().query() {
        Some(q) => format!("{path}?{q}"),
        None => path,
    };
    if locale.is_some()
        && let Ok(uri) = path_and_query.parse::<Uri>()
    {
        *request.uri_mut() = uri;
    }
    // The same page in another language, without the one-time `done` message.
    let path = match path_and_query.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query.split('&').filter(|p| !p.starts_with("done=")).collect();
            if kept.is_empty() { path.to_owned() } else { format!("{path}?{}", kept.join("&")) }
        }
        None => path_and_query,
    };
    request.extensions_mut().insert(UrlLocale { prefix, locale, path });
    request
}

/// A NUL character, percent-encoded or not: no text of Agora may hold one (PostgreSQL
/// cannot store it), so it is refused at the door rather than deep in a query.
fn has_nul(encoded: &str) -> bool {
    percent_encoding::percent_decode_str(encoded).any(|b| b == 0)
}

pub async fn layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let UrlLocale { prefix, locale: url_locale, path } = request
        .extensions()
        .get::<UrlLocale>()
        .cloned()
        .unwrap_or_else(|| UrlLocale { prefix: "", locale: None, path: request.uri().path().to_owned() });
    if has_nul(request.uri().path()) {
        return render_error(&Error::not_found(), "en", prefix, is_api);
    }
    if request.uri().query().is_some_and(has_nul) {
        return render_error(&Error::field("query", "invalid"), "en", prefix, is_api);
    }
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .map(str::to_owned);
    let session_token = cookie(headers, SESSION_COOKIE).map(str::to_owned);
    let csrf_cookie = cookie(headers, CSRF_COOKIE).map(str::to_owned);
    let accept_language = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let negotiated = agora_i18n::negotiate(accept_language, &LOCALES);
    let cross_site = is_cross_site(headers, &state.config.base_url);
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let csrf_header = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);

    let now = agora_db::now();
    let credential = match (&bearer, &session_token) {
        (Some(token), _) => Some(Credential::ApiToken(token)),
        (None, Some(token)) => Some(Credential::Session(token)),
        (None, None) => None,
    };
    let signed_in = match credential {
        Some(credential) => users::signed_in(&state.db, credential, now).await,
        None => Ok(None),
    };
    let (user, actor, guest) = match signed_in {
        Ok(Some(SignedIn::Person(user, actor))) => (Some(user), Some(actor), None),
        Ok(Some(SignedIn::Guest(guest))) => {
            (None, None, Some(GuestSession { actor: Actor::guest(guest.id), name: guest.name }))
        }
        Ok(None) => (None, None, None),
        Err(e) => return render_error(&e, "en", "", is_api),
    };
    if bearer.is_some() && user.is_none() {
        return render_error(&Error::new(Code::NotSignedIn), "en", "", is_api);
    }
    let unread_notifications = match (&user, is_api) {
        (Some(u), false) => agora_app::notifications::unread_count(&state.db, u.id).await.unwrap_or(0),
        _ => 0,
    };
    let user_locale = user.as_ref().and_then(|u| u.locale.as_deref()).and_then(|l| LOCALES.iter().find(|s| **s == l));
    let locale: &'static str = url_locale.or(user_locale.copied()).or(negotiated).unwrap_or(agora_core::DEFAULT_LOCALE);
    let new_csrf = csrf_cookie.is_none();
    let csrf = csrf_cookie.clone().unwrap_or_else(new_csrf_token);

    // A browser tells us when a request comes from another site: refuse it outright.
    if unsafe_method && cross_site {
        return render_error(&Error::new(Code::CsrfFailed), locale, prefix, is_api);
    }
    // Scripts calling the API with the session cookie must echo the CSRF token; bearer
    // tokens are not sent by browsers on their own, so they need none.
    let cookie_authenticated = bearer.is_none() && (user.is_some() || guest.is_some());
    if is_api && unsafe_method && cookie_authenticated && (csrf_header.is_none() || csrf_header != csrf_cookie) {
        return render_error(&Error::new(Code::CsrfFailed), locale, prefix, is_api);
    }

    let client_ip = client_ip(&request, &state.config.trust_proxy);
    // A guest keeps their browser's order: becoming one does not shuffle the page.
    let visitor = match (&user, &csrf_cookie) {
        (Some(u), _) => format!("user:{}", u.id),
        (None, Some(cookie)) => cookie.clone(),
        (None, None) => client_ip.clone(),
    };
    let done = request
        .uri()
        .query()
        .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "done"))
        .and_then(|(_, key)| crate::pages::done_message(locale, &key));
    let ctx = Ctx {
        locale,
        prefix,
        path,
        user,
        actor,
        guest,
        session_token,
        api_token: bearer,
        csrf: csrf.clone(),
        client_ip,
        visitor,
        unread_notifications,
        done,
    };
    let signed_in = ctx.participant_actor().is_some();
    request.extensions_mut().insert(ctx);
    let mut response = next.run(request).await;
    // What a signed-in person sees is theirs alone: no shared or back-button cache.
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Some(code) = framework_rejection(&response) {
        response.extensions_mut().insert(PendingError(Error::new(code)));
    }
    if let Some(PendingError(e)) = response.extensions_mut().remove::<PendingError>() {
        let headers = std::mem::take(response.headers_mut());
        response = render_error(&e, locale, prefix, is_api);
        for (name, value) in headers.iter().filter(|(n, _)| *n == header::SET_COOKIE) {
            response.headers_mut().append(name, value.clone());
        }
    }
    if new_csrf && !is_api {
        response
            .headers_mut()
            .append(header::SET_COOKIE, set_cookie(CSRF_COOKIE, &csrf, 365 * 24 * 3600, state.config.secure_cookies()));
    }
    response
}

/// The router's own plain-text refusals (a path id that is not a number, a method the
/// route does not have) become our errors too, so every refusal reads the same.
fn framework_rejection(response: &Response) -> Option<Code> {
    let plain = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    let status = response.status();
    match status {
        _ if response.extensions().get::<PendingError>().is_some() || !status.is_client_error() => None,
        axum::http::StatusCode::METHOD_NOT_ALLOWED => Some(Code::MethodNotAllowed),
        _ if plain => Some(Code::NotFound),
        _ => None,
    }
}

pub fn render_error(e: &Error, locale: &'static str, prefix: &'static str, is_api: bool) -> Response {
    if e.code == Code::Internal {
        tracing::error!(detail = ?e.detail, "internal error");
    }
    let status = crate::error::status(e.code);
    let mut response = if is_api {
        (status, axum::Json(json_body(e, locale))).into_response()
    } else {
        (status, crate::views::error_page(e, locale, prefix)).into_response()
    };
    if let Some(seconds) = e.retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// A JSON body, with the errors a client can act on: `malformed_json` for bad syntax,
/// `invalid_input` for missing fields or wrong types, `payload_too_large`.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        from_json(json_value(request, state).await?).map(ApiJson)
    }
}

/// The body of a `PUT`: it replaces the resource whole, so every field of `T::FIELDS`
/// must be present (`null` clears an optional one). A missing field is refused with
/// `invalid_input` naming it, rather than silently wiping what was stored.
pub struct Replacement<T>(pub T);

pub trait Fields {
    const FIELDS: &'static [&'static str];
}

impl<S: Send + Sync, T: DeserializeOwned + Fields> FromRequest<S> for Replacement<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let value = json_value(request, state).await?;
        let missing: Vec<FieldError> = T::FIELDS
            .iter()
            .filter(|f| value.get(**f).is_none())
            .map(|f| FieldError { field: (*f).to_owned(), problem: "required", limit: None })
            .collect();
        if value.is_object() && !missing.is_empty() {
            return Err(AppError(Error::invalid(missing)));
        }
        from_json(value).map(Replacement)
    }
}

/// Reads a JSON body: `malformed_json` for bad syntax, `payload_too_large`, and
/// `invalid_input` for a NUL character anywhere (no text of Agora may hold one).
async fn json_value<S: Send + Sync>(request: Request, state: &S) -> Result<serde_json::Value, AppError> {
    use axum::extract::rejection::JsonRejection;
    let value = match axum::Json::<serde_json::Value>::from_request(request, state).await {
        Ok(axum::Json(value)) => value,
        Err(rejection) => {
            let code = match &rejection {
                JsonRejection::BytesRejection(_) => Code::PayloadTooLarge,
                _ => Code::MalformedJson,
            };
            return Err(AppError(Error { detail: Some(rejection.body_text()), ..Error::new(code) }));
        }
    };
    if let Some(field) = field_with_nul(&value, "") {
        return Err(AppError(Error::field(if field.is_empty() { "body" } else { &field }, "invalid")));
    }
    Ok(value)
}

/// `invalid_input` for missing fields or wrong types.
fn from_json<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, AppError> {
    serde_json::from_value(value)
        .map_err(|e| AppError(Error { detail: Some(e.to_string()), ..Error::new(Code::InvalidInput) }))
}

/// The first field (as a dotted path, e.g. `title.en`) whose name or text holds a NUL
/// character.
fn field_with_nul(value: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0').then(|| at.to_owned()),
        Value::Array(items) => items.iter().find_map(|v| field_with_nul(v, at)),
        Value::Object(map) => map.iter().find_map(|(k, v)| match k.contains('\0') {
            true => Some(at.to_owned()),
            false if at.is_empty() => field_with_nul(v, k),
            false => field_with_nul(v, &format!("{at}.{k}")),
        }),
        _ => None,
    }
}

/// A submitted form: checks the CSRF token, then reads the fields. Repeated fields
/// (checkbox lists) become vectors.
pub struct PageForm<T>(pub T);

#[derive(serde::Deserialize)]
struct CsrfField {
    csrf: Option<String>,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Self::Rejection> {
        let expected = request.extensions().get::<Ctx>().map(|c| c.csrf.clone());
        let bytes = Bytes::from_request(request, state).await.map_err(|_| AppError::from(Code::PayloadTooLarge))?;
        let given: CsrfField = serde_html_form::from_bytes(&bytes).map_err(|_| AppError::from(Code::CsrfFailed))?;
        if given.csrf.is_none() || given.csrf != expected {
            return Err(Code::CsrfFailed.into());
        }
        if let Some((field, _)) =
            url::form_urlencoded::parse(&bytes).find(|(k, v)| k.contains('\0') || v.contains('\0'))
        {
            return Err(AppError(Error::field(&field.replace('\0', ""), "invalid")));
        }
        serde_html_form::from_bytes(&bytes)
            .map(PageForm)
            .map_err(|e| AppError(Error { detail: Some(e.to_string()), ..Error::new(Code::InvalidInput) }))
    }
}

/// A submitted form with a file (`multipart/form-data`): checks the CSRF token, then
/// gives each field as sent; `text` reads one as text (a CSV file, say), `bytes` as it
/// came (a picture, a spreadsheet).
pub struct Upload(HashMap<String, Vec<u8>>, HashMap<String, String>);

impl Upload {
    /// The name the person's file had, for a file field.
    pub fn file_name(&self, name: &str) -> Option<&str> {
        self.1.get(name).map(String::as_str)
    }

    /// A field's text: refused unless it is UTF-8 without NUL characters.
    pub fn text(&self, name: &str) -> Result<String, AppError> {
        let bytes = self.0.get(name).map(Vec::as_slice).unwrap_or_default();
        match std::str::from_utf8(bytes) {
            Ok(text) if !text.contains('\0') => Ok(text.to_owned()),
            _ => Err(AppError(Error::field(name, "invalid"))),
        }
    }

    pub fn bytes(&self, name: &str) -> &[u8] {
        self.0.get(name).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn take(&mut self, name: &str) -> Vec<u8> {
        self.0.remove(name).unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = AppError;

    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Self::Rejection> {
        let expected = request.extensions().get::<Ctx>().map(|c| c.csrf.clone());
        let mut multipart = axum::extract::Multipart::from_request(request, state)
            .await
            .map_err(|_| AppError(Error::field("file", "invalid")))?;
        let (mut fields, mut file_names) = (HashMap::new(), HashMap::new());
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(Code::PayloadTooLarge.into());
                }
                Err(_) => return Err(AppError(Error::field("file", "invalid"))),
            };
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(file_name) = field.file_name() {
                file_names.insert(name.clone(), file_name.to_owned());
            }
            let bytes = match field.bytes().await {
                Ok(bytes) => bytes,
                Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(Code::PayloadTooLarge.into());
                }
                Err(_) => return Err(AppError(Error::field(&name, "invalid"))),
            };
            fields.insert(name, bytes.to_vec());
        }
        let upload = Upload(fields, file_names);
        if expected.is_none_or(|csrf| upload.bytes("csrf") != csrf.as_bytes()) {
            return Err(Code::CsrfFailed.into());
        }
        Ok(upload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_prefixes() {
        assert_eq!(split_locale("/nl/projects/x"), ("/nl", Some("nl"), "/projects/x".to_owned()));
        assert_eq!(split_locale("/fr"), ("/fr", Some("fr"), "/".to_owned()));
        assert_eq!(split_locale("/nlx"), ("", None, "/nlx".to_owned()));
        assert_eq!(split_locale("/projects"), ("", None, "/projects".to_owned()));
    }

    #[test]
    fn cross_site_detection() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(!is_cross_site(&h, "http://127.0.0.1:8080"));
        h.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:8080"));
        assert!(!is_cross_site(&h, "http://127.0.0.1:8080"));
        h.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(is_cross_site(&h, "http://127.0.0.1:8080"));
        let mut h = HeaderMap::new();
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(is_cross_site(&h, "http://x"));
    }
}
