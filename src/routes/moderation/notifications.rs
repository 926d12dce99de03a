//! The outbox as moderators see it: dead notifications and re-queueing, and
//! authors' delivery preferences.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;

use super::auth::Authenticated;
use crate::config::Preference;
use crate::domain::submission::AuthorEmail;
use crate::domain::FieldError;
use crate::routes::error::ApiError;
use crate::routes::extract::read_json;
use crate::routes::params;
use crate::startup::AppState;
use crate::storage::outbox;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    status: Option<String>,
    limit: Option<u64>,
}

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
    let items: Vec<_> = rows
        .into_iter()
        .map(|n| {
            serde_json::json!({
                "id": n.id,
                "kind": n.kind,
                "recipient": n.recipient,
                "comment_id": n.comment_id,
                "status": n.status,
                "attempts": n.attempts,
                "next_attempt_at": n.next_attempt_at,
                "last_error": n.last_error,
                "created_at": n.created_at,
                "sent_at": n.sent_at,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// `POST /api/v1/moderation/notifications/{id}/retry`: a dead notification goes back in the queue.
pub async fn retry(
    who: Authenticated,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !outbox::requeue(&state.db, &path, Utc::now()).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(notification = %path, moderator = %who.0.name, "dead notification re-queued");
    Ok(
        HttpResponse::Ok()
            .json(serde_json::json!({ "id": path.into_inner(), "status": "pending" })),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreferenceBody {
    preference: Option<String>,
}

/// `PUT /api/v1/moderation/authors/{email}/preference`: `immediate`, `hourly`, `daily` or `off`.
pub async fn set_preference(
    _: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body: PreferenceBody =
        read_json(&req, payload, &state.settings.server).await?;
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
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "email": email.as_str(), "preference": preference })))
}
