//! The city's privacy notice and terms of use, read by anyone and written by
//! administrators.

use agora_app::legal::{self, Kind};
use agora_core::{Code, Multiloc};
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc::{BadRequest, Forbidden, NotFound, Unauthorized, UnprocessableEntity};
use super::time;
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::{AppError, AppResult};

fn legal_kind(kind: &str) -> AppResult<Kind> {
    Kind::ALL.iter().copied().find(|k| k.as_str() == kind).ok_or(AppError::from(Code::NotFound))
}

#[derive(Serialize, ToSchema)]
pub struct LegalText {
    /// Markdown, per language.
    body: Multiloc,
    /// 1 for the first text, one more at each save; sign-ups record the terms' version.
    version: i64,
    #[schema(format = DateTime)]
    updated_at: String,
}

#[utoipa::path(
    get,
    path = "/v1/legal/{kind}",
    tag = "people",
    operation_id = "get_legal_text",
    summary = "The city's privacy notice (`privacy`) or terms of use (`terms`).",
    params(("kind" = String, Path, description = "`privacy` or `terms`")),
    responses(
        (status = 200, description = "OK", body = LegalText),
        (status = 404, response = NotFound),
    )
)]
pub async fn legal_text(State(state): State<AppState>, Path(kind): Path<String>) -> AppResult<Json<LegalText>> {
    let document = legal::document(&state.db, legal_kind(&kind)?).await?.ok_or(AppError::from(Code::NotFound))?;
    Ok(Json(LegalText { body: document.body, version: document.version, updated_at: time(document.updated_at) }))
}

#[derive(Deserialize, ToSchema)]
pub struct LegalChange {
    /// The language of `text` (the others keep theirs).
    locale: String,
    /// Markdown, at most 60,000 characters.
    text: String,
}

#[utoipa::path(
    put,
    path = "/v1/legal/{kind}",
    tag = "people",
    operation_id = "set_legal_text",
    summary = "Write the privacy notice or terms of use in one language; a new version begins (administrators).",
    params(("kind" = String, Path, description = "`privacy` or `terms`")),
    request_body = LegalChange,
    responses(
        (status = 200, description = "Saved", body = LegalText),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn set_legal_text(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(kind): Path<String>,
    ApiJson(body): ApiJson<LegalChange>,
) -> AppResult<Json<LegalText>> {
    let kind = legal_kind(&kind)?;
    legal::save(&state.db, ctx.actor(), kind, &body.locale, &body.text, agora_db::now()).await?;
    legal_text(State(state), Path(kind.as_str().to_owned())).await
}
