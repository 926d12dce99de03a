//! The moderation queue: filtered, sorted, keyset-paginated reads with the
//! context a moderator needs to decide quickly.

use std::collections::HashMap;

use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Statement,
};

use super::entities::{comments, posts};
use super::StorageError;
use crate::domain::scoring::Category;
use crate::domain::CommentStatus;

/// Queue order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Highest score first: the likeliest problems at the top.
    Score,
    Oldest,
    Newest,
}

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueCursor {
    pub score: f64,
    pub id: String,
}

/// What the moderator asked to see.
#[derive(Debug, Clone)]
pub struct QueueFilter {
    pub status: CommentStatus,
    pub post_id: Option<String>,
    pub category: Option<Category>,
    pub min_score: Option<f64>,
    pub text: Option<String>,
    pub sort: Sort,
    pub after: Option<QueueCursor>,
    pub limit: u64,
}

/// Counts of an author's comments by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct StatusCounts {
    pub approved: u64,
    pub pending: u64,
    pub rejected: u64,
}

impl StatusCounts {
    fn add(&mut self, status: &str, n: u64) {
        match CommentStatus::parse(status) {
            Some(CommentStatus::Approved) => self.approved += n,
            Some(CommentStatus::Pending) => self.pending += n,
            Some(CommentStatus::Rejected) => self.rejected += n,
            None => {}
        }
    }
}

/// A queue entry with its context.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub comment: comments::Model,
    pub post: Option<posts::Model>,
    pub parent: Option<comments::Model>,
    pub author_history: Option<StatusCounts>,
}

/// One page of the queue.
#[derive(Debug, Clone)]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    pub next: Option<QueueCursor>,
    pub totals: StatusCounts,
}

fn like_pattern(text: &str) -> LikeExpr {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The page `filter` asks for, and one row more to tell whether another
/// page follows.
pub(super) fn select(filter: &QueueFilter) -> Select<comments::Entity> {
    use comments::Column;
    let mut query = comments::Entity::find().filter(super::status::is(filter.status));
    if let Some(post_id) = &filter.post_id {
        query = query.filter(Column::PostId.eq(post_id.clone()));
    }
    if let Some(category) = filter.category {
        // Reasons are stored as compact JSON, so the category appears verbatim.
        let name = match category {
            Category::Spam => "spam",
            Category::Toxicity => "toxicity",
        };
        query = query.filter(Column::Reasons.contains(format!("\"category\":\"{name}\"")));
    }
    if let Some(min) = filter.min_score {
        query = query.filter(Column::Score.gte(min));
    }
    if let Some(text) = filter.text.as_deref().filter(|t| !t.is_empty()) {
        let pattern = like_pattern(text);
        query = query.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(Column::Body))).like(pattern.clone()))
                .add(Expr::expr(Func::lower(Expr::col(Column::AuthorName))).like(pattern)),
        );
    }
    if let Some(after) = &filter.after {
        query = query.filter(match filter.sort {
            Sort::Score => Condition::any().add(Column::Score.lt(after.score)).add(
                Condition::all()
                    .add(Column::Score.eq(after.score))
                    .add(Column::Id.lt(after.id.clone())),
            ),
            Sort::Oldest => Condition::all().add(Column::Id.gt(after.id.clone())),
            Sort::Newest => Condition::all().add(Column::Id.lt(after.id.clone())),
        });
    }
    query = match filter.sort {
        Sort::Score => query.order_by_desc(Column::Score).order_by_desc(Column::Id),
        Sort::Oldest => query.order_by_asc(Column::Id),
        Sort::Newest => query.order_by_desc(Column::Id),
    };
    query.limit(filter.limit + 1)
}

pub async fn list(
    db: &DatabaseConnection,
    filter: &QueueFilter,
) -> Result<QueuePage, StorageError> {
    let mut rows = select(filter).all(db).await?;
    let more = rows.len() as u64 > filter.limit;
    rows.truncate(filter.limit as usize);
    let next = rows.last().filter(|_| more).map(|last| QueueCursor {
        score: last.score,
        id: last.id.clone(),
    });

    let mut items = Vec::with_capacity(rows.len());
    for comment in rows {
        items.push(with_context(db, comment).await?);
    }
    Ok(QueuePage {
        items,
        next,
        totals: totals(db).await?,
    })
}

/// One comment with its context, or `None` when it does not exist.
pub async fn get(db: &DatabaseConnection, id: &str) -> Result<Option<QueueItem>, StorageError> {
    match comments::Entity::find_by_id(id.to_owned()).one(db).await? {
        Some(comment) => Ok(Some(with_context(db, comment).await?)),
        None => Ok(None),
    }
}

async fn with_context(
    db: &DatabaseConnection,
    comment: comments::Model,
) -> Result<QueueItem, StorageError> {
    let post = posts::Entity::find_by_id(comment.post_id.clone())
        .one(db)
        .await?;
    let parent = match &comment.parent_id {
        Some(parent_id) => {
            comments::Entity::find_by_id(parent_id.clone())
                .one(db)
                .await?
        }
        None => None,
    };
    let author_history = match &comment.author_email {
        Some(email) => Some(history(db, email).await?),
        None => None,
    };
    Ok(QueueItem {
        comment,
        post,
        parent,
        author_history,
    })
}

/// How many comments this email has in each status.
pub async fn history(db: &DatabaseConnection, email: &str) -> Result<StatusCounts, StorageError> {
    let rows: Vec<(String, i64)> = comments::Entity::find()
        .select_only()
        .column(comments::Column::Status)
        .column_as(comments::Column::Id.count(), "n")
        .filter(comments::Column::AuthorEmail.eq(email))
        .group_by(comments::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(sum_counts(rows))
}

/// Comments in each status, over the whole site: one count per status, so
/// that each is read from its status's own index.
pub async fn totals(db: &DatabaseConnection) -> Result<StatusCounts, StorageError> {
    let statement = totals_statement(db.get_database_backend());
    let mut counts = StatusCounts::default();
    if let Some(row) = db.query_one_raw(statement).await? {
        for (i, status) in CommentStatus::ALL.iter().enumerate() {
            let n: i64 = row.try_get_by_index(i)?;
            counts.add(status.as_str(), u64::try_from(n).unwrap_or(0));
        }
    }
    Ok(counts)
}

pub(super) fn totals_statement(backend: DbBackend) -> Statement {
    let mut select = Query::select();
    for status in CommentStatus::ALL {
        select.expr(super::status::count_of(status));
    }
    backend.build(&select)
}

fn sum_counts(rows: Vec<(String, i64)>) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for (status, n) in rows {
        counts.add(&status, u64::try_from(n).unwrap_or(0));
    }
    counts
}

/// Rule hit counts and statuses of the comments created in a window.
pub async fn window_stats(
    db: &DatabaseConnection,
    since: chrono::DateTime<chrono::Utc>,
    until: chrono::DateTime<chrono::Utc>,
) -> Result<(StatusCounts, Vec<(String, String, u64)>), StorageError> {
    let rows: Vec<(String, String)> = comments::Entity::find()
        .select_only()
        .column(comments::Column::Status)
        .column(comments::Column::Reasons)
        .filter(comments::Column::CreatedAt.gte(since))
        .filter(comments::Column::CreatedAt.lt(until))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_status = StatusCounts::default();
    let mut by_rule: HashMap<(String, String), u64> = HashMap::new();
    for (status, reasons) in rows {
        by_status.add(&status, 1);
        let reasons: Vec<crate::domain::scoring::Reason> =
            serde_json::from_str(&reasons).unwrap_or_default();
        for reason in reasons {
            let category = match reason.category {
                Category::Spam => "spam",
                Category::Toxicity => "toxicity",
            };
            *by_rule
                .entry((reason.rule, category.to_owned()))
                .or_default() += 1;
        }
    }
    let mut by_rule: Vec<_> = by_rule.into_iter().map(|((r, c), n)| (r, c, n)).collect();
    by_rule.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    Ok((by_status, by_rule))
}
