//! The forms of surveys and polls.

use agora_app::surveys;
use agora_core::Id;
use agora_core::survey::Form;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

use super::doc::{BadRequest, Forbidden, NotFound, Unauthorized, UnprocessableEntity};
use crate::AppState;
use crate::context::{ApiJson, Ctx};
use crate::error::AppResult;

/// A phase's form, with its version (0 before the first save; one more at each).
#[derive(Serialize, ToSchema)]
pub struct FormJson {
    version: i64,
    #[serde(flatten)]
    form: Form,
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/form",
    tag = "surveys",
    operation_id = "get_form",
    summary = "The form of a survey or poll phase: its pages, questions and skip logic.",
    params(("id" = i64, Path, description = "The phase")),
    responses(
        (status = 200, description = "OK", body = FormJson),
        (status = 404, response = NotFound),
    )
)]
pub async fn form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<FormJson>> {
    let stored = surveys::form(&state.db, ctx.actor(), id).await?;
    Ok(Json(FormJson { version: stored.version, form: stored.form }))
}

#[utoipa::path(
    put,
    path = "/v1/phases/{id}/form",
    tag = "surveys",
    operation_id = "save_form",
    summary = "Write the form of a survey or poll phase (the project's staff). Every page and question is \
               checked; a problem is reported at its place, e.g. `pages[1].questions[0].options`.",
    params(("id" = i64, Path, description = "The phase")),
    request_body = Form,
    responses(
        (status = 200, description = "Saved, as a new version", body = FormJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn save_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(form): ApiJson<Form>,
) -> AppResult<Json<FormJson>> {
    let version = surveys::save_form(&state.db, ctx.actor(), id, &form, agora_db::now()).await?;
    Ok(Json(FormJson { version, form }))
}
