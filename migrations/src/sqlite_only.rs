//! Schema changes made on one backend only. On SQLite one process owns the file, so
//! some lookups are answered from memory and some indexes can be narrower
//! than PostgreSQL's, which several replicas share.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// Runs `sql` when the database is SQLite, and does nothing otherwise.
pub(crate) async fn on_sqlite(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() == DbBackend::Sqlite {
        manager.get_connection().execute_unprepared(sql).await?;
    }
    Ok(())
}

/// Runs `sql` when the database is PostgreSQL, and does nothing otherwise.
pub(crate) async fn on_postgres(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() == DbBackend::Postgres {
        manager.get_connection().execute_unprepared(sql).await?;
    }
    Ok(())
}

/// The `MigrationTrait` of a module's `Migration` that runs its `UP` and
/// `DOWN` statements on SQLite only.
macro_rules! sqlite_only_migration {
    () => {
        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                $crate::sqlite_only::on_sqlite(manager, UP).await
            }

            async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                $crate::sqlite_only::on_sqlite(manager, DOWN).await
            }
        }
    };
}
