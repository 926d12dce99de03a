//! Scores each line of standard input with the serving rules (no learned
//! model, no history) and prints the decision with every rule's evidence,
//! for looking into why a comment is held or approved:
//!
//! ```sh
//! echo 'these idiots again' | cargo run --release --example explain
//! ```

use std::io::BufRead;
use std::path::Path;

use chrono::Utc;
use moderato::config::Settings;
use moderato::domain::scoring::ScoringContext;
use moderato::domain::{NewComment, SubmissionInput};
use moderato::startup::build_pipeline;

fn main() {
    let settings = Settings::load_from(Path::new("config")).expect("config loads");
    let pipeline = build_pipeline(&settings).expect("pipeline builds");
    let context = ScoringContext::text_only(Utc::now());
    for line in std::io::stdin().lock().lines() {
        let body = line.expect("standard input is text");
        let Ok(comment) = NewComment::parse(SubmissionInput {
            post_id: Some("explain".into()),
            author_name: Some("Reader".into()),
            body: Some(body.clone()),
            ..Default::default()
        }) else {
            println!("invalid: {body}");
            continue;
        };
        let verdict = pipeline.score(&comment, &context);
        println!(
            "{:?} spam {:.2} toxicity {:.2}: {body}",
            verdict.decision, verdict.spam, verdict.toxicity
        );
        for reason in &verdict.reasons {
            println!(
                "    {} {:.2}: {}",
                reason.rule, reason.weight, reason.evidence
            );
        }
    }
}
