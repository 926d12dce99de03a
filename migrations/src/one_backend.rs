//! Schema changes made on one backend only. On SQLite one process owns the
//! file, so some lookups are answered from memory and some indexes can be
//! narrower than PostgreSQL's, which several replicas share; on PostgreSQL,
//! plans are kept per connection and some indexes must not tempt them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// Runs `sql` when the database is `backend`, and does nothing otherwise.
pub(crate) async fn run_on(
    backend: DbBackend,
    manager: &SchemaManager<'_>,
    sql: &str,
) -> Result<(), DbErr> {
    if manager.get_database_backend() == backend {
        manager.get_connection().execute_unprepared(sql).await?;
    }
    Ok(())
}

/// The `MigrationTrait` of a module's `Migration` that runs its `UP` and
/// `DOWN` statements on the one backend named (`Sqlite`, `Postgres`).
macro_rules! one_backend_migration {
    ($backend:ident) => {
        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                $crate::one_backend::run_on(
                    sea_orm_migration::sea_orm::DbBackend::$backend,
                    manager,
                    UP,
                )
                .await
            }

            async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                $crate::one_backend::run_on(
                    sea_orm_migration::sea_orm::DbBackend::$backend,
                    manager,
                    DOWN,
                )
                .await
            }
        }
    };
}
