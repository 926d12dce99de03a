//! On SQLite, no index on `body_hash`, and the address index only for
//! rejected comments: the server answers the duplicate, double-submit and
//! recent-by-address lookups from the recent submissions it keeps in memory
//! (see `storage::recent`), and each of these indexes' random keys cost a
//! written page per stored comment. The all-time count of an address's
//! rejected comments still needs an index, over far fewer rows.
//! PostgreSQL, where several replicas share the table, keeps all of them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = "\
DROP INDEX IF EXISTS idx_comments_body_hash_created_post;
DROP INDEX IF EXISTS idx_comments_client_ip_status_created;
CREATE INDEX IF NOT EXISTS idx_comments_client_ip_rejected
    ON comments (client_ip) WHERE status = 'rejected';";

const DOWN: &str = "\
DROP INDEX IF EXISTS idx_comments_client_ip_rejected;
CREATE INDEX IF NOT EXISTS idx_comments_body_hash_created_post
    ON comments (body_hash, created_at, post_id);
CREATE INDEX IF NOT EXISTS idx_comments_client_ip_status_created
    ON comments (client_ip, status, created_at);";

one_backend_migration!(Sqlite);
