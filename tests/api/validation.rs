//! Every bad input gets a 4xx problem+json answer naming what is wrong.

use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment, error_fields};

/// (what is wrong, field to change, new value or null to remove it)
fn invalid_cases() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        ("missing post_id", "post_id", Value::Null),
        ("empty post_id", "post_id", json!("   ")),
        ("oversize post_id", "post_id", json!("p".repeat(201))),
        ("missing author_name", "author_name", Value::Null),
        ("blank author_name", "author_name", json!(" \t ")),
        (
            "oversize author_name",
            "author_name",
            json!("n".repeat(101)),
        ),
        ("bad author_email", "author_email", json!("not-an-email")),
        (
            "ftp author_url",
            "author_url",
            json!("ftp://files.example/x"),
        ),
        (
            "script author_url",
            "author_url",
            json!("javascript:alert(1)"),
        ),
        ("relative post_url", "post_url", json!("/posts/1")),
        ("missing body", "body", Value::Null),
        ("blank body", "body", json!("\n\n")),
        ("oversize body", "body", json!("b".repeat(10_001))),
        ("malformed parent_id", "parent_id", json!("42")),
        (
            "bad form_rendered_at",
            "form_rendered_at",
            json!("yesterday"),
        ),
        ("oversize post_title", "post_title", json!("t".repeat(301))),
    ]
}

backend_tests! {
    async fn each_invalid_field_is_named_in_the_problem(app) {
        for (case, field, value) in invalid_cases() {
            let mut body = clean_comment("post-1");
            match value {
                Value::Null => {
                    body.as_object_mut().unwrap().remove(field);
                }
                v => body[field] = v,
            }
            let response = app.post_comment(&body).await;
            assert_eq!(response.status(), 422, "{case}");
            let problem = assert_problem(response, 422, "validation_failed").await;
            assert_eq!(error_fields(&problem), [field], "{case}");
        }
        assert_eq!(app.comment_count().await, 0);
    }

    async fn limits_count_characters_so_long_accented_names_fit(app) {
        let mut body = clean_comment("post-1");
        body["author_name"] = json!("é".repeat(100));
        assert_eq!(app.post_comment(&body).await.status(), 201);
    }

    async fn malformed_json_is_a_400_problem(app) {
        let response = app
            .client
            .post(app.url("/api/v1/comments"))
            .header("content-type", "application/json")
            .body("{\"post_id\": \"p\", ")
            .send()
            .await
            .unwrap();
        assert_problem(response, 400, "malformed_body").await;
    }

    async fn a_field_of_the_wrong_type_is_a_400_problem(app) {
        let mut body = clean_comment("post-1");
        body["body"] = json!(42);
        assert_problem(app.post_comment(&body).await, 400, "malformed_body").await;
    }

    async fn a_wrong_content_type_is_a_415_problem(app) {
        for content_type in [None, Some("text/plain"), Some("multipart/form-data; boundary=x")] {
            let mut request = app.client.post(app.url("/api/v1/comments")).body(clean_comment("p").to_string());
            if let Some(ct) = content_type {
                request = request.header("content-type", ct);
            }
            assert_problem(request.send().await.unwrap(), 415, "unsupported_media_type").await;
        }
    }

    async fn a_body_over_the_size_limit_is_a_413_problem(app) {
        let mut body = clean_comment("post-1");
        body["body"] = json!("x".repeat(70_000));
        assert_problem(app.post_comment(&body).await, 413, "payload_too_large").await;
        let response = app.post_json("/api/v1/score", &body).await;
        assert_problem(response, 413, "payload_too_large").await;
        assert_eq!(app.comment_count().await, 0);
    }

    async fn json_nested_deeper_than_the_limit_is_a_400_problem(app) {
        let mut nested = clean_comment("post-1");
        nested["extra"] = serde_json::from_str(&format!("{}1{}", "[".repeat(40), "]".repeat(40))).unwrap();
        let problem = assert_problem(app.post_comment(&nested).await, 400, "malformed_body").await;
        assert!(problem["detail"].as_str().unwrap().contains("nested deeper"));
        // Far deeper than any parser's recursion limit: still a clean 400.
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(30_000), "]".repeat(30_000));
        let response = app
            .client
            .post(app.url("/api/v1/comments"))
            .header("content-type", "application/json")
            .body(deep)
            .send()
            .await
            .unwrap();
        assert_problem(response, 400, "malformed_body").await;
        assert_eq!(app.comment_count().await, 0);
    }

    async fn a_bad_listing_limit_or_cursor_is_a_400_problem(app) {
        for query in ["?limit=0", "?limit=101", "?limit=ten", "?cursor=not-ours", "?sort=desc"] {
            let response = app.get(&format!("/api/v1/posts/p/comments{query}")).await;
            assert_problem(response, 400, "invalid_parameter").await;
        }
    }

    async fn unknown_routes_and_methods_are_problems(app) {
        assert_problem(app.get("/api/v1/nothing-here").await, 404, "not_found").await;
        assert_problem(app.get("/api/v1/comments").await, 405, "method_not_allowed").await;
    }
}
