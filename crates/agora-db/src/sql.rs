//! One way to run SQL on both backends: `query(sql).bind(..).fetch_all(on)`, where `on`
//! is the `Db` (a read, or a write in a transaction of its own) or an open `Tx`. The SQL
//! text is the same for both; parameters are written `$1, $2, ...` as PostgreSQL
//! wants them and rewritten once for SQLite (`sqlite::prepare`). Rows come back as
//! owned values with their column names, read with `get`.

use std::borrow::Cow;
use std::sync::Arc;

use crate::{Db, Store, Tx, TxInner};

/// The type of a value, kept with a NULL so that PostgreSQL is told what the
/// parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Float,
    Text,
    Bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null(Kind),
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
}

/// A Rust type that is one kind of SQL value.
pub trait ToValue {
    const KIND: Kind;
    fn to_value(self) -> Value;
}

macro_rules! to_value {
    ($($type:ty => $kind:ident |$v:ident| $make:expr),+ $(,)?) => {
        $(impl ToValue for $type {
            const KIND: Kind = Kind::$kind;
            fn to_value(self) -> Value {
                let $v = self;
                $make
            }
        })+
    };
}

to_value! {
    i64 => Int |v| Value::Int(v),
    i32 => Int |v| Value::Int(i64::from(v)),
    f64 => Float |v| Value::Float(v),
    bool => Bool |v| Value::Bool(v),
    String => Text |v| Value::Text(v),
    &str => Text |v| Value::Text(v.to_owned()),
    &String => Text |v| Value::Text(v.clone()),
}

impl<T: ToValue> ToValue for Option<T> {
    const KIND: Kind = T::KIND;
    fn to_value(self) -> Value {
        self.map_or(Value::Null(T::KIND), ToValue::to_value)
    }
}

/// A failed statement. Unique violations are told apart: services turn them into
/// "already taken" answers.
#[derive(Debug, Clone)]
pub struct SqlError {
    pub message: String,
    pub unique_violation: bool,
}

impl SqlError {
    pub(crate) fn new(message: impl Into<String>) -> SqlError {
        SqlError { message: message.into(), unique_violation: false }
    }
}

impl std::fmt::Display for SqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A Rust type one column can be read as. Flags read from SQLite's 0/1 integers as
/// well as PostgreSQL's booleans.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Option<i64> {
        match value {
            Value::Int(v) => Some(*v),
            Value::Bool(v) => Some(i64::from(*v)),
            _ => None,
        }
    }
}

impl FromValue for i32 {
    fn from_value(value: &Value) -> Option<i32> {
        i64::from_value(value).and_then(|v| i32::try_from(v).ok())
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> Option<f64> {
        match value {
            Value::Float(v) => Some(*v),
            Value::Int(v) => Some(*v as f64),
            _ => None,
        }
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Option<bool> {
        match value {
            Value::Bool(v) => Some(*v),
            Value::Int(v) => Some(*v != 0),
            _ => None,
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Option<String> {
        match value {
            Value::Text(v) => Some(v.clone()),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Option<T>> {
        match value {
            Value::Null(_) => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One row: its values, and the column names it shares with the other rows of its
/// result.
#[derive(Debug, Clone)]
pub struct Row {
    pub(crate) columns: Arc<[Box<str>]>,
    pub(crate) values: Vec<Value>,
}

/// A column by name or by position.
pub trait ColumnIndex {
    fn position(&self, row: &Row) -> Option<usize>;
}

impl ColumnIndex for &str {
    fn position(&self, row: &Row) -> Option<usize> {
        row.columns.iter().position(|c| &**c == *self)
    }
}

impl ColumnIndex for usize {
    fn position(&self, row: &Row) -> Option<usize> {
        (*self < row.values.len()).then_some(*self)
    }
}

impl Row {
    pub fn try_get<T: FromValue>(&self, column: impl ColumnIndex + std::fmt::Debug) -> Result<T, SqlError> {
        let value = column
            .position(self)
            .and_then(|i| self.values.get(i))
            .ok_or_else(|| SqlError::new(format!("no column {column:?}")))?;
        T::from_value(value).ok_or_else(|| {
            SqlError::new(format!("column {column:?}: cannot read {value:?} as {}", std::any::type_name::<T>()))
        })
    }
}

/// What a statement that returns no rows did.
pub struct Done(pub(crate) u64);

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.0
    }
}

/// Where a statement runs: on the database (reads on a reader; a write in a
/// transaction of its own) or inside an open transaction.
pub enum On<'a> {
    Db(&'a Db),
    Tx(&'a mut Tx),
}

impl<'a> From<&'a Db> for On<'a> {
    fn from(db: &'a Db) -> On<'a> {
        On::Db(db)
    }
}

impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(tx: &'a mut Tx) -> On<'a> {
        On::Tx(tx)
    }
}

/// A statement and its parameters.
#[must_use]
pub struct Query {
    pub(crate) sql: Cow<'static, str>,
    pub(crate) params: Vec<Value>,
}

pub fn query(sql: impl Into<Cow<'static, str>>) -> Query {
    Query { sql: sql.into(), params: Vec::new() }
}

/// A statement whose answer is its first column.
#[must_use]
pub struct Scalar<T> {
    query: Query,
    _type: std::marker::PhantomData<T>,
}

pub fn query_scalar<T: FromValue>(sql: impl Into<Cow<'static, str>>) -> Scalar<T> {
    Scalar { query: query(sql), _type: std::marker::PhantomData }
}

/// Whether a statement only reads: it then runs on a read-only connection.
fn only_reads(sql: &str) -> bool {
    let start = sql.trim_start();
    let word = start.get(..6).unwrap_or(start);
    word.eq_ignore_ascii_case("select") || start.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("with"))
}

impl Query {
    pub fn bind(self, value: impl ToValue) -> Query {
        self.bind_value(value.to_value())
    }

    pub fn bind_value(mut self, value: Value) -> Query {
        self.params.push(value);
        self
    }

    async fn run(self, on: On<'_>, rows: bool) -> Result<(Vec<Row>, u64), SqlError> {
        match on {
            On::Db(db) => match &*db.store {
                Store::Sqlite(store) if only_reads(&self.sql) => {
                    store.read(|conn| crate::sqlite::run(conn, &self, rows)).await
                }
                Store::Sqlite(store) => {
                    let mut tx = store.begin().await?;
                    let outcome = tx.run(&self, rows)?;
                    tx.commit().await?;
                    Ok(outcome)
                }
                Store::Postgres(pool) => crate::postgres::run(pool, self, rows).await,
            },
            On::Tx(tx) => match &mut tx.inner {
                TxInner::Sqlite(tx) => tx.run(&self, rows),
                TxInner::Postgres(tx) => crate::postgres::run(&mut **tx, self, rows).await,
            },
        }
    }

    pub async fn fetch_all<'a>(self, on: impl Into<On<'a>>) -> Result<Vec<Row>, SqlError> {
        Ok(self.run(on.into(), true).await?.0)
    }

    pub async fn fetch_optional<'a>(self, on: impl Into<On<'a>>) -> Result<Option<Row>, SqlError> {
        Ok(self.run(on.into(), true).await?.0.into_iter().next())
    }

    pub async fn fetch_one<'a>(self, on: impl Into<On<'a>>) -> Result<Row, SqlError> {
        self.fetch_optional(on).await?.ok_or_else(|| SqlError::new("no row returned"))
    }

    pub async fn execute<'a>(self, on: impl Into<On<'a>>) -> Result<Done, SqlError> {
        Ok(Done(self.run(on.into(), false).await?.1))
    }
}

impl<T: FromValue> Scalar<T> {
    pub fn bind(self, value: impl ToValue) -> Scalar<T> {
        self.bind_value(value.to_value())
    }

    pub fn bind_value(mut self, value: Value) -> Scalar<T> {
        self.query = self.query.bind_value(value);
        self
    }

    fn first(row: &Row) -> Result<T, SqlError> {
        row.try_get(0)
    }

    pub async fn fetch_all<'a>(self, on: impl Into<On<'a>>) -> Result<Vec<T>, SqlError> {
        self.query.fetch_all(on).await?.iter().map(Self::first).collect()
    }

    pub async fn fetch_optional<'a>(self, on: impl Into<On<'a>>) -> Result<Option<T>, SqlError> {
        self.query.fetch_optional(on).await?.as_ref().map(Self::first).transpose()
    }

    pub async fn fetch_one<'a>(self, on: impl Into<On<'a>>) -> Result<T, SqlError> {
        Self::first(&self.query.fetch_one(on).await?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_are_told_from_writes() {
        assert!(super::only_reads("  SELECT 1"));
        assert!(super::only_reads("select 1"));
        assert!(super::only_reads("WITH x AS (SELECT 1) SELECT * FROM x"));
        assert!(!super::only_reads("INSERT INTO t VALUES (1) RETURNING id"));
        assert!(!super::only_reads("UPDATE t SET a = 1"));
    }
}
