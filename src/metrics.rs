//! Prometheus metrics: request counts and latencies per route, decisions by
//! outcome and by rule, notification sends and failures. Each application has
//! its own registry (no global recorder), so several apps in one process, as
//! in the tests, never mix their figures. Gauges that describe the database
//! (queue and outbox depth, pool use) are read when `/metrics` is scraped.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::domain::scoring::Verdict;
use crate::startup::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DecisionLabels {
    decision: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RuleLabels {
    rule: String,
    category: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    pub status: String,
}

/// What the submission path's writers report: how many submissions each
/// batch took, and on a SQLite file how long syncing the write-ahead log
/// took before the batch was answered. An operator reads a slow disk in the
/// second and a busy service in the first.
#[derive(Clone)]
pub struct CommitStats {
    pub rows: Histogram,
    pub sync_seconds: Histogram,
}

impl Default for CommitStats {
    fn default() -> Self {
        Self {
            // 1 to 256 submissions, the largest batch a writer takes.
            rows: Histogram::new(exponential_buckets(1.0, 2.0, 9)),
            // 0.1 ms to about 1.6 s.
            sync_seconds: Histogram::new(exponential_buckets(0.000_1, 2.0, 15)),
        }
    }
}

/// Every metric the service keeps.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    decisions: Family<DecisionLabels, Counter>,
    rules: Family<RuleLabels, Counter>,
    /// Emails sent, and send attempts that failed.
    pub mail_sent: Counter,
    pub mail_failed: Counter,
    /// Read at scrape time.
    pub queue_depth: Gauge,
    pub outbox: Family<StatusLabels, Gauge>,
    pub pool_size: Gauge,
    pub pool_idle: Gauge,
    /// SQLite only: see `storage::recent`.
    pub recent_submissions: Gauge,
    pub recent_reach_seconds: Gauge,
    pub commits: CommitStats,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("moderato");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by method, route and status",
            requests.clone(),
        );
        // 0.25 ms to about 8 s.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by method and route",
            latency.clone(),
        );
        let decisions = Family::<DecisionLabels, Counter>::default();
        registry.register(
            "decisions",
            "Submissions by the decision scoring made",
            decisions.clone(),
        );
        let rules = Family::<RuleLabels, Counter>::default();
        registry.register("rule_hits", "Submissions each rule fired on", rules.clone());
        let mail_sent = Counter::default();
        registry.register("mail_sent", "Notification emails sent", mail_sent.clone());
        let mail_failed = Counter::default();
        registry.register(
            "mail_failed",
            "Notification send attempts that failed",
            mail_failed.clone(),
        );
        let queue_depth = Gauge::default();
        registry.register(
            "queue_depth",
            "Comments waiting for a moderator",
            queue_depth.clone(),
        );
        let outbox = Family::<StatusLabels, Gauge>::default();
        registry.register("outbox", "Notifications by status", outbox.clone());
        let pool_size = Gauge::default();
        registry.register(
            "db_pool_connections",
            "Open database connections",
            pool_size.clone(),
        );
        let pool_idle = Gauge::default();
        registry.register(
            "db_pool_idle_connections",
            "Open database connections not in use",
            pool_idle.clone(),
        );
        let recent_submissions = Gauge::default();
        registry.register(
            "recent_submissions",
            "SQLite: submissions held in memory for the duplicate, double-submit and address lookups",
            recent_submissions.clone(),
        );
        let recent_reach_seconds = Gauge::default();
        registry.register(
            "recent_reach_seconds",
            "SQLite: how far back those submissions reach; below the duplicate window after a flood",
            recent_reach_seconds.clone(),
        );
        let commits = CommitStats::default();
        registry.register(
            "group_commit_rows",
            "Submissions written together in one batch",
            commits.rows.clone(),
        );
        registry.register(
            "wal_sync_seconds",
            "Time to sync SQLite's write-ahead log before answering a batch",
            commits.sync_seconds.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            decisions,
            rules,
            mail_sent,
            mail_failed,
            queue_depth,
            outbox,
            pool_size,
            pool_idle,
            recent_submissions,
            recent_reach_seconds,
            commits,
        }
    }

    /// Counts one scored submission by its decision and the rules that fired.
    pub fn record_verdict(&self, verdict: &Verdict) {
        let decision = format!("{:?}", verdict.decision).to_lowercase();
        self.decisions
            .get_or_create(&DecisionLabels { decision })
            .inc();
        for reason in &verdict.reasons {
            let category = format!("{:?}", reason.category).to_lowercase();
            self.rules
                .get_or_create(&RuleLabels {
                    rule: reason.rule.clone(),
                    category,
                })
                .inc();
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// Counts every request and times it, labelled by the matched route pattern
/// (never the raw path, which would carry ids and emails).
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().to_string();
    let started = Instant::now();
    let response = next.call(req).await?;
    if let Some(state) = state {
        let route = response
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_owned());
        let m = &state.metrics;
        m.requests
            .get_or_create(&RequestLabels {
                method: method.clone(),
                route: route.clone(),
                status: response.status().as_u16(),
            })
            .inc();
        m.latency
            .get_or_create(&RouteLabels { method, route })
            .observe(started.elapsed().as_secs_f64());
    }
    Ok(response)
}
