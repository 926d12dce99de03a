//! `moderato eval`: runs the serving scorer over a labelled dataset and
//! reports how its three-way decisions compare with the labels.

use std::path::Path;

use anyhow::Context;
use chrono::Utc;

use crate::domain::scoring::learned::LearnedModel;
use crate::domain::scoring::{Pipeline, ScoringContext};
use crate::domain::{Decision, NewComment, SubmissionInput};

mod render;

pub use render::render;
use render::render_miss;

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

/// Counts and scores from one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// `[label][decision]`: label 0 = negative, 1 = positive; decision 0 approve, 1 review, 2 reject.
    pub matrix: [[u64; 3]; 2],
    /// The category score of each example with its label, for ROC AUC.
    scores: Vec<(f64, bool)>,
    pub skipped: u64,
    /// Positives approved and negatives held, in dataset order.
    pub misses: Vec<Miss>,
}

/// A comment the scorer judged against its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub positive: bool,
    pub decision: Decision,
    pub score: f64,
    pub rules: Vec<String>,
    pub text: String,
}

impl Report {
    /// Adds another run's counts, scores and misses to this one: several
    /// files judged as one set ("train on one video, evaluate on the other
    /// two").
    pub fn absorb(&mut self, other: Report) {
        for (mine, theirs) in self.matrix.iter_mut().zip(other.matrix) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
        self.scores.extend(other.scores);
        self.skipped += other.skipped;
        self.misses.extend(other.misses);
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Precision, recall and F1 of a prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn prf(true_pos: u64, predicted: u64, actual: u64) -> Prf {
    let precision = ratio(true_pos, predicted);
    let recall = ratio(true_pos, actual);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Prf {
        precision,
        recall,
        f1,
    }
}

impl Report {
    fn positives(&self) -> u64 {
        self.matrix[1].iter().sum()
    }

    fn negatives(&self) -> u64 {
        self.matrix[0].iter().sum()
    }

    /// "Not approved" (review or reject) as the positive prediction.
    pub fn held(&self) -> Prf {
        let tp = self.matrix[1][1] + self.matrix[1][2];
        prf(
            tp,
            tp + self.matrix[0][1] + self.matrix[0][2],
            self.positives(),
        )
    }

    /// "Rejected" as the positive prediction.
    pub fn rejected(&self) -> Prf {
        prf(
            self.matrix[1][2],
            self.matrix[1][2] + self.matrix[0][2],
            self.positives(),
        )
    }

    /// Legitimate comments rejected, as a share of legitimate comments.
    pub fn false_reject_rate(&self) -> f64 {
        ratio(self.matrix[0][2], self.negatives())
    }

    /// Legitimate comments sent to review, as a share of legitimate comments.
    pub fn legit_review_rate(&self) -> f64 {
        ratio(self.matrix[0][1], self.negatives())
    }

    /// Everything sent to review, as a share of everything.
    pub fn review_share(&self) -> f64 {
        ratio(
            self.matrix[0][1] + self.matrix[1][1],
            self.negatives() + self.positives(),
        )
    }

    /// Area under the ROC curve of the category score (ties count half).
    pub fn roc_auc(&self) -> f64 {
        let mut scored = self.scores.clone();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut rank_sum, mut i) = (0.0, 0);
        while i < scored.len() {
            let mut j = i;
            while j < scored.len() && scored[j].0 == scored[i].0 {
                j += 1;
            }
            let mean_rank = (i + j + 1) as f64 / 2.0;
            rank_sum += scored[i..j].iter().filter(|s| s.1).count() as f64 * mean_rank;
            i = j;
        }
        let (p, n) = (self.positives() as f64, self.negatives() as f64);
        if p == 0.0 || n == 0.0 {
            return 0.0;
        }
        (rank_sum - p * (p + 1.0) / 2.0) / (p * n)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_is_one_for_a_perfect_ranking_and_half_for_ties() {
        let mut r = Report {
            matrix: [[2, 0, 0], [0, 0, 2]],
            scores: vec![(0.1, false), (0.2, false), (0.8, true), (0.9, true)],
            ..Default::default()
        };
        assert_eq!(r.roc_auc(), 1.0);
        r.scores = vec![(0.5, false), (0.5, false), (0.5, true), (0.5, true)];
        assert_eq!(r.roc_auc(), 0.5);
    }

    #[test]
    fn runs_absorbed_into_one_count_as_one_set() {
        let mut a = Report {
            matrix: [[2, 1, 0], [0, 1, 3]],
            scores: vec![(0.1, false), (0.9, true)],
            skipped: 1,
            ..Default::default()
        };
        let b = Report {
            matrix: [[1, 0, 0], [1, 0, 1]],
            scores: vec![(0.2, false)],
            ..Default::default()
        };
        a.absorb(b);
        assert_eq!(a.matrix, [[3, 1, 0], [1, 1, 4]]);
        assert_eq!(a.scores.len(), 3);
        assert_eq!(a.skipped, 1);
    }

    #[test]
    fn precision_and_recall_follow_the_matrix() {
        let r = Report {
            matrix: [[8, 1, 1], [2, 3, 5]],
            ..Default::default()
        };
        assert_eq!(r.held(), prf(8, 10, 10));
        assert_eq!(r.held().recall, 0.8);
        assert_eq!(r.rejected().precision, 5.0 / 6.0);
        assert_eq!(r.false_reject_rate(), 0.1);
    }
}
