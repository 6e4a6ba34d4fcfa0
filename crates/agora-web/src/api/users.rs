use agora_app::{notifications, users};
use agora_core::{Code, Id};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::time;
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::{AppError, AppResult};
use crate::limits::{authenticate, check_sign_up_limits};

#[derive(Deserialize)]
pub struct SignUp {
    email: String,
    password: String,
    name: String,
}

pub async fn sign_up(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<SignUp>,
) -> AppResult<(StatusCode, Json<Value>)> {
    check_sign_up_limits(&state, &ctx, &body.email).await?;
    let user = users::sign_up(
        &state.db,
        users::NewUser { email: body.email, password: body.password, name: body.name },
        agora_db::now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": user.id, "name": user.name}))))
}

#[derive(Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
}

pub async fn token(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<Credentials>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let user = authenticate(&state, &ctx, &body.email, &body.password).await?;
    let now = agora_db::now();
    let token = users::create_api_token(&state.db, user.id, now).await?;
    Ok((StatusCode::CREATED, Json(json!({"token": token, "expires_at": time(now + users::TOKEN_LIFETIME)}))))
}

/// Revokes the token this request was made with.
pub async fn revoke_token(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let token = ctx.api_token.as_deref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::revoke_api_token(&state.db, token).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn tokens(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Value>> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    let tokens = users::api_tokens(&state.db, user.id, ctx.api_token.as_deref(), agora_db::now()).await?;
    let items: Vec<Value> = tokens
        .iter()
        .map(|t| {
            json!({"id": t.id, "created_at": time(t.created_at), "expires_at": time(t.expires_at), "current": t.current})
        })
        .collect();
    Ok(Json(json!({"items": items})))
}

pub async fn revoke_token_by_id(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::revoke_api_token_by_id(&state.db, user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs out everywhere: every session and every API token of this person.
pub async fn revoke_all(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    users::sign_out_everywhere(&state.db, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn me(ctx: Ctx) -> AppResult<Json<Value>> {
    let (Some(user), Some(actor)) = (&ctx.user, &ctx.actor) else { return Err(Code::NotSignedIn.into()) };
    let mut roles = Vec::new();
    if actor.is_admin {
        roles.push(json!({"type": "admin"}));
    }
    for project_id in &actor.moderated_projects {
        roles.push(json!({"type": "project_moderator", "project_id": project_id}));
    }
    Ok(Json(json!({
        "id": user.id, "name": user.name, "email": user.email, "locale": user.locale, "roles": roles,
    })))
}

pub async fn notifications(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Value>> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    let (items, unread) = notifications::list(&state.db, user.id, 50).await?;
    let items: Vec<Value> = items
        .iter()
        .map(|n| {
            json!({
                "id": n.id, "kind": n.kind, "idea_id": n.idea_id, "idea_title": n.idea_title,
                "comment_id": n.comment_id, "actor_name": n.actor_name, "status_title": n.status_title,
                "read": n.read, "created_at": time(n.created_at),
            })
        })
        .collect();
    Ok(Json(json!({"items": items, "unread_count": unread})))
}

pub async fn mark_read(State(state): State<AppState>, ctx: Ctx) -> AppResult<StatusCode> {
    let user = ctx.user.as_ref().ok_or(AppError::from(Code::NotSignedIn))?;
    notifications::mark_all_read(&state.db, user.id, agora_db::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
