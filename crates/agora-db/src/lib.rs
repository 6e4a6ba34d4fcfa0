//! Storage and services. `Db` is one connection pool over SQLite or PostgreSQL (sqlx's
//! `Any` driver: the same SQL text runs on both). The service modules (`users`,
//! `projects`, `ideas`, ...) are what the HTML pages and the JSON API call: each checks
//! the rules from `agora-core`, then reads or writes inside one transaction.

pub mod catalog;
pub mod comments;
pub mod counters;
pub mod ideas;
pub mod idempotency;
pub mod limits;
mod migrate;
pub mod notifications;
pub mod projects;
pub mod revisions;
pub mod seed;
pub mod tasks;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use agora_core::{Error, Micros, Multiloc};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Row};

pub use agora_core::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database, shared by every request and task of one app server.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

pub type Tx = sqlx::Transaction<'static, Any>;

impl Db {
    /// Connects to `sqlite://path` (the file and its folder are created on first run) or
    /// `postgres://...`.
    pub async fn connect(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(Error::internal(format!(
                "unsupported database URL (use sqlite:// or postgres://): {}",
                redacted(url)
            )));
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url).db()?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers proceed during a write; the busy timeout makes
                        // concurrent writers queue instead of failing.
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA busy_timeout = 30000",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA synchronous = NORMAL",
                            // 32 MiB of page cache per connection (the default is 2 MiB):
                            // keeps the idea indexes in memory for lists and bulk writes.
                            "PRAGMA cache_size = -32768",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .db()?;
        Ok(Db { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Applies the migrations that are missing. Safe to run from several app servers at
    /// once: PostgreSQL serialises them with an advisory lock, SQLite with its write lock.
    pub async fn migrate(&self) -> Result<()> {
        migrate::run(self).await
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so two writers queue on the busy timeout instead of one failing
    /// when it upgrades from reading to writing.
    pub async fn begin(&self) -> Result<Tx> {
        let statement = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        self.pool.begin_with(statement).await.db()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::internal(format!("cannot create {}: {e}", dir.display())))?;
    }
    let query = if query.contains("mode=") { query.to_owned() } else { format!("mode=rwc&{query}") };
    Ok(format!("sqlite://{path}?{}", query.trim_end_matches('&')))
}

/// A database URL fit for a log or an error message: its password replaced by `***`.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let (authority, path) = rest.split_once('/').map_or((rest, None), |(a, p)| (a, Some(p)));
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    match path {
        Some(path) => format!("{scheme}://{authority}/{path}"),
        None => format!("{scheme}://{authority}"),
    }
}

/// The current time as stored in the database.
pub fn now() -> Micros {
    chrono::Utc::now().timestamp_micros()
}

/// Turns a database failure into an internal error (logged, shown as a generic message).
pub trait DbResult<T> {
    fn db(self) -> Result<T>;
}

impl<T> DbResult<T> for std::result::Result<T, sqlx::Error> {
    fn db(self) -> Result<T> {
        self.map_err(|e| Error::internal(e.to_string()))
    }
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

/// Reads a flag: BOOLEAN on PostgreSQL, INTEGER 0/1 on SQLite.
pub(crate) fn flag(row: &AnyRow, column: &str) -> Result<bool> {
    row.try_get::<bool, _>(column).or_else(|_| row.try_get::<i64, _>(column).map(|v| v != 0)).db()
}

pub(crate) fn multiloc(row: &AnyRow, column: &str) -> Result<Multiloc> {
    Ok(Multiloc::from_json(&row.try_get::<String, _>(column).db()?))
}

pub(crate) fn get<'r, T>(row: &'r AnyRow, column: &str) -> Result<T>
where
    T: sqlx::Decode<'r, Any> + sqlx::Type<Any>,
{
    row.try_get(column).db()
}

/// Replaces the links of one row to others (a project's topics, an idea's topics):
/// deletes with `delete_sql` ($1 = owner), inserts with `insert_sql` ($1 = owner, $2 = id).
pub(crate) async fn replace_links(
    tx: &mut Tx,
    delete_sql: &'static str,
    insert_sql: &'static str,
    owner: agora_core::Id,
    ids: &[agora_core::Id],
) -> Result<()> {
    sqlx::query(delete_sql).bind(owner).execute(&mut **tx).await.db()?;
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        sqlx::query(insert_sql).bind(owner).bind(id).execute(&mut **tx).await.db()?;
    }
    Ok(())
}

/// Placeholders `$from, $from+1, ...` for an `IN (...)` list.
pub(crate) fn placeholders(from: usize, count: usize) -> String {
    (from..from + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_lose_their_password() {
        assert_eq!(super::redacted("postgres://agora:s3cret@db:5432/agora"), "postgres://agora:***@db:5432/agora");
        assert_eq!(super::redacted("postgres://agora:p@ss@db/agora"), "postgres://agora:***@db/agora");
        assert_eq!(super::redacted("postgres://agora@db/agora"), "postgres://agora@db/agora");
        assert_eq!(super::redacted("sqlite://data/agora.db"), "sqlite://data/agora.db");
    }
}

/// For test harnesses: raw statements, counts, and the shape of the schema.
pub mod testing;
