//! Once a minute: forget idle rate-limit buckets and expired idempotency keys,
//! so neither memory nor the keys table grows without bound.

use std::time::Duration;

use actix_web::web;
use chrono::Utc;

use crate::routes::error::error_chain;
use crate::startup::AppState;
use crate::storage::idempotency;

pub async fn run(state: web::Data<AppState>) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let ttl = chrono::Duration::hours(state.settings.idempotency.key_ttl_hours as i64);
    loop {
        tick.tick().await;
        state.limits.forget_idle();
        match idempotency::purge_before(&state.db, Utc::now() - ttl).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "expired idempotency keys removed"),
            Err(e) => {
                tracing::warn!(error = %error_chain(&e), "could not purge idempotency keys; will retry")
            }
        }
    }
}
