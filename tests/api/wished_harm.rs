//! Harm wished on a person is held as a threat and explained in the queue;
//! a wish about justice, a game or a thing, with the same words, is
//! published.

use crate::backend_tests;
use crate::pairs::assert_held_beside_published;

const PAIRS: &[(&str, &str, &str)] = &[
    (
        "I hope someone breaks your legs, you snitch.",
        "threat",
        "I hope the surgery fixes your knee before the season starts.",
    ),
    (
        "I hope you get hit by a bus.",
        "threat",
        "I hope you get the promotion, you have earned it.",
    ),
    (
        "I hope someone shoots you.",
        "threat",
        "I hope they catch whoever shot the officer.",
    ),
    (
        "I hope they fucking die.",
        "threat",
        "I hope the cartel boss dies in prison.",
    ),
    (
        "I wish someone would kill him.",
        "threat",
        "I hope it doesn't hurt you too much during the recovery.",
    ),
];

backend_tests! {
    async fn harm_wished_on_a_person_is_held_while_a_wish_for_justice_or_a_thing_is_published(app) {
        assert_held_beside_published(&app, PAIRS).await;
    }
}
