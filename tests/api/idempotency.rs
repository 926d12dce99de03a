//! Idempotent submission: `Idempotency-Key` replays, key reuse with another
//! body, key expiry, concurrent retries, and double submits without a key.

use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment, TestApp};

async fn post_with_key(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/comments"))
        .header("idempotency-key", key)
        .header("x-forwarded-for", crate::helpers::random_reader_ip())
        .json(body)
        .send()
        .await
        .unwrap()
}

backend_tests! {
    async fn a_replay_with_the_same_key_returns_the_first_response_and_stores_nothing(app) {
        let comment = clean_comment("post-1");
        let first = post_with_key(&app, "key-123", &comment).await;
        assert_eq!(first.status(), 201);
        assert!(first.headers().get("idempotent-replayed").is_none());
        let first: Value = first.json().await.unwrap();

        let again = post_with_key(&app, "key-123", &comment).await;
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        let again: Value = again.json().await.unwrap();
        assert_eq!(again, first);
        assert_eq!(app.comment_count().await, 1);
    }

    async fn the_same_key_with_a_different_body_is_422(app) {
        let mut comment = clean_comment("post-1");
        assert_eq!(post_with_key(&app, "key-abc", &comment).await.status(), 201);
        comment["body"] = json!("Something else entirely, but still polite.");
        assert_problem(post_with_key(&app, "key-abc", &comment).await, 422, "idempotency_key_reused").await;
        assert_eq!(app.comment_count().await, 1);
    }

    async fn a_key_can_be_used_again_once_it_expired(app) with(|s: &mut moderato::config::Settings| {
        s.idempotency.key_ttl_hours = 0;
        s.idempotency.double_submit_seconds = 0;
    }) {
        let comment = clean_comment("post-1");
        let first: Value = post_with_key(&app, "short-lived", &comment).await.json().await.unwrap();
        let second = post_with_key(&app, "short-lived", &comment).await;
        assert_eq!(second.status(), 201);
        assert!(second.headers().get("idempotent-replayed").is_none());
        let second: Value = second.json().await.unwrap();
        assert_ne!(first["id"], second["id"]);
        assert_eq!(app.comment_count().await, 2);
    }

    async fn concurrent_retries_with_one_key_store_one_comment(app) {
        let comment = clean_comment("post-1");
        let sends = (0..8).map(|_| post_with_key(&app, "racing-key", &comment));
        let responses = futures_util::future::join_all(sends).await;
        let mut ids = std::collections::BTreeSet::new();
        for r in responses {
            // Either the first answer, or "in progress, retry" while it commits.
            match r.status().as_u16() {
                201 => {
                    let body: Value = r.json().await.unwrap();
                    ids.insert(body["id"].as_str().unwrap().to_owned());
                }
                409 => {
                    assert_problem(r, 409, "idempotency_key_in_use").await;
                }
                other => panic!("unexpected status {other}"),
            }
        }
        assert_eq!(ids.len(), 1, "{ids:?}");
        assert_eq!(app.comment_count().await, 1);
    }

    async fn a_bad_idempotency_key_is_400(app) {
        let long = "k".repeat(256);
        assert_problem(post_with_key(&app, &long, &clean_comment("p")).await, 400, "invalid_parameter").await;
        assert_problem(post_with_key(&app, "has space", &clean_comment("p")).await, 400, "invalid_parameter").await;
        assert_eq!(app.comment_count().await, 0);
    }

    async fn a_double_click_without_a_key_returns_the_first_comment(app) {
        let comment = clean_comment("post-1");
        let first = app.submit(&comment).await;
        let again = app.post_comment(&comment).await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        let again: Value = again.json().await.unwrap();
        assert_eq!(again["id"], first["id"]);
        assert_eq!(app.comment_count().await, 1);

        // The same text on another post, or by someone else, is a new comment.
        app.submit(&clean_comment("post-2")).await;
        let mut other = clean_comment("post-1");
        other["author_email"] = json!("someone.else@example.org");
        app.submit(&other).await;
        assert_eq!(app.comment_count().await, 3);
    }

    async fn an_anonymous_double_click_is_recognised_by_its_address(app) {
        let comment = crate::pairs::anonymous_comment("post-1", "Same words, no email, clicked twice.");
        let from = |ip: &'static str| app.post_json_from("/api/v1/comments", ip, &comment);
        let first = from("203.0.113.9").await;
        assert_eq!(first.status(), 201);
        let first: Value = first.json().await.unwrap();
        let again = from("203.0.113.9").await;
        assert_eq!(again.status(), 200);
        let again: Value = again.json().await.unwrap();
        assert_eq!(again["id"], first["id"]);

        // The same words from another address, or with an email, are
        // someone else's comment.
        assert_eq!(from("198.51.100.20").await.status(), 201);
        let mut signed = comment.clone();
        signed["author_email"] = json!("signed@example.org");
        let signed = app.post_json_from("/api/v1/comments", "203.0.113.9", &signed).await;
        assert_eq!(signed.status(), 201);
        assert_eq!(app.comment_count().await, 3);
    }

    async fn a_double_submit_window_of_zero_stores_both(app) with(|s: &mut moderato::config::Settings| {
        s.idempotency.double_submit_seconds = 0;
    }) {
        let comment = clean_comment("post-1");
        app.submit(&comment).await;
        app.submit(&comment).await;
        assert_eq!(app.comment_count().await, 2);
    }
}
