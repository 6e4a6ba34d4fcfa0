//! Ideas as stored: the read models of the idea lists (sort, filter, search, keyset
//! pages) and of one idea, with the viewer's own state; the statements that post, edit,
//! react, answer, hide and follow.

use agora_core::listing::{Cursor, IdeaSort, RANDOM_MODULUS, RANDOM_MULTIPLIER, search_terms};
use agora_core::markdown::render_multiloc;
use agora_core::participation::{Permissions, Venue};
use agora_core::permissions::{Actor, ProjectStatus, can_see_hidden, can_see_project};
use agora_core::phase::{MethodConfig, Window};
use agora_core::reaction::Mode;
use agora_core::trending::{self, Activity};
use agora_core::{Error, Id, Micros, Multiloc};

use crate::catalog::{REJECTED_STATUS, Status};
use crate::projects::PhaseSettings;
use crate::sql::{On, ToValue, Value};
use crate::{Backend, Db, DbResult, Result, Row, Tx, get, multiloc, projects, sql};

#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    pub id: Id,
    pub name: String,
    /// Took part without an account.
    pub guest: bool,
}

impl Author {
    /// The author of a row read with `author_id`, `author_name`, `author_is_guest` and
    /// `abbreviate_names`: their name as the city chose to show names.
    pub(crate) fn of(row: &Row) -> Result<Option<Author>> {
        let id: Option<Id> = get(row, "author_id")?;
        let name = crate::profiles::shown_name(row, "author_name")?;
        let guest = get::<Option<bool>>(row, "author_is_guest")?.unwrap_or(false);
        Ok(id.zip(name).map(|(id, name)| Author { id, name, guest }))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Idea {
    pub id: Id,
    pub project_id: Id,
    pub project_slug: String,
    pub phase_id: Option<Id>,
    pub author: Option<Author>,
    pub title: Multiloc,
    pub body: Multiloc,
    pub body_html: Multiloc,
    pub status: Status,
    pub topic_ids: Vec<Id>,
    pub area_id: Option<Id>,
    pub location: Option<(f64, f64)>,
    pub likes_count: i64,
    pub dislikes_count: i64,
    pub comments_count: i64,
    pub trending_rank: f64,
    pub hidden: bool,
    pub created_at: Micros,
    pub updated_at: Micros,
    /// When it was last edited in a way that is shown (after the city answered it, or
    /// by staff).
    pub edited_at: Option<Micros>,
    pub edited_by_staff: bool,
    /// The reaction of the person who asked, if they are signed in and reacted.
    pub viewer_reaction: Option<Mode>,
    pub viewer_follows: bool,
}

/// What an author writes, cleaned and checked by the use case.
pub struct IdeaFields<'a> {
    pub title: &'a Multiloc,
    pub body: &'a Multiloc,
    pub topic_ids: &'a [Id],
    pub area_id: Option<Id>,
    /// Latitude, longitude.
    pub location: Option<(f64, f64)>,
}

/// A new idea: where it is posted, by whom, with which status and rank.
pub struct NewIdea<'a> {
    pub project_id: Id,
    pub phase_id: Option<Id>,
    pub author_id: Id,
    pub status_id: Id,
    pub fields: IdeaFields<'a>,
    pub trending_rank: f64,
}

/// An idea with its topics, the viewer's reaction and whether the viewer follows it,
/// in one statement: `$1` is the viewer (NULL for a visitor).
macro_rules! idea_columns {
    () => {
        concat!(
            idea_own_columns!(),
            ",
            (SELECT r.mode FROM reactions r WHERE r.idea_id = i.id AND r.user_id = $1) AS viewer_reaction,
            EXISTS (SELECT 1 FROM followers f WHERE f.idea_id = i.id AND f.user_id = $1) AS viewer_follows"
        )
    };
}

/// `idea_columns!` for a visitor, who has no reaction to look up: no parameter.
macro_rules! visitor_idea_columns {
    () => {
        concat!(idea_own_columns!(), ", NULL AS viewer_reaction, FALSE AS viewer_follows")
    };
}

macro_rules! idea_own_columns {
    () => {
        "SELECT i.id, i.project_id, p.slug AS project_slug, i.phase_id, i.author_id, u.name AS author_name,
            u.is_guest AS author_is_guest,
            (SELECT value = 'true' FROM settings WHERE key = 'abbreviate_names') AS abbreviate_names, i.title_multiloc, i.body_multiloc, i.body_html_multiloc, i.status_id, s.code AS status_code,
            s.title_multiloc AS status_title, s.color AS status_color, i.area_id, i.location_lat, i.location_lng,
            i.likes_count, i.dislikes_count, i.comments_count, i.trending_rank, i.hidden, i.created_at, i.updated_at,
            i.edited_at, i.edited_by_staff,
            (SELECT string_agg(CAST(t.topic_id AS TEXT), ',' ORDER BY t.topic_id) FROM idea_topics t
                WHERE t.idea_id = i.id) AS topic_ids"
    };
}

macro_rules! idea_from {
    () => {
        " FROM ideas i
         JOIN projects p ON p.id = i.project_id
         JOIN idea_statuses s ON s.id = i.status_id
         LEFT JOIN users u ON u.id = i.author_id"
    };
}

fn idea(row: &Row) -> Result<Idea> {
    let lat: Option<f64> = get(row, "location_lat")?;
    let lng: Option<f64> = get(row, "location_lng")?;
    Ok(Idea {
        id: get(row, "id")?,
        project_id: get(row, "project_id")?,
        project_slug: get(row, "project_slug")?,
        phase_id: get(row, "phase_id")?,
        author: Author::of(row)?,
        title: multiloc(row, "title_multiloc")?,
        body: multiloc(row, "body_multiloc")?,
        body_html: multiloc(row, "body_html_multiloc")?,
        status: Status {
            id: get(row, "status_id")?,
            code: get(row, "status_code")?,
            title: multiloc(row, "status_title")?,
            color: get(row, "status_color")?,
        },
        topic_ids: get::<Option<String>>(row, "topic_ids")?
            .unwrap_or_default()
            .split(',')
            .filter_map(|id| id.parse().ok())
            .collect(),
        area_id: get(row, "area_id")?,
        location: lat.zip(lng),
        likes_count: get(row, "likes_count")?,
        dislikes_count: get(row, "dislikes_count")?,
        comments_count: get(row, "comments_count")?,
        trending_rank: get(row, "trending_rank")?,
        hidden: get(row, "hidden")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
        edited_at: get(row, "edited_at")?,
        edited_by_staff: get(row, "edited_by_staff")?,
        viewer_reaction: get::<Option<String>>(row, "viewer_reaction")?.as_deref().and_then(Mode::parse),
        viewer_follows: get(row, "viewer_follows")?,
    })
}

/// An idea as this person may see it: not in a draft project (unless staff), not
/// hidden (unless staff).
pub async fn get_visible(db: &Db, actor: Option<&Actor>, id: Id) -> Result<Idea> {
    Ok(get_visible_with_project(db, actor, id).await?.0)
}

/// `get_visible`, with the idea's project (read anyway to check who may see it).
pub async fn get_visible_with_project(db: &Db, actor: Option<&Actor>, id: Id) -> Result<(Idea, projects::Project)> {
    let row = sql::query(concat!(idea_columns!(), idea_from!(), " WHERE i.id = $2"))
        .bind(actor.map(|a| a.user_id))
        .bind(id)
        .fetch_optional(db)
        .await
        .db()?
        .ok_or_else(Error::not_found)?;
    let idea = idea(&row)?;
    // Not found as well when the project is a draft this person may not see.
    let project = projects::get_visible(db, actor, idea.project_id).await?;
    if idea.hidden && !can_see_hidden(actor, project.id) {
        return Err(Error::not_found());
    }
    Ok((idea, project))
}

fn search_text(title: &Multiloc, body: &Multiloc) -> String {
    format!("{}\n{}", title.joined(), body.joined())
}

/// The id of the status with this code.
pub async fn status_id(db: &Db, code: &str) -> Result<Id> {
    sql::query_scalar("SELECT id FROM idea_statuses WHERE code = $1")
        .bind(code)
        .fetch_optional(db)
        .await
        .db()?
        .ok_or_else(|| Error::field("status", "not_found"))
}

/// The columns `joined_phase` reads, from a join on `phases ph`.
macro_rules! phase_columns {
    () => {
        "ph.method AS phase_method, ph.config AS phase_config, ph.permissions AS phase_permissions,
         ph.start_at AS phase_start_at, ph.end_at AS phase_end_at"
    };
}

/// The idea page's read model: the idea with the viewer's own state, what the page
/// shows of its project, the settings of the phase running now, the comments and the
/// official answers: three statements.
pub struct IdeaPage {
    pub idea: Idea,
    pub project: ProjectSummary,
    pub phase: Option<PhaseSettings>,
    pub comments: Vec<crate::comments::Comment>,
    pub feedback: Vec<Feedback>,
}

/// What the idea page shows of the idea's project.
pub struct ProjectSummary {
    pub id: Id,
    pub slug: String,
    pub title: Multiloc,
    pub status: ProjectStatus,
}

/// The idea page as this person may see it (not found otherwise), at `now`.
pub async fn page(db: &Db, actor: Option<&Actor>, id: Id, now: Micros) -> Result<IdeaPage> {
    let row = sql::query(concat!(
        idea_columns!(),
        ", p.title_multiloc AS project_title, p.status AS project_status, ",
        phase_columns!(),
        idea_from!(),
        " LEFT JOIN phases ph ON ph.project_id = i.project_id AND ph.start_at <= $3
            AND (ph.end_at IS NULL OR ph.end_at > $3)
         WHERE i.id = $2"
    ))
    .bind(actor.map(|a| a.user_id))
    .bind(id)
    .bind(now)
    .fetch_optional(db)
    .await
    .db()?
    .ok_or_else(Error::not_found)?;
    let idea = idea(&row)?;
    let status: String = get(&row, "project_status")?;
    let project = ProjectSummary {
        id: idea.project_id,
        slug: idea.project_slug.clone(),
        title: multiloc(&row, "project_title")?,
        status: ProjectStatus::parse(&status).ok_or_else(|| Error::internal("bad project status"))?,
    };
    if !can_see_project(actor, project.id, project.status) || (idea.hidden && !can_see_hidden(actor, project.id)) {
        return Err(Error::not_found());
    }
    let phase = joined_phase(&row)?;
    let comments = crate::comments::list_of(db, actor, &idea).await?;
    let feedback = feedback_of(db, id).await?;
    Ok(IdeaPage { idea, project, phase, comments, feedback })
}

/// The rules of the phase joined into a row as `phase_*` columns (absent when no phase
/// runs).
fn joined_phase(row: &Row) -> Result<Option<PhaseSettings>> {
    let Some(method) = get::<Option<String>>(row, "phase_method")? else { return Ok(None) };
    let config: String = get(row, "phase_config")?;
    let permissions: String = get(row, "phase_permissions")?;
    Ok(Some(PhaseSettings {
        window: Window { start_at: get(row, "phase_start_at")?, end_at: get(row, "phase_end_at")? },
        config: MethodConfig::from_stored(&method, &config)
            .ok_or_else(|| Error::internal(format!("unreadable settings of a {method} phase: {config}")))?,
        permissions: Permissions::from_json(&permissions)
            .ok_or_else(|| Error::internal(format!("unreadable permissions of a phase: {permissions}")))?,
    }))
}

/// What the participation rules need to know of an idea, in one read: its project and
/// that project's status, whether the idea is hidden, and the rules of the phase
/// running at `now` (if any).
pub struct Context {
    pub project_id: Id,
    pub project_status: ProjectStatus,
    pub hidden: bool,
    pub phase: Option<PhaseSettings>,
}

impl Context {
    pub fn venue(&self) -> Venue<'_> {
        Venue {
            project_id: self.project_id,
            project_status: self.project_status,
            phase: self.phase.as_ref().map(PhaseSettings::rules),
        }
    }
}

pub async fn context(db: &Db, idea_id: Id, now: Micros) -> Result<Context> {
    let row = sql::query(
        concat!("SELECT i.project_id, p.status, i.hidden, ", phase_columns!(), " FROM ideas i
         JOIN projects p ON p.id = i.project_id
         LEFT JOIN phases ph ON ph.project_id = i.project_id AND ph.start_at <= $2 AND (ph.end_at IS NULL OR ph.end_at > $2)
         WHERE i.id = $1"),
    )
    .bind(idea_id)
    .bind(now)
    .fetch_optional(db)
    .await
    .db()?
    .ok_or_else(Error::not_found)?;
    let status: String = get(&row, "status")?;
    let phase = joined_phase(&row)?;
    Ok(Context {
        project_id: get(&row, "project_id")?,
        project_status: ProjectStatus::parse(&status).ok_or_else(|| Error::internal("bad project status"))?,
        hidden: get(&row, "hidden")?,
        phase,
    })
}

/// Whether the idea exists, and its author if the account still exists.
pub async fn author_of<'a>(on: impl Into<On<'a>>, idea_id: Id) -> Result<Option<Option<Id>>> {
    sql::query_scalar("SELECT author_id FROM ideas WHERE id = $1").bind(idea_id).fetch_optional(on).await.db()
}

/// How many official answers an idea has.
pub async fn answers_count(db: &Db, idea_id: Id) -> Result<i64> {
    sql::query_scalar("SELECT COUNT(*) FROM official_feedback WHERE idea_id = $1")
        .bind(idea_id)
        .fetch_one(db)
        .await
        .db()
}

async fn replace_topics(tx: &mut Tx, idea_id: Id, topic_ids: &[Id]) -> Result<()> {
    crate::replace_links(
        tx,
        "DELETE FROM idea_topics WHERE idea_id = $1",
        "INSERT INTO idea_topics (idea_id, topic_id) VALUES ($1, $2)",
        idea_id,
        topic_ids,
    )
    .await
}

/// Inserts an idea with its topics; returns its id.
pub async fn insert(tx: &mut Tx, idea: &NewIdea<'_>, now: Micros) -> Result<Id> {
    let fields = &idea.fields;
    let id: Id = sql::query_scalar(
        "INSERT INTO ideas (project_id, phase_id, author_id, title_multiloc, body_multiloc, body_html_multiloc, search_text,
            status_id, area_id, location_lat, location_lng, trending_rank, last_activity_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $13) RETURNING id",
    )
    .bind(idea.project_id)
    .bind(idea.phase_id)
    .bind(idea.author_id)
    .bind(fields.title.to_json())
    .bind(fields.body.to_json())
    .bind(render_multiloc(fields.body).to_json())
    .bind(search_text(fields.title, fields.body))
    .bind(idea.status_id)
    .bind(fields.area_id)
    .bind(fields.location.map(|l| l.0))
    .bind(fields.location.map(|l| l.1))
    .bind(idea.trending_rank)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .db()?;
    replace_topics(tx, id, fields.topic_ids).await?;
    Ok(id)
}

/// Replaces what the author wrote (texts, topics, area, location).
pub async fn update(tx: &mut Tx, id: Id, fields: &IdeaFields<'_>, now: Micros) -> Result<()> {
    sql::query(
        "UPDATE ideas SET title_multiloc = $1, body_multiloc = $2, body_html_multiloc = $3, search_text = $4,
            area_id = $5, location_lat = $6, location_lng = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(fields.title.to_json())
    .bind(fields.body.to_json())
    .bind(render_multiloc(fields.body).to_json())
    .bind(search_text(fields.title, fields.body))
    .bind(fields.area_id)
    .bind(fields.location.map(|l| l.0))
    .bind(fields.location.map(|l| l.1))
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await
    .db()?;
    replace_topics(tx, id, fields.topic_ids).await
}

pub async fn delete(db: &Db, id: Id) -> Result<()> {
    sql::query("DELETE FROM ideas WHERE id = $1").bind(id).execute(db).await.db()?;
    Ok(())
}

/// What an idea list asks for.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// None: the published projects of the whole platform (the home page).
    pub project_id: Option<Id>,
    pub sort: IdeaSort,
    pub topic_id: Option<Id>,
    pub area_id: Option<Id>,
    pub status: Option<String>,
    pub search: Option<String>,
    pub cursor: Option<String>,
    pub limit: i64,
    /// For the random sort: see `agora_core::listing::random_seed`.
    pub random_seed: i64,
}

pub struct Page {
    pub items: Vec<Idea>,
    pub next_cursor: Option<String>,
}

/// One page of ideas. Every sort has a matching index and pages by keyset: the
/// condition `(key, id) < (last key, last id)` skips straight to the next page.
pub async fn list(db: &Db, actor: Option<&Actor>, query: &ListQuery) -> Result<Page> {
    let project = match query.project_id {
        Some(id) => Some(projects::get_visible(db, actor, id).await?),
        None => None,
    };
    list_in(db, actor, project.as_ref(), query).await
}

/// `list` for a project the caller has already read (and so was allowed to see); it
/// stands for `query.project_id`.
pub async fn list_in(
    db: &Db,
    actor: Option<&Actor>,
    project: Option<&projects::Project>,
    query: &ListQuery,
) -> Result<Page> {
    let cursor = query.cursor.as_deref().map(Cursor::decode).transpose()?;
    // A random list keeps the seed it started with, carried in its cursor.
    let seed = match cursor {
        Some(Cursor::Random { seed, .. }) => seed,
        _ => query.random_seed,
    }
    .rem_euclid(RANDOM_MODULUS);
    let random = format!("((i.id + {seed}) % {RANDOM_MODULUS} * {RANDOM_MULTIPLIER}) % {RANDOM_MODULUS}");
    let (key, descending, float_key) = match query.sort {
        IdeaSort::Trending => ("i.trending_rank", true, true),
        IdeaSort::Popular => ("i.net_likes", true, false),
        IdeaSort::Newest => ("i.created_at", true, false),
        IdeaSort::Oldest => ("i.created_at", false, false),
        IdeaSort::MostDiscussed => ("i.comments_count", true, false),
        IdeaSort::Random => (random.as_str(), false, false),
    };
    // The sort key is selected too, to build the next cursor.
    // A visitor's list looks up no reactions: two subqueries per row fewer.
    let (columns, mut binds) = match actor {
        Some(actor) => (idea_columns!(), vec![actor.user_id.to_value()]),
        None => (visitor_idea_columns!(), vec![]),
    };
    let mut sql = format!("{columns}, {key} AS sort_key{}", idea_from!());
    let push = |binds: &mut Vec<Value>, value: Value| {
        binds.push(value);
        format!("${}", binds.len())
    };
    let staff = match project {
        Some(project) => {
            let p = push(&mut binds, Value::Int(project.id));
            sql.push_str(&format!(" WHERE i.project_id = {p}"));
            can_see_hidden(actor, project.id)
        }
        None => {
            sql.push_str(" WHERE p.status = 'published'");
            false
        }
    };
    if !staff {
        sql.push_str(" AND i.hidden = FALSE");
    }
    if let Some(topic) = query.topic_id {
        let p = push(&mut binds, Value::Int(topic));
        sql.push_str(&format!(" AND EXISTS (SELECT 1 FROM idea_topics t WHERE t.idea_id = i.id AND t.topic_id = {p})"));
    }
    if let Some(area) = query.area_id {
        let p = push(&mut binds, Value::Int(area));
        sql.push_str(&format!(" AND i.area_id = {p}"));
    }
    if let Some(code) = &query.status {
        let p = push(&mut binds, Value::Text(code.clone()));
        sql.push_str(&format!(" AND s.code = {p}"));
    }
    let terms = query.search.as_deref().map(search_terms).unwrap_or_default();
    if !terms.is_empty() {
        match db.backend() {
            Backend::Sqlite => {
                let fts = terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" ");
                let p = push(&mut binds, Value::Text(fts));
                sql.push_str(&format!(" AND i.id IN (SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH {p})"));
            }
            Backend::Postgres => {
                let tsquery = terms.iter().map(|t| format!("{}:*", t.to_lowercase())).collect::<Vec<_>>().join(" & ");
                let p = push(&mut binds, Value::Text(tsquery));
                sql.push_str(&format!(" AND i.search_vector @@ to_tsquery('simple', {p})"));
            }
        }
    }
    if let Some(cursor) = cursor {
        let random = query.sort == IdeaSort::Random;
        let (key_bind, id) = match cursor {
            Cursor::Float(k, id) if float_key => (Value::Float(k), id),
            Cursor::Int(k, id) if !float_key && !random => (Value::Int(k), id),
            Cursor::Random { key, id, .. } if random => (Value::Int(key), id),
            _ => return Err(Error::field("cursor", "invalid")),
        };
        let k = push(&mut binds, key_bind);
        let i = push(&mut binds, Value::Int(id));
        let op = if descending { "<" } else { ">" };
        // A row comparison: both backends turn it into one range of the sort's index.
        sql.push_str(&format!(" AND ({key}, i.id) {op} ({k}, {i})"));
    }
    let direction = if descending { "DESC" } else { "ASC" };
    sql.push_str(&format!(" ORDER BY {key} {direction}, i.id {direction} LIMIT {}", query.limit + 1));
    let mut q = sql::query(sql);
    for value in binds {
        q = q.bind_value(value);
    }
    let rows = q.fetch_all(db).await.db()?;
    let has_more = rows.len() as i64 > query.limit;
    let rows = &rows[..rows.len().min(query.limit as usize)];
    let next_cursor = match rows.last() {
        Some(last) if has_more => {
            let id: Id = get(last, "id")?;
            let cursor = match query.sort {
                IdeaSort::Random => Cursor::Random { seed, key: get(last, "sort_key")?, id },
                _ if float_key => Cursor::Float(get(last, "sort_key")?, id),
                _ => Cursor::Int(get(last, "sort_key")?, id),
            };
            Some(cursor.encode())
        }
        _ => None,
    };
    let items = rows.iter().map(idea).collect::<Result<Vec<_>>>()?;
    Ok(Page { items, next_cursor })
}

macro_rules! activity_columns {
    () => {
        "SELECT i.likes_count, i.dislikes_count, i.comments_count, i.last_activity_at,
            (SELECT s.code FROM idea_statuses s WHERE s.id = i.status_id) AS status_code"
    };
}

/// Locks an idea's row for the rest of the transaction (PostgreSQL; SQLite's write lock
/// is already held) and returns its counters, so that concurrent reactions and comments
/// on one idea apply one after the other and no count is lost. Only the idea's row is
/// locked: with a join, PostgreSQL re-checks the join after waiting for a status change
/// and finds no row.
pub async fn lock_activity(db: &Db, tx: &mut Tx, idea_id: Id) -> Result<Activity> {
    let sql = match db.backend() {
        Backend::Sqlite => concat!(activity_columns!(), " FROM ideas i WHERE i.id = $1"),
        Backend::Postgres => concat!(activity_columns!(), " FROM ideas i WHERE i.id = $1 FOR UPDATE"),
    };
    let row = sql::query(sql).bind(idea_id).fetch_optional(&mut *tx).await.db()?.ok_or_else(Error::not_found)?;
    activity(&row)
}

fn activity(row: &Row) -> Result<Activity> {
    Ok(Activity {
        likes: get(row, "likes_count")?,
        dislikes: get(row, "dislikes_count")?,
        comments: get(row, "comments_count")?,
        last_activity_at: get(row, "last_activity_at")?,
        rejected: get::<String>(row, "status_code")? == REJECTED_STATUS,
    })
}

/// Stores new counters and the trending rank they give.
pub async fn store_activity(tx: &mut Tx, idea_id: Id, activity: &Activity, now: Micros) -> Result<()> {
    sql::query(
        "UPDATE ideas SET likes_count = $1, dislikes_count = $2, net_likes = $3, comments_count = $4,
            last_activity_at = $5, trending_rank = $6 WHERE id = $7",
    )
    .bind(activity.likes)
    .bind(activity.dislikes)
    .bind(activity.likes - activity.dislikes)
    .bind(activity.comments)
    .bind(activity.last_activity_at)
    .bind(trending::rank(activity, now))
    .bind(idea_id)
    .execute(&mut *tx)
    .await
    .db()?;
    Ok(())
}

/// `lock_activity`, then this person's reaction to the idea, in the transaction that
/// changes it. Two statements, not one: on PostgreSQL a statement that waited for the
/// idea's lock still reads with the snapshot it started with, so a reaction committed
/// by the click it waited for would be missed and counted twice (the test
/// `one_person_clicking_fast_counts_once` caught it).
pub async fn lock_for_reaction(db: &Db, tx: &mut Tx, idea_id: Id, user_id: Id) -> Result<(Activity, Option<Mode>)> {
    let activity = lock_activity(db, tx, idea_id).await?;
    let mode: Option<String> = sql::query_scalar("SELECT mode FROM reactions WHERE idea_id = $1 AND user_id = $2")
        .bind(idea_id)
        .bind(user_id)
        .fetch_optional(tx)
        .await
        .db()?;
    Ok((activity, mode.as_deref().and_then(Mode::parse)))
}

/// Sets this person's reaction (`None` takes it back); one row per person and idea.
pub async fn set_reaction(tx: &mut Tx, idea_id: Id, user_id: Id, mode: Option<Mode>, now: Micros) -> Result<()> {
    match mode {
        None => sql::query("DELETE FROM reactions WHERE idea_id = $1 AND user_id = $2").bind(idea_id).bind(user_id),
        Some(mode) => sql::query(
            "INSERT INTO reactions (idea_id, user_id, mode, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (idea_id, user_id) DO UPDATE SET mode = excluded.mode",
        )
        .bind(idea_id)
        .bind(user_id)
        .bind(mode.as_str())
        .bind(now),
    }
    .execute(tx)
    .await
    .db()?;
    Ok(())
}

/// The idea as this transaction sees it, for `viewer`: what a write returns without
/// another read after its commit.
pub async fn read_in(tx: &mut Tx, viewer: Id, idea_id: Id) -> Result<Idea> {
    let row = sql::query(concat!(idea_columns!(), idea_from!(), " WHERE i.id = $2"))
        .bind(viewer)
        .bind(idea_id)
        .fetch_one(tx)
        .await
        .db()?;
    idea(&row)
}

pub async fn set_status(tx: &mut Tx, idea_id: Id, status_id: Id, now: Micros) -> Result<()> {
    sql::query("UPDATE ideas SET status_id = $1, updated_at = $2 WHERE id = $3")
        .bind(status_id)
        .bind(now)
        .bind(idea_id)
        .execute(tx)
        .await
        .db()?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub id: Id,
    pub idea_id: Id,
    pub body: Multiloc,
    pub body_html: Multiloc,
    /// Who answers, e.g. "City of Ghent".
    pub author: Multiloc,
    pub created_at: Micros,
}

fn feedback(row: &Row) -> Result<Feedback> {
    Ok(Feedback {
        id: get(row, "id")?,
        idea_id: get(row, "idea_id")?,
        body: multiloc(row, "body_multiloc")?,
        body_html: multiloc(row, "body_html_multiloc")?,
        author: multiloc(row, "author_multiloc")?,
        created_at: get(row, "created_at")?,
    })
}

/// Stores an official answer (its Markdown rendered once, here).
pub async fn insert_feedback(
    tx: &mut Tx,
    idea_id: Id,
    user_id: Id,
    body: &Multiloc,
    author: &Multiloc,
    now: Micros,
) -> Result<Feedback> {
    let row = sql::query(
        "INSERT INTO official_feedback (idea_id, user_id, body_multiloc, body_html_multiloc, author_multiloc, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, idea_id, body_multiloc, body_html_multiloc, author_multiloc, created_at",
    )
    .bind(idea_id)
    .bind(user_id)
    .bind(body.to_json())
    .bind(render_multiloc(body).to_json())
    .bind(author.to_json())
    .bind(now)
    .fetch_one(tx)
    .await
    .db()?;
    feedback(&row)
}

pub async fn feedback_of(db: &Db, idea_id: Id) -> Result<Vec<Feedback>> {
    sql::query(
        "SELECT id, idea_id, body_multiloc, body_html_multiloc, author_multiloc, created_at
         FROM official_feedback WHERE idea_id = $1 ORDER BY id DESC",
    )
    .bind(idea_id)
    .fetch_all(db)
    .await
    .db()?
    .iter()
    .map(feedback)
    .collect()
}

pub async fn set_hidden(db: &Db, idea_id: Id, hidden: bool, now: Micros) -> Result<()> {
    sql::query("UPDATE ideas SET hidden = $1, updated_at = $2 WHERE id = $3")
        .bind(hidden)
        .bind(now)
        .bind(idea_id)
        .execute(db)
        .await
        .db()?;
    Ok(())
}

/// This person follows the idea (hears of its comments, status and answers), or no longer.
pub async fn set_following<'a>(
    on: impl Into<On<'a>>,
    idea_id: Id,
    user_id: Id,
    follow: bool,
    now: Micros,
) -> Result<()> {
    let q = if follow {
        sql::query("INSERT INTO followers (idea_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(idea_id)
            .bind(user_id)
            .bind(now)
    } else {
        sql::query("DELETE FROM followers WHERE idea_id = $1 AND user_id = $2").bind(idea_id).bind(user_id)
    };
    q.execute(on).await.db()?;
    Ok(())
}

/// The reaction rows of an idea, counted (the stored counters must agree with this).
pub async fn reactions_count(db: &Db, idea_id: Id) -> Result<i64> {
    sql::query_scalar("SELECT COUNT(*) FROM reactions WHERE idea_id = $1").bind(idea_id).fetch_one(db).await.db()
}

pub async fn count_in_project(db: &Db, project_id: Id) -> Result<i64> {
    sql::query_scalar("SELECT COUNT(*) FROM ideas WHERE project_id = $1").bind(project_id).fetch_one(db).await.db()
}

/// Up to `limit` ids of a project's ideas, for load tests.
pub async fn ids_in_project(db: &Db, project_id: Id, limit: i64) -> Result<Vec<Id>> {
    sql::query_scalar("SELECT id FROM ideas WHERE project_id = $1 ORDER BY id LIMIT $2")
        .bind(project_id)
        .bind(limit)
        .fetch_all(db)
        .await
        .db()
}

/// The sum of every idea's like counter, and the number of like rows: equal when no
/// like was lost or counted twice.
pub async fn like_totals(db: &Db) -> Result<(i64, i64)> {
    let counters: i64 = sql::query_scalar("SELECT CAST(COALESCE(SUM(likes_count), 0) AS BIGINT) FROM ideas")
        .fetch_one(db)
        .await
        .db()?;
    let rows: i64 = sql::query_scalar("SELECT COUNT(*) FROM reactions WHERE mode = 'up'").fetch_one(db).await.db()?;
    Ok((counters, rows))
}
