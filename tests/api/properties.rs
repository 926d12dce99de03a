//! Property tests over arbitrary Unicode: normalisation never panics and
//! leaves no invisible or upper-case letters; scoring never panics, stays in
//! range and is deterministic.

use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use moderato::domain::normalize::NormalizedText;
use moderato::domain::scoring::{Pipeline, ScoringContext};
use moderato::domain::{NewComment, RequestMeta, SubmissionInput};
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        moderato::startup::build_pipeline(&crate::helpers::base_settings()).unwrap()
    })
}

/// Text that leans on what the normaliser handles: leet, masks, spacing,
/// look-alikes, zero-width and combining marks, entities and markup.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 @$!*#_.,]{0,20}",
        Just("\u{200B}".to_owned()),
        Just("\u{0301}".to_owned()),
        Just("ѕ".to_owned()),
        Just("ＦＵＣＫ".to_owned()),
        Just("f u c k".to_owned()),
        Just("&amp;&#x41;&bogus;".to_owned()),
        Just("<a href=\"http://x.example\">x</a>".to_owned()),
        Just("http://bit.ly/x".to_owned()),
        Just("😀😀😀".to_owned()),
        Just("stuuuuuupid".to_owned()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|parts| parts.concat())
}

fn context() -> ScoringContext {
    ScoringContext {
        now: Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap(),
        meta: RequestMeta {
            client_ip: None,
            user_agent: None,
            referer: None,
        },
        facts: Default::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn normalising_any_text_never_panics_and_leaves_no_invisible_or_upper_case_letters(text in tricky_text()) {
        let normal = NormalizedText::new(&text);
        let out = normal.as_str();
        prop_assert!(!out.contains('\u{200B}'), "zero-width space left in {out:?}");
        prop_assert!(!out.chars().any(|c| c.is_ascii_uppercase()), "{out:?}");
        prop_assert!(normal.tokens().iter().all(|t| !t.is_empty()));
    }

    #[test]
    fn scoring_any_comment_never_panics_stays_in_range_and_is_deterministic(
        body in tricky_text(),
        name in tricky_text(),
        url in prop::option::of("https?://[a-z]{1,10}\\.example/[a-z]{0,5}"),
    ) {
        let input = SubmissionInput {
            post_id: Some("post-1".into()),
            author_name: Some(name),
            author_url: url,
            body: Some(body),
            ..Default::default()
        };
        // Invalid input is refused field by field; valid input is scored.
        let Ok(comment) = NewComment::parse(input) else { return Ok(()) };
        let context = context();
        let first = pipeline().score(&comment, &context);
        let second = pipeline().score(&comment, &context);
        prop_assert_eq!(&first, &second);
        prop_assert!((0.0..=1.0).contains(&first.spam), "spam {}", first.spam);
        prop_assert!((0.0..=1.0).contains(&first.toxicity), "toxicity {}", first.toxicity);
        prop_assert!(first.reasons.iter().all(|r| !r.rule.is_empty() && r.weight.is_finite()));
    }
}
