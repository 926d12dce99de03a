//! Liveness and readiness for load balancers and orchestrators.

use std::time::Duration;

use actix_web::{web, HttpResponse};
use serde_json::json;

use super::error::{error_chain, ApiError};
use crate::metrics::StatusLabels;
use crate::startup::AppState;
use crate::storage;

/// `GET /healthz`: the process is alive and serving.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// `GET /metrics` (when `metrics.enabled`): the registry, with the database
/// gauges read now. A database that does not answer leaves them as they were.
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if !state.settings.metrics.enabled {
        return Err(ApiError::NotFound);
    }
    let m = &state.metrics;
    let (size, idle) = storage::gauges::pool_usage(&state.db);
    m.pool_size.set(i64::from(size));
    m.pool_idle.set(idle as i64);
    if let Some((entries, reach)) = state.submissions.recent_window() {
        m.recent_submissions.set(entries as i64);
        m.recent_reach_seconds.set(reach.num_seconds());
    }
    match storage::gauges::queue_depth(&state.db).await {
        Ok(depth) => {
            m.queue_depth.set(depth as i64);
        }
        Err(e) => tracing::warn!(error = %error_chain(&e), "metrics: queue depth unavailable"),
    }
    match storage::gauges::outbox_by_status(&state.db).await {
        Ok(rows) => {
            for (status, n) in rows {
                m.outbox.get_or_create(&StatusLabels { status }).set(n);
            }
        }
        Err(e) => tracing::warn!(error = %error_chain(&e), "metrics: outbox depth unavailable"),
    }
    Ok(HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(m.render()))
}

/// `GET /readyz`: 200 only while the database answers, on SQLite through
/// the writer's own connection too, so a load balancer stops sending
/// comments to a replica that could not store them.
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let ping = async {
        storage::ping(&state.db).await?;
        state.submissions.ping_writer().await
    };
    match tokio::time::timeout(Duration::from_secs(2), ping).await {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(json!({"status": "ready"}))),
        Ok(Err(e)) => {
            tracing::warn!(error = %error_chain(&e), "readiness check failed");
            Err(ApiError::NotReady)
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            Err(ApiError::NotReady)
        }
    }
}
