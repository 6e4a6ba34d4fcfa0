//! A small migrator: numbered SQL files per backend, applied in order, each in its own
//! transaction, recorded in `schema_migrations`. The parity test checks both backends
//! end with the same schema.

use crate::{Db, DbResult, Result, SqlError, Store, now, sql};

pub(crate) struct Migration {
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

pub(crate) const MIGRATIONS: &[Migration] = migrations![
    1 "0001_foundation",
    2 "0002_default_statuses",
    3 "0003_integrity",
    4 "0004_edits",
    5 "0005_versions",
    6 "0006_outbox_and_method_settings",
    7 "0007_voting",
    8 "0008_guests",
    9 "0009_mail",
    10 "0010_mail_settings",
    11 "0011_blocked",
    12 "0012_legal",
    13 "0013_data_exports",
    14 "0014_oidc",
    15 "0015_profiles",
    16 "0016_survey_methods",
    17 "0017_forms",
    18 "0018_responses",
];

/// The first line of a SQLite migration that rebuilds tables others refer to: SQLite
/// allows that only with foreign keys off, which cannot change inside a transaction.
const FOREIGN_KEYS_OFF: &str = "-- sqlite: foreign_keys off";

/// Any number: it only has to be the same on every app server.
const ADVISORY_LOCK: i64 = 0x0041_676f_7261;

pub async fn run(db: &Db) -> Result<()> {
    match &*db.store {
        Store::Sqlite(store) => store
            .exclusive(|conn| {
                conn.execute_batch(SCHEMA_MIGRATIONS)?;
                for migration in MIGRATIONS {
                    apply_sqlite(conn, migration)?;
                }
                Ok(())
            })
            .await
            .db(),
        Store::Postgres(pool) => {
            // The lock belongs to one connection: it is taken and given back on it.
            let mut lock = pool.acquire().await.db()?;
            sqlx::query("SELECT pg_advisory_lock($1)").bind(ADVISORY_LOCK).execute(&mut *lock).await.db()?;
            let result = apply_postgres(db).await;
            sqlx::query("SELECT pg_advisory_unlock($1)").bind(ADVISORY_LOCK).execute(&mut *lock).await.db()?;
            result
        }
    }
}

const SCHEMA_MIGRATIONS: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

fn is_applied_sqlite(conn: &rusqlite::Connection, migration: &Migration) -> Result<bool, SqlError> {
    let mut statement = conn.prepare("SELECT COUNT(*) FROM schema_migrations WHERE version = ?1")?;
    Ok(statement.query_row([migration.version], |row| row.get::<_, i64>(0))? > 0)
}

/// Applies one migration in a transaction, unless it is already recorded. A migration
/// that rebuilds tables runs with foreign keys off (which cannot change inside a
/// transaction) and checks every foreign key before it commits.
fn apply_sqlite(conn: &rusqlite::Connection, migration: &Migration) -> Result<(), SqlError> {
    let foreign_keys_off = migration.sqlite.starts_with(FOREIGN_KEYS_OFF);
    if foreign_keys_off {
        conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    }
    let applied = (|| {
        // Checked under the write lock: another app server may be applying it now.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        if is_applied_sqlite(conn, migration)? {
            conn.execute_batch("ROLLBACK")?;
            return Ok(false);
        }
        conn.execute_batch(migration.sqlite)?;
        if foreign_keys_off {
            let broken = conn.prepare("PRAGMA foreign_key_check")?.query([])?.mapped(|_| Ok(())).count();
            if broken > 0 {
                return Err(SqlError::new(format!("{}: {broken} broken foreign keys", migration.name)));
            }
        }
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![migration.version, migration.name, now()],
        )?;
        conn.execute_batch("COMMIT")?;
        Ok(true)
    })();
    if applied.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    if foreign_keys_off {
        conn.execute_batch("PRAGMA foreign_keys = ON")?;
    }
    if applied? {
        tracing::info!(version = migration.version, name = migration.name, "applied migration");
    }
    Ok(())
}

async fn apply_postgres(db: &Db) -> Result<()> {
    sql::query(SCHEMA_MIGRATIONS).execute(db).await.db()?;
    for migration in MIGRATIONS {
        let mut tx = db.begin().await?;
        let applied: Option<i64> = sql::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
            .bind(migration.version)
            .fetch_optional(&mut tx)
            .await
            .db()?;
        if applied.is_some() {
            continue;
        }
        tx.run_script(migration.postgres).await.db()?;
        sql::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind(migration.version)
            .bind(migration.name)
            .bind(now())
            .execute(&mut tx)
            .await
            .db()?;
        tx.commit().await.db()?;
        tracing::info!(version = migration.version, name = migration.name, "applied migration");
    }
    Ok(())
}
