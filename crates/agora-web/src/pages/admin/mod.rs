//! The back office of this foundation: projects, their timeline and moderators, topics
//! and areas. Admins only.

mod form_builder;
pub(crate) mod groups;
mod jobs;
pub mod mail;
mod moderators;
pub mod people;
mod phases;
pub(crate) mod surveys;
mod tags;
pub(crate) mod voting;

pub use jobs::retry_job;
pub use moderators::{add_moderator, remove_moderator};
pub use phases::{create_phase, delete_phase, edit_phase, update_phase};
pub use tags::{create_area, create_status, create_topic, delete_area, delete_topic, rename_area, rename_topic};

use agora_app::catalog::{self, Kind};
use agora_app::{projects, users};
use agora_core::Id;
use agora_core::permissions::{ProjectStatus, admin};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::projects::phase_dates;
use super::see_other;
use crate::AppState;
use crate::context::{Ctx, PageForm};
use crate::error::AppResult;
use crate::paths;
use crate::views::{FormErrors, date, form_errors};
use phases::{PhaseForm, PhaseValues};

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
    /// The empty form of a new project, which starts as a draft.
    fn draft() -> ProjectForm {
        ProjectForm { status: "draft".to_owned(), ..ProjectForm::default() }
    }

    /// The texts in `locale` only: a missing translation shows as an empty field, not as
    /// another language's text that saving would copy.
    fn from_project(p: &projects::Project, locale: &str) -> ProjectForm {
        ProjectForm {
            title: p.title.0.get(locale).cloned().unwrap_or_default(),
            slug: p.slug.clone(),
            description: p.description.0.get(locale).cloned().unwrap_or_default(),
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

/// A topic or an area in the back office: its name as shown, its name in this language
/// (empty when it has none yet) for the rename field, and where its forms go.
pub struct TagRow {
    id: Id,
    label: String,
    exact: String,
    rename_path: String,
    delete_path: String,
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
    topic_names: Vec<TagRow>,
    area_names: Vec<TagRow>,
    /// Each status's code and name, for the list of statuses.
    statuses: Vec<(String, String)>,
    jobs: jobs::JobsView,
    errors: FormErrors,
}

async fn admin_page(state: &AppState, ctx: Ctx, form: ProjectForm, errors: FormErrors) -> AppResult<AdminPage> {
    admin(ctx.actor())?;
    let list = projects::list_visible(&state.db, ctx.actor())
        .await?
        .iter()
        .map(|p| {
            (
                paths::admin_project(p.id),
                p.title.text(ctx.locale).to_owned(),
                ctx.t(&format!("project-status-{}", p.status.as_str())),
            )
        })
        .collect();
    let (topics, areas) = choices(state, &ctx, &form).await?;
    let rows = |kind: Kind, tags: Vec<catalog::Tag>| -> Vec<TagRow> {
        tags.into_iter()
            .map(|t| TagRow {
                id: t.id,
                label: t.title.text(ctx.locale).to_owned(),
                exact: t.title.0.get(ctx.locale).cloned().unwrap_or_default(),
                rename_path: if kind == Kind::Topic { paths::admin_topic(t.id) } else { paths::admin_area(t.id) },
                delete_path: if kind == Kind::Topic {
                    paths::admin_topic_delete(t.id)
                } else {
                    paths::admin_area_delete(t.id)
                },
            })
            .collect()
    };
    let topic_names = rows(Kind::Topic, catalog::list(&state.db, Kind::Topic).await?);
    let area_names = rows(Kind::Area, catalog::list(&state.db, Kind::Area).await?);
    let statuses = catalog::statuses(&state.db)
        .await?
        .into_iter()
        .map(|s| (s.code, s.title.text(ctx.locale).to_owned()))
        .collect();
    Ok(AdminPage {
        project_statuses: project_statuses(&ctx),
        projects: list,
        form,
        topics,
        areas,
        topic_names,
        area_names,
        statuses,
        jobs: jobs::JobsView::read(state, &ctx).await?,
        errors,
        ctx,
    })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<AdminPage> {
    let form = ProjectForm::draft();
    admin_page(&state, ctx, form, FormErrors::default()).await
}

pub async fn create_project(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<ProjectForm>,
) -> AppResult<Response> {
    match projects::create(&state.db, ctx.actor(), &form.input(ctx.locale, None), agora_db::now()).await {
        Ok(p) => Ok(see_other(&ctx, &paths::admin_project(p.id))),
        Err(e) => {
            let errors = form_errors(e, ctx.locale)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, admin_page(&state, ctx, form, errors).await?).into_response())
        }
    }
}

/// A current moderator, with the button that removes them.
pub struct ModeratorView {
    name: String,
    email: String,
    remove_path: String,
}

/// A person found by a search, to be given a place (moderator, group member).
pub struct Candidate {
    pub(super) id: Id,
    pub(super) name: String,
    pub(super) email: String,
    pub(super) since: String,
    pub(super) confirmed: bool,
    pub(super) already: bool,
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
    moderators: Vec<ModeratorView>,
    pick_action: String,
    pick_label: String,
    already_label: String,
    person: String,
    candidates: Option<Vec<Candidate>>,
}

#[derive(Default)]
struct Retry {
    form: Option<ProjectForm>,
    errors: FormErrors,
    phase: Option<PhaseForm>,
    phase_errors: FormErrors,
    /// The moderator search.
    person: Option<String>,
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
                ctx.t(&format!("method-{}", p.config.method().as_str())),
                paths::admin_phase(p.id),
            )
        })
        .collect();
    let moderator_ids = projects::moderator_ids(&state.db, id).await?;
    let mut moderators = Vec::new();
    for user_id in &moderator_ids {
        if let Some(u) = users::by_id(&state.db, *user_id).await? {
            let remove_path = paths::admin_project_moderator_remove(id, u.id);
            moderators.push(ModeratorView { name: u.name, email: u.email, remove_path });
        }
    }
    let person = retry.person.unwrap_or_default();
    let candidates = match person.trim() {
        "" => None,
        query => Some(
            users::search(&state.db, query, 20)
                .await?
                .into_iter()
                .map(|u| Candidate {
                    already: moderator_ids.contains(&u.id),
                    since: date(u.created_at),
                    confirmed: u.email_confirmed_at.is_some(),
                    id: u.id,
                    name: u.name,
                    email: u.email,
                })
                .collect(),
        ),
    };
    let today = date(agora_db::now());
    let phase = retry.phase.unwrap_or(PhaseForm {
        start_at: today,
        method: "ideation".to_owned(),
        posting_enabled: Some("true".into()),
        commenting_enabled: Some("true".into()),
        reacting_enabled: Some("true".into()),
        one_response_per_person: Some("true".into()),
        ..PhaseForm::default()
    });
    Ok(ProjectAdminPage {
        action: paths::admin_project(id),
        public_path: paths::project(&project.slug),
        project_statuses: project_statuses(&ctx),
        form,
        topics,
        areas,
        errors: retry.errors,
        phases,
        phase_action: paths::admin_project_phases(id),
        phase: phase.values(&agora_app::groups::list(&state.db, ctx.actor()).await?),
        phase_errors: retry.phase_errors,
        moderators,
        pick_action: paths::admin_project_moderators(id),
        pick_label: ctx.t("make-moderator"),
        already_label: ctx.t("already-moderator"),
        person,
        candidates,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct PersonQuery {
    person: Option<String>,
}

pub async fn edit_project(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Id>,
    Query(q): Query<PersonQuery>,
) -> AppResult<ProjectAdminPage> {
    project_admin_page(&state, ctx, id, Retry { person: q.person, ..Retry::default() }).await
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
        Ok(_) => Ok(see_other(&ctx, &paths::admin_project(id))),
        Err(e) => {
            let retry = Retry { errors: form_errors(e, ctx.locale)?, form: Some(form), ..Retry::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, project_admin_page(&state, ctx, id, retry).await?).into_response())
        }
    }
}
