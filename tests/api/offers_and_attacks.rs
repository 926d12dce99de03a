//! The sixth revision of the rules end to end (docs/quality.md): offers,
//! earnings claims and contact bait held; threats in idioms, quoted or
//! self-directed attack phrases and insults through a linking verb told
//! apart from the real thing. Each held body is explained in the moderation
//! queue, and a reader's sentence with the same words is published.

use crate::backend_tests;
use crate::pairs::assert_held_beside_published;

/// (held body, the rule that must explain it, a reader's sentence)
const PAIRS: &[(&str, &str, &str)] = &[
    (
        "Get free iTunes gift cards here, it actually works",
        "solicitation_money",
        "Get paid leave passed for every state worker, finally.",
    ),
    (
        "I make $300 a day working from home, ask me how",
        "solicitation_money",
        "I make $15 an hour at the warehouse and still can't afford rent.",
    ),
    (
        "who wants to be friends? message me on kik",
        "contact_bait",
        "Who wants to bet the council delays the vote again?",
    ),
    (
        "I just started a channel and I need 100 subscribers",
        "creator_pitch",
        "I started my business in this town in 1998 and never regretted it.",
    ),
    (
        "Traitors like you need to hang.",
        "threat",
        "At some age everyone needs to hang up their car keys.",
    ),
    (
        "Shut your mouth, nobody asked.",
        "insult",
        "The man who yelled \"shut up\" at the speaker was escorted out.",
    ),
    (
        "You sound like an idiot.",
        "insult",
        "I look like an idiot in this photo.",
    ),
];

backend_tests! {
    async fn each_held_body_is_explained_while_its_readers_sentence_is_published(app) {
        assert_held_beside_published(&app, PAIRS).await;
    }
}
