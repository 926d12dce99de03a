//! The API's error type and its RFC 7807 problem+json rendering. Each variant
//! has a stable machine `code`; causes are logged, never sent.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::domain::FieldError;
use crate::storage::StorageError;

/// Everything a handler can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("the request body could not be parsed: {0}")]
    MalformedBody(String),
    #[error("unsupported content type")]
    UnsupportedMediaType,
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("invalid parameter {field}: {message}")]
    InvalidParameter {
        field: &'static str,
        message: String,
    },
    #[error("no such resource")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("the database does not answer")]
    NotReady,
    #[error("a valid moderator token is required")]
    Unauthorized,
    #[error("the comment changed since version {expected}; reload it and decide again")]
    Conflict {
        expected: i32,
        current: serde_json::Value,
    },
    #[error("too many requests from this {kind}; retry in {retry_after_seconds} s")]
    RateLimited {
        kind: &'static str,
        retry_after_seconds: u64,
    },
    #[error("this Idempotency-Key was used with a different request")]
    IdempotencyKeyReused,
    #[error("the request took longer than {0} s")]
    Timeout(u64),
    #[error("storage failed")]
    Storage(#[from] StorageError),
}

// Every operation's error answer in the OpenAPI document; the doc comment
// below is its description there.
/// An error, as RFC 7807 problem+json with a stable `code`.
#[derive(utoipa::ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct ProblemResponse(#[allow(dead_code)] Problem);

/// The RFC 7807 body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// On a version conflict: the comment as it now stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<serde_json::Value>,
}

impl ApiError {
    /// A stable identifier clients can switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation_failed",
            Self::MalformedBody(_) => "malformed_body",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::InvalidParameter { .. } => "invalid_parameter",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::NotReady => "not_ready",
            Self::Unauthorized => "unauthorized",
            Self::Conflict { .. } => "version_conflict",
            Self::RateLimited { .. } => "rate_limited",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::Timeout(_) => "request_timeout",
            Self::Storage(StorageError::Unavailable(_)) => "service_unavailable",
            Self::Storage(StorageError::KeyTaken) => "idempotency_key_in_use",
            Self::Storage(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Validation(_) => "Validation failed",
            Self::MalformedBody(_) => "Malformed request body",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::PayloadTooLarge { .. } => "Payload too large",
            Self::InvalidParameter { .. } => "Invalid parameter",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::NotReady | Self::Storage(StorageError::Unavailable(_)) => "Service unavailable",
            Self::Unauthorized => "Unauthorized",
            Self::Conflict { .. } => "Version conflict",
            Self::RateLimited { .. } => "Too many requests",
            Self::IdempotencyKeyReused => "Idempotency key reused",
            Self::Timeout(_) => "Request timed out",
            Self::Storage(StorageError::KeyTaken) => "Idempotency key in use",
            Self::Storage(_) => "Internal error",
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::UnsupportedMediaType => {
                "send application/json or application/x-www-form-urlencoded".into()
            }
            Self::Storage(StorageError::Unavailable(_)) => {
                "the database is unavailable; nothing was stored, retry later".into()
            }
            Self::Storage(StorageError::KeyTaken) => {
                "a request with this Idempotency-Key is in progress; retry shortly".into()
            }
            Self::Timeout(_) => {
                "the request took too long; if it was a submission, retry with the same Idempotency-Key".into()
            }
            // Internal causes stay in the logs.
            Self::Storage(_) => "an internal error occurred".into(),
            other => other.to_string(),
        }
    }

    fn problem(&self) -> Problem {
        let errors = match self {
            Self::Validation(errors) => errors.clone(),
            Self::InvalidParameter { field, message } => {
                vec![FieldError::new(field, message.clone())]
            }
            _ => Vec::new(),
        };
        Problem {
            kind: format!("urn:moderato:problem:{}", self.code()),
            title: self.title(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            code: self.code(),
            errors,
            current: match self {
                Self::Conflict { current, .. } => Some(current.clone()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::MalformedBody(_) | Self::InvalidParameter { .. } => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotReady | Self::Storage(StorageError::Unavailable(_)) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Conflict { .. } | Self::Storage(StorageError::KeyTaken) => StatusCode::CONFLICT,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = %error_chain(self), code = self.code(), "request failed");
        } else {
            tracing::info!(code = self.code(), "request rejected: {self}");
        }
        let mut response = HttpResponse::build(status);
        response.content_type("application/problem+json");
        match self {
            Self::RateLimited {
                retry_after_seconds,
                ..
            } => {
                response.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
            }
            _ if status == StatusCode::SERVICE_UNAVAILABLE => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            _ => {}
        }
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(self.problem())
    }
}

/// The full cause chain on one line, for logs.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}
