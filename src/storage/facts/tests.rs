use super::*;

#[test]
fn the_templated_history_query_is_the_query_built_afresh() {
    let now = Utc::now();
    for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
        for (email, ip, cap) in [
            (Some("a@example.com"), Some("203.0.113.1"), 10),
            (None, Some("198.51.100.7"), 50),
            (None, None, 1),
        ] {
            let q = FactsQuery {
                email,
                ip,
                body_hash: "digest",
                post_id: "post",
                now,
                velocity_window: Duration::seconds(60),
                duplicate_window: Duration::hours(1),
                cap,
                double_submit_since: email.map(|_| now - Duration::seconds(120)),
            };
            let args = Args {
                email: email.unwrap_or_default(),
                ip: ip.unwrap_or_default(),
                body_hash: q.body_hash,
                post_id: q.post_id,
                recent: now - q.velocity_window,
                duplicates_since: now - q.duplicate_window,
                cap,
                double_email: email.unwrap_or_default(),
                double_ip: "",
                double_since: q.double_submit_since.unwrap_or(now),
                in_process: in_process(backend),
            };
            assert_eq!(statement(&q, backend), build(&args, backend));
        }
        assert!(HISTORY.has_template(backend), "{backend:?}");
    }
}

/// Every count must seek an index: a scan of the comments table here would
/// read every stored comment on every submission. SQLite's partial index of
/// rejected comments is used only if the statement writes out the status.
#[test]
fn on_sqlite_the_history_query_scans_no_table() {
    crate::storage::plan_check::block_on(async {
        let db = crate::storage::plan_check::migrated_sqlite().await;
        let now = Utc::now();
        let q = FactsQuery {
            email: Some("a@example.com"),
            ip: Some("203.0.113.1"),
            body_hash: "digest",
            post_id: "post",
            now,
            velocity_window: Duration::seconds(600),
            duplicate_window: Duration::hours(24),
            cap: 21,
            double_submit_since: Some(now - Duration::seconds(120)),
        };
        let steps = crate::storage::plan_check::plan(&db, statement(&q, DbBackend::Sqlite)).await;
        assert!(
            steps
                .iter()
                .any(|s| s.contains("idx_comments_client_ip_rejected")),
            "{steps:#?}"
        );
        assert!(
            !steps.iter().any(|s| s.starts_with("SCAN comments")),
            "{steps:#?}"
        );
    });
}
