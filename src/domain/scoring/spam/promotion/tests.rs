//! Tests of the promotion rules on single sentences.
use super::{CallToAction, CreatorPitch, EngagementBait, PromotionWords};
use crate::domain::normalize::NormalizedText;
use crate::domain::scoring::links;
use crate::domain::scoring::ScoringContext;
use crate::domain::scoring::{Reason, Rule, RuleInput};
use crate::domain::{NewComment, SubmissionInput};

fn words() -> std::sync::Arc<PromotionWords> {
    let list = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
    std::sync::Arc::new(PromotionWords::new([
        &list("check,subscribe,sub,follow,watch,like,visit,see,go,suscribirse"),
        &list("channel,video,song,playlist,music,beats,page,canal"),
        &list("youtube,instagram"),
        &list("rapper,band,singer,youtuber"),
        &list("comment,reply"),
    ]))
}

fn rules() -> Vec<Box<dyn Rule>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let weights = crate::config::Settings::load_from(&dir)
        .expect("the default config loads")
        .scoring
        .weights;
    vec![
        Box::new(CallToAction {
            words: words(),
            weights,
        }),
        Box::new(EngagementBait { weight: 0.5 }),
        Box::new(CreatorPitch {
            words: words(),
            weight: 0.45,
        }),
    ]
}

fn weights_of(body: &str) -> Vec<(String, f64)> {
    reasons(body)
        .into_iter()
        .map(|r| (r.rule, r.weight))
        .collect()
}

/// Asserts that none of the promotion rules fires on any of `bodies`.
fn assert_quiet(bodies: &[&str]) {
    for body in bodies {
        assert!(hits(body).is_empty(), "{body}: {:?}", hits(body));
    }
}

fn hits(body: &str) -> Vec<String> {
    reasons(body).into_iter().map(|r| r.rule).collect()
}

fn reasons(body: &str) -> Vec<Reason> {
    let comment = NewComment::parse(SubmissionInput {
        post_id: Some("p".into()),
        author_name: Some("a".into()),
        body: Some(body.into()),
        ..Default::default()
    })
    .expect("valid comment");
    let text = NormalizedText::new(body);
    let author = NormalizedText::new("a");
    let links = links::extract(body);
    let context = ScoringContext::text_only(chrono::Utc::now());
    let input = RuleInput {
        comment: &comment,
        text: &text,
        author: &author,
        links: &links,
        context: &context,
    };
    let mut out = Vec::new();
    for rule in rules() {
        rule.check(&input, &mut out);
    }
    out
}

#[test]
fn a_platform_or_the_writers_own_things_weigh_more_than_a_thing() {
    let own = weights_of("Check out this playlist on YouTube:");
    let thing = weights_of("Check out this playlist");
    assert_eq!(own.len(), 1);
    assert!(own[0].1 > thing[0].1, "{own:?} {thing:?}");
}

#[test]
fn a_request_aimed_at_the_writers_own_things_is_a_call_to_action() {
    for body in [
        "Hey guys, please check out my new music video!",
        "Go subscribe to our channel",
        "Follow me on Instagram",
        "subscribe please",
        "Check out this playlist on YouTube:",
        "Visit this: https://spam.example/x",
    ] {
        assert_eq!(hits(body), ["call_to_action"], "{body}");
    }
}

#[test]
fn ordinary_uses_of_the_same_verbs_are_not() {
    assert_quiet(&[
        "I like this song a lot",
        "I watch my kids play this game every day",
        "See my point above: the policy failed.",
        "Check the numbers in the second table, they don't add up.",
        "Perhaps you should watch the video of the press conference.",
        "Watching him glitch in the debate https://video.example/x was odd",
        "For the full ruling see https://court.example/ruling.pdf",
        "Who I choose to share coffee with is my own private business.",
        "I subscribe to the view that the cartel is weaker now.",
        "Follow the money and you'll find the officials involved.",
    ]);
}

#[test]
fn likes_fished_for_are_engagement_bait() {
    assert_eq!(hits("Like this comment if you agree"), ["engagement_bait"]);
    assert_eq!(hits("who's watching in 2015?"), ["engagement_bait"]);
    assert!(hits("I was watching in 2015 when it aired").is_empty());
    // Readers write this about the post too: it weighs too little to hold a
    // comment alone, and tips one that carries another pitch.
    let conditional = weights_of("Thumbs up if you came here from the news");
    assert_eq!(conditional.len(), 1);
    assert!(conditional[0].1 < 0.3, "{conditional:?}");
    assert!(hits("I like it if you explain your sources").is_empty());
}

#[test]
fn trading_votes_and_pleading_for_likes_elsewhere_are_engagement_bait() {
    for body in [
        "Follow 4 Follow",
        "sub4sub anyone?",
        "like for like",
        "it would be nice if you could like this picture on facebook",
        "please like my photo on IG",
    ] {
        assert_eq!(
            weights_of(body),
            [("engagement_bait".to_owned(), 0.5)],
            "{body}"
        );
    }
    assert_quiet(&[
        "I really like this photo of the harbour",
        "the SAS raid was botched",
        "an eye for an eye",
    ]);
}

#[test]
fn subscribe_aimed_at_the_writers_channel_is_a_pitch_wherever_it_stands() {
    for body in [
        "it would be great if you subscribe to my channel",
        "los invito a suscribirse a mi canal",
        "Sucscribe to me!",
        "great song :) check my channel",
    ] {
        assert_eq!(hits(body), ["call_to_action"], "{body}");
    }
    // Not at the start of a clause, other verbs are a report, not a request.
    assert!(hits("yesterday I watched my video on youtube").is_empty());
}

#[test]
fn a_creator_who_shows_two_shapes_of_a_pitch_weighs_more_than_one() {
    let one = weights_of("I'm a new youtuber");
    let two = weights_of("I'm a new rapper and it would mean a lot if you could listen");
    assert_eq!(one, [("creator_pitch".to_owned(), 0.45)]);
    assert_eq!(two.len(), 1);
    assert!((two[0].1 - 0.6).abs() < 1e-9, "{two:?}");
    assert_eq!(hits("this is my new song, enjoy"), ["creator_pitch"]);
    assert_eq!(hits("Please become my first subscriber"), ["creator_pitch"]);
    assert_quiet(&[
        "this is my favorite song",
        "in my view the policy failed",
        "it would mean a lot to the families",
    ]);
}

#[test]
fn a_creator_introducing_themselves_is_a_pitch() {
    assert_eq!(hits("I'm a 16 year old rapper"), ["creator_pitch"]);
    assert_eq!(hits("We are a small band from Ohio"), ["creator_pitch"]);
    assert_eq!(hits("i make beats in my spare time"), ["creator_pitch"]);
    assert_eq!(
        hits("If I reach 100 subscribers I'll do a giveaway"),
        ["creator_pitch"]
    );
    assert!(hits("I'm a teacher and this article helped").is_empty());
    assert!(hits("The channel has 3 million views").is_empty());
}

#[test]
fn a_modal_with_a_subject_other_than_the_reader_asks_nothing() {
    assert_quiet(&[
        "Is this something I could watch on my channel?",
        "They should visit my page some day.",
    ]);
    assert_eq!(hits("You should check out my channel"), ["call_to_action"]);
}

#[test]
fn a_fresh_start_an_audience_needed_and_a_hoped_for_favour_are_pitches() {
    assert_eq!(hits("I just started a channel"), ["creator_pitch"]);
    assert_eq!(hits("I need 100 subscribers by Friday"), ["creator_pitch"]);
    let favour = weights_of("I'm a singer and would love it if you gave my song a listen");
    assert!((favour[0].1 - 0.6).abs() < 1e-9, "{favour:?}");
    assert_quiet(&[
        "I started my channel page in 1998",
        "I'd love it if the council answered",
    ]);
}

#[test]
fn a_request_pointing_at_the_writers_part_of_the_thread_asks_nothing() {
    assert_quiet(&[
        "Check out my last comment on the zoning vote.",
        "check out my reply above",
        "You should subscribe to the newsletter if you want the minutes.",
        "subscribe to their podcast, it's great",
        "I'm sure there is a newsletter to which you could subscribe.",
    ]);
    assert_eq!(hits("check out my new video"), ["call_to_action"]);
    assert_eq!(hits("subscribe to my channel"), ["call_to_action"]);
    assert_eq!(hits("subscribe!! new video every week"), ["call_to_action"]);
}
