//! The notification outbox and per-author delivery preferences.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    Kind,
    Recipient,
    CommentId,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum AuthorPreferences {
    Table,
    Email,
    Preference,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .if_not_exists()
                    .col(string_len(Notifications::Id, 36).primary_key())
                    // held | digest_item | approved
                    .col(string_len(Notifications::Kind, 16))
                    .col(string_len(Notifications::Recipient, 254))
                    .col(string_len_null(Notifications::CommentId, 36))
                    // pending | sent | dead | skipped
                    .col(string_len(Notifications::Status, 16))
                    .col(integer(Notifications::Attempts).default(0))
                    .col(timestamp_with_time_zone(Notifications::NextAttemptAt))
                    .col(string_len_null(Notifications::LeaseOwner, 36))
                    .col(timestamp_with_time_zone_null(Notifications::LeaseUntil))
                    .col(text_null(Notifications::LastError))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::SentAt))
                    .to_owned(),
            )
            .await?;
        // Workers look for due pending rows.
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_status_due")
                    .table(Notifications::Table)
                    .col(Notifications::Status)
                    .col(Notifications::NextAttemptAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuthorPreferences::Table)
                    .if_not_exists()
                    .col(string_len(AuthorPreferences::Email, 254).primary_key())
                    // immediate | hourly | daily | off
                    .col(string_len(AuthorPreferences::Preference, 16))
                    .col(timestamp_with_time_zone(AuthorPreferences::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuthorPreferences::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Notifications::Table).to_owned())
            .await
    }
}
