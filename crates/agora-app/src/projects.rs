//! Projects and their timeline: admins create and change them, name moderators.

use agora_core::participation::Permissions;
use agora_core::permissions::{Actor, ProjectStatus, admin};
use agora_core::phase::{MethodConfig, Window, check_no_overlap};
use agora_core::validate::{Problems, clean_multiloc, is_valid_slug, slugify};
use agora_core::{Error, Id, Micros, Multiloc};
use agora_db::projects::{self, PhaseFields, ProjectFields, check_tags_exist};
use agora_db::{Db, DbResult, Result, voting};

/// What the pages and the API read about projects and their timeline, as stored.
pub use agora_db::projects::{
    Phase, Project, by_slug, current, get_visible, list_visible, moderator_ids, participation_context, phase, phases,
};

pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;

#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub title: Multiloc,
    pub description: Multiloc,
    /// Made from the title when absent.
    pub slug: Option<String>,
    pub status: Option<ProjectStatus>,
    pub topic_ids: Vec<Id>,
    pub area_ids: Vec<Id>,
}

#[derive(Debug, Clone)]
pub struct PhaseInput {
    pub title: Multiloc,
    pub description: Multiloc,
    pub window: Window,
    pub config: MethodConfig,
    pub permissions: Permissions,
}

/// The title, description and slug to store, or every problem found.
async fn validate_project(db: &Db, input: &ProjectInput) -> Result<(Multiloc, Multiloc, String)> {
    let title = clean_multiloc(&input.title);
    let description = clean_multiloc(&input.description);
    let mut problems = Problems::default();
    problems.multiloc("title", &title, true, MAX_TITLE);
    problems.multiloc("description", &description, false, MAX_DESCRIPTION);
    let slug = match &input.slug {
        Some(slug) if !slug.trim().is_empty() => slug.trim().to_owned(),
        _ => slugify(title.text(agora_core::DEFAULT_LOCALE)),
    };
    if !is_valid_slug(&slug) {
        problems.add("slug", "invalid", None);
    }
    check_tags_exist(db, &mut problems, "topic_ids", "topics", &input.topic_ids).await?;
    check_tags_exist(db, &mut problems, "area_ids", "areas", &input.area_ids).await?;
    problems.into_result()?;
    Ok((title, description, slug))
}

pub async fn create(db: &Db, actor: Option<&Actor>, input: &ProjectInput, now: Micros) -> Result<Project> {
    admin(actor)?;
    let (title, description, slug) = validate_project(db, input).await?;
    let fields = ProjectFields {
        slug: &slug,
        title: &title,
        description: &description,
        status: input.status.unwrap_or(ProjectStatus::Draft),
        topic_ids: &input.topic_ids,
        area_ids: &input.area_ids,
    };
    let mut tx = db.begin().await?;
    let id = projects::insert(&mut tx, &fields, now).await?;
    tx.commit().await.db()?;
    projects::get_visible(db, actor, id).await
}

pub async fn update(db: &Db, actor: Option<&Actor>, id: Id, input: &ProjectInput, now: Micros) -> Result<Project> {
    admin(actor)?;
    let existing = projects::get_visible(db, actor, id).await?;
    let (title, description, slug) = validate_project(db, input).await?;
    let fields = ProjectFields {
        slug: &slug,
        title: &title,
        description: &description,
        status: input.status.unwrap_or(existing.status),
        topic_ids: &input.topic_ids,
        area_ids: &input.area_ids,
    };
    let mut tx = db.begin().await?;
    projects::update(&mut tx, id, &fields, now).await?;
    tx.commit().await.db()?;
    projects::get_visible(db, actor, id).await
}

/// The phase's title, description and permissions to store, or every problem found.
async fn validate_phase(db: &Db, input: &PhaseInput) -> Result<(Multiloc, Multiloc, Permissions)> {
    let permissions = input.permissions.clone().validated()?;
    let title = clean_multiloc(&input.title);
    let description = clean_multiloc(&input.description);
    let mut problems = Problems::default();
    problems.multiloc("title", &title, true, MAX_TITLE);
    problems.multiloc("description", &description, false, MAX_DESCRIPTION);
    if input.window.end_at.is_some_and(|end| end <= input.window.start_at) {
        problems.add("end_at", "before_start", None);
    }
    check_tags_exist(db, &mut problems, "permissions", "user_groups", &permissions.group_ids()).await?;
    problems.into_result()?;
    Ok((title, description, permissions))
}

/// Adds a phase to a project's timeline; it may not overlap another (checked under the
/// timeline's lock).
pub async fn create_phase(
    db: &Db,
    actor: Option<&Actor>,
    project_id: Id,
    input: &PhaseInput,
    now: Micros,
) -> Result<Phase> {
    admin(actor)?;
    let (title, description, permissions) = validate_phase(db, input).await?;
    let fields = PhaseFields {
        title: &title,
        description: &description,
        window: input.window,
        config: &input.config,
        permissions: &permissions,
    };
    let mut tx = db.begin().await?;
    let timeline = projects::lock_timeline(&mut tx, project_id, now).await?;
    check_no_overlap(&timeline, None, &input.window)?;
    let phase = projects::insert_phase(&mut tx, project_id, &fields).await?;
    if phase.config.voting().is_some() {
        voting::open(&mut tx, phase.id).await?;
    }
    tx.commit().await.db()?;
    Ok(phase)
}

pub async fn update_phase(
    db: &Db,
    actor: Option<&Actor>,
    phase_id: Id,
    input: &PhaseInput,
    now: Micros,
) -> Result<Phase> {
    admin(actor)?;
    let (title, description, permissions) = validate_phase(db, input).await?;
    let project_id = projects::phase_project(db, phase_id).await?.ok_or_else(Error::not_found)?;
    if agora_db::responses::count(db, phase_id).await? > 0 {
        let old = projects::phase(db, phase_id).await?;
        agora_core::survey::may_change_answered(&old.config, &input.config)?;
    }
    let fields = PhaseFields {
        title: &title,
        description: &description,
        window: input.window,
        config: &input.config,
        permissions: &permissions,
    };
    let mut tx = db.begin().await?;
    let timeline = projects::lock_timeline(&mut tx, project_id, now).await?;
    check_no_overlap(&timeline, Some(phase_id), &input.window)?;
    let phase = projects::update_phase(&mut tx, phase_id, &fields).await?;
    if phase.config.voting().is_some() {
        voting::open(&mut tx, phase.id).await?;
    }
    tx.commit().await.db()?;
    Ok(phase)
}

pub async fn delete_phase(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<()> {
    admin(actor)?;
    if projects::delete_phase(db, phase_id).await? { Ok(()) } else { Err(Error::not_found()) }
}

/// Makes a user moderator of a project, or no longer.
pub async fn set_moderator(db: &Db, actor: Option<&Actor>, project_id: Id, user_id: Id, moderator: bool) -> Result<()> {
    admin(actor)?;
    if !projects::project_and_user_exist(db, project_id, user_id).await? {
        return Err(Error::not_found());
    }
    projects::set_moderator(db, project_id, user_id, moderator).await
}
