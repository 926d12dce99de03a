//! The submission's history lookups answered from indexes alone.
//!
//! - The same text on other posts (`body_hash`, `created_at`) had to read
//!   each match's row for its `post_id`: up to the lookup's cap of rows per
//!   submission during a spam wave, the largest cost left on the SQLite
//!   connection thread. `post_id` now sits in the index.
//! - The author's recent comments were found through (`author_email`,
//!   `status`) and then each row read for its date, so a prolific author's
//!   every comment read all of their earlier ones. With `created_at` after
//!   `status`, the lookup seeks once per status and stops at the window.
//! - The address had two indexes, (`client_ip`, `status`) and (`client_ip`,
//!   `created_at`); one (`client_ip`, `status`, `created_at`) answers both
//!   counts the same way, and every stored comment has one index fewer to
//!   write.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Comments {
    Table,
    AuthorEmail,
    ClientIp,
    BodyHash,
    PostId,
    Status,
    CreatedAt,
}

/// A new index and its columns, and the indexes (with theirs) it replaces.
type Swap = (
    &'static str,
    [Comments; 3],
    Vec<(&'static str, [Comments; 2])>,
);

fn swaps() -> [Swap; 3] {
    [
        (
            "idx_comments_body_hash_created_post",
            [Comments::BodyHash, Comments::CreatedAt, Comments::PostId],
            vec![(
                "idx_comments_body_hash_created",
                [Comments::BodyHash, Comments::CreatedAt],
            )],
        ),
        (
            "idx_comments_author_email_status_created",
            [Comments::AuthorEmail, Comments::Status, Comments::CreatedAt],
            vec![(
                "idx_comments_author_email_status",
                [Comments::AuthorEmail, Comments::Status],
            )],
        ),
        (
            "idx_comments_client_ip_status_created",
            [Comments::ClientIp, Comments::Status, Comments::CreatedAt],
            vec![
                (
                    "idx_comments_client_ip_status",
                    [Comments::ClientIp, Comments::Status],
                ),
                (
                    "idx_comments_client_ip_created",
                    [Comments::ClientIp, Comments::CreatedAt],
                ),
            ],
        ),
    ]
}

fn create<const N: usize>(name: &str, columns: [Comments; N]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(Comments::Table).if_not_exists();
    for column in columns {
        index.col(column);
    }
    index.to_owned()
}

fn drop(name: &str) -> IndexDropStatement {
    Index::drop().name(name).table(Comments::Table).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, columns, replaced) in swaps() {
            manager.create_index(create(name, columns)).await?;
            for (old, _) in replaced {
                manager.drop_index(drop(old)).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _, replaced) in swaps() {
            for (old, columns) in replaced {
                manager.create_index(create(old, columns)).await?;
            }
            manager.drop_index(drop(name)).await?;
        }
        Ok(())
    }
}
