//! For tests: how SQLite plans a statement on a freshly migrated database,
//! so that a test can tell which index a read uses.

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};

/// A migrated in-memory SQLite database.
pub async fn migrated_sqlite() -> DatabaseConnection {
    // One connection: each would otherwise have a database of its own.
    let mut options = ConnectOptions::new("sqlite::memory:");
    options.max_connections(1);
    let db = Database::connect(options).await.expect("connects");
    super::migrate(&db).await.expect("migrates");
    db
}

/// The detail column of `EXPLAIN QUERY PLAN` for `statement`, step by step.
pub async fn plan(db: &DatabaseConnection, statement: Statement) -> Vec<String> {
    let rows = db
        .query_all_raw(Statement {
            sql: format!("EXPLAIN QUERY PLAN {}", statement.sql),
            ..statement
        })
        .await
        .expect("explains");
    rows.iter()
        .map(|row| row.try_get_by_index::<String>(3).expect("detail"))
        .collect()
}

/// Runs `test` on a current-thread runtime.
pub fn block_on<F: std::future::Future>(test: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(test)
}
