//! User groups in the back office: create and delete them, find people and add them,
//! remove members. As for moderators, a person is found and picked (with when their
//! account was made), never given a place for an address someone typed.

use agora_app::groups::{self, Group, Member};
use agora_app::users;
use agora_core::permissions::admin;
use agora_core::{Error, Id};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::confirm::{Confirm, DeleteForm, Done, done};
use super::Candidate;
use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::paths;
use crate::views::{FormErrors, date, form_errors};

#[derive(Template, WebTemplate)]
#[template(path = "admin_groups.html")]
pub struct GroupsPage {
    ctx: Ctx,
    groups: Vec<(Group, String, String)>,
    name: String,
    errors: FormErrors,
}

async fn groups_page(state: &AppState, ctx: Ctx, name: String, errors: FormErrors) -> AppResult<GroupsPage> {
    let groups = groups::list(&state.db, ctx.actor())
        .await?
        .into_iter()
        .map(|g| {
            let count = agora_i18n::t_args(ctx.locale, "members-count", &[("count", g.members.into())]);
            let path = paths::admin_group(g.id);
            (g, count, path)
        })
        .collect();
    Ok(GroupsPage { ctx, groups, name, errors })
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<GroupsPage> {
    groups_page(&state, ctx, String::new(), FormErrors::default()).await
}

#[derive(Deserialize)]
pub struct GroupForm {
    #[serde(default)]
    name: String,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<GroupForm>,
) -> AppResult<Response> {
    match groups::create(&state.db, ctx.actor(), &form.name, agora_db::now()).await {
        Ok(id) => Ok(done(&ctx, &paths::admin_group(id), Done::GroupCreated)),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, groups_page(&state, ctx, form.name, errors).await?).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_group.html")]
pub struct GroupPage {
    ctx: Ctx,
    group: Group,
    members: Vec<(Member, String)>,
    path: String,
    delete_path: String,
    person: String,
    candidates: Option<Vec<Candidate>>,
    pick_action: String,
    pick_label: String,
    already_label: String,
}

#[derive(Deserialize)]
pub struct GroupQuery {
    #[serde(default)]
    person: String,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(query): Query<GroupQuery>,
) -> AppResult<GroupPage> {
    let group = find(&state, &ctx, id).await?;
    let members = groups::members(&state.db, ctx.actor(), id).await?;
    let candidates = match query.person.trim() {
        "" => None,
        text => Some(
            users::search(&state.db, text, 20)
                .await?
                .into_iter()
                .map(|u| Candidate {
                    already: members.iter().any(|m| m.user_id == u.id),
                    since: date(u.created_at),
                    confirmed: u.email_confirmed_at.is_some(),
                    id: u.id,
                    name: u.name,
                    email: u.email,
                })
                .collect(),
        ),
    };
    let members = members
        .into_iter()
        .map(|m| (paths::admin_group_member_remove(id, m.user_id), m))
        .map(|(p, m)| (m, p))
        .collect();
    Ok(GroupPage {
        group,
        members,
        path: paths::admin_group(id),
        delete_path: paths::admin_group_delete(id),
        person: query.person,
        candidates,
        pick_action: paths::admin_group(id),
        pick_label: ctx.t("add-member"),
        already_label: ctx.t("already-member"),
        ctx,
    })
}

async fn find(state: &AppState, ctx: &Ctx, id: Id) -> AppResult<Group> {
    Ok(groups::get(&state.db, ctx.actor(), id).await?)
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    user_id: String,
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<MemberForm>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    let user_id = form.user_id.trim().parse::<Id>().map_err(|_| Error::field("user_id", "invalid"))?;
    groups::add_member(&state.db, ctx.actor(), id, user_id, agora_db::now()).await?;
    Ok(done(&ctx, &paths::admin_group(id), Done::MemberAdded))
}

pub async fn remove_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(Id, Id)>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    if !form.confirmed() {
        let group = find(&state, &ctx, id).await?;
        let person = users::by_id(&state.db, user_id).await?.ok_or_else(Error::not_found)?;
        let args = [("name", person.name.into()), ("group", group.name.into())];
        let question = agora_i18n::t_args(ctx.locale, "confirm-remove-member", &args);
        let button = ctx.t("remove-member");
        let action = paths::admin_group_member_remove(id, user_id);
        return Ok(Confirm::new(ctx, question, action, button, paths::admin_group(id)).into_response());
    }
    groups::remove_member(&state.db, ctx.actor(), id, user_id).await?;
    Ok(done(&ctx, &paths::admin_group(id), Done::MemberRemoved))
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<DeleteForm>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    if !form.confirmed() {
        let group = find(&state, &ctx, id).await?;
        let question = agora_i18n::t_args(ctx.locale, "confirm-delete-group", &[("name", group.name.into())]);
        let button = ctx.t("delete-group");
        return Ok(
            Confirm::new(ctx, question, paths::admin_group_delete(id), button, paths::admin_group(id)).into_response()
        );
    }
    groups::delete(&state.db, ctx.actor(), id).await?;
    Ok(done(&ctx, paths::ADMIN_GROUPS, Done::GroupDeleted))
}
