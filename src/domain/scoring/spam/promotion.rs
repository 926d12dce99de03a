//! Self-promotion recognised by its grammar rather than by stock phrases:
//! a call to action aimed at the writer's own things ("go subscribe to our
//! new channel"), engagement bait ("thumbs up if …"), a creator's pitch ("I'm
//! a 16 year old rapper") and audience goals ("if I reach 100 subscribers").
//! The word classes are lexicon files; the grammar is here.

use rustc_hash::FxHashSet;

use super::spam;
use crate::config::RuleWeights;
use crate::domain::normalize::{token_hash, NormalizedText, Token};
use crate::domain::scoring::{Reason, Rule, RuleInput};

/// Words after which an imperative still starts the clause: "please
/// subscribe", "hey guys check out", "you should watch", "go visit".
const LEAD_INS: [&str; 27] = [
    "please",
    "plz",
    "pls",
    "plese",
    "pleas",
    "guys",
    "everyone",
    "everybody",
    "and",
    "also",
    "so",
    "just",
    "now",
    "go",
    "come",
    "hey",
    "hi",
    "hello",
    "then",
    "u",
    "ya",
    "yall",
    "should",
    "could",
    "can",
    "gotta",
    "do",
];

/// Verbs readers use to cite a source ("see https://…", "watch the hearing
/// on youtube"): they are a pitch only when aimed at the writer's own things.
const CITING: [&str; 11] = [
    "see", "read", "look", "take", "give", "try", "watch", "listen", "go", "come", "search",
];

/// Words that make a request a plea.
const PLEAS: [&str; 5] = ["please", "plz", "pls", "plese", "pleas"];

/// Verbs whose object may be the writer in person: "subscribe to me",
/// "check me out", "add me", "follow us".
const PERSONAL_VERBS: [&str; 11] = [
    "subscribe",
    "subcribe",
    "subscribing",
    "sub",
    "follow",
    "add",
    "support",
    "check",
    "checkout",
    "vote",
    "checking",
];

/// Verbs that are a request on their own, without an object ("subscribe!").
const BARE_VERBS: [&str; 3] = ["subscribe", "subcribe", "sub"];

/// A comment up to this long that asks for something and carries a link is
/// asking for the link.
const SHORT_WORDS: usize = 30;

/// How far after the verb its object may be, in words.
const OBJECT_REACH: usize = 5;

/// The promotion rules' vocabulary, each list a lexicon file.
pub(super) struct PromotionWords {
    pub verbs: FxHashSet<String>,
    /// The verbs by `token_hash`, so that the scan over every word compares
    /// the hash the text already holds instead of hashing the word again.
    pub verb_hashes: FxHashSet<u64>,
    pub nouns: FxHashSet<String>,
    pub platforms: FxHashSet<String>,
    pub roles: FxHashSet<String>,
}

impl PromotionWords {
    pub fn new(verbs: &[String], nouns: &[String], platforms: &[String], roles: &[String]) -> Self {
        let set = |list: &[String]| list.iter().map(|w| w.trim().to_lowercase()).collect();
        let verbs: FxHashSet<String> = set(verbs);
        Self {
            verb_hashes: verbs.iter().map(|v| token_hash(v)).collect(),
            verbs,
            nouns: set(nouns),
            platforms: set(platforms),
            roles: set(roles),
        }
    }
}

/// What a call to action was aimed at, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// A bare "subscribe".
    Bare,
    /// "this video", "the playlist": something, perhaps not the writer's.
    Thing,
    /// "me", "my channel", "our song", a link or a platform.
    Own,
}

/// "Check out my channel", "follow us on instagram", "subscribe please".
pub(super) struct CallToAction {
    pub words: std::sync::Arc<PromotionWords>,
    pub weights: RuleWeights,
}

fn is_url(token: &str) -> bool {
    token.contains("://") || token.starts_with("www.")
}

/// Up to four words from token `i`, as a rule's evidence.
fn phrase_at(tokens: &[Token], i: usize) -> String {
    tokens[i..tokens.len().min(i + 4)].join(" ")
}

fn starts_clause(text: &NormalizedText, i: usize) -> bool {
    let tokens = text.tokens();
    i == 0
        || text.clause_ends_after(i - 1)
        || is_url(&tokens[i - 1])
        || LEAD_INS.contains(&tokens[i - 1].as_str())
}

impl CallToAction {
    /// What the request at token `i` asks for, if it is one.
    fn target(&self, text: &NormalizedText, i: usize, has_link: bool) -> Option<Target> {
        let tokens = text.tokens();
        let verb = tokens[i].as_str();
        let mut best = None;
        let mut j = i + 1;
        while j < tokens.len() && j <= i + OBJECT_REACH {
            let word = tokens[j].as_str();
            let next_is_noun = |from: usize| {
                tokens.iter().skip(from + 1).take(3).any(|t| {
                    self.words.nouns.contains(t.as_str())
                        || self.words.platforms.contains(t.as_str())
                })
            };
            let citing = CITING.contains(&verb);
            let found = match word {
                "my" | "our" | "mine" if next_is_noun(j) => Some(Target::Own),
                "me" | "us" if PERSONAL_VERBS.contains(&verb) => Some(Target::Own),
                _ if citing => None,
                _ if is_url(word) || self.words.platforms.contains(word) => Some(Target::Own),
                "this" | "these" | "the" | "that" if next_is_noun(j) => Some(Target::Thing),
                _ => None,
            };
            best = best.max(found);
            if text.clause_ends_after(j) {
                break;
            }
            j += 1;
        }
        match best {
            None if BARE_VERBS.contains(&verb) => Some(Target::Bare),
            // "Vote for him please! http://…": in a short comment the link is
            // the object; in a long one it is more likely a citation.
            None if has_link && !CITING.contains(&verb) && tokens.len() <= SHORT_WORDS => {
                Some(Target::Thing)
            }
            best => best,
        }
    }
}

impl Rule for CallToAction {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let text = input.text;
        let tokens = text.tokens();
        let mut strongest: Option<(Target, usize)> = None;
        for (i, (token, hash)) in tokens.iter().zip(text.hashes()).enumerate() {
            if !self.words.verb_hashes.contains(hash)
                || !self.words.verbs.contains(token.as_str())
                || !starts_clause(text, i)
            {
                continue;
            }
            if let Some(target) = self.target(text, i, !input.links.is_empty()) {
                if strongest.is_none_or(|(best, _)| target > best) {
                    strongest = Some((target, i));
                }
            }
        }
        let Some((target, at)) = strongest else {
            return;
        };
        let base = self.weights.call_to_action;
        let mut weight = match target {
            Target::Own => base,
            Target::Thing | Target::Bare => base * 0.8,
        };
        let pleading = tokens.iter().any(|t| PLEAS.contains(&t.as_str()));
        if pleading {
            weight += 0.1;
        }
        if !input.links.is_empty() && target != Target::Own {
            weight += 0.1;
        }
        let phrase = phrase_at(tokens, at);
        hits.push(spam(
            "call_to_action",
            weight.min(0.9),
            format!("asks readers to act for the writer: \"{}\"", phrase),
            vec![tokens[at].to_string()],
        ));
    }
}

/// "Like this comment", "who's watching in 2015?". "Thumbs up if you …"
/// is left alone: readers write it about the post as often as spammers do.
pub(super) struct EngagementBait {
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

impl Rule for EngagementBait {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let tokens = input.text.tokens();
        let at = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
        let found = (0..tokens.len()).find(|&i| {
            let word = at(i);
            // "like this comment", "don't like my comment if …": wherever it
            // stands, it asks for votes on the comment itself.
            let asks = FEEDBACK.contains(&word)
                && matches!(at(i + 1), "this" | "my")
                && at(i + 2) == "comment";
            // "who's watching in 2015", "anyone still watching on 2016".
            let roll_call = word == "watching"
                && (1..=2).any(|k| i >= k && ROLL_CALL.contains(&at(i - k)))
                && (1..=3).any(|k| {
                    matches!(at(i + k), "in" | "on")
                        && at(i + k + 1).len() == 4
                        && at(i + k + 1).starts_with("20")
                        && at(i + k + 1).bytes().all(|b| b.is_ascii_digit())
                });
            asks || roll_call
        });
        if let Some(i) = found {
            let phrase = phrase_at(tokens, i);
            hits.push(spam(
                "engagement_bait",
                self.weight,
                format!("fishes for likes or replies: \"{}\"", phrase),
                vec![tokens[i].to_string()],
            ));
        }
    }
}

/// "I'm a new rapper", "we are a small band", "I make beats", and goals
/// such as "if I reach 100 subscribers".
pub(super) struct CreatorPitch {
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

const MAKING: [&str; 10] = [
    "make", "upload", "post", "create", "stream", "record", "produce", "made", "created",
    "uploaded",
];

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
        tokens
            .get(i + 1)
            .is_some_and(|t| MAKING.contains(&t.as_str()))
            && tokens
                .iter()
                .skip(i + 2)
                .take(3)
                .any(|t| self.words.nouns.contains(t.as_str()))
    }
}

/// A number of subscribers or views, as a goal: "100 subscribers", "1k subs".
fn audience_goal(tokens: &[Token]) -> bool {
    tokens.windows(2).any(|w| {
        // Most words are not numbers: the first byte says so.
        if !w[0].as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return false;
        }
        let count = w[0].trim_end_matches(['k', 'm']);
        !count.is_empty()
            && count.bytes().all(|b| b.is_ascii_digit())
            && AUDIENCE.contains(&w[1].as_str())
    }) && tokens
        .windows(2)
        .any(|w| matches!(w[0].as_str(), "get" | "reach" | "hit" | "to") || w[1] == "goal")
}

impl Rule for CreatorPitch {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let tokens = input.text.tokens();
        let pitch = (0..tokens.len()).find_map(|i| {
            // Both shapes start with "i…" or "we…": most words are neither.
            if !matches!(tokens[i].as_bytes().first(), Some(b'i' | b'w')) {
                return None;
            }
            if self.claims_role(tokens, i) {
                Some("introduces themselves as a creator")
            } else if self.makes_things(tokens, i) {
                Some("says what they make")
            } else {
                None
            }
        });
        let pitch =
            pitch.or_else(|| audience_goal(tokens).then_some("counts towards an audience goal"));
        if let Some(what) = pitch {
            hits.push(spam(
                "creator_pitch",
                self.weight,
                what.to_owned(),
                Vec::new(),
            ));
        }
    }
}

#[cfg(test)]
#[path = "promotion_tests.rs"]
mod tests;
