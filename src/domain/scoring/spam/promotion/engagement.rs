//! Engagement bait: votes fished for on the comment itself, traded, or
//! pleaded for elsewhere.

use super::phrase_at;
use crate::domain::normalize::Token;
use crate::domain::scoring::spam::spam;
use crate::domain::scoring::{Reason, Rule, RuleInput};

/// "Like this comment", "who's watching in 2015?", "please like this pic on
/// IG", "follow 4 follow". "Thumbs up if you …" counts for a fraction of the
/// weight: readers write it about the post nearly as often as spammers do,
/// so it holds a comment only together with another pitch.
pub(in crate::domain::scoring::spam) struct EngagementBait {
    pub weight: f64,
}

/// Who a roll call is addressed to.
const ROLL_CALL: [&str; 6] = ["who", "who's", "whos", "anyone", "anybody", "everyone"];

const FEEDBACK: [&str; 7] = [
    "like",
    "thumbs",
    "upvote",
    "subscribe",
    "share",
    "comment",
    "reply",
];

/// Subjects before "like" that make it a taste: "I like this comment".
const TASTERS: [&str; 7] = ["i", "we", "they", "he", "she", "really", "also"];

/// Things elsewhere that a writer asks readers to like: "like this pic on IG".
const PICTURES: [&str; 7] = [
    "pic", "picture", "photo", "pics", "pictures", "photos", "poster",
];

/// Words before "like" that make it a request rather than a taste: "if you
/// could like this picture", "please like", "help to like".
const ASKING: [&str; 6] = ["could", "can", "would", "will", "please", "to"];

/// The share of the weight a conditional vote ("thumbs up if …") carries.
const CONDITIONAL_SHARE: f64 = 0.55;

impl Rule for EngagementBait {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let tokens = input.text.tokens();
        let at = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
        let found = (0..tokens.len()).find(|&i| {
            let word = at(i);
            // "like this comment", "don't like my comment if …": wherever it
            // stands, it asks for votes on the comment itself.
            // ("I like this comment section" is a taste, not a request.)
            let asks = FEEDBACK.contains(&word)
                && matches!(at(i + 1), "this" | "my")
                && at(i + 2) == "comment"
                && !matches!(at(i + 3), "section" | "sections" | "thread" | "box")
                && !(i > 0 && TASTERS.contains(&at(i - 1)));
            // "please like", "please thumbs up": a plea for votes.
            let pleads = matches!(word, "like" | "thumbs" | "upvote")
                && i > 0
                && at(i - 1) == "please"
                && (word != "thumbs" || at(i + 1) == "up");
            let pictures = word == "like"
                && i > 0
                && ASKING.contains(&at(i - 1))
                && matches!(at(i + 1), "this" | "my" | "our")
                && PICTURES.contains(&at(i + 2));
            // "who's watching in 2015", "anyone still watching on 2016".
            let roll_call = word == "watching"
                && (1..=2).any(|k| i >= k && ROLL_CALL.contains(&at(i - k)))
                && (1..=3).any(|k| {
                    matches!(at(i + k), "in" | "on")
                        && at(i + k + 1).len() == 4
                        && at(i + k + 1).starts_with("20")
                        && at(i + k + 1).bytes().all(|b| b.is_ascii_digit())
                });
            asks || pleads || pictures || roll_call || reciprocity(tokens, i)
        });
        // "thumbs up if …", "like if you …".
        let conditional = || {
            (0..tokens.len()).find(|&i| {
                (at(i) == "thumbs" && at(i + 1) == "up" && at(i + 2) == "if")
                    || (at(i) == "like"
                        && at(i + 1) == "if"
                        && (i == 0 || input.text.clause_ends_after(i - 1))
                        && matches!(at(i + 2), "you" | "u" | "ur" | "you're" | "youre"))
            })
        };
        let (i, weight) = match found {
            Some(i) => (i, self.weight),
            None => match conditional() {
                Some(i) => (i, self.weight * CONDITIONAL_SHARE),
                None => return,
            },
        };
        let phrase = phrase_at(tokens, i);
        hits.push(spam(
            "engagement_bait",
            weight,
            format!("fishes for likes or replies: \"{}\"", phrase),
            vec![tokens[i].to_string()],
        ));
    }
}

/// What is traded in a reciprocity offer.
const TRADED: [&str; 6] = ["like", "follow", "sub", "subscribe", "view", "comment"];

/// "Follow 4 follow", "like for like", "sub4sub", "f4f": an offer to trade
/// votes or subscriptions, starting at token `i`.
fn reciprocity(tokens: &[Token], i: usize) -> bool {
    let word = tokens[i].as_str();
    // "sub4sub", "like4like", "f4f" (which the normaliser reads as leetspeak:
    // "subasub", "faf"). "s4s" is left out: "sas" is a word.
    // Both halves are equal, so the joint is the middle byte: no search.
    let bytes = word.as_bytes();
    let half = bytes.len() / 2;
    let glued = bytes.len() % 2 == 1
        && matches!(bytes[half], b'4' | b'a')
        && bytes[..half] == bytes[half + 1..]
        && word
            .get(..half)
            .is_some_and(|give| TRADED.contains(&give) || matches!(give, "f" | "l"));
    glued
        || TRADED.contains(&word)
            && tokens
                .get(i + 1)
                .is_some_and(|t| matches!(t.as_str(), "4" | "for"))
            && tokens.get(i + 2).is_some_and(|t| t == word)
}
