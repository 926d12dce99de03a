//! Submitting comments: storage, decisions, threading, form posts.

use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment, error_fields};

backend_tests! {
    async fn a_clean_comment_is_approved_and_listed(app) {
        let created = app.submit(&clean_comment("post-1")).await;
        assert_eq!(created["status"], "approved");
        let id = created["id"].as_str().unwrap();
        assert!(created["created_at"].is_string());

        let page = app.list("post-1", "").await;
        let items = page["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["id"], id);
        assert_eq!(items[0]["author_name"], "Tomás Ibarra");
        assert_eq!(items[0]["body"], "Thanks, this cleared up how the borrow checker treats closures.");
        assert!(items[0]["parent_id"].is_null());
    }

    async fn the_public_list_never_shows_emails_ips_or_scores(app) {
        app.submit(&clean_comment("post-1")).await;
        let page = app.list("post-1", "").await;
        let mut keys: Vec<_> = page["items"][0].as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["author_name", "author_url", "body", "created_at", "id", "parent_id"]);
        assert!(!page.to_string().contains("tomas@example.org"));
    }

    async fn a_reply_to_an_approved_comment_is_threaded(app) {
        let parent = app.submit(&clean_comment("post-1")).await;
        let mut reply = clean_comment("post-1");
        reply["parent_id"] = parent["id"].clone();
        reply["body"] = json!("Agreed, and the same goes for async blocks.");
        let child = app.submit(&reply).await;
        assert_eq!(child["status"], "approved");

        let items = app.list("post-1", "").await["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1]["id"], child["id"]);
        assert_eq!(items[1]["parent_id"], parent["id"]);
    }

    async fn a_reply_to_an_unknown_comment_is_refused(app) {
        let mut reply = clean_comment("post-1");
        reply["parent_id"] = json!(uuid::Uuid::now_v7().to_string());
        let problem = assert_problem(app.post_comment(&reply).await, 422, "validation_failed").await;
        assert_eq!(error_fields(&problem), ["parent_id"]);
        assert_eq!(app.comment_count().await, 0);
    }

    async fn a_reply_to_a_comment_on_another_post_is_refused(app) {
        let parent = app.submit(&clean_comment("post-1")).await;
        let mut reply = clean_comment("post-2");
        reply["parent_id"] = parent["id"].clone();
        let problem = assert_problem(app.post_comment(&reply).await, 422, "validation_failed").await;
        assert_eq!(error_fields(&problem), ["parent_id"]);
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("another post"));
    }

    async fn a_reply_to_a_held_comment_is_refused(app) {
        let mut held = clean_comment("post-1");
        held["body"] = json!("see http://a.example http://b.example http://c.example http://d.example http://e.example");
        let parent = app.submit(&held).await;
        assert_eq!(parent["status"], "pending");
        let mut reply = clean_comment("post-1");
        reply["parent_id"] = parent["id"].clone();
        let problem = assert_problem(app.post_comment(&reply).await, 422, "validation_failed").await;
        assert_eq!(error_fields(&problem), ["parent_id"]);
    }

    async fn a_filled_honeypot_is_rejected(app) {
        let mut bot = clean_comment("post-1");
        bot["honeypot"] = json!("http://bot.example");
        let created = app.submit(&bot).await;
        assert_eq!(created["status"], "rejected");
        let stored = app.stored_comment(created["id"].as_str().unwrap()).await;
        assert_eq!(stored.status, "rejected");
        assert!(stored.reasons.contains("honeypot"));
        assert_eq!(stored.spam_score, 1.0);
    }

    async fn a_comment_with_five_links_is_held_for_review(app) {
        let mut spam = clean_comment("post-1");
        spam["body"] = json!("deals http://a.example http://b.example http://c.example http://d.example http://e.example");
        let created = app.submit(&spam).await;
        assert_eq!(created["status"], "pending");
        let stored = app.stored_comment(created["id"].as_str().unwrap()).await;
        assert!(stored.reasons.contains("link_count"));
        assert!(stored.spam_score >= 0.5 && stored.spam_score < 0.9);
    }

    async fn a_comment_with_two_links_is_approved(app) {
        let mut ok = clean_comment("post-1");
        ok["body"] = json!("The docs at https://doc.rust-lang.org and https://docs.rs helped.");
        assert_eq!(app.submit(&ok).await["status"], "approved");
    }

    async fn a_comment_submitted_seconds_after_the_form_appeared_is_held(app) {
        let mut fast = clean_comment("post-1");
        fast["form_rendered_at"] = json!(chrono::Utc::now().to_rfc3339());
        assert_eq!(app.submit(&fast).await["status"], "pending");

        let mut patient = clean_comment("post-1");
        // Another text: the same one again would be a double submit.
        patient["body"] = json!("Thanks, the part on lifetimes in closures helped most.");
        patient["form_rendered_at"] = json!((chrono::Utc::now() - chrono::Duration::minutes(3)).to_rfc3339());
        assert_eq!(app.submit(&patient).await["status"], "approved");
    }

    async fn a_link_to_a_blocklisted_domain_is_held(app) {
        let mut spam = clean_comment("post-1");
        // Words enough that the link alone is not the point (`link_only`).
        spam["body"] = json!("Great post, I have read a lot more about this topic over at https://www.cheap-pills.example/offer");
        let created = app.submit(&spam).await;
        assert_eq!(created["status"], "pending");
        let stored = app.stored_comment(created["id"].as_str().unwrap()).await;
        assert!(stored.reasons.contains("blocklisted_domain"));
    }

    async fn pending_and_rejected_comments_never_appear_in_the_public_list(app) {
        let mut held = clean_comment("post-1");
        held["body"] = json!("http://a.example http://b.example http://c.example http://d.example http://e.example");
        let mut bot = clean_comment("post-1");
        bot["honeypot"] = json!("filled");
        bot["body"] = json!("Great article, thanks for sharing");
        assert_eq!(app.submit(&held).await["status"], "pending");
        assert_eq!(app.submit(&bot).await["status"], "rejected");
        let approved = app.submit(&clean_comment("post-1")).await;

        let items = app.list("post-1", "").await["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["id"], approved["id"]);
        assert_eq!(app.comment_count().await, 3);
    }

    async fn the_system_decision_is_the_first_audit_event(app) {
        let mut held = clean_comment("post-1");
        held["body"] = json!("http://a.example http://b.example http://c.example http://d.example http://e.example");
        let created = app.submit(&held).await;
        let id = created["id"].as_str().unwrap();
        let events = app.events_of(id).await;
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].actor, "system");
        assert_eq!(events[0].from_status, None);
        assert_eq!(events[0].to_status, "pending");
        let stored = app.stored_comment(id).await;
        assert_eq!(stored.version, 1);
        assert_eq!(stored.author_email.as_deref(), Some("tomas@example.org"));
    }

    async fn a_form_post_redirects_back_to_the_approved_comment(app) {
        let response = app
            .client
            .post(app.url("/api/v1/comments"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("post_id=post-1&post_url=https%3A%2F%2Fblog.example%2Fpost-1&author_name=Ana&author_email=&author_url=&honeypot=&body=Lovely+write-up")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let items = app.list("post-1", "").await["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 1);
        assert_eq!(location, format!("https://blog.example/post-1#comment-{}", items[0]["id"].as_str().unwrap()));
    }

    async fn a_held_form_post_redirects_saying_it_awaits_moderation(app) {
        let response = app
            .client
            .post(app.url("/api/v1/comments"))
            .form(&[
                ("post_id", "post-1"),
                ("post_url", "https://blog.example/post-1#comments"),
                ("author_name", "Bot"),
                ("body", "buy now"),
                ("honeypot", "gotcha"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(
            response.headers()["location"],
            "https://blog.example/post-1#comment-awaiting-moderation"
        );
        assert_eq!(app.comment_count().await, 1);
    }

    async fn a_form_post_without_a_post_url_is_refused(app) {
        let response = app
            .client
            .post(app.url("/api/v1/comments"))
            .form(&[("post_id", "post-1"), ("author_name", "Ana"), ("body", "hi")])
            .send()
            .await
            .unwrap();
        let problem = assert_problem(response, 422, "validation_failed").await;
        assert_eq!(error_fields(&problem), ["post_url"]);
        assert_eq!(app.comment_count().await, 0);
    }

    async fn forwarded_for_is_believed_from_trusted_proxies(app) with(|s: &mut moderato::config::Settings| {
        s.server.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
        s.privacy.ip_storage = moderato::config::IpStorage::Full;
    }) {
        let response = app
            .client
            .post(app.url("/api/v1/comments"))
            .header("x-forwarded-for", "198.51.100.7, 203.0.113.9, 127.0.0.5")
            .json(&clean_comment("post-1"))
            .send()
            .await
            .unwrap();
        let created: serde_json::Value = response.json().await.unwrap();
        let stored = app.stored_comment(created["id"].as_str().unwrap()).await;
        // The nearest hop that is not one of our proxies is the client.
        assert_eq!(stored.client_ip.as_deref(), Some("203.0.113.9"));
    }

    async fn the_request_facts_are_stored_with_the_comment(app) with(|s: &mut moderato::config::Settings| {
        s.server.trusted_proxies = vec![];
        s.privacy.ip_storage = moderato::config::IpStorage::Full;
    }) {
        let response = app
            .client
            .post(app.url("/api/v1/comments"))
            .header("user-agent", "moderato-test/1.0")
            .header("referer", "https://blog.example/post-1")
            .header("x-forwarded-for", "203.0.113.9")
            .json(&clean_comment("post-1"))
            .send()
            .await
            .unwrap();
        let created: serde_json::Value = response.json().await.unwrap();
        let stored = app.stored_comment(created["id"].as_str().unwrap()).await;
        assert_eq!(stored.user_agent.as_deref(), Some("moderato-test/1.0"));
        assert_eq!(stored.referer.as_deref(), Some("https://blog.example/post-1"));
        // The peer is not a trusted proxy, so its X-Forwarded-For is ignored.
        assert_eq!(stored.client_ip.as_deref(), Some("127.0.0.1"));
    }
}
