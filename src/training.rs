//! Training the learned model outside the decision path: from a labelled
//! dataset (`moderato train --dataset`), or by replaying the moderators'
//! stored decisions (`moderato train --from-history`).

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Context;
use sea_orm::{DatabaseConnection, FromQueryResult, Statement, TransactionTrait};

use crate::domain::moderation::{lessons, Action};
use crate::domain::scoring::learned::{LearnedModel, Lesson};
use crate::domain::scoring::Category;
use crate::eval::{load, Example, Format};
use crate::storage::model;

/// What a dataset's labels teach: spam for YouTube, toxicity otherwise.
pub fn lessons_from(examples: &[Example], format: Format) -> Vec<Lesson> {
    let category = if format == Format::Youtube {
        Category::Spam
    } else {
        Category::Toxicity
    };
    examples
        .iter()
        .filter(|e| !e.text.trim().is_empty())
        .map(|e| Lesson::new(category, e.positive, &e.text))
        .collect()
}

/// A model trained in memory on labelled files, for `moderato eval --train`.
pub fn in_memory(files: &[PathBuf], format: Format) -> anyhow::Result<LearnedModel> {
    let mut learned = LearnedModel::default();
    for file in files {
        for lesson in lessons_from(&load(file, format)?, format) {
            learned.apply(&lesson);
        }
    }
    Ok(learned)
}

/// Adds a labelled dataset to the stored model; returns the examples taught.
pub async fn from_dataset(
    db: &DatabaseConnection,
    files: &[PathBuf],
    format: Format,
) -> anyhow::Result<usize> {
    let mut taught = 0;
    for file in files {
        let lessons = lessons_from(&load(file, format)?, format);
        for chunk in lessons.chunks(500) {
            let txn = db.begin().await?;
            model::teach(&txn, chunk).await?;
            txn.commit().await?;
            taught += chunk.len();
            tracing::info!(file = %file.display(), taught, of = lessons.len(), "training");
        }
    }
    Ok(taught)
}

#[derive(Debug, FromQueryResult)]
struct DecisionRow {
    comment_id: String,
    action: String,
    body: String,
    spam_score: f64,
    toxicity_score: f64,
}

/// Forgets the stored model and relearns it from every comment's latest
/// moderator decision; returns the comments taught.
pub async fn from_history(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let rows = DecisionRow::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT e.comment_id, e.action, c.body, c.spam_score, c.toxicity_score \
         FROM moderation_events e JOIN comments c ON c.id = e.comment_id \
         WHERE e.actor <> 'system' AND e.actor <> 'retention' ORDER BY e.id",
    ))
    .all(db)
    .await
    .context("could not read the decisions")?;
    // A later decision on the same comment replaces an earlier one.
    let mut latest: HashMap<String, DecisionRow> = HashMap::new();
    for row in rows {
        latest.insert(row.comment_id.clone(), row);
    }
    let all: Vec<Lesson> = latest
        .values()
        .filter_map(|r| {
            Action::parse(&r.action).map(|a| lessons(a, &r.body, r.spam_score, r.toxicity_score))
        })
        .flatten()
        .collect();
    let txn = db.begin().await?;
    model::clear(&txn).await?;
    for chunk in all.chunks(500) {
        model::teach(&txn, chunk).await?;
    }
    txn.commit().await?;
    Ok(latest.len())
}
