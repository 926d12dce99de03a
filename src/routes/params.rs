//! Query parameters shared by listing routes: limits, opaque cursors, times.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::ApiError;

/// Page size: `default` when absent, otherwise 1..=`max`.
pub fn limit(raw: Option<u64>, default: u64, max: u64) -> Result<u64, ApiError> {
    let limit = raw.unwrap_or(default);
    if (1..=max).contains(&limit) {
        Ok(limit)
    } else {
        Err(ApiError::InvalidParameter {
            field: "limit",
            message: format!("must be between 1 and {max}"),
        })
    }
}

/// Cursors are opaque to clients (base64 of JSON) so their content can change.
pub fn encode_cursor<T: Serialize>(position: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(position).unwrap_or_default())
}

pub fn decode_cursor<T: DeserializeOwned>(raw: Option<&str>) -> Result<Option<T>, ApiError> {
    raw.map(|raw| {
        URL_SAFE_NO_PAD
            .decode(raw)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or_else(|| ApiError::InvalidParameter {
                field: "cursor",
                message: "is not a cursor this service issued".into(),
            })
    })
    .transpose()
}

/// An optional RFC 3339 query parameter.
pub fn timestamp(
    field: &'static str,
    raw: Option<&str>,
) -> Result<Option<DateTime<Utc>>, ApiError> {
    raw.map(|raw| {
        DateTime::parse_from_rfc3339(raw)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| ApiError::InvalidParameter {
                field,
                message: "must be an RFC 3339 timestamp".into(),
            })
    })
    .transpose()
}
