//! The privacy notice and the terms of use: read by anyone, written by administrators
//! (in the language of the page they write on).

use agora_app::legal::{self, Kind};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::confirm::{Done, done};
use super::form_again;
use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::paths;
use crate::views::{FormErrors, date, form_errors};

#[derive(Template, WebTemplate)]
#[template(path = "legal.html")]
pub struct LegalPage {
    ctx: Ctx,
    title: String,
    /// Sanitised HTML of the city's text; none before the city writes one.
    html: Option<String>,
    /// "Version 3, 2026-12-02", for terms.
    version: Option<String>,
    is_privacy: bool,
}

async fn page(state: &AppState, ctx: Ctx, kind: Kind) -> AppResult<Response> {
    let document = legal::document(&state.db, kind).await?;
    let html = document.as_ref().map(|d| d.body_html.text(ctx.locale).to_owned()).filter(|h| !h.is_empty());
    let version = document.as_ref().filter(|_| kind == Kind::Terms).map(|d| {
        agora_i18n::t_args(
            ctx.locale,
            "terms-version",
            &[("version", d.version.into()), ("date", date(d.updated_at).into())],
        )
    });
    let title = ctx.t(kind.as_str());
    Ok(LegalPage { ctx, title, html, version, is_privacy: kind == Kind::Privacy }.into_response())
}

pub async fn privacy(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    page(&state, ctx, Kind::Privacy).await
}

pub async fn terms(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    page(&state, ctx, Kind::Terms).await
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_legal.html")]
pub struct LegalAdminPage {
    ctx: Ctx,
    privacy: String,
    terms: String,
    errors: FormErrors,
}

async fn admin_page(state: &AppState, ctx: Ctx, errors: FormErrors) -> AppResult<LegalAdminPage> {
    agora_core::permissions::admin(ctx.actor())?;
    let text = |d: Option<legal::Document>| d.map(|d| d.body.text(ctx.locale).to_owned()).unwrap_or_default();
    let privacy = text(legal::document(&state.db, Kind::Privacy).await?);
    let terms = text(legal::document(&state.db, Kind::Terms).await?);
    Ok(LegalAdminPage { ctx, privacy, terms, errors })
}

pub async fn edit(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    Ok(admin_page(&state, ctx, FormErrors::default()).await?.into_response())
}

/// One of the two forms: the field named after the text it holds.
#[derive(Deserialize)]
pub struct LegalForm {
    privacy: Option<String>,
    terms: Option<String>,
}

pub async fn save(State(state): State<AppState>, ctx: Ctx, PageForm(form): PageForm<LegalForm>) -> AppResult<Response> {
    let (kind, text) = match (form.privacy, form.terms) {
        (_, Some(terms)) => (Kind::Terms, terms),
        (privacy, None) => (Kind::Privacy, privacy.unwrap_or_default()),
    };
    match legal::save(&state.db, ctx.actor(), kind, ctx.locale, &text, agora_db::now()).await {
        Ok(_) => Ok(done(&ctx, paths::ADMIN_LEGAL, Done::LegalSaved)),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?.rename("body", kind.as_str());
            Ok(form_again(admin_page(&state, ctx, errors).await?, None))
        }
    }
}
