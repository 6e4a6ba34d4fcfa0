//! A person's own account: their profile (name, bio, picture), whether their address
//! is confirmed, their password, the language Agora uses for them, the API tokens their
//! programs hold (listed, revoked one by one), and signing out elsewhere or everywhere.

use agora_app::users;
use agora_core::{Code, Id};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::confirm::{Confirm, DeleteForm, Done, done};
use super::{NoFields, form_again, see_other};
use crate::AppState;
use crate::context::{Ctx, PageForm, SESSION_COOKIE, Upload, set_cookie};
use crate::error::{AppError, AppResult};
use crate::limits::check_mail_link_limits;
use crate::paths;
use crate::views::{FormErrors, date, form_errors};

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
    bio: String,
    /// The picture's address (with its version, so browsers may keep it), if set.
    avatar: Option<String>,
    email: String,
    confirmed: bool,
    since: String,
    errors: FormErrors,
    language: String,
    languages: Vec<(&'static str, String)>,
    tokens: Vec<TokenView>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let Some(user) = ctx.user.clone() else { return Ok(see_other(&ctx, &paths::sign_in_then(paths::ACCOUNT))) };
    Ok(page(&state, ctx, user, FormErrors::default()).await?.into_response())
}

async fn page(state: &AppState, ctx: Ctx, user: users::User, errors: FormErrors) -> AppResult<AccountPage> {
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
    let avatar = agora_app::profiles::avatar_version(&state.db, user.id)
        .await?
        .map(|version| format!("{}?v={version}", paths::avatar(user.id)));
    Ok(AccountPage {
        avatar,
        bio: user.bio,
        name: user.name,
        email: user.email,
        confirmed: user.email_confirmed_at.is_some(),
        since: date(user.created_at),
        errors,
        language: user.locale.unwrap_or_else(|| ctx.locale.to_owned()),
        languages,
        tokens,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    bio: String,
}

/// The name and bio others see.
pub async fn save_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<ProfileForm>,
) -> AppResult<Response> {
    let user = ctx.user.clone().ok_or(AppError::from(Code::NotSignedIn))?;
    match agora_app::profiles::update(&state.db, &user, &form.name, &form.bio).await {
        Ok(()) => Ok(done(&ctx, paths::ACCOUNT, Done::ProfileSaved)),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            let user = users::User { name: form.name, bio: form.bio, ..user };
            Ok(form_again(page(&state, ctx, user, errors).await?, None))
        }
    }
}

/// A new picture, from the file chosen (PNG, JPEG, GIF or WebP, at most 5 MB).
pub async fn set_avatar(State(state): State<AppState>, ctx: Ctx, mut upload: Upload) -> AppResult<Response> {
    let user = ctx.user.clone().ok_or(AppError::from(Code::NotSignedIn))?;
    match agora_app::profiles::set_avatar(&state.db, &user, upload.take("avatar"), agora_db::now()).await {
        Ok(()) => Ok(done(&ctx, paths::ACCOUNT, Done::AvatarSaved)),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            Ok(form_again(page(&state, ctx, user, errors).await?, None))
        }
    }
}

pub async fn remove_avatar(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    agora_app::profiles::remove_avatar(&state.db, user).await?;
    Ok(done(&ctx, paths::ACCOUNT, Done::AvatarRemoved))
}

/// A person's picture: a JPEG made by Agora, kept by browsers for a day (its address
/// changes with it). Shown to anyone where the person has a public profile, else only to
/// themselves.
pub async fn avatar(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Response> {
    let own = ctx.user.as_ref().is_some_and(|u| u.id == id);
    if !own && agora_app::profiles::public(&state.db, id).await?.is_none() {
        return Err(Code::NotFound.into());
    }
    let (jpeg, _) = agora_app::profiles::avatar(&state.db, id).await?.ok_or(AppError::from(Code::NotFound))?;
    let cache = if own { "private, max-age=86400" } else { "public, max-age=86400" };
    let headers = [(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, cache)];
    Ok((headers, jpeg).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "person.html")]
pub struct PersonPage {
    ctx: Ctx,
    name: String,
    bio: String,
    avatar: Option<String>,
}

/// What anyone sees of a person: their name (as the city shows names), picture and bio.
pub async fn person(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Response> {
    let person = agora_app::profiles::public(&state.db, id).await?.ok_or(AppError::from(Code::NotFound))?;
    let avatar = person.avatar_version.map(|version| format!("{}?v={version}", paths::avatar(id)));
    Ok(PersonPage { ctx, name: person.name, bio: person.bio, avatar }.into_response())
}

/// A new link to confirm their address (the first is lost, or expired).
pub async fn resend_confirmation(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    check_mail_link_limits(&state, &ctx, &user.email).await?;
    users::resend_confirmation(&state.db, &state.config.site(), user, agora_db::now()).await?;
    Ok(done(&ctx, paths::ACCOUNT, Done::ConfirmationSent))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// A new password, given the current one; this browser stays signed in, every other
/// session and API token ends.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<PasswordForm>,
) -> AppResult<Response> {
    let user = ctx.user.clone().ok_or(AppError::from(Code::NotSignedIn))?;
    let session = ctx.session_token.as_deref();
    match users::change_password(&state.db, &user, &form.current_password, &form.new_password, session).await {
        Ok(()) => Ok(done(&ctx, paths::ACCOUNT, Done::PasswordChanged)),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            Ok(form_again(page(&state, ctx, user, errors).await?, None))
        }
    }
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    new_email: String,
    #[serde(default)]
    password: String,
}

/// A new address: the link that makes the change goes to it.
pub async fn change_email(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<EmailForm>,
) -> AppResult<Response> {
    let user = ctx.user.clone().ok_or(AppError::from(Code::NotSignedIn))?;
    let result = async {
        check_mail_link_limits(&state, &ctx, &form.new_email).await?;
        let site = state.config.site();
        users::request_email_change(&state.db, &site, &user, &form.new_email, &form.password, agora_db::now()).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(done(&ctx, paths::ACCOUNT, Done::EmailChangeSent)),
        Err(AppError(e)) => {
            let retry_after = e.retry_after;
            let errors = form_errors(e, ctx.locale)?;
            Ok(form_again(page(&state, ctx, user, errors).await?, retry_after))
        }
    }
}

/// Ends every other session and API token (a phone left somewhere), keeping this one.
pub async fn sign_out_elsewhere(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::sign_out_elsewhere(&state.db, user, ctx.session_token.as_deref()).await?;
    Ok(done(&ctx, paths::ACCOUNT, Done::SignedOutElsewhere))
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

/// Asks for everything Agora holds about this person; the link comes by mail.
pub async fn request_export(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    agora_app::exports::request(&state.db, user, agora_db::now()).await?;
    Ok(done(&ctx, paths::ACCOUNT, Done::ExportRequested))
}

#[derive(Deserialize)]
pub struct ExportParam {
    #[serde(default)]
    token: String,
}

/// The mailed link: the zip itself, while the link works.
pub async fn download_export(
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<ExportParam>,
) -> AppResult<Response> {
    let zip = agora_app::exports::archive(&state.db, &q.token, agora_db::now()).await?;
    let headers = [
        (header::CONTENT_TYPE, "application/zip".to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"my-data-{}.zip\"", date(agora_db::now()))),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    Ok((headers, zip).into_response())
}
