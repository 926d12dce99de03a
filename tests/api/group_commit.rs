//! Group commit on both backends (SQLite's connection thread, PostgreSQL's
//! batching task): submissions that arrive together are written together,
//! and one that cannot be stored fails alone. A failing row can't be
//! produced through the HTTP API on purpose (the handler checks a reply's
//! parent first), so this drives the writer directly with a reply to a
//! comment that does not exist, which the foreign key refuses.

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use moderato::domain::scoring::ScoringContext;
use moderato::domain::{NewComment, SubmissionInput};
use moderato::startup::build_pipeline;
use moderato::storage::comments::NewRow;
use moderato::storage::entities::moderation_events;
use moderato::storage::StorageError;

use crate::backend_tests;
use crate::helpers::base_settings;

fn row(body: &str, parent_id: Option<Uuid>) -> NewRow {
    let comment = NewComment::parse(SubmissionInput {
        post_id: Some("batched".into()),
        author_name: Some("Reader".into()),
        author_email: Some(format!("{}@example.org", Uuid::new_v4().simple())),
        body: Some(body.into()),
        parent_id: parent_id.map(|p| p.to_string()),
        ..Default::default()
    })
    .expect("a valid comment");
    let context = ScoringContext::text_only(Utc::now());
    let verdict = build_pipeline(&base_settings())
        .expect("the pipeline builds")
        .score(&comment, &context);
    NewRow {
        id: Uuid::now_v7(),
        comment,
        verdict,
        meta: Default::default(),
        client_ip: None,
        notice: None,
        idempotency: None,
        now: Utc::now(),
    }
}

backend_tests! {
    async fn a_batch_with_one_bad_row_stores_the_others(app) {
        let inserter = app.submission_store();
        let before = app.comment_count().await;
        let mut rows: Vec<NewRow> = (0..6)
            .map(|n| row(&format!("Point number {n} about the ruling."), None))
            .collect();
        rows.insert(
            3,
            row("A reply to a comment that is gone.", Some(Uuid::now_v7())),
        );
        // Sent together, so the writer finds them queued as one batch.
        let results =
            futures_util::future::join_all(rows.into_iter().map(|r| inserter.insert(r))).await;

        let failed: Vec<usize> = (0..results.len())
            .filter(|&i| results[i].is_err())
            .collect();
        assert_eq!(failed, [3], "only the orphan reply fails: {results:?}");
        assert_eq!(app.comment_count().await, before + 6);
    }

    async fn a_batch_of_plain_submissions_is_stored_with_its_audit_events(app) {
        let inserter = app.submission_store();
        let rows: Vec<NewRow> = (0..20)
            .map(|n| row(&format!("Thought {n} on the sanctions."), None))
            .collect();
        let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
        let results =
            futures_util::future::join_all(rows.into_iter().map(|r| inserter.insert(r))).await;
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        for id in ids {
            let stored = app.stored_comment(&id).await;
            assert_eq!(stored.post_id, "batched");
            let events = moderation_events::Entity::find()
                .filter(moderation_events::Column::CommentId.eq(id.as_str()))
                .count(&app.db)
                .await
                .unwrap();
            assert_eq!(events, 1, "one audit event per comment");
    }
    }

    async fn a_batch_while_the_database_is_gone_fails_every_row_as_unavailable(app) {
        let inserter = app.submission_store();
        if !app.kill_database().await {
            return;
        }
        let rows: Vec<NewRow> = (0..3)
            .map(|n| row(&format!("Remark {n} on the appeal."), None))
            .collect();
        let results =
            futures_util::future::join_all(rows.into_iter().map(|r| inserter.insert(r))).await;
        for result in &results {
            // Unavailable is what the API answers 503 (retry), never 500.
            assert!(
                matches!(result, Err(StorageError::Unavailable(_))),
                "{result:?}"
            );
        }
    }
}
