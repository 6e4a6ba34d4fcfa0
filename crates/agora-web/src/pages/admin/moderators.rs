//! A project's moderators in the back office. E-mail addresses are not confirmed yet,
//! so a role is never given to whoever typed an address: staff search for the person,
//! see when each account was made, and pick one.

use agora_app::{projects, users};
use agora_core::permissions::admin;
use agora_core::{Error, Id};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::confirm::{Confirm, DeleteForm, Done, done};
use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::paths;

/// Where the moderators stand on the project's page.
pub(super) fn moderators_path(project_id: Id) -> String {
    format!("{}#moderators", paths::admin_project(project_id))
}

#[derive(Deserialize)]
pub struct ModeratorForm {
    #[serde(default)]
    user_id: String,
}

pub async fn add_moderator(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<ModeratorForm>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    let user_id = form.user_id.trim().parse::<Id>().map_err(|_| Error::field("user_id", "invalid"))?;
    projects::set_moderator(&state.db, ctx.actor(), id, user_id, true).await?;
    Ok(done(&ctx, &moderators_path(id), Done::ModeratorAdded))
}

pub async fn remove_moderator(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(Id, Id)>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    if !form.confirmed() {
        let project = projects::get_visible(&state.db, ctx.actor(), id).await?;
        let person = users::by_id(&state.db, user_id).await?.ok_or_else(Error::not_found)?;
        let args = [("name", person.name.into()), ("project", project.title.text(ctx.locale).to_owned().into())];
        let question = agora_i18n::t_args(ctx.locale, "confirm-remove-moderator", &args);
        let action = paths::admin_project_moderator_remove(id, user_id);
        let button = ctx.t("remove-moderator");
        return Ok(Confirm::new(ctx, question, action, button, moderators_path(id)).into_response());
    }
    projects::set_moderator(&state.db, ctx.actor(), id, user_id, false).await?;
    Ok(done(&ctx, &moderators_path(id), Done::ModeratorRemoved))
}
