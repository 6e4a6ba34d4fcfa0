use agora_app::projects::{self, Phase, PhaseInput, Project, ProjectInput};
use agora_core::participation::{Action, Permissions};
use agora_core::permissions::ProjectStatus;
use agora_core::phase::{Ideation, Method, MethodConfig, Window};
use agora_core::voting::{Voting, VotingMethod, WinnerRule};
use agora_core::{Error, Id, Multiloc};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc::{self, BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnprocessableEntity};
use super::{AnyId, ids, parse_time, time};
use crate::AppState;
use crate::context::{ApiJson, Ctx, Fields, Replacement};
use crate::error::AppResult;

/// Draft projects are visible to admins and the project's moderators only.
#[derive(Serialize, ToSchema)]
#[schema(as = Project)]
pub struct ProjectJson {
    id: i64,
    #[schema(examples("groener-gent-2027"))]
    slug: String,
    title: Multiloc,
    description: Multiloc,
    /// The description rendered from Markdown to sanitised HTML.
    description_html: Multiloc,
    #[schema(schema_with = project_statuses)]
    status: &'static str,
    topic_ids: Vec<i64>,
    area_ids: Vec<i64>,
    /// The phase running now, if any.
    #[schema(required)]
    current_phase_id: Option<i64>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
    /// The project's page on the site.
    #[schema(format = "uri")]
    url: String,
}

fn project_statuses() -> utoipa::openapi::schema::Object {
    doc::one_of(&[ProjectStatus::Draft, ProjectStatus::Published, ProjectStatus::Archived].map(ProjectStatus::as_str))
}

fn methods() -> utoipa::openapi::schema::Object {
    doc::one_of(&Method::ALL.map(Method::as_str))
}

fn project_json(state: &AppState, ctx: &Ctx, p: &Project, phases: &[Phase]) -> ProjectJson {
    let now = agora_db::now();
    ProjectJson {
        id: p.id,
        slug: p.slug.clone(),
        title: p.title.clone(),
        description: p.description.clone(),
        description_html: p.description_html.clone(),
        status: p.status.as_str(),
        topic_ids: p.topic_ids.clone(),
        area_ids: p.area_ids.clone(),
        current_phase_id: projects::current(phases, now).map(|ph| ph.id),
        created_at: time(p.created_at),
        updated_at: time(p.updated_at),
        url: format!("{}{}/projects/{}", state.config.base_url.trim_end_matches('/'), ctx.prefix, p.slug),
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Phase)]
pub struct PhaseJson {
    id: i64,
    project_id: i64,
    title: Multiloc,
    description: Multiloc,
    /// Inclusive.
    #[schema(format = DateTime)]
    start_at: String,
    /// Exclusive; null for an open-ended phase.
    #[schema(required, format = DateTime)]
    end_at: Option<String>,
    #[schema(schema_with = methods)]
    method: &'static str,
    posting_enabled: bool,
    commenting_enabled: bool,
    reacting_enabled: bool,
    disliking_enabled: bool,
    /// The settings of a voting phase; null for the other methods.
    #[schema(required)]
    voting: Option<Voting>,
    /// The settings of a survey or poll phase; null for the other methods.
    #[schema(required)]
    survey: Option<agora_core::phase::SurveySettings>,
    /// Who may do each action of the phase (every action is listed).
    permissions: Permissions,
}

pub(crate) fn phase_json(p: &Phase) -> PhaseJson {
    let ideation = p.config.ideation().copied().unwrap_or(Ideation::CLOSED);
    PhaseJson {
        id: p.id,
        project_id: p.project_id,
        title: p.title.clone(),
        description: p.description.clone(),
        start_at: time(p.window.start_at),
        end_at: p.window.end_at.map(time),
        method: p.config.method().as_str(),
        posting_enabled: ideation.posting,
        commenting_enabled: ideation.commenting,
        reacting_enabled: ideation.reacting,
        disliking_enabled: ideation.disliking,
        voting: p.config.voting().cloned(),
        survey: p.config.survey().copied(),
        permissions: Permissions(Action::ALL.into_iter().map(|a| (a, p.permissions.of(a))).collect()),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProjectList {
    items: Vec<ProjectJson>,
}

#[derive(Serialize, ToSchema)]
pub struct PhaseList {
    items: Vec<PhaseJson>,
}

#[utoipa::path(
    get,
    path = "/v1/projects",
    tag = "projects",
    operation_id = "list_projects",
    summary = "List the projects visible to the caller.",
    description = "Drafts are included for admins and the projects' moderators.",
    responses(
        (status = 200, description = "OK", body = ProjectList),
    )
)]
pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<ProjectList>> {
    let list = projects::list_visible(&state.db, ctx.actor()).await?;
    let mut items = Vec::with_capacity(list.len());
    for p in &list {
        items.push(project_json(&state, &ctx, p, &projects::phases(&state.db, p.id).await?));
    }
    Ok(Json(ProjectList { items }))
}

#[utoipa::path(
    get,
    path = "/v1/projects/{id}",
    tag = "projects",
    operation_id = "get_project",
    summary = "Show a project.",
    params(("id" = i64, Path, description = "The project's id.")),
    responses(
        (status = 200, description = "OK", body = ProjectJson),
        (status = 404, response = NotFound),
    )
)]
pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<ProjectJson>> {
    let p = projects::get_visible(&state.db, ctx.actor(), id).await?;
    let phases = projects::phases(&state.db, p.id).await?;
    Ok(Json(project_json(&state, &ctx, &p, &phases)))
}

/// A new project; `PUT` takes the whole project (`ProjectReplacement`).
#[derive(Deserialize, ToSchema)]
#[schema(as = ProjectInput)]
pub struct ProjectBody {
    /// At most 200 characters per locale.
    title: Multiloc,
    /// Markdown; at most 20,000 characters per locale.
    description: Option<Multiloc>,
    /// Made from the title when absent or null.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 3, max_length = 80)]
    slug: Option<String>,
    #[schema(schema_with = optional_project_status)]
    status: Option<String>,
    #[schema(max_items = 50)]
    topic_ids: Option<Vec<AnyId>>,
    #[schema(max_items = 50)]
    area_ids: Option<Vec<AnyId>>,
}

fn optional_project_status() -> utoipa::openapi::schema::Object {
    let mut schema = project_statuses();
    schema.schema_type = utoipa::openapi::schema::SchemaType::from_iter([
        utoipa::openapi::schema::Type::String,
        utoipa::openapi::schema::Type::Null,
    ]);
    schema.enum_values.get_or_insert_default().push(serde_json::Value::Null);
    schema.description = Some("When absent or null: draft for a new project, unchanged on an update.".into());
    schema
}

impl Fields for ProjectBody {
    const FIELDS: &'static [&'static str] = &["title", "description", "slug", "status", "topic_ids", "area_ids"];
}

impl ProjectBody {
    fn input(self) -> Result<ProjectInput, Error> {
        let status = match self.status.as_deref() {
            None => None,
            Some(s) => Some(ProjectStatus::parse(s).ok_or_else(|| Error::field("status", "invalid"))?),
        };
        Ok(ProjectInput {
            topic_ids: ids(&self.topic_ids),
            area_ids: ids(&self.area_ids),
            title: self.title,
            description: self.description.unwrap_or_default(),
            slug: self.slug,
            status,
        })
    }
}

#[utoipa::path(
    post,
    path = "/v1/projects",
    tag = "projects",
    operation_id = "create_project",
    summary = "Create a project (admins).",
    request_body = ProjectBody,
    responses(
        (status = 201, description = "Created", body = ProjectJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<ProjectBody>,
) -> AppResult<(StatusCode, Json<ProjectJson>)> {
    let p = projects::create(&state.db, ctx.actor(), &body.input()?, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(project_json(&state, &ctx, &p, &[]))))
}

#[utoipa::path(
    put,
    path = "/v1/projects/{id}",
    tag = "projects",
    operation_id = "update_project",
    summary = "Replace a project (admins).",
    params(("id" = i64, Path, description = "The project's id.")),
    request_body = doc::ProjectReplacement,
    responses(
        (status = 200, description = "OK", body = ProjectJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Replacement(body): Replacement<ProjectBody>,
) -> AppResult<Json<ProjectJson>> {
    let p = projects::update(&state.db, ctx.actor(), id, &body.input()?, agora_db::now()).await?;
    let phases = projects::phases(&state.db, p.id).await?;
    Ok(Json(project_json(&state, &ctx, &p, &phases)))
}

#[utoipa::path(
    get,
    path = "/v1/projects/{id}/phases",
    tag = "projects",
    operation_id = "list_phases",
    summary = "List the phases of a project, in time order.",
    params(("id" = i64, Path, description = "The project's id.")),
    responses(
        (status = 200, description = "OK", body = PhaseList),
        (status = 404, response = NotFound),
    )
)]
pub async fn phases(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<PhaseList>> {
    let p = projects::get_visible(&state.db, ctx.actor(), id).await?;
    let items = projects::phases(&state.db, p.id).await?.iter().map(phase_json).collect();
    Ok(Json(PhaseList { items }))
}

/// Phases of a project may not overlap (`phases_overlap`, 409).
#[derive(Deserialize, ToSchema)]
#[schema(as = PhaseInput)]
pub struct PhaseBody {
    title: Multiloc,
    description: Option<Multiloc>,
    /// Inclusive.
    #[schema(value_type = doc::DateOrDateTime)]
    start_at: String,
    #[schema(schema_with = doc::open_end)]
    end_at: Option<String>,
    #[schema(schema_with = methods)]
    method: String,
    #[serde(default)]
    #[schema(default = false)]
    posting_enabled: bool,
    #[serde(default)]
    #[schema(default = false)]
    commenting_enabled: bool,
    #[serde(default)]
    #[schema(default = false)]
    reacting_enabled: bool,
    #[serde(default)]
    #[schema(default = false)]
    disliking_enabled: bool,
    /// Required for a voting phase, ignored otherwise.
    voting: Option<VotingBody>,
    /// A survey's or poll's settings (all false but one response per person, when left
    /// out); ignored for other methods.
    survey: Option<agora_core::phase::SurveySettings>,
    /// Who may do each action (`posting`, `commenting`, `reacting`, `voting`); an action
    /// left out is open to signed-in users (`users`). `groups` needs `group_ids`;
    /// `everyone` is refused for now (guest participation is to come).
    #[serde(default)]
    permissions: Permissions,
}

/// A voting phase's settings. Amounts are whole units of the city's currency.
#[derive(Deserialize, ToSchema)]
#[schema(as = VotingInput)]
pub struct VotingBody {
    method: VotingMethod,
    /// Required for `budgeting`; for `single` and `multiple`, optional (options then
    /// need a cost too).
    budget: Option<i64>,
    /// The least a submitted basket must hold: money (`budgeting`), votes (`multiple`)
    /// or options (`single`).
    min_total: Option<i64>,
    /// `multiple`: the votes each voter spreads (required).
    max_total: Option<i64>,
    /// `multiple`: the most votes one voter may give one option.
    max_per_option: Option<i64>,
    /// `single` and `budgeting`: the most options in one basket.
    max_options: Option<i64>,
    /// Without a budget: how many options win (1 when absent).
    winners: Option<i64>,
    /// Absent: `greedy` for `single` and `multiple`, `mes-add1` for `budgeting`.
    rule: Option<WinnerRule>,
    /// Whether residents see the totals while the vote runs.
    #[serde(default)]
    live_totals: bool,
    /// Whether results are computed and published when the phase ends, without staff.
    #[serde(default)]
    publish_automatically: bool,
}

impl VotingBody {
    fn settings(self) -> Voting {
        Voting {
            method: self.method,
            budget: self.budget,
            min_total: self.min_total,
            max_total: self.max_total,
            max_per_option: self.max_per_option,
            max_options: self.max_options,
            winners: self.winners,
            rule: self.rule.unwrap_or(WinnerRule::default_for(self.method)),
            live_totals: self.live_totals,
            publish_automatically: self.publish_automatically,
        }
    }
}

impl Fields for PhaseBody {
    const FIELDS: &'static [&'static str] = &[
        "title",
        "description",
        "start_at",
        "end_at",
        "method",
        "posting_enabled",
        "commenting_enabled",
        "reacting_enabled",
        "disliking_enabled",
    ];
}

impl PhaseBody {
    fn input(self) -> Result<PhaseInput, Error> {
        let mut problems = agora_core::validate::Problems::default();
        let start_at = parse_time(&self.start_at);
        if start_at.is_none() {
            problems.add("start_at", "invalid", None);
        }
        let end_at = match self.end_at.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => {
                let end = parse_time(s);
                if end.is_none() {
                    problems.add("end_at", "invalid", None);
                }
                end
            }
        };
        let method = Method::parse(&self.method);
        if method.is_none() {
            problems.add("method", "invalid", None);
        }
        problems.into_result()?;
        Ok(PhaseInput {
            title: self.title,
            description: self.description.unwrap_or_default(),
            window: Window { start_at: start_at.unwrap_or_default(), end_at },
            config: MethodConfig::new(
                method.unwrap_or(Method::Information),
                Ideation {
                    posting: self.posting_enabled,
                    commenting: self.commenting_enabled,
                    reacting: self.reacting_enabled,
                    disliking: self.disliking_enabled,
                },
                self.voting.map(VotingBody::settings),
                self.survey,
            )?,
            permissions: self.permissions,
        })
    }
}

#[utoipa::path(
    post,
    path = "/v1/projects/{id}/phases",
    tag = "projects",
    operation_id = "create_phase",
    summary = "Add a phase to a project (admins).",
    params(("id" = i64, Path, description = "The project's id.")),
    request_body = PhaseBody,
    responses(
        (status = 201, description = "Created", body = PhaseJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn create_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<PhaseBody>,
) -> AppResult<(StatusCode, Json<PhaseJson>)> {
    let phase = projects::create_phase(&state.db, ctx.actor(), id, &body.input()?, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(phase_json(&phase))))
}

#[utoipa::path(
    put,
    path = "/v1/phases/{id}",
    tag = "projects",
    operation_id = "update_phase",
    summary = "Replace a phase (admins).",
    params(("id" = i64, Path, description = "The phase's id.")),
    request_body = doc::PhaseReplacement,
    responses(
        (status = 200, description = "OK", body = PhaseJson),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = UnprocessableEntity),
    ),
    security(("bearer" = []))
)]
pub async fn update_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Replacement(body): Replacement<PhaseBody>,
) -> AppResult<Json<PhaseJson>> {
    let phase = projects::update_phase(&state.db, ctx.actor(), id, &body.input()?, agora_db::now()).await?;
    Ok(Json(phase_json(&phase)))
}

#[utoipa::path(
    delete,
    path = "/v1/phases/{id}",
    tag = "projects",
    operation_id = "delete_phase",
    summary = "Delete a phase (admins).",
    params(("id" = i64, Path, description = "The phase's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn delete_phase(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    projects::delete_phase(&state.db, ctx.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Moderator {
    project_id: i64,
    user_id: i64,
}

#[utoipa::path(
    put,
    path = "/v1/projects/{id}/moderators/{user_id}",
    tag = "projects",
    operation_id = "add_moderator",
    summary = "Make a person a moderator of a project (admins).",
    params(("id" = i64, Path, description = "The project's id."), ("user_id" = i64, Path, description = "The person's id.")),
    responses(
        (status = 200, description = "OK", body = Moderator),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn add_moderator(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(Id, Id)>,
) -> AppResult<Json<Moderator>> {
    projects::set_moderator(&state.db, ctx.actor(), id, user_id, true).await?;
    Ok(Json(Moderator { project_id: id, user_id }))
}

#[utoipa::path(
    delete,
    path = "/v1/projects/{id}/moderators/{user_id}",
    tag = "projects",
    operation_id = "remove_moderator",
    summary = "Remove a moderator from a project (admins).",
    params(("id" = i64, Path, description = "The project's id."), ("user_id" = i64, Path, description = "The person's id.")),
    responses(
        (status = 204, description = "Done; no body"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
pub async fn remove_moderator(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(Id, Id)>,
) -> AppResult<StatusCode> {
    projects::set_moderator(&state.db, ctx.actor(), id, user_id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
