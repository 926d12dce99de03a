//! Decisions: transitions, optimistic concurrency, bulk, audit trail.

use reqwest::Method;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_problem, error_fields};

backend_tests! {
    async fn each_action_moves_the_comment_and_is_audited(app) {
        let token = app.add_moderator("alice");
        for (action, status) in [("approve", "approved"), ("reject", "rejected"), ("spam", "rejected"), ("ham", "approved")] {
            let id = app.submit_held("p", action).await;
            let response = app.decide(&token, &id, action, 1).await;
            assert_eq!(response.status(), 200, "{action}");
            let state: Value = response.json().await.unwrap();
            assert_eq!(state["status"], status, "{action}");
            assert_eq!(state["version"], 2);

            let events = app.events_of(&id).await;
            assert_eq!(events.len(), 2, "{action}");
            let last = events.iter().find(|e| e.actor == "alice").expect("moderator event");
            assert_eq!(last.action, action);
            assert_eq!(last.from_status.as_deref(), Some("pending"));
            assert_eq!(last.to_status, status);
        }
    }

    async fn an_approved_comment_appears_in_the_public_list(app) {
        let token = app.add_moderator("alice");
        let id = app.submit_held("p", "borderline").await;
        assert!(app.list("p", "").await["items"].as_array().unwrap().is_empty());
        assert_eq!(app.decide(&token, &id, "approve", 1).await.status(), 200);
        let items = app.list("p", "").await["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["id"], id);
    }

    async fn a_ham_decision_on_a_rejected_comment_publishes_it(app) {
        let token = app.add_moderator("alice");
        let id = &app.submit_rejected("p").await;
        let state: Value = app.decide(&token, id, "ham", 1).await.json().await.unwrap();
        assert_eq!(state["status"], "approved");
        assert_eq!(app.list("p", "").await["items"][0]["id"], id.as_str());
    }

    async fn a_stale_version_is_a_409_with_the_current_state(app) {
        let alice = app.add_moderator("alice");
        let bob = app.add_moderator("bob");
        let id = app.submit_held("p", "contested").await;
        assert_eq!(app.decide(&alice, &id, "approve", 1).await.status(), 200);
        let problem = assert_problem(app.decide(&bob, &id, "reject", 1).await, 409, "version_conflict").await;
        assert_eq!(problem["current"]["status"], "approved");
        assert_eq!(problem["current"]["version"], 2);
        assert_eq!(app.stored_comment(&id).await.status, "approved");
        // Only the winning decision is in the trail.
        assert_eq!(app.events_of(&id).await.len(), 2);
    }

    async fn two_moderators_deciding_at_once_never_both_win(app) {
        let alice = app.add_moderator("alice");
        let bob = app.add_moderator("bob");
        for round in 0..5 {
            let id = app.submit_held("p", &format!("race {round}")).await;
            let (a, b) = tokio::join!(app.decide(&alice, &id, "approve", 1), app.decide(&bob, &id, "spam", 1));
            let mut statuses = [a.status().as_u16(), b.status().as_u16()];
            statuses.sort();
            assert_eq!(statuses, [200, 409], "round {round}");
            assert_eq!(app.stored_comment(&id).await.version, 2);
            assert_eq!(app.events_of(&id).await.len(), 2);
        }
    }

    async fn deciding_on_a_missing_comment_is_404(app) {
        let token = app.add_moderator("alice");
        let missing = uuid::Uuid::now_v7().to_string();
        assert_problem(app.decide(&token, &missing, "approve", 1).await, 404, "not_found").await;
    }

    async fn a_bad_decision_body_names_the_field(app) {
        let token = app.add_moderator("alice");
        let id = app.submit_held("p", "x").await;
        let path = format!("/api/v1/moderation/comments/{id}/decision");
        let cases = [
            (json!({"action": "delete", "version": 1}), "action"),
            (json!({"version": 1}), "action"),
            (json!({"action": "approve"}), "version"),
            (json!({"action": "approve", "version": 1, "note": "n".repeat(2001)}), "note"),
        ];
        for (body, field) in cases {
            let problem = assert_problem(app.mod_send(Method::POST, &path, &token, &body).await, 422, "validation_failed").await;
            assert_eq!(error_fields(&problem), [field]);
        }
        let response = app.mod_send(Method::POST, &path, &token, &json!({"action": "approve", "version": "one"})).await;
        assert_problem(response, 400, "malformed_body").await;
        assert_eq!(app.stored_comment(&id).await.version, 1);
    }

    async fn a_bulk_decision_reports_each_id_on_its_own(app) {
        let token = app.add_moderator("alice");
        let first = app.submit_held("p", "one").await;
        let second = app.submit_held("p", "two").await;
        let missing = uuid::Uuid::now_v7().to_string();
        let response = app
            .mod_send(Method::POST, "/api/v1/moderation/decisions", &token, &json!({"ids": [first, missing, second], "action": "spam", "note": "link farm"}))
            .await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        let results = body["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        assert_eq!((results[0]["status"].as_u64(), results[0]["comment"]["status"].as_str()), (Some(200), Some("rejected")));
        assert_eq!((results[1]["status"].as_u64(), results[1]["code"].as_str()), (Some(404), Some("not_found")));
        assert_eq!(results[2]["status"], 200);
        for id in [&first, &second] {
            let events = app.events_of(id).await;
            assert_eq!(events.last().unwrap().note.as_deref(), Some("link farm"));
            assert_eq!(app.stored_comment(id).await.status, "rejected");
        }
        let empty = app.mod_send(Method::POST, "/api/v1/moderation/decisions", &token, &json!({"ids": [], "action": "spam"})).await;
        assert_problem(empty, 422, "validation_failed").await;
    }

    async fn the_audit_log_filters_by_comment_moderator_and_time(app) {
        let alice = app.add_moderator("alice");
        let bob = app.add_moderator("bob");
        let one = app.submit_held("p", "one").await;
        let two = app.submit_held("p", "two").await;
        let before = chrono::Utc::now();
        app.decide(&alice, &one, "approve", 1).await;
        app.decide(&bob, &two, "reject", 1).await;

        let by_comment: Value = app.mod_get(&format!("/api/v1/moderation/events?comment_id={one}"), &alice).await.json().await.unwrap();
        let actions: Vec<_> = by_comment["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
        assert_eq!(actions, ["approve", "submitted"], "newest first");

        let by_bob: Value = app.mod_get("/api/v1/moderation/events?moderator=bob", &alice).await.json().await.unwrap();
        assert_eq!(by_bob["items"].as_array().unwrap().len(), 1);
        assert_eq!(by_bob["items"][0]["comment_id"], two);

        let since = before.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let recent: Value = app.mod_get(&format!("/api/v1/moderation/events?since={}", urlencode(&since)), &alice).await.json().await.unwrap();
        assert_eq!(recent["items"].as_array().unwrap().len(), 2);

        let page: Value = app.mod_get("/api/v1/moderation/events?limit=3", &alice).await.json().await.unwrap();
        assert_eq!(page["items"].as_array().unwrap().len(), 3);
        let cursor = page["next_cursor"].as_str().unwrap();
        let rest: Value = app.mod_get(&format!("/api/v1/moderation/events?limit=3&cursor={cursor}"), &alice).await.json().await.unwrap();
        assert_eq!(rest["items"].as_array().unwrap().len(), 1);

        assert_problem(app.mod_get("/api/v1/moderation/events?since=yesterday", &alice).await, 400, "invalid_parameter").await;
    }

    async fn the_comment_detail_has_the_full_audit_trail(app) {
        let token = app.add_moderator("alice");
        let id = app.submit_held("p", "x").await;
        app.decide(&token, &id, "reject", 1).await;
        app.decide(&token, &id, "ham", 2).await;
        let detail: Value = app.mod_get(&format!("/api/v1/moderation/comments/{id}"), &token).await.json().await.unwrap();
        assert_eq!(detail["status"], "approved");
        assert_eq!(detail["version"], 3);
        let trail: Vec<_> = detail["events"].as_array().unwrap().iter().map(|e| (e["actor"].as_str().unwrap().to_owned(), e["to_status"].as_str().unwrap().to_owned())).collect();
        assert_eq!(trail, [("system".into(), "pending".into()), ("alice".into(), "rejected".into()), ("alice".into(), "approved".into())]);
        let missing = app.mod_get(&format!("/api/v1/moderation/comments/{}", uuid::Uuid::now_v7()), &token).await;
        assert_problem(missing, 404, "not_found").await;
    }
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
