//! The outbox worker: claims due notifications, renders and sends them, and
//! records the outcome. Failures retry with exponential backoff and jitter
//! until `notify.max_attempts`, then the row is dead (and can be re-queued).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;

use super::email::{self, Envelope, HeldItem};
use super::links::{LinkClaims, LinkSigner};
use super::sender::Mailer;
use crate::config::Settings;
use crate::domain::moderation::Action;
use crate::domain::scoring::Reason;
use crate::domain::CommentStatus;
use crate::metrics::Metrics;
use crate::routes::error::error_chain;
use crate::storage::outbox::{self, Claimed, Kind};
use crate::storage::queue::{self, QueueItem};
use crate::storage::StorageError;
use crate::telemetry::redact_email;

const EXCERPT_CHARS: usize = 300;
const REASONS_SHOWN: usize = 3;

/// One worker; several may run against one database.
pub struct Worker {
    db: DatabaseConnection,
    mailer: Mailer,
    signer: LinkSigner,
    settings: Settings,
    id: String,
    metrics: Option<Arc<Metrics>>,
}

/// The outcome of handling one email's worth of rows.
enum Outcome {
    Sent,
    /// Nothing left to say (the comments were decided or are gone).
    Skipped,
    /// The data can't make an email; retrying won't help.
    Broken(String),
    /// The relay failed; try again later.
    Retry(String),
}

impl Worker {
    pub fn new(
        db: DatabaseConnection,
        settings: Settings,
        signer: LinkSigner,
    ) -> Result<Self, lettre::transport::smtp::Error> {
        Ok(Self {
            mailer: Mailer::new(&settings.smtp)?,
            db,
            signer,
            settings,
            id: uuid::Uuid::new_v4().to_string(),
            metrics: None,
        })
    }

    /// Counts sends and failures in the serving process's metrics.
    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Runs until the task is dropped. A database or relay outage only delays mail.
    pub async fn run(self) {
        let idle = Duration::from_millis(self.settings.notify.poll_interval_ms);
        tracing::info!(worker = %self.id, "notification worker started");
        loop {
            match self.run_once().await {
                Ok(0) => tokio::time::sleep(idle).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %error_chain(&e), "notification worker: the outbox is unreachable; retrying");
                    tokio::time::sleep(idle).await;
                }
            }
        }
    }

    /// Claims one batch and handles it; returns how many rows it claimed.
    pub async fn run_once(&self) -> Result<usize, StorageError> {
        let now = Utc::now();
        let lease = now + chrono::Duration::seconds(self.settings.notify.lease_seconds as i64);
        let claimed = outbox::claim(
            &self.db,
            &self.id,
            now,
            lease,
            self.settings.notify.batch_size,
        )
        .await?;
        let count = claimed.len();
        let mut digests: BTreeMap<String, Vec<Claimed>> = BTreeMap::new();
        for row in claimed {
            match Kind::parse(&row.kind) {
                Some(Kind::DigestItem) => {
                    digests.entry(row.recipient.clone()).or_default().push(row)
                }
                Some(Kind::Held) => {
                    let outcome = self.send_held(&row).await;
                    self.record(&[row], outcome).await?;
                }
                Some(Kind::Approved) => {
                    let outcome = self.send_approved(&row).await;
                    self.record(&[row], outcome).await?;
                }
                None => {
                    self.record(&[row], Outcome::Broken("unknown notification kind".into()))
                        .await?
                }
            }
        }
        for rows in digests.into_values() {
            let outcome = self.send_digest(&rows).await;
            self.record(&rows, outcome).await?;
        }
        Ok(count)
    }

    fn envelope<'a>(&'a self, to: &'a str, notification_id: &str) -> Envelope<'a> {
        let host = url::Url::parse(&self.settings.server.public_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "moderato.local".into());
        Envelope {
            from: &self.settings.smtp.from,
            to,
            message_id: format!("<{notification_id}@{host}>"),
        }
    }

    async fn load(&self, row: &Claimed) -> Result<Option<QueueItem>, String> {
        let Some(id) = &row.comment_id else {
            return Ok(None);
        };
        queue::get(&self.db, id).await.map_err(|e| error_chain(&e))
    }

    fn held_item(&self, item: QueueItem, recipient: &str) -> HeldItem {
        let base = self.settings.server.public_url.trim_end_matches('/');
        let expires = (Utc::now()
            + chrono::Duration::hours(self.settings.notify.link_ttl_hours as i64))
        .timestamp();
        let link = |action| {
            let token = self.signer.sign(&LinkClaims {
                comment_id: item.comment.id.clone(),
                action,
                recipient: recipient.to_owned(),
                expires,
            });
            format!("{base}/moderate/{token}")
        };
        let mut reasons: Vec<Reason> =
            serde_json::from_str(&item.comment.reasons).unwrap_or_default();
        reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        HeldItem {
            approve_url: link(Action::Approve),
            reject_url: link(Action::Reject),
            spam_url: link(Action::Spam),
            queue_url: format!("{base}/moderation?status=pending#c-{}", item.comment.id),
            post_title: email::header_safe(
                item.post
                    .as_ref()
                    .and_then(|p| p.title.as_deref())
                    .unwrap_or(&item.comment.post_id),
                200,
            ),
            post_url: item.post.as_ref().and_then(|p| p.url.clone()),
            author_name: email::header_safe(&item.comment.author_name, 100),
            excerpt: crate::routes::moderation::view::excerpt(&item.comment.body, EXCERPT_CHARS),
            reasons: reasons
                .into_iter()
                .take(REASONS_SHOWN)
                .map(|r| format!("{} ({:.2}): {}", r.rule, r.weight, r.evidence))
                .collect(),
        }
    }

    async fn send_held(&self, row: &Claimed) -> Outcome {
        let item = match self.load(row).await {
            Ok(Some(item)) => item,
            Ok(None) => return Outcome::Skipped,
            Err(e) => return Outcome::Retry(e),
        };
        let held = self.held_item(item, &row.recipient);
        match email::held(&self.envelope(&row.recipient, &row.id), &held) {
            Ok(message) => self.deliver(message).await,
            Err(e) => Outcome::Broken(error_chain(&e)),
        }
    }

    /// One email for all of an author's due digest items; comments decided
    /// since they were held are left out.
    async fn send_digest(&self, rows: &[Claimed]) -> Outcome {
        let mut items = Vec::new();
        for row in rows {
            match self.load(row).await {
                Ok(Some(item)) if item.comment.status == CommentStatus::Pending.as_str() => {
                    items.push(self.held_item(item, &row.recipient))
                }
                Ok(_) => {}
                Err(e) => return Outcome::Retry(e),
            }
        }
        if items.is_empty() {
            return Outcome::Skipped;
        }
        match email::digest(&self.envelope(&rows[0].recipient, &rows[0].id), &items) {
            Ok(message) => self.deliver(message).await,
            Err(e) => Outcome::Broken(error_chain(&e)),
        }
    }

    async fn send_approved(&self, row: &Claimed) -> Outcome {
        let item = match self.load(row).await {
            Ok(Some(item)) => item,
            Ok(None) => return Outcome::Skipped,
            Err(e) => return Outcome::Retry(e),
        };
        let title = item
            .post
            .as_ref()
            .and_then(|p| p.title.clone())
            .unwrap_or_else(|| item.comment.post_id.clone());
        let link = item
            .post
            .as_ref()
            .and_then(|p| p.url.as_ref())
            .map(|u| format!("{u}#comment-{}", item.comment.id));
        let message = email::approved(
            &self.envelope(&row.recipient, &row.id),
            &email::header_safe(&item.comment.author_name, 100),
            &email::header_safe(&title, 200),
            link.as_deref(),
        );
        match message {
            Ok(message) => self.deliver(message).await,
            Err(e) => Outcome::Broken(error_chain(&e)),
        }
    }

    async fn deliver(&self, message: lettre::Message) -> Outcome {
        match self.mailer.send(message).await {
            Ok(()) => Outcome::Sent,
            Err(e) => Outcome::Retry(error_chain(&e)),
        }
    }

    async fn record(&self, rows: &[Claimed], outcome: Outcome) -> Result<(), StorageError> {
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let recipient = rows
            .first()
            .map(|r| redact_email(&r.recipient))
            .unwrap_or_default();
        let now = Utc::now();
        if let Some(m) = &self.metrics {
            match outcome {
                Outcome::Sent => {
                    m.mail_sent.inc();
                }
                Outcome::Broken(_) | Outcome::Retry(_) => {
                    m.mail_failed.inc();
                }
                Outcome::Skipped => {}
            }
        }
        match outcome {
            Outcome::Sent => {
                tracing::info!(notifications = ?ids, recipient = %recipient, "notification sent");
                outbox::complete(&self.db, &ids, &self.id, "sent", now).await
            }
            Outcome::Skipped => {
                tracing::info!(notifications = ?ids, "notification skipped: its comments were decided or removed");
                outbox::complete(&self.db, &ids, &self.id, "skipped", now).await
            }
            Outcome::Broken(error) => {
                tracing::error!(notifications = ?ids, error = %error, "notification cannot be built; marked dead");
                outbox::fail(&self.db, &ids, &self.id, &error, None).await
            }
            Outcome::Retry(error) => {
                let attempts = rows.iter().map(|r| r.attempts).max().unwrap_or(1);
                if attempts >= self.settings.notify.max_attempts {
                    tracing::error!(notifications = ?ids, attempts, error = %error, "notification failed for the last time; marked dead");
                    outbox::fail(&self.db, &ids, &self.id, &error, None).await
                } else {
                    let retry_at = now + self.backoff(attempts);
                    tracing::warn!(notifications = ?ids, attempts, retry_at = %retry_at, error = %error, "notification failed; will retry");
                    outbox::fail(&self.db, &ids, &self.id, &error, Some(retry_at)).await
                }
            }
        }
    }

    /// base · 2^(attempts−1), capped, then ±20 % jitter so that a recovered
    /// relay isn't hit by every retry at once.
    fn backoff(&self, attempts: i32) -> chrono::Duration {
        let n = &self.settings.notify;
        let exp = 2f64.powi((attempts - 1).clamp(0, 30));
        let secs = (n.backoff_base_seconds as f64 * exp).min(n.backoff_max_seconds as f64);
        let jitter = 0.8 + rand::random::<f64>() * 0.4;
        chrono::Duration::milliseconds((secs * jitter * 1000.0) as i64)
    }
}

/// A signer from `notify.link_secret`, or a random key (with a warning) when
/// it is empty.
pub fn signer_from(settings: &Settings) -> LinkSigner {
    use secrecy::ExposeSecret;
    let secret = settings.notify.link_secret.expose_secret();
    if secret.is_empty() {
        tracing::warn!("notify.link_secret is empty: using a random key, so one-click links stop working on restart and differ between replicas");
        let mut key = [0u8; 32];
        if getrandom::fill(&mut key).is_err() {
            tracing::error!("the system random source failed; one-click links use a weak key");
        }
        return LinkSigner::new(&key);
    }
    LinkSigner::new(secret.as_bytes())
}
