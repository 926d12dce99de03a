//! The retention purge of old rejected comments.

use std::time::Duration;

use crate::backend_tests;
use crate::helpers::clean_comment;

backend_tests! {
    async fn rejected_comments_are_purged_after_the_retention_period(app) with(|s: &mut moderato::config::Settings| {
        // About 0.9 seconds, checked every second.
        s.retention.purge_rejected_after_days = 0.00001;
        s.retention.check_interval_seconds = 1;
    }) {
        let rejected = app.submit_rejected("p").await;
        let approved = app.submit(&clean_comment("p")).await["id"].as_str().unwrap().to_owned();
        let pending = app.submit_held("p", "held").await;

        let mut purged = false;
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if app.comment_count().await == 2 {
                purged = true;
                break;
            }
        }
        assert!(purged, "the rejected comment was not purged in time");
        app.stored_comment(&approved).await;
        app.stored_comment(&pending).await;
        let events = app.events_of(&rejected).await;
        let purge = events.iter().find(|e| e.action == "purge").expect("a purge event");
        assert_eq!(purge.actor, "retention");
        assert_eq!(purge.from_status.as_deref(), Some("rejected"));
        // The trail from before the purge is kept.
        assert!(events.iter().any(|e| e.action == "submitted"));
    }

    async fn a_zero_retention_keeps_rejected_comments(app) with(|s: &mut moderato::config::Settings| {
        s.retention.purge_rejected_after_days = 0.0;
        s.retention.check_interval_seconds = 1;
    }) {
        app.submit_rejected("p").await;
        tokio::time::sleep(Duration::from_millis(2200)).await;
        assert_eq!(app.comment_count().await, 1);
    }
}
