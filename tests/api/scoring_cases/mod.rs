//! Hand-written comments with the decision each should get, through the
//! public `/api/v1/score` dry run. They cover on-topic discussion of violence
//! and drugs (which must be approved), heated but civil disagreement, each
//! spam family, and each toxicity sub-category with and without obfuscation.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend};

mod discussion;
mod spam;

/// (expected, author name, body)
type Case = (Expect, &'static str, &'static str);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expect {
    Approve,
    Review,
    Reject,
    /// Review or reject: held either way.
    Held,
}

use Expect::*;

fn cases() -> impl Iterator<Item = &'static Case> {
    discussion::CASES.iter().chain(spam::CASES)
}

async fn decision_of(app: &crate::helpers::TestApp, author: &str, body: &str) -> Value {
    let response = app
        .post_json(
            "/api/v1/score",
            &json!({"post_id": "p", "author_name": author, "body": body}),
        )
        .await;
    assert_eq!(response.status(), 200, "{body}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn hand_written_comments_get_their_expected_decisions() {
    let app = spawn_app(Backend::Sqlite, |_| {}).await.unwrap();
    assert!(cases().count() >= 60);
    let mut wrong = Vec::new();
    for (expected, author, body) in cases() {
        let verdict = decision_of(&app, author, body).await;
        let decision = verdict["decision"].as_str().unwrap().to_owned();
        let ok = match expected {
            Approve => decision == "approve",
            Review => decision == "review",
            Reject => decision == "reject",
            Held => decision != "approve",
        };
        if !ok {
            let rules: Vec<_> = verdict["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["rule"].as_str().unwrap().to_owned())
                .collect();
            wrong.push(format!("{expected:?} but {decision} {rules:?}: {body}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        cases().count(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn every_held_comment_says_why() {
    let app = spawn_app(Backend::Sqlite, |_| {}).await.unwrap();
    for (expected, author, body) in cases().filter(|c| c.0 != Approve) {
        let verdict = decision_of(&app, author, body).await;
        let reasons = verdict["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty(), "{expected:?} without reasons: {body}");
        for reason in reasons {
            assert!(!reason["evidence"].as_str().unwrap().is_empty(), "{body}");
        }
    }
}
