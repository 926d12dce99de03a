//! Author notifications: who is told about held comments, the outbox worker
//! that mails them, and the signed one-click links they carry.

pub mod email;
pub mod links;
pub mod recipient;
pub mod sender;
pub mod worker;

use chrono::{DateTime, Utc};

use crate::config::{NotifySettings, Preference};
use crate::storage::outbox::{Kind, NewNotice};
use crate::storage::submissions::SubmissionStore;
use crate::storage::StorageError;
use crate::telemetry::redact_email;

/// Works out the notice a newly held comment on `post_id` calls for, so the
/// caller can store it in the comment's own transaction. `registered` is
/// the post's registered author, read with the submission's history.
pub async fn plan_held(
    store: &SubmissionStore,
    settings: &NotifySettings,
    post_id: &str,
    registered: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<NewNotice>, StorageError> {
    let Some(to) = recipient::resolve(registered, post_id, settings) else {
        tracing::info!(post_id, "held comment: no author is registered or configured for this post, so no email is sent");
        return Ok(None);
    };
    let preference = match store.preference(&to.email).await? {
        Some(p) => p,
        None => to
            .configured_preference
            .unwrap_or(settings.default_preference),
    };
    let Some(due_at) = recipient::due_at(preference, now) else {
        tracing::info!(post_id, recipient = %redact_email(&to.email), "held comment: the author turned notices off");
        return Ok(None);
    };
    let kind = if preference == Preference::Immediate {
        Kind::Held
    } else {
        Kind::DigestItem
    };
    tracing::debug!(post_id, recipient = %redact_email(&to.email), source = to.source, preference = preference.as_str(), "held comment: notice planned");
    Ok(Some(NewNotice {
        kind,
        recipient: to.email,
        due_at,
    }))
}
