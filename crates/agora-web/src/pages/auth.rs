//! Sign-up, sign-in, sign-out, and the first-run page that creates the first admin.

use agora_app::oidc::Callback;
use agora_app::users::{self, NewUser};
use agora_core::Code;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{NoFields, form_again, see_other};
use crate::AppState;
use crate::context::{CSRF_COOKIE, Ctx, PageForm, SESSION_COOKIE, cookie, new_csrf_token, set_cookie};
use crate::error::AppResult;
use crate::limits::{authenticate, check_provider_limits, check_sign_up_limits};
use crate::paths;
use crate::views::{FormErrors, form_errors};

#[derive(Template, WebTemplate)]
#[template(path = "sign_up.html")]
struct SignUpPage {
    ctx: Ctx,
    heading: String,
    action: String,
    setup: bool,
    name: String,
    email: String,
    errors: FormErrors,
    /// Carried along on the first-run set-up.
    setup_token: String,
    /// The city published terms of use: signing up accepts them.
    terms: bool,
    /// What the button of the city's OpenID provider says, when there is one.
    provider: Option<String>,
    next: String,
}

#[derive(Deserialize)]
pub struct SignUpForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    token: String,
    accept_terms: Option<String>,
}

fn sign_up_page(ctx: Ctx, setup: bool, form: Option<&SignUpForm>, errors: FormErrors) -> SignUpPage {
    SignUpPage {
        heading: ctx.t(if setup { "setup-title" } else { "nav-sign-up" }),
        action: if setup { paths::SETUP } else { paths::SIGN_UP }.to_owned(),
        setup,
        name: form.map(|f| f.name.clone()).unwrap_or_default(),
        email: form.map(|f| f.email.clone()).unwrap_or_default(),
        errors,
        setup_token: String::new(),
        terms: false,
        provider: None,
        next: "/".to_owned(),
        ctx,
    }
}

/// The sign-up page, with the terms' checkbox when the city published terms.
async fn sign_up_page_with_terms(
    state: &AppState,
    ctx: Ctx,
    form: Option<&SignUpForm>,
    errors: FormErrors,
) -> AppResult<SignUpPage> {
    let mut page = sign_up_page(ctx, false, form, errors);
    page.terms = agora_app::legal::terms_version(&state.db).await?.is_some();
    page.provider = provider_button(state, &page.ctx);
    Ok(page)
}

/// Starts a session with a fresh id and sets its cookie.
async fn start_session(state: &AppState, ctx: &Ctx, user_id: agora_core::Id, next: &str) -> AppResult<Response> {
    if let Some(old) = &ctx.session_token {
        users::delete_session(&state.db, old).await?;
    }
    let token = users::create_session(&state.db, user_id, agora_db::now()).await?;
    let cookie = set_cookie(SESSION_COOKIE, &token, users::SESSION_LIFETIME / 1_000_000, state.config.secure_cookies());
    let mut response = see_other(ctx, next);
    response.headers_mut().append(header::SET_COOKIE, cookie);
    // A CSRF token seen before signing in (on a shared computer, say) is worth nothing
    // after.
    let csrf = set_cookie(CSRF_COOKIE, &new_csrf_token(), 365 * 24 * 3600, state.config.secure_cookies());
    response.headers_mut().append(header::SET_COOKIE, csrf);
    Ok(response)
}

pub async fn sign_up_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    Ok(sign_up_page_with_terms(&state, ctx, None, FormErrors::default()).await?.into_response())
}

pub async fn sign_up(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<SignUpForm>,
) -> AppResult<Response> {
    let result = async {
        check_sign_up_limits(&state, &ctx, &form.email).await?;
        let new = NewUser {
            email: form.email.clone(),
            password: form.password.clone(),
            name: form.name.clone(),
            accept_terms: super::checked(&form.accept_terms),
        };
        Ok(users::sign_up(&state.db, &state.config.site(), new, ctx.locale, agora_db::now()).await?)
    }
    .await;
    match result {
        Ok(user) => start_session(&state, &ctx, user.id, "/").await,
        Err(crate::error::AppError(e)) => {
            let retry_after = e.retry_after;
            let errors = form_errors(e, ctx.locale)?;
            Ok(form_again(sign_up_page_with_terms(&state, ctx, Some(&form), errors).await?, retry_after))
        }
    }
}

#[derive(Deserialize)]
pub struct SetupParam {
    #[serde(default)]
    token: String,
}

/// With `AGORA_SETUP_TOKEN`, only who has the link `agora serve` printed may set up.
fn check_setup_token(state: &AppState, given: &str) -> AppResult<()> {
    match &state.config.setup_token {
        Some(expected) if !agora_core::constant_time_eq(expected.as_bytes(), given.as_bytes()) => {
            Err(Code::SetupTokenRequired.into())
        }
        _ => Ok(()),
    }
}

pub async fn setup_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<SetupParam>) -> AppResult<Response> {
    if users::count(&state.db).await? > 0 {
        return Err(Code::SetupDone.into());
    }
    check_setup_token(&state, &q.token)?;
    let mut page = sign_up_page(ctx, true, None, FormErrors::default());
    page.setup_token = q.token;
    Ok(page.into_response())
}

pub async fn setup(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<SignUpForm>,
) -> AppResult<Response> {
    check_setup_token(&state, &form.token)?;
    let new = NewUser {
        email: form.email.clone(),
        password: form.password.clone(),
        name: form.name.clone(),
        accept_terms: false,
    };
    match users::create_first_admin(&state.db, new, agora_db::now()).await {
        Ok(user) => start_session(&state, &ctx, user.id, paths::ADMIN).await,
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            let mut page = sign_up_page(ctx, true, Some(&form), errors);
            page.setup_token = form.token.clone();
            Ok(form_again(page, None))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
struct SignInPage {
    ctx: Ctx,
    email: String,
    next: String,
    errors: FormErrors,
    provider: Option<String>,
    terms: bool,
}

/// "Sign in with …", when the city's OpenID provider is set up.
fn provider_button(state: &AppState, ctx: &Ctx) -> Option<String> {
    let provider = state.config.oidc.as_ref()?;
    Some(agora_i18n::t_args(ctx.locale, "sign-in-with", &[("provider", provider.name().into())]))
}

async fn sign_in_page(
    state: &AppState,
    ctx: Ctx,
    email: String,
    next: String,
    errors: FormErrors,
) -> AppResult<SignInPage> {
    let provider = provider_button(state, &ctx);
    // Only where a first sign-in with the provider can make an account under them.
    let terms = provider.is_some() && agora_app::legal::terms_version(&state.db).await?.is_some();
    Ok(SignInPage { ctx, email, next, errors, provider, terms })
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// Only a path of this site, so a crafted link cannot send people elsewhere after
/// signing in: `next` must resolve, as a browser would resolve it, to this origin. Control
/// characters are refused (browsers drop tabs and newlines, turning `/\t/evil` into
/// `//evil`); what comes back is the URL parser's own serialisation, so it is always a
/// valid `Location`.
fn safe_next(next: Option<&str>) -> String {
    const HERE: &str = "http://agora.invalid/";
    let Some(next) = next.filter(|n| n.starts_with('/') && !n.chars().any(|c| c.is_control() || c == '\\')) else {
        return "/".to_owned();
    };
    let Ok(base) = url::Url::parse(HERE) else { return "/".to_owned() };
    match base.join(next) {
        Ok(url) if url.origin() == base.origin() && url.username().is_empty() => {
            let mut path = url.path().to_owned();
            if let Some(query) = url.query() {
                path.push('?');
                path.push_str(query);
            }
            // `//host` would be read as another site: keep a single leading slash.
            if path.starts_with("//") { "/".to_owned() } else { path }
        }
        _ => "/".to_owned(),
    }
}

pub async fn sign_in_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NextParam>) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref());
    Ok(sign_in_page(&state, ctx, String::new(), next, FormErrors::default()).await?.into_response())
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn sign_in(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<SignInForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    match authenticate(&state, &ctx, &form.email, &form.password).await {
        Ok(user) => start_session(&state, &ctx, user.id, &next).await,
        Err(crate::error::AppError(e)) => {
            let retry_after = e.retry_after;
            let errors = form_errors(e, ctx.locale)?;
            Ok(form_again(sign_in_page(&state, ctx, form.email, next, errors).await?, retry_after))
        }
    }
}

pub async fn sign_out(State(state): State<AppState>, ctx: Ctx, PageForm(_): PageForm<NoFields>) -> AppResult<Response> {
    if let Some(token) = &ctx.session_token {
        users::delete_session(&state.db, token).await?;
    }
    let mut response = Redirect::to(&ctx.link(paths::HOME)).into_response();
    response.headers_mut().append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies()));
    Ok(response)
}

/// The cookie that binds a sign-in with the provider to the browser that started it.
const OIDC_COOKIE: &str = "agora_oidc";
/// As long as a sign-in may stay at the provider.
const OIDC_COOKIE_SECONDS: i64 = 600;

/// Sends the person to the city's OpenID provider (the button on the sign-in and
/// sign-up pages); they come back to `oidc_callback`.
pub async fn oidc_start(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NextParam>) -> AppResult<Response> {
    let Some(provider) = &state.config.oidc else { return Err(Code::NotFound.into()) };
    check_provider_limits(&state, &ctx).await?;
    let started = provider.start(&state.db, &safe_next(q.next.as_deref()), agora_db::now()).await?;
    let mut response = Redirect::to(&started.url).into_response();
    let cookie = set_cookie(OIDC_COOKIE, &started.state, OIDC_COOKIE_SECONDS, state.config.secure_cookies());
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

#[derive(Deserialize)]
pub struct OidcCallback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Back from the provider: signed in (the account found, linked or made), or the
/// sign-in page with what went wrong. Either way the sign-in's cookie is spent.
pub async fn oidc_callback(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<OidcCallback>,
) -> AppResult<Response> {
    let Some(provider) = &state.config.oidc else { return Err(Code::NotFound.into()) };
    let callback = Callback { code: q.code, state: q.state, error: q.error };
    let browser_state = cookie(&headers, OIDC_COOKIE);
    let finished = provider.finish(&state.db, browser_state, callback, ctx.locale, agora_db::now()).await;
    let mut response = match finished {
        Ok(signed_in) => start_session(&state, &ctx, signed_in.user_id, &signed_in.next_path).await?,
        Err(e) => {
            // Whatever went wrong, the sign-in page says it, with both ways to try again.
            let status = crate::error::status(e.code);
            let errors = FormErrors::from_error(&e, ctx.locale);
            (status, sign_in_page(&state, ctx, String::new(), "/".to_owned(), errors).await?).into_response()
        }
    };
    let spent = set_cookie(OIDC_COOKIE, "", 0, state.config.secure_cookies());
    response.headers_mut().append(header::SET_COOKIE, spent);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_the_site() {
        assert_eq!(safe_next(Some("/ideas/3")), "/ideas/3");
        assert_eq!(safe_next(Some("/projects/x?sort=new#top")), "/projects/x?sort=new");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        // A tab or newline is dropped by browsers, which turns `/\t/evil` into `//evil`.
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/");
        assert_eq!(safe_next(Some("/\r\n/evil.example")), "/");
        assert_eq!(safe_next(Some("/\x7f/evil.example")), "/");
        assert_eq!(safe_next(Some("/./\u{0}x")), "/");
        assert_eq!(safe_next(Some("/../..//evil.example")), "/");
        assert_eq!(safe_next(Some("/a b")), "/a%20b");
        assert_eq!(safe_next(Some("javascript:alert(1)")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
