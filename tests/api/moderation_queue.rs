//! The moderation queue: filters, sorting, pagination, context, stats, posts.

use reqwest::Method;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment, error_fields};

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

backend_tests! {
    async fn the_queue_lists_pending_comments_highest_score_first_with_reasons(app) {
        let token = app.add_moderator("alice");
        // Four links score 0.6, five score 0.8: both held. (Held first: once
        // the author has an approved comment, their history earns trust.)
        let mut four = clean_comment("p");
        four["body"] = json!("More reading on this topic: http://a.example http://b.example http://c.example http://d.example");
        let four = app.submit(&four).await["id"].as_str().unwrap().to_owned();
        let mut five = clean_comment("p");
        five["body"] = json!("More reading on this topic: http://a.example http://b.example http://c.example http://d.example http://e.example");
        let five = app.submit(&five).await["id"].as_str().unwrap().to_owned();
        app.submit(&clean_comment("p")).await;

        let page: Value = app.mod_get("/api/v1/moderation/comments", &token).await.json().await.unwrap();
        assert_eq!(ids(&page), [five.clone(), four.clone()]);
        let first = &page["items"][0];
        assert_eq!(first["reasons"][0]["rule"], "link_count");
        assert_eq!(first["scores"]["spam"], 0.8);
        assert_eq!(first["version"], 1);
        assert_eq!(first["author"]["email"], "tomas@example.org");
        assert_eq!(first["author"]["history"], json!({"approved": 1, "pending": 2, "rejected": 0}));
        assert_eq!(first["post"]["title"], "A post");
        assert_eq!(page["totals"], json!({"approved": 1, "pending": 2, "rejected": 0}));

        let oldest: Value = app.mod_get("/api/v1/moderation/comments?sort=oldest", &token).await.json().await.unwrap();
        assert_eq!(ids(&oldest), [four.clone(), five.clone()]);
        let newest: Value = app.mod_get("/api/v1/moderation/comments?sort=newest", &token).await.json().await.unwrap();
        assert_eq!(ids(&newest), [five, four]);
        let approved: Value = app.mod_get("/api/v1/moderation/comments?status=approved", &token).await.json().await.unwrap();
        assert_eq!(approved["items"].as_array().unwrap().len(), 1);
    }

    async fn the_queue_filters_by_post_category_score_and_text(app) {
        let token = app.add_moderator("alice");
        let on_p1 = app.submit_held("p1", "Cheap WATCHES here").await;
        let on_p2 = app.submit_held("p2", "other").await;
        let mut rude = clean_comment("p1");
        rude["body"] = json!("you are a fucking idiot, 100%_done");
        let rude = app.submit(&rude).await["id"].as_str().unwrap().to_owned();

        let get = |q: &'static str| {
            let app = &app;
            let token = token.clone();
            async move { ids(&app.mod_get(&format!("/api/v1/moderation/comments{q}"), &token).await.json::<Value>().await.unwrap()) }
        };
        assert_eq!(get("?post_id=p2").await, vec![on_p2]);
        assert_eq!(get("?category=toxicity").await, vec![rude.clone()]);
        assert_eq!(get("?category=spam&post_id=p1").await, vec![on_p1.clone()]);
        // Five links score 0.8; the insult 0.825. The bound is inclusive.
        assert_eq!(get("?min_score=0.8").await.len(), 3);
        assert_eq!(get("?min_score=0.82").await, vec![rude.clone()]);
        assert_eq!(get("?q=watches").await, [on_p1]);
        // LIKE wildcards in the search text are matched literally.
        assert_eq!(get("?q=100%25_").await, [rude]);
        assert_eq!(get("?q=%25").await.len(), 1);
    }

    async fn the_queue_paginates_without_repeats(app) {
        let token = app.add_moderator("alice");
        let mut all = Vec::new();
        for n in 0..5 {
            all.push(app.submit_held("p", &format!("n{n}")).await);
        }
        let mut seen = Vec::new();
        let mut path = "/api/v1/moderation/comments?limit=2".to_owned();
        loop {
            let page: Value = app.mod_get(&path, &token).await.json().await.unwrap();
            seen.extend(ids(&page));
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("/api/v1/moderation/comments?limit=2&cursor={c}"),
                None => break,
            }
        }
        // Equal scores fall back to newest first.
        all.reverse();
        assert_eq!(seen, all);
    }

    async fn a_reply_in_the_queue_shows_its_parent_excerpt(app) {
        let token = app.add_moderator("alice");
        let parent = app.submit(&clean_comment("p")).await["id"].as_str().unwrap().to_owned();
        let mut reply = clean_comment("p");
        reply["parent_id"] = json!(parent);
        reply.as_object_mut().unwrap().remove("author_email");
        reply["body"] = json!("http://a.example http://b.example http://c.example http://d.example http://e.example");
        app.submit(&reply).await;
        let page: Value = app.mod_get("/api/v1/moderation/comments", &token).await.json().await.unwrap();
        assert_eq!(page["items"][0]["parent"]["id"], parent);
        assert!(page["items"][0]["parent"]["excerpt"].as_str().unwrap().starts_with("Thanks, this cleared up"));
    }

    async fn bad_queue_parameters_are_400_problems(app) {
        let token = app.add_moderator("alice");
        for q in ["?status=deleted", "?sort=random", "?category=rude", "?min_score=2", "?limit=0", "?cursor=abc", "?colour=red"] {
            let response = app.mod_get(&format!("/api/v1/moderation/comments{q}"), &token).await;
            assert_problem(response, 400, "invalid_parameter").await;
        }
    }

    async fn stats_count_statuses_and_rules_in_a_window(app) {
        let token = app.add_moderator("alice");
        app.submit(&clean_comment("p")).await;
        app.submit_held("p", "a").await;
        app.submit_held("p", "b").await;
        app.submit_rejected("p").await;

        let stats: Value = app.mod_get("/api/v1/moderation/stats", &token).await.json().await.unwrap();
        assert_eq!(stats["by_status"], json!({"approved": 1, "pending": 2, "rejected": 1}));
        let by_rule = stats["by_rule"].as_array().unwrap();
        assert!(by_rule.contains(&json!({"rule": "link_count", "category": "spam", "comments": 2})), "{by_rule:?}");
        assert!(by_rule.contains(&json!({"rule": "honeypot", "category": "spam", "comments": 1})), "{by_rule:?}");
        let counts: Vec<u64> = by_rule.iter().map(|r| r["comments"].as_u64().unwrap()).collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "busiest rules first: {counts:?}");

        let at = |days| (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let later: Value = app
            .mod_get(&format!("/api/v1/moderation/stats?since={}&until={}", at(1), at(2)), &token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(later["by_status"], json!({"approved": 0, "pending": 0, "rejected": 0}));
        assert_eq!(later["by_rule"], json!([]));
        let inverted = app.mod_get(&format!("/api/v1/moderation/stats?since={}", at(1)), &token).await;
        assert_problem(inverted, 400, "invalid_parameter").await;
        assert_problem(app.mod_get("/api/v1/moderation/stats?since=soon", &token).await, 400, "invalid_parameter").await;
    }

    async fn a_moderator_registers_a_posts_author_and_the_public_api_cannot(app) {
        let token = app.add_moderator("alice");
        app.submit(&clean_comment("p")).await;
        let response = app
            .mod_send(Method::PUT, "/api/v1/moderation/posts/p", &token, &json!({"author_email": "Author@Blog.example", "title": "Renamed"}))
            .await;
        assert_eq!(response.status(), 200);
        let post: Value = response.json().await.unwrap();
        assert_eq!(post, json!({"id": "p", "title": "Renamed", "url": "https://blog.example/p", "author_email": "author@blog.example"}));

        // A new post can be registered before its first comment.
        let response = app.mod_send(Method::PUT, "/api/v1/moderation/posts/new-post", &token, &json!({"author_email": "a@blog.example"})).await;
        assert_eq!(response.status(), 200);

        let problem = assert_problem(
            app.mod_send(Method::PUT, "/api/v1/moderation/posts/p", &token, &json!({"author_email": "nope", "url": "ftp://x"})).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), ["author_email", "url"]);

        // The public submission has no way to name the post's author.
        let mut sneaky = clean_comment("fresh");
        sneaky["post_author_email"] = json!("attacker@evil.example");
        sneaky["author_email"] = json!("attacker@evil.example");
        app.submit(&sneaky).await;
        use sea_orm::EntityTrait;
        let fresh = moderato::storage::entities::posts::Entity::find_by_id("fresh".to_owned()).one(&app.db).await.unwrap().unwrap();
        assert_eq!(fresh.author_email, None);
    }
}
