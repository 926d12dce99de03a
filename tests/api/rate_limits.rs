//! Token buckets per client address and per author email on the public write
//! endpoints: a 429 problem with Retry-After, and nothing stored.

use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment};

fn numbered(i: usize) -> serde_json::Value {
    let mut c = clean_comment("post-1");
    c["body"] = json!(format!(
        "Point {i}: the borrow checker explanation was clear."
    ));
    c["author_email"] = json!(format!("reader{i}@example.org"));
    c
}

backend_tests! {
    async fn a_flood_from_one_address_gets_429_with_retry_after(app) with(|s: &mut moderato::config::Settings| {
        s.limits.per_ip_per_minute = 2;
        s.limits.ip_burst = 3;
    }) {
        for i in 0..3 {
            assert_eq!(app.post_json_from("/api/v1/comments", "203.0.113.7", &numbered(i)).await.status(), 201);
        }
        let refused = app.post_json_from("/api/v1/comments", "203.0.113.7", &numbered(3)).await;
        let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=30).contains(&retry_after), "Retry-After {retry_after}");
        let problem = assert_problem(refused, 429, "rate_limited").await;
        assert!(problem["detail"].as_str().unwrap().contains("address"));
        assert_eq!(app.comment_count().await, 3, "the refused comment is not stored");

        // Another reader is not affected, and the dry run shares the limit.
        assert_eq!(app.post_json_from("/api/v1/comments", "203.0.113.8", &numbered(4)).await.status(), 201);
        let score = app.post_json_from("/api/v1/score", "203.0.113.7", &numbered(5)).await;
        assert_problem(score, 429, "rate_limited").await;
    }

    async fn one_email_posting_from_many_addresses_is_limited_too(app) with(|s: &mut moderato::config::Settings| {
        s.limits.per_email_per_minute = 1;
        s.limits.email_burst = 2;
    }) {
        let same_author = |i: usize| {
            let mut c = numbered(i);
            c["author_email"] = json!("Busy@Example.org");
            c
        };
        assert_eq!(app.post_json_from("/api/v1/comments", "203.0.113.1", &same_author(0)).await.status(), 201);
        assert_eq!(app.post_json_from("/api/v1/comments", "203.0.113.2", &same_author(1)).await.status(), 201);
        let refused = app.post_json_from("/api/v1/comments", "203.0.113.3", &same_author(2)).await;
        assert!(refused.headers().contains_key("retry-after"));
        let problem = assert_problem(refused, 429, "rate_limited").await;
        assert!(problem["detail"].as_str().unwrap().contains("email"));
        assert_eq!(app.comment_count().await, 2);
    }

    async fn reading_is_not_rate_limited(app) with(|s: &mut moderato::config::Settings| {
        s.limits.per_ip_per_minute = 1;
        s.limits.ip_burst = 1;
    }) {
        for _ in 0..20 {
            assert_eq!(app.get("/api/v1/posts/post-1/comments").await.status(), 200);
        }
    }
}
