//! Projects, their timeline of phases, and their moderators, as stored.

use agora_core::markdown::render_multiloc;
use agora_core::participation::{Permissions, PhaseRules, Venue};
use agora_core::permissions::{Actor, ProjectStatus, can_see_project};
use agora_core::phase::{MethodConfig, Window, current_index};
use agora_core::validate::Problems;
use agora_core::{Code, Error, Id, Micros, Multiloc};

use crate::{
    Db, DbResult, Result, Row, SqlError, Tx, get, is_unique_violation, multiloc, placeholders, replace_links, sql,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub id: Id,
    pub slug: String,
    pub title: Multiloc,
    pub description: Multiloc,
    pub description_html: Multiloc,
    pub status: ProjectStatus,
    pub topic_ids: Vec<Id>,
    pub area_ids: Vec<Id>,
    pub created_at: Micros,
    pub updated_at: Micros,
}

/// A project's fields as written, cleaned and checked by the use case.
pub struct ProjectFields<'a> {
    pub slug: &'a str,
    pub title: &'a Multiloc,
    pub description: &'a Multiloc,
    pub status: ProjectStatus,
    pub topic_ids: &'a [Id],
    pub area_ids: &'a [Id],
}

#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub id: Id,
    pub project_id: Id,
    pub title: Multiloc,
    pub description: Multiloc,
    pub description_html: Multiloc,
    pub window: Window,
    pub config: MethodConfig,
    pub permissions: Permissions,
}

impl Phase {
    /// The phase as the participation rule reads it.
    pub fn rules(&self) -> PhaseRules<'_> {
        PhaseRules { window: self.window, config: &self.config, permissions: &self.permissions }
    }
}

/// The rules of a phase, read with something else (an idea, a context).
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseSettings {
    pub window: Window,
    pub config: MethodConfig,
    pub permissions: Permissions,
}

impl PhaseSettings {
    pub fn rules(&self) -> PhaseRules<'_> {
        PhaseRules { window: self.window, config: &self.config, permissions: &self.permissions }
    }
}

/// Where residents act: a project's status, and the phase they act in.
#[derive(Debug, Clone, PartialEq)]
pub struct ParticipationContext {
    pub project_id: Id,
    pub project_status: ProjectStatus,
    pub phase: Option<Phase>,
}

impl ParticipationContext {
    pub fn venue(&self) -> Venue<'_> {
        Venue {
            project_id: self.project_id,
            project_status: self.project_status,
            phase: self.phase.as_ref().map(Phase::rules),
        }
    }
}

/// A phase's fields as written, cleaned and checked by the use case.
pub struct PhaseFields<'a> {
    pub title: &'a Multiloc,
    pub description: &'a Multiloc,
    pub window: Window,
    pub config: &'a MethodConfig,
    pub permissions: &'a Permissions,
}

const PROJECT_COLUMNS: &str =
    "id, slug, title_multiloc, description_multiloc, description_html_multiloc, status, created_at, updated_at";

fn project(row: &Row) -> Result<Project> {
    let status: String = get(row, "status")?;
    Ok(Project {
        id: get(row, "id")?,
        slug: get(row, "slug")?,
        title: multiloc(row, "title_multiloc")?,
        description: multiloc(row, "description_multiloc")?,
        description_html: multiloc(row, "description_html_multiloc")?,
        status: ProjectStatus::parse(&status).ok_or_else(|| Error::internal(format!("bad project status {status}")))?,
        topic_ids: Vec::new(),
        area_ids: Vec::new(),
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn phase_row(row: &Row) -> Result<Phase> {
    let method: String = get(row, "method")?;
    let config: String = get(row, "config")?;
    let permissions: String = get(row, "permissions")?;
    Ok(Phase {
        id: get(row, "id")?,
        project_id: get(row, "project_id")?,
        title: multiloc(row, "title_multiloc")?,
        description: multiloc(row, "description_multiloc")?,
        description_html: multiloc(row, "description_html_multiloc")?,
        window: Window { start_at: get(row, "start_at")?, end_at: get(row, "end_at")? },
        config: MethodConfig::from_stored(&method, &config)
            .ok_or_else(|| Error::internal(format!("unreadable settings of a {method} phase: {config}")))?,
        permissions: Permissions::from_json(&permissions)
            .ok_or_else(|| Error::internal(format!("unreadable permissions of a phase: {permissions}")))?,
    })
}

/// Fills in the topics and areas of the given projects, in one query.
async fn attach_tags(db: &Db, projects: &mut [Project]) -> Result<()> {
    if projects.is_empty() {
        return Ok(());
    }
    let ids = placeholders(1, projects.len());
    let sql = format!(
        "SELECT project_id, 'topic' AS kind, topic_id AS tag_id FROM project_topics WHERE project_id IN ({ids})
         UNION ALL
         SELECT project_id, 'area' AS kind, area_id AS tag_id FROM project_areas WHERE project_id IN ({ids})
         ORDER BY tag_id"
    );
    let mut query = sql::query(sql);
    for p in projects.iter() {
        query = query.bind(p.id);
    }
    for row in query.fetch_all(db).await.db()? {
        let (project_id, tag_id): (Id, Id) = (get(&row, "project_id")?, get(&row, "tag_id")?);
        let topic = get::<String>(&row, "kind")? == "topic";
        if let Some(p) = projects.iter_mut().find(|p| p.id == project_id) {
            if topic { p.topic_ids.push(tag_id) } else { p.area_ids.push(tag_id) }
        }
    }
    Ok(())
}

/// The projects this person may see: published and archived ones, and drafts for
/// their staff. Newest first.
pub async fn list_visible(db: &Db, actor: Option<&Actor>) -> Result<Vec<Project>> {
    let rows = sql::query(format!("SELECT {PROJECT_COLUMNS} FROM projects ORDER BY created_at DESC, id DESC"))
        .fetch_all(db)
        .await
        .db()?;
    let mut projects = rows
        .iter()
        .map(project)
        .filter(|p| p.as_ref().map_or(true, |p| can_see_project(actor, p.id, p.status)))
        .collect::<Result<Vec<_>>>()?;
    attach_tags(db, &mut projects).await?;
    Ok(projects)
}

async fn find(db: &Db, actor: Option<&Actor>, column: &'static str, value: ProjectKey<'_>) -> Result<Project> {
    let sql = format!("SELECT {PROJECT_COLUMNS} FROM projects WHERE {column} = $1");
    let query = sql::query(sql);
    let query = match value {
        ProjectKey::Id(id) => query.bind(id),
        ProjectKey::Slug(slug) => query.bind(slug.to_owned()),
    };
    let row = query.fetch_optional(db).await.db()?.ok_or_else(Error::not_found)?;
    let mut found = [project(&row)?];
    if !can_see_project(actor, found[0].id, found[0].status) {
        return Err(Error::not_found());
    }
    attach_tags(db, &mut found).await?;
    let [p] = found;
    Ok(p)
}

enum ProjectKey<'a> {
    Id(Id),
    Slug(&'a str),
}

/// A project this person may see; drafts are "not found" for non-staff.
pub async fn get_visible(db: &Db, actor: Option<&Actor>, id: Id) -> Result<Project> {
    find(db, actor, "id", ProjectKey::Id(id)).await
}

pub async fn by_slug(db: &Db, actor: Option<&Actor>, slug: &str) -> Result<Project> {
    find(db, actor, "slug", ProjectKey::Slug(slug)).await
}

/// Adds a problem at `field` unless every id names a row of `table` (at most 50).
pub async fn check_tags_exist(db: &Db, problems: &mut Problems, field: &str, table: &str, ids: &[Id]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    if ids.len() > 50 {
        problems.add(field, "too_long", Some(50));
        return Ok(());
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE id IN ({})", placeholders(1, unique.len()));
    let mut query = sql::query_scalar::<i64>(sql);
    for id in &unique {
        query = query.bind(*id);
    }
    if query.fetch_one(db).await.db()? != unique.len() as i64 {
        problems.add(field, "not_found", None);
    }
    Ok(())
}

async fn replace_tags(tx: &mut Tx, project_id: Id, topic_ids: &[Id], area_ids: &[Id]) -> Result<()> {
    replace_links(
        tx,
        "DELETE FROM project_topics WHERE project_id = $1",
        "INSERT INTO project_topics (project_id, topic_id) VALUES ($1, $2)",
        project_id,
        topic_ids,
    )
    .await?;
    replace_links(
        tx,
        "DELETE FROM project_areas WHERE project_id = $1",
        "INSERT INTO project_areas (project_id, area_id) VALUES ($1, $2)",
        project_id,
        area_ids,
    )
    .await
}

fn slug_taken(e: SqlError) -> Error {
    if is_unique_violation(&e) {
        Error::field("slug", "taken").with_code(Code::SlugTaken)
    } else {
        Error::internal(e.message)
    }
}

pub async fn insert(tx: &mut Tx, fields: &ProjectFields<'_>, now: Micros) -> Result<Id> {
    let id: Id = sql::query_scalar(
        "INSERT INTO projects (slug, title_multiloc, description_multiloc, description_html_multiloc, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(fields.slug)
    .bind(fields.title.to_json())
    .bind(fields.description.to_json())
    .bind(render_multiloc(fields.description).to_json())
    .bind(fields.status.as_str())
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(slug_taken)?;
    replace_tags(tx, id, fields.topic_ids, fields.area_ids).await?;
    Ok(id)
}

pub async fn update(tx: &mut Tx, id: Id, fields: &ProjectFields<'_>, now: Micros) -> Result<()> {
    sql::query(
        "UPDATE projects SET slug = $1, title_multiloc = $2, description_multiloc = $3,
         description_html_multiloc = $4, status = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(fields.slug)
    .bind(fields.title.to_json())
    .bind(fields.description.to_json())
    .bind(render_multiloc(fields.description).to_json())
    .bind(fields.status.as_str())
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(slug_taken)?;
    replace_tags(tx, id, fields.topic_ids, fields.area_ids).await
}

const PHASE_COLUMNS: &str =
    "id, project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at, end_at,
    method, config, permissions";

/// The timeline of a project, in order.
pub async fn phase(db: &Db, phase_id: Id) -> Result<Phase> {
    let sql = format!("SELECT {PHASE_COLUMNS} FROM phases WHERE id = $1");
    let row = sql::query(sql).bind(phase_id).fetch_optional(db).await.db()?;
    phase_row(&row.ok_or_else(Error::not_found)?)
}

pub async fn phases(db: &Db, project_id: Id) -> Result<Vec<Phase>> {
    let sql = format!("SELECT {PHASE_COLUMNS} FROM phases WHERE project_id = $1 ORDER BY start_at, id");
    sql::query(sql).bind(project_id).fetch_all(db).await.db()?.iter().map(phase_row).collect()
}

pub fn current(phases: &[Phase], now: Micros) -> Option<&Phase> {
    let windows: Vec<Window> = phases.iter().map(|p| p.window).collect();
    current_index(&windows, now).map(|i| &phases[i])
}

/// The phase running now in a project, with the project's status: what the
/// participation rules need (they read the phase's `config` and `permissions`).
pub async fn participation_context(db: &Db, project_id: Id, now: Micros) -> Result<ParticipationContext> {
    let status: String = sql::query_scalar("SELECT status FROM projects WHERE id = $1")
        .bind(project_id)
        .fetch_optional(db)
        .await
        .db()?
        .ok_or_else(Error::not_found)?;
    let status = ProjectStatus::parse(&status).ok_or_else(|| Error::internal("bad project status"))?;
    let sql = format!(
        "SELECT {PHASE_COLUMNS} FROM phases WHERE project_id = $1 AND start_at <= $2 AND (end_at IS NULL OR end_at > $2)"
    );
    let row = sql::query(sql).bind(project_id).bind(now).fetch_optional(db).await.db()?;
    Ok(ParticipationContext { project_id, project_status: status, phase: row.as_ref().map(phase_row).transpose()? })
}

/// A phase with its project's status: what the rules need to act in that phase (a
/// ballot names its phase).
pub async fn phase_context(db: &Db, phase_id: Id) -> Result<ParticipationContext> {
    let sql = format!(
        "SELECT {PHASE_COLUMNS}, (SELECT p.status FROM projects p WHERE p.id = phases.project_id) AS project_status
         FROM phases WHERE id = $1"
    );
    let row = sql::query(sql).bind(phase_id).fetch_optional(db).await.db()?.ok_or_else(Error::not_found)?;
    let status: String = get(&row, "project_status")?;
    let phase = phase_row(&row)?;
    Ok(ParticipationContext {
        project_id: phase.project_id,
        project_status: ProjectStatus::parse(&status).ok_or_else(|| Error::internal("bad project status"))?,
        phase: Some(phase),
    })
}

/// Locks the project's timeline for this transaction (the row update takes a row lock
/// on PostgreSQL; SQLite already holds its write lock) and returns its phases' windows:
/// two admins cannot create overlapping phases at once.
pub async fn lock_timeline(tx: &mut Tx, project_id: Id, now: Micros) -> Result<Vec<(Id, Window)>> {
    let locked = sql::query("UPDATE projects SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(project_id)
        .execute(&mut *tx)
        .await
        .db()?;
    if locked.rows_affected() == 0 {
        return Err(Error::not_found());
    }
    let rows = sql::query("SELECT id, start_at, end_at FROM phases WHERE project_id = $1")
        .bind(project_id)
        .fetch_all(&mut *tx)
        .await
        .db()?;
    rows.iter()
        .map(|r| Ok((get(r, "id")?, Window { start_at: get(r, "start_at")?, end_at: get(r, "end_at")? })))
        .collect()
}

pub async fn insert_phase(tx: &mut Tx, project_id: Id, fields: &PhaseFields<'_>) -> Result<Phase> {
    let sql = format!(
        "INSERT INTO phases (project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at, end_at,
         method, config, permissions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {PHASE_COLUMNS}"
    );
    let row = bind_phase(sql::query(sql).bind(project_id), fields).fetch_one(tx).await.db()?;
    phase_row(&row)
}

fn bind_phase(query: sql::Query, fields: &PhaseFields<'_>) -> sql::Query {
    query
        .bind(fields.title.to_json())
        .bind(fields.description.to_json())
        .bind(render_multiloc(fields.description).to_json())
        .bind(fields.window.start_at)
        .bind(fields.window.end_at)
        .bind(fields.config.method().as_str())
        .bind(fields.config.settings_json())
        .bind(fields.permissions.to_json())
}

pub async fn update_phase(tx: &mut Tx, phase_id: Id, fields: &PhaseFields<'_>) -> Result<Phase> {
    let sql = format!(
        "UPDATE phases SET title_multiloc = $1, description_multiloc = $2, description_html_multiloc = $3,
         start_at = $4, end_at = $5, method = $6, config = $7, permissions = $8 WHERE id = $9 RETURNING {PHASE_COLUMNS}"
    );
    let row = bind_phase(sql::query(sql), fields).bind(phase_id).fetch_one(tx).await.db()?;
    phase_row(&row)
}

/// The project a phase belongs to, if the phase exists.
pub async fn phase_project(db: &Db, phase_id: Id) -> Result<Option<Id>> {
    sql::query_scalar("SELECT project_id FROM phases WHERE id = $1").bind(phase_id).fetch_optional(db).await.db()
}

/// Deletes a phase; false when there was none.
pub async fn delete_phase(db: &Db, phase_id: Id) -> Result<bool> {
    let done = sql::query("DELETE FROM phases WHERE id = $1").bind(phase_id).execute(db).await.db()?;
    Ok(done.rows_affected() > 0)
}

/// Whether both the project and the person (an account, not a guest) exist.
pub async fn project_and_user_exist(db: &Db, project_id: Id, user_id: Id) -> Result<bool> {
    let found: i64 = sql::query_scalar(
        "SELECT (SELECT COUNT(*) FROM projects WHERE id = $1) + (SELECT COUNT(*) FROM users WHERE id = $2 AND NOT is_guest)",
    )
    .bind(project_id)
    .bind(user_id)
    .fetch_one(db)
    .await
    .db()?;
    Ok(found == 2)
}

pub async fn set_moderator(db: &Db, project_id: Id, user_id: Id, moderator: bool) -> Result<()> {
    let sql = if moderator {
        "INSERT INTO project_moderators (project_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM project_moderators WHERE project_id = $1 AND user_id = $2"
    };
    sql::query(sql).bind(project_id).bind(user_id).execute(db).await.db()?;
    Ok(())
}

pub async fn moderator_ids(db: &Db, project_id: Id) -> Result<Vec<Id>> {
    sql::query_scalar("SELECT user_id FROM project_moderators WHERE project_id = $1 ORDER BY user_id")
        .bind(project_id)
        .fetch_all(db)
        .await
        .db()
}
