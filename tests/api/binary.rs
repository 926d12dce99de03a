//! The `moderato` binary as an operator runs it: env overrides, port 0,
//! first-run database creation, `migrate`, config errors and SIGTERM.

use std::process::Stdio;
use std::time::Duration;

use crate::process::{moderato, stop, wait_for_address, Server};

#[tokio::test]
async fn port_zero_binds_a_free_port_logs_it_and_sigterm_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Server::spawn(moderato(dir.path()).stdout(Stdio::piped()));
    let (address, _) = wait_for_address(child.child());
    assert!(
        !address.ends_with(":0") && !address.ends_with(":8080"),
        "{address}"
    );

    // The SQLite file and its folder were created on first run.
    assert!(dir.path().join("nested/moderato.db").exists());
    let response = reqwest::get(format!("http://{address}/readyz"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let status = stop(child).await;
    assert!(status.success(), "exit status {status}");
}

#[tokio::test]
async fn logs_never_show_emails_addresses_or_secrets() {
    const SMTP_PASSWORD: &str = "smtp-password-never-logged";
    const LINK_SECRET: &str = "link-secret-never-logged";
    const IP_KEY: &str = "ip-hash-key-never-logged";
    let dir = tempfile::tempdir().unwrap();
    let mut child = Server::spawn(
        moderato(dir.path())
            .env("MODERATO__TELEMETRY__LEVEL", "debug")
            .env("MODERATO__SERVER__TRUSTED_PROXIES", "127.0.0.1")
            .env("MODERATO__SMTP__PASSWORD", SMTP_PASSWORD)
            .env(
                "MODERATO__SMTP__PORT",
                crate::helpers::free_port().to_string(),
            )
            .env("MODERATO__NOTIFY__LINK_SECRET", LINK_SECRET)
            .env(
                "MODERATO__NOTIFY__DEFAULT_AUTHOR_EMAIL",
                "author.person@blog.example",
            )
            .env("MODERATO__PRIVACY__IP_HASH_KEY", IP_KEY)
            .stdout(Stdio::piped()),
    );
    let (address, log) = wait_for_address(child.child());
    let client = reqwest::Client::new();
    let comment = serde_json::json!({
        "post_id": "post-1",
        "author_name": "Ana",
        "author_email": "ana.private@example.org",
        "body": "Held for review: http://a.example http://b.example http://c.example http://d.example http://e.example",
    });
    let created = client
        .post(format!("http://{address}/api/v1/comments"))
        .header("x-forwarded-for", "203.0.113.77")
        .json(&comment)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let refused = client
        .put(format!(
            "http://{address}/api/v1/moderation/authors/ana.private%40example.org/preference"
        ))
        .json(&serde_json::json!({"preference": "off"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    client
        .get(format!("http://{address}/moderate/{LINK_SECRET}.forged"))
        .send()
        .await
        .unwrap();
    // Let the outbox worker try (and fail) to mail the author.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(stop(child).await.success());

    let log = log.lock().unwrap().join("\n");
    assert!(
        log.contains("comment stored"),
        "the log was captured: {log}"
    );
    assert!(
        log.contains("notification") || log.contains("smtp"),
        "the worker ran: {log}"
    );
    for secret in [
        "ana.private@example.org",
        "ana.private%40example.org",
        "author.person@blog.example",
        "203.0.113.77",
        SMTP_PASSWORD,
        LINK_SECRET,
        IP_KEY,
    ] {
        assert!(!log.contains(secret), "the log shows {secret}");
    }
}

#[test]
fn settings_never_print_their_secrets() {
    let mut settings = crate::helpers::base_settings();
    settings.smtp.password = "smtp-password-in-debug".to_string().into();
    settings.notify.link_secret = "link-secret-in-debug".to_string().into();
    settings.privacy.ip_hash_key = "ip-key-in-debug".to_string().into();
    settings.database.url = "postgres://app:db-password-in-debug@db/moderato"
        .to_string()
        .into();
    let printed = format!("{settings:?} {settings:#?}");
    for secret in [
        "smtp-password-in-debug",
        "link-secret-in-debug",
        "ip-key-in-debug",
        "db-password-in-debug",
    ] {
        assert!(!printed.contains(secret), "Debug output shows {secret}");
    }
}

#[test]
fn migrate_runs_the_migrations_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let output = moderato(dir.path()).arg("migrate").output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(dir.path().join("nested/moderato.db").exists());
    assert!(String::from_utf8_lossy(&output.stdout).contains("migrations are up to date"));
}

#[test]
fn an_unknown_environment_key_stops_startup_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let output = moderato(dir.path())
        .env("MODERATO__SERVER__COLOUR", "blue")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("colour"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_during_a_burst_finishes_in_flight_requests_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Server::spawn(
        moderato(dir.path())
            .env("MODERATO__LIMITS__PER_IP_PER_MINUTE", "0")
            .env("MODERATO__LIMITS__PER_EMAIL_PER_MINUTE", "0")
            .stdout(Stdio::piped()),
    );
    let (address, _) = wait_for_address(child.child());
    // A new connection per request: once the listener closes, a request is
    // refused outright instead of racing a keep-alive connection's close.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let burst: Vec<_> = (0..300)
        .map(|i| {
            let client = client.clone();
            let url = format!("http://{address}/api/v1/comments");
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(i * 2)).await;
                let comment = serde_json::json!({
                    "post_id": "post-1",
                    "author_name": "Reader",
                    "author_email": format!("reader{i}@example.org"),
                    "body": format!("Comment number {i} in the burst."),
                });
                client.post(url).json(&comment).send().await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(250)).await;
    let status = stop(child).await;
    assert!(status.success(), "exit status {status}");

    let mut created = Vec::new();
    let mut refused = 0;
    for task in burst {
        match task.await.unwrap() {
            Ok(response) => {
                assert_eq!(response.status(), 201, "an answered request succeeded");
                let body: serde_json::Value = response.json().await.unwrap();
                created.push(body["id"].as_str().unwrap().to_owned());
            }
            // Sent after shutdown began: refused, reset from the listen
            // backlog, or closed before its request was read. Whether the
            // server had started on it is settled below: nothing stored may
            // lack its 201.
            Err(_) => refused += 1,
        }
    }
    assert!(
        !created.is_empty() && refused > 0,
        "{} created, {refused} refused",
        created.len()
    );

    // Every 201 is in the database, and nothing else is: no request was
    // cut off between being stored and being answered.
    let db = sea_orm::Database::connect(format!(
        "sqlite://{}/nested/moderato.db?mode=ro",
        dir.path().display()
    ))
    .await
    .unwrap();
    use sea_orm::{EntityTrait, PaginatorTrait};
    let stored = moderato::storage::entities::comments::Entity::find()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(stored as usize, created.len());
    for id in created {
        assert!(
            moderato::storage::entities::comments::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .is_some()
        );
    }
}
