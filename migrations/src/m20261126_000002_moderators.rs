//! Moderator accounts, their web sessions, and indexes for the audit log and
//! the retention purge.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Moderators {
    Table,
    Id,
    Name,
    Email,
    TokenHash,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ModeratorSessions {
    Table,
    TokenHash,
    ModeratorId,
    CsrfToken,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum ModerationEvents {
    Table,
    Actor,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Status,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Moderators::Table)
                    .if_not_exists()
                    .col(string_len(Moderators::Id, 36).primary_key())
                    .col(string_len_uniq(Moderators::Name, 100))
                    .col(string_len(Moderators::Email, 254))
                    // SHA-256 of the API token, hex: the token itself is never stored.
                    .col(string_len_uniq(Moderators::TokenHash, 64))
                    .col(timestamp_with_time_zone(Moderators::CreatedAt))
                    .col(timestamp_with_time_zone_null(Moderators::RevokedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ModeratorSessions::Table)
                    .if_not_exists()
                    .col(string_len(ModeratorSessions::TokenHash, 64).primary_key())
                    .col(string_len(ModeratorSessions::ModeratorId, 36))
                    .col(string_len(ModeratorSessions::CsrfToken, 64))
                    .col(timestamp_with_time_zone(ModeratorSessions::CreatedAt))
                    .col(timestamp_with_time_zone(ModeratorSessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_moderator")
                            .from(ModeratorSessions::Table, ModeratorSessions::ModeratorId)
                            .to(Moderators::Table, Moderators::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_events_actor_created")
                    .table(ModerationEvents::Table)
                    .col(ModerationEvents::Actor)
                    .col(ModerationEvents::CreatedAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_status_updated")
                    .table(Comments::Table)
                    .col(Comments::Status)
                    .col(Comments::UpdatedAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_comments_status_updated")
                    .table(Comments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_events_actor_created")
                    .table(ModerationEvents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ModeratorSessions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Moderators::Table).to_owned())
            .await
    }
}
