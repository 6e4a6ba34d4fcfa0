//! A person's own account: the language Agora uses for them, the API tokens their
//! programs hold (listed, revoked one by one), and signing out everywhere.

use agora_app::users;
use agora_core::{Code, Id};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::confirm::{Confirm, DeleteForm, Done, done};
use super::{NoFields, see_other};
use crate::AppState;
use crate::context::{Ctx, PageForm, SESSION_COOKIE, set_cookie};
use crate::error::{AppError, AppResult};
use crate::paths;
use crate::views::date;

pub struct TokenView {
    created: String,
    expires: String,
    revoke_path: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
pub struct AccountPage {
    ctx: Ctx,
    name: String,
    email: String,
    since: String,
    language: String,
    languages: Vec<(&'static str, String)>,
    tokens: Vec<TokenView>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let Some(user) = ctx.user.clone() else { return Ok(see_other(&ctx, &paths::sign_in_then(paths::ACCOUNT))) };
    let tokens = users::api_tokens(&state.db, user.id, None, agora_db::now())
        .await?
        .iter()
        .map(|t| TokenView {
            created: date(t.created_at),
            expires: date(t.expires_at),
            revoke_path: paths::account_token_revoke(t.id),
        })
        .collect();
    let languages = agora_core::LOCALES.iter().map(|l| (*l, agora_i18n::t(l, "language-name"))).collect();
    let page = AccountPage {
        name: user.name,
        email: user.email,
        since: date(user.created_at),
        language: user.locale.unwrap_or_else(|| ctx.locale.to_owned()),
        languages,
        tokens,
        ctx,
    };
    Ok(page.into_response())
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    locale: String,
}

/// The language used for this person where no address says otherwise (and, later, in
/// the mail Agora sends them). Chosen here, by a POST: following a link never changes it.
pub async fn set_language(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<LanguageForm>,
) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::set_locale(&state.db, user.id, &form.locale).await?;
    Ok(see_other(&ctx, paths::ACCOUNT).into_response())
}

pub async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::revoke_api_token_by_id(&state.db, user.id, id).await?;
    Ok(done(&ctx, paths::ACCOUNT, Done::TokenRevoked))
}

/// Ends every session and revokes every API token of this person (a lost phone, a
/// shared computer), after asking.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    if !form.confirmed() {
        let (question, detail, button) = (
            ctx.t("confirm-sign-out-everywhere"),
            ctx.t("confirm-sign-out-everywhere-detail"),
            ctx.t("sign-out-everywhere"),
        );
        let action = paths::ACCOUNT_SIGN_OUT_EVERYWHERE.to_owned();
        return Ok(Confirm::new(ctx, question, action, button, paths::ACCOUNT.to_owned())
            .detail(detail)
            .into_response());
    }
    users::sign_out_everywhere(&state.db, user.id).await?;
    let mut response = see_other(&ctx, paths::HOME);
    response.headers_mut().append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies()));
    Ok(response)
}
