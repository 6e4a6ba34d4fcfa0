//! A small migrator: numbered SQL files per backend, applied in order, each in its own
//! transaction, recorded in `schema_migrations`. The parity test checks both backends
//! end with the same tables and columns.

use sqlx::Connection;

use agora_core::Error;

use crate::{Backend, Db, DbResult, Result, now};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

macro_rules! migrations {
    ($($version:literal $name:literal),+ $(,)?) => {
        &[$(Migration {
            version: $version,
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
        }),+]
    };
}

const MIGRATIONS: &[Migration] = migrations![
    1 "0001_foundation",
    2 "0002_default_statuses",
    3 "0003_integrity",
    4 "0004_edits",
];

/// The first line of a SQLite migration that rebuilds tables others refer to: SQLite
/// allows that only with foreign keys off, which cannot change inside a transaction.
const FOREIGN_KEYS_OFF: &str = "-- sqlite: foreign_keys off";

/// Any number: it only has to be the same on every app server.
const ADVISORY_LOCK: i64 = 0x0041_676f_7261;

pub async fn run(db: &Db) -> Result<()> {
    let mut conn = db.pool.acquire().await.db()?;
    if db.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_lock($1)").bind(ADVISORY_LOCK).execute(&mut *conn).await.db()?;
    }
    let result = apply_missing(db.backend, &mut conn).await;
    if db.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_unlock($1)").bind(ADVISORY_LOCK).execute(&mut *conn).await.db()?;
    }
    result
}

async fn apply_missing(backend: Backend, conn: &mut sqlx::AnyConnection) -> Result<()> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *conn)
    .await
    .db()?;
    for migration in MIGRATIONS {
        let sql = if backend == Backend::Sqlite { migration.sqlite } else { migration.postgres };
        let foreign_keys_off = backend == Backend::Sqlite && sql.starts_with(FOREIGN_KEYS_OFF);
        if foreign_keys_off {
            sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await.db()?;
        }
        let result = apply(backend, conn, migration, sql, foreign_keys_off).await;
        if foreign_keys_off {
            sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await.db()?;
        }
        result?;
    }
    Ok(())
}

/// Applies one migration in a transaction, unless it is already recorded.
async fn apply(
    backend: Backend,
    conn: &mut sqlx::AnyConnection,
    migration: &Migration,
    sql: &'static str,
    check_foreign_keys: bool,
) -> Result<()> {
    let begin = if backend == Backend::Sqlite { "BEGIN IMMEDIATE" } else { "BEGIN" };
    let mut tx = conn.begin_with(begin).await.db()?;
    let applied: Option<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
        .bind(migration.version)
        .fetch_optional(&mut *tx)
        .await
        .db()?;
    if applied.is_some() {
        tx.rollback().await.db()?;
        return Ok(());
    }
    sqlx::raw_sql(sql).execute(&mut *tx).await.db()?;
    if check_foreign_keys {
        let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *tx).await.db()?;
        if !broken.is_empty() {
            return Err(Error::internal(format!("{}: {} broken foreign keys", migration.name, broken.len())));
        }
    }
    sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
        .bind(migration.version)
        .bind(migration.name)
        .bind(now())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()?;
    tracing::info!(version = migration.version, name = migration.name, "applied migration");
    Ok(())
}
