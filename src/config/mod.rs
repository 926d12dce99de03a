//! Typed settings, layered from `config/default.toml`, `config/$MODERATO_ENV.toml`
//! and `MODERATO__SECTION__KEY` environment variables.

use std::net::IpAddr;
use std::path::Path;

use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

mod notify;
mod scoring;
mod security;

pub use notify::{AuthorRule, NotifySettings, Preference, SmtpSettings, SmtpTls};
pub use scoring::{CategoryThresholds, LinkSettings, RuleWeights, ScoringSettings, Thresholds};
pub use security::{
    CacheSettings, IdempotencySettings, IpStorage, LimitsSettings, MetricsSettings, PrivacySettings,
};

/// Everything the service reads at startup.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub telemetry: TelemetrySettings,
    pub scoring: ScoringSettings,
    pub moderation: ModerationSettings,
    pub retention: RetentionSettings,
    pub smtp: SmtpSettings,
    pub notify: NotifySettings,
    pub learning: LearningSettings,
    pub limits: LimitsSettings,
    pub idempotency: IdempotencySettings,
    pub privacy: PrivacySettings,
    pub metrics: MetricsSettings,
    pub cache: CacheSettings,
}

/// How much the model learned from moderators counts next to the rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearningSettings {
    /// The model's share of a category score once fully trained (0..1).
    pub max_weight: f64,
    /// Training examples at which the model reaches `max_weight`; its share
    /// grows linearly until then, so a cold start is rules only.
    pub ramp_examples: i64,
    /// Examples each class needs before the model speaks at all.
    pub min_per_class: i64,
    /// How often a replica reloads the counts others have added.
    pub refresh_seconds: u64,
}

/// Moderator web sessions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModerationSettings {
    /// How long a web login lasts.
    pub session_ttl_hours: u64,
}

/// How long rejected comments are kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSettings {
    /// Rejected comments older than this are purged; 0 keeps them forever.
    /// Fractions are allowed (tests use seconds' worth).
    pub purge_rejected_after_days: f64,
    /// How often the purge runs.
    pub check_interval_seconds: u64,
}

/// HTTP listener and request handling.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub public_url: String,
    pub trusted_proxies: Vec<TrustedProxy>,
    pub max_body_bytes: usize,
    pub shutdown_timeout_seconds: u64,
    /// Origins (`https://blog.example`) whose pages may call the public API
    /// from a browser and receive a form post's redirect; `*` allows any
    /// origin (never with credentials).
    pub allowed_origins: Vec<String>,
    /// A request that takes longer is answered 503.
    pub request_timeout_seconds: u64,
    /// How long a client may take to send its request headers.
    pub client_header_timeout_ms: u64,
    /// Open connections the server keeps, in total; more wait in the backlog.
    pub max_connections: usize,
    /// Deepest nesting of arrays and objects a JSON body may have.
    pub max_json_depth: usize,
}

/// One entry of `server.trusted_proxies`: a single address or a CIDR range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedProxy(IpNet);

impl TrustedProxy {
    pub fn contains(&self, ip: &IpAddr) -> bool {
        self.0.contains(ip)
    }
}

impl std::str::FromStr for TrustedProxy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Ok(net) = s.parse::<IpNet>() {
            return Ok(Self(net));
        }
        s.parse::<IpAddr>()
            .map(|ip| Self(IpNet::from(ip)))
            .map_err(|_| format!("`{s}` is neither an IP address nor a CIDR range"))
    }
}

impl<'de> Deserialize<'de> for TrustedProxy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

/// Where comments live.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// Secret because PostgreSQL URLs carry passwords.
    pub url: SecretString,
    pub max_connections: u32,
    pub acquire_timeout_seconds: u64,
    pub sqlite_busy_timeout_ms: u64,
}

impl DatabaseSettings {
    pub fn is_postgres(&self) -> bool {
        let url = self.url.expose_secret();
        url.starts_with("postgres://") || url.starts_with("postgresql://")
    }
}

/// Log output.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetrySettings {
    pub format: LogFormat,
    pub level: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("invalid configuration: {0}")]
    Invalid(#[from] config::ConfigError),
    #[error("invalid configuration: {0}")]
    Inconsistent(String),
}

impl Settings {
    /// Loads settings from `config/` under the working directory and the environment.
    pub fn load() -> Result<Self, SettingsError> {
        Self::load_from(Path::new("config"))
    }

    /// Loads settings from the given config folder and the environment.
    pub fn load_from(dir: &Path) -> Result<Self, SettingsError> {
        let env = std::env::var("MODERATO_ENV").unwrap_or_else(|_| "development".into());
        let mut builder = config::Config::builder()
            .add_source(config::File::from(dir.join("default.toml")))
            .add_source(config::File::from(dir.join(format!("{env}.toml"))).required(false))
            .add_source(
                config::Environment::with_prefix("MODERATO")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("server.trusted_proxies")
                    .with_list_parse_key("server.allowed_origins"),
            );
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database.url", url)?;
        }
        let settings: Settings = builder.build()?.try_deserialize()?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        let t = &self.scoring.thresholds;
        for (name, t) in [
            ("spam", t.spam),
            ("toxicity", t.toxicity),
            ("profanity", t.profanity),
            ("insult", t.insult),
            ("threat", t.threat),
            ("identity_attack", t.identity_attack),
        ] {
            if !(0.0..=1.0).contains(&t.review_at)
                || !(0.0..=1.0).contains(&t.reject_at)
                || t.review_at > t.reject_at
            {
                return Err(SettingsError::Inconsistent(format!(
                    "scoring.thresholds.{name}: need 0 <= review_at <= reject_at <= 1"
                )));
            }
        }
        if self.retention.purge_rejected_after_days < 0.0
            || self.retention.check_interval_seconds == 0
        {
            return Err(SettingsError::Inconsistent(
                "retention: purge_rejected_after_days must be >= 0 and check_interval_seconds > 0"
                    .into(),
            ));
        }
        if self.notify.max_attempts < 1
            || self.notify.batch_size == 0
            || self.notify.lease_seconds == 0
        {
            return Err(SettingsError::Inconsistent(
                "notify: max_attempts, batch_size and lease_seconds must be positive".into(),
            ));
        }
        for origin in &self.server.allowed_origins {
            if origin != "*" && normalise_origin(origin).is_none() {
                return Err(SettingsError::Inconsistent(format!(
                    "server.allowed_origins: `{origin}` is not an origin such as https://blog.example"
                )));
            }
        }
        if self.privacy.ip_storage == IpStorage::Hashed
            && self.privacy.ip_hash_key.expose_secret().len() < 16
        {
            return Err(SettingsError::Inconsistent(
                "privacy.ip_storage = \"hashed\" needs privacy.ip_hash_key of at least 16 characters".into(),
            ));
        }
        if self.server.request_timeout_seconds == 0
            || self.server.max_connections == 0
            || self.server.max_json_depth == 0
        {
            return Err(SettingsError::Inconsistent(
                "server: request_timeout_seconds, max_connections and max_json_depth must be positive".into(),
            ));
        }
        if self.database.max_connections < 2 {
            return Err(SettingsError::Inconsistent(
                "database.max_connections must be at least 2 (migrations hold one for their lock)"
                    .into(),
            ));
        }
        if self.server.max_body_bytes == 0 {
            return Err(SettingsError::Inconsistent(
                "server.max_body_bytes must be positive".into(),
            ));
        }
        Ok(())
    }
}

/// `scheme://host[:port]` of an http(s) URL, as browsers send it in `Origin`.
pub fn normalise_origin(raw: &str) -> Option<String> {
    let url = url::Url::parse(raw.trim()).ok()?;
    let bare = matches!(url.path(), "" | "/") && url.query().is_none() && url.fragment().is_none();
    (matches!(url.scheme(), "http" | "https") && url.has_host() && bare)
        .then(|| url.origin().ascii_serialization())
}

impl ServerSettings {
    /// Whether a page on `url` may receive a form post's redirect.
    pub fn origin_allowed(&self, url: &url::Url) -> bool {
        let origin = url.origin().ascii_serialization();
        self.allowed_origins
            .iter()
            .any(|o| o == "*" || normalise_origin(o).as_deref() == Some(origin.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trusted_proxy_is_an_address_or_a_range() {
        let single: TrustedProxy = "10.0.0.1".parse().unwrap();
        assert!(single.contains(&"10.0.0.1".parse().unwrap()));
        assert!(!single.contains(&"10.0.0.2".parse().unwrap()));
        let range: TrustedProxy = "10.0.0.0/8".parse().unwrap();
        assert!(range.contains(&"10.9.8.7".parse().unwrap()));
        assert!("not-an-ip".parse::<TrustedProxy>().is_err());
    }

    #[test]
    fn an_allowed_origin_is_a_bare_http_origin() {
        assert_eq!(
            normalise_origin("https://Blog.Example:443/").as_deref(),
            Some("https://blog.example")
        );
        assert_eq!(
            normalise_origin("http://localhost:4000").as_deref(),
            Some("http://localhost:4000")
        );
        assert_eq!(normalise_origin("https://blog.example/posts"), None);
        assert_eq!(normalise_origin("ftp://blog.example"), None);
        assert_eq!(normalise_origin("blog.example"), None);
    }
}
