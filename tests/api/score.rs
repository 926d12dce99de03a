//! The scoring dry run.

use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment, error_fields};

backend_tests! {
    async fn a_dry_run_scores_and_stores_nothing(app) {
        let mut spam = clean_comment("post-1");
        spam["body"] = json!("offers http://a.example http://b.example http://c.example http://d.example http://e.example");
        let response = app.post_json("/api/v1/score", &spam).await;
        assert_eq!(response.status(), 200);
        let verdict: serde_json::Value = response.json().await.unwrap();
        assert_eq!(verdict["decision"], "review");
        assert_eq!(verdict["toxicity"], 0.0);
        let spam_score = verdict["spam"].as_f64().unwrap();
        assert!((0.5..0.9).contains(&spam_score));
        let reason = &verdict["reasons"][0];
        assert_eq!(reason["rule"], "link_count");
        assert_eq!(reason["category"], "spam");
        assert!(reason["weight"].as_f64().unwrap() > 0.0);
        assert!(reason["evidence"].as_str().unwrap().contains("5 links"));

        assert_eq!(app.comment_count().await, 0);
        assert_eq!(app.list("post-1", "").await["items"], json!([]));
    }

    async fn a_clean_dry_run_is_approved_without_reasons(app) {
        let verdict: serde_json::Value = app.post_json("/api/v1/score", &clean_comment("p")).await.json().await.unwrap();
        assert_eq!(verdict, json!({"decision": "approve", "spam": 0.0, "toxicity": 0.0, "reasons": []}));
    }

    async fn a_blocklisted_word_scores_toxicity_even_when_disguised(app) with(|s: &mut moderato::config::Settings| {
        s.scoring.blocklist_words_file = crate::helpers::fixture("blocklist_words.txt");
    }) {
        let mut rude = clean_comment("p");
        // Fullwidth letters and a zero-width space are normalised away.
        rude["body"] = json!("what a ｆｒｏｂ\u{200B}ｎｉｃａｔｉｎｇ mess");
        let verdict: serde_json::Value = app.post_json("/api/v1/score", &rude).await.json().await.unwrap();
        assert_eq!(verdict["reasons"][0]["rule"], "blocklisted_word");
        assert_eq!(verdict["reasons"][0]["category"], "toxicity");
        assert_eq!(verdict["decision"], "review");
    }

    async fn a_blocklisted_word_inside_a_longer_word_does_not_count(app) with(|s: &mut moderato::config::Settings| {
        s.scoring.blocklist_words_file = crate::helpers::fixture("blocklist_words.txt");
    }) {
        let mut fine = clean_comment("p");
        fine["body"] = json!("The Scunthorpe test: frobnicatingly long words and unfrobnicating ones are not the listed word.");
        let verdict: serde_json::Value = app.post_json("/api/v1/score", &fine).await.json().await.unwrap();
        assert_eq!(verdict["decision"], "approve");
    }

    async fn a_dry_run_validates_like_a_submission(app) {
        let response = app.post_json("/api/v1/score", &json!({"post_id": "p"})).await;
        let problem = assert_problem(response, 422, "validation_failed").await;
        assert_eq!(error_fields(&problem), ["author_name", "body"]);
    }
}
