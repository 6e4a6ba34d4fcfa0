//! The catalogue in the back office: topics and areas (add, rename, delete) and the
//! statuses an idea can be given (add, with their colour).

use agora_app::catalog::{self, Kind};
use agora_core::permissions::admin;
use agora_core::{Error, Id, Multiloc};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::confirm::{Confirm, DeleteForm, Done, done};
use super::super::see_other;
use super::{ProjectForm, admin_page};
use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::paths;
use crate::views::form_errors;

#[derive(Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    topic_title: String,
}

#[derive(Deserialize)]
pub struct AreaForm {
    #[serde(default)]
    area_title: String,
}

async fn create_tag(state: &AppState, ctx: Ctx, kind: Kind, title: &str) -> AppResult<Response> {
    let field = if kind == Kind::Topic { "topic_title" } else { "area_title" };
    match catalog::create(&state.db, ctx.actor(), kind, &Multiloc::new(ctx.locale, title), agora_db::now()).await {
        Ok(_) => Ok(see_other(&ctx, paths::ADMIN)),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?.rename("title", field);
            let form = ProjectForm::draft();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, admin_page(state, ctx, form, errors).await?).into_response())
        }
    }
}

pub async fn create_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<TopicForm>,
) -> AppResult<Response> {
    create_tag(&state, ctx, Kind::Topic, &form.topic_title).await
}

pub async fn create_area(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<AreaForm>,
) -> AppResult<Response> {
    create_tag(&state, ctx, Kind::Area, &form.area_title).await
}

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    title: String,
}

/// Renames a topic or area in the current language; the other languages keep theirs.
async fn rename_tag(state: &AppState, ctx: Ctx, kind: Kind, id: Id, title: String) -> AppResult<Response> {
    let mut titles = catalog::list(&state.db, kind)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .map(|t| t.title)
        .ok_or_else(Error::not_found)?;
    titles.set(ctx.locale, title);
    match catalog::update(&state.db, ctx.actor(), kind, id, &titles).await {
        Ok(_) => Ok(see_other(&ctx, paths::ADMIN)),
        Err(e) => {
            let field = if kind == Kind::Topic { "topic_title" } else { "area_title" };
            let errors = form_errors(e, ctx.locale)?.rename("title", field);
            let form = ProjectForm::draft();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, admin_page(state, ctx, form, errors).await?).into_response())
        }
    }
}

pub async fn rename_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<RenameForm>,
) -> AppResult<Response> {
    rename_tag(&state, ctx, Kind::Topic, id, form.title).await
}

pub async fn rename_area(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<RenameForm>,
) -> AppResult<Response> {
    rename_tag(&state, ctx, Kind::Area, id, form.title).await
}

/// Deleting a topic or an area takes it away from every idea and project that has it:
/// say how many before asking.
async fn delete_tag(state: &AppState, ctx: Ctx, kind: Kind, id: Id, form: DeleteForm) -> AppResult<Response> {
    admin(ctx.actor())?;
    let tag = catalog::list(&state.db, kind).await?.into_iter().find(|t| t.id == id).ok_or_else(Error::not_found)?;
    let name = if kind == Kind::Topic { "topic" } else { "area" };
    if !form.confirmed() {
        let (ideas, projects) = catalog::usage(&state.db, kind, id).await?;
        let title = tag.title.text(ctx.locale).to_owned();
        let question = agora_i18n::t_args(ctx.locale, &format!("confirm-delete-{name}"), &[("title", title.into())]);
        let detail = agora_i18n::t_args(
            ctx.locale,
            "confirm-delete-tag-detail",
            &[("ideas", ideas.into()), ("projects", projects.into())],
        );
        let action = if kind == Kind::Topic { paths::admin_topic_delete(id) } else { paths::admin_area_delete(id) };
        let button = ctx.t(&format!("delete-{name}"));
        return Ok(Confirm::new(ctx, question, action, button, paths::ADMIN.to_owned()).detail(detail).into_response());
    }
    catalog::delete(&state.db, ctx.actor(), kind, id).await?;
    Ok(done(&ctx, paths::ADMIN, if kind == Kind::Topic { Done::TopicDeleted } else { Done::AreaDeleted }))
}

pub async fn delete_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    delete_tag(&state, ctx, Kind::Topic, id, form).await
}

pub async fn delete_area(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    delete_tag(&state, ctx, Kind::Area, id, form).await
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status_code: String,
    #[serde(default)]
    status_title: String,
    #[serde(default)]
    status_color: String,
}

/// A status of the city's own ("on hold", "budgeted"), named in the current language.
pub async fn create_status(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<StatusForm>,
) -> AppResult<Response> {
    let title = Multiloc::new(ctx.locale, form.status_title.clone());
    let code = form.status_code.trim().to_lowercase();
    match catalog::create_status(&state.db, ctx.actor(), &code, &title, form.status_color.trim()).await {
        Ok(_) => Ok(done(&ctx, &format!("{}#statuses", paths::ADMIN), Done::StatusAdded)),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?
                .rename("code", "status_code")
                .rename("title", "status_title")
                .rename("color", "status_color");
            let project = ProjectForm::draft();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, admin_page(&state, ctx, project, errors).await?).into_response())
        }
    }
}
