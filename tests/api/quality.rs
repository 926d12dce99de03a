//! Bounds on precision and recall over the public labelled sets in
//! `../shared/data/` (see its README), scored by the same pipeline that
//! serves requests. The bounds sit a little under the figures recorded in
//! `docs/quality.md`, so a rule change that makes scoring worse fails here.

use std::path::{Path, PathBuf};

use moderato::domain::scoring::Pipeline;
use moderato::eval::{evaluate, load, Format, Report};
use moderato::startup::build_pipeline;

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    crate::helpers::skip_unless_ci(&format!("a quality test: {} is not there", dir.display()));
    None
}

/// The serving pipeline as `cargo run` would build it.
fn pipeline() -> Pipeline {
    build_pipeline(&crate::helpers::base_settings()).unwrap()
}

fn report(files: &[&str], format: Format) -> Option<Report> {
    let dir = data_dir()?;
    let pipeline = pipeline();
    let mut examples = Vec::new();
    for file in files {
        examples.extend(load(&dir.join(file), format).unwrap());
    }
    Some(evaluate(&pipeline, &examples, format, None))
}

#[test]
fn youtube_spam_is_caught_without_rejecting_legitimate_comments() {
    let Some(r) = report(
        &[
            "youtube-spam/Youtube01-Psy.csv",
            "youtube-spam/Youtube02-KatyPerry.csv",
            "youtube-spam/Youtube03-LMFAO.csv",
        ],
        Format::Youtube,
    ) else {
        return;
    };
    assert!(r.held().precision >= 0.93, "held precision {:?}", r.held());
    assert!(r.held().recall >= 0.91, "held recall {:?}", r.held());
    assert!(
        r.false_reject_rate() <= 0.01,
        "false rejects {}",
        r.false_reject_rate()
    );
    assert!(
        r.legit_review_rate() <= 0.05,
        "legit sent to review {}",
        r.legit_review_rate()
    );
    assert!(r.roc_auc() >= 0.85, "AUC {}", r.roc_auc());
}

/// The scoring issue's protocol: a model trained on one video's comments,
/// judged on the other two videos', whose vocabulary it has not seen.
#[test]
fn a_model_trained_on_one_video_holds_spam_on_the_others() {
    let Some(dir) = data_dir() else {
        return;
    };
    let files = [
        "youtube-spam/Youtube01-Psy.csv",
        "youtube-spam/Youtube02-KatyPerry.csv",
        "youtube-spam/Youtube03-LMFAO.csv",
    ];
    let pipeline = pipeline();
    for train in files {
        let model = moderato::training::in_memory(&[dir.join(train)], Format::Youtube).unwrap();
        let mut others = Report::default();
        for test in files.iter().filter(|f| **f != train) {
            let examples = load(&dir.join(test), Format::Youtube).unwrap();
            let r = evaluate(&pipeline, &examples, Format::Youtube, Some(&model));
            others.absorb(r.clone());
            let pair = format!("trained on {train}, judged on {test}");
            // Each file alone too: the lowest pair is at 0.953 (docs/quality.md).
            assert!(r.held().recall >= 0.95, "{pair}: recall {:?}", r.held());
            assert!(
                r.legit_review_rate() <= 0.10,
                "{pair}: ham to review {}",
                r.legit_review_rate()
            );
            assert!(
                r.false_reject_rate() <= 0.01,
                "{pair}: ham rejected {}",
                r.false_reject_rate()
            );
        }
        // The targets, on the other two videos taken together.
        let held = others.held();
        assert!(held.recall >= 0.95, "trained on {train}: recall {held:?}");
        assert!(others.legit_review_rate() <= 0.10, "trained on {train}");
        assert!(others.false_reject_rate() <= 0.01, "trained on {train}");
    }
}

#[test]
fn offensive_tweets_rank_above_inoffensive_ones() {
    let Some(r) = report(
        &["davidson-hate-offensive/labeled_data.csv"],
        Format::Davidson,
    ) else {
        return;
    };
    assert!(r.roc_auc() >= 0.90, "AUC {}", r.roc_auc());
    assert!(r.held().precision >= 0.95, "held precision {:?}", r.held());
    // Profanity alone is not held, but insults aimed at someone are: about
    // half the offensive tweets call a person or a group names.
    assert!(r.held().recall >= 0.45, "held recall {:?}", r.held());
    assert!(
        r.legit_review_rate() <= 0.08,
        "inoffensive sent to review {}",
        r.legit_review_rate()
    );
    assert!(
        r.false_reject_rate() <= 0.01,
        "false rejects {}",
        r.false_reject_rate()
    );
}

#[test]
fn a_model_learned_on_half_the_offensive_tweets_ranks_the_other_half() {
    let Some(dir) = data_dir() else {
        return;
    };
    let examples = load(
        &dir.join("davidson-hate-offensive/labeled_data.csv"),
        Format::Davidson,
    )
    .unwrap();
    let (rules, learned) = moderato::eval::holdout(&pipeline(), examples, Format::Davidson);
    assert!(
        rules.roc_auc() >= 0.90,
        "rules alone: AUC {}",
        rules.roc_auc()
    );
    assert!(
        learned.roc_auc() >= 0.93,
        "with the model: AUC {}",
        learned.roc_auc()
    );
    assert!(
        learned.held().recall > rules.held().recall,
        "{:?} vs {:?}",
        learned.held(),
        rules.held()
    );
}

#[test]
fn civil_news_comments_are_rarely_held_wrongly_and_insults_in_them_are_held() {
    let Some(r) = report(&["civil-comments/train_sample.csv"], Format::Jigsaw) else {
        return;
    };
    assert!(r.roc_auc() >= 0.79, "AUC {}", r.roc_auc());
    // Most of what raters called toxic here is indirect; what the rules
    // hold should mostly be toxic, and they should hold a fifth of it.
    assert!(r.held().recall >= 0.20, "held recall {:?}", r.held());
    assert!(r.held().precision >= 0.52, "held precision {:?}", r.held());
    assert!(
        r.false_reject_rate() <= 0.005,
        "false rejects {}",
        r.false_reject_rate()
    );
    assert!(
        r.legit_review_rate() <= 0.012,
        "legit sent to review {}",
        r.legit_review_rate()
    );
}

#[test]
fn eval_gives_the_exact_confusion_matrix_on_a_small_fixture() {
    let pipeline = pipeline();
    let examples = load(
        &crate::helpers::fixture("eval_youtube.csv"),
        Format::Youtube,
    )
    .unwrap();
    let r = evaluate(&pipeline, &examples, Format::Youtube, None);
    // Rows: ham, spam; columns: approve, review, reject. The money offer
    // with a link ("earn money from home http://…") and the threat are
    // rejected; "so good" is approved.
    assert_eq!(r.matrix, [[3, 1, 0], [1, 1, 2]]);
    assert_eq!(r.skipped, 1, "the empty comment");
}

#[test]
fn eval_of_several_files_also_reports_them_together() {
    let fixture = crate::helpers::fixture("eval_youtube.csv");
    let out = moderato::eval::run(
        &crate::helpers::base_settings(),
        &[fixture.clone(), fixture],
        Format::Youtube,
        &[],
        0,
    )
    .unwrap();
    let together = out
        .split("dataset: all 2 files together")
        .nth(1)
        .expect("a combined report");
    // Twice the single file's matrix: [[3, 1, 0], [1, 1, 2]].
    assert!(
        together.contains("examples: 16 (8 spam, 8 ham), skipped 2"),
        "{together}"
    );
    assert!(
        together.contains("ham                       6        2        0"),
        "{together}"
    );
    assert!(
        together.contains("spam                      2        2        4"),
        "{together}"
    );
}

/// Spam and reader sentences written for the sixth and eighth revisions of
/// the rules (docs/quality.md), none from the datasets: readers' sentences
/// that use the spam words must all be approved.
#[test]
fn written_probes_hold_most_pitches_and_no_reader_sentence() {
    let examples = load(
        &crate::helpers::fixture("written_probes.csv"),
        Format::Youtube,
    )
    .unwrap();
    let r = evaluate(&pipeline(), &examples, Format::Youtube, None);
    assert_eq!(r.matrix[0], [20, 0, 0], "reader sentences: {:?}", r.misses);
    assert!(r.matrix[1][0] <= 8, "pitches approved: {:?}", r.misses);
}
