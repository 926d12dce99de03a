//! sea-orm entities, one per table; the schema itself lives in `migrations/`.

pub mod author_preferences;
pub mod comments;
pub mod data_requests;
pub mod idempotency_keys;
pub mod moderation_events;
pub mod moderator_sessions;
pub mod moderators;
pub mod notifications;
pub mod posts;
