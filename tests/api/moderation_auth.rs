//! Moderator accounts and bearer-token auth on the moderation API.

use crate::backend_tests;
use crate::helpers::assert_problem;

backend_tests! {
    async fn moderation_routes_without_a_token_are_401_problems(app) {
        for path in ["/api/v1/moderation/comments", "/api/v1/moderation/events", "/api/v1/moderation/stats"] {
            let response = app.get(path).await;
            assert_eq!(response.headers()["www-authenticate"], "Bearer");
            assert_problem(response, 401, "unauthorized").await;
        }
        let response = app
            .client
            .post(app.url("/api/v1/moderation/decisions"))
            .json(&serde_json::json!({"ids": ["x"], "action": "approve"}))
            .send()
            .await
            .unwrap();
        assert_problem(response, 401, "unauthorized").await;
    }

    async fn a_wrong_token_is_401(app) {
        app.add_moderator("alice");
        let response = app.mod_get("/api/v1/moderation/comments", &"0".repeat(64)).await;
        assert_problem(response, 401, "unauthorized").await;
        let response = app.client.get(app.url("/api/v1/moderation/comments")).header("authorization", "Basic abc").send().await.unwrap();
        assert_problem(response, 401, "unauthorized").await;
    }

    async fn a_valid_token_is_accepted_and_a_revoked_one_is_not(app) {
        let token = app.add_moderator("alice");
        assert_eq!(app.mod_get("/api/v1/moderation/comments", &token).await.status(), 200);

        let output = app.cli(&["moderators", "revoke", "alice"]);
        assert!(output.status.success(), "{output:?}");
        let response = app.mod_get("/api/v1/moderation/comments", &token).await;
        assert_problem(response, 401, "unauthorized").await;

        let listed = String::from_utf8(app.cli(&["moderators", "list"]).stdout).unwrap();
        assert!(listed.contains("alice") && listed.contains("revoked"), "{listed}");
    }

    async fn moderator_names_are_unique_and_tokens_are_never_stored(app) {
        let token = app.add_moderator("alice");
        let again = app.cli(&["moderators", "add", "alice", "other@example.org"]);
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
        let bad_email = app.cli(&["moderators", "add", "bob", "not-an-email"]);
        assert!(!bad_email.status.success());

        use sea_orm::EntityTrait;
        let stored = moderato::storage::entities::moderators::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0].token_hash, token);
        assert_eq!(stored[0].token_hash, moderato::domain::token::hash(&token));
    }

    async fn the_public_api_offers_no_moderation_actions(app) {
        let id = app.submit_held("p", "held").await;
        for path in [format!("/api/v1/comments/{id}/decision"), format!("/api/v1/posts/p/comments/{id}")] {
            let response = app
                .client
                .post(app.url(&path))
                .json(&serde_json::json!({"action": "approve", "version": 1}))
                .send()
                .await
                .unwrap();
            assert!(response.status() == 404 || response.status() == 405, "{path}: {}", response.status());
        }
        assert_eq!(app.stored_comment(&id).await.status, "pending");
    }
}
