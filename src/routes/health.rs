//! Liveness and readiness for load balancers and orchestrators.

use std::time::Duration;

use actix_web::{web, HttpResponse};
use serde_json::json;

use super::error::{error_chain, ApiError};
use crate::startup::AppState;
use crate::storage;

/// `GET /healthz`: the process is alive and serving.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// `GET /readyz`: 200 only while the database answers, so a load balancer
/// stops sending comments to a replica that could not store them.
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match tokio::time::timeout(Duration::from_secs(2), storage::ping(&state.db)).await {
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
