//! The moderation JSON API under `/api/v1/moderation`: every route requires a
//! moderator's bearer token (see [`auth::Authenticated`]).

pub mod auth;
pub mod decisions;
mod events;
mod notifications;
mod posts;
pub mod queue;
mod stats;
pub mod view;

use actix_web::web;

/// Registers the moderation API routes inside the `/api/v1` scope.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/moderation")
            .route("/comments", web::get().to(queue::list))
            .route("/comments/{id}", web::get().to(queue::get))
            .route("/comments/{id}/decision", web::post().to(decisions::decide))
            .route("/decisions", web::post().to(decisions::bulk))
            .route("/events", web::get().to(events::list))
            .route("/stats", web::get().to(stats::stats))
            .route("/posts/{post_id}", web::put().to(posts::register))
            .route("/notifications", web::get().to(notifications::list))
            .route(
                "/notifications/{id}/retry",
                web::post().to(notifications::retry),
            )
            .route(
                "/authors/{email}/preference",
                web::put().to(notifications::set_preference),
            ),
    );
}
