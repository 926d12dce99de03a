//! Periodically purges rejected comments older than the retention period.

use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;

use crate::config::RetentionSettings;
use crate::routes::error::error_chain;
use crate::storage::retention::purge_rejected_before;

/// Runs forever; the caller aborts it on shutdown. A failed pass is logged and
/// retried on the next tick, so a database outage loses nothing.
pub async fn run(db: DatabaseConnection, settings: RetentionSettings) {
    if settings.purge_rejected_after_days <= 0.0 {
        tracing::info!(
            "retention: rejected comments are kept forever (purge_rejected_after_days = 0)"
        );
        return;
    }
    let keep =
        chrono::Duration::milliseconds((settings.purge_rejected_after_days * 86_400_000.0) as i64);
    let mut tick = tokio::time::interval(Duration::from_secs(settings.check_interval_seconds));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let cutoff = Utc::now() - keep;
        match purge_rejected_before(&db, cutoff).await {
            Ok(0) => tracing::debug!("retention: nothing to purge"),
            Ok(n) => {
                tracing::info!(purged = n, cutoff = %cutoff, "retention: purged rejected comments")
            }
            Err(e) => {
                tracing::warn!(error = %error_chain(&e), "retention: purge failed; will retry")
            }
        }
    }
}
