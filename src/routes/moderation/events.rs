//! `GET /api/v1/moderation/events`: the audit log.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::auth::Authenticated;
use super::view::EventView;
use crate::routes::error::{ApiError, ProblemResponse};
use crate::routes::params;
use crate::startup::AppState;
use crate::storage::decisions::{self, EventFilter};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    comment_id: Option<String>,
    moderator: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<u64>,
    cursor: Option<String>,
}

/// A page of the audit log.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct EventPage {
    items: Vec<EventView>,
    next_cursor: Option<String>,
}

/// `GET /api/v1/moderation/events`
#[utoipa::path(
    get,
    path = "/api/v1/moderation/events",
    tag = "moderation",
    summary = "The audit log, newest first",
    params(EventsQuery),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "A page of events", body = EventPage),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
pub async fn list(
    _: Authenticated,
    query: web::Query<EventsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let filter = EventFilter {
        comment_id: query.comment_id.clone(),
        actor: query.moderator.clone(),
        since: params::timestamp("since", query.since.as_deref())?,
        until: params::timestamp("until", query.until.as_deref())?,
        before: params::decode_cursor(query.cursor.as_deref())?,
    };
    let limit = params::limit(query.limit, 50, 200)?;
    let (rows, more) = decisions::events(&state.db, &filter, limit).await?;
    let next_cursor = rows
        .last()
        .filter(|_| more)
        .map(|e| params::encode_cursor(&e.id));
    let items: Vec<EventView> = rows.into_iter().map(EventView::from).collect();
    Ok(HttpResponse::Ok().json(EventPage { items, next_cursor }))
}
