//! SQLite through rusqlite, in the server's own threads: a few read-only connections
//! for reads, and one writer connection (SQLite lets one writer in at a time anyway).
//!
//! The writer commits many requests' transactions together (group commit): each
//! request's transaction is a savepoint inside one `BEGIN IMMEDIATE ... COMMIT` that
//! the requests queued behind the writer share. A request's `commit` releases its
//! savepoint and waits for that shared COMMIT; it is acknowledged only after it. The
//! shared COMMIT is run by a flusher that queues for the writer behind the requests
//! already waiting (the writer's lock is first come, first served), so a batch is as
//! large as the queue and a lone write is committed at once.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex as SyncMutex};
use std::time::Duration;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot};

use crate::sql::{Query, Row, SqlError, Value};

/// Read-only connections, opened as needed and kept.
const READERS: usize = 4;
/// Prepared statements kept per connection: every statement of the services fits.
const STATEMENTS: usize = 512;

pub(crate) struct Store {
    path: PathBuf,
    writer: Arc<Mutex<Writer>>,
    readers: SyncMutex<Vec<Connection>>,
    /// One per reader: a read waits here when all readers are busy.
    turns: tokio::sync::Semaphore,
}

struct Writer {
    conn: Connection,
    /// A `BEGIN IMMEDIATE` is open: the savepoints released in it wait for its COMMIT.
    open: bool,
    waiting: Vec<oneshot::Sender<Result<(), SqlError>>>,
}

impl From<rusqlite::Error> for SqlError {
    fn from(e: rusqlite::Error) -> SqlError {
        let unique_violation = matches!(
            &e,
            rusqlite::Error::SqliteFailure(f, _)
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        );
        SqlError { message: e.to_string(), unique_violation }
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null(_) => ValueRef::Null,
            Value::Int(v) => ValueRef::Integer(*v),
            Value::Float(v) => ValueRef::Real(*v),
            Value::Text(v) => ValueRef::Text(v.as_bytes()),
            Value::Bool(v) => ValueRef::Integer(i64::from(*v)),
        }))
    }
}

fn configure(conn: &Connection, pragmas: &str) -> Result<(), SqlError> {
    conn.busy_timeout(Duration::from_secs(30))?;
    // One plan per statement, whatever its parameters: without this SQLite prepares a
    // cached statement again when a bound value might change its plan (a parameter
    // compared with a partial index, say), which cost the idea list a parse per request.
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    conn.set_prepared_statement_cache_capacity(STATEMENTS);
    conn.execute_batch(pragmas)?;
    Ok(())
}

/// Pages of the database file mapped into memory by each connection: reads skip a copy
/// into SQLite's own cache.
const COMMON: &str = "PRAGMA mmap_size = 268435456; PRAGMA cache_size = -8192;";

impl Store {
    /// Opens (and creates) the database file and its folder.
    pub(crate) fn open(path: &Path) -> Result<Store, SqlError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| SqlError::new(format!("cannot create {}: {e}", dir.display())))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // WAL: readers go on during a write, and a commit appends to the log. With
        // `synchronous = FULL` the log is synced at every commit, so an acknowledged
        // write survives a power cut too; group commit makes that one sync per batch.
        configure(
            &conn,
            &format!("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; {COMMON}"),
        )?;
        let writer = Writer { conn, open: false, waiting: Vec::new() };
        Ok(Store {
            path: path.to_owned(),
            writer: Arc::new(Mutex::new(writer)),
            readers: SyncMutex::new(Vec::new()),
            turns: tokio::sync::Semaphore::new(READERS),
        })
    }

    /// Runs a read on a read-only connection, in this thread: a read takes tens of
    /// microseconds, less than handing the thread's other work to another thread.
    /// At most `READERS` run at once; the others wait their turn without blocking.
    pub(crate) async fn read<R>(&self, work: impl FnOnce(&Connection) -> Result<R, SqlError>) -> Result<R, SqlError> {
        let _turn = self.turns.acquire().await.map_err(|_| SqlError::new("the database is closed"))?;
        let idle = self.readers.lock().map_err(|_| SqlError::new("readers poisoned"))?.pop();
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let conn = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                configure(&conn, COMMON)?;
                conn
            }
        };
        let outcome = work(&conn);
        if let Ok(mut readers) = self.readers.lock() {
            readers.push(conn);
        }
        outcome
    }

    /// Starts a transaction on the writer, waiting for the requests before it.
    pub(crate) async fn begin(&self) -> Result<WriteTx, SqlError> {
        let mut writer = self.writer.clone().lock_owned().await;
        if !writer.open {
            blocking(|| execute(&writer.conn, "BEGIN IMMEDIATE"))?;
            writer.open = true;
        }
        if let Err(e) = execute(&writer.conn, "SAVEPOINT request") {
            end_batch_if_idle(&mut writer);
            return Err(e);
        }
        Ok(WriteTx { writer: Some(writer), shared: self.writer.clone() })
    }

    /// Runs migrations and other work that needs the writer connection to itself,
    /// outside any transaction, after the batch in progress is committed.
    pub(crate) async fn exclusive<R>(
        &self,
        work: impl FnOnce(&Connection) -> Result<R, SqlError>,
    ) -> Result<R, SqlError> {
        let mut writer = self.writer.lock().await;
        commit_batch(&mut writer);
        blocking(|| work(&writer.conn))
    }

    /// Commits the batch in progress.
    pub(crate) async fn close(&self) {
        commit_batch(&mut *self.writer.lock().await);
    }
}

/// One request's transaction: a savepoint on the writer, which it holds until commit
/// or rollback. Dropped without a commit, it is rolled back.
pub(crate) struct WriteTx {
    writer: Option<OwnedMutexGuard<Writer>>,
    shared: Arc<Mutex<Writer>>,
}

impl WriteTx {
    fn conn(&self) -> Result<&Connection, SqlError> {
        self.writer.as_ref().map(|w| &w.conn).ok_or_else(|| SqlError::new("transaction already ended"))
    }

    pub(crate) fn run(&mut self, query: &Query, rows: bool) -> Result<(Vec<Row>, u64), SqlError> {
        run(self.conn()?, query, rows)
    }

    /// Several statements without parameters (a migration).
    pub(crate) fn run_script(&mut self, sql: &str) -> Result<(), SqlError> {
        let conn = self.conn()?;
        blocking(|| conn.execute_batch(sql).map_err(SqlError::from))
    }

    /// Releases the savepoint and waits until the batch it belongs to is committed.
    pub(crate) async fn commit(mut self) -> Result<(), SqlError> {
        let Some(mut writer) = self.writer.take() else { return Err(SqlError::new("transaction already ended")) };
        if let Err(e) = execute(&writer.conn, "RELEASE request") {
            rollback(&mut writer);
            return Err(e);
        }
        let (done, acknowledged) = oneshot::channel();
        writer.waiting.push(done);
        if writer.waiting.len() == 1 {
            tokio::spawn(flush(self.shared.clone()));
        }
        drop(writer);
        acknowledged.await.unwrap_or_else(|_| Err(SqlError::new("the batch was dropped before its commit")))
    }

    /// Undoes this request's work. It may have read what others wrote earlier in the
    /// batch, so it returns once that is committed: what it saw, the readers see too.
    pub(crate) async fn rollback(mut self) -> Result<(), SqlError> {
        let Some(mut writer) = self.writer.take() else { return Ok(()) };
        rollback(&mut writer);
        if writer.waiting.is_empty() {
            return Ok(());
        }
        let (done, committed) = oneshot::channel();
        writer.waiting.push(done);
        drop(writer);
        committed.await.unwrap_or_else(|_| Err(SqlError::new("the batch was dropped before its commit")))
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(mut writer) = self.writer.take() {
            rollback(&mut writer);
        }
    }
}

/// Undoes one request's savepoint; the batch goes on for the others.
fn rollback(writer: &mut Writer) {
    let undone = execute(&writer.conn, "ROLLBACK TO request").and_then(|()| execute(&writer.conn, "RELEASE request"));
    if let Err(e) = undone {
        tracing::error!(error = %e, "rolling back a request failed; the batch is abandoned");
        abandon_batch(writer, &e);
        return;
    }
    end_batch_if_idle(writer);
}

/// Nobody's work is in the open batch: end it, so other processes can write.
fn end_batch_if_idle(writer: &mut Writer) {
    if writer.open && writer.waiting.is_empty() {
        let _ = execute(&writer.conn, "ROLLBACK");
        writer.open = false;
    }
}

fn abandon_batch(writer: &mut Writer, e: &SqlError) {
    let _ = execute(&writer.conn, "ROLLBACK");
    writer.open = false;
    for done in writer.waiting.drain(..) {
        let _ = done.send(Err(e.clone()));
    }
}

/// Waits for the writer behind the requests already queued for it, then commits the
/// batch they all wrote in.
async fn flush(shared: Arc<Mutex<Writer>>) {
    commit_batch(&mut *shared.lock().await);
}

fn commit_batch(writer: &mut Writer) {
    if !writer.open {
        return;
    }
    match blocking(|| execute(&writer.conn, "COMMIT")) {
        Ok(()) => {
            writer.open = false;
            for done in writer.waiting.drain(..) {
                let _ = done.send(Ok(()));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "a batch of writes failed to commit");
            abandon_batch(writer, &e);
        }
    }
}

fn execute(conn: &Connection, sql: &str) -> Result<(), SqlError> {
    conn.prepare_cached(sql)?.raw_execute()?;
    Ok(())
}

/// Blocking work on a runtime thread: other tasks move to another thread meanwhile
/// (when the runtime has several).
fn blocking<R>(work: impl FnOnce() -> R) -> R {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// `$1, $2, ...` become `?1, ?2, ...` (the same numbers), outside quoted text.
pub(crate) fn prepare(sql: &str) -> std::borrow::Cow<'_, str> {
    if !sql.contains('$') {
        return sql.into();
    }
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '$') if chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('?');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out.into()
}

/// Runs one statement: its rows (when `rows`) and how many rows it changed.
pub(crate) fn run(conn: &Connection, query: &Query, rows: bool) -> Result<(Vec<Row>, u64), SqlError> {
    let mut statement = conn.prepare_cached(&prepare(&query.sql))?;
    for (i, value) in query.params.iter().enumerate() {
        statement.raw_bind_parameter(i + 1, value)?;
    }
    let columns: Arc<[Box<str>]> = statement.column_names().map(Box::from).collect();
    if columns.is_empty() {
        let changed = statement.raw_execute()?;
        return Ok((Vec::new(), changed as u64));
    }
    let width = columns.len();
    let mut found = Vec::new();
    let mut cursor = statement.raw_query();
    while let Some(row) = cursor.next()? {
        if !rows {
            continue;
        }
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null(crate::sql::Kind::Int),
                ValueRef::Integer(v) => Value::Int(v),
                ValueRef::Real(v) => Value::Float(v),
                // SQLite does not check UTF-8; what we wrote always is, and is copied as is.
                ValueRef::Text(v) | ValueRef::Blob(v) => Value::Text(match std::str::from_utf8(v) {
                    Ok(text) => text.to_owned(),
                    Err(_) => String::from_utf8_lossy(v).into_owned(),
                }),
            });
        }
        found.push(Row { columns: columns.clone(), values });
    }
    drop(cursor);
    Ok((found, conn.changes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn parameters_are_numbered_for_sqlite() {
        assert_eq!(
            super::prepare("SELECT a FROM t WHERE b = $1 AND c = $12"),
            "SELECT a FROM t WHERE b = ?1 AND c = ?12"
        );
        assert_eq!(
            super::prepare("SELECT '$1', \"$2\" FROM t WHERE a = $2"),
            "SELECT '$1', \"$2\" FROM t WHERE a = ?2"
        );
        assert_eq!(super::prepare("SELECT 1"), "SELECT 1");
    }
}
