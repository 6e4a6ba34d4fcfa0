//! Bulk inserts for `agora seed` and `agora demo`: many rows per statement, one
//! transaction per batch, counters and ranks recomputed once at the end. They bypass
//! the participation rules on purpose (a demo has ideas in phases that are over).

use agora_core::markdown::render_multiloc;
use agora_core::trending::{self, Activity};
use agora_core::{Id, Micros, Multiloc};

use crate::sql::{ToValue, Value};
use crate::{Backend, Db, DbResult, Result, sql};

/// Parameters per INSERT statement: enough rows that each statement's own cost is
/// small, well below both backends' limits on parameters.
const PARAMETERS: usize = 500;

/// Inserts rows in one transaction, many per statement, with `RETURNING id` when asked:
/// the ids come back in row order.
async fn insert(db: &Db, table_and_columns: &str, rows: Vec<Vec<Value>>, returning: bool) -> Result<Vec<Id>> {
    let mut ids = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    let mut tx = db.begin().await?;
    while rows.peek().is_some() {
        let width = rows.peek().map_or(1, Vec::len);
        let batch: Vec<Vec<Value>> = rows.by_ref().take((PARAMETERS / width).max(1)).collect();
        let values = (0..batch.len())
            .map(|r| format!("({})", crate::placeholders(r * width + 1, width)))
            .collect::<Vec<_>>()
            .join(", ");
        let sql =
            format!("INSERT INTO {table_and_columns} VALUES {values}{}", if returning { " RETURNING id" } else { "" });
        let mut query = sql::query_scalar::<i64>(sql);
        for value in batch.into_iter().flatten() {
            query = query.bind_value(value);
        }
        if returning {
            ids.extend(query.fetch_all(&mut tx).await.db()?);
        } else {
            query.fetch_all(&mut tx).await.db()?;
        }
    }
    tx.commit().await.db()?;
    Ok(ids)
}

pub struct NewUser {
    pub email: String,
    pub name: String,
    pub is_admin: bool,
}

/// All with the same password hash: hashing is slow on purpose, seeding must not be.
/// Their addresses count as confirmed, as for accounts an administrator makes.
pub async fn users(db: &Db, users: Vec<NewUser>, password_hash: &str, now: Micros) -> Result<Vec<Id>> {
    let rows = users
        .into_iter()
        .map(|u| {
            vec![
                Value::Text(u.email.to_lowercase()),
                Value::Text(u.name),
                Value::Text(password_hash.to_owned()),
                Value::Bool(u.is_admin),
                Value::Int(now),
                Value::Int(now),
            ]
        })
        .collect();
    insert(db, "users (email, name, password_hash, is_admin, created_at, email_confirmed_at)", rows, true).await
}

pub struct NewIdea {
    pub project_id: Id,
    pub phase_id: Option<Id>,
    pub author_id: Id,
    pub title: Multiloc,
    pub body: Multiloc,
    pub status_id: Id,
    pub area_id: Option<Id>,
    pub location: Option<(f64, f64)>,
    pub topic_ids: Vec<Id>,
    pub created_at: Micros,
    /// The counters the idea starts with (they must match the reactions and comments
    /// inserted for it, or `recount` must follow).
    pub activity: Activity,
}

pub async fn ideas(db: &Db, ideas: Vec<NewIdea>, now: Micros) -> Result<Vec<Id>> {
    let topics: Vec<Vec<Id>> = ideas.iter().map(|i| i.topic_ids.clone()).collect();
    let authors: Vec<(Id, Micros)> = ideas.iter().map(|i| (i.author_id, i.created_at)).collect();
    let rows = ideas
        .into_iter()
        .map(|i| {
            vec![
                Value::Int(i.project_id),
                i.phase_id.to_value(),
                Value::Int(i.author_id),
                Value::Text(i.title.to_json()),
                Value::Text(i.body.to_json()),
                Value::Text(render_multiloc(&i.body).to_json()),
                Value::Text(format!("{}\n{}", i.title.joined(), i.body.joined())),
                Value::Int(i.status_id),
                i.area_id.to_value(),
                i.location.map(|l| l.0).to_value(),
                i.location.map(|l| l.1).to_value(),
                Value::Int(i.activity.likes),
                Value::Int(i.activity.dislikes),
                Value::Int(i.activity.likes - i.activity.dislikes),
                Value::Int(i.activity.comments),
                Value::Float(trending::rank(&i.activity, now)),
                Value::Int(i.activity.last_activity_at),
                Value::Int(i.created_at),
                Value::Int(i.created_at),
            ]
        })
        .collect();
    let ids = insert(
        db,
        "ideas (project_id, phase_id, author_id, title_multiloc, body_multiloc, body_html_multiloc, search_text,
            status_id, area_id, location_lat, location_lng, likes_count, dislikes_count, net_likes, comments_count,
            trending_rank, last_activity_at, created_at, updated_at)",
        rows,
        true,
    )
    .await?;
    let topic_rows = ids
        .iter()
        .zip(&topics)
        .flat_map(|(idea, topics)| topics.iter().map(move |t| vec![Value::Int(*idea), Value::Int(*t)]))
        .collect();
    insert(db, "idea_topics (idea_id, topic_id)", topic_rows, false).await?;
    let follower_rows = ids
        .iter()
        .zip(&authors)
        .map(|(idea, (author, at))| vec![Value::Int(*idea), Value::Int(*author), Value::Int(*at)])
        .collect();
    insert(db, "followers (idea_id, user_id, created_at)", follower_rows, false).await?;
    Ok(ids)
}

/// (idea, user, "up" or "down", when); pairs must be unique.
pub async fn reactions(db: &Db, reactions: Vec<(Id, Id, &'static str, Micros)>) -> Result<()> {
    let rows = reactions
        .into_iter()
        .map(|(idea, user, mode, at)| {
            vec![Value::Int(idea), Value::Int(user), Value::Text(mode.to_owned()), Value::Int(at)]
        })
        .collect();
    insert(db, "reactions (idea_id, user_id, mode, created_at)", rows, false).await?;
    Ok(())
}

pub struct NewComment {
    pub idea_id: Id,
    pub parent_id: Option<Id>,
    pub author_id: Id,
    pub body: Multiloc,
    pub created_at: Micros,
}

pub async fn comments(db: &Db, comments: Vec<NewComment>) -> Result<Vec<Id>> {
    let rows = comments
        .into_iter()
        .map(|c| {
            vec![
                Value::Int(c.idea_id),
                c.parent_id.to_value(),
                Value::Int(c.author_id),
                Value::Text(c.body.to_json()),
                Value::Text(render_multiloc(&c.body).to_json()),
                Value::Int(c.created_at),
                Value::Int(c.created_at),
            ]
        })
        .collect();
    insert(
        db,
        "comments (idea_id, parent_id, author_id, body_multiloc, body_html_multiloc, created_at, updated_at)",
        rows,
        true,
    )
    .await
}

pub async fn feedback(db: &Db, idea_id: Id, user_id: Id, body: &Multiloc, author: &Multiloc, at: Micros) -> Result<()> {
    let row = vec![
        Value::Int(idea_id),
        Value::Int(user_id),
        Value::Text(body.to_json()),
        Value::Text(render_multiloc(body).to_json()),
        Value::Text(author.to_json()),
        Value::Int(at),
    ];
    insert(
        db,
        "official_feedback (idea_id, user_id, body_multiloc, body_html_multiloc, author_multiloc, created_at)",
        vec![row],
        false,
    )
    .await?;
    Ok(())
}

/// Recomputes every idea's last activity from the rows, then every counter and rank.
pub async fn recount(db: &Db, now: Micros) -> Result<()> {
    let greatest = match db.backend() {
        Backend::Sqlite => "MAX",
        Backend::Postgres => "GREATEST",
    };
    let sql = format!(
        "UPDATE ideas SET last_activity_at = {greatest}(created_at,
            COALESCE((SELECT MAX(r.created_at) FROM reactions r WHERE r.idea_id = ideas.id), 0),
            COALESCE((SELECT MAX(c.created_at) FROM comments c WHERE c.idea_id = ideas.id), 0))"
    );
    sql::query(sql).execute(db).await.db()?;
    crate::counters::recount(db, now).await?;
    Ok(())
}

/// Refreshes PostgreSQL's statistics after a bulk load: without them it plans for the
/// empty tables it last looked at (the idea page's comments went from 7 ms to 0.4 ms with
/// them, since the planner stopped scanning every user). SQLite is left without
/// statistics on purpose: given them, it sorted every idea of the project through
/// another index instead of walking the list's sort index (page 1 fell from 5,000 to
/// 19 req/s at 100,000 ideas); without them it takes the index that matches the sort.
pub async fn analyze(db: &Db) -> Result<()> {
    if db.backend() == Backend::Postgres {
        sql::query("ANALYZE").execute(db).await.db()?;
    }
    Ok(())
}
