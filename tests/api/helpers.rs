//! Spawning the application on a fresh database, and small request helpers.

use std::path::Path;

use moderato::config::Settings;
use moderato::startup::Application;
use moderato::storage::entities::{comments, moderation_events};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait};
use serde_json::{json, Value};

/// Whether this run is CI, where `.ci/run` has installed every optional
/// program and a skipped test would hide a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false")
}

/// Says why a test that needs something this machine lacks is skipped, or
/// fails it under CI. It writes to stderr directly because the test harness
/// hides `eprintln!` of passing tests.
pub fn skip_unless_ci(reason: &str) {
    if in_ci() {
        panic!("{reason}: CI must provide it (see .ci/run)");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "note: skipping: {reason}");
}

/// The environment variable naming a PostgreSQL server for the PostgreSQL
/// half of the suite, e.g. `postgres://postgres@127.0.0.1:5432/postgres`.
pub const PG_URL_VAR: &str = "MODERATO_TEST_DATABASE_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running application and what a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    /// The database URL the app uses, for the CLI.
    pub db_url: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    /// The real SMTP server the app mails through.
    pub smtp: crate::smtp::SmtpSink,
    /// The SMTP port the app is configured with (a test may point it elsewhere).
    pub smtp_port: u16,
    _dir: Option<tempfile::TempDir>,
    pg: Option<PgDatabase>,
    /// Another process's lock that keeps a "killed" SQLite file unusable.
    sqlite_lock: std::sync::Mutex<Option<SqliteLock>>,
}

/// The one-click link key the test apps use.
pub const LINK_SECRET: &str = "test-link-secret";

/// A per-test PostgreSQL database, dropped when the test ends.
pub struct PgDatabase {
    admin_url: String,
    name: String,
}

/// Runs a test body once per backend. The PostgreSQL run is skipped, with a
/// printed reason, when no server is configured, except under CI where a
/// skip would hide a missing backend and so fails instead.
///
/// `with(|settings| ...)` after the signature adjusts the settings first.
#[macro_export]
macro_rules! backend_tests {
    ($(async fn $name:ident($app:ident) $(with($custom:expr))? $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn case($app: $crate::helpers::TestApp) $body

                async fn spawn(backend: $crate::helpers::Backend) -> Option<$crate::helpers::TestApp> {
                    $crate::helpers::spawn_app(backend, |_settings: &mut moderato::config::Settings| {
                        $( ($custom)(_settings); )?
                    })
                    .await
                }

                #[tokio::test]
                async fn sqlite() {
                    case(spawn($crate::helpers::Backend::Sqlite).await.unwrap()).await
                }

                #[tokio::test]
                async fn postgres() {
                    if let Some(app) = spawn($crate::helpers::Backend::Postgres).await {
                        case(app).await
                    }
                }
            }
        )*
    };
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A port nothing listens on (just released by the OS).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Settings as `cargo run` would load them, before per-test changes.
pub fn base_settings() -> Settings {
    let mut settings = Settings::load_from(Path::new("config")).expect("config/ loads");
    settings.server.port = 0;
    settings.server.host = "127.0.0.1".into();
    settings
}

/// Spawns the app on a fresh database after `customise` adjusts its settings.
pub async fn spawn_app(backend: Backend, customise: impl FnOnce(&mut Settings)) -> Option<TestApp> {
    if std::env::var("TEST_LOG").is_ok() {
        moderato::telemetry::init(&base_settings().telemetry);
    }
    let mut settings = base_settings();
    let (dir, pg) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("data/moderato.db").display()
            );
            settings.database.url = url.into();
            (Some(dir), None)
        }
        Backend::Postgres => {
            let pg = create_pg_database().await?;
            settings.database.url = pg_url(&pg.admin_url, &pg.name).into();
            (None, Some(pg))
        }
    };
    let smtp = crate::smtp::SmtpSink::start().await;
    settings.smtp.host = "127.0.0.1".into();
    settings.smtp.port = smtp.port;
    settings.notify.link_secret = LINK_SECRET.to_string().into();
    settings.notify.poll_interval_ms = 50;
    settings.notify.backoff_base_seconds = 1;
    settings.notify.backoff_max_seconds = 2;
    settings.server.public_url = "http://127.0.0.1".into();
    // The test client is a trusted proxy, so each submission can come from a
    // reader address of its own (see `post_json`) and tests that are not
    // about sender history do not trip the velocity and history rules.
    settings.server.trusted_proxies = vec!["127.0.0.1".parse().expect("an address")];
    // The blog the fixtures post from; form posts redirect only to it.
    settings.server.allowed_origins = vec!["https://blog.example".into()];
    // Tests that are not about abuse limits post far faster than a reader;
    // `rate_limits.rs` sets its own limits.
    settings.limits.per_ip_per_minute = 100_000;
    settings.limits.ip_burst = 100_000;
    settings.limits.per_email_per_minute = 100_000;
    settings.limits.email_burst = 100_000;
    customise(&mut settings);
    let db_url = secrecy::ExposeSecret::expose_secret(&settings.database.url).to_owned();
    let smtp_port = settings.smtp.port;

    let app = Application::build(settings)
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.db();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client builds");
    Some(TestApp {
        address,
        db_url,
        smtp,
        smtp_port,
        client,
        db,
        _dir: dir,
        pg,
        sqlite_lock: Default::default(),
    })
}

/// A fresh, empty PostgreSQL database, or `None` (with a note) when no
/// server is configured.
pub async fn create_pg_database() -> Option<PgDatabase> {
    let Ok(admin_url) = std::env::var(PG_URL_VAR) else {
        announce_pg_skip();
        return None;
    };
    let name = format!("moderato_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url)
        .await
        .expect("PostgreSQL answers");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("test database is created");
    admin.close().await.ok();
    Some(PgDatabase { admin_url, name })
}

/// Says once per run why the PostgreSQL half is skipped (fails under CI).
fn announce_pg_skip() {
    if in_ci() {
        panic!("{PG_URL_VAR} is not set under CI: the PostgreSQL suite must run there");
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        skip_unless_ci(&format!(
            "the PostgreSQL run of the suite: set {PG_URL_VAR} \
             (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run it"
        ))
    });
}

fn pg_url(admin_url: &str, name: &str) -> String {
    let mut url = url::Url::parse(admin_url).expect("valid PostgreSQL URL");
    url.set_path(name);
    url.to_string()
}

async fn drop_pg_database(admin_url: &str, name: &str) {
    if let Ok(admin) = Database::connect(admin_url).await {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await;
        admin.close().await.ok();
    }
}

impl PgDatabase {
    /// The URL of this test's database.
    pub fn url(&self) -> String {
        pg_url(&self.admin_url, &self.name)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // Drop can't await, and the test's runtime is shutting down, so the
        // cleanup gets a runtime of its own on a helper thread.
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(drop_pg_database(&admin_url, &name));
            }
        })
        .join();
    }
}

/// Runs the `moderato` CLI against the database at `db_url`.
pub fn cli_on(db_url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_moderato"))
        .args(args)
        .env("MODERATO__DATABASE__URL", db_url)
        .env("MODERATO__TELEMETRY__LEVEL", "warn")
        .output()
        .expect("the moderato binary runs")
}

/// Adds a moderator through the CLI and returns their API token.
pub fn add_moderator_on(db_url: &str, name: &str) -> String {
    let output = cli_on(
        db_url,
        &["moderators", "add", name, &format!("{name}@example.org")],
    );
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let token = stdout
        .lines()
        .last()
        .expect("a token line")
        .trim()
        .to_owned();
    assert_eq!(token.len(), 64, "{stdout}");
    token
}

/// A reader address in its own /24, since addresses are stored truncated.
pub fn random_reader_ip() -> String {
    let r = uuid::Uuid::new_v4();
    let b = r.as_bytes();
    format!("10.{}.{}.{}", b[0], b[1], b[2])
}

/// A valid submission that the starter rules approve.
pub fn clean_comment(post_id: &str) -> Value {
    json!({
        "post_id": post_id,
        "post_url": format!("https://blog.example/{post_id}"),
        "post_title": "A post",
        "author_name": "Tomás Ibarra",
        "author_email": "tomas@example.org",
        "body": "Thanks, this cleared up how the borrow checker treats closures.",
    })
}

/// A submission without an email whose five links the rules hold for review.
pub fn held_comment(post_id: &str, body: &str) -> Value {
    let mut c = clean_comment(post_id);
    c.as_object_mut().expect("an object").remove("author_email");
    c["body"] = json!(format!(
        "{body} http://a.example http://b.example http://c.example http://d.example http://e.example"
    ));
    c
}

impl TestApp {
    /// Every notification in the outbox, whatever its state.
    pub async fn outbox(&self) -> Vec<moderato::storage::entities::notifications::Model> {
        moderato::storage::entities::notifications::Entity::find()
            .all(&self.db)
            .await
            .expect("the outbox is read")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn post_comment(&self, body: &Value) -> reqwest::Response {
        self.post_json("/api/v1/comments", body).await
    }

    /// Posts JSON as a reader with an address of their own.
    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.post_json_from(path, &random_reader_ip(), body).await
    }

    /// Posts JSON as a reader at `ip` (the test client is a trusted proxy).
    pub async fn post_json_from(&self, path: &str, ip: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("x-forwarded-for", ip)
            .json(body)
            .send()
            .await
            .expect("request is sent")
    }

    /// The file of a SQLite test database.
    pub fn sqlite_path(&self) -> std::path::PathBuf {
        let path = self.db_url.trim_start_matches("sqlite://");
        path.split('?').next().unwrap_or(path).into()
    }

    /// Submits a comment and returns the 201 body.
    pub async fn submit(&self, body: &Value) -> Value {
        let response = self.post_comment(body).await;
        assert_eq!(response.status(), 201, "submission should be created");
        response.json().await.expect("JSON body")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request is sent")
    }

    /// The public listing of a post, as JSON.
    pub async fn list(&self, post_id: &str, query: &str) -> Value {
        let response = self
            .get(&format!("/api/v1/posts/{post_id}/comments{query}"))
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("JSON body")
    }

    pub async fn comment_count(&self) -> u64 {
        comments::Entity::find()
            .count(&self.db)
            .await
            .expect("count comments")
    }

    pub async fn stored_comment(&self, id: &str) -> comments::Model {
        comments::Entity::find_by_id(id.to_owned())
            .one(&self.db)
            .await
            .expect("query comment")
            .expect("comment is stored")
    }

    pub async fn events_of(&self, id: &str) -> Vec<moderation_events::Model> {
        use sea_orm::{ColumnTrait, QueryFilter};
        moderation_events::Entity::find()
            .filter(moderation_events::Column::CommentId.eq(id))
            .all(&self.db)
            .await
            .expect("query events")
    }

    /// "sqlite" or "postgres", for file names.
    pub fn backend_name(&self) -> &'static str {
        if self.pg.is_some() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    /// Runs the `moderato` CLI against this app's database.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        cli_on(&self.db_url, args)
    }

    /// Adds a moderator through the CLI and returns their API token.
    pub fn add_moderator(&self, name: &str) -> String {
        add_moderator_on(&self.db_url, name)
    }

    /// A moderation API GET with a bearer token.
    pub async fn mod_get(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request is sent")
    }

    /// A moderation API request with a JSON body.
    pub async fn mod_send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request is sent")
    }

    /// Decides on a comment through the API.
    pub async fn decide(
        &self,
        token: &str,
        id: &str,
        action: &str,
        version: i64,
    ) -> reqwest::Response {
        self.mod_send(
            reqwest::Method::POST,
            &format!("/api/v1/moderation/comments/{id}/decision"),
            token,
            &json!({"action": action, "version": version}),
        )
        .await
    }

    /// Submits a comment the rules hold for review; returns its id. It
    /// carries no email, so the author's history does not change its fate.
    pub async fn submit_held(&self, post_id: &str, body: &str) -> String {
        let created = self.submit(&held_comment(post_id, body)).await;
        assert_eq!(created["status"], "pending");
        created["id"].as_str().expect("id").to_owned()
    }

    /// Submits a comment that fills the honeypot, so it is rejected; returns its id.
    pub async fn submit_rejected(&self, post_id: &str) -> String {
        let mut bot = clean_comment(post_id);
        bot["honeypot"] = json!("filled by a bot");
        // A body of its own, so it is never taken for a double submit.
        bot["body"] = json!(format!("Great article {}", uuid::Uuid::new_v4().simple()));
        let created = self.submit(&bot).await;
        assert_eq!(created["status"], "rejected");
        created["id"].as_str().expect("id").to_owned()
    }

    /// The submission path's storage, opened on the app's database the way
    /// the app opens it.
    pub fn submission_store(&self) -> moderato::storage::submissions::SubmissionStore {
        let mut settings = base_settings();
        settings.database.url = self.db_url.clone().into();
        moderato::storage::submissions::SubmissionStore::start(
            &self.db,
            &settings.database,
            moderato::startup::recent_window(&settings),
            moderato::metrics::CommitStats::default(),
        )
        .expect("the submission store opens")
    }

    /// Whether this app runs on PostgreSQL (else on a SQLite file).
    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// Makes the database unusable for the rest of the test: PostgreSQL's is
    /// dropped; SQLite's pool is closed and its file locked by another
    /// process, so that the app's own connections time out on it too.
    /// Returns false (after printing why) when that can't be done here.
    pub async fn kill_database(&self) -> bool {
        match &self.pg {
            Some(pg) => drop_pg_database(&pg.admin_url, &pg.name).await,
            None => {
                self.db.close_by_ref().await.expect("pool closes");
                let Some(lock) = SqliteLock::take(&self.sqlite_path()) else {
                    return false;
                };
                *self.sqlite_lock.lock().unwrap() = Some(lock);
            }
        }
        true
    }
}

/// Asserts an RFC 7807 answer with the given status and machine code, and
/// returns its body.
pub async fn assert_problem(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.expect("problem body is JSON");
    assert_eq!(body["status"], status);
    assert_eq!(body["code"], code);
    assert!(body["title"].is_string() && body["detail"].is_string() && body["type"].is_string());
    body
}

/// The field names listed in a problem's `errors`.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// An exclusive lock on a SQLite file held by another process, like a
/// backup tool or a second writer would hold it, until released or dropped.
pub struct SqliteLock(std::process::Child);

impl SqliteLock {
    /// `None` (after printing why) when python3 is missing.
    pub fn take(db: &std::path::Path) -> Option<Self> {
        use std::process::{Command, Stdio};
        let script = "import sqlite3, sys\n\
                      c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
                      c.execute('BEGIN EXCLUSIVE')\n\
                      print('locked', flush=True)\n\
                      sys.stdin.read()\n\
                      c.execute('ROLLBACK')\n";
        let child = Command::new("python3")
            .args(["-c", script])
            .arg(db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            skip_unless_ci("the SQLite lock test: python3 is not installed");
            return None;
        };
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        assert_eq!(line.trim(), "locked");
        Some(Self(child))
    }

    /// Lets go of the lock and checks the other process ended cleanly.
    pub fn release(mut self) {
        drop(self.0.stdin.take());
        assert!(self.0.wait().unwrap().success());
    }
}

impl Drop for SqliteLock {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
