//! Insults about someone other than the reader, end to end: submitted
//! through the public API, held, and explained in the moderation queue.

use serde_json::{json, Value};

use crate::backend_tests;
use crate::pairs::{anonymous_comment as comment, assert_held_beside_published};

backend_tests! {
    async fn an_insult_about_a_third_person_is_held_and_the_queue_says_at_whom(app) {
        let token = app.add_moderator("alice");
        let held = app
            .submit(&comment("p", "These cl0wns on the council never read their own budget."))
            .await;
        assert_eq!(held["status"], "pending");

        let page: Value = app
            .mod_get("/api/v1/moderation/comments?category=toxicity", &token)
            .await
            .json()
            .await
            .unwrap();
        let items = page["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["id"], held["id"]);
        let reason = &items[0]["reasons"][0];
        assert_eq!(reason["rule"], "insult");
        assert_eq!(reason["evidence"], "\"clowns\" aimed at a person");
        assert_eq!(reason["matches"], json!(["clowns"]));
    }

    async fn the_same_word_said_of_oneself_is_published(app) {
        let published = app
            .submit(&comment("p", "I felt like a fool for believing the first reports."))
            .await;
        assert_eq!(published["status"], "approved");
        let page = app.list("p", "").await;
        assert_eq!(page["items"][0]["id"], published["id"]);
    }

    async fn a_name_after_a_farewell_or_an_order_to_go_away_or_before_what_you_are_is_held(app) {
        assert_held_beside_published(&app, &[
            ("Grow up loser", "insult", "Grow up and learn from the losers of every election, as we all did."),
            ("Go back to school idiot", "insult", "Go back to school and ask the trolls in your class to read it too."),
            ("k bye loser", "insult", "Bye for now: the loser of the bet buys coffee."),
            ("Thanks idiot", "insult", "Thanks for the idiot-proof guide."),
            ("Clowns, that's what you are", "insult", "Clowns are what you hire for a party."),
        ])
        .await;
    }

    async fn an_insult_adjective_describing_a_thing_is_published_and_one_describing_a_person_held(app) {
        assert_held_beside_published(&app, &[
            ("The mayor is a stupid man.", "insult", "The new stadium is an idiotic waste of money."),
            ("The councillor is a pathetic liar.", "insult", "It was a stupid decision to build it there."),
        ])
        .await;
    }

    async fn an_insult_noun_said_of_an_animal_or_a_machine_is_published_and_of_a_person_held(app) {
        assert_held_beside_published(&app, &[
            ("The mayor is a little pig.", "insult", "My dog is a little pig when it comes to dinner."),
            ("That reporter is a total idiot.", "insult", "This printer is a total idiot, it never finds the network."),
        ])
        .await;
    }
}
