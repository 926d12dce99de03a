//! A comment's status as a condition written out in the SQL rather than
//! bound. On SQLite each status has indexes of its own, partial indexes
//! (`WHERE status = 'approved'`), and SQLite uses one only for a condition it
//! can read while planning, which a bound parameter is not (migration
//! `m20261204_000009`). The statuses are a closed set of fixed words, so
//! writing them out admits nothing from a request.

use sea_orm::sea_query::{Expr, ExprTrait, Func, Query, QueryStatementBuilder, SimpleExpr};

use super::entities::comments;
use crate::domain::CommentStatus;

/// `status = '<status>'`.
pub fn is(status: CommentStatus) -> SimpleExpr {
    Expr::col(comments::Column::Status).eq(Expr::cust(format!("'{}'", status.as_str())))
}

/// `(SELECT COUNT(*) FROM comments WHERE status = '<status>')`, counted
/// over that status's own index.
pub fn count_of(status: CommentStatus) -> SimpleExpr {
    let mut count = Query::select();
    count
        .expr(Func::count(Expr::col(comments::Column::Id)))
        .from(comments::Entity)
        .and_where(is(status));
    Expr::SubQuery(None, Box::new(count.into_sub_query_statement()))
}

#[cfg(test)]
mod tests;
