//! Scoring cost: a 1 KB comment through every rule (and a trained learned
//! model), against a bare `RegexSet::is_match` pass over the same text as
//! the floor. Run: `cargo bench --bench scoring`.

use std::hint::black_box;
use std::path::Path;

use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};
use moderato::config::Settings;
use moderato::domain::normalize::NormalizedText;
use moderato::domain::scoring::learned::{LearnedModel, Lesson};
use moderato::domain::scoring::{Category, ScoringContext};
use moderato::domain::{NewComment, SubmissionInput};
use moderato::startup::build_pipeline;
use regex::RegexSet;

#[path = "support/sample.rs"]
mod sample;

fn bench(c: &mut Criterion) {
    let settings = Settings::load_from(Path::new("config")).expect("config loads");
    let pipeline = build_pipeline(&settings).expect("pipeline builds");
    let body = sample::comment_1kb();
    let comment = NewComment::parse(SubmissionInput {
        post_id: Some("bench".into()),
        author_name: Some("Reader".into()),
        author_url: Some("https://reader.example".into()),
        body: Some(body.clone()),
        ..Default::default()
    })
    .expect("a valid comment");
    let context = ScoringContext::text_only(Utc::now());
    let mut model = LearnedModel::default();
    for i in 0..300 {
        let text = format!(
            "{} sample {i}",
            if i % 2 == 0 {
                "buy cheap pills now"
            } else {
                "thoughtful reporting on customs"
            }
        );
        model.apply(&Lesson::new(Category::Spam, i % 2 == 0, &text));
        model.apply(&Lesson::new(Category::Toxicity, i % 3 == 0, &text));
    }
    let floor = RegexSet::new([
        r"(?i)\bhttps?://",
        r"(?i)\bcasino\b",
        r"(?i)\bviagra\b",
        r"\d{3}[ -]\d{4}",
    ])
    .expect("patterns compile");

    let mut group = c.benchmark_group("scoring_1kb");
    group.bench_function("regexset_is_match", |b| {
        b.iter(|| floor.is_match(black_box(&body)))
    });
    group.bench_function("normalize", |b| {
        b.iter(|| NormalizedText::new(black_box(&body)))
    });
    group.bench_function("pipeline_rules", |b| {
        b.iter(|| pipeline.score(black_box(&comment), &context))
    });
    group.bench_function("pipeline_rules_and_model", |b| {
        b.iter(|| pipeline.score_with(black_box(&comment), &context, Some(&model)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
