//! The public listing: approved comments, oldest first, cursor-paginated.

use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment, spawn_app, Backend};

backend_tests! {
    async fn comments_are_listed_oldest_first_across_pages(app) {
        let mut ids = Vec::new();
        for n in 0..5 {
            let mut c = clean_comment("post-1");
            c["body"] = json!(format!("Comment number {n}"));
            ids.push(app.submit(&c).await["id"].as_str().unwrap().to_owned());
        }

        let mut seen = Vec::new();
        let mut query = "?limit=2".to_owned();
        let mut pages = 0;
        loop {
            let page = app.list("post-1", &query).await;
            pages += 1;
            for item in page["items"].as_array().unwrap() {
                seen.push(item["id"].as_str().unwrap().to_owned());
            }
            match page["next_cursor"].as_str() {
                Some(cursor) => query = format!("?limit=2&cursor={cursor}"),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, ids);
    }

    async fn an_unknown_post_has_an_empty_list(app) {
        let page = app.list("never-commented", "").await;
        assert_eq!(page, json!({"items": [], "next_cursor": null}));
    }

    async fn comments_of_other_posts_are_not_listed(app) {
        app.submit(&clean_comment("post-1")).await;
        app.submit(&clean_comment("post-2")).await;
        assert_eq!(app.list("post-2", "").await["items"].as_array().unwrap().len(), 1);
    }

    async fn a_cached_listing_shows_new_and_approved_comments_at_once(app) with(|s: &mut moderato::config::Settings| {
        s.cache.listing_ttl_ms = 60_000;
    }) {
        let count = |v: serde_json::Value| v["items"].as_array().unwrap().len();
        assert_eq!(count(app.list("post-1", "").await), 0);
        // Cached now; a published comment on this replica drops the page.
        app.submit(&clean_comment("post-1")).await;
        assert_eq!(count(app.list("post-1", "").await), 1);
        // A moderator's approval shows at once too.
        let held = app.submit_held("post-1", "held for now").await;
        assert_eq!(count(app.list("post-1", "").await), 1);
        let token = app.add_moderator("alice");
        let decided = app
            .mod_send(reqwest::Method::POST, &format!("/api/v1/moderation/comments/{held}/decision"), &token, &json!({"action": "approve", "version": 1}))
            .await;
        assert_eq!(decided.status(), 200);
        assert_eq!(count(app.list("post-1", "").await), 2);
    }

    async fn another_replica_sees_changes_within_the_cache_ttl(app) with(|s: &mut moderato::config::Settings| {
        s.cache.listing_ttl_ms = 300;
    }) {
        let url = app.db_url.clone();
        let replica = spawn_app(Backend::Sqlite, move |s| {
            s.database.url = url.into();
            s.cache.listing_ttl_ms = 300;
        })
        .await
        .unwrap();
        let count = |v: serde_json::Value| v["items"].as_array().unwrap().len();
        assert_eq!(count(replica.list("post-1", "").await), 0);
        app.submit(&clean_comment("post-1")).await;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert_eq!(count(replica.list("post-1", "").await), 1);
    }

    async fn an_expired_page_is_served_while_the_database_is_gone(app) with(|s: &mut moderato::config::Settings| {
        s.cache.listing_ttl_ms = 100;
    }) {
        app.submit(&clean_comment("post-1")).await;
        let before = app.list("post-1", "").await;
        assert_eq!(before["items"].as_array().unwrap().len(), 1);
        if !app.kill_database().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        for _ in 0..2 {
            assert_eq!(app.list("post-1", "").await, before);
        }
        // A page never built has nothing to fall back on.
        let response = app.get("/api/v1/posts/post-2/comments").await;
        assert_problem(response, 503, "service_unavailable").await;
    }
}
