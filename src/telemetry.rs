//! Logging setup and the request-id middleware that ties every log line of a
//! request together.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, TelemetrySettings};

/// Installs the global subscriber. `RUST_LOG`, when set, overrides the
/// configured level.
pub fn init(settings: &TelemetrySettings) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true);
    // A second init (tests spawning many apps) is harmless, so its error is ignored.
    let _ = match settings.format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Takes the caller's `x-request-id` when it is short and plain (so it can't
/// forge log lines), or makes one; logs the outcome and echoes the id back.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_plain_id(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %loggable_path(req.path()));
    let started = Instant::now();
    let mut response = next.call(req).instrument(span.clone()).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
            "request finished"
        )
    });
    Ok(response)
}

fn is_plain_id(v: &str) -> bool {
    (1..=64).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The request path as it may appear in logs: one-click tokens (which act
/// on a comment for whoever holds them) and email addresses are masked.
pub fn loggable_path(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("/moderate/") {
        if !rest.is_empty() {
            return "/moderate/{token}".to_owned();
        }
    }
    if !path.contains('@') && !path.contains("%40") {
        return path.to_owned();
    }
    path.split('/')
        .map(|segment| {
            let decoded = segment.replace("%40", "@");
            if decoded.contains('@') {
                redact_email(&decoded)
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Shows enough of an email to tell people apart in logs without exposing it.
pub fn redact_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_from_clients_must_be_plain() {
        assert!(is_plain_id("abc-123_x.y"));
        assert!(!is_plain_id("abc\ninjected"));
        assert!(!is_plain_id(&"a".repeat(65)));
    }

    #[test]
    fn paths_lose_their_tokens_and_emails() {
        assert_eq!(loggable_path("/moderate/abc.def"), "/moderate/{token}");
        assert_eq!(
            loggable_path("/api/v1/moderation/authors/ana%40blog.example/preference"),
            "/api/v1/moderation/authors/a***@blog.example/preference"
        );
        assert_eq!(
            loggable_path("/api/v1/posts/p-1/comments"),
            "/api/v1/posts/p-1/comments"
        );
    }

    #[test]
    fn emails_are_redacted() {
        assert_eq!(redact_email("tomas@example.org"), "t***@example.org");
        assert_eq!(redact_email("garbage"), "***");
    }
}
