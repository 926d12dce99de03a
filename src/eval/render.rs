//! How `moderato eval` prints a report and the comments it misjudged.

use super::{Format, Miss, Report};

/// The printed report.
pub fn render(report: &Report, format: Format, dataset: &str) -> String {
    let (pos, neg) = if format.is_spam() {
        ("spam", "ham")
    } else {
        ("toxic", "ok")
    };
    let m = &report.matrix;
    let held = report.held();
    let rejected = report.rejected();
    format!(
        "dataset: {dataset} ({format:?})\n\
         examples: {} ({} {pos}, {} {neg}), skipped {}\n\n\
         label \\ decision   approve   review   reject\n\
         {neg:<18} {:>8} {:>8} {:>8}\n\
         {pos:<18} {:>8} {:>8} {:>8}\n\n\
         not approved  precision {:.3}  recall {:.3}  F1 {:.3}\n\
         rejected      precision {:.3}  recall {:.3}  F1 {:.3}\n\
         ROC AUC ({} score) {:.3}\n\
         false-reject rate ({neg} rejected) {:.3}\n\
         {neg} sent to review {:.3}\n\
         review share (all) {:.3}\n",
        report.positives() + report.negatives(),
        report.positives(),
        report.negatives(),
        report.skipped,
        m[0][0],
        m[0][1],
        m[0][2],
        m[1][0],
        m[1][1],
        m[1][2],
        held.precision,
        held.recall,
        held.f1,
        rejected.precision,
        rejected.recall,
        rejected.f1,
        if format.is_spam() { "spam" } else { "toxicity" },
        report.roc_auc(),
        report.false_reject_rate(),
        report.legit_review_rate(),
        report.review_share(),
    )
}

/// One misjudged comment on one line, its text cut to 200 characters.
pub(super) fn render_miss(miss: &Miss, format: Format) -> String {
    let label = match (miss.positive, format.is_spam()) {
        (true, true) => "spam",
        (false, true) => "ham",
        (true, false) => "toxic",
        (false, false) => "ok",
    };
    let text: String = miss
        .text
        .chars()
        .take(200)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "miss: {label} {:?} {:.2} [{}] {text}\n",
        miss.decision,
        miss.score,
        miss.rules.join(",")
    )
}
