//! The moderation JSON API under `/api/v1/moderation`: every route requires a
//! moderator's bearer token (see [`auth::Authenticated`]).

pub mod auth;
pub mod decisions;
pub mod events;
pub mod notifications;
pub mod posts;
pub mod queue;
pub mod stats;
pub mod view;
