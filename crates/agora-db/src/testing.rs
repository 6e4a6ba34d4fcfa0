//! For test harnesses: running a statement that needs no parameters (creating and
//! dropping a test schema), counting, and the shape of the schema for the parity test.

use std::collections::BTreeMap;

use crate::{Backend, Db, DbResult, Result, get, sql};

pub async fn execute(db: &Db, sql: &str) -> Result<()> {
    let mut tx = db.begin().await?;
    tx.run_script(sql).await.db()?;
    tx.commit().await.db()
}

/// The number a `SELECT COUNT(*) ...` gives.
pub async fn count(db: &Db, sql: &str) -> Result<i64> {
    sql::query_scalar(sql.to_owned()).fetch_one(db).await.db()
}

/// How many migrations this version ships.
pub fn known_migrations() -> i64 {
    crate::migrate::MIGRATIONS.len() as i64
}

pub async fn applied_migrations(db: &Db) -> Result<i64> {
    sql::query_scalar("SELECT COUNT(*) FROM schema_migrations").fetch_one(db).await.db()
}

/// One column as both backends can be compared: its type class (`int`, `text`,
/// `float`, `flag`), whether it may be null, whether it has a default (identity and
/// SQLite's row id count as one).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    pub name: String,
    pub class: &'static str,
    pub not_null: bool,
    pub default: bool,
}

/// A table: its columns, the indexes made by `CREATE INDEX` (name and columns), and
/// how many CHECK constraints it has (SQLite's 0/1 checks on flags left out: PostgreSQL
/// has a BOOLEAN there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub indexes: BTreeMap<String, Vec<String>>,
    pub checks: i64,
}

/// Every table, the full-text machinery of each backend (FTS5 tables, the tsvector
/// column and its index) left out.
pub async fn schema(db: &Db) -> Result<BTreeMap<String, Table>> {
    match db.backend() {
        Backend::Sqlite => sqlite_schema(db).await,
        Backend::Postgres => postgres_schema(db).await,
    }
}

fn class_of(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "int",
        "text" => "text",
        "double precision" => "float",
        "boolean" => "flag",
        _ => "other",
    }
}

async fn sqlite_schema(db: &Db) -> Result<BTreeMap<String, Table>> {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    let sql = "SELECT m.name AS table_name, m.sql AS table_sql, p.name AS column_name, p.type AS declared,
            p.\"notnull\" AS not_null, CASE WHEN p.dflt_value IS NULL THEN 0 ELSE 1 END AS has_default, p.pk AS pk
         FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'ideas_fts%' AND m.name NOT LIKE 'sqlite_%'";
    for row in sql::query(sql).fetch_all(db).await.db()? {
        let (table, column): (String, String) = (get(&row, "table_name")?, get(&row, "column_name")?);
        let table_sql: String = get(&row, "table_sql")?;
        let declared: String = get(&row, "declared")?;
        let pk: i64 = get(&row, "pk")?;
        // A flag is an INTEGER that may only be 0 or 1.
        let flag = table_sql.contains(&format!("CHECK ({column} IN (0, 1))"));
        let row_id = pk == 1 && declared.eq_ignore_ascii_case("integer");
        let entry = tables.entry(table).or_default();
        entry.columns.push(Column {
            class: if flag { "flag" } else { class_of(&declared) },
            not_null: get::<i64>(&row, "not_null")? == 1 || pk > 0,
            default: get::<i64>(&row, "has_default")? == 1 || row_id,
            name: column,
        });
    }
    let sql = "SELECT m.name AS table_name, m.sql AS table_sql FROM sqlite_master m
         WHERE m.type = 'table' AND m.name NOT LIKE 'ideas_fts%' AND m.name NOT LIKE 'sqlite_%'";
    for row in sql::query(sql).fetch_all(db).await.db()? {
        let (table, table_sql): (String, String) = (get(&row, "table_name")?, get(&row, "table_sql")?);
        let all = table_sql.matches("CHECK (").count() as i64;
        let on_flags = table_sql.matches(" IN (0, 1))").count() as i64;
        tables.entry(table).or_default().checks = all - on_flags;
    }
    let sql = "SELECT m.name AS table_name, il.name AS index_name, ii.name AS column_name
         FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii
         WHERE m.type = 'table' AND il.origin = 'c' AND m.name NOT LIKE 'sqlite_%' ORDER BY il.name, ii.seqno";
    for row in sql::query(sql).fetch_all(db).await.db()? {
        let table: String = get(&row, "table_name")?;
        let index: String = get(&row, "index_name")?;
        tables.entry(table).or_default().indexes.entry(index).or_default().push(get(&row, "column_name")?);
    }
    tables.values_mut().for_each(|t| t.columns.sort());
    Ok(tables)
}

async fn postgres_schema(db: &Db) -> Result<BTreeMap<String, Table>> {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    let sql = "SELECT CAST(table_name AS TEXT) AS table_name, CAST(column_name AS TEXT) AS column_name,
            CAST(data_type AS TEXT) AS declared, CAST(is_nullable AS TEXT) AS nullable,
            CASE WHEN column_default IS NOT NULL OR is_identity = 'YES' THEN 1 ELSE 0 END AS has_default
         FROM information_schema.columns WHERE table_schema = current_schema() AND column_name <> 'search_vector'";
    for row in sql::query(sql).fetch_all(db).await.db()? {
        let declared: String = get(&row, "declared")?;
        let table: String = get(&row, "table_name")?;
        tables.entry(table).or_default().columns.push(Column {
            name: get(&row, "column_name")?,
            class: class_of(&declared),
            not_null: get::<String>(&row, "nullable")? == "NO",
            default: get::<i32>(&row, "has_default")? == 1,
        });
    }
    let sql = "SELECT CAST(c.relname AS TEXT) AS table_name, COUNT(*) AS checks
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND k.contype = 'c' GROUP BY c.relname";
    for row in sql::query(sql).fetch_all(db).await.db()? {
        let table: String = get(&row, "table_name")?;
        tables.entry(table).or_default().checks = get(&row, "checks")?;
    }
    // Indexes made by CREATE INDEX: not those behind a primary key or a UNIQUE
    // constraint, nor the full-text one.
    let sql = "SELECT CAST(i.tablename AS TEXT) AS table_name, CAST(i.indexname AS TEXT) AS index_name,
            i.indexdef AS definition
         FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.indexname NOT LIKE '%search%'
            AND i.indexname NOT IN (SELECT CAST(k.conname AS TEXT) FROM pg_constraint k
                JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = current_schema())";
    for row in sql::query(sql).fetch_all(db).await.db()? {
        let definition: String = get(&row, "definition")?;
        // `... USING btree (a, b) WHERE (...)`: the columns, not a partial index's condition.
        let columns_part = definition.split(" WHERE ").next().unwrap_or_default();
        let inside = columns_part.rsplit_once('(').map(|(_, c)| c.trim_end_matches(')')).unwrap_or_default();
        let columns = inside.split(',').filter_map(|c| c.split_whitespace().next()).map(str::to_owned).collect();
        let table: String = get(&row, "table_name")?;
        tables.entry(table).or_default().indexes.insert(get(&row, "index_name")?, columns);
    }
    tables.values_mut().for_each(|t| t.columns.sort());
    Ok(tables)
}
