//! The learned model's counts in the database: loaded whole at startup and on
//! refresh, and incremented inside the transaction of each teaching decision.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, Statement};

use super::StorageError;
use crate::domain::scoring::learned::{hash_feature, Counts, LearnedModel, Lesson, NaiveBayes};
use crate::domain::scoring::Category;

fn model_name(category: Category) -> &'static str {
    match category {
        Category::Spam => "spam",
        Category::Toxicity => "toxicity",
    }
}

#[derive(Debug, FromQueryResult)]
struct FeatureRow {
    model: String,
    feature: String,
    pos: i64,
    neg: i64,
}

#[derive(Debug, FromQueryResult)]
struct TotalsRow {
    model: String,
    pos_docs: i64,
    neg_docs: i64,
    pos_features: i64,
    neg_features: i64,
}

/// The whole model as the database has it.
pub async fn load(db: &DatabaseConnection) -> Result<LearnedModel, StorageError> {
    let backend = db.get_database_backend();
    let mut models: HashMap<String, NaiveBayes> = HashMap::new();
    let totals = TotalsRow::find_by_statement(Statement::from_string(
        backend,
        "SELECT model, pos_docs, neg_docs, pos_features, neg_features FROM model_totals",
    ))
    .all(db)
    .await?;
    for t in totals {
        let m = models.entry(t.model).or_default();
        m.pos_docs = t.pos_docs;
        m.neg_docs = t.neg_docs;
        m.pos_features = t.pos_features;
        m.neg_features = t.neg_features;
    }
    let rows = FeatureRow::find_by_statement(Statement::from_string(
        backend,
        "SELECT model, feature, pos, neg FROM model_features",
    ))
    .all(db)
    .await?;
    for r in rows {
        models.entry(r.model).or_default().features.insert(
            hash_feature(&r.feature),
            Counts {
                pos: r.pos,
                neg: r.neg,
            },
        );
    }
    Ok(LearnedModel {
        spam: models.remove("spam").unwrap_or_default(),
        toxicity: models.remove("toxicity").unwrap_or_default(),
    })
}

/// Adds lessons' counts (a retracted lesson subtracts them); call inside the
/// transaction that records the decision.
pub async fn teach<C: ConnectionTrait>(db: &C, lessons: &[Lesson]) -> Result<(), StorageError> {
    let mut features: HashMap<(&'static str, &str), Counts> = HashMap::new();
    let mut totals: HashMap<&'static str, [i64; 4]> = HashMap::new();
    for lesson in lessons {
        let model = model_name(lesson.category);
        let w = lesson.weight;
        for f in &lesson.features {
            let c = features.entry((model, f.as_str())).or_default();
            if lesson.positive {
                c.pos += w;
            } else {
                c.neg += w;
            }
        }
        let t = totals.entry(model).or_default();
        let n = lesson.features.len() as i64 * w;
        if lesson.positive {
            t[0] += w;
            t[2] += n;
        } else {
            t[1] += w;
            t[3] += n;
        }
    }
    let emptied: Vec<(&'static str, String)> = features
        .iter()
        .filter(|(_, c)| c.pos < 0 || c.neg < 0)
        .map(|((model, feature), _)| (*model, stored_feature(feature)))
        .collect();
    let rows: Vec<_> = features.into_iter().collect();
    for chunk in rows.chunks(400) {
        let mut insert = Query::insert();
        insert
            .into_table("model_features")
            .columns(["model", "feature", "pos", "neg"])
            .on_conflict(
                OnConflict::columns(["model", "feature"])
                    .value("pos", Expr::cust("model_features.pos + excluded.pos"))
                    .value("neg", Expr::cust("model_features.neg + excluded.neg"))
                    .to_owned(),
            );
        for ((model, feature), c) in chunk {
            insert
                .values([
                    (*model).into(),
                    stored_feature(feature).into(),
                    c.pos.into(),
                    c.neg.into(),
                ])
                .map_err(|e| StorageError::Query(DbErr::Custom(e.to_string())))?;
        }
        db.execute(&insert).await?;
    }
    for (model, t) in totals {
        let mut insert = Query::insert();
        insert
            .into_table("model_totals")
            .columns([
                "model",
                "pos_docs",
                "neg_docs",
                "pos_features",
                "neg_features",
            ])
            .values([
                model.into(),
                t[0].into(),
                t[1].into(),
                t[2].into(),
                t[3].into(),
            ])
            .map_err(|e| StorageError::Query(DbErr::Custom(e.to_string())))?
            .on_conflict(
                OnConflict::column("model")
                    .value(
                        "pos_docs",
                        Expr::cust("model_totals.pos_docs + excluded.pos_docs"),
                    )
                    .value(
                        "neg_docs",
                        Expr::cust("model_totals.neg_docs + excluded.neg_docs"),
                    )
                    .value(
                        "pos_features",
                        Expr::cust("model_totals.pos_features + excluded.pos_features"),
                    )
                    .value(
                        "neg_features",
                        Expr::cust("model_totals.neg_features + excluded.neg_features"),
                    )
                    .to_owned(),
            );
        db.execute(&insert).await?;
    }
    forget_emptied(db, &emptied).await
}

/// Features stored as at most 200 characters.
fn stored_feature(feature: &str) -> String {
    feature.chars().take(200).collect()
}

/// Deletes the features a retraction left with no count, as if they had
/// never been taught: the number of known features is part of the model's
/// smoothing, so a rebuild from history must come out the same.
async fn forget_emptied<C: ConnectionTrait>(
    db: &C,
    emptied: &[(&'static str, String)],
) -> Result<(), StorageError> {
    for model in [Category::Spam, Category::Toxicity].map(model_name) {
        let features: Vec<&str> = emptied
            .iter()
            .filter(|(m, _)| *m == model)
            .map(|(_, f)| f.as_str())
            .collect();
        for chunk in features.chunks(400) {
            let delete = Query::delete()
                .from_table("model_features")
                .and_where(Expr::col("model").eq(model))
                .and_where(Expr::col("feature").is_in(chunk.iter().copied()))
                .and_where(Expr::col("pos").lte(0))
                .and_where(Expr::col("neg").lte(0))
                .to_owned();
            db.execute(&delete).await?;
        }
    }
    Ok(())
}

/// Forgets everything learned, before a rebuild.
pub async fn clear<C: ConnectionTrait>(db: &C) -> Result<(), StorageError> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_string(
        backend,
        "DELETE FROM model_features",
    ))
    .await?;
    db.execute_raw(Statement::from_string(backend, "DELETE FROM model_totals"))
        .await?;
    Ok(())
}
