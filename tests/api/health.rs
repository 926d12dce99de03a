//! Liveness, readiness and request ids.

use crate::backend_tests;
use crate::helpers::assert_problem;

backend_tests! {
    async fn healthz_answers_while_the_process_runs(app) {
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.json::<serde_json::Value>().await.unwrap()["status"], "ok");
    }

    async fn readyz_fails_when_the_database_is_gone(app) {
        assert_eq!(app.get("/readyz").await.status(), 200);
        app.kill_database().await;
        let response = app.get("/readyz").await;
        assert!(response.headers().contains_key("retry-after"));
        assert_problem(response, 503, "not_ready").await;
        // Liveness is about the process, not its dependencies.
        assert_eq!(app.get("/healthz").await.status(), 200);
    }

    async fn a_submission_while_the_database_is_gone_is_a_503_not_a_500(app) {
        if !app.kill_database().await {
            return;
        }
        let response = app.post_comment(&crate::helpers::clean_comment("p")).await;
        assert_problem(response, 503, "service_unavailable").await;
    }

    async fn every_response_carries_a_request_id(app) {
        let response = app.get("/healthz").await;
        let generated = response.headers()["x-request-id"].to_str().unwrap();
        assert!(uuid::Uuid::parse_str(generated).is_ok());

        let response = app.client.get(app.url("/nope")).header("x-request-id", "edge-42").send().await.unwrap();
        assert_eq!(response.headers()["x-request-id"], "edge-42");
        let response = app.client.get(app.url("/healthz")).header("x-request-id", "bad id\twith tab").send().await.unwrap();
        assert_ne!(response.headers()["x-request-id"], "bad id\twith tab");
    }
}
