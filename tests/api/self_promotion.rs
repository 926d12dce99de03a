//! Self-promotion in the shapes it arrives in, end to end: submitted through
//! the public API, held or published, and explained in the moderation queue.
//! Each pitch has a reader's sentence beside it that uses the same words and
//! must be published.

use serde_json::{json, Value};

use crate::backend_tests;
use crate::pairs::{anonymous_comment as comment, assert_held_beside_published};

/// (pitch, the rule that must explain it, a reader's sentence with the same words)
const PAIRS: &[(&str, &str, &str)] = &[
    (
        "Great video!<br>Check out my channel for more",
        "call_to_action",
        "Great video! The channel's reporting on the cartels is excellent.",
    ),
    (
        "los invito a suscribirse a mi canal",
        "call_to_action",
        "I subscribed to their newsletter years ago and it's good.",
    ),
    (
        "Sucscribe to me, I post every week!",
        "call_to_action",
        "The subscriber count of the paper fell by half.",
    ),
    (
        "Follow 4 follow, like 4 like",
        "engagement_bait",
        "An eye for an eye leaves the whole world blind.",
    ),
    (
        "Like this comment if you still listen to this in 2024",
        "engagement_bait",
        "I like this comment section more than the article.",
    ),
    (
        "plz like my photo on instagram",
        "engagement_bait",
        "I really like this photo of the harbour.",
    ),
    (
        "this is my new song, please take a second and listen",
        "creator_pitch",
        "This is my favourite song on the album.",
    ),
    (
        "I'm a new youtuber and it would mean the world if you could watch",
        "creator_pitch",
        "It would mean a lot to the families if the police released the footage.",
    ),
    (
        "Check out Melbourne Shuffle, everybody!",
        "call_to_action",
        "I'll check out Bellingcat's piece later.",
    ),
    // Naming one's channel pushes it only beside a request or a link, and
    // "my" before a part of the thread points up the page.
    (
        "My channel is all about guitar covers, check it out!",
        "self_promotion",
        "I covered the same hearing on my channel, the judge was furious.",
    ),
    (
        "Can you guys watch my new video please",
        "self_promotion",
        "My video of the protest got taken down by the platform.",
    ),
    (
        "Go to my channel for the full song",
        "self_promotion",
        "Go to my earlier comment above for the numbers.",
    ),
    (
        "Check out my new playlist",
        "call_to_action",
        "Check out my last comment on the zoning vote.",
    ),
    (
        "Subscribe!! new videos every week",
        "call_to_action",
        "You should subscribe to the newsletter if you want the full minutes.",
    ),
];

backend_tests! {
    async fn each_pitch_is_held_and_explained_while_its_readers_sentence_is_published(app) {
        assert_held_beside_published(&app, PAIRS).await;
    }

    async fn the_evidence_quotes_the_request_as_normalised(app) {
        let token = app.add_moderator("alice");
        let held = app.submit(&comment("p", "Sucscribe to me!")).await;
        let path = format!("/api/v1/moderation/comments/{}", held["id"].as_str().unwrap());
        let detail: Value = app.mod_get(&path, &token).await.json().await.unwrap();
        let reason = detail["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "call_to_action")
            .cloned()
            .unwrap();
        assert_eq!(
            reason["evidence"],
            "asks readers to act for the writer: \"subscribe to me\""
        );
        assert_eq!(reason["matches"], json!(["subscribe"]));
    }
}
