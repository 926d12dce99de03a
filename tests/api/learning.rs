//! The model that learns from moderators: decisions through the API change
//! how similar comments score, the learning survives a restart, replicas
//! share it, and `moderato train` builds it from history or a dataset.

use std::time::Duration;

use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{clean_comment, fixture, spawn_app, Backend, TestApp};

const PROMO: [&str; 6] = [
    "Grab the new grindstone energy drink at the corner shop, grindstone rocks",
    "grindstone energy drink: best taste, buy grindstone today",
    "Try grindstone energy, the drink that keeps gamers awake",
    "Who else drinks grindstone energy while reading? grindstone forever",
    "grindstone energy drink giveaway this week, get grindstone",
    "I only trust grindstone energy drink, grindstone is the best",
];

const FINE: [&str; 6] = [
    "The section on port inspections matched what my uncle saw as a customs officer.",
    "Good reporting on the extradition hearings, thank you.",
    "I wonder how the new border scanners change the smuggling routes.",
    "The map of the trafficking corridors was really clear.",
    "Could you follow up on the money laundering investigation next month?",
    "This explains the sentencing guidelines better than the court summary did.",
];

async fn score(app: &TestApp, body: &str) -> Value {
    app.post_json(
        "/api/v1/score",
        &json!({"post_id": "p", "author_name": "Reader", "body": body}),
    )
    .await
    .json()
    .await
    .unwrap()
}

fn learned(verdict: &Value) -> Option<Value> {
    verdict["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "learned_model")
        .cloned()
}

/// Submits each text and has a moderator decide `action` on it.
async fn teach(app: &TestApp, token: &str, texts: &[&str], action: &str) {
    for text in texts {
        let mut c = clean_comment("p");
        c.as_object_mut().unwrap().remove("author_email");
        c["body"] = json!(text);
        let id = app.submit(&c).await["id"].as_str().unwrap().to_owned();
        let response = app.decide(token, &id, action, 1).await;
        assert_eq!(response.status(), 200, "{text}");
    }
}

const PROBE: &str = "grindstone energy drink is on sale, get some grindstone";

backend_tests! {
    async fn spam_decisions_raise_the_score_of_similar_comments(app) with(|s: &mut moderato::config::Settings| s.learning.ramp_examples = 12) {
        let before = score(&app, PROBE).await;
        assert!(learned(&before).is_none(), "cold start is rules only: {before}");
        let token = app.add_moderator("alice");
        teach(&app, &token, &PROMO, "spam").await;
        teach(&app, &token, &FINE, "ham").await;

        let after = score(&app, PROBE).await;
        let reason = learned(&after).expect("the learned model speaks after training");
        assert_eq!(reason["category"], "spam");
        assert!(reason["weight"].as_f64().unwrap() > 0.8, "{reason}");
        assert!(reason["evidence"].as_str().unwrap().contains("grindstone"), "top words: {reason}");
        // Twelve examples reach the configured ramp: the model has its full share.
        assert!(reason["evidence"].as_str().unwrap().contains("weight 70%"), "{reason}");
        assert!(after["spam"].as_f64().unwrap() >= 0.5, "{before} -> {after}");
        assert_eq!(after["decision"], "review");

        let fine = score(&app, "The customs officers described the inspections clearly.").await;
        assert!(learned(&fine).unwrap()["weight"].as_f64().unwrap() < 0.5, "{fine}");
    }

    async fn learning_survives_a_restart_and_reaches_other_replicas(app) with(|s: &mut moderato::config::Settings| s.learning.refresh_seconds = 1) {
        let url = app.db_url.clone();
        let replica = spawn_app(Backend::Sqlite, |s| {
            s.database.url = url.clone().into();
            s.learning.refresh_seconds = 1;
        })
        .await
        .unwrap();
        let token = app.add_moderator("alice");
        teach(&app, &token, &PROMO, "spam").await;
        teach(&app, &token, &FINE, "ham").await;

        // The other replica reloads the shared counts.
        let mut seen = None;
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            seen = learned(&score(&replica, PROBE).await);
            if seen.is_some() {
                break;
            }
        }
        assert!(seen.is_some(), "the replica never learned");

        // A fresh process on the same database starts with what was learned.
        let url = app.db_url.clone();
        let restarted = spawn_app(Backend::Sqlite, |s| s.database.url = url.clone().into()).await.unwrap();
        let reason = learned(&score(&restarted, PROBE).await).expect("learning survives a restart");
        assert!(reason["weight"].as_f64().unwrap() > 0.8);
    }

    async fn train_from_history_rebuilds_the_model_from_decisions(app) {
        let token = app.add_moderator("alice");
        teach(&app, &token, &PROMO, "spam").await;
        teach(&app, &token, &FINE, "approve").await;
        let output = app.cli(&["train", "--from-history"]);
        assert!(output.status.success(), "{output:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("12 comment(s)"), "{output:?}");
        let model = moderato::storage::model::load(&app.db).await.unwrap();
        assert_eq!((model.spam.pos_docs, model.spam.neg_docs), (6, 6));
        assert_eq!((model.toxicity.pos_docs, model.toxicity.neg_docs), (0, 6));
    }

    async fn a_reversed_decision_replaces_what_the_first_one_taught(app) {
        let token = app.add_moderator("alice");
        let mut c = clean_comment("p");
        c["body"] = json!(PROMO[0]);
        let id = app.submit(&c).await["id"].as_str().unwrap().to_owned();
        assert_eq!(app.decide(&token, &id, "approve", 1).await.status(), 200);
        let approved = moderato::storage::model::load(&app.db).await.unwrap();
        assert_eq!((approved.spam.pos_docs, approved.spam.neg_docs), (0, 1));
        assert_eq!(approved.toxicity.neg_docs, 1);

        // Approved by mistake, then marked spam: it counts once, as spam.
        assert_eq!(app.decide(&token, &id, "spam", 2).await.status(), 200);
        let reversed = moderato::storage::model::load(&app.db).await.unwrap();
        assert_eq!((reversed.spam.pos_docs, reversed.spam.neg_docs), (1, 0));
        assert_eq!((reversed.toxicity.pos_docs, reversed.toxicity.neg_docs), (0, 0));
        assert!(reversed.spam.features.values().all(|c| c.neg == 0 && c.pos >= 0));

        // The same decision twice teaches it once.
        assert_eq!(app.decide(&token, &id, "spam", 3).await.status(), 200);
        let repeated = moderato::storage::model::load(&app.db).await.unwrap();
        assert_eq!(repeated, reversed);

        // Exactly what a rebuild from the decisions gives.
        let output = app.cli(&["train", "--from-history"]);
        assert!(output.status.success(), "{output:?}");
        assert_eq!(moderato::storage::model::load(&app.db).await.unwrap(), reversed);
    }

    async fn train_from_a_dataset_adds_its_examples(app) {
        let file = fixture("eval_youtube.csv");
        let output = app.cli(&["train", "--dataset", file.to_str().unwrap(), "--format", "youtube"]);
        assert!(output.status.success(), "{output:?}");
        let model = moderato::storage::model::load(&app.db).await.unwrap();
        // Nine rows, one of them empty.
        assert_eq!((model.spam.pos_docs, model.spam.neg_docs), (4, 4));
        let bad = app.cli(&["train", "--dataset", file.to_str().unwrap()]);
        assert!(!bad.status.success());
    }
}
