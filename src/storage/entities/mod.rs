//! sea-orm entities, one per table; the schema itself lives in `migrations/`.

pub mod comments;
pub mod moderation_events;
pub mod moderator_sessions;
pub mod moderators;
pub mod posts;
