//! Whole-word and phrase matching of word lists over normalised tokens, with
//! masked words (`f*ck`) matched as wildcards against single-word entries.

use rustc_hash::FxHashMap;

use crate::domain::normalize::{token_hash, NormalizedText, MASK_CHARS};

/// A word list compiled for matching.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Entries by the hash of their first word; each entry is its words
    /// (compared in full, so a hash collision cannot cause a false match).
    by_first: FxHashMap<u64, Vec<Vec<String>>>,
    /// Single-word entries, for masked-word matching.
    singles: Vec<String>,
}

/// Where an entry matched: token positions `[start, end)` and the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub entry: String,
}

impl Lexicon {
    pub fn new(entries: &[String]) -> Self {
        let mut lexicon = Self::default();
        for entry in entries {
            let words: Vec<String> = NormalizedText::new(entry).tokens().to_vec();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            if words.len() == 1 {
                lexicon.singles.push(first.clone());
            }
            let phrases = lexicon.by_first.entry(token_hash(&first)).or_default();
            phrases.push(words);
            // Longest first, so "wipe out" wins over "wipe".
            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        lexicon
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Every match in a normalised text, left to right, without overlaps.
    pub fn find_in(&self, text: &NormalizedText) -> Vec<Found> {
        self.find_tokens(text.tokens(), text.hashes(), text.has_masks())
    }

    /// Every match, left to right, without overlaps.
    pub fn find(&self, tokens: &[String]) -> Vec<Found> {
        let hashes: Vec<u64> = tokens.iter().map(|t| token_hash(t)).collect();
        self.find_tokens(tokens, &hashes, true)
    }

    fn find_tokens(&self, tokens: &[String], hashes: &[u64], masks: bool) -> Vec<Found> {
        let mut out = Vec::new();
        if self.by_first.is_empty() {
            return out;
        }
        let mut i = 0;
        while i < tokens.len() {
            let found = match self.exact_at(tokens, hashes[i], i) {
                None if masks => self.masked_at(tokens, i),
                found => found,
            };
            match found {
                Some(found) => {
                    i = found.end;
                    out.push(found);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The entry that starts at token `i`, if any.
    pub fn match_at(&self, tokens: &[String], i: usize) -> Option<Found> {
        let token = tokens.get(i)?;
        if let Some(found) = self.exact_at(tokens, token_hash(token), i) {
            return Some(found);
        }
        self.masked_at(tokens, i)
    }

    fn masked_at(&self, tokens: &[String], i: usize) -> Option<Found> {
        let token = tokens.get(i)?;
        self.masked(token).map(|entry| Found {
            start: i,
            end: i + 1,
            entry,
        })
    }

    /// The entry that starts at token `i` word for word, ignoring masks.
    fn exact_at(&self, tokens: &[String], hash: u64, i: usize) -> Option<Found> {
        let phrases = self.by_first.get(&hash)?;
        phrases
            .iter()
            .find(|p| tokens.len() >= i + p.len() && tokens[i..i + p.len()] == p[..])
            .map(|phrase| Found {
                start: i,
                end: i + phrase.len(),
                entry: phrase.join(" "),
            })
    }

    /// Whether token `i` is a single-word entry.
    pub fn contains(&self, token: &str) -> bool {
        self.by_first
            .get(&token_hash(token))
            .is_some_and(|p| p.iter().any(|w| w.len() == 1 && w[0] == token))
            || self.masked(token).is_some()
    }

    /// `f*ck` matches `fuck`: masks stand for any letter, the rest must agree,
    /// and at least the first letter must be visible.
    fn masked(&self, token: &str) -> Option<String> {
        if !token.contains(MASK_CHARS) || !token.starts_with(|c: char| c.is_alphabetic()) {
            return None;
        }
        let pattern: Vec<char> = token.chars().collect();
        self.singles
            .iter()
            .find(|word| {
                let chars: Vec<char> = word.chars().collect();
                chars.len() == pattern.len()
                    && chars
                        .iter()
                        .zip(&pattern)
                        .all(|(w, p)| MASK_CHARS.contains(p) || w == p)
            })
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(words: &[&str]) -> Lexicon {
        Lexicon::new(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>())
    }

    fn tokens(text: &str) -> Vec<String> {
        NormalizedText::new(text).tokens().to_vec()
    }

    #[test]
    fn whole_words_and_phrases_match() {
        let l = lexicon(&["idiot", "wipe out", "wipe"]);
        let found = l.find(&tokens("Wipe out the idiots, you idiot"));
        let entries: Vec<_> = found.iter().map(|f| f.entry.as_str()).collect();
        assert_eq!(entries, ["wipe out", "idiot"]);
        assert_eq!(found[1].start, 5);
    }

    #[test]
    fn masked_words_match_their_entry() {
        let l = lexicon(&["fuck", "shit"]);
        let found = l.find(&tokens("what the f*ck, sh*t"));
        let entries: Vec<_> = found.iter().map(|f| f.entry.as_str()).collect();
        assert_eq!(entries, ["fuck", "shit"]);
        assert!(l.find(&tokens("**** it")).is_empty());
    }

    #[test]
    fn words_inside_longer_words_do_not_match() {
        let l = lexicon(&["ass", "cock"]);
        assert!(l
            .find(&tokens("a classic assessment of cocktails"))
            .is_empty());
    }
}
