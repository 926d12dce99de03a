//! The public listing of published comments.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::{ApiError, ProblemResponse};
use super::params;
use crate::startup::AppState;
use crate::storage;
use crate::storage::listing_cache::Lookup;

/// Query string of the public listing.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Items per page, 1-100 (default 50).
    limit: Option<u64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

const DEFAULT_LIMIT: u64 = 50;
const MAX_LIMIT: u64 = 100;

/// A published comment: never an email, address or score.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicItem {
    id: String,
    parent_id: Option<String>,
    author_name: String,
    author_url: Option<String>,
    body: String,
    created_at: DateTime<Utc>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Page {
    items: Vec<PublicItem>,
    next_cursor: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/posts/{post_id}/comments",
    tag = "comments",
    summary = "Published comments of a post, oldest first",
    params(("post_id" = String, Path, description = "The blog's identifier of the post"), ListQuery),
    responses(
        (status = 200, description = "A page of approved comments", body = Page),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
/// `GET /api/v1/posts/{post_id}/comments`
pub async fn list(
    path: web::Path<String>,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let limit = params::limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let after: Option<Uuid> = params::decode_cursor(query.cursor.as_deref())?;
    let key = (path.clone(), limit, query.cursor.clone());
    let refresh = match state.listing_cache.lookup(&key) {
        Lookup::Hit(body) => return Ok(json_page(body)),
        Lookup::Miss(refresh) => refresh,
    };
    let (rows, more) = match storage::comments::list_approved(&state.db, &path, after, limit).await
    {
        Ok(found) => found,
        Err(e) => {
            let Some(stale) = refresh.stale() else {
                return Err(e.into());
            };
            tracing::warn!(error = ?e, post_id = %path, "listing served from the cache: the database did not answer");
            return Ok(json_page(stale));
        }
    };
    let next_cursor = match rows.last() {
        Some(last) if more => Some(params::encode_cursor(&last.id)),
        _ => None,
    };
    let items = rows
        .into_iter()
        .map(|c| PublicItem {
            id: c.id,
            parent_id: c.parent_id,
            author_name: c.author_name,
            author_url: c.author_url,
            body: c.body,
            created_at: c.created_at,
        })
        .collect();
    let body = web::Bytes::from(
        serde_json::to_vec(&Page { items, next_cursor })
            .map_err(|e| ApiError::MalformedBody(e.to_string()))?,
    );
    refresh.put(body.clone());
    Ok(json_page(body))
}

fn json_page(body: web::Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(body)
}
