//! Projects, their timeline of phases, and their moderators.

use agora_core::markdown::render_multiloc;
use agora_core::permissions::{Actor, ProjectStatus, admin, can_see_project};
use agora_core::phase::{Method, PhaseRules, Window, check_no_overlap, current_index};
use agora_core::validate::{Problems, clean_multiloc, is_valid_slug, slugify};
use agora_core::{Code, Error, Id, Micros, Multiloc};

use crate::{
    Db, DbResult, Result, Row, SqlError, Tx, get, is_unique_violation, multiloc, placeholders, replace_links, sql,
};

pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;

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

#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub id: Id,
    pub project_id: Id,
    pub title: Multiloc,
    pub description: Multiloc,
    pub description_html: Multiloc,
    pub window: Window,
    pub rules: PhaseRules,
}

#[derive(Debug, Clone)]
pub struct PhaseInput {
    pub title: Multiloc,
    pub description: Multiloc,
    pub window: Window,
    pub rules: PhaseRules,
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
    Ok(Phase {
        id: get(row, "id")?,
        project_id: get(row, "project_id")?,
        title: multiloc(row, "title_multiloc")?,
        description: multiloc(row, "description_multiloc")?,
        description_html: multiloc(row, "description_html_multiloc")?,
        window: Window { start_at: get(row, "start_at")?, end_at: get(row, "end_at")? },
        rules: PhaseRules {
            method: Method::parse(&method).ok_or_else(|| Error::internal(format!("bad method {method}")))?,
            posting_enabled: get(row, "posting_enabled")?,
            commenting_enabled: get(row, "commenting_enabled")?,
            reacting_enabled: get(row, "reacting_enabled")?,
            disliking_enabled: get(row, "disliking_enabled")?,
        },
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

pub(crate) async fn check_tags_exist(
    db: &Db,
    problems: &mut Problems,
    field: &str,
    table: &str,
    ids: &[Id],
) -> Result<()> {
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

pub async fn create(db: &Db, actor: Option<&Actor>, input: &ProjectInput, now: Micros) -> Result<Project> {
    admin(actor)?;
    let (title, description, slug) = validate_project(db, input).await?;
    let mut tx = db.begin().await?;
    let id: Id = sql::query_scalar(
        "INSERT INTO projects (slug, title_multiloc, description_multiloc, description_html_multiloc, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(&slug)
    .bind(title.to_json())
    .bind(description.to_json())
    .bind(render_multiloc(&description).to_json())
    .bind(input.status.unwrap_or(ProjectStatus::Draft).as_str())
    .bind(now)
    .fetch_one(&mut tx)
    .await
    .map_err(slug_taken)?;
    replace_tags(&mut tx, id, &input.topic_ids, &input.area_ids).await?;
    tx.commit().await.db()?;
    get_visible(db, actor, id).await
}

pub async fn update(db: &Db, actor: Option<&Actor>, id: Id, input: &ProjectInput, now: Micros) -> Result<Project> {
    admin(actor)?;
    let existing = get_visible(db, actor, id).await?;
    let (title, description, slug) = validate_project(db, input).await?;
    let mut tx = db.begin().await?;
    sql::query(
        "UPDATE projects SET slug = $1, title_multiloc = $2, description_multiloc = $3,
         description_html_multiloc = $4, status = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&slug)
    .bind(title.to_json())
    .bind(description.to_json())
    .bind(render_multiloc(&description).to_json())
    .bind(input.status.unwrap_or(existing.status).as_str())
    .bind(now)
    .bind(id)
    .execute(&mut tx)
    .await
    .map_err(slug_taken)?;
    replace_tags(&mut tx, id, &input.topic_ids, &input.area_ids).await?;
    tx.commit().await.db()?;
    get_visible(db, actor, id).await
}

const PHASE_COLUMNS: &str =
    "id, project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at, end_at,
    method, posting_enabled, commenting_enabled, reacting_enabled, disliking_enabled";

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
/// participation rules need.
pub async fn participation_context(
    db: &Db,
    project_id: Id,
    now: Micros,
) -> Result<(ProjectStatus, Option<PhaseRules>)> {
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
    Ok((status, row.as_ref().map(phase_row).transpose()?.map(|p| p.rules)))
}

fn validate_phase(input: &PhaseInput) -> Result<(Multiloc, Multiloc)> {
    let title = clean_multiloc(&input.title);
    let description = clean_multiloc(&input.description);
    let mut problems = Problems::default();
    problems.multiloc("title", &title, true, MAX_TITLE);
    problems.multiloc("description", &description, false, MAX_DESCRIPTION);
    if input.window.end_at.is_some_and(|end| end <= input.window.start_at) {
        problems.add("end_at", "before_start", None);
    }
    problems.into_result()?;
    Ok((title, description))
}

/// Locks the project's timeline for this transaction (the row update takes a row lock
/// on PostgreSQL; SQLite already holds its write lock), then checks the new window
/// against the other phases: two admins cannot create overlapping phases at once.
async fn check_timeline(tx: &mut Tx, project_id: Id, editing: Option<Id>, window: &Window, now: Micros) -> Result<()> {
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
    let existing = rows
        .iter()
        .map(|r| Ok((get(r, "id")?, Window { start_at: get(r, "start_at")?, end_at: get(r, "end_at")? })))
        .collect::<Result<Vec<(Id, Window)>>>()?;
    check_no_overlap(&existing, editing, window)
}

pub async fn create_phase(
    db: &Db,
    actor: Option<&Actor>,
    project_id: Id,
    input: &PhaseInput,
    now: Micros,
) -> Result<Phase> {
    admin(actor)?;
    let (title, description) = validate_phase(input)?;
    let mut tx = db.begin().await?;
    check_timeline(&mut tx, project_id, None, &input.window, now).await?;
    let sql = format!(
        "INSERT INTO phases (project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at, end_at,
         method, posting_enabled, commenting_enabled, reacting_enabled, disliking_enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {PHASE_COLUMNS}"
    );
    let row =
        bind_phase(sql::query(sql).bind(project_id), &title, &description, input).fetch_one(&mut tx).await.db()?;
    tx.commit().await.db()?;
    phase_row(&row)
}

fn bind_phase(query: sql::Query, title: &Multiloc, description: &Multiloc, input: &PhaseInput) -> sql::Query {
    query
        .bind(title.to_json())
        .bind(description.to_json())
        .bind(render_multiloc(description).to_json())
        .bind(input.window.start_at)
        .bind(input.window.end_at)
        .bind(input.rules.method.as_str())
        .bind(input.rules.posting_enabled)
        .bind(input.rules.commenting_enabled)
        .bind(input.rules.reacting_enabled)
        .bind(input.rules.disliking_enabled)
}

pub async fn update_phase(
    db: &Db,
    actor: Option<&Actor>,
    phase_id: Id,
    input: &PhaseInput,
    now: Micros,
) -> Result<Phase> {
    admin(actor)?;
    let (title, description) = validate_phase(input)?;
    let project_id: Id = sql::query_scalar("SELECT project_id FROM phases WHERE id = $1")
        .bind(phase_id)
        .fetch_optional(db)
        .await
        .db()?
        .ok_or_else(Error::not_found)?;
    let mut tx = db.begin().await?;
    check_timeline(&mut tx, project_id, Some(phase_id), &input.window, now).await?;
    let sql = format!(
        "UPDATE phases SET title_multiloc = $1, description_multiloc = $2, description_html_multiloc = $3,
         start_at = $4, end_at = $5, method = $6, posting_enabled = $7, commenting_enabled = $8,
         reacting_enabled = $9, disliking_enabled = $10 WHERE id = $11 RETURNING {PHASE_COLUMNS}"
    );
    let row = bind_phase(sql::query(sql), &title, &description, input).bind(phase_id).fetch_one(&mut tx).await.db()?;
    tx.commit().await.db()?;
    phase_row(&row)
}

/// The project a phase belongs to, if the phase exists.
pub async fn phase_project(db: &Db, phase_id: Id) -> Result<Option<Id>> {
    sql::query_scalar("SELECT project_id FROM phases WHERE id = $1").bind(phase_id).fetch_optional(db).await.db()
}

pub async fn delete_phase(db: &Db, actor: Option<&Actor>, phase_id: Id) -> Result<()> {
    admin(actor)?;
    let done = sql::query("DELETE FROM phases WHERE id = $1").bind(phase_id).execute(db).await.db()?;
    if done.rows_affected() == 0 { Err(Error::not_found()) } else { Ok(()) }
}

/// Makes a user moderator of a project, or no longer.
pub async fn set_moderator(db: &Db, actor: Option<&Actor>, project_id: Id, user_id: Id, moderator: bool) -> Result<()> {
    admin(actor)?;
    let exists: i64 = sql::query_scalar(
        "SELECT (SELECT COUNT(*) FROM projects WHERE id = $1) + (SELECT COUNT(*) FROM users WHERE id = $2)",
    )
    .bind(project_id)
    .bind(user_id)
    .fetch_one(db)
    .await
    .db()?;
    if exists != 2 {
        return Err(Error::not_found());
    }
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
