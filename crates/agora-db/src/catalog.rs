//! What ideas are tagged with: topics and areas (managed by admins), and idea statuses.

use agora_core::permissions::{Actor, admin};
use agora_core::validate::{Problems, clean_multiloc};
use agora_core::{Error, Id, Micros, Multiloc};

use crate::{Db, DbResult, Result, Row, get, multiloc, sql};

pub const MAX_TITLE: usize = 100;

/// Topics and areas have the same shape: a translated title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Topic,
    Area,
}

impl Kind {
    fn sql(self, topics: &'static str, areas: &'static str) -> &'static str {
        match self {
            Kind::Topic => topics,
            Kind::Area => areas,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub id: Id,
    pub title: Multiloc,
}

fn tag(row: &Row) -> Result<Tag> {
    Ok(Tag { id: get(row, "id")?, title: multiloc(row, "title_multiloc")? })
}

pub async fn list(db: &Db, kind: Kind) -> Result<Vec<Tag>> {
    let sql = kind
        .sql("SELECT id, title_multiloc FROM topics ORDER BY id", "SELECT id, title_multiloc FROM areas ORDER BY id");
    sql::query(sql).fetch_all(db).await.db()?.iter().map(tag).collect()
}

fn validate_title(title: &Multiloc) -> Result<Multiloc> {
    let title = clean_multiloc(title);
    let mut problems = Problems::default();
    problems.multiloc("title", &title, true, MAX_TITLE);
    problems.into_result()?;
    Ok(title)
}

pub async fn create(db: &Db, actor: Option<&Actor>, kind: Kind, title: &Multiloc, now: Micros) -> Result<Tag> {
    admin(actor)?;
    let title = validate_title(title)?;
    let sql = kind.sql(
        "INSERT INTO topics (title_multiloc, created_at) VALUES ($1, $2) RETURNING id, title_multiloc",
        "INSERT INTO areas (title_multiloc, created_at) VALUES ($1, $2) RETURNING id, title_multiloc",
    );
    tag(&sql::query(sql).bind(title.to_json()).bind(now).fetch_one(db).await.db()?)
}

pub async fn update(db: &Db, actor: Option<&Actor>, kind: Kind, id: Id, title: &Multiloc) -> Result<Tag> {
    admin(actor)?;
    let title = validate_title(title)?;
    let sql = kind.sql(
        "UPDATE topics SET title_multiloc = $1 WHERE id = $2 RETURNING id, title_multiloc",
        "UPDATE areas SET title_multiloc = $1 WHERE id = $2 RETURNING id, title_multiloc",
    );
    let row = sql::query(sql).bind(title.to_json()).bind(id).fetch_optional(db).await.db()?;
    tag(&row.ok_or_else(Error::not_found)?)
}

pub async fn delete(db: &Db, actor: Option<&Actor>, kind: Kind, id: Id) -> Result<()> {
    admin(actor)?;
    let sql = kind.sql("DELETE FROM topics WHERE id = $1", "DELETE FROM areas WHERE id = $1");
    let done = sql::query(sql).bind(id).execute(db).await.db()?;
    if done.rows_affected() == 0 { Err(Error::not_found()) } else { Ok(()) }
}

/// How many ideas and projects carry a topic or an area: what deleting it takes away.
pub async fn usage(db: &Db, kind: Kind, id: Id) -> Result<(i64, i64)> {
    let sql = kind.sql(
        "SELECT (SELECT COUNT(*) FROM idea_topics WHERE topic_id = $1), (SELECT COUNT(*) FROM project_topics WHERE topic_id = $1)",
        "SELECT (SELECT COUNT(*) FROM ideas WHERE area_id = $1), (SELECT COUNT(*) FROM project_areas WHERE area_id = $1)",
    );
    let row = sql::query(sql).bind(id).fetch_one(db).await.db()?;
    Ok((row.try_get(0).db()?, row.try_get(1).db()?))
}

/// Where an idea stands, answered by the city. The default set comes with the first
/// migration; admins may add more.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub id: Id,
    pub code: String,
    pub title: Multiloc,
    pub color: String,
}

pub const DEFAULT_STATUS: &str = "proposed";
pub const REJECTED_STATUS: &str = "rejected";
/// Set by an author who takes back an idea the city has answered.
pub const WITHDRAWN_STATUS: &str = "withdrawn";

pub(crate) fn status(row: &Row) -> Result<Status> {
    Ok(Status {
        id: get(row, "id")?,
        code: get(row, "code")?,
        title: multiloc(row, "title_multiloc")?,
        color: get(row, "color")?,
    })
}

pub async fn statuses(db: &Db) -> Result<Vec<Status>> {
    sql::query("SELECT id, code, title_multiloc, color FROM idea_statuses ORDER BY position, id")
        .fetch_all(db)
        .await
        .db()?
        .iter()
        .map(status)
        .collect()
}

/// Everything ideas are tagged with, for pages that show filters and labels.
pub struct Catalog {
    pub topics: Vec<Tag>,
    pub areas: Vec<Tag>,
    pub statuses: Vec<Status>,
}

/// Topics, areas and statuses in one query.
pub async fn catalog(db: &Db) -> Result<Catalog> {
    let rows = sql::query(
        "SELECT 'topic' AS kind, id, title_multiloc, NULL AS code, NULL AS color, id AS position FROM topics
         UNION ALL SELECT 'area', id, title_multiloc, NULL, NULL, id FROM areas
         UNION ALL SELECT 'status', id, title_multiloc, code, color, position FROM idea_statuses
         ORDER BY position, id",
    )
    .fetch_all(db)
    .await
    .db()?;
    let mut catalog = Catalog { topics: Vec::new(), areas: Vec::new(), statuses: Vec::new() };
    for row in &rows {
        match get::<String>(row, "kind")?.as_str() {
            "topic" => catalog.topics.push(tag(row)?),
            "area" => catalog.areas.push(tag(row)?),
            _ => catalog.statuses.push(status(row)?),
        }
    }
    Ok(catalog)
}

pub async fn create_status(
    db: &Db,
    actor: Option<&Actor>,
    code: &str,
    title: &Multiloc,
    color: &str,
) -> Result<Status> {
    admin(actor)?;
    let title = validate_title(title)?;
    let mut problems = Problems::default();
    if !agora_core::validate::is_valid_slug(&code.replace('_', "-")) {
        problems.add("code", "invalid", None);
    }
    if !(color.len() == 7 && color.starts_with('#') && color[1..].bytes().all(|b| b.is_ascii_hexdigit())) {
        problems.add("color", "invalid", None);
    }
    problems.into_result()?;
    let row = sql::query(
        "INSERT INTO idea_statuses (code, title_multiloc, color, position)
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM idea_statuses))
         RETURNING id, code, title_multiloc, color",
    )
    .bind(code)
    .bind(title.to_json())
    .bind(color)
    .fetch_one(db)
    .await
    .map_err(|e| {
        if crate::is_unique_violation(&e) { Error::field("code", "taken") } else { Error::internal(e.to_string()) }
    })?;
    status(&row)
}
