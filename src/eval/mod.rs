//! `moderato eval`: runs the serving scorer over a labelled dataset and
//! reports how its three-way decisions compare with the labels.

use std::path::Path;

use anyhow::Context;
use chrono::Utc;

use crate::domain::scoring::learned::LearnedModel;
use crate::domain::scoring::{Pipeline, ScoringContext};
use crate::domain::{Decision, NewComment, SubmissionInput};

mod render;
mod report;

pub use render::render;
use render::render_miss;
pub use report::{Miss, Prf, Report};

/// Supported dataset layouts (see `../shared/data/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// YouTube Spam Collection: `CONTENT`, `AUTHOR`, `CLASS` (1 = spam).
    Youtube,
    /// Davidson et al. tweets: `tweet`, `class` (0 hate, 1 offensive = positive).
    Davidson,
    /// Jigsaw / Civil Comments: `comment_text`, `target` (≥ 0.5 = toxic).
    Jigsaw,
}

impl Format {
    /// Which score the labels are about.
    fn is_spam(self) -> bool {
        self == Self::Youtube
    }
}

/// One labelled comment.
#[derive(Debug, Clone)]
pub struct Example {
    pub author: String,
    pub text: String,
    pub positive: bool,
}

/// Reads a dataset file.
pub fn load(path: &Path, format: Format) -> anyhow::Result<Vec<Example>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("could not open {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{} has no column {name}", path.display()))
    };
    let (text, label, author) = match format {
        Format::Youtube => (
            column("CONTENT")?,
            column("CLASS")?,
            Some(column("AUTHOR")?),
        ),
        Format::Davidson => (column("tweet")?, column("class")?, None),
        Format::Jigsaw => (column("comment_text")?, column("target")?, None),
    };
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        let raw_label = record.get(label).unwrap_or_default().trim();
        let positive = match format {
            Format::Youtube => raw_label == "1",
            Format::Davidson => matches!(raw_label, "0" | "1"),
            Format::Jigsaw => raw_label.parse::<f64>().is_ok_and(|t| t >= 0.5),
        };
        out.push(Example {
            author: author
                .and_then(|a| record.get(a))
                .unwrap_or("reader")
                .to_owned(),
            text: record.get(text).unwrap_or_default().to_owned(),
            positive,
        });
    }
    Ok(out)
}

/// Scores every example with the serving pipeline.
pub fn evaluate(
    pipeline: &Pipeline,
    examples: &[Example],
    format: Format,
    model: Option<&LearnedModel>,
) -> Report {
    let mut report = Report::default();
    let context = ScoringContext::text_only(Utc::now());
    for example in examples {
        let input = SubmissionInput {
            post_id: Some("eval".into()),
            author_name: Some(if example.author.trim().is_empty() {
                "reader".into()
            } else {
                example.author.chars().take(100).collect()
            }),
            body: Some(example.text.clone()),
            ..Default::default()
        };
        let Ok(comment) = NewComment::parse(input) else {
            report.skipped += 1;
            continue;
        };
        let verdict = pipeline.score_with(&comment, &context, model);
        let column = match verdict.decision {
            Decision::Approve => 0,
            Decision::Review => 1,
            Decision::Reject => 2,
        };
        report.matrix[usize::from(example.positive)][column] += 1;
        let score = if format.is_spam() {
            verdict.spam
        } else {
            verdict.toxicity
        };
        report.scores.push((score, example.positive));
        if example.positive == (verdict.decision == Decision::Approve) {
            report.misses.push(Miss {
                positive: example.positive,
                decision: verdict.decision,
                score,
                rules: verdict.reasons.iter().map(|r| r.rule.clone()).collect(),
                text: example.text.clone(),
            });
        }
    }
    report
}

/// `moderato eval --dataset FILE --format F`.
/// Trains a model on the even-numbered examples and evaluates the odd ones,
/// with the rules alone and with the model: `(rules, learned)`.
pub fn holdout(pipeline: &Pipeline, examples: Vec<Example>, format: Format) -> (Report, Report) {
    let mut train = Vec::new();
    let mut test = Vec::new();
    for (i, example) in examples.into_iter().enumerate() {
        if i % 2 == 0 {
            train.push(example);
        } else {
            test.push(example);
        }
    }
    let mut model = LearnedModel::default();
    for lesson in crate::training::lessons_from(&train, format) {
        model.apply(&lesson);
    }
    (
        evaluate(pipeline, &test, format, None),
        evaluate(pipeline, &test, format, Some(&model)),
    )
}

/// `moderato eval --holdout`: a model measured on text it never saw.
pub fn run_holdout(
    settings: &crate::config::Settings,
    datasets: &[std::path::PathBuf],
    format: Format,
) -> anyhow::Result<String> {
    let pipeline = crate::startup::build_pipeline(settings)?;
    let mut out = String::new();
    for path in datasets {
        let (rules, learned) = holdout(&pipeline, load(path, format)?, format);
        out.push_str(
            "learned model trained on the even rows; both runs evaluated on the odd rows\n",
        );
        out.push_str(&render(
            &rules,
            format,
            &format!("{} (odd rows, rules alone)", path.display()),
        ));
        out.push('\n');
        out.push_str(&render(
            &learned,
            format,
            &format!("{} (odd rows, with the learned model)", path.display()),
        ));
        out.push('\n');
    }
    Ok(out)
}

pub fn run(
    settings: &crate::config::Settings,
    datasets: &[std::path::PathBuf],
    format: Format,
    train: &[std::path::PathBuf],
    show_misses: usize,
) -> anyhow::Result<String> {
    let pipeline = crate::startup::build_pipeline(settings)?;
    let model = if train.is_empty() {
        None
    } else {
        Some(crate::training::in_memory(train, format)?)
    };
    let mut out = String::new();
    if !train.is_empty() {
        let names: Vec<String> = train.iter().map(|p| p.display().to_string()).collect();
        out.push_str(&format!(
            "learned model trained on: {}\n\n",
            names.join(", ")
        ));
    }
    let mut together = Report::default();
    for path in datasets {
        let examples = load(path, format)?;
        let report = evaluate(&pipeline, &examples, format, model.as_ref());
        out.push_str(&render(&report, format, &path.display().to_string()));
        out.push('\n');
        for miss in report.misses.iter().take(show_misses) {
            out.push_str(&render_miss(miss, format));
        }
        together.absorb(report);
    }
    if datasets.len() > 1 {
        let name = format!("all {} files together", datasets.len());
        out.push_str(&render(&together, format, &name));
    }
    Ok(out)
}
