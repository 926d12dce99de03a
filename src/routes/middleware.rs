//! Middleware every route shares: a deadline per request, security headers on
//! HTML, and CORS for the public endpoints.

use std::time::Duration;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use super::error::ApiError;
use crate::config::{normalise_origin, ServerSettings};
use crate::startup::AppState;

/// Answers 503 when a request runs past `server.request_timeout_seconds`, so
/// no client waits on a stuck dependency longer than that. Dropping the
/// handler rolls back its open transaction; a commit that already happened
/// stays, which is why clients retry submissions with an Idempotency-Key.
///
/// It is the outermost middleware and answers with an error rather than a
/// response because a response needs the request, and actix forbids holding
/// a copy of it while the router is still matching.
pub async fn deadline(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let seconds = req
        .app_data::<web::Data<AppState>>()
        .map_or(10, |s| s.settings.server.request_timeout_seconds);
    match tokio::time::timeout(Duration::from_secs(seconds), next.call(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(timeout_seconds = seconds, "request timed out");
            Err(ApiError::Timeout(seconds).into())
        }
    }
}

/// A policy for HTML that has none of its own (error pages and the like):
/// nothing may load, nothing may frame it.
const FALLBACK_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Every response gets `nosniff`; every HTML response also gets a CSP, frame
/// and referrer protection unless its route set stricter ones.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        for (name, value) in [
            (header::CONTENT_SECURITY_POLICY, FALLBACK_CSP),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::REFERRER_POLICY, "no-referrer"),
        ] {
            if !headers.contains_key(&name) {
                headers.insert(name, HeaderValue::from_static(value));
            }
        }
    }
    Ok(response)
}

/// CORS for the public endpoints: the configured origins only, no
/// credentials ever, and no headers at all when no origin is configured or
/// the endpoint is not public.
pub fn cors(server: &ServerSettings, public: bool) -> actix_web::middleware::Condition<Cors> {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST"])
        .allowed_headers([
            header::CONTENT_TYPE,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::LOCATION,
            header::RETRY_AFTER,
            header::HeaderName::from_static("x-request-id"),
            header::HeaderName::from_static("idempotent-replayed"),
        ])
        // A page from another origin is simply not given CORS headers; the
        // request itself is judged like any other.
        .block_on_origin_mismatch(false)
        .max_age(3600);
    for origin in &server.allowed_origins {
        if origin == "*" {
            cors = cors.allow_any_origin().send_wildcard();
        } else if let Some(origin) = normalise_origin(origin) {
            cors = cors.allowed_origin(&origin);
        }
    }
    actix_web::middleware::Condition::new(public && !server.allowed_origins.is_empty(), cors)
}
