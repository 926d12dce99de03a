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
use sea_orm::{ActiveModelTrait, ActiveValue, DbBackend, EntityTrait, Iterable, Statement};

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

    #[cfg(test)]
    pub(super) fn has_template(&self, backend: DbBackend) -> bool {
        self.cell(backend).get().is_some_and(Option::is_some)
    }

    fn cell(&self, backend: DbBackend) -> &OnceLock<Option<Template>> {
        per_backend([&self.sqlite, &self.postgres, &self.mysql], backend)
    }

    /// `build(args)` for `backend`, through the cached template when it has
    /// one. `build` must give SQL text that depends on the backend alone,
    /// never on the arguments, and bind each argument as it is; `markers`
    /// are arguments no real use passes, each different from the others and
    /// from every fixed value.
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

fn per_backend<T>([sqlite, postgres, mysql]: [T; 3], backend: DbBackend) -> T {
    match backend {
        DbBackend::Sqlite => sqlite,
        DbBackend::Postgres => postgres,
        _ => mysql,
    }
}

/// An entity's insert statement, its SQL written once per backend.
///
/// An insert's SQL depends only on which columns the model sets, and its
/// values are the set columns' values in column order; building it through
/// sea-query's tree was a seventh of a request worker's time. The first
/// build is kept as the template when its values are exactly those, so a
/// builder that writes a value into the SQL text, or orders them otherwise,
/// leaves every later insert built afresh.
pub(super) struct CachedInsert {
    sqlite: OnceLock<Option<InsertShape>>,
    postgres: OnceLock<Option<InsertShape>>,
    mysql: OnceLock<Option<InsertShape>>,
}

/// Which columns were set (bit `i` for the entity's `i`th column) and the SQL.
struct InsertShape {
    columns: u64,
    sql: String,
}

impl CachedInsert {
    pub(super) const fn new() -> Self {
        Self {
            sqlite: OnceLock::new(),
            postgres: OnceLock::new(),
            mysql: OnceLock::new(),
        }
    }

    /// `build(model)` for `backend`, from the template when the model sets
    /// the same columns as the one it was made from.
    pub(super) fn statement<A: ActiveModelTrait>(
        &self,
        backend: DbBackend,
        model: A,
        build: impl FnOnce(A) -> Statement,
    ) -> Statement {
        let mut columns = 0u64;
        let mut values = Vec::new();
        for (i, column) in <A::Entity as EntityTrait>::Column::iter().enumerate() {
            match model.get(column) {
                ActiveValue::Set(value) | ActiveValue::Unchanged(value) => {
                    columns |= 1u64.checked_shl(i as u32).unwrap_or(0);
                    values.push(value);
                }
                ActiveValue::NotSet => {}
            }
        }
        let cell = self.cell(backend);
        if let Some(Some(shape)) = cell.get() {
            if shape.columns == columns {
                return Statement::from_sql_and_values(backend, shape.sql.clone(), values);
            }
        }
        let built = build(model);
        // Past 64 columns the set of columns no longer fits the mask.
        let fits = <A::Entity as EntityTrait>::Column::iter().count() <= 64;
        cell.get_or_init(|| {
            let same = built.values.as_ref().map(|v| v.0.as_slice()) == Some(values.as_slice());
            (fits && same).then(|| InsertShape {
                columns,
                sql: built.sql.clone(),
            })
        });
        built
    }

    fn cell(&self, backend: DbBackend) -> &OnceLock<Option<InsertShape>> {
        per_backend([&self.sqlite, &self.postgres, &self.mysql], backend)
    }

    #[cfg(test)]
    pub(super) fn has_template(&self, backend: DbBackend) -> bool {
        self.cell(backend).get().is_some_and(Option::is_some)
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
    use crate::storage::entities::posts;
    use sea_orm::sea_query::{Expr, Query, SqliteQueryBuilder};
    use sea_orm::{ActiveValue::Set, QueryTrait};

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

    fn post(
        id: &str,
        title: Option<&str>,
        author: ActiveValue<Option<String>>,
    ) -> posts::ActiveModel {
        posts::ActiveModel {
            id: Set(id.to_owned()),
            url: Set(None),
            title: Set(title.map(str::to_owned)),
            author_email: author,
            created_at: Set(chrono::Utc::now()),
        }
    }

    fn insert_afresh(backend: DbBackend) -> impl Fn(posts::ActiveModel) -> Statement {
        move |model| {
            posts::Entity::insert(model)
                .on_conflict_do_nothing_on([posts::Column::Id])
                .build(backend)
        }
    }

    #[test]
    fn a_cached_insert_equals_the_insert_built_afresh() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let cached = CachedInsert::new();
            let models = [
                post("first", Some("A title"), Set(Some("a@example.com".into()))),
                post("second", None, Set(None)),
                // Another set of columns: built afresh, and still right.
                post("third", Some("T"), ActiveValue::NotSet),
            ];
            for model in models {
                let afresh = insert_afresh(backend)(model.clone());
                let statement = cached.statement(backend, model, insert_afresh(backend));
                assert_eq!(statement, afresh);
            }
            assert!(cached.has_template(backend), "{backend:?}");
        }
    }

    #[test]
    fn an_insert_whose_values_are_not_its_columns_in_order_has_no_template() {
        let cached = CachedInsert::new();
        let reordered = |model: posts::ActiveModel| {
            let mut statement = insert_afresh(DbBackend::Sqlite)(model);
            if let Some(values) = statement.values.as_mut() {
                values.0.reverse();
            }
            statement
        };
        cached.statement(DbBackend::Sqlite, post("p", None, Set(None)), reordered);
        assert!(!cached.has_template(DbBackend::Sqlite));
    }

    #[test]
    fn a_marker_that_is_not_bound_means_no_template() {
        let unused = |args: &Pair<'_>| build(&Pair(args.0, "b"));
        assert!(Template::new(&markers(), unused).is_none());
    }
}
