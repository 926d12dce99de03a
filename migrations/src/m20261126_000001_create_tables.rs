//! Posts, comments and the moderation audit trail.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    Url,
    Title,
    AuthorEmail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    PostId,
    ParentId,
    AuthorName,
    AuthorEmail,
    AuthorUrl,
    Body,
    Status,
    SpamScore,
    ToxicityScore,
    Score,
    Reasons,
    ClientIp,
    UserAgent,
    Referer,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ModerationEvents {
    Table,
    Id,
    CommentId,
    Actor,
    Action,
    FromStatus,
    ToStatus,
    Note,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Posts::Table)
                    .if_not_exists()
                    .col(string_len(Posts::Id, 200).primary_key())
                    .col(text_null(Posts::Url))
                    .col(text_null(Posts::Title))
                    .col(string_len_null(Posts::AuthorEmail, 254))
                    .col(timestamp_with_time_zone(Posts::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .if_not_exists()
                    // UUIDv7 as text: sorts by creation time and reads the same on both backends.
                    .col(string_len(Comments::Id, 36).primary_key())
                    .col(string_len(Comments::PostId, 200))
                    .col(string_len_null(Comments::ParentId, 36))
                    .col(string_len(Comments::AuthorName, 400))
                    .col(string_len_null(Comments::AuthorEmail, 254))
                    .col(text_null(Comments::AuthorUrl))
                    .col(text(Comments::Body))
                    .col(string_len(Comments::Status, 16))
                    .col(double(Comments::SpamScore))
                    .col(double(Comments::ToxicityScore))
                    // The highest category score: the queue's default sort key.
                    .col(double(Comments::Score).default(0.0))
                    .col(text(Comments::Reasons))
                    .col(string_len_null(Comments::ClientIp, 64))
                    .col(text_null(Comments::UserAgent))
                    .col(text_null(Comments::Referer))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .col(timestamp_with_time_zone(Comments::UpdatedAt))
                    .col(integer(Comments::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_comments_post")
                            .from(Comments::Table, Comments::PostId)
                            .to(Posts::Table, Posts::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_comments_parent")
                            .from(Comments::Table, Comments::ParentId)
                            .to(Comments::Table, Comments::Id),
                    )
                    .to_owned(),
            )
            .await?;

        // The public listing reads approved comments of one post in id order.
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_post_status_id")
                    .table(Comments::Table)
                    .col(Comments::PostId)
                    .col(Comments::Status)
                    .col(Comments::Id)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        // The moderation queue reads by status, highest score first.
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_status_score")
                    .table(Comments::Table)
                    .col(Comments::Status)
                    .col(Comments::Score)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        // Author history and trust rules read by author.
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_author_email")
                    .table(Comments::Table)
                    .col(Comments::AuthorEmail)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ModerationEvents::Table)
                    .if_not_exists()
                    .col(string_len(ModerationEvents::Id, 36).primary_key())
                    .col(string_len(ModerationEvents::CommentId, 36))
                    .col(string_len(ModerationEvents::Actor, 200))
                    .col(string_len(ModerationEvents::Action, 32))
                    .col(string_len_null(ModerationEvents::FromStatus, 16))
                    .col(string_len(ModerationEvents::ToStatus, 16))
                    .col(text_null(ModerationEvents::Note))
                    .col(timestamp_with_time_zone(ModerationEvents::CreatedAt))
                    // No foreign key to comments: the audit trail outlives a
                    // purged or erased comment.
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_events_comment")
                    .table(ModerationEvents::Table)
                    .col(ModerationEvents::CommentId)
                    .col(ModerationEvents::CreatedAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ModerationEvents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Comments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Posts::Table).to_owned())
            .await
    }
}
