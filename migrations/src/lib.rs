//! Schema migrations for moderato, run at startup and by `moderato migrate`.
//! Every table must work on both SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

#[macro_use]
mod one_backend;

mod m20261126_000001_create_tables;
mod m20261126_000002_moderators;
mod m20261126_000003_notifications;
mod m20261126_000004_learned_model;
mod m20261126_000005_hardening;
mod m20261127_000006_lookup_indexes;
mod m20261202_000007_covering_lookups;
mod m20261204_000008_sqlite_recent_in_memory;
mod m20261204_000009_sqlite_indexes_by_status;
mod m20261207_000010_postgres_indexes_by_status;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_tables::Migration),
            Box::new(m20261126_000002_moderators::Migration),
            Box::new(m20261126_000003_notifications::Migration),
            Box::new(m20261126_000004_learned_model::Migration),
            Box::new(m20261126_000005_hardening::Migration),
            Box::new(m20261127_000006_lookup_indexes::Migration),
            Box::new(m20261202_000007_covering_lookups::Migration),
            Box::new(m20261204_000008_sqlite_recent_in_memory::Migration),
            Box::new(m20261204_000009_sqlite_indexes_by_status::Migration),
            Box::new(m20261207_000010_postgres_indexes_by_status::Migration),
        ]
    }
}
