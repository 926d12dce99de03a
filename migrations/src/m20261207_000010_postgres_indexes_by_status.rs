//! On PostgreSQL too, each comment is indexed only for the reads of its
//! status (the indexes of `m20261204_000009`, which SQLite has had since).
//!
//! The reason here is not space but plans. PostgreSQL plans a prepared
//! statement once per connection and keeps that plan until the table is
//! analyzed again. On a young table, before the first autoanalyze, it has no
//! statistics, every index looks as cheap as every other, and a history
//! count such as `author_email = $1 AND status = $2` was seen planned on the
//! `(status, updated_at)` index, reading every comment of that status and
//! filtering by email: a cost that grows with the table until the next
//! analyze. Submissions fell from 2 050 to 1 450 per second within twelve
//! seconds of a burst on a new database. A partial index can only serve a
//! condition that names its status, so none of these can stand in for the
//! submitter indexes a bound status needs.

use sea_orm_migration::prelude::*;

use crate::m20261204_000009_sqlite_indexes_by_status::{DOWN, UP};

#[derive(DeriveMigrationName)]
pub struct Migration;

one_backend_migration!(Postgres);
