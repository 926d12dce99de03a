//! Translating between sea-query's values and rusqlite's, byte for byte as
//! sqlx would: the same column is written by both drivers and compared as
//! text (`created_at >= ?`), so a timestamp must be spelled the same way.
//! rusqlite's own chrono support writes `2026-11-27 10:00:00+00:00` where
//! sqlx writes `2026-11-27T10:00:00+00:00`, which sorts differently; hence
//! this module rather than `sea-query-rusqlite`.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use rusqlite::types::Value as Sql;
use rusqlite::ErrorCode;
use sea_orm::sea_query::{OptionEnum, Value};
use sea_orm::{DbErr, Statement};

use crate::storage::StorageError;

/// A statement's bound values in rusqlite's form.
pub(super) fn params(statement: &Statement) -> Result<Vec<Sql>, rusqlite::Error> {
    statement
        .values
        .iter()
        .flat_map(|values| values.0.iter())
        .map(to_sql)
        .collect()
}

fn to_sql(value: &Value) -> Result<Sql, rusqlite::Error> {
    fn or_null<T>(v: &Option<T>, f: impl FnOnce(&T) -> Sql) -> Sql {
        v.as_ref().map_or(Sql::Null, f)
    }
    Ok(match value {
        Value::Bool(v) => or_null(v, |b| Sql::Integer(i64::from(*b))),
        Value::TinyInt(v) => or_null(v, |n| Sql::Integer(i64::from(*n))),
        Value::SmallInt(v) => or_null(v, |n| Sql::Integer(i64::from(*n))),
        Value::Int(v) => or_null(v, |n| Sql::Integer(i64::from(*n))),
        Value::BigInt(v) => or_null(v, |n| Sql::Integer(*n)),
        Value::TinyUnsigned(v) => or_null(v, |n| Sql::Integer(i64::from(*n))),
        Value::SmallUnsigned(v) => or_null(v, |n| Sql::Integer(i64::from(*n))),
        Value::Unsigned(v) => or_null(v, |n| Sql::Integer(i64::from(*n))),
        Value::BigUnsigned(Some(n)) => Sql::Integer(
            i64::try_from(*n).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?,
        ),
        Value::BigUnsigned(None) => Sql::Null,
        Value::Float(v) => or_null(v, |f| Sql::Real(f64::from(*f))),
        Value::Double(v) => or_null(v, |f| Sql::Real(*f)),
        Value::String(v) => or_null(v, |s| Sql::Text(s.clone())),
        Value::Char(v) => or_null(v, |c| Sql::Text(c.to_string())),
        Value::Enum(OptionEnum::Some(v)) => Sql::Text(v.value.to_string()),
        Value::Enum(OptionEnum::None(_)) => Sql::Null,
        Value::Bytes(v) => or_null(v, |b| Sql::Blob(b.clone())),
        Value::Json(v) => or_null(v, |j| Sql::Text(j.to_string())),
        Value::ChronoDateTimeUtc(v) => or_null(v, |t| Sql::Text(timestamp(t))),
        Value::ChronoDateTime(v) => or_null(v, |t| Sql::Text(t.format("%F %T%.f").to_string())),
        Value::ChronoDate(v) => or_null(v, |d| Sql::Text(d.format("%F").to_string())),
        Value::ChronoTime(v) => or_null(v, |t| Sql::Text(t.format("%T%.f").to_string())),
        other => {
            return Err(rusqlite::Error::ToSqlConversionFailure(
                format!("no SQLite form for {other:?}").into(),
            ))
        }
    })
}

/// A timestamp as sqlx stores it in SQLite.
fn timestamp(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// A stored timestamp, in the form sqlx wrote or an older naive one.
pub(crate) fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%F %T%.f")
                .ok()
                .map(|t| t.and_utc())
        })
}

/// SQLite's errors in the storage layer's terms: a busy or locked file
/// means the database is away for now (the client may retry), anything
/// else is a failed query. The message goes to logs only.
pub(super) fn storage_error(err: &rusqlite::Error) -> StorageError {
    let busy = matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked | ErrorCode::CannotOpen)
    );
    let err = DbErr::Custom(format!("sqlite: {err}"));
    if busy {
        StorageError::Unavailable(err)
    } else {
        StorageError::Query(err)
    }
}

/// Whether the failure is a UNIQUE constraint refusing the row.
pub(super) fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_timestamp_is_written_as_sqlx_writes_it() {
        let t = Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()
            + chrono::Duration::microseconds(1500);
        assert_eq!(timestamp(&t), "2026-11-27T10:00:00.001500+00:00");
        assert_eq!(parse_timestamp(&timestamp(&t)), Some(t));
    }

    #[test]
    fn a_naive_timestamp_is_read_as_utc() {
        let t = parse_timestamp("2026-11-27 10:00:00.5").unwrap();
        assert_eq!(timestamp(&t), "2026-11-27T10:00:00.500+00:00");
    }
}
