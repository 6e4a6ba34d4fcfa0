//! The rules of participation, free of any IO: domain types, validation, who may do
//! what and when, the trending rank, sort orders and cursors. Everything here is a pure
//! function of its inputs (the caller passes "now"), so it is unit-tested without a
//! database and gives the same answer on every app server.

pub mod ballot_log;
pub mod error;
pub mod listing;
pub mod markdown;
pub mod multiloc;
pub mod opinions;
pub mod participation;
pub mod pb;
pub mod permissions;
pub mod phase;
pub mod profile;
pub mod rate_limit;
pub mod reaction;
pub mod results;
pub mod sign_in;
pub mod survey;
pub mod trending;
pub mod validate;
pub mod voting;

pub use error::{Code, Error, FieldError};
pub use multiloc::Multiloc;

/// Database ids. Clients treat them as opaque.
pub type Id = i64;

/// Microseconds since the Unix epoch, UTC. Stored as BIGINT on both backends, which
/// sidesteps the different text formats SQLite and PostgreSQL give timestamps.
pub type Micros = i64;

pub const MICROS_PER_SECOND: Micros = 1_000_000;
pub const MICROS_PER_HOUR: Micros = 3_600 * MICROS_PER_SECOND;
pub const MICROS_PER_DAY: Micros = 24 * MICROS_PER_HOUR;

/// The interface languages Agora ships, the first being the platform default.
pub const LOCALES: [&str; 3] = ["en", "nl", "fr"];
pub const DEFAULT_LOCALE: &str = "en";

pub fn is_supported_locale(locale: &str) -> bool {
    LOCALES.contains(&locale)
}

/// The URL prefix of a locale's pages (`/nl` for `nl`), or `""` for an unknown one.
pub fn url_prefix(locale: &str) -> &'static str {
    static PREFIXES: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    PREFIXES
        .get_or_init(|| LOCALES.iter().map(|l| (*l, format!("/{l}"))).collect())
        .iter()
        .find(|(l, _)| *l == locale)
        .map_or("", |(_, prefix)| prefix.as_str())
}

/// Converts microseconds to a UTC date-time, clamping values chrono cannot represent.
pub fn to_datetime(micros: Micros) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

/// Compares two secrets in time that depends only on their lengths, so that timing does
/// not reveal how much of a guess was right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}
