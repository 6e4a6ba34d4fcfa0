use agora_app::catalog::{self, Kind, Tag};
use agora_app::projects::{self, Phase, PhaseInput, Project, ProjectInput};
use agora_core::permissions::ProjectStatus;
use agora_core::phase::{Ideation, Method, MethodConfig, Window};
use agora_core::{Error, Id, Multiloc};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AnyId, ids, parse_time, time};
use crate::AppState;
use crate::context::{ApiJson, Ctx, Fields, Replacement};
use crate::error::AppResult;

fn project_json(state: &AppState, ctx: &Ctx, p: &Project, phases: &[Phase]) -> Value {
    let now = agora_db::now();
    json!({
        "id": p.id,
        "slug": p.slug,
        "title": p.title,
        "description": p.description,
        "description_html": p.description_html,
        "status": p.status.as_str(),
        "topic_ids": p.topic_ids,
        "area_ids": p.area_ids,
        "current_phase_id": projects::current(phases, now).map(|ph| ph.id),
        "created_at": time(p.created_at),
        "updated_at": time(p.updated_at),
        "url": format!("{}{}/projects/{}", state.config.base_url.trim_end_matches('/'), ctx.prefix, p.slug),
    })
}

pub(crate) fn phase_json(p: &Phase) -> Value {
    let ideation = p.config.ideation().copied().unwrap_or(Ideation::CLOSED);
    json!({
        "id": p.id,
        "project_id": p.project_id,
        "title": p.title,
        "description": p.description,
        "start_at": time(p.window.start_at),
        "end_at": p.window.end_at.map(time),
        "method": p.config.method().as_str(),
        "posting_enabled": ideation.posting,
        "commenting_enabled": ideation.commenting,
        "reacting_enabled": ideation.reacting,
        "disliking_enabled": ideation.disliking,
    })
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Value>> {
    let list = projects::list_visible(&state.db, ctx.actor()).await?;
    let mut items = Vec::with_capacity(list.len());
    for p in &list {
        items.push(project_json(&state, &ctx, p, &projects::phases(&state.db, p.id).await?));
    }
    Ok(Json(json!({"items": items})))
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    let p = projects::get_visible(&state.db, ctx.actor(), id).await?;
    let phases = projects::phases(&state.db, p.id).await?;
    Ok(Json(project_json(&state, &ctx, &p, &phases)))
}

#[derive(Deserialize)]
pub struct ProjectBody {
    title: Multiloc,
    description: Option<Multiloc>,
    slug: Option<String>,
    status: Option<String>,
    topic_ids: Option<Vec<AnyId>>,
    area_ids: Option<Vec<AnyId>>,
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

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<ProjectBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let p = projects::create(&state.db, ctx.actor(), &body.input()?, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(project_json(&state, &ctx, &p, &[]))))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Replacement(body): Replacement<ProjectBody>,
) -> AppResult<Json<Value>> {
    let p = projects::update(&state.db, ctx.actor(), id, &body.input()?, agora_db::now()).await?;
    let phases = projects::phases(&state.db, p.id).await?;
    Ok(Json(project_json(&state, &ctx, &p, &phases)))
}

pub async fn phases(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<Json<Value>> {
    let p = projects::get_visible(&state.db, ctx.actor(), id).await?;
    let items: Vec<Value> = projects::phases(&state.db, p.id).await?.iter().map(phase_json).collect();
    Ok(Json(json!({"items": items})))
}

#[derive(Deserialize)]
pub struct PhaseBody {
    title: Multiloc,
    description: Option<Multiloc>,
    start_at: String,
    end_at: Option<String>,
    method: String,
    #[serde(default)]
    posting_enabled: bool,
    #[serde(default)]
    commenting_enabled: bool,
    #[serde(default)]
    reacting_enabled: bool,
    #[serde(default)]
    disliking_enabled: bool,
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
            ),
        })
    }
}

pub async fn create_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<PhaseBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let phase = projects::create_phase(&state.db, ctx.actor(), id, &body.input()?, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(phase_json(&phase))))
}

pub async fn update_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Replacement(body): Replacement<PhaseBody>,
) -> AppResult<Json<Value>> {
    let phase = projects::update_phase(&state.db, ctx.actor(), id, &body.input()?, agora_db::now()).await?;
    Ok(Json(phase_json(&phase)))
}

pub async fn delete_phase(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    projects::delete_phase(&state.db, ctx.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn add_moderator(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(Id, Id)>,
) -> AppResult<Json<Value>> {
    projects::set_moderator(&state.db, ctx.actor(), id, user_id, true).await?;
    Ok(Json(json!({"project_id": id, "user_id": user_id})))
}

pub async fn remove_moderator(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(Id, Id)>,
) -> AppResult<StatusCode> {
    projects::set_moderator(&state.db, ctx.actor(), id, user_id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn tag_json(tag: &Tag) -> Value {
    json!({"id": tag.id, "title": tag.title})
}

#[derive(Deserialize)]
pub struct TagBody {
    title: Multiloc,
}

pub async fn topics(State(state): State<AppState>) -> AppResult<Json<Value>> {
    let items: Vec<Value> = catalog::list(&state.db, Kind::Topic).await?.iter().map(tag_json).collect();
    Ok(Json(json!({"items": items})))
}

pub async fn areas(State(state): State<AppState>) -> AppResult<Json<Value>> {
    let items: Vec<Value> = catalog::list(&state.db, Kind::Area).await?.iter().map(tag_json).collect();
    Ok(Json(json!({"items": items})))
}

pub async fn create_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<TagBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let tag = catalog::create(&state.db, ctx.actor(), Kind::Topic, &body.title, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(tag_json(&tag))))
}

pub async fn create_area(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<TagBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let tag = catalog::create(&state.db, ctx.actor(), Kind::Area, &body.title, agora_db::now()).await?;
    Ok((StatusCode::CREATED, Json(tag_json(&tag))))
}

async fn update_tag(state: &AppState, ctx: &Ctx, kind: Kind, id: Id, title: &Multiloc) -> AppResult<Json<Value>> {
    Ok(Json(tag_json(&catalog::update(&state.db, ctx.actor(), kind, id, title).await?)))
}

pub async fn update_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<TagBody>,
) -> AppResult<Json<Value>> {
    update_tag(&state, &ctx, Kind::Topic, id, &body.title).await
}

pub async fn update_area(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<TagBody>,
) -> AppResult<Json<Value>> {
    update_tag(&state, &ctx, Kind::Area, id, &body.title).await
}

pub async fn delete_topic(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    catalog::delete(&state.db, ctx.actor(), Kind::Topic, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn delete_area(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<StatusCode> {
    catalog::delete(&state.db, ctx.actor(), Kind::Area, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn status_json(s: &catalog::Status) -> Value {
    json!({"id": s.id, "code": s.code, "title": s.title, "color": s.color})
}

pub async fn statuses(State(state): State<AppState>) -> AppResult<Json<Value>> {
    let items: Vec<Value> = catalog::statuses(&state.db).await?.iter().map(status_json).collect();
    Ok(Json(json!({"items": items})))
}

#[derive(Deserialize)]
pub struct StatusBody {
    code: String,
    title: Multiloc,
    color: String,
}

pub async fn create_status(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<StatusBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let status = catalog::create_status(&state.db, ctx.actor(), &body.code, &body.title, &body.color).await?;
    Ok((StatusCode::CREATED, Json(status_json(&status))))
}
