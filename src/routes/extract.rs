//! Reading untrusted requests at the edge: bounded bodies, JSON or form
//! content, and the client's address behind trusted proxies only.

use std::net::IpAddr;

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::config::{ServerSettings, TrustedProxy};
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
pub fn decode<T: DeserializeOwned>(
    format: BodyFormat,
    body: &[u8],
    max_json_depth: usize,
) -> Result<T, ApiError> {
    match format {
        BodyFormat::Json => {
            check_json_depth(body, max_json_depth)?;
            serde_json::from_slice(body).map_err(|e| ApiError::MalformedBody(e.to_string()))
        }
        BodyFormat::Form => {
            serde_urlencoded::from_bytes(body).map_err(|e| ApiError::MalformedBody(e.to_string()))
        }
    }
}

/// Refuses JSON nested deeper than `max`, before any parser recurses into
/// it: a cheap scan that only tracks brackets outside strings.
pub fn check_json_depth(body: &[u8], max: usize) -> Result<(), ApiError> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in body {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Err(ApiError::MalformedBody(format!(
                        "JSON is nested deeper than {max} levels"
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Reads a JSON-only body (the moderation API takes no forms).
pub async fn read_json<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    server: &ServerSettings,
) -> Result<T, ApiError> {
    if body_format(req)? != BodyFormat::Json {
        return Err(ApiError::UnsupportedMediaType);
    }
    let body = read_body(req, payload, server.max_body_bytes).await?;
    decode(BodyFormat::Json, &body, server.max_json_depth)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_depth_counts_brackets_outside_strings_only() {
        assert!(check_json_depth(br#"{"a":[{"b":1}]}"#, 3).is_ok());
        assert!(check_json_depth(br#"{"a":[{"b":[1]}]}"#, 3).is_err());
        assert!(check_json_depth(br#"{"a":"[[[[[[\"[[[["}"#, 1).is_ok());
        assert!(check_json_depth("[".repeat(100_000).as_bytes(), 16).is_err());
    }
}
