//! The history a submission is scored with (approvals, rejections, bursts,
//! the same text elsewhere) is counted on each backend's path alike, and
//! each count stops at its cap however much history there is. The same
//! lookup names the post's registered author, whom a held comment's notice
//! goes to.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use moderato::storage::facts::FactsQuery;

const TEXT: &str = "The hearing transcript is worth reading in full before judging.";

backend_tests! {
    async fn the_same_text_on_other_posts_is_counted_up_to_the_cap(app) {
        let mut submitted = Vec::new();
        for n in 0..5 {
            submitted.push(app.submit(&json!({
                "post_id": format!("post-{n}"),
                "author_name": "Reader",
                "author_email": "reader@example.org",
                "body": TEXT,
            }))
            .await);
        }
        let first = &submitted[0];
        let store = app.submission_store();
        let body_hash = moderato::domain::submission::CommentBody::parse(TEXT).unwrap().digest().to_owned();
        let query = |cap| FactsQuery {
            email: Some("reader@example.org"),
            ip: None,
            body_hash: &body_hash,
            post_id: "post-new",
            now: Utc::now(),
            velocity_window: Duration::minutes(10),
            duplicate_window: Duration::hours(24),
            cap,
            double_submit_since: None,
        };

        let token = app.add_moderator("alice");
        let registered = app
            .mod_send(Method::PUT, "/api/v1/moderation/posts/post-new", &token, &json!({"author_email": "desk@blog.example"}))
            .await;
        assert!(registered.status().is_success(), "{}", registered.status());

        let found = store.facts(&query(50)).await.unwrap();
        assert_eq!(found.post_author.as_deref(), Some("desk@blog.example"));
        let all = found.facts;
        assert_eq!(all.duplicates_elsewhere, 5);
        assert_eq!(all.recent_by_email, 5);
        assert_eq!(all.approved_by_email + all.rejected_by_email, 5 - pending(&app).await);

        let capped = store.facts(&query(3)).await.unwrap().facts;
        assert_eq!(capped.duplicates_elsewhere, 3);
        assert_eq!(capped.recent_by_email, 3);
        assert!(capped.approved_by_email <= 3 && capped.rejected_by_email <= 3);
        // Evidence never states a capped count as exact.
        assert_eq!(capped.describe(capped.duplicates_elsewhere), "3 or more");
        assert_eq!(all.describe(all.duplicates_elsewhere), "5");

        // The post itself is not "elsewhere", and a stranger has no history.
        let mut own_post = query(50);
        own_post.post_id = "post-0";
        let own = store.facts(&own_post).await.unwrap();
        assert_eq!(own.facts.duplicates_elsewhere, 4);
        assert_eq!(own.post_author, None, "post-0 has no registered author");
        assert_eq!(own.double_submit, None, "not asked to look");
        own_post.double_submit_since = Some(Utc::now() - Duration::minutes(10));
        let double = store.facts(&own_post).await.unwrap();
        assert_eq!(double.double_submit.as_deref(), first["id"].as_str());
        own_post.post_id = "post-new";
        assert_eq!(store.facts(&own_post).await.unwrap().double_submit, None);
        let mut stranger = query(50);
        stranger.email = Some("someone-else@example.org");
        stranger.body_hash = "no such text";
        let none = store.facts(&stranger).await.unwrap().facts;
        assert_eq!(
            (none.approved_by_email, none.recent_by_email, none.duplicates_elsewhere),
            (0, 0, 0)
        );
    }

    async fn an_address_has_its_recent_and_rejected_comments_counted_up_to_the_cap(app) {
        let ip = crate::helpers::random_reader_ip();
        let mut last = String::new();
        for n in 0..3 {
            let mut comment = crate::helpers::clean_comment("post-ip");
            comment["author_email"] = json!(format!("reader{n}@example.org"));
            comment["body"] = json!(format!("Point {n}: the timeline in the second section is off."));
            let created = app.post_json_from("/api/v1/comments", &ip, &comment).await;
            assert_eq!(created.status(), 201);
            last = created.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        }
        let mut bot = crate::helpers::clean_comment("post-ip");
        bot["honeypot"] = json!("filled by a bot");
        let rejected = app.post_json_from("/api/v1/comments", &ip, &bot).await;
        assert_eq!(rejected.json::<serde_json::Value>().await.unwrap()["status"], "rejected");
        let stored_ip = app.stored_comment(&last).await.client_ip.expect("an address is stored");

        // Opened afterwards, so on SQLite it reads these from the file.
        let store = app.submission_store();
        let query = |ip, cap, velocity_window| FactsQuery {
            email: None,
            ip: Some(ip),
            body_hash: "no such text",
            post_id: "post-ip",
            now: Utc::now(),
            velocity_window,
            duplicate_window: Duration::hours(24),
            cap,
            double_submit_since: None,
        };
        let counts = |f: moderato::domain::scoring::SubmissionFacts| (f.recent_by_ip, f.rejected_by_ip);
        let all = store.facts(&query(&stored_ip, 50, Duration::minutes(10))).await.unwrap().facts;
        assert_eq!(counts(all), (4, 1));
        let capped = store.facts(&query(&stored_ip, 2, Duration::minutes(10))).await.unwrap().facts;
        assert_eq!(counts(capped), (2, 1));
        // Outside the velocity window only the rejection still counts.
        let later = store.facts(&query(&stored_ip, 50, Duration::zero())).await.unwrap().facts;
        assert_eq!(counts(later), (0, 1));
        let stranger = store.facts(&query("192.0.2.0/24", 50, Duration::minutes(10))).await.unwrap().facts;
        assert_eq!(counts(stranger), (0, 0));
    }
}

/// How many of the reader's comments are held for review.
async fn pending(app: &crate::helpers::TestApp) -> u64 {
    use moderato::storage::entities::comments;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    comments::Entity::find()
        .filter(comments::Column::Status.eq("pending"))
        .count(&app.db)
        .await
        .unwrap()
}
