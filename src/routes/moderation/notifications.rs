//! The outbox as moderators see it: dead notifications and re-queueing, and
//! authors' delivery preferences.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;

use super::auth::Authenticated;
use crate::config::Preference;
use crate::domain::submission::AuthorEmail;
use crate::domain::FieldError;
use crate::routes::error::{ApiError, ProblemResponse};
use crate::routes::extract::read_json;
use crate::routes::params;
use crate::startup::AppState;
use crate::storage::outbox;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// dead (the default), pending, sent or skipped.
    status: Option<String>,
    /// 1-200 (default 50).
    limit: Option<u64>,
}

/// One notification in the outbox.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    id: String,
    kind: String,
    recipient: String,
    comment_id: Option<String>,
    status: String,
    attempts: i32,
    next_attempt_at: chrono::DateTime<Utc>,
    last_error: Option<String>,
    created_at: chrono::DateTime<Utc>,
    sent_at: Option<chrono::DateTime<Utc>>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NotificationPage {
    items: Vec<NotificationView>,
}

/// A notification's or an author's state after a change.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Requeued {
    id: String,
    status: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AuthorPreference {
    email: String,
    preference: Preference,
}

#[utoipa::path(
    get,
    path = "/api/v1/moderation/notifications",
    tag = "moderation",
    summary = "Notifications in the outbox by status",
    params(ListQuery),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "Notifications, newest first", body = NotificationPage),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
/// `GET /api/v1/moderation/notifications?status=dead|pending|sent|skipped`
pub async fn list(
    _: Authenticated,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let status = query.status.as_deref().unwrap_or("dead");
    if !matches!(status, "dead" | "pending" | "sent" | "skipped") {
        return Err(ApiError::InvalidParameter {
            field: "status",
            message: "must be dead, pending, sent or skipped".into(),
        });
    }
    let limit = params::limit(query.limit, 50, 200)?;
    let rows = outbox::list(&state.db, status, limit).await?;
    let items = rows
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            kind: n.kind,
            recipient: n.recipient,
            comment_id: n.comment_id,
            status: n.status,
            attempts: n.attempts,
            next_attempt_at: n.next_attempt_at,
            last_error: n.last_error,
            created_at: n.created_at,
            sent_at: n.sent_at,
        })
        .collect();
    Ok(HttpResponse::Ok().json(NotificationPage { items }))
}

/// `POST /api/v1/moderation/notifications/{id}/retry`: a dead notification goes back in the queue.
#[utoipa::path(
    post,
    path = "/api/v1/moderation/notifications/{id}/retry",
    tag = "moderation",
    summary = "Put a dead notification back in the queue",
    params(("id" = String, Path, description = "The notification's id")),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "Queued again", body = Requeued),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
pub async fn retry(
    who: Authenticated,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !outbox::requeue(&state.db, &path, Utc::now()).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(notification = %path, moderator = %who.0.name, "dead notification re-queued");
    Ok(HttpResponse::Ok().json(Requeued {
        id: path.into_inner(),
        status: "pending".into(),
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferenceBody {
    /// immediate, hourly, daily or off.
    preference: Option<String>,
}

/// `PUT /api/v1/moderation/authors/{email}/preference`: `immediate`, `hourly`, `daily` or `off`.
#[utoipa::path(
    put,
    path = "/api/v1/moderation/authors/{email}/preference",
    tag = "moderation",
    summary = "Set how an author is told about held comments",
    params(("email" = String, Path, description = "The author's email address")),
    request_body(content = PreferenceBody, content_type = "application/json"),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "The stored preference", body = AuthorPreference),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
pub async fn set_preference(
    _: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body: PreferenceBody = read_json(&req, payload, &state.settings.server).await?;
    let mut errors = Vec::new();
    let email = AuthorEmail::parse(&path)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    let preference = match body.preference.as_deref().map(Preference::parse) {
        Some(Some(p)) => Some(p),
        _ => {
            errors.push(FieldError::new(
                "preference",
                "must be immediate, hourly, daily or off",
            ));
            None
        }
    };
    let (Some(email), Some(preference)) = (email, preference) else {
        return Err(ApiError::Validation(errors));
    };
    outbox::set_preference(&state.db, email.as_str(), preference).await?;
    Ok(HttpResponse::Ok().json(AuthorPreference {
        email: email.as_str().to_owned(),
        preference,
    }))
}
