//! PostgreSQL through sqlx's native driver: parameters bound with their types, rows
//! read into owned values by their column types.

use std::sync::Arc;

use sqlx::postgres::PgRow;
use sqlx::{Column, Row as _, TypeInfo};

use crate::sql::{Kind, Query, Row, SqlError, Value};

impl From<sqlx::Error> for SqlError {
    fn from(e: sqlx::Error) -> SqlError {
        let unique_violation = e.as_database_error().is_some_and(|d| d.is_unique_violation());
        SqlError { message: e.to_string(), unique_violation }
    }
}

pub(crate) async fn run<'c, E>(on: E, query: Query, rows: bool) -> Result<(Vec<Row>, u64), SqlError>
where
    E: sqlx::PgExecutor<'c>,
{
    let mut statement = sqlx::query(sqlx::AssertSqlSafe(query.sql));
    for value in query.params {
        statement = match value {
            Value::Null(Kind::Int) => statement.bind(None::<i64>),
            Value::Null(Kind::Float) => statement.bind(None::<f64>),
            Value::Null(Kind::Text) => statement.bind(None::<String>),
            Value::Null(Kind::Bool) => statement.bind(None::<bool>),
            Value::Int(v) => statement.bind(v),
            Value::Float(v) => statement.bind(v),
            Value::Text(v) => statement.bind(v),
            Value::Bool(v) => statement.bind(v),
        };
    }
    if !rows {
        let done = statement.execute(on).await?;
        return Ok((Vec::new(), done.rows_affected()));
    }
    let found = statement.fetch_all(on).await?;
    let Some(first) = found.first() else { return Ok((Vec::new(), 0)) };
    let columns: Arc<[Box<str>]> = first.columns().iter().map(|c| Box::from(c.name())).collect();
    let count = found.len() as u64;
    let rows = found.iter().map(|row| read(row, &columns)).collect::<Result<Vec<_>, _>>()?;
    Ok((rows, count))
}

fn read(row: &PgRow, columns: &Arc<[Box<str>]>) -> Result<Row, SqlError> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, column) in row.columns().iter().enumerate() {
        values.push(match column.type_info().name() {
            "INT8" => row.try_get::<Option<i64>, _>(i)?.map_or(Value::Null(Kind::Int), Value::Int),
            "INT4" => row.try_get::<Option<i32>, _>(i)?.map_or(Value::Null(Kind::Int), |v| Value::Int(v.into())),
            "INT2" => row.try_get::<Option<i16>, _>(i)?.map_or(Value::Null(Kind::Int), |v| Value::Int(v.into())),
            "FLOAT8" => row.try_get::<Option<f64>, _>(i)?.map_or(Value::Null(Kind::Float), Value::Float),
            "FLOAT4" => row.try_get::<Option<f32>, _>(i)?.map_or(Value::Null(Kind::Float), |v| Value::Float(v.into())),
            "BOOL" => row.try_get::<Option<bool>, _>(i)?.map_or(Value::Null(Kind::Bool), Value::Bool),
            "VOID" => Value::Null(Kind::Int),
            _ => row.try_get::<Option<String>, _>(i)?.map_or(Value::Null(Kind::Text), Value::Text),
        });
    }
    Ok(Row { columns: columns.clone(), values })
}
