//! Scores the criterion bench's 1 KB comment N times, for instruction counts
//! that do not depend on how busy the machine is:
//!
//! ```sh
//! cargo build --release --example score_loop
//! for n in 1 201; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     --toggle-collect='moderato::domain::scoring::Pipeline::score_with' \
//!     target/release/examples/score_loop $n 2>&1 | grep Collected
//! done
//! ```
//!
//! The difference between the two totals, divided by 200, is what one score
//! costs; the first score also compiles the rules' regexes, once.

use std::hint::black_box;
use std::path::Path;

use chrono::Utc;
use moderato::config::Settings;
use moderato::domain::scoring::ScoringContext;
use moderato::domain::{NewComment, SubmissionInput};
use moderato::startup::build_pipeline;

#[path = "../benches/support/sample.rs"]
mod sample;

fn main() {
    let body = sample::comment_1kb();
    let settings = Settings::load_from(Path::new("config")).expect("config loads");
    let pipeline = build_pipeline(&settings).expect("pipeline builds");
    let comment = NewComment::parse(SubmissionInput {
        post_id: Some("bench".into()),
        author_name: Some("Reader".into()),
        author_url: Some("https://reader.example".into()),
        body: Some(body),
        ..Default::default()
    })
    .expect("a valid comment");
    let context = ScoringContext::text_only(Utc::now());
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    for _ in 0..n {
        black_box(pipeline.score(black_box(&comment), &context));
    }
}
