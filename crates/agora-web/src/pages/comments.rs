//! Comment actions from the idea page.

use agora_app::comments;
use agora_app::guests::Pass as GuestPass;
use agora_core::markdown::excerpt;
use agora_core::{Code, Id, Multiloc};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::confirm::{Confirm, DeleteForm, Done, done};
use super::ideas::{Retry, idea_page};
use super::{HiddenForm, checked, see_other};
use crate::AppState;
use crate::context::{Ctx, PageForm, keep_guest};
use crate::error::{AppError, AppResult};
use crate::limits::{check_posting, check_reacting};
use crate::paths;
use crate::views::{FormErrors, form_errors};

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    parent_id: Option<String>,
    guest_name: Option<String>,
    idempotency_key: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(idea_id): Path<Id>,
    PageForm(form): PageForm<CommentForm>,
) -> AppResult<Response> {
    let pass = GuestPass::new();
    let result = async {
        check_posting(&state, &ctx).await?;
        let parent_id = match form.parent_id.as_deref().filter(|p| !p.is_empty()) {
            None => None,
            Some(p) => Some(p.parse::<Id>().map_err(|_| agora_core::Error::field("parent_id", "invalid"))?),
        };
        let body = Multiloc::new(ctx.locale, form.body.clone());
        let key = form.idempotency_key.as_deref().filter(|k| !k.is_empty());
        let who = ctx.participant(&pass, form.guest_name.as_deref());
        Ok::<_, AppError>(comments::create(&state.db, who, idea_id, &body, parent_id, key, agora_db::now()).await?)
    }
    .await;
    match result {
        Ok(comment) => {
            Ok(keep_guest(&state, &ctx, &pass, see_other(&ctx, &paths::comment_anchor(idea_id, comment.id))))
        }
        Err(AppError(e)) => {
            let errors = form_errors(e, ctx.locale)?.rename("body", "comment");
            let guest_name = form.guest_name.filter(|_| ctx.actor.is_none());
            let retry = Retry { errors, comment_body: form.body, guest_name, ..Retry::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, idea_page(&state, ctx, idea_id, retry).await?).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "comment_edit.html")]
struct EditPage {
    ctx: Ctx,
    action: String,
    back_path: String,
    body: String,
    errors: FormErrors,
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Response> {
    let comment = comments::get_own(&state.db, ctx.actor(), id).await?;
    Ok(EditPage {
        action: paths::comment_edit(id),
        back_path: paths::comment_anchor(comment.idea_id, id),
        body: comment.body.text(ctx.locale).to_owned(),
        errors: FormErrors::default(),
        ctx,
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<EditForm>,
) -> AppResult<Response> {
    let body = Multiloc::new(ctx.locale, form.body.clone());
    match comments::update(&state.db, ctx.actor(), id, &body, agora_db::now()).await {
        Ok(c) => Ok(see_other(&ctx, &paths::comment_anchor(c.idea_id, id))),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            let comment = comments::get_own(&state.db, ctx.actor(), id).await?;
            let page = EditPage {
                action: paths::comment_edit(id),
                back_path: paths::comment_anchor(comment.idea_id, id),
                body: form.body,
                errors,
                ctx,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    let comment = comments::get_own(&state.db, ctx.actor(), id).await?;
    if !form.confirmed() {
        let quote = format!("“{}”", excerpt(comment.body.text(ctx.locale), 200));
        let (question, button) = (ctx.t("confirm-delete-comment"), ctx.t("delete-comment"));
        let back = paths::comment_anchor(comment.idea_id, id);
        return Ok(Confirm::new(ctx, question, paths::comment_delete(id), button, back).detail(quote).into_response());
    }
    comments::delete(&state.db, ctx.actor(), id, agora_db::now()).await?;
    Ok(done(&ctx, &paths::comment_anchor(comment.idea_id, id), Done::CommentDeleted))
}

#[derive(Deserialize)]
pub struct LikeForm {
    like: Option<String>,
}

pub async fn like(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<LikeForm>,
) -> AppResult<Response> {
    check_reacting(&state, &ctx).await?;
    let pass = GuestPass::new();
    let who = ctx.participant(&pass, None);
    let c = match comments::set_like(&state.db, who, id, checked(&form.like), agora_db::now()).await {
        Err(e) if e.code == Code::NotSignedIn => return Ok(see_other(&ctx, paths::SIGN_IN)),
        c => c?,
    };
    Ok(keep_guest(&state, &ctx, &pass, see_other(&ctx, &paths::comment_anchor(c.idea_id, id))))
}

pub async fn set_hidden(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<HiddenForm>,
) -> AppResult<Response> {
    let c = comments::set_hidden(&state.db, ctx.actor(), id, checked(&form.hidden), agora_db::now()).await?;
    Ok(see_other(&ctx, &paths::comment_anchor(c.idea_id, id)))
}
