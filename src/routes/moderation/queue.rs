//! `GET /api/v1/moderation/comments` and `GET /api/v1/moderation/comments/{id}`.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::auth::Authenticated;
use super::view::{EventView, ModeratorComment};
use crate::domain::scoring::Category;
use crate::domain::CommentStatus;
use crate::routes::error::{ApiError, ProblemResponse};
use crate::routes::params;
use crate::startup::AppState;
use crate::storage::decisions;
use crate::storage::queue::{self, QueueCursor, QueueFilter, Sort, StatusCounts};

/// Queue filters as they arrive in the query string.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    pub status: Option<String>,
    pub post_id: Option<String>,
    pub category: Option<String>,
    pub min_score: Option<f64>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct CursorPosition {
    s: f64,
    id: String,
}

impl QueueQuery {
    /// Turns the query into a storage filter, naming the first bad parameter.
    pub fn parse(&self) -> Result<QueueFilter, ApiError> {
        let bad = |field: &'static str, message: &str| ApiError::InvalidParameter {
            field,
            message: message.to_owned(),
        };
        let status = match self.status.as_deref() {
            None | Some("") => CommentStatus::Pending,
            Some(s) => CommentStatus::parse(s)
                .ok_or_else(|| bad("status", "must be approved, pending or rejected"))?,
        };
        let category = match self.category.as_deref() {
            None | Some("") => None,
            Some("spam") => Some(Category::Spam),
            Some("toxicity") => Some(Category::Toxicity),
            Some(_) => return Err(bad("category", "must be spam or toxicity")),
        };
        let sort = match self.sort.as_deref() {
            None | Some("") | Some("score") => Sort::Score,
            Some("oldest") => Sort::Oldest,
            Some("newest") => Sort::Newest,
            Some(_) => return Err(bad("sort", "must be score, oldest or newest")),
        };
        if self.min_score.is_some_and(|m| !(0.0..=1.0).contains(&m)) {
            return Err(bad("min_score", "must be between 0 and 1"));
        }
        if self.q.as_deref().is_some_and(|q| q.chars().count() > 200) {
            return Err(bad("q", "must be at most 200 characters"));
        }
        let after =
            params::decode_cursor::<CursorPosition>(self.cursor.as_deref())?.map(|c| QueueCursor {
                score: c.s,
                id: c.id,
            });
        Ok(QueueFilter {
            status,
            post_id: self.post_id.clone().filter(|p| !p.is_empty()),
            category,
            min_score: self.min_score,
            text: self
                .q
                .as_deref()
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(str::to_owned),
            sort,
            after,
            limit: params::limit(self.limit, 25, 100)?,
        })
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueueResponse {
    items: Vec<ModeratorComment>,
    next_cursor: Option<String>,
    totals: StatusCounts,
}

/// Encodes where a queue page ended.
pub fn next_cursor(next: Option<QueueCursor>) -> Option<String> {
    next.map(|c| {
        params::encode_cursor(&CursorPosition {
            s: c.score,
            id: c.id,
        })
    })
}

/// `GET /api/v1/moderation/comments`
#[utoipa::path(
    get,
    path = "/api/v1/moderation/comments",
    tag = "moderation",
    summary = "The moderation queue",
    params(QueueQuery),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "A page of comments with per-status totals", body = QueueResponse),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
pub async fn list(
    _: Authenticated,
    query: web::Query<QueueQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.parse()?;
    let page = queue::list(&state.db, &filter).await?;
    Ok(HttpResponse::Ok().json(QueueResponse {
        next_cursor: next_cursor(page.next),
        items: page.items.into_iter().map(ModeratorComment::from).collect(),
        totals: page.totals,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DetailResponse {
    #[serde(flatten)]
    comment: ModeratorComment,
    events: Vec<EventView>,
}

/// `GET /api/v1/moderation/comments/{id}`
#[utoipa::path(
    get,
    path = "/api/v1/moderation/comments/{id}",
    tag = "moderation",
    summary = "One comment with its audit trail",
    params(("id" = String, Path, description = "The comment's id")),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "The comment and its events", body = DetailResponse),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
pub async fn get(
    _: Authenticated,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let item = queue::get(&state.db, &path)
        .await?
        .ok_or(ApiError::NotFound)?;
    let events = decisions::trail(&state.db, &path).await?;
    Ok(HttpResponse::Ok().json(DetailResponse {
        comment: item.into(),
        events: events.into_iter().map(EventView::from).collect(),
    }))
}
