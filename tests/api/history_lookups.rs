//! The history a submission is scored with (approvals, rejections, bursts,
//! the same text elsewhere) is counted on each backend's path alike, and
//! each count stops at its cap however much history there is. The same
//! lookup names the post's registered author, whom a held comment's notice
//! goes to.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use moderato::storage::facts::FactsQuery;
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};

const TEXT: &str = "The hearing transcript is worth reading in full before judging.";

backend_tests! {
    async fn the_same_text_on_other_posts_is_counted_up_to_the_cap(app) {
        let mut submitted = Vec::new();
        for n in 0..5 {
            submitted.push(app.submit(&json!({
                "post_id": format!("post-{n}"),
                "author_name": "Reader",
                "author_email": "reader@example.org",
                "body": TEXT,
            }))
            .await);
        }
        let first = &submitted[0];
        let store = app.submission_store();
        let body_hash = moderato::domain::submission::CommentBody::parse(TEXT).unwrap().digest().to_owned();
        let query = |cap| FactsQuery {
            email: Some("reader@example.org"),
            ip: None,
            body_hash: &body_hash,
            post_id: "post-new",
            now: Utc::now(),
            velocity_window: Duration::minutes(10),
            duplicate_window: Duration::hours(24),
            cap,
            double_submit_since: None,
        };

        let token = app.add_moderator("alice");
        let registered = app
            .mod_send(Method::PUT, "/api/v1/moderation/posts/post-new", &token, &json!({"author_email": "desk@blog.example"}))
            .await;
        assert!(registered.status().is_success(), "{}", registered.status());

        let found = store.facts(&query(50)).await.unwrap();
        assert_eq!(found.post_author.as_deref(), Some("desk@blog.example"));
        let all = found.facts;
        assert_eq!(all.duplicates_elsewhere, 5);
        assert_eq!(all.recent_by_email, 5);
        assert_eq!(all.approved_by_email + all.rejected_by_email, 5 - pending(&app).await);

        let capped = store.facts(&query(3)).await.unwrap().facts;
        assert_eq!(capped.duplicates_elsewhere, 3);
        assert_eq!(capped.recent_by_email, 3);
        assert!(capped.approved_by_email <= 3 && capped.rejected_by_email <= 3);
        // Evidence never states a capped count as exact.
        assert_eq!(capped.describe(capped.duplicates_elsewhere), "3 or more");
        assert_eq!(all.describe(all.duplicates_elsewhere), "5");

        // The post itself is not "elsewhere", and a stranger has no history.
        let mut own_post = query(50);
        own_post.post_id = "post-0";
        let own = store.facts(&own_post).await.unwrap();
        assert_eq!(own.facts.duplicates_elsewhere, 4);
        assert_eq!(own.post_author, None, "post-0 has no registered author");
        assert_eq!(own.double_submit, None, "not asked to look");
        own_post.double_submit_since = Some(Utc::now() - Duration::minutes(10));
        let double = store.facts(&own_post).await.unwrap();
        assert_eq!(double.double_submit.as_deref(), first["id"].as_str());
        own_post.post_id = "post-new";
        assert_eq!(store.facts(&own_post).await.unwrap().double_submit, None);
        let mut stranger = query(50);
        stranger.email = Some("someone-else@example.org");
        stranger.body_hash = "no such text";
        let none = store.facts(&stranger).await.unwrap().facts;
        assert_eq!(
            (none.approved_by_email, none.recent_by_email, none.duplicates_elsewhere),
            (0, 0, 0)
        );
    }

    async fn an_address_has_its_recent_and_rejected_comments_counted_up_to_the_cap(app) {
        let ip = crate::helpers::random_reader_ip();
        let mut last = String::new();
        for n in 0..3 {
            let mut comment = crate::helpers::clean_comment("post-ip");
            comment["author_email"] = json!(format!("reader{n}@example.org"));
            comment["body"] = json!(format!("Point {n}: the timeline in the second section is off."));
            let created = app.post_json_from("/api/v1/comments", &ip, &comment).await;
            assert_eq!(created.status(), 201);
            last = created.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        }
        let mut bot = crate::helpers::clean_comment("post-ip");
        bot["honeypot"] = json!("filled by a bot");
        let rejected = app.post_json_from("/api/v1/comments", &ip, &bot).await;
        assert_eq!(rejected.json::<serde_json::Value>().await.unwrap()["status"], "rejected");
        let stored_ip = app.stored_comment(&last).await.client_ip.expect("an address is stored");

        // Opened afterwards, so on SQLite it reads these from the file.
        let store = app.submission_store();
        let query = |ip, cap, velocity_window| FactsQuery {
            email: None,
            ip: Some(ip),
            body_hash: "no such text",
            post_id: "post-ip",
            now: Utc::now(),
            velocity_window,
            duplicate_window: Duration::hours(24),
            cap,
            double_submit_since: None,
        };
        let counts = |f: moderato::domain::scoring::SubmissionFacts| (f.recent_by_ip, f.rejected_by_ip);
        let all = store.facts(&query(&stored_ip, 50, Duration::minutes(10))).await.unwrap().facts;
        assert_eq!(counts(all), (4, 1));
        let capped = store.facts(&query(&stored_ip, 2, Duration::minutes(10))).await.unwrap().facts;
        assert_eq!(counts(capped), (2, 1));
        // Outside the velocity window only the rejection still counts.
        let later = store.facts(&query(&stored_ip, 50, Duration::zero())).await.unwrap().facts;
        assert_eq!(counts(later), (0, 1));
        let stranger = store.facts(&query("192.0.2.0/24", 50, Duration::minutes(10))).await.unwrap().facts;
        assert_eq!(counts(stranger), (0, 0));
    }
}

/// How many of the reader's comments are held for review.
async fn pending(app: &crate::helpers::TestApp) -> u64 {
    use moderato::storage::entities::comments;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    comments::Entity::find()
        .filter(comments::Column::Status.eq("pending"))
        .count(&app.db)
        .await
        .unwrap()
}

backend_tests! {
    async fn every_history_count_seeks_its_submitters_index_on_a_table_without_statistics(app) {
        // A few comments, and no ANALYZE: a young table, as the first minute
        // of a new deployment sees it.
        for n in 0..20 {
            let mut comment = crate::helpers::clean_comment(&format!("post-{}", n % 3));
            comment["author_email"] = json!(format!("reader{n}@example.org"));
            assert_eq!(app.post_json("/api/v1/comments", &comment).await.status(), 201);
        }
        let now = Utc::now();
        let query = FactsQuery {
            email: Some("reader1@example.org"),
            ip: Some("203.0.113.0/24"),
            body_hash: "digest",
            post_id: "post-1",
            now,
            velocity_window: Duration::minutes(10),
            duplicate_window: Duration::hours(24),
            cap: 10,
            double_submit_since: Some(now - Duration::minutes(2)),
        };
        let backend = app.db.get_database_backend();
        let statement = moderato::storage::facts::statement(&query, backend);
        let scans = if backend == DbBackend::Postgres {
            assert_eq!(status_led_indexes(&app).await, Vec::<String>::new());
            generic_plan_scans(&app, &statement).await
        } else {
            sqlite_plan_scans(&app, &statement).await
        };
        // Four counts on SQLite (the others are answered in memory), six and
        // two double-submit lookups on PostgreSQL; and the post.
        assert!(scans.len() >= 5, "{scans:#?}");
        for (table, condition) in &scans {
            let seeks = match table.as_str() {
                "posts" => condition.contains("id"),
                _ => ["author_email", "client_ip", "body_hash"].iter().any(|key| condition.contains(key)),
            };
            assert!(seeks, "a history lookup that does not seek its submitter: {table} {condition}\n{scans:#?}");
        }
    }
}

/// PostgreSQL indexes of comments that could answer a bound status alone:
/// whole-table indexes whose first column is the status.
async fn status_led_indexes(app: &crate::helpers::TestApp) -> Vec<String> {
    texts(
        &app.db,
        Statement::from_string(
            DbBackend::Postgres,
            "SELECT indexname FROM pg_indexes WHERE tablename = 'comments' \
             AND indexdef LIKE '%(status,%' AND indexdef NOT LIKE '% WHERE %'",
        ),
        0,
    )
    .await
}

/// One text column of every row a statement returns.
async fn texts(db: &impl ConnectionTrait, statement: Statement, column: usize) -> Vec<String> {
    let rows = db.query_all_raw(statement).await.unwrap();
    rows.iter()
        .map(|r| r.try_get_by_index::<String>(column).unwrap())
        .collect()
}

/// Each scan of the history statement's plan as PostgreSQL caches it for a
/// connection once it stops planning per execution (the generic plan, made
/// without the values): the table, and the index condition it seeks with.
async fn generic_plan_scans(
    app: &crate::helpers::TestApp,
    statement: &Statement,
) -> Vec<(String, String)> {
    use sea_orm::sea_query::{PostgresQueryBuilder, QueryBuilder, Value};
    let values = statement
        .values
        .as_ref()
        .map(|v| v.0.clone())
        .unwrap_or_default();
    let type_of = |v: &Value| match v {
        Value::String(_) => "text",
        Value::Int(_) => "int4",
        Value::BigInt(_) | Value::BigUnsigned(_) => "int8",
        Value::ChronoDateTimeUtc(_) => "timestamptz",
        other => panic!("a value the test does not know: {other:?}"),
    };
    let types: Vec<_> = values.iter().map(type_of).collect();
    let literals: Vec<_> = values
        .iter()
        .map(|v| PostgresQueryBuilder.value_to_string(v))
        .collect();
    // One connection for the setting, the prepared statement and the plan.
    let txn = app.db.begin().await.unwrap();
    txn.execute_unprepared("SET LOCAL plan_cache_mode = force_generic_plan")
        .await
        .unwrap();
    txn.execute_unprepared(&format!(
        "PREPARE history ({}) AS {}",
        types.join(", "),
        statement.sql
    ))
    .await
    .unwrap();
    let lines = texts(
        &txn,
        Statement::from_string(
            DbBackend::Postgres,
            format!("EXPLAIN EXECUTE history ({})", literals.join(", ")),
        ),
        0,
    )
    .await;
    txn.execute_unprepared("DEALLOCATE history").await.unwrap();
    txn.rollback().await.unwrap();
    let mut scans = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some((_, on)) = line
            .split_once(" Scan ")
            .and_then(|(_, rest)| rest.split_once(" on "))
        {
            let table = on.split_whitespace().next().unwrap_or_default().to_owned();
            let condition = lines.get(i + 1).filter(|next| next.contains("Cond:"));
            scans.push((table, condition.map_or("none", |c| c.trim()).to_owned()));
        }
    }
    scans
}

/// The same for SQLite, which plans each statement as it prepares it.
async fn sqlite_plan_scans(
    app: &crate::helpers::TestApp,
    statement: &Statement,
) -> Vec<(String, String)> {
    let plan = Statement {
        sql: format!("EXPLAIN QUERY PLAN {}", statement.sql),
        ..statement.clone()
    };
    texts(&app.db, plan, 3)
        .await
        .into_iter()
        .filter(|detail| detail.starts_with("SEARCH") || detail.starts_with("SCAN"))
        .map(|detail| {
            // "SEARCH comments USING INDEX idx (author_email=? AND status=?)"
            let table = detail
                .split_whitespace()
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            let condition = detail
                .split_once(" (")
                .map_or("none", |(_, c)| c)
                .to_owned();
            (table, condition)
        })
        // Not the subqueries' own rows ("SCAN m", "SCAN CONSTANT ROW").
        .filter(|(table, _)| table == "comments" || table == "posts")
        .collect()
}
