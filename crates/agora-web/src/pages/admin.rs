//! The back office of this foundation: projects, their timeline and moderators, topics
//! and areas. Admins only.

use agora_core::permissions::{ProjectStatus, admin};
use agora_core::phase::{Method, PhaseRules, Window};
use agora_core::{Error, Id, MICROS_PER_DAY, Multiloc};
use agora_db::catalog::{self, Kind};
use agora_db::{projects, users};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::NoFields;
use super::projects::phase_dates;
use super::{checked, see_other};
use crate::AppState;
use crate::api::parse_time;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::views::{FormErrors, date, form_errors};

#[derive(Deserialize, Default, Clone)]
pub struct ProjectForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    topic_ids: Vec<Id>,
    #[serde(default)]
    area_ids: Vec<Id>,
}

impl ProjectForm {
    fn from_project(p: &projects::Project, locale: &str) -> ProjectForm {
        ProjectForm {
            title: p.title.text(locale).to_owned(),
            slug: p.slug.clone(),
            description: p.description.text(locale).to_owned(),
            status: p.status.as_str().to_owned(),
            topic_ids: p.topic_ids.clone(),
            area_ids: p.area_ids.clone(),
        }
    }

    /// The project with this locale's texts replaced (other locales kept).
    fn input(&self, locale: &str, existing: Option<&projects::Project>) -> projects::ProjectInput {
        let mut title = existing.map(|p| p.title.clone()).unwrap_or_default();
        title.set(locale, self.title.clone());
        let mut description = existing.map(|p| p.description.clone()).unwrap_or_default();
        description.set(locale, self.description.clone());
        projects::ProjectInput {
            title,
            description,
            slug: Some(self.slug.clone()).filter(|s| !s.trim().is_empty()),
            status: ProjectStatus::parse(&self.status),
            topic_ids: self.topic_ids.clone(),
            area_ids: self.area_ids.clone(),
        }
    }
}

type Choices = Vec<(Id, String, bool)>;

async fn choices(state: &AppState, ctx: &Ctx, form: &ProjectForm) -> AppResult<(Choices, Choices)> {
    let pick = |tags: Vec<catalog::Tag>, chosen: &[Id]| -> Choices {
        tags.into_iter().map(|t| (t.id, t.title.text(ctx.locale).to_owned(), chosen.contains(&t.id))).collect()
    };
    Ok((
        pick(catalog::list(&state.db, Kind::Topic).await?, &form.topic_ids),
        pick(catalog::list(&state.db, Kind::Area).await?, &form.area_ids),
    ))
}

fn project_statuses(ctx: &Ctx) -> Vec<(&'static str, String)> {
    ["draft", "published", "archived"].into_iter().map(|s| (s, ctx.t(&format!("project-status-{s}")))).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "admin.html")]
pub struct AdminPage {
    ctx: Ctx,
    projects: Vec<(String, String, String)>,
    form: ProjectForm,
    project_statuses: Vec<(&'static str, String)>,
    topics: Choices,
    areas: Choices,
    errors: FormErrors,
}

async fn admin_page(state: &AppState, ctx: Ctx, form: ProjectForm, errors: FormErrors) -> AppResult<AdminPage> {
    admin(ctx.actor())?;
    let list = projects::list_visible(&state.db, ctx.actor())
        .await?
        .iter()
        .map(|p| {
            (
                format!("/admin/projects/{}", p.id),
                p.title.text(ctx.locale).to_owned(),
                ctx.t(&format!("project-status-{}", p.status.as_str())),
            )
        })
        .collect();
    let (topics, areas) = choices(state, &ctx, &form).await?;
    Ok(AdminPage { project_statuses: project_statuses(&ctx), projects: list, form, topics, areas, errors, ctx })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<AdminPage> {
    let form = ProjectForm { status: "draft".to_owned(), ..ProjectForm::default() };
    admin_page(&state, ctx, form, FormErrors::default()).await
}

pub async fn create_project(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<ProjectForm>,
) -> AppResult<Response> {
    match projects::create(&state.db, ctx.actor(), &form.input(ctx.locale, None), agora_db::now()).await {
        Ok(p) => Ok(see_other(&ctx, &format!("/admin/projects/{}", p.id))),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, admin_page(&state, ctx, form, errors).await?).into_response())
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct PhaseForm {
    #[serde(default)]
    phase_title: String,
    #[serde(default)]
    phase_description: String,
    #[serde(default)]
    start_at: String,
    #[serde(default)]
    end_at: String,
    #[serde(default)]
    method: String,
    posting_enabled: Option<String>,
    commenting_enabled: Option<String>,
    reacting_enabled: Option<String>,
    disliking_enabled: Option<String>,
}

/// The phase form as the template shows it.
pub struct PhaseValues {
    title: String,
    description: String,
    start_at: String,
    end_at: String,
    method: String,
    posting_enabled: bool,
    commenting_enabled: bool,
    reacting_enabled: bool,
    disliking_enabled: bool,
}

impl PhaseForm {
    fn values(&self) -> PhaseValues {
        PhaseValues {
            title: self.phase_title.clone(),
            description: self.phase_description.clone(),
            start_at: self.start_at.clone(),
            end_at: self.end_at.clone(),
            method: if self.method.is_empty() { "ideation".to_owned() } else { self.method.clone() },
            posting_enabled: checked(&self.posting_enabled),
            commenting_enabled: checked(&self.commenting_enabled),
            reacting_enabled: checked(&self.reacting_enabled),
            disliking_enabled: checked(&self.disliking_enabled),
        }
    }

    /// Dates are whole days: the phase starts at the first day's midnight (UTC) and
    /// ends after its last day.
    fn input(&self, locale: &str) -> Result<projects::PhaseInput, Error> {
        let mut problems = agora_core::validate::Problems::default();
        let start_at = parse_time(self.start_at.trim());
        if start_at.is_none() {
            problems.add("start_at", if self.start_at.trim().is_empty() { "required" } else { "invalid" }, None);
        }
        let end_at = match self.end_at.trim() {
            "" => None,
            end => {
                let parsed = parse_time(end);
                if parsed.is_none() {
                    problems.add("end_at", "invalid", None);
                }
                parsed.map(|e| e + MICROS_PER_DAY)
            }
        };
        let method = Method::parse(&self.method);
        if method.is_none() {
            problems.add("method", "invalid", None);
        }
        problems.into_result()?;
        Ok(projects::PhaseInput {
            title: Multiloc::new(locale, self.phase_title.clone()),
            description: Multiloc::new(locale, self.phase_description.clone()),
            window: Window { start_at: start_at.unwrap_or_default(), end_at },
            rules: PhaseRules {
                method: method.unwrap_or(Method::Information),
                posting_enabled: checked(&self.posting_enabled),
                commenting_enabled: checked(&self.commenting_enabled),
                reacting_enabled: checked(&self.reacting_enabled),
                disliking_enabled: checked(&self.disliking_enabled),
            },
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_project.html")]
pub struct ProjectAdminPage {
    ctx: Ctx,
    action: String,
    public_path: String,
    form: ProjectForm,
    project_statuses: Vec<(&'static str, String)>,
    topics: Choices,
    areas: Choices,
    errors: FormErrors,
    phases: Vec<(Id, String, String, String, String)>,
    phase_action: String,
    phase: PhaseValues,
    phase_errors: FormErrors,
    moderators: Vec<String>,
    moderator_action: String,
    moderator_error: Option<String>,
}

#[derive(Default)]
struct Retry {
    form: Option<ProjectForm>,
    errors: FormErrors,
    phase: Option<PhaseForm>,
    phase_errors: FormErrors,
    moderator_error: Option<String>,
}

async fn project_admin_page(state: &AppState, ctx: Ctx, id: Id, retry: Retry) -> AppResult<ProjectAdminPage> {
    admin(ctx.actor())?;
    let project = projects::get_visible(&state.db, ctx.actor(), id).await?;
    let form = retry.form.unwrap_or_else(|| ProjectForm::from_project(&project, ctx.locale));
    let (topics, areas) = choices(state, &ctx, &form).await?;
    let phases = projects::phases(&state.db, id)
        .await?
        .iter()
        .map(|p| {
            (
                p.id,
                p.title.text(ctx.locale).to_owned(),
                phase_dates(&ctx, &p.window),
                ctx.t(&format!("method-{}", p.rules.method.as_str())),
                format!("/admin/phases/{}/delete", p.id),
            )
        })
        .collect();
    let mut moderators = Vec::new();
    for user_id in projects::moderator_ids(&state.db, id).await? {
        if let Some(u) = users::by_id(&state.db, user_id).await? {
            moderators.push(format!("{} <{}>", u.name, u.email));
        }
    }
    let today = date(agora_db::now());
    let phase = retry.phase.unwrap_or(PhaseForm {
        start_at: today,
        method: "ideation".to_owned(),
        posting_enabled: Some("true".into()),
        commenting_enabled: Some("true".into()),
        reacting_enabled: Some("true".into()),
        ..PhaseForm::default()
    });
    Ok(ProjectAdminPage {
        action: format!("/admin/projects/{id}"),
        public_path: format!("/projects/{}", project.slug),
        project_statuses: project_statuses(&ctx),
        form,
        topics,
        areas,
        errors: retry.errors,
        phases,
        phase_action: format!("/admin/projects/{id}/phases"),
        phase: phase.values(),
        phase_errors: retry.phase_errors,
        moderators,
        moderator_action: format!("/admin/projects/{id}/moderators"),
        moderator_error: retry.moderator_error,
        ctx,
    })
}

pub async fn edit_project(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Id>) -> AppResult<ProjectAdminPage> {
    project_admin_page(&state, ctx, id, Retry::default()).await
}

pub async fn update_project(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<ProjectForm>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    let existing = projects::get_visible(&state.db, ctx.actor(), id).await?;
    match projects::update(&state.db, ctx.actor(), id, &form.input(ctx.locale, Some(&existing)), agora_db::now()).await
    {
        Ok(_) => Ok(see_other(&ctx, &format!("/admin/projects/{id}"))),
        Err(e) => {
            let retry = Retry { errors: form_errors(e, ctx.locale)?, form: Some(form), ..Retry::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, project_admin_page(&state, ctx, id, retry).await?).into_response())
        }
    }
}

pub async fn create_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<PhaseForm>,
) -> AppResult<Response> {
    let result = async {
        let input = form.input(ctx.locale)?;
        projects::create_phase(&state.db, ctx.actor(), id, &input, agora_db::now()).await
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&ctx, &format!("/admin/projects/{id}"))),
        Err(e) => {
            let retry = Retry { phase_errors: form_errors(e, ctx.locale)?, phase: Some(form), ..Retry::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, project_admin_page(&state, ctx, id, retry).await?).into_response())
        }
    }
}

pub async fn delete_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    let project_id = projects::phase_project(&state.db, id).await?;
    projects::delete_phase(&state.db, ctx.actor(), id).await?;
    Ok(see_other(&ctx, &project_id.map(|p| format!("/admin/projects/{p}")).unwrap_or_else(|| "/admin".to_owned())))
}

#[derive(Deserialize)]
pub struct ModeratorForm {
    #[serde(default)]
    moderator_email: String,
}

pub async fn add_moderator(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<ModeratorForm>,
) -> AppResult<Response> {
    admin(ctx.actor())?;
    match users::by_email(&state.db, &form.moderator_email).await? {
        Some(user) => {
            projects::set_moderator(&state.db, ctx.actor(), id, user.id, true).await?;
            Ok(see_other(&ctx, &format!("/admin/projects/{id}")))
        }
        None => {
            let retry = Retry { moderator_error: Some(ctx.t("no-user-with-email")), ..Retry::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, project_admin_page(&state, ctx, id, retry).await?).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    topic_title: String,
}

#[derive(Deserialize)]
pub struct AreaForm {
    #[serde(default)]
    area_title: String,
}

async fn create_tag(state: &AppState, ctx: Ctx, kind: Kind, title: &str) -> AppResult<Response> {
    let field = if kind == Kind::Topic { "topic_title" } else { "area_title" };
    match catalog::create(&state.db, ctx.actor(), kind, &Multiloc::new(ctx.locale, title), agora_db::now()).await {
        Ok(_) => Ok(see_other(&ctx, "/admin")),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?.rename("title", field);
            let form = ProjectForm { status: "draft".to_owned(), ..ProjectForm::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, admin_page(state, ctx, form, errors).await?).into_response())
        }
    }
}

pub async fn create_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<TopicForm>,
) -> AppResult<Response> {
    create_tag(&state, ctx, Kind::Topic, &form.topic_title).await
}

pub async fn create_area(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<AreaForm>,
) -> AppResult<Response> {
    create_tag(&state, ctx, Kind::Area, &form.area_title).await
}

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    title: String,
}

/// Renames a topic or area in the current language; the other languages keep theirs.
async fn rename_tag(state: &AppState, ctx: Ctx, kind: Kind, id: Id, title: String) -> AppResult<Response> {
    let mut titles = catalog::list(&state.db, kind)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .map(|t| t.title)
        .ok_or_else(Error::not_found)?;
    titles.set(ctx.locale, title);
    match catalog::update(&state.db, ctx.actor(), kind, id, &titles).await {
        Ok(_) => Ok(see_other(&ctx, "/admin")),
        Err(e) => {
            let field = if kind == Kind::Topic { "topic_title" } else { "area_title" };
            let errors = form_errors(e, ctx.locale)?.rename("title", field);
            let form = ProjectForm { status: "draft".to_owned(), ..ProjectForm::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, admin_page(state, ctx, form, errors).await?).into_response())
        }
    }
}

pub async fn rename_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<RenameForm>,
) -> AppResult<Response> {
    rename_tag(&state, ctx, Kind::Topic, id, form.title).await
}

pub async fn rename_area(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(form): PageForm<RenameForm>,
) -> AppResult<Response> {
    rename_tag(&state, ctx, Kind::Area, id, form.title).await
}

pub async fn delete_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    catalog::delete(&state.db, ctx.actor(), Kind::Topic, id).await?;
    Ok(see_other(&ctx, "/admin"))
}

pub async fn delete_area(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    PageForm(_): PageForm<NoFields>,
) -> AppResult<Response> {
    catalog::delete(&state.db, ctx.actor(), Kind::Area, id).await?;
    Ok(see_other(&ctx, "/admin"))
}
