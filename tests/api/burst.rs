//! Many submissions at once: they are group-committed (one transaction for
//! all that are waiting; on PostgreSQL a few such transactions at once,
//! on posts that are new to several of them).
//! Either way each gets its own 201, and every 201 is stored exactly once.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::clean_comment;

backend_tests! {
    async fn a_burst_of_concurrent_submissions_is_stored_once_each(app) {
        let sends = (0..150).map(|i| {
            let mut c = clean_comment(&format!("post-{}", i % 7));
            c["author_email"] = json!(format!("burst{i}@example.org"));
            c["body"] = json!(format!("Burst comment {i}: thanks for the clear explanation."));
            let app = &app;
            async move { app.post_comment(&c).await }
        });
        let responses = futures_util::future::join_all(sends).await;
        let mut ids = BTreeSet::new();
        for response in responses {
            assert_eq!(response.status(), 201);
            let body: Value = response.json().await.unwrap();
            ids.insert(body["id"].as_str().unwrap().to_owned());
        }
        assert_eq!(ids.len(), 150, "every request got its own comment");
        assert_eq!(app.comment_count().await, 150);
        for id in &ids {
            assert_eq!(app.events_of(id).await.len(), 1, "each has its audit event");
        }
    }

    async fn one_failing_row_does_not_fail_the_rest_of_its_batch(app) {
        // Same key, different bodies, all at once: one wins, the others are
        // refused on their own, and the unkeyed ones beside them are stored.
        let keyed = (0..5).map(|i| {
            let mut c = clean_comment("post-1");
            c["body"] = json!(format!("Keyed variant {i}."));
            let app = &app;
            async move {
                app.client
                    .post(app.url("/api/v1/comments"))
                    .header("idempotency-key", "one-key")
                    .header("x-forwarded-for", crate::helpers::random_reader_ip())
                    .json(&c)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        });
        let plain = (0..5).map(|i| {
            let mut c = clean_comment("post-1");
            c["author_email"] = json!(format!("plain{i}@example.org"));
            let app = &app;
            async move { app.post_comment(&c).await.status().as_u16() }
        });
        let (keyed, plain) = tokio::join!(futures_util::future::join_all(keyed), futures_util::future::join_all(plain));
        assert_eq!(keyed.iter().filter(|s| **s == 201).count(), 1, "{keyed:?}");
        assert!(keyed.iter().all(|s| [201, 409, 422].contains(s)), "{keyed:?}");
        assert_eq!(plain, [201; 5]);
        assert_eq!(app.comment_count().await, 6);
    }
}
