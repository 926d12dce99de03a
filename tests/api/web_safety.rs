//! CORS on the public endpoints only, security headers on every HTML page,
//! comment text stored verbatim and returned as plain JSON, and no open
//! redirect through form posts.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment, TestApp};

const BLOG: &str = "https://blog.example";

async fn preflight(app: &TestApp, path: &str, origin: &str, method: &str) -> reqwest::Response {
    app.client
        .request(Method::OPTIONS, app.url(path))
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header(
            "access-control-request-headers",
            "content-type, idempotency-key",
        )
        .send()
        .await
        .unwrap()
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    r.headers().get(name).and_then(|v| v.to_str().ok())
}

backend_tests! {
    async fn a_preflight_from_an_allowed_origin_is_answered_without_credentials(app) {
        let r = preflight(&app, "/api/v1/comments", BLOG, "POST").await;
        assert!(r.status().is_success(), "{}", r.status());
        assert_eq!(header(&r, "access-control-allow-origin"), Some(BLOG));
        assert!(header(&r, "access-control-allow-methods").unwrap().contains("POST"));
        let allowed = header(&r, "access-control-allow-headers").unwrap().to_lowercase();
        assert!(allowed.contains("idempotency-key") && allowed.contains("content-type"), "{allowed}");
        assert_eq!(header(&r, "access-control-allow-credentials"), None);

        // The actual request carries the header too, and exposes what clients need.
        let posted = app
            .client
            .post(app.url("/api/v1/comments"))
            .header("origin", BLOG)
            .header("x-forwarded-for", crate::helpers::random_reader_ip())
            .json(&clean_comment("post-1"))
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 201);
        assert_eq!(header(&posted, "access-control-allow-origin"), Some(BLOG));
        assert!(header(&posted, "access-control-expose-headers").unwrap().to_lowercase().contains("retry-after"));
        let listed = app.client.get(app.url("/api/v1/posts/post-1/comments")).header("origin", BLOG).send().await.unwrap();
        assert_eq!(header(&listed, "access-control-allow-origin"), Some(BLOG));
    }

    async fn another_origin_gets_no_cors_headers(app) {
        let r = preflight(&app, "/api/v1/comments", "https://evil.example", "POST").await;
        assert_eq!(header(&r, "access-control-allow-origin"), None);
        let listed = app.client.get(app.url("/api/v1/posts/p/comments")).header("origin", "https://evil.example").send().await.unwrap();
        assert_eq!(listed.status(), 200);
        assert_eq!(header(&listed, "access-control-allow-origin"), None);
    }

    async fn moderation_endpoints_send_no_cors_headers(app) {
        let token = app.add_moderator("alice");
        let r = preflight(&app, "/api/v1/moderation/comments", BLOG, "GET").await;
        assert_eq!(header(&r, "access-control-allow-origin"), None);
        let r = app
            .client
            .get(app.url("/api/v1/moderation/comments"))
            .header("origin", BLOG)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers().keys().all(|k| !k.as_str().starts_with("access-control-")), "{:?}", r.headers());
    }

    async fn without_configured_origins_no_cors_headers_are_sent(app) with(|s: &mut moderato::config::Settings| {
        s.server.allowed_origins = vec![];
    }) {
        let r = preflight(&app, "/api/v1/comments", BLOG, "POST").await;
        assert_eq!(header(&r, "access-control-allow-origin"), None);
    }

    async fn a_wildcard_origin_is_sent_as_a_wildcard_never_with_credentials(app) with(|s: &mut moderato::config::Settings| {
        s.server.allowed_origins = vec!["*".into()];
    }) {
        let r = preflight(&app, "/api/v1/comments", "https://any.example", "POST").await;
        assert_eq!(header(&r, "access-control-allow-origin"), Some("*"));
        assert_eq!(header(&r, "access-control-allow-credentials"), None);
    }

    async fn every_html_response_carries_security_headers(app) {
        let mut pages = vec![
            app.get("/moderation").await,
            app.get("/moderate/not-a-valid-token").await,
        ];
        let login = app.client.post(app.url("/moderation/login")).form(&[("token", "wrong")]).send().await.unwrap();
        pages.push(login);
        for page in pages {
            let ct = header(&page, "content-type").unwrap_or_default().to_owned();
            assert!(ct.starts_with("text/html"), "{ct}");
            let csp = header(&page, "content-security-policy").expect("a CSP");
            assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{csp}");
            assert_eq!(header(&page, "x-frame-options"), Some("DENY"));
            assert_eq!(header(&page, "x-content-type-options"), Some("nosniff"));
            assert!(header(&page, "referrer-policy").is_some());
        }
        // JSON answers are never sniffed into HTML either.
        let json = app.get("/api/v1/posts/post-1/comments").await;
        assert_eq!(header(&json, "x-content-type-options"), Some("nosniff"));
    }

    async fn comment_text_is_stored_verbatim_and_served_as_plain_json(app) {
        let body = "Careful: 1 < 2 && <script>alert('x')</script> \"quoted\" & done";
        let mut c = clean_comment("post-1");
        c["body"] = json!(body);
        c["author_name"] = json!("<b>Ana</b>");
        let created = app.submit(&c).await;
        let id = created["id"].as_str().unwrap().to_owned();
        if created["status"] != "approved" {
            let token = app.add_moderator("alice");
            let r = app.mod_send(Method::POST, &format!("/api/v1/moderation/comments/{id}/decision"), &token, &json!({"action": "approve", "version": 1})).await;
            assert_eq!(r.status(), 200);
        }
        assert_eq!(app.stored_comment(&id).await.body, body);
        let listed = app.get("/api/v1/posts/post-1/comments").await;
        assert!(header(&listed, "content-type").unwrap().starts_with("application/json"));
        let listed: serde_json::Value = listed.json().await.unwrap();
        assert_eq!(listed["items"][0]["body"], body);
        assert_eq!(listed["items"][0]["author_name"], "<b>Ana</b>");
    }

    async fn a_form_post_never_redirects_to_an_origin_that_is_not_allowed(app) {
        let response = app
            .client
            .post(app.url("/api/v1/comments"))
            .form(&[
                ("post_id", "post-1"),
                ("post_url", "https://evil.example/phish"),
                ("author_name", "Ana"),
                ("body", "Lovely write-up"),
            ])
            .send()
            .await
            .unwrap();
        assert!(response.headers().get("location").is_none());
        let problem = assert_problem(response, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], "post_url");
        assert_eq!(app.comment_count().await, 0);
    }
}
