//! Schemathesis against the running service: generated requests for every
//! operation in the OpenAPI document, public and moderation, with a bounded
//! number of examples. Any 5xx, any response that does not match the
//! document, or a crash fails the test.

use std::process::Command;

use crate::helpers::{skip_unless_ci, spawn_app, Backend};

fn schemathesis() -> Option<&'static str> {
    let found = Command::new("schemathesis")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        skip_unless_ci(
            "the contract test: schemathesis is not installed (pip install schemathesis)",
        );
        return None;
    }
    Some("schemathesis")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_holds_its_openapi_contract_under_schemathesis() {
    let Some(program) = schemathesis() else {
        return;
    };
    let Some(app) = spawn_app(Backend::Sqlite, |s| {
        // The fuzzer posts from one address far faster than a reader.
        s.limits.per_ip_per_minute = 0;
        s.limits.per_email_per_minute = 0;
    })
    .await
    else {
        return;
    };
    let token = app.add_moderator("fuzzer");
    // Something to find, so the moderation routes get past their 404s.
    app.submit_held("post-1", "A held comment").await;
    let report_dir = tempfile::tempdir().unwrap();

    let address = app.address.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(program)
            .args([
                "run",
                &format!("{address}/api/v1/openapi.json"),
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,\
                 response_headers_conformance,response_schema_conformance",
                "--header",
                &format!("Authorization: Bearer {token}"),
                "--max-examples",
                "40",
                "--seed",
                "20261126",
                "--request-timeout",
                "10",
                "--no-color",
            ])
            .env("SCHEMATHESIS_HOOKS", "")
            .current_dir(report_dir.path())
            .output()
            .expect("schemathesis runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "schemathesis found problems:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("passed"), "{stdout}");
    assert!(!stdout.contains(" 0 generated"), "{stdout}");
}
