//! Self-promotion recognised by its grammar rather than by stock phrases:
//! a call to action aimed at the writer's own things ("go subscribe to our
//! new channel"), engagement bait ("like this comment", "follow 4 follow"),
//! and a creator's pitch ("I'm a 16 year old rapper", "this is my new
//! song"). The word classes are lexicon files; the grammar is here, one file
//! per rule.

mod call_to_action;
mod creator;
mod engagement;

use rustc_hash::FxHashSet;

pub(super) use call_to_action::CallToAction;
pub(super) use creator::CreatorPitch;
pub(super) use engagement::EngagementBait;

use crate::domain::normalize::{token_hash, NormalizedText, Token};

/// The promotion rules' vocabulary, each list a lexicon file.
pub(super) struct PromotionWords {
    pub verbs: FxHashSet<String>,
    /// The verbs by `token_hash`, so that the scan over every word compares
    /// the hash the text already holds instead of hashing the word again.
    pub verb_hashes: FxHashSet<u64>,
    pub nouns: FxHashSet<String>,
    pub platforms: FxHashSet<String>,
    pub roles: FxHashSet<String>,
    /// What a comment thread is made of ("comment", "reply").
    pub thread: FxHashSet<String>,
}

/// How many words after "my" may pass before the thing it owns.
const OWNED_WITHIN: usize = 3;

impl PromotionWords {
    /// The word classes, each a lexicon: verbs, promotable nouns,
    /// platforms, creator roles and the parts of a thread.
    pub fn new(lists: [&[String]; 5]) -> Self {
        let [verbs, nouns, platforms, roles, thread] = lists;
        let set = |list: &[String]| list.iter().map(|w| w.trim().to_lowercase()).collect();
        let verbs: FxHashSet<String> = set(verbs);
        Self {
            verb_hashes: verbs.iter().map(|v| token_hash(v)).collect(),
            verbs,
            nouns: set(nouns),
            platforms: set(platforms),
            roles: set(roles),
            thread: set(thread),
        }
    }

    /// Whether the "my"/"our" before token `from` owns a part of the
    /// thread rather than something promotable: "look at my reply to Dan",
    /// "check out my earlier comment". Such a request sends the reader up
    /// the page, not to the writer's channel.
    pub(super) fn owns_thread_part(&self, text: &NormalizedText, from: usize) -> bool {
        for (i, token) in text
            .tokens()
            .iter()
            .enumerate()
            .skip(from)
            .take(OWNED_WITHIN)
        {
            let word = token.as_str();
            if self.is_promotable(word) {
                return false;
            }
            if self.thread.contains(word) {
                return true;
            }
            if text.clause_ends_after(i) {
                return false;
            }
        }
        false
    }

    pub(super) fn is_promotable(&self, word: &str) -> bool {
        self.is_noun(word) || self.platforms.contains(word)
    }

    /// A promotable thing, also in the plural spelt with a z ("vidz", "beatz").
    pub(super) fn is_noun(&self, word: &str) -> bool {
        self.nouns.contains(word)
            || word
                .strip_suffix('z')
                .is_some_and(|stem| self.nouns.contains(format!("{stem}s").as_str()))
    }
}

/// Up to four words from token `i`, as a rule's evidence.
pub(super) fn phrase_at(tokens: &[Token], i: usize) -> String {
    tokens[i..tokens.len().min(i + 4)].join(" ")
}

#[cfg(test)]
mod tests;
