//! Choosing one's mails in the pages, and the one-click unsubscribe link of every
//! notification mail (RFC 8058: the mail client posts to it without a form; the token
//! in its address is the only credential, so it needs no CSRF token).

use std::collections::{BTreeMap, HashMap};

use agora_app::mail_settings;
use agora_core::Code;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::confirm::{Done, done};
use super::{NoFields, form_again, see_other};
use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::{AppError, AppResult};
use crate::paths;

pub struct KindChoice {
    kind: &'static str,
    label: String,
    on: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "mail_settings.html")]
pub struct MailSettingsPage {
    ctx: Ctx,
    kinds: Vec<KindChoice>,
    digest: bool,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let Some(user) = &ctx.user else { return Ok(see_other(&ctx, &paths::sign_in_then(paths::ACCOUNT_MAIL))) };
    let choices = mail_settings::choices(&state.db, user.id).await?;
    // In the order of `Kind::ALL`: what concerns the person first.
    let kinds = agora_db::notifications::Kind::ALL
        .iter()
        .map(|k| k.as_str())
        .map(|kind| KindChoice {
            kind,
            label: ctx.t(&format!("mail-choice-{kind}")),
            on: choices.mail.get(kind).copied().unwrap_or(false),
        })
        .collect();
    Ok(MailSettingsPage { ctx, kinds, digest: choices.digest }.into_response())
}

/// The form: a checkbox per kind (a box left unticked is not sent: every kind is set).
pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    let mail: BTreeMap<String, bool> = agora_db::notifications::Kind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), form.contains_key(&format!("mail_{}", k.as_str()))))
        .collect();
    mail_settings::save(&state.db, user.id, &mail, form.contains_key("digest")).await?;
    Ok(done(&ctx, paths::ACCOUNT_MAIL, Done::MailSettingsSaved))
}

/// No mail at all, in one click.
pub async fn stop_all(State(state): State<AppState>, ctx: Ctx, PageForm(_): PageForm<NoFields>) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    let none = agora_db::notifications::Kind::ALL.iter().map(|k| (k.as_str().to_owned(), false)).collect();
    mail_settings::save(&state.db, user.id, &none, false).await?;
    Ok(done(&ctx, paths::ACCOUNT_MAIL, Done::MailStopped))
}

#[derive(Deserialize)]
pub struct UnsubscribeParams {
    #[serde(default)]
    token: String,
    kind: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "unsubscribe.html")]
pub struct UnsubscribePage {
    ctx: Ctx,
    works: bool,
    done: bool,
    /// What stops, in words.
    what: String,
    action: String,
}

fn unsubscribe_page(ctx: Ctx, q: &UnsubscribeParams, works: bool, done: bool) -> UnsubscribePage {
    let what = match q.kind.as_deref() {
        Some(kind) if agora_db::notifications::Kind::ALL.iter().any(|k| k.as_str() == kind) || kind == "digest" => {
            ctx.t(&format!("mail-choice-{kind}"))
        }
        _ => ctx.t("mail-choice-all"),
    };
    let kind = q
        .kind
        .as_deref()
        .map(|k| format!("&kind={}", url::form_urlencoded::byte_serialize(k.as_bytes()).collect::<String>()));
    let token: String = url::form_urlencoded::byte_serialize(q.token.as_bytes()).collect();
    let action = format!("{}?token={token}{}", paths::UNSUBSCRIBE, kind.unwrap_or_default());
    UnsubscribePage { ctx, works, done, what, action }
}

/// The link opened in a browser: a page with the button (opening it changes nothing).
pub async fn unsubscribe_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<UnsubscribeParams>,
) -> AppResult<Response> {
    let works = mail_settings::unsubscribe_link_works(&state.db, &q.token).await?;
    Ok(unsubscribe_page(ctx, &q, works, false).into_response())
}

/// The button, or the mail client's one-click POST (`List-Unsubscribe=One-Click`).
pub async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<UnsubscribeParams>,
) -> AppResult<Response> {
    match mail_settings::unsubscribe(&state.db, &q.token, q.kind.as_deref()).await {
        Ok(()) => Ok(unsubscribe_page(ctx, &q, true, true).into_response()),
        Err(e) if e.code == Code::LinkInvalid => Ok(form_again(unsubscribe_page(ctx, &q, false, false), None)),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    /// Every kind of notification can be chosen, and is named in the staff's mail list,
    /// in every language; so are the account mails.
    #[test]
    fn every_kind_of_mail_is_named_in_every_language() {
        for locale in agora_core::LOCALES {
            for kind in agora_db::notifications::Kind::ALL {
                let kind = kind.as_str();
                assert!(agora_i18n::has(locale, &format!("mail-choice-{kind}")), "{locale}: mail-choice-{kind}");
                let named = format!("mail-kind-{}", kind.replace('_', "-"));
                assert!(agora_i18n::has(locale, &named), "{locale}: {named}");
            }
            for kind in agora_app::mail::Kind::ALL {
                let named = format!("mail-kind-{}", kind.as_str().replace('_', "-"));
                assert!(agora_i18n::has(locale, &named), "{locale}: {named}");
            }
        }
    }
}
