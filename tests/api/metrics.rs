//! `GET /metrics`: off by default; when on, request counts and latencies per
//! route, decisions by outcome and rule, queue and outbox depth, mail sent,
//! and the connection pool, in the Prometheus text format.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment, TestApp};

/// The value of the sample whose line starts with `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn scrape(app: &TestApp) -> String {
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("openmetrics-text"));
    response.text().await.unwrap()
}

backend_tests! {
    async fn metrics_are_off_unless_enabled(app) {
        assert_problem(app.get("/metrics").await, 404, "not_found").await;
    }

    async fn metrics_show_requests_decisions_queue_outbox_and_pool(app) with(|s: &mut moderato::config::Settings| {
        s.metrics.enabled = true;
    }) {
        let token = app.add_moderator("alice");
        let registered = app
            .mod_send(Method::PUT, "/api/v1/moderation/posts/p", &token, &json!({"author_email": "desk@blog.example"}))
            .await;
        assert_eq!(registered.status(), 200);
        app.submit(&clean_comment("p")).await;
        app.submit_held("p", "held").await;
        app.submit_rejected("p").await;
        app.smtp.wait_for(1, Duration::from_secs(10)).await;
        // Let the worker record the send.
        tokio::time::sleep(Duration::from_millis(300)).await;

        let text = scrape(&app).await;
        let posted = r#"moderato_http_requests_total{method="POST",route="/api/v1/comments",status="201"}"#;
        assert_eq!(sample(&text, posted), Some(3.0), "{text}");
        let timed = r#"moderato_http_request_duration_seconds_count{method="POST",route="/api/v1/comments"}"#;
        assert_eq!(sample(&text, timed), Some(3.0), "{text}");
        for decision in ["approve", "review", "reject"] {
            let series = format!("moderato_decisions_total{{decision=\"{decision}\"}}");
            assert_eq!(sample(&text, &series), Some(1.0), "{series}: {text}");
        }
        assert_eq!(sample(&text, r#"moderato_rule_hits_total{rule="honeypot",category="spam"}"#), Some(1.0), "{text}");
        assert_eq!(sample(&text, "moderato_queue_depth"), Some(1.0), "{text}");
        assert_eq!(sample(&text, r#"moderato_outbox{status="sent"}"#), Some(1.0), "{text}");
        assert_eq!(sample(&text, "moderato_mail_sent_total"), Some(1.0), "{text}");
        assert!(sample(&text, "moderato_db_pool_connections").unwrap() >= 1.0, "{text}");
        // Each submission went through a writer's batch; only a SQLite file
        // has a log to sync before answering.
        assert_eq!(sample(&text, "moderato_group_commit_rows_sum"), Some(3.0), "{text}");
        let batches = sample(&text, "moderato_group_commit_rows_count").unwrap();
        assert!((1.0..=3.0).contains(&batches), "{text}");
        let syncs = sample(&text, "moderato_wal_sync_seconds_count").unwrap();
        if app.is_postgres() {
            assert_eq!(syncs, 0.0, "{text}");
        } else {
            assert!(syncs >= 1.0, "{text}");
        }
        // SQLite keeps the three submissions in memory for its lookups.
        let held = sample(&text, "moderato_recent_submissions").unwrap();
        assert_eq!(held, if app.is_postgres() { 0.0 } else { 3.0 }, "{text}");
        assert!(sample(&text, "moderato_recent_reach_seconds").unwrap() < 60.0, "{text}");
        // Routes are labelled by pattern, never by a raw path with ids in it.
        app.get("/api/v1/posts/some-post-id/comments").await;
        let text = scrape(&app).await;
        assert!(text.contains(r#"route="/api/v1/posts/{post_id}/comments""#), "{text}");
        assert!(!text.contains("some-post-id"));
    }
}
