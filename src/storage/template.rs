//! Statements of a fixed shape, assembled by sea-query once and re-bound
//! for every use.
//!
//! Why: the submission path asks the same questions of every comment, and
//! building the history query through sea-query's tree (cloning it, then
//! writing it out) took about a sixth of a request worker's time under load,
//! more than scoring. The SQL text of such a statement never changes; only
//! its values do. So the statement is built once with marker values, each
//! marker's positions are noted, and later uses swap the real values in.
//! sea-query stays the one definition of the SQL.

use std::sync::OnceLock;

use sea_orm::sea_query::Value;
use sea_orm::{DbBackend, Statement};

/// Where a bound value comes from.
#[derive(Debug)]
enum Slot {
    /// The same on every use (a status name, say).
    Fixed(Value),
    /// The argument at this index.
    Arg(usize),
}

/// A statement's SQL with the origin of each of its bound values.
#[derive(Debug)]
pub(super) struct Template {
    sql: String,
    backend: DbBackend,
    slots: Vec<Slot>,
}

impl Template {
    /// Builds the statement once with `markers` as its arguments. `None`
    /// when some marker does not come out as a bound value of its own (the
    /// builder folded it into the SQL text, or a fixed value equals it): the
    /// statement must then be built afresh each time.
    fn new<A: Arguments>(markers: &A, build: impl FnOnce(&A) -> Statement) -> Option<Self> {
        let statement = build(markers);
        let markers = markers.values();
        let values = statement.values.map(|v| v.0).unwrap_or_default();
        let mut seen = vec![false; markers.len()];
        let slots = values
            .into_iter()
            .map(|value| match markers.iter().position(|m| *m == value) {
                Some(i) => {
                    seen[i] = true;
                    Slot::Arg(i)
                }
                None => Slot::Fixed(value),
            })
            .collect();
        seen.iter().all(|s| *s).then_some(Self {
            sql: statement.sql,
            backend: statement.db_backend,
            slots,
        })
    }

    /// The statement for these arguments, in the markers' order.
    fn bind(&self, args: &[Value]) -> Statement {
        let values: Vec<Value> = self
            .slots
            .iter()
            .map(|slot| match slot {
                Slot::Fixed(value) => value.clone(),
                Slot::Arg(i) => args[*i].clone(),
            })
            .collect();
        Statement::from_sql_and_values(self.backend, self.sql.clone(), values)
    }
}

/// One template per backend, made on first use.
pub(super) struct Cached {
    sqlite: OnceLock<Option<Template>>,
    postgres: OnceLock<Option<Template>>,
    mysql: OnceLock<Option<Template>>,
}

impl Cached {
    pub(super) const fn new() -> Self {
        Self {
            sqlite: OnceLock::new(),
            postgres: OnceLock::new(),
            mysql: OnceLock::new(),
        }
    }

    /// `build(args)` for `backend`, through the cached template when it has
    /// one. `build` must give SQL text that depends on the backend alone,
    /// never on the arguments, and bind each argument as it is; `markers`
    /// are arguments no real use passes, each different from the others and
    /// from every fixed value.
    #[cfg(test)]
    pub(super) fn has_template(&self, backend: DbBackend) -> bool {
        self.cell(backend).get().is_some_and(Option::is_some)
    }

    fn cell(&self, backend: DbBackend) -> &OnceLock<Option<Template>> {
        match backend {
            DbBackend::Sqlite => &self.sqlite,
            DbBackend::Postgres => &self.postgres,
            _ => &self.mysql,
        }
    }

    pub(super) fn statement<A: Arguments>(
        &self,
        backend: DbBackend,
        markers: impl FnOnce() -> A,
        args: &A,
        build: impl Fn(&A) -> Statement,
    ) -> Statement {
        match self
            .cell(backend)
            .get_or_init(|| Template::new(&markers(), &build))
        {
            Some(template) => template.bind(&args.values()),
            None => build(args),
        }
    }
}

/// The arguments of a templated statement.
pub(super) trait Arguments {
    /// Each argument as the value the statement binds, in a fixed order.
    fn values(&self) -> Vec<Value>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{Expr, Query, SqliteQueryBuilder};

    struct Pair<'a>(&'a str, &'a str);

    impl Arguments for Pair<'_> {
        fn values(&self) -> Vec<Value> {
            vec![self.0.into(), self.1.into()]
        }
    }

    fn build(args: &Pair<'_>) -> Statement {
        let (sql, values) = Query::select()
            .expr(Expr::val(args.0))
            .expr(Expr::val("fixed"))
            .expr(Expr::val(args.1))
            .expr(Expr::val(args.0))
            .build(SqliteQueryBuilder);
        Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
    }

    fn markers() -> Pair<'static> {
        Pair("\0first", "\0second")
    }

    #[test]
    fn a_bound_template_equals_the_statement_built_afresh() {
        let cached = Cached::new();
        for args in [Pair("a", "b"), Pair("fixed", "x"), Pair("", "")] {
            let bound = cached.statement(DbBackend::Sqlite, markers, &args, build);
            assert_eq!(bound, build(&args));
        }
        assert!(cached.has_template(DbBackend::Sqlite));
    }

    #[test]
    fn a_marker_that_is_not_bound_means_no_template() {
        let unused = |args: &Pair<'_>| build(&Pair(args.0, "b"));
        assert!(Template::new(&markers(), unused).is_none());
    }
}
