//! Settings for notification email: the SMTP relay and who is told what.

use secrecy::SecretString;
use serde::Deserialize;

/// How notification emails leave the server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// Empty for a relay that needs no login.
    pub username: String,
    pub password: SecretString,
    pub timeout_seconds: u64,
    /// The From header, e.g. `moderato <moderato@blog.example>`.
    pub from: String,
}

/// Transport security towards the SMTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

/// Who is told about held comments, how often, and how the worker retries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifySettings {
    /// Runs the outbox worker inside `moderato serve`; `moderato worker` runs it alone.
    pub worker_enabled: bool,
    /// Signs one-click links. Must be the same on every replica; empty
    /// generates a random key per process (links then die on restart).
    pub link_secret: SecretString,
    pub link_ttl_hours: u64,
    /// Recipient when neither the post nor `authors` names one; empty for none.
    pub default_author_email: String,
    pub default_preference: Preference,
    pub commenter_on_approval: bool,
    pub max_attempts: i32,
    pub backoff_base_seconds: u64,
    pub backoff_max_seconds: u64,
    pub poll_interval_ms: u64,
    pub lease_seconds: u64,
    pub batch_size: u64,
    /// Authors by post id prefix, first match wins.
    #[serde(default)]
    pub authors: Vec<AuthorRule>,
}

/// `[[notify.authors]]`: posts whose id starts with `post_id_prefix` belong to `email`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorRule {
    pub post_id_prefix: String,
    pub email: String,
    pub preference: Option<Preference>,
}

/// How an author wants to hear about held comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Preference {
    Immediate,
    Hourly,
    Daily,
    Off,
}

impl Preference {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::Hourly => "hourly",
            Self::Daily => "daily",
            Self::Off => "off",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "immediate" => Some(Self::Immediate),
            "hourly" => Some(Self::Hourly),
            "daily" => Some(Self::Daily),
            "off" => Some(Self::Off),
            _ => None,
        }
    }
}
