//! On SQLite each read by status must use that status's partial index: a
//! scan of the comments table reads every stored comment.

use sea_orm::{DbBackend, QueryTrait};

use crate::domain::CommentStatus;
use crate::storage::plan_check::{block_on, migrated_sqlite, plan};
use crate::storage::queue::{QueueFilter, Sort};

fn filter(status: CommentStatus, sort: Sort) -> QueueFilter {
    QueueFilter {
        status,
        post_id: None,
        category: None,
        min_score: None,
        text: None,
        sort,
        after: None,
        limit: 50,
    }
}

/// Asserts that `statement` reads `index` and scans no table.
async fn assert_reads(
    db: &sea_orm::DatabaseConnection,
    statement: sea_orm::Statement,
    index: &str,
) {
    let steps = plan(db, statement.clone()).await;
    assert!(
        steps.iter().any(|s| s.contains(index)),
        "{index}: {}\n{steps:#?}",
        statement.sql
    );
    assert!(
        !steps
            .iter()
            .any(|s| s.starts_with("SCAN comments") && !s.contains("INDEX")),
        "{}\n{steps:#?}",
        statement.sql
    );
}

#[test]
fn the_listing_reads_the_index_of_approved_comments() {
    block_on(async {
        let db = migrated_sqlite().await;
        let statement = crate::storage::comments::approved_page("post", None, 50);
        let statement = statement.build(DbBackend::Sqlite);
        assert_reads(&db, statement, "idx_comments_post_approved").await;
    });
}

#[test]
fn the_queue_reads_its_status_index_in_the_order_asked_for() {
    block_on(async {
        let db = migrated_sqlite().await;
        for (status, index) in [
            (CommentStatus::Pending, "idx_comments_pending_score"),
            (CommentStatus::Rejected, "idx_comments_rejected_score"),
        ] {
            let statement = crate::storage::queue::select(&filter(status, Sort::Score));
            let statement = statement.build(DbBackend::Sqlite);
            let steps = plan(&db, statement.clone()).await;
            assert!(
                !steps.iter().any(|s| s.contains("TEMP B-TREE")),
                "sorted without the index: {steps:#?}"
            );
            assert_reads(&db, statement, index).await;
        }
        for (status, index) in [
            (CommentStatus::Pending, "idx_comments_pending_id"),
            (CommentStatus::Rejected, "idx_comments_rejected_id"),
        ] {
            for sort in [Sort::Newest, Sort::Oldest] {
                let statement = crate::storage::queue::select(&filter(status, sort));
                assert_reads(&db, statement.build(DbBackend::Sqlite), index).await;
            }
        }
    });
}

#[test]
fn totals_retention_and_the_queue_gauge_read_status_indexes() {
    block_on(async {
        let db = migrated_sqlite().await;
        let totals = crate::storage::queue::totals_statement(DbBackend::Sqlite);
        let steps = plan(&db, totals.clone()).await;
        // Each status's own index, whichever of them is smallest.
        for index in [
            "idx_comments_post_approved",
            "idx_comments_pending_",
            "idx_comments_rejected_",
        ] {
            assert!(
                steps.iter().any(|s| s.contains(index)),
                "{index}: {steps:#?}"
            );
        }
        assert_reads(&db, totals, "idx_comments_pending_").await;
        let cutoff = chrono::Utc::now();
        let purge = crate::storage::retention::purgeable(cutoff).build(DbBackend::Sqlite);
        assert_reads(&db, purge, "idx_comments_rejected_updated").await;
        let depth = crate::storage::gauges::pending().build(DbBackend::Sqlite);
        assert_reads(&db, depth, "idx_comments_pending_").await;
    });
}
