//! Building the application from settings and serving it.

use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use sea_orm::DatabaseConnection;

use std::sync::RwLock;

use secrecy::ExposeSecret;

use crate::config::{RetentionSettings, Settings};
use crate::domain::privacy::IpPolicy;
use crate::domain::scoring::learned::LearnedModel;
use crate::domain::scoring::{Pipeline, Vocabulary};
use crate::domain::CommentStatus;
use crate::limits::RateLimits;
use crate::metrics::Metrics;
use crate::notify::links::LinkSigner;
use crate::notify::worker::{signer_from, Worker};
use crate::storage::decisions::{self, CommentState, DecisionError, DecisionRequest};
use crate::storage::listing_cache::ListingCache;
use crate::storage::submissions::SubmissionStore;
use crate::{routes, storage, telemetry, workers};
use std::sync::Arc;

/// What every handler shares: read-only after startup.
pub struct AppState {
    pub db: DatabaseConnection,
    pub pipeline: Pipeline,
    pub settings: Settings,
    /// Signs and checks one-click links in notification emails.
    pub links: LinkSigner,
    /// What moderators have taught so far; replaced on refresh.
    pub model: RwLock<LearnedModel>,
    /// Token buckets per client address and per author email.
    pub limits: RateLimits,
    /// What is stored of a client's address.
    pub ip_policy: IpPolicy,
    pub metrics: Arc<Metrics>,
    /// Writes submissions: group-committed on SQLite.
    pub submissions: SubmissionStore,
    /// Public listing pages, kept for `cache.listing_ttl_ms`.
    pub listing_cache: ListingCache,
}

impl AppState {
    /// Applies a moderator's (or an author's) decision and lets the local
    /// copy of the learned model learn from it at once; other replicas pick
    /// it up on their next refresh.
    pub async fn decide(
        &self,
        request: DecisionRequest<'_>,
    ) -> Result<CommentState, DecisionError> {
        let applied = decisions::apply(&self.db, request).await?;
        self.listing_cache.forget_all();
        if applied.state.status == CommentStatus::Rejected.as_str() {
            self.submissions.note_rejected(applied.client_ip.as_deref());
        }
        if !applied.lessons.is_empty() {
            let mut model = self
                .model
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            for lesson in &applied.lessons {
                model.apply(lesson);
            }
        }
        Ok(applied.state)
    }

    /// Runs `f` with the current learned model.
    pub fn with_model<R>(&self, f: impl FnOnce(&LearnedModel) -> R) -> R {
        let model = self
            .model
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&model)
    }
}

/// A bound, not yet running, moderato server.
pub struct Application {
    port: u16,
    db: DatabaseConnection,
    server: Server,
    retention: RetentionSettings,
    worker: Option<Worker>,
    state: web::Data<AppState>,
}

impl Application {
    /// Connects to the database, migrates it, compiles the scoring pipeline
    /// and binds the listener (port 0 picks a free one).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = open_database(&settings).await?;
        let model = storage::model::load(&db)
            .await
            .context("could not load the learned model")?;
        let pipeline = build_pipeline(&settings)?;

        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let listener =
            TcpListener::bind(&address).with_context(|| format!("could not bind {address}"))?;
        let local = listener.local_addr()?;
        tracing::info!(address = %local, "listening on http://{local}");

        let shutdown = Duration::from_secs(settings.server.shutdown_timeout_seconds);
        let retention = settings.retention.clone();
        let links = signer_from(&settings);
        let metrics = Arc::new(Metrics::new());
        let submissions = SubmissionStore::start(
            &db,
            &settings.database,
            recent_window(&settings),
            metrics.commits.clone(),
        )
        .context("could not open the SQLite connections")?;
        let worker = if settings.notify.worker_enabled {
            Some(
                Worker::new(db.clone(), settings.clone(), links.clone())
                    .context("could not set up the SMTP transport")?
                    .with_metrics(metrics.clone()),
            )
        } else {
            None
        };
        let server_settings = settings.server.clone();
        let state = web::Data::new(AppState {
            db: db.clone(),
            pipeline,
            links,
            model: RwLock::new(model),
            limits: RateLimits::new(&settings.limits),
            metrics,
            submissions,
            listing_cache: ListingCache::new(Duration::from_millis(settings.cache.listing_ttl_ms)),
            ip_policy: IpPolicy::new(
                settings.privacy.ip_storage,
                settings.privacy.ip_hash_key.expose_secret().as_bytes(),
            ),
            settings,
        });
        let refresh_state = state.clone();
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let per_worker = server_settings.max_connections.div_ceil(workers).max(1);
        let header_timeout = Duration::from_millis(server_settings.client_header_timeout_ms);
        let server = HttpServer::new(move || {
            App::new()
                .wrap(from_fn(crate::metrics::track))
                .wrap(from_fn(routes::middleware::security_headers))
                .wrap(from_fn(telemetry::request_id))
                .wrap(from_fn(routes::middleware::deadline))
                .app_data(state.clone())
                .configure(|cfg| routes::config(cfg, &server_settings))
        })
        .workers(workers)
        .max_connections(per_worker)
        .client_request_timeout(header_timeout)
        .shutdown_timeout(shutdown.as_secs())
        .listen(listener)?
        .run();
        Ok(Self {
            port: local.port(),
            db,
            server,
            retention,
            worker,
            state: refresh_state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The application's database pool; tests use it to inspect what was stored.
    pub fn db(&self) -> DatabaseConnection {
        self.db.clone()
    }

    /// Serves until SIGTERM or ctrl-c, then lets in-flight requests finish
    /// within `server.shutdown_timeout_seconds`.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let retention = tokio::spawn(workers::retention::run(self.db.clone(), self.retention));
        let worker = self.worker.map(|w| tokio::spawn(w.run()));
        let refresh = tokio::spawn(workers::model_refresh::run(self.state.clone()));
        let housekeeping = tokio::spawn(workers::housekeeping::run(self.state.clone()));
        let result = self.server.await;
        retention.abort();
        refresh.abort();
        housekeeping.abort();
        if let Some(worker) = worker {
            worker.abort();
        }
        result
    }
}

/// Connects and brings the schema up to date: what every entry point needs first.
pub async fn open_database(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let db = storage::connect(&settings.database)
        .await
        .context("could not open the database")?;
    storage::migrate(&db)
        .await
        .context("could not migrate the database")?;
    Ok(db)
}

/// The scoring pipeline the settings describe: the one `serve`, `eval`, the
/// quality tests and the benchmark all use.
/// How far back the submission path's in-memory lookups look (see
/// `storage::recent`): the longest of the duplicate, velocity and
/// double-submit windows.
pub fn recent_window(settings: &Settings) -> chrono::Duration {
    let duplicates = chrono::Duration::hours(settings.scoring.duplicate_window_hours);
    let velocity = chrono::Duration::minutes(settings.scoring.velocity_window_minutes);
    let double_submits = chrono::Duration::seconds(
        i64::try_from(settings.idempotency.double_submit_seconds).unwrap_or(i64::MAX / 1_000_000),
    );
    duplicates.max(velocity).max(double_submits)
}

pub fn build_pipeline(settings: &Settings) -> anyhow::Result<Pipeline> {
    let vocabulary = load_vocabulary(settings)?;
    Pipeline::new(&settings.scoring, &settings.learning, &vocabulary)
        .context("could not build the scoring pipeline")
}

/// The blocklists and every `*.txt` list in the lexicon folder.
pub fn load_vocabulary(settings: &Settings) -> anyhow::Result<Vocabulary> {
    let dir = &settings.scoring.lexicon_dir;
    let mut lists = std::collections::HashMap::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("could not read the lexicon folder {}", dir.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            if let Some(name) = path.file_stem().and_then(|s| s.to_str()) {
                lists.insert(name.to_owned(), read_list(&path)?);
            }
        }
    }
    Ok(Vocabulary {
        blocked_words: read_list(&settings.scoring.blocklist_words_file)?,
        blocked_domains: read_list(&settings.scoring.blocklist_domains_file)?,
        lists,
    })
}

/// One entry per line; blank lines and `#` comments are skipped.
fn read_list(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect())
}
