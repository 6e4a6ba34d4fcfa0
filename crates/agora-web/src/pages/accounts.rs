//! The pages mailed links open: confirming an address, and setting a forgotten
//! password. Opening a link changes nothing (mail scanners open links too): the page
//! says whether it still works and offers the button that does it.

use agora_app::users::{self, LinkPurpose};
use agora_core::Code;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::confirm::{Done, done};
use super::form_again;
use crate::AppState;
use crate::context::{Ctx, PageForm, SESSION_COOKIE, set_cookie};
use crate::error::AppResult;
use crate::limits::check_mail_link_limits;
use crate::paths;
use crate::views::{FormErrors, form_errors};

#[derive(Deserialize)]
pub struct TokenParam {
    #[serde(default)]
    token: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "confirm_email.html")]
pub struct ConfirmEmailPage {
    ctx: Ctx,
    token: String,
    works: bool,
    /// Signed in with an address still to confirm: they may ask for a new link.
    may_resend: bool,
}

fn may_resend(ctx: &Ctx) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.email_confirmed_at.is_none())
}

pub async fn confirm_email_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<TokenParam>,
) -> AppResult<Response> {
    let now = agora_db::now();
    let works = users::link_works(&state.db, &q.token, LinkPurpose::ConfirmEmail, now).await?
        || users::link_works(&state.db, &q.token, LinkPurpose::ChangeEmail, now).await?;
    let may_resend = may_resend(&ctx);
    Ok(ConfirmEmailPage { ctx, token: q.token, works, may_resend }.into_response())
}

pub async fn confirm_email(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<TokenParam>,
) -> AppResult<Response> {
    match users::confirm_email(&state.db, &form.token, agora_db::now()).await {
        Ok(_) => {
            let next = if ctx.user.is_some() { paths::ACCOUNT } else { paths::SIGN_IN };
            Ok(done(&ctx, next, Done::EmailConfirmed))
        }
        Err(e) if e.code == Code::LinkInvalid => {
            let may_resend = may_resend(&ctx);
            let page = ConfirmEmailPage { ctx, token: form.token, works: false, may_resend };
            Ok(form_again(page, None))
        }
        Err(e) => Err(e.into()),
    }
}

/// The three faces of the reset page: asking for a link, setting the new password
/// (the link works), or saying the link no longer works.
#[derive(Template, WebTemplate)]
#[template(path = "reset_password.html")]
pub struct ResetPasswordPage {
    ctx: Ctx,
    token: Option<String>,
    works: bool,
    email: String,
    errors: FormErrors,
    /// How long the link will work, in words.
    intro: String,
}

impl ResetPasswordPage {
    fn new(ctx: Ctx) -> ResetPasswordPage {
        let hours = users::RESET_LINK_LIFETIME / agora_core::MICROS_PER_HOUR;
        let intro = agora_i18n::t_args(ctx.locale, "reset-password-intro", &[("hours", hours.into())]);
        ResetPasswordPage { ctx, token: None, works: false, email: String::new(), errors: FormErrors::default(), intro }
    }
}

pub async fn reset_password_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<TokenParam>,
) -> AppResult<Response> {
    let mut page = ResetPasswordPage::new(ctx);
    if !q.token.is_empty() {
        page.works = users::link_works(&state.db, &q.token, LinkPurpose::ResetPassword, agora_db::now()).await?;
        page.token = Some(q.token);
    }
    Ok(page.into_response())
}

#[derive(Deserialize)]
pub struct ResetRequestForm {
    #[serde(default)]
    email: String,
}

/// Asks for a link. The answer is the same whether or not the address has an account.
pub async fn request_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<ResetRequestForm>,
) -> AppResult<Response> {
    let result = async {
        check_mail_link_limits(&state, &ctx, &form.email).await?;
        users::request_password_reset(&state.db, &state.config.site(), &form.email, ctx.locale, agora_db::now())
            .await?;
        Ok::<_, crate::error::AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(done(&ctx, paths::RESET_PASSWORD, Done::ResetLinkSent)),
        Err(crate::error::AppError(e)) => {
            let retry_after = e.retry_after;
            let mut page = ResetPasswordPage::new(ctx);
            page.errors = form_errors(e, page.ctx.locale)?;
            page.email = form.email;
            Ok(form_again(page, retry_after))
        }
    }
}

#[derive(Deserialize)]
pub struct NewPasswordForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

/// Sets the new password; every session ends, this browser's too: they sign in with it.
pub async fn reset_password(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<NewPasswordForm>,
) -> AppResult<Response> {
    match users::reset_password(&state.db, &form.token, &form.password, agora_db::now()).await {
        Ok(_) => {
            let mut response = done(&ctx, paths::SIGN_IN, Done::PasswordReset);
            let cookie = set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies());
            response.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(response)
        }
        Err(e) => {
            let mut page = ResetPasswordPage::new(ctx);
            page.works = e.code != Code::LinkInvalid;
            page.token = Some(form.token);
            if page.works {
                page.errors = form_errors(e, page.ctx.locale)?;
            }
            Ok(form_again(page, None))
        }
    }
}
