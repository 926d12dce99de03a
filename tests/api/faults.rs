//! Faults in the database under load: a PostgreSQL server restarting during a
//! burst of submissions, and a SQLite file locked by another process. The
//! service must answer 503 problems (never 500s, never hang), report it on
//! /readyz, recover by itself, and never lose a comment it answered 201 for.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, free_port, skip_unless_ci, spawn_app, Backend, SqliteLock, TestApp,
};

/// A throwaway PostgreSQL server on its own port and data folder, so that
/// stopping it disturbs nothing else.
struct OwnPostgres {
    bin: PathBuf,
    data: tempfile::TempDir,
    port: u16,
}

impl OwnPostgres {
    fn find_bin() -> Option<PathBuf> {
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
            .collect();
        versions.sort();
        versions.pop()
    }

    /// PostgreSQL refuses to run as root, so as root it runs as `postgres`.
    fn run(&self, program: &str, args: &[&str]) -> std::process::Output {
        let program = self.bin.join(program);
        let mut cmd = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        cmd.args(args)
            .stdin(Stdio::null())
            .output()
            .expect("a PostgreSQL tool runs")
    }

    fn start_new() -> Option<Self> {
        let Some(bin) = Self::find_bin() else {
            skip_unless_ci("the PostgreSQL restart test: no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)");
            return None;
        };
        let data = tempfile::tempdir().unwrap();
        if is_root() {
            let chown = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(data.path())
                .status()
                .unwrap();
            assert!(chown.success());
        }
        let pg = Self {
            bin,
            data,
            port: free_port(),
        };
        let dir = pg.dir();
        let init = pg.run(
            "initdb",
            &["-D", &dir, "-A", "trust", "-U", "postgres", "--no-sync"],
        );
        assert!(init.status.success(), "initdb: {init:?}");
        pg.start();
        Some(pg)
    }

    fn dir(&self) -> String {
        self.data.path().join("db").display().to_string()
    }

    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.data.path().display()
        );
        let log = self.data.path().join("server.log").display().to_string();
        let out = self.run(
            "pg_ctl",
            &["-D", &self.dir(), "-o", &options, "-l", &log, "-w", "start"],
        );
        assert!(out.status.success(), "pg_ctl start: {out:?}");
    }

    fn stop(&self) {
        let out = self.run("pg_ctl", &["-D", &self.dir(), "-m", "fast", "-w", "stop"]);
        assert!(out.status.success(), "pg_ctl stop: {out:?}");
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = self.run("pg_ctl", &["-D", &self.dir(), "-m", "immediate", "stop"]);
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn numbered(i: usize) -> Value {
    json!({
        "post_id": "post-1",
        "author_name": "Reader",
        "author_email": format!("reader{i}@example.org"),
        "body": format!("Comment number {i}, written during a burst."),
    })
}

/// What one submission got: its id on 201, or nothing on a 503 problem.
/// Anything else, or an answer slower than the request timeout, fails.
async fn submit_or_503(app: &TestApp, i: usize, limit: Duration) -> Option<String> {
    let started = Instant::now();
    let response = app.post_comment(&numbered(i)).await;
    assert!(
        started.elapsed() < limit,
        "a submission hung for {:?}",
        started.elapsed()
    );
    match response.status().as_u16() {
        201 => {
            let body: Value = response.json().await.unwrap();
            Some(body["id"].as_str().unwrap().to_owned())
        }
        503 => {
            assert!(response.headers().contains_key("retry-after"));
            let problem = assert_problem(response, 503, "service_unavailable").await;
            assert!(problem["detail"]
                .as_str()
                .unwrap()
                .contains("nothing was stored"));
            None
        }
        other => panic!(
            "submission {i} answered {other}: {}",
            response.text().await.unwrap_or_default()
        ),
    }
}

async fn assert_all_stored(app: &TestApp, ids: &[String]) {
    use moderato::storage::entities::comments;
    use sea_orm::EntityTrait;
    for id in ids {
        let found = comments::Entity::find_by_id(id.clone())
            .one(&app.db)
            .await
            .unwrap();
        assert!(
            found.is_some(),
            "comment {id} was answered 201 but is not stored"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_postgres_restart_during_a_burst_gives_503s_and_loses_nothing() {
    let Some(pg) = OwnPostgres::start_new() else {
        return;
    };
    let url = pg.url();
    let app = spawn_app(Backend::Sqlite, move |s| {
        s.database.url = url.into();
        s.database.acquire_timeout_seconds = 2;
        s.server.request_timeout_seconds = 5;
    })
    .await
    .unwrap();
    let app = std::sync::Arc::new(app);
    let limit = Duration::from_secs(8);
    let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));

    // Four clients submit back to back, recording what each answer was and
    // when, for the whole outage and recovery.
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let (app, running) = (app.clone(), running.clone());
            tokio::spawn(async move {
                let mut answers = Vec::new();
                let mut i = c * 10_000;
                while running.load(std::sync::atomic::Ordering::Relaxed) {
                    answers.push((Instant::now(), submit_or_503(&app, i, limit).await));
                    i += 1;
                }
                answers
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_secs(1)).await;
    pg.stop();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_problem(app.get("/readyz").await, 503, "not_ready").await;
    pg.start();
    let restarted = Instant::now();
    // Recovery without a restart: the pool reconnects on its own.
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.get("/readyz").await.status() != 200 {
        assert!(
            Instant::now() < deadline,
            "the service never became ready again"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let ready = Instant::now();
    tokio::time::sleep(Duration::from_secs(1)).await;
    running.store(false, std::sync::atomic::Ordering::Relaxed);

    let mut answers = Vec::new();
    for client in clients {
        answers.extend(client.await.unwrap());
    }
    let refused = answers.iter().filter(|(_, id)| id.is_none()).count();
    assert!(refused > 0, "some submissions met the outage");
    let after_recovery = answers
        .iter()
        .filter(|(at, id)| *at > ready && id.is_some())
        .count();
    assert!(after_recovery > 0, "submissions succeed again once ready");
    let failed_after = answers
        .iter()
        .filter(|(at, id)| *at > ready + Duration::from_millis(500) && id.is_none())
        .count();
    assert_eq!(
        failed_after,
        0,
        "nothing fails once recovered (restart took {:?})",
        ready - restarted
    );
    let created: Vec<String> = answers.into_iter().filter_map(|(_, id)| id).collect();
    assert_all_stored(&app, &created).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sqlite_file_locked_by_another_process_gives_503_with_retry_and_loses_nothing() {
    let app = spawn_app(Backend::Sqlite, |s| s.database.sqlite_busy_timeout_ms = 300)
        .await
        .unwrap();
    let limit = Duration::from_secs(5);
    let first = submit_or_503(&app, 0, limit)
        .await
        .expect("stored before the lock");
    let path = app.sqlite_path();

    let Some(locker) = SqliteLock::take(&path) else {
        return;
    };
    assert_eq!(
        submit_or_503(&app, 1, limit).await,
        None,
        "a locked file is a 503"
    );
    // Reading needs no write lock: the published list still answers.
    assert_eq!(app.get("/api/v1/posts/post-1/comments").await.status(), 200);
    locker.release();

    // The client's retry, after Retry-After, goes through.
    let retried = submit_or_503(&app, 1, limit)
        .await
        .expect("the retry is stored");
    assert_all_stored(&app, &[first, retried]).await;
    assert_eq!(app.comment_count().await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_stuck_past_the_timeout_is_answered_503_in_time() {
    // The database would make the writer wait 30 s; the request deadline is 1 s.
    let app = spawn_app(Backend::Sqlite, |s| {
        s.database.sqlite_busy_timeout_ms = 30_000;
        s.server.request_timeout_seconds = 1;
    })
    .await
    .unwrap();
    app.submit(&numbered(0)).await;
    let path = app.sqlite_path();
    let Some(locker) = SqliteLock::take(&path) else {
        return;
    };
    let started = Instant::now();
    let response = app.post_comment(&numbered(1)).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "answered after {:?}",
        started.elapsed()
    );
    assert!(response.headers().contains_key("retry-after"));
    assert_problem(response, 503, "request_timeout").await;
    locker.release();
    // The abandoned write was rolled back; the retry stores the comment once.
    app.submit(&numbered(1)).await;
    assert_eq!(app.comment_count().await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn readiness_fails_while_the_sqlite_writer_cannot_write_and_returns_after() {
    // The writer would wait 30 s for the lock, far past readiness's 2 s.
    let app = spawn_app(Backend::Sqlite, |s| {
        s.database.sqlite_busy_timeout_ms = 30_000;
        s.server.request_timeout_seconds = 20;
    })
    .await
    .unwrap();
    let app = std::sync::Arc::new(app);
    app.submit(&numbered(0)).await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    let Some(locker) = SqliteLock::take(&app.sqlite_path()) else {
        return;
    };
    let stuck = {
        let app = app.clone();
        tokio::spawn(async move { app.post_comment(&numbered(1)).await.status() })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The pool still answers; the writer, waiting on the lock, does not.
    assert_problem(app.get("/readyz").await, 503, "not_ready").await;
    locker.release();
    assert_eq!(stuck.await.unwrap(), 201, "the waiting comment is stored");
    assert_eq!(app.get("/readyz").await.status(), 200);
    assert_eq!(app.comment_count().await, 2);
}
