//! A creator's pitch, recognised by its shapes: introducing oneself, saying
//! what one makes, audience goals, presenting one's own work, asking a
//! favour, speaking as a business. Each further shape adds weight.

use super::PromotionWords;
use crate::domain::normalize::Token;
use crate::domain::scoring::spam::spam;
use crate::domain::scoring::{Reason, Rule, RuleInput};

/// "I'm a new rapper", "we are a small band", "I make beats", and goals
/// such as "if I reach 100 subscribers".
pub(in crate::domain::scoring::spam) struct CreatorPitch {
    pub words: std::sync::Arc<PromotionWords>,
    pub weight: f64,
}

const AUDIENCE: [&str; 7] = [
    "subscribers",
    "subs",
    "followers",
    "views",
    "likes",
    "fans",
    "subscriber",
];

const MAKING: [&str; 11] = [
    "make", "upload", "post", "create", "stream", "record", "produce", "made", "created",
    "uploaded", "did",
];

/// Words that may stand between the writer and what they made: "I just
/// started a channel", "we finally launched our shop".
const WHEN: [&str; 5] = ["just", "recently", "finally", "also", "now"];

/// Beginnings that are news only when fresh: "I just started a channel" is a
/// pitch, "I started my business in 1998" a reader's story.
const STARTING: [&str; 4] = ["started", "start", "launched", "opened"];

impl CreatorPitch {
    /// "i'm / i am / we are" + a role within six words.
    fn claims_role(&self, tokens: &[Token], i: usize) -> bool {
        let first_person = match tokens[i].as_str() {
            "i'm" | "im" | "we're" => Some(i + 1),
            "i" | "we" if matches!(tokens.get(i + 1).map(Token::as_str), Some("am" | "are")) => {
                Some(i + 2)
            }
            _ => None,
        };
        first_person.is_some_and(|from| {
            tokens
                .iter()
                .skip(from)
                .take(6)
                .any(|t| self.words.roles.contains(t.as_str()))
        })
    }

    /// "i make / we uploaded" + something promotable within three words,
    /// or "i rap".
    fn makes_things(&self, tokens: &[Token], i: usize) -> bool {
        let next = tokens.get(i + 1).map(Token::as_str);
        matches!(tokens[i].as_str(), "i" | "we")
            && (matches!(next, Some("rap" | "sing")) || self.makes_promotable(tokens, i))
    }

    fn makes_promotable(&self, tokens: &[Token], i: usize) -> bool {
        let fresh = tokens
            .get(i + 1)
            .is_some_and(|t| WHEN.contains(&t.as_str()));
        let verb = if fresh { i + 2 } else { i + 1 };
        tokens.get(verb).is_some_and(|t| {
            MAKING.contains(&t.as_str()) || (fresh && STARTING.contains(&t.as_str()))
        }) && tokens
            .iter()
            .skip(verb + 1)
            .take(3)
            .any(|t| self.words.nouns.contains(t.as_str()))
    }
}

/// Words that may stand between a number and its audience: "10 million
/// views", "500 more subscribers".
const MAGNITUDES: [&str; 5] = ["million", "thousand", "hundred", "more", "new"];

/// Audiences only a creator has: "my first subscriber", "my followers".
/// ("My views" are opinions, and likes are anyone's.)
const OWN_AUDIENCE: [&str; 5] = ["subscribers", "subscriber", "subs", "followers", "follower"];

/// A number of subscribers or views, as a goal: "100 subscribers", "1k subs",
/// "10 million views".
fn audience_count_at(tokens: &[Token], i: usize) -> bool {
    let count = tokens[i].trim_end_matches(['k', 'm']);
    let word = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
    !count.is_empty()
        && count.bytes().all(|b| b.is_ascii_digit())
        && (AUDIENCE.contains(&word(i + 1))
            || (MAGNITUDES.contains(&word(i + 1)) && AUDIENCE.contains(&word(i + 2))))
}

/// Whether a text that counts an audience sets it as a goal ("if I reach
/// 100 subscribers").
fn sets_audience_goal(tokens: &[Token]) -> bool {
    tokens
        .windows(2)
        .any(|w| matches!(w[0].as_str(), "get" | "reach" | "hit" | "to" | "need") || w[1] == "goal")
}

/// "Become my first subscriber", "thanks to all my followers".
fn own_audience_at(tokens: &[Token], i: usize) -> bool {
    let word = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
    word(i) == "my"
        && (OWN_AUDIENCE.contains(&word(i + 1))
            || (word(i + 1).len() > 2 && OWN_AUDIENCE.contains(&word(i + 2))))
}

/// Words that may stand between "my" and the work presented: "this is my
/// new song". ("This is my favourite song" is a fan's, not a creator's.)
const FRESH: [&str; 5] = ["new", "first", "latest", "own", "newest"];

/// "This is my playlist", "here's our new song".
fn presents_own_work_at(words: &PromotionWords, tokens: &[Token], i: usize) -> bool {
    let word = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
    let after = match (word(i), word(i + 1)) {
        ("this" | "here", "is") => i + 2,
        ("here's" | "heres", _) => i + 1,
        _ => return false,
    };
    let noun = if FRESH.contains(&word(after + 1)) {
        after + 2
    } else {
        after + 1
    };
    matches!(word(after), "my" | "our") && words.is_noun(word(noun))
}

/// Whom a favour is asked of: "if you could", "if some of you", "if
/// everyone". ("It would mean a lot to the families if the police …" asks
/// nothing of readers.)
const AUDIENCES: [&str; 10] = [
    "you", "u", "ya", "yall", "y'all", "some", "any", "anyone", "everyone", "people",
];

/// Moments a writer asks readers to spare: "take 1 second", "if you have a
/// minute".
const MOMENTS: [&str; 6] = ["second", "seconds", "sec", "minute", "minutes", "moment"];

/// "It would mean a lot if you could subscribe", "would mean the world to me
/// if you check them out", "please take 1 second and watch it", "if you have
/// a minute".
fn asks_a_favour_at(tokens: &[Token], i: usize) -> bool {
    let word = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
    {
        let would_mean = matches!(word(i), "would" | "will" | "it'd" | "itd")
            && word(i + 1) == "mean"
            && matches!(word(i + 2), "a" | "so" | "the" | "everything" | "alot")
            && (i + 3..i + 9).any(|k| word(k) == "if" && AUDIENCES.contains(&word(k + 1)));
        // "I'd love it if you …", "would really appreciate it if some of you …".
        let would_love = matches!(word(i), "would" | "i'd" | "id" | "we'd")
            && (i + 1..i + 4).any(|k| matches!(word(k), "love" | "appreciate"))
            && (i + 2..i + 6).any(|k| word(k) == "if" && AUDIENCES.contains(&word(k + 1)));
        let spare = matches!(word(i), "take" | "spare" | "have" | "got")
            && matches!(word(i + 1), "a" | "1" | "one" | "few" | "some" | "just")
            && MOMENTS.contains(&word(i + 2))
            && (i >= 1 && matches!(word(i - 1), "please" | "just" | "you" | "u"));
        would_mean || would_love || spare
    }
}

/// Whom a business speaks of: "our customers love us".
const CLIENTELE: [&str; 6] = [
    "customers",
    "clients",
    "customer",
    "client",
    "products",
    "services",
];

/// "Our customers", "our products": a business speaking for itself.
fn speaks_as_business_at(tokens: &[Token], i: usize) -> bool {
    tokens[i] == "our"
        && tokens
            .get(i + 1)
            .is_some_and(|w| CLIENTELE.contains(&w.as_str()))
}

/// "I sell …", "we're selling …", with a link to buy from.
fn sells_at(tokens: &[Token], i: usize) -> bool {
    matches!(tokens[i].as_str(), "i" | "we" | "im" | "i'm" | "we're")
        && tokens
            .get(i + 1)
            .is_some_and(|w| matches!(w.as_str(), "sell" | "selling" | "sells"))
}

impl Rule for CreatorPitch {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let tokens = input.text.tokens();
        let mut shapes: Vec<&str> = Vec::new();
        let mut note = |found: bool, what: &'static str| {
            if found && !shapes.contains(&what) {
                shapes.push(what);
            }
        };
        let has_link = !input.links.is_empty();
        let mut counts_audience = false;
        // One pass; each shape starts with a word of its own, and the first
        // byte rules out most words for all of them.
        for i in 0..tokens.len() {
            match tokens[i].as_bytes().first() {
                Some(b'i' | b'w') => {
                    note(
                        self.claims_role(tokens, i),
                        "introduces themselves as a creator",
                    );
                    note(self.makes_things(tokens, i), "says what they make");
                    note(has_link && sells_at(tokens, i), "sells something by a link");
                    note(asks_a_favour_at(tokens, i), "asks readers for a favour");
                }
                Some(b't' | b'h') => {
                    note(
                        presents_own_work_at(&self.words, tokens, i),
                        "presents their own work",
                    );
                    note(asks_a_favour_at(tokens, i), "asks readers for a favour");
                }
                Some(b's' | b'g') => {
                    note(asks_a_favour_at(tokens, i), "asks readers for a favour");
                }
                Some(b'm') => note(own_audience_at(tokens, i), "speaks of their own audience"),
                Some(b'o') => note(speaks_as_business_at(tokens, i), "speaks as a business"),
                Some(b'0'..=b'9') => counts_audience |= audience_count_at(tokens, i),
                _ => {}
            }
        }
        note(
            counts_audience && sets_audience_goal(tokens),
            "counts towards an audience goal",
        );
        if shapes.is_empty() {
            return;
        }
        // A pitch with a link says where to go.
        if !input.links.is_empty() && shapes.len() < 3 {
            shapes.push("and links to it");
        }
        // One shape may be a reader's aside ("I make videos too"); a writer
        // who introduces themselves and says what they make is pitching.
        let weight = self.weight + 0.15 * (shapes.len().min(3) - 1) as f64;
        hits.push(spam("creator_pitch", weight, shapes.join("; "), Vec::new()));
    }
}
