//! On SQLite, each comment is indexed only for the reads of its status: the
//! public listing's `(post_id, id)` over approved comments, the queue's
//! `(score, id)` and `id` orders over pending and over rejected comments,
//! and retention's `updated_at` over rejected ones. (Approved comments in
//! the queue are read in id order from the table itself, where they are
//! most of the rows; sorted by score, they are sorted when asked for.) The three indexes over every status they
//! replace each put every stored comment on a page of their own, and under a
//! burst most comments are held, so the listing's index paid for rows no
//! reader is shown. The queries write the status out, as a partial index is
//! used only for a condition SQLite can read (`storage::status`).
//! PostgreSQL got the same indexes later, in `m20261207_000010`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const UP: &str = "\
CREATE INDEX IF NOT EXISTS idx_comments_post_approved
    ON comments (post_id, id) WHERE status = 'approved';
CREATE INDEX IF NOT EXISTS idx_comments_pending_score
    ON comments (score, id) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS idx_comments_pending_id
    ON comments (id) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS idx_comments_rejected_score
    ON comments (score, id) WHERE status = 'rejected';
CREATE INDEX IF NOT EXISTS idx_comments_rejected_id
    ON comments (id) WHERE status = 'rejected';
CREATE INDEX IF NOT EXISTS idx_comments_rejected_updated
    ON comments (updated_at) WHERE status = 'rejected';
DROP INDEX IF EXISTS idx_comments_post_status_id;
DROP INDEX IF EXISTS idx_comments_status_score;
DROP INDEX IF EXISTS idx_comments_status_updated;";

pub(crate) const DOWN: &str = "\
CREATE INDEX IF NOT EXISTS idx_comments_post_status_id ON comments (post_id, status, id);
CREATE INDEX IF NOT EXISTS idx_comments_status_score ON comments (status, score);
CREATE INDEX IF NOT EXISTS idx_comments_status_updated ON comments (status, updated_at);
DROP INDEX IF EXISTS idx_comments_post_approved;
DROP INDEX IF EXISTS idx_comments_pending_score;
DROP INDEX IF EXISTS idx_comments_pending_id;
DROP INDEX IF EXISTS idx_comments_rejected_id;
DROP INDEX IF EXISTS idx_comments_rejected_score;
DROP INDEX IF EXISTS idx_comments_rejected_updated;";

one_backend_migration!(Sqlite);
