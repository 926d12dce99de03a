//! `GET /api/v1/moderation/stats`: which rules do the work.

use actix_web::{web, HttpResponse};
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};

use super::auth::Authenticated;
use crate::routes::error::{ApiError, ProblemResponse};
use crate::routes::params;
use crate::startup::AppState;
use crate::storage::queue::{self, StatusCounts};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    since: Option<String>,
    until: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RuleCount {
    rule: String,
    category: String,
    comments: u64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Stats {
    since: chrono::DateTime<Utc>,
    until: chrono::DateTime<Utc>,
    by_status: StatusCounts,
    by_rule: Vec<RuleCount>,
}

#[utoipa::path(
    get,
    path = "/api/v1/moderation/stats",
    tag = "moderation",
    summary = "Comments by status and by rule in a window (default: the last 30 days)",
    params(StatsQuery),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "Counts", body = Stats),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
/// Counts over comments created in `[since, until)`, by default the last 30 days.
pub async fn stats(
    _: Authenticated,
    query: web::Query<StatsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let until = params::timestamp("until", query.until.as_deref())?.unwrap_or_else(Utc::now);
    let since =
        params::timestamp("since", query.since.as_deref())?.unwrap_or(until - Duration::days(30));
    if since >= until {
        return Err(ApiError::InvalidParameter {
            field: "since",
            message: "must be before until".into(),
        });
    }
    let (by_status, by_rule) = queue::window_stats(&state.db, since, until).await?;
    Ok(HttpResponse::Ok().json(Stats {
        since,
        until,
        by_status,
        by_rule: by_rule
            .into_iter()
            .map(|(rule, category, comments)| RuleCount {
                rule,
                category,
                comments,
            })
            .collect(),
    }))
}
