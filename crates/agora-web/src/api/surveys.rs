//! Surveys and polls: their forms, responses and drafts, results and exports, and the
//! files given as answers.

use std::collections::BTreeMap;

use agora_app::guests::Pass as GuestPass;
use agora_app::surveys::{self, Format};
use agora_app::uploads;
use agora_core::survey::{Change, Form, Summary};
use agora_core::{Code, Error, Id};
use axum::Json;
use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::doc::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnprocessableEntity};
use crate::AppState;
use crate::context::{ApiJson, Ctx, keep_guest};
use crate::error::{AppError, AppResult, field_message, message};
use crate::limits::{check_answering, check_uploading};

/// A phase's form, with its version (0 before the first save; one more at each).
#[derive(Serialize, ToSchema)]
pub struct FormJson {
    version: i64,
    #[serde(flatten)]
    form: Form,
    /// After a save: what the new version does to questions that already have answers
    /// (those answers stay, and stay in the exports).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<Change>,
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
    Ok(Json(FormJson { version: stored.version, form: stored.form, warnings: Vec::new() }))
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
    let (version, warnings) = surveys::save_form(&state.db, ctx.actor(), id, &form, agora_db::now()).await?;
    Ok(Json(FormJson { version, form, warnings }))
}

/// Answers, by question key: text as a string, number and scale as a number, single
/// choice as an option key (or `{"other": text}`), multiple choice and ranking as lists
/// of option keys, matrix as `{row: point}`, date as `YYYY-MM-DD`, point as
/// `{lat, lng}`, file as an upload's id.
#[derive(Deserialize, ToSchema)]
pub struct ResponseBody {
    #[schema(value_type = Object)]
    answers: Map<String, Value>,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: Id,
}

/// A 422 for answers: `fields` maps each question to its problem; `problems` says the
/// same in sentences.
#[derive(Serialize, ToSchema)]
pub struct AnswerErrors {
    error: &'static str,
    message: String,
    fields: BTreeMap<String, &'static str>,
    problems: Vec<Problem>,
}

#[derive(Serialize, ToSchema)]
pub struct Problem {
    field: String,
    problem: &'static str,
    message: String,
}

/// Invalid answers as the contract has them; any other error as every error is.
fn answer_errors(e: Error, locale: &str) -> Response {
    if e.code != Code::InvalidInput || e.fields.is_empty() {
        return AppError(e).into_response();
    }
    let problems = e
        .fields
        .iter()
        .map(|f| Problem {
            field: f.field.clone(),
            problem: f.problem,
            message: field_message(locale, f.problem, f.limit),
        })
        .collect();
    let body = AnswerErrors {
        error: e.code.as_str(),
        message: message(&e, locale),
        fields: e.fields.iter().map(|f| (f.field.clone(), f.problem)).collect(),
        problems,
    };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

#[utoipa::path(
    post,
    path = "/v1/phases/{id}/responses",
    tag = "surveys",
    operation_id = "submit_response",
    summary = "Answer a survey or poll. Every answer is checked against its question, on the pages the answers \
               lead through (answers to skipped pages are dropped). Where one response per person is the rule \
               (always in polls), a second is refused with 409 `already_answered`.",
    params(("id" = i64, Path, description = "The phase")),
    request_body = ResponseBody,
    responses(
        (status = 201, description = "Submitted", body = Created),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, description = "Answers that do not fit their questions", body = AnswerErrors),
    ),
    security(("bearer" = []))
)]
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<ResponseBody>,
) -> AppResult<Response> {
    check_answering(&state, &ctx).await?;
    let pass = GuestPass::new();
    match surveys::submit(&state.db, ctx.participant(&pass, None), id, &body.answers, agora_db::now()).await {
        Ok(response) => Ok(keep_guest(&state, &ctx, &pass, (StatusCode::CREATED, Json(Created { id: response })))),
        Err(e) => Ok(answer_errors(e, ctx.locale)),
    }
}

/// A draft: what someone answered so far, and the page they are on.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct DraftJson {
    #[schema(value_type = Object)]
    answers: Map<String, Value>,
    /// The key of the page they are on (default: the first).
    #[serde(default)]
    page: Option<String>,
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/responses/draft",
    tag = "surveys",
    operation_id = "get_draft",
    summary = "The caller's draft of a response: empty answers when they have not started.",
    params(("id" = i64, Path, description = "The phase")),
    responses(
        (status = 200, description = "OK", body = DraftJson),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn draft(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<DraftJson>> {
    let draft = surveys::draft(&state.db, ctx.participant_actor(), id).await?;
    Ok(Json(draft.map_or(DraftJson { answers: Map::new(), page: None }, |d| DraftJson {
        answers: d.answers,
        page: Some(d.page),
    })))
}

#[utoipa::path(
    put,
    path = "/v1/phases/{id}/responses/draft",
    tag = "surveys",
    operation_id = "save_draft",
    summary = "Keep the caller's answers so far (each must fit its question; required ones may be missing), to \
               come back to. Submitting the response drops it.",
    params(("id" = i64, Path, description = "The phase")),
    request_body = DraftJson,
    responses(
        (status = 200, description = "Saved", body = DraftJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, description = "Answers that do not fit their questions", body = AnswerErrors),
    ),
    security(("bearer" = []))
)]
pub async fn save_draft(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<DraftJson>,
) -> AppResult<Response> {
    let saved = surveys::save_draft(
        &state.db,
        ctx.participant_actor(),
        id,
        &body.answers,
        body.page.as_deref(),
        agora_db::now(),
    )
    .await;
    Ok(match saved {
        Ok(draft) => Json(DraftJson { answers: draft.answers, page: Some(draft.page) }).into_response(),
        Err(e) => answer_errors(e, ctx.locale),
    })
}

/// What the answers to a survey or poll add up to.
#[derive(Serialize, ToSchema)]
#[schema(as = SurveyResults)]
pub struct ResultsJson {
    /// Responses counted (after the filters).
    responses: u64,
    #[schema(value_type = Object)]
    questions: BTreeMap<String, Summary>,
    /// The ways through the pages, most taken first.
    paths: Vec<PathJson>,
}

#[derive(Serialize, ToSchema)]
pub struct PathJson {
    pages: Vec<String>,
    responses: u64,
}

/// `filter[QUESTION]=OPTION` (any number) and `q` (narrows the text answers listed).
pub fn result_filters(query: &[(String, String)]) -> (Vec<(String, String)>, Option<String>) {
    let filters = query
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("filter[")?.strip_suffix(']')?.to_owned(), v.clone())))
        .filter(|(_, option)| !option.is_empty())
        .collect();
    let search = query.iter().find(|(k, _)| k == "q").map(|(_, v)| v.clone());
    (filters, search)
}

/// The results of a survey or poll (`GET /v1/phases/{id}/results` answers for every
/// kind of phase).
pub async fn results(state: &AppState, ctx: &Ctx, id: Id, query: &[(String, String)]) -> AppResult<ResultsJson> {
    let (filters, search) = result_filters(query);
    let results = surveys::results(&state.db, ctx.actor(), id, &filters, search.as_deref(), agora_db::now()).await?;
    Ok(ResultsJson {
        responses: results.responses,
        questions: results.questions.into_iter().map(|(q, summary)| (q.key, summary)).collect(),
        paths: results.paths.into_iter().map(|(pages, responses)| PathJson { pages, responses }).collect(),
    })
}

#[derive(Deserialize)]
pub struct ExportQuery {
    /// The language of the headers and option titles (default: the request's).
    locale: Option<String>,
}

/// An export as a download, streamed from its file.
pub async fn export_file(
    state: &AppState,
    ctx: &Ctx,
    id: Id,
    format: Format,
    locale: Option<&str>,
) -> AppResult<Response> {
    let locale =
        locale.and_then(|l| agora_core::LOCALES.iter().find(|known| **known == l)).copied().unwrap_or(ctx.locale);
    let export = surveys::export(&state.db, ctx.actor(), id, format, locale).await?;
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(export.file));
    let headers = [
        (header::CONTENT_TYPE, export.format.content_type().to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", export.file_name)),
    ];
    Ok((headers, Body::from_stream(stream)).into_response())
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/responses.xlsx",
    tag = "surveys",
    operation_id = "export_responses_xlsx",
    summary = "The responses as an XLSX workbook (the project's staff): a sheet of responses with a column per \
               question and sub-answer, then a sheet per question's summary. `?locale=` chooses the language.",
    params(("id" = i64, Path, description = "The phase"), ("locale" = Option<String>, Query, description = "en, nl or fr")),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn export_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(query): Query<ExportQuery>,
) -> AppResult<Response> {
    export_file(&state, &ctx, id, Format::Xlsx, query.locale.as_deref()).await
}

#[utoipa::path(
    get,
    path = "/v1/phases/{id}/responses.csv",
    tag = "surveys",
    operation_id = "export_responses_csv",
    summary = "The responses as CSV (the project's staff), a column per question and sub-answer. `?locale=` \
               chooses the language.",
    params(("id" = i64, Path, description = "The phase"), ("locale" = Option<String>, Query, description = "en, nl or fr")),
    responses(
        (status = 200, description = "The file", content_type = "text/csv"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn export_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(query): Query<ExportQuery>,
) -> AppResult<Response> {
    export_file(&state, &ctx, id, Format::Csv, query.locale.as_deref()).await
}

/// An uploaded file, to give as the answer to a file question.
#[derive(Serialize, ToSchema)]
pub struct UploadJson {
    id: Id,
    file_name: String,
    content_type: String,
    size: i64,
}

#[utoipa::path(
    post,
    path = "/v1/uploads",
    tag = "surveys",
    operation_id = "upload_file",
    summary = "Upload a file to answer a file question with (multipart, in a field named `file`, at most 10 MB): \
               a PDF, a picture (PNG, JPEG, GIF, WebP), an office document (DOCX, XLSX, ODT, ODS) or a text \
               file (TXT, CSV), recognised by its content.",
    request_body(content = Vec<u8>, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = UploadJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn upload(State(state): State<AppState>, ctx: Ctx, mut multipart: Multipart) -> AppResult<Response> {
    let actor = ctx.participant_actor().ok_or(AppError::from(Code::NotSignedIn))?;
    check_uploading(&state, &ctx).await?;
    let (name, bytes) =
        super::file_field(&mut multipart).await?.ok_or_else(|| AppError(Error::field("file", "required")))?;
    let upload = uploads::upload(&state.db, &state.config.uploads, Some(actor), &name, &bytes, agora_db::now()).await?;
    let body =
        UploadJson { id: upload.id, file_name: upload.file_name, content_type: upload.content_type, size: upload.size };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[utoipa::path(
    get,
    path = "/v1/uploads/{id}",
    tag = "surveys",
    operation_id = "download_file",
    summary = "Download an uploaded file: for its uploader, and the staff of the phase whose response took it. \
               Always as an attachment, never shown in the browser.",
    params(("id" = i64, Path, description = "The upload")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn download(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Response> {
    let (upload, bytes) = uploads::read(&state.db, &state.config.uploads, ctx.participant_actor(), id).await?;
    Ok(file_response(&upload, bytes))
}

/// A stored file as a download: its checked type, never sniffed, never run as a page.
pub fn file_response(upload: &uploads::Upload, bytes: Vec<u8>) -> Response {
    let name: String = upload.file_name.chars().filter(|c| c.is_ascii() && !c.is_ascii_control()).collect();
    let encoded = percent_encoding::utf8_percent_encode(&upload.file_name, percent_encoding::NON_ALPHANUMERIC);
    let headers = [
        (header::CONTENT_TYPE, upload.content_type.clone()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"; filename*=UTF-8''{encoded}")),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'".to_owned()),
    ];
    (headers, bytes).into_response()
}
