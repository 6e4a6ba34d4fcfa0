//! User groups (admins): a phase's action may be open to their members only.

use agora_app::groups::{self, Group, Member};
use agora_core::Id;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc::{BadRequest, Forbidden, NotFound, Unauthorized, UnprocessableEntity};
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::AppResult;

#[derive(Serialize, ToSchema)]
#[schema(as = Group)]
pub struct GroupJson {
    id: i64,
    name: String,
    members: i64,
}

impl From<Group> for GroupJson {
    fn from(g: Group) -> Self {
        GroupJson { id: g.id, name: g.name, members: g.members }
    }
}

#[derive(Serialize, ToSchema)]
pub struct GroupList {
    items: Vec<GroupJson>,
}

#[utoipa::path(
    get,
    path = "/v1/groups",
    tag = "groups",
    operation_id = "list_groups",
    summary = "Every user group, by name (admins).",
    responses(
        (status = 200, description = "OK", body = GroupList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = []))
)]
pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<GroupList>> {
    let items = groups::list(&state.db, ctx.actor()).await?.into_iter().map(GroupJson::from).collect();
    Ok(Json(GroupList { items }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = GroupInput)]
pub struct GroupBody {
    #[schema(examples("Residents of Gentbrugge"))]
    name: String,
}

#[utoipa::path(
    post,
    path = "/v1/groups",
    tag = "groups",
    operation_id = "create_group",
    summary = "Create a user group (admins).",
    request_body = GroupBody,
    responses(
        (status = 201, description = "Created", body = GroupJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<GroupBody>,
) -> AppResult<(StatusCode, Json<GroupJson>)> {
    let id = groups::create(&state.db, ctx.actor(), &body.name, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(GroupJson { id, name: body.name.trim().to_owned(), members: 0 })))
}

#[utoipa::path(
    delete,
    path = "/v1/groups/{id}",
    tag = "groups",
    operation_id = "delete_group",
    summary = "Delete a user group and its memberships (admins).",
    params(("id" = i64, Path, description = "The group's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    groups::delete(&state.db, ctx.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
#[schema(as = GroupMember)]
pub struct MemberJson {
    user_id: i64,
    name: String,
    email: String,
}

#[derive(Serialize, ToSchema)]
pub struct MemberList {
    items: Vec<MemberJson>,
}

#[utoipa::path(
    get,
    path = "/v1/groups/{id}/members",
    tag = "groups",
    operation_id = "list_group_members",
    summary = "A group's members, by name (admins).",
    params(("id" = i64, Path, description = "The group's id.")),
    responses(
        (status = 200, description = "OK", body = MemberList),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn members(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<MemberList>> {
    let items = groups::members(&state.db, ctx.actor(), id)
        .await?
        .into_iter()
        .map(|Member { user_id, name, email }| MemberJson { user_id, name, email })
        .collect();
    Ok(Json(MemberList { items }))
}

#[utoipa::path(
    put,
    path = "/v1/groups/{id}/members/{user_id}",
    tag = "groups",
    operation_id = "add_group_member",
    summary = "Add a person to a group (admins); adding again is fine.",
    params(("id" = i64, Path, description = "The group's id."), ("user_id" = i64, Path, description = "The person's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(Id, Id)>,
) -> AppResult<StatusCode> {
    groups::add_member(&state.db, ctx.actor(), id, user_id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/v1/groups/{id}/members/{user_id}",
    tag = "groups",
    operation_id = "remove_group_member",
    summary = "Remove a person from a group (admins).",
    params(("id" = i64, Path, description = "The group's id."), ("user_id" = i64, Path, description = "The person's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn remove_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(Id, Id)>,
) -> AppResult<StatusCode> {
    groups::remove_member(&state.db, ctx.actor(), id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
