//! Storage. `Db` is SQLite (rusqlite: a writer that commits requests together,
//! read-only connections) or PostgreSQL (sqlx's pool); `sql` runs the same SQL text on
//! both. One module per capability (`users`, `projects`, `ideas`, ...) holds its read
//! models (one read per screen, with the viewer's own state) and the statements that
//! write it; the use cases that decide what to write live in `agora-app`.

pub mod account_tokens;
pub mod catalog;
pub mod comments;
pub mod counters;
pub mod digests;
pub mod erasure;
pub mod exports;
pub mod forms;
pub mod groups;
pub mod ideas;
pub mod idempotency;
pub mod legal;
pub mod limits;
pub mod mail;
mod migrate;
pub mod notifications;
pub mod oidc;
pub mod outbox;
mod postgres;
pub mod profiles;
pub mod projects;
pub mod responses;
pub mod revisions;
pub mod seed;
pub mod sql;
mod sqlite;
pub mod tasks;
pub mod users;
pub mod voting;

use std::sync::Arc;
use std::time::Duration;

use agora_core::{Error, Micros, Multiloc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub use agora_core::error::Result;
pub use sql::{Row, SqlError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database, shared by every request and task of one app server.
#[derive(Clone)]
pub struct Db {
    store: Arc<Store>,
    catalog: Arc<catalog::Cache>,
    outbox: Arc<tokio::sync::Notify>,
}

pub(crate) enum Store {
    Sqlite(sqlite::Store),
    Postgres(sqlx::PgPool),
}

/// A write transaction: committed with `commit`, rolled back when dropped.
pub struct Tx {
    inner: TxInner,
    /// Told when this transaction, having added jobs to the outbox, commits.
    outbox: Arc<tokio::sync::Notify>,
    wakes_outbox: bool,
}

pub(crate) enum TxInner {
    Sqlite(sqlite::WriteTx),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }

    /// Acknowledges the transaction: on SQLite, once the batch it is part of is
    /// committed.
    pub async fn commit(self) -> std::result::Result<(), SqlError> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        if self.wakes_outbox {
            self.outbox.notify_one();
        }
        Ok(())
    }

    /// This transaction added jobs to the outbox: this app server's worker is woken when
    /// it commits (other app servers' workers find them when they next look).
    pub(crate) fn wake_outbox(&mut self) {
        self.wakes_outbox = true;
    }

    /// Several statements without parameters, as a migration or a test harness has them.
    pub async fn run_script(&mut self, script: &str) -> std::result::Result<(), SqlError> {
        match &mut self.inner {
            TxInner::Sqlite(tx) => tx.run_script(script),
            TxInner::Postgres(tx) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(script.to_owned())).execute(&mut **tx).await?;
                Ok(())
            }
        }
    }

    pub async fn rollback(self) -> std::result::Result<(), SqlError> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.rollback().await,
            TxInner::Postgres(tx) => Ok(tx.rollback().await?),
        }
    }
}

impl Db {
    /// Connects to `sqlite://path` (the file and its folder are created on first run) or
    /// `postgres://...`.
    pub async fn connect(url: &str) -> Result<Db> {
        let store = if url.starts_with("sqlite:") {
            Store::Sqlite(sqlite::Store::open(&sqlite_path(url)).db()?)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = url.parse::<PgConnectOptions>().db()?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options)
                .await
                .db()?;
            Store::Postgres(pool)
        } else {
            return Err(Error::internal(format!(
                "unsupported database URL (use sqlite:// or postgres://): {}",
                redacted(url)
            )));
        };
        Ok(Db { store: Arc::new(store), catalog: Arc::default(), outbox: Arc::default() })
    }

    pub fn backend(&self) -> Backend {
        match &*self.store {
            Store::Sqlite(_) => Backend::Sqlite,
            Store::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations that are missing. Safe to run from several app servers at
    /// once: PostgreSQL serialises them with an advisory lock, SQLite with its write lock.
    pub async fn migrate(&self) -> Result<()> {
        migrate::run(self).await
    }

    /// Starts a write transaction. On SQLite it waits for the writer; on PostgreSQL
    /// rows are locked where a rule needs it (`FOR UPDATE`).
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match &*self.store {
            Store::Sqlite(store) => TxInner::Sqlite(store.begin().await.db()?),
            Store::Postgres(pool) => TxInner::Postgres(pool.begin().await.db()?),
        };
        Ok(Tx { inner, outbox: self.outbox.clone(), wakes_outbox: false })
    }

    /// Wakes this app server's outbox worker.
    pub fn wake_outbox(&self) {
        self.outbox.notify_one();
    }

    /// Wakes when a transaction of this app server has committed jobs to the outbox.
    pub async fn outbox_woken(&self) {
        self.outbox.notified().await
    }

    pub async fn close(&self) {
        match &*self.store {
            Store::Sqlite(store) => store.close().await,
            Store::Postgres(pool) => pool.close().await,
        }
    }
}

/// The file of a `sqlite://path[?options]` URL.
fn sqlite_path(url: &str) -> std::path::PathBuf {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    rest.split_once('?').map_or(rest, |(path, _)| path).into()
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

impl<T> DbResult<T> for std::result::Result<T, SqlError> {
    fn db(self) -> Result<T> {
        self.map_err(|e| Error::internal(e.message))
    }
}

impl<T> DbResult<T> for std::result::Result<T, sqlx::Error> {
    fn db(self) -> Result<T> {
        self.map_err(|e| Error::internal(e.to_string()))
    }
}

pub(crate) fn is_unique_violation(e: &SqlError) -> bool {
    e.unique_violation
}

pub(crate) fn multiloc(row: &Row, column: &str) -> Result<Multiloc> {
    Ok(Multiloc::from_json(&get::<String>(row, column)?))
}

pub(crate) fn get<T: sql::FromValue>(row: &Row, column: &str) -> Result<T> {
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
    sql::query(delete_sql).bind(owner).execute(&mut *tx).await.db()?;
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        sql::query(insert_sql).bind(owner).bind(id).execute(&mut *tx).await.db()?;
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
