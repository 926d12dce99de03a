//! Reloads the learned model's counts, so a replica learns from decisions
//! taken on other replicas (its own are applied at once).

use std::time::Duration;

use actix_web::web;

use crate::routes::error::error_chain;
use crate::startup::AppState;
use crate::storage::model;

pub async fn run(state: web::Data<AppState>) {
    let mut tick = tokio::time::interval(Duration::from_secs(
        state.settings.learning.refresh_seconds.max(1),
    ));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick fires at once; the model was just loaded at startup.
    tick.tick().await;
    loop {
        tick.tick().await;
        match model::load(&state.db).await {
            Ok(fresh) => {
                let mut current = state
                    .model
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                *current = fresh;
            }
            Err(e) => {
                tracing::warn!(error = %error_chain(&e), "could not refresh the learned model; keeping the current one")
            }
        }
    }
}
