//! Indexes for the submission's history lookups. Each count (approved or
//! rejected by email, rejected by address, the same text within a window)
//! needs an index on both of its columns: with only the first, SQLite's
//! planner, lacking statistics, preferred the status index and read every
//! approved comment. The single-column indexes they replace are prefixes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Comments {
    Table,
    AuthorEmail,
    ClientIp,
    BodyHash,
    Status,
    CreatedAt,
}

/// (name, columns) of the new indexes.
fn indexes() -> [(&'static str, [Comments; 2]); 3] {
    [
        (
            "idx_comments_author_email_status",
            [Comments::AuthorEmail, Comments::Status],
        ),
        (
            "idx_comments_client_ip_status",
            [Comments::ClientIp, Comments::Status],
        ),
        (
            "idx_comments_body_hash_created",
            [Comments::BodyHash, Comments::CreatedAt],
        ),
    ]
}

/// (name, column) of the indexes the new ones make redundant.
fn replaced() -> [(&'static str, Comments); 2] {
    [
        ("idx_comments_author_email", Comments::AuthorEmail),
        ("idx_comments_body_hash", Comments::BodyHash),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, [first, second]) in indexes() {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Comments::Table)
                        .col(first)
                        .col(second)
                        .if_not_exists()
                        .to_owned(),
                )
                .await?;
        }
        for (name, _) in replaced() {
            manager
                .drop_index(Index::drop().name(name).table(Comments::Table).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, column) in replaced() {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Comments::Table)
                        .col(column)
                        .if_not_exists()
                        .to_owned(),
                )
                .await?;
        }
        for (name, _) in indexes() {
            manager
                .drop_index(Index::drop().name(name).table(Comments::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
