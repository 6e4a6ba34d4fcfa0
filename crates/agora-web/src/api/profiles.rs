//! What people show of themselves through the API: name, bio and picture; and the
//! city's choice to show names abbreviated.

use agora_app::profiles;
use agora_core::{Code, Id};
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc::{BadRequest, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnprocessableEntity};
use super::users::{Me, me};
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::{AppError, AppResult};

#[derive(Deserialize, ToSchema)]
pub struct ProfileChange {
    /// 1 to 80 characters.
    name: Option<String>,
    /// At most 500 characters; lines allowed.
    bio: Option<String>,
}

#[utoipa::path(
    patch,
    path = "/v1/me",
    tag = "people",
    operation_id = "update_me",
    summary = "Change the name or bio the caller shows; what is left out stays.",
    request_body = ProfileChange,
    responses(
        (status = 200, description = "The profile as it is now", body = Me),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn update_me(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<ProfileChange>,
) -> AppResult<Json<Me>> {
    let user = ctx.user.clone().ok_or(AppError::from(Code::NotSignedIn))?;
    let name = body.name.unwrap_or_else(|| user.name.clone());
    let bio = body.bio.unwrap_or_else(|| user.bio.clone());
    profiles::update(&state.db, &user, &name, &bio).await?;
    let user = agora_app::users::by_id(&state.db, user.id).await?.ok_or(AppError::from(Code::NotSignedIn))?;
    me(State(state), Ctx { user: Some(user), ..ctx }).await
}

#[utoipa::path(
    put,
    path = "/v1/me/avatar",
    tag = "people",
    operation_id = "set_avatar",
    summary = "Set the caller's picture from a PNG, JPEG, GIF or WebP file (multipart, in a field named `file`, \
               at most 5 MB): Agora keeps a 256-pixel square JPEG of it, without the file's metadata.",
    request_body(content = Vec<u8>, content_type = "multipart/form-data"),
    responses(
        (status = 204, description = "Saved; `avatar_url` of `GET /v1/me` shows it"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn set_avatar(State(state): State<AppState>, ctx: Ctx, mut multipart: Multipart) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    let file = super::file_field(&mut multipart).await?.map(|(_, bytes)| bytes.to_vec()).unwrap_or_default();
    profiles::set_avatar(&state.db, user, file, agora_db::now()).await.map_err(|mut e| {
        // The page's field is `avatar`; the API's, `file`.
        e.fields.iter_mut().for_each(|f| f.field = "file".to_owned());
        e
    })?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/v1/me/avatar",
    tag = "people",
    operation_id = "remove_avatar",
    summary = "Remove the caller's picture.",
    responses(
        (status = 204, description = "Removed (or there was none)"),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = []))
)]
pub async fn remove_avatar(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    profiles::remove_avatar(&state.db, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What anyone sees of a person.
#[derive(Serialize, ToSchema)]
pub struct Profile {
    id: i64,
    /// As the city shows names (abbreviated, if it chose so).
    name: String,
    bio: String,
    #[schema(required)]
    avatar_url: Option<String>,
}

#[utoipa::path(
    get,
    path = "/v1/users/{id}",
    tag = "people",
    operation_id = "get_profile",
    summary = "A person's public profile: name (as the city shows names), bio and picture.",
    params(("id" = i64, Path, description = "The person")),
    responses(
        (status = 200, description = "OK", body = Profile),
        (status = 404, response = NotFound),
    )
)]
pub async fn profile(State(state): State<AppState>, Path(id): Path<Id>) -> AppResult<Json<Profile>> {
    let person = profiles::public(&state.db, id).await?.ok_or(AppError::from(Code::NotFound))?;
    let avatar_url = person
        .avatar_version
        .map(|version| format!("{}{}?v={version}", state.config.base_url, crate::paths::avatar(id)));
    Ok(Json(Profile { id, name: person.name, bio: person.bio, avatar_url }))
}

#[derive(Deserialize, ToSchema)]
pub struct NameDisplay {
    /// Public pages and the API show "Jane D." for "Jane Doe".
    abbreviate_names: bool,
}

#[utoipa::path(
    put,
    path = "/v1/admin/names",
    tag = "people",
    operation_id = "set_name_display",
    summary = "Choose whether people's names are shown abbreviated (administrators).",
    request_body = NameDisplay,
    responses(
        (status = 204, description = "Saved"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn set_name_display(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NameDisplay>,
) -> AppResult<StatusCode> {
    profiles::set_abbreviate_names(&state.db, ctx.actor(), body.abbreviate_names).await?;
    Ok(StatusCode::NO_CONTENT)
}
