//! The learned model's counts: per feature and per model, so every replica
//! on one database learns from every moderator's decisions.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ModelFeatures {
    Table,
    Model,
    Feature,
    Pos,
    Neg,
}

#[derive(DeriveIden)]
enum ModelTotals {
    Table,
    Model,
    PosDocs,
    NegDocs,
    PosFeatures,
    NegFeatures,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ModelFeatures::Table)
                    .if_not_exists()
                    // "spam" or "toxicity".
                    .col(string_len(ModelFeatures::Model, 16))
                    .col(string_len(ModelFeatures::Feature, 200))
                    .col(big_integer(ModelFeatures::Pos).default(0))
                    .col(big_integer(ModelFeatures::Neg).default(0))
                    .primary_key(
                        Index::create()
                            .col(ModelFeatures::Model)
                            .col(ModelFeatures::Feature),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ModelTotals::Table)
                    .if_not_exists()
                    .col(string_len(ModelTotals::Model, 16).primary_key())
                    .col(big_integer(ModelTotals::PosDocs).default(0))
                    .col(big_integer(ModelTotals::NegDocs).default(0))
                    .col(big_integer(ModelTotals::PosFeatures).default(0))
                    .col(big_integer(ModelTotals::NegFeatures).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ModelTotals::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ModelFeatures::Table).to_owned())
            .await
    }
}
