//! A submitter's history reaches the scoring of their next comment: an
//! approval makes an author trusted, a rejection counts against the email
//! and the address. On SQLite the history of a submitter with none is known
//! in memory without a query, so these cases pin down every way history
//! comes to exist there: a stored comment, a moderator's decision later, a
//! restart, and a post's author registered after its first comment.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{clean_comment, held_comment, random_reader_ip, TestApp};
use moderato::storage::facts::FactsQuery;

/// A comment the link rule holds for review, from `email` (or no email).
fn held(post_id: &str, email: Option<&str>, n: u32) -> Value {
    let mut c = held_comment(post_id, &format!("Sources for point {n}:"));
    if let Some(email) = email {
        c["author_email"] = json!(email);
    }
    c
}

/// Posts `comment` from `ip`; returns the stored comment's id and status.
async fn submit_from(app: &TestApp, ip: &str, comment: &Value) -> (String, String) {
    let created = app.post_json_from("/api/v1/comments", ip, comment).await;
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.expect("json");
    (
        body["id"].as_str().expect("id").to_owned(),
        body["status"].as_str().expect("status").to_owned(),
    )
}

/// The rules that fired for a stored comment.
async fn rules_of(app: &TestApp, id: &str) -> Vec<String> {
    let reasons: Vec<Value> =
        serde_json::from_str(&app.stored_comment(id).await.reasons).expect("reasons are JSON");
    reasons
        .iter()
        .filter_map(|r| r["rule"].as_str().map(str::to_owned))
        .collect()
}

/// A moderator's decision on a comment, asserted to go through.
async fn decide(app: &TestApp, token: &str, id: &str, action: &str) {
    let version = i64::from(app.stored_comment(id).await.version);
    let response = app.decide(token, id, action, version).await;
    assert!(response.status().is_success(), "{}", response.status());
}

backend_tests! {
    async fn an_author_whose_held_comment_a_moderator_approved_is_trusted_next_time(app) {
        let email = "returning@example.org";
        let ip = random_reader_ip();
        let (first, status) = submit_from(&app, &ip, &held("post-t", Some(email), 1)).await;
        assert_eq!(status, "pending");
        assert!(!rules_of(&app, &first).await.contains(&"trusted_author".to_owned()));

        let token = app.add_moderator("alice");
        decide(&app, &token, &first, "approve").await;

        let mut next = clean_comment("post-t");
        next["author_email"] = json!(email);
        let (second, _) = submit_from(&app, &random_reader_ip(), &next).await;
        assert!(rules_of(&app, &second).await.contains(&"trusted_author".to_owned()));
        // A stranger writing the same is not.
        let (stranger, _) = submit_from(&app, &random_reader_ip(), &clean_comment("post-t")).await;
        assert!(!rules_of(&app, &stranger).await.contains(&"trusted_author".to_owned()));
    }

    async fn a_moderators_rejection_counts_against_the_address_on_its_next_comment(app) {
        let ip = random_reader_ip();
        let (first, status) = submit_from(&app, &ip, &held("post-r", None, 1)).await;
        assert_eq!(status, "pending");
        let token = app.add_moderator("alice");
        decide(&app, &token, &first, "reject").await;

        // A new email from the same address: only the address has history.
        let mut next = clean_comment("post-r");
        next["author_email"] = json!("fresh-name@example.org");
        let (second, _) = submit_from(&app, &ip, &next).await;
        assert!(
            rules_of(&app, &second).await.contains(&"spam_history".to_owned()),
            "{:?}",
            rules_of(&app, &second).await
        );
        // The same text from the same email would be a double submit.
        next["author_email"] = json!("another-name@example.org");
        let (elsewhere, _) = submit_from(&app, &random_reader_ip(), &next).await;
        assert!(!rules_of(&app, &elsewhere).await.contains(&"spam_history".to_owned()));

        // Opened afterwards, as after a restart: the rejection is read back.
        let stored_ip = app.stored_comment(&first).await.client_ip.expect("an address is stored");
        let facts = app
            .submission_store()
            .facts(&FactsQuery {
                email: Some("someone-new@example.org"),
                ip: Some(&stored_ip),
                body_hash: "no such text",
                post_id: "post-r",
                now: Utc::now(),
                velocity_window: Duration::minutes(10),
                duplicate_window: Duration::hours(24),
                cap: 10,
                double_submit_since: None,
            })
            .await
            .unwrap()
            .facts;
        assert_eq!(facts.rejected_by_ip, 1);
    }

    async fn a_rejected_comments_email_counts_against_its_next_comment(app) {
        let email = "bot-operator@example.org";
        let mut bot = clean_comment("post-e");
        bot["author_email"] = json!(email);
        bot["honeypot"] = json!("filled by a bot");
        let (_, status) = submit_from(&app, &random_reader_ip(), &bot).await;
        assert_eq!(status, "rejected");

        let mut next = clean_comment("post-e");
        next["author_email"] = json!(email);
        next["body"] = json!("A second look: the chart in part two uses the wrong baseline.");
        let (second, _) = submit_from(&app, &random_reader_ip(), &next).await;
        assert!(rules_of(&app, &second).await.contains(&"spam_history".to_owned()));
    }

    async fn an_author_registered_after_a_posts_first_comment_hears_of_the_next_held_one(app) {
        let (first, _) = submit_from(&app, &random_reader_ip(), &held("post-late", None, 1)).await;
        let token = app.add_moderator("alice");
        let registered = app
            .mod_send(
                Method::PUT,
                "/api/v1/moderation/posts/post-late",
                &token,
                &json!({"author_email": "late-author@blog.example"}),
            )
            .await;
        assert_eq!(registered.status(), 200);

        let (second, status) = submit_from(&app, &random_reader_ip(), &held("post-late", None, 2)).await;
        assert_eq!(status, "pending");
        let notices = notices(&app).await;
        assert_eq!(
            notices,
            vec![(second, "late-author@blog.example".to_owned())],
            "only the comment held after the registration is noticed, not {first}"
        );
    }
}

/// Each stored notice's comment and recipient.
async fn notices(app: &TestApp) -> Vec<(String, String)> {
    app.outbox()
        .await
        .into_iter()
        .map(|n| (n.comment_id.unwrap_or_default(), n.recipient))
        .collect()
}
