//! What is kept of a commenter: addresses stored truncated, hashed or not at
//! all (and the rules working from what is stored), plus the data-subject
//! tools `moderato export` and `moderato erase` with their audit trail.

use moderato::config::IpStorage;
use moderato::storage::entities::data_requests;
use sea_orm::EntityTrait;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{clean_comment, TestApp};

async fn post_from(app: &TestApp, ip: &str, body: &Value) -> Value {
    let response = app.post_json_from("/api/v1/comments", ip, body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

fn by(email: &str, text: &str) -> Value {
    let mut c = clean_comment("post-1");
    c["author_email"] = json!(email);
    c["body"] = json!(text);
    c
}

async fn stored_ip(app: &TestApp, created: &Value) -> Option<String> {
    app.stored_comment(created["id"].as_str().unwrap())
        .await
        .client_ip
}

async fn audit_rows(app: &TestApp) -> Vec<data_requests::Model> {
    data_requests::Entity::find().all(&app.db).await.unwrap()
}

backend_tests! {
    async fn addresses_are_stored_truncated_by_default(app) {
        let v4 = post_from(&app, "203.0.113.77", &by("a@example.org", "First thought on the post.")).await;
        assert_eq!(stored_ip(&app, &v4).await.as_deref(), Some("203.0.113.0/24"));
        let v6 = post_from(&app, "2001:db8:abcd:12::1", &by("b@example.org", "Second thought on the post.")).await;
        assert_eq!(stored_ip(&app, &v6).await.as_deref(), Some("2001:db8:abcd::/48"));
    }

    async fn hashed_addresses_match_each_other_and_reveal_nothing(app) with(|s: &mut moderato::config::Settings| {
        s.privacy.ip_storage = IpStorage::Hashed;
        s.privacy.ip_hash_key = "a-long-test-hmac-key".to_string().into();
    }) {
        let one = post_from(&app, "203.0.113.77", &by("a@example.org", "First thought on the post.")).await;
        let two = post_from(&app, "203.0.113.77", &by("b@example.org", "Second thought on the post.")).await;
        let other = post_from(&app, "203.0.113.78", &by("c@example.org", "Third thought on the post.")).await;
        let stored = stored_ip(&app, &one).await.unwrap();
        assert!(stored.starts_with("hmac:") && !stored.contains("203.0.113"), "{stored}");
        assert_eq!(stored_ip(&app, &two).await.unwrap(), stored);
        assert_ne!(stored_ip(&app, &other).await.unwrap(), stored);
    }

    async fn no_address_is_stored_when_storage_is_none(app) with(|s: &mut moderato::config::Settings| {
        s.privacy.ip_storage = IpStorage::None;
    }) {
        let created = post_from(&app, "203.0.113.77", &by("a@example.org", "A thought on the post.")).await;
        assert_eq!(stored_ip(&app, &created).await, None);
    }

    async fn velocity_by_address_works_from_the_truncated_form(app) with(|s: &mut moderato::config::Settings| {
        s.scoring.velocity_max = 2;
    }) {
        // Four readers of one /24, each with their own email: the network is the sender.
        let mut last = Value::Null;
        for i in 1..=4 {
            last = post_from(&app, &format!("203.0.113.{i}"), &by(&format!("r{i}@example.org"), &format!("Thought number {i} on this."))).await;
        }
        let reasons = app.stored_comment(last["id"].as_str().unwrap()).await.reasons;
        assert!(reasons.contains("velocity"), "{reasons}");
        // Another network is not affected.
        let elsewhere = post_from(&app, "198.51.100.1", &by("r9@example.org", "A thought from elsewhere.")).await;
        assert!(!app.stored_comment(elsewhere["id"].as_str().unwrap()).await.reasons.contains("velocity"));
    }

    async fn export_writes_a_persons_comments_as_json_and_is_audited(app) {
        post_from(&app, "203.0.113.7", &by("Ana@Example.org", "Ana's first comment.")).await;
        post_from(&app, "203.0.113.8", &by("ana@example.org", "Ana's second comment.")).await;
        post_from(&app, "203.0.113.9", &by("bob@example.org", "Bob's comment.")).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ana.json");
        let output = app.cli(&["export", "--email", "ANA@example.org", "--output", file.to_str().unwrap()]);
        assert!(output.status.success(), "{output:?}");
        let export: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(export["email"], "ana@example.org");
        let bodies: Vec<&str> = export["comments"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
        assert_eq!(bodies, ["Ana's first comment.", "Ana's second comment."]);
        assert_eq!(export["comments"][0]["client_ip"], "203.0.113.0/24");

        let audit = audit_rows(&app).await;
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].action, "export");
        assert_eq!(audit[0].affected, 2);
        assert_eq!(audit[0].subject_hash, moderato::domain::privacy::subject_hash("ana@example.org"));
        assert!(audit[0].actor.starts_with("cli:"));
    }

    async fn erase_anonymises_comments_and_keeps_the_audit_trail(app) {
        let token = app.add_moderator("alice");
        let kept = post_from(&app, "203.0.113.7", &by("ana@example.org", "Ana's comment, which stays.")).await;
        let other = post_from(&app, "203.0.113.9", &by("bob@example.org", "Bob's comment.")).await;
        let id = kept["id"].as_str().unwrap();

        let refused = app.cli(&["erase", "--email", "ana@example.org"]);
        assert!(!refused.status.success(), "erasure needs --yes");
        assert_eq!(app.stored_comment(id).await.author_email.as_deref(), Some("ana@example.org"));

        let output = app.cli(&["erase", "--email", "ana@example.org", "--yes"]);
        assert!(output.status.success(), "{output:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("1 comment(s) anonymised"));

        let erased = app.stored_comment(id).await;
        assert_eq!(erased.author_email, None);
        assert_eq!(erased.author_name, "[erased]");
        assert_eq!(erased.client_ip, None);
        assert_eq!(erased.user_agent, None);
        assert_eq!(erased.body, "Ana's comment, which stays.");
        // Others are untouched; the comment's trail records the erasure.
        assert_eq!(app.stored_comment(other["id"].as_str().unwrap()).await.author_email.as_deref(), Some("bob@example.org"));
        let events: Vec<String> = app.events_of(id).await.into_iter().map(|e| e.action).collect();
        assert_eq!(events, ["submitted", "erased"]);
        let detail: Value = app.mod_get(&format!("/api/v1/moderation/comments/{id}"), &token).await.json().await.unwrap();
        assert_eq!(detail["author"]["name"], "[erased]");
        assert_eq!(detail["author"]["email"], Value::Null);

        let audit = audit_rows(&app).await;
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].action, "erase");
        assert_eq!(audit[0].affected, 1);
        assert!(!audit[0].subject_hash.contains('@'));

        // An export afterwards finds nothing under the address.
        let after = app.cli(&["export", "--email", "ana@example.org"]);
        let export: Value = serde_json::from_slice(&after.stdout).unwrap();
        assert_eq!(export["comments"], json!([]));
    }

    async fn a_bad_email_is_refused_by_the_data_tools(app) {
        let output = app.cli(&["export", "--email", "not-an-email"]);
        assert!(!output.status.success());
        assert!(String::from_utf8_lossy(&output.stderr).contains("email"));
        assert!(audit_rows(&app).await.is_empty());
    }
}
