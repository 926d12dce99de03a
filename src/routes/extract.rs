//! Reading untrusted requests at the edge: bounded bodies, JSON or form
//! content, and the client's address behind trusted proxies only.

use std::net::IpAddr;

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::config::TrustedProxy;
use crate::domain::RequestMeta;

/// How the client encoded its request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Json,
    Form,
}

/// Reads the whole body, refusing it as soon as it passes `limit` bytes so an
/// oversized upload is never buffered.
pub async fn read_body(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<web::Bytes, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::MalformedBody(e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The body format named by `Content-Type`; anything else is a 415.
pub fn body_format(req: &HttpRequest) -> Result<BodyFormat, ApiError> {
    let mime = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    match mime.as_deref() {
        Some("application/json") => Ok(BodyFormat::Json),
        Some("application/x-www-form-urlencoded") => Ok(BodyFormat::Form),
        _ => Err(ApiError::UnsupportedMediaType),
    }
}

/// Decodes a body in the given format into `T`.
pub fn decode<T: DeserializeOwned>(format: BodyFormat, body: &[u8]) -> Result<T, ApiError> {
    match format {
        BodyFormat::Json => {
            serde_json::from_slice(body).map_err(|e| ApiError::MalformedBody(e.to_string()))
        }
        BodyFormat::Form => {
            serde_urlencoded::from_bytes(body).map_err(|e| ApiError::MalformedBody(e.to_string()))
        }
    }
}

/// Reads a JSON-only body (the moderation API takes no forms).
pub async fn read_json<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<T, ApiError> {
    if body_format(req)? != BodyFormat::Json {
        return Err(ApiError::UnsupportedMediaType);
    }
    let body = read_body(req, payload, limit).await?;
    decode(BodyFormat::Json, &body)
}

/// Longest header value we keep; longer ones are cut, not refused.
const MAX_HEADER_CHARS: usize = 500;

/// The request facts stored with a comment.
pub fn request_meta(req: &HttpRequest, trusted: &[TrustedProxy]) -> RequestMeta {
    let text = |name: header::HeaderName| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(MAX_HEADER_CHARS).collect::<String>())
            .filter(|v| !v.is_empty())
    };
    RequestMeta {
        client_ip: client_ip(req, trusted),
        user_agent: text(header::USER_AGENT),
        referer: text(header::REFERER),
    }
}

/// The peer address, unless the peer is a trusted proxy: then the nearest
/// untrusted hop of `X-Forwarded-For`, read right to left because only the
/// entries our own proxies appended can be believed.
pub fn client_ip(req: &HttpRequest, trusted: &[TrustedProxy]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|t| t.contains(ip));
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let hops: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    for hop in hops.into_iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => continue,
            Ok(ip) => return Some(ip),
            // Garbage means the chain can't be followed further back.
            Err(_) => break,
        }
    }
    Some(peer)
}
