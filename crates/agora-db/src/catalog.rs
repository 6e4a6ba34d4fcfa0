//! What ideas are tagged with: topics and areas (managed by admins), and idea statuses:
//! the catalogue, which almost every page shows and which changes rarely, so each app
//! server keeps it in memory (`Cache`).

use agora_core::{Error, Id, Micros, Multiloc};

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::{Db, DbResult, Result, Row, Tx, get, multiloc, sql};

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
    let catalog = catalog(db).await?;
    Ok(match kind {
        Kind::Topic => catalog.topics.clone(),
        Kind::Area => catalog.areas.clone(),
    })
}

pub async fn insert(tx: &mut Tx, kind: Kind, title: &Multiloc, now: Micros) -> Result<Tag> {
    let sql = kind.sql(
        "INSERT INTO topics (title_multiloc, created_at) VALUES ($1, $2) RETURNING id, title_multiloc",
        "INSERT INTO areas (title_multiloc, created_at) VALUES ($1, $2) RETURNING id, title_multiloc",
    );
    tag(&sql::query(sql).bind(title.to_json()).bind(now).fetch_one(tx).await.db()?)
}

/// The tag with its new title; not found when it does not exist.
pub async fn update(tx: &mut Tx, kind: Kind, id: Id, title: &Multiloc) -> Result<Tag> {
    let sql = kind.sql(
        "UPDATE topics SET title_multiloc = $1 WHERE id = $2 RETURNING id, title_multiloc",
        "UPDATE areas SET title_multiloc = $1 WHERE id = $2 RETURNING id, title_multiloc",
    );
    let row = sql::query(sql).bind(title.to_json()).bind(id).fetch_optional(tx).await.db()?;
    tag(&row.ok_or_else(Error::not_found)?)
}

pub async fn delete(tx: &mut Tx, kind: Kind, id: Id) -> Result<()> {
    let sql = kind.sql("DELETE FROM topics WHERE id = $1", "DELETE FROM areas WHERE id = $1");
    if sql::query(sql).bind(id).execute(tx).await.db()?.rows_affected() == 0 {
        return Err(Error::not_found());
    }
    Ok(())
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
    Ok(catalog(db).await?.statuses.clone())
}

/// Everything ideas are tagged with, for pages that show filters and labels.
pub struct Catalog {
    pub topics: Vec<Tag>,
    pub areas: Vec<Tag>,
    pub statuses: Vec<Status>,
}

/// Topics, areas and statuses, as this app server keeps them: read again when the
/// version in the database has changed (checked at most every `RECHECK`).
pub async fn catalog(db: &Db) -> Result<Arc<Catalog>> {
    if let Some(catalog) = db.catalog.fresh() {
        return Ok(catalog);
    }
    let version: i64 =
        sql::query_scalar("SELECT version FROM versions WHERE name = 'catalog'").fetch_one(db).await.db()?;
    if let Some(catalog) = db.catalog.at(version) {
        return Ok(catalog);
    }
    let catalog = Arc::new(load(db).await?);
    db.catalog.keep(catalog.clone(), version);
    Ok(catalog)
}

/// Topics, areas and statuses in one query.
async fn load(db: &Db) -> Result<Catalog> {
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

/// How long an app server trusts its copy of the catalogue before it checks the
/// version: what another app server's change takes at most to show here.
const RECHECK: Duration = Duration::from_secs(2);

/// This app server's copy of the catalogue.
#[derive(Default)]
pub(crate) struct Cache(Mutex<Option<Cached>>);

struct Cached {
    catalog: Arc<Catalog>,
    version: i64,
    checked: Instant,
}

impl Cache {
    fn fresh(&self) -> Option<Arc<Catalog>> {
        let cached = self.0.lock().ok()?;
        cached.as_ref().filter(|c| c.checked.elapsed() < RECHECK).map(|c| c.catalog.clone())
    }

    fn at(&self, version: i64) -> Option<Arc<Catalog>> {
        let mut cached = self.0.lock().ok()?;
        let cached = cached.as_mut().filter(|c| c.version == version)?;
        cached.checked = Instant::now();
        Some(cached.catalog.clone())
    }

    fn keep(&self, catalog: Arc<Catalog>, version: i64) {
        if let Ok(mut cached) = self.0.lock() {
            *cached = Some(Cached { catalog, version, checked: Instant::now() });
        }
    }

    fn forget(&self) {
        if let Ok(mut cached) = self.0.lock() {
            *cached = None;
        }
    }
}

/// Commits a change of the catalogue with a new version, which every app server will
/// notice; this one forgets its copy at once.
pub async fn commit_change(db: &Db, mut tx: Tx) -> Result<()> {
    sql::query("UPDATE versions SET version = version + 1 WHERE name = 'catalog'").execute(&mut tx).await.db()?;
    tx.commit().await.db()?;
    db.catalog.forget();
    Ok(())
}

/// A new status, placed after the others; its code must be new.
pub async fn insert_status(tx: &mut Tx, code: &str, title: &Multiloc, color: &str) -> Result<Status> {
    let row = sql::query(
        "INSERT INTO idea_statuses (code, title_multiloc, color, position)
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM idea_statuses))
         RETURNING id, code, title_multiloc, color",
    )
    .bind(code)
    .bind(title.to_json())
    .bind(color)
    .fetch_one(tx)
    .await
    .map_err(|e| {
        if crate::is_unique_violation(&e) { Error::field("code", "taken") } else { Error::internal(e.message) }
    })?;
    status(&row)
}
