//! Idempotency keys, a body hash for cheap duplicate and double-submit
//! lookups, and the audit trail of data-subject requests (export / erase).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Key,
    RequestHash,
    Status,
    Location,
    ResponseBody,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    BodyHash,
    ClientIp,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DataRequests {
    Table,
    Id,
    Action,
    SubjectHash,
    Affected,
    Actor,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .if_not_exists()
                    .col(string_len(IdempotencyKeys::Key, 255).primary_key())
                    .col(string_len(IdempotencyKeys::RequestHash, 64))
                    .col(small_integer(IdempotencyKeys::Status))
                    .col(text_null(IdempotencyKeys::Location))
                    .col(text(IdempotencyKeys::ResponseBody))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_keys_created_at")
                    .table(IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CreatedAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Comments::Table)
                    .add_column(string_len_null(Comments::BodyHash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_body_hash")
                    .table(Comments::Table)
                    .col(Comments::BodyHash)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        // Velocity and spam history by address look rows up by address.
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_client_ip_created")
                    .table(Comments::Table)
                    .col(Comments::ClientIp)
                    .col(Comments::CreatedAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DataRequests::Table)
                    .if_not_exists()
                    .col(string_len(DataRequests::Id, 36).primary_key())
                    // "export" or "erase".
                    .col(string_len(DataRequests::Action, 16))
                    // SHA-256 of the address, so the audit trail outlives an erasure
                    // without keeping the address itself.
                    .col(string_len(DataRequests::SubjectHash, 64))
                    .col(big_integer(DataRequests::Affected))
                    .col(string_len(DataRequests::Actor, 100))
                    .col(timestamp_with_time_zone(DataRequests::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DataRequests::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_comments_client_ip_created")
                    .table(Comments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_comments_body_hash")
                    .table(Comments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Comments::Table)
                    .drop_column(Comments::BodyHash)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned())
            .await
    }
}
