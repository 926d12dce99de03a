//! Whole-word and phrase matching of word lists over normalised tokens, with
//! masked words (`f*ck`) matched as wildcards against single-word entries.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use crate::domain::normalize::{token_hash, NormalizedText, StartMarks, Token, MASK_CHARS};

/// A word list compiled for matching.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Entries by the hash of their first word; each entry is its words
    /// (compared in full, so a hash collision cannot cause a false match).
    by_first: FxHashMap<u64, Vec<Vec<Token>>>,
    /// Single-word entries, for masked-word matching.
    singles: Vec<String>,
    /// This list's bit in a shared [`FirstWordIndex`], when it has one.
    slot: Option<Slot>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    index: u64,
    bit: u64,
}

/// Builds word lists that share one index of their first words (see
/// [`StartMarks`]): a pipeline's two dozen lists then cost one lookup per
/// token of a comment between them, not one each.
#[derive(Debug)]
pub struct LexiconSet {
    identity: u64,
    next_bit: Cell<u32>,
    starts: RefCell<FxHashMap<u64, u64>>,
}

/// The first words of a [`LexiconSet`]'s lists, for marking texts.
#[derive(Debug, Clone, Default)]
pub struct FirstWordIndex {
    identity: u64,
    starts: FxHashMap<u64, u64>,
}

/// Tells indexes apart, so that a list never reads another index's marks.
static NEXT_INDEX: AtomicU64 = AtomicU64::new(1);

impl Default for LexiconSet {
    fn default() -> Self {
        Self {
            identity: NEXT_INDEX.fetch_add(1, Ordering::Relaxed),
            next_bit: Cell::new(0),
            starts: RefCell::default(),
        }
    }
}

impl LexiconSet {
    /// A list compiled from `entries`, registered in this set's index. Past
    /// 64 lists a list works unindexed, only slower.
    pub fn lexicon(&self, entries: &[String]) -> Lexicon {
        let mut lexicon = Lexicon::new(entries);
        let n = self.next_bit.get();
        if n < u64::BITS {
            self.next_bit.set(n + 1);
            let bit = 1u64 << n;
            let mut starts = self.starts.borrow_mut();
            for hash in lexicon.by_first.keys() {
                *starts.entry(*hash).or_default() |= bit;
            }
            lexicon.slot = Some(Slot {
                index: self.identity,
                bit,
            });
        }
        lexicon
    }

    pub fn finish(self) -> FirstWordIndex {
        FirstWordIndex {
            identity: self.identity,
            starts: self.starts.into_inner(),
        }
    }
}

impl FirstWordIndex {
    /// Marks where this index's lists may start in `text`. A masked word
    /// (`f*ck`) may match any list, so it is marked for all of them.
    pub fn mark(&self, text: &mut NormalizedText) {
        let masks = text.has_masks();
        let at = text
            .hashes()
            .iter()
            .zip(text.tokens())
            .enumerate()
            .filter_map(|(i, (hash, token))| {
                let mut bits = self.starts.get(hash).copied().unwrap_or(0);
                if masks && token.contains(MASK_CHARS) {
                    bits = u64::MAX;
                }
                (bits != 0).then_some((i, bits))
            })
            .collect();
        text.set_marks(StartMarks {
            index: self.identity,
            at,
        });
    }
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
            let words: Vec<Token> = NormalizedText::new(entry).tokens().to_vec();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            if words.len() == 1 {
                lexicon.singles.push(first.to_string());
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
        let (tokens, hashes, masks) = (text.tokens(), text.hashes(), text.has_masks());
        let marks = text
            .marks()
            .zip(self.slot)
            .filter(|(marks, slot)| marks.index == slot.index);
        match marks {
            // Only the tokens the index marked for this list.
            Some((marks, slot)) => self.walk(
                tokens,
                hashes,
                masks,
                marks
                    .at
                    .iter()
                    .filter(|(_, bits)| bits & slot.bit != 0)
                    .map(|&(i, _)| i),
            ),
            None => self.find_tokens(tokens, hashes, masks),
        }
    }

    /// Every match, left to right, without overlaps.
    pub fn find(&self, tokens: &[Token]) -> Vec<Found> {
        let hashes: Vec<u64> = tokens.iter().map(|t| token_hash(t)).collect();
        self.find_tokens(tokens, &hashes, true)
    }

    /// Every token as a candidate: the text was not marked by this list's
    /// index (a list built alone, or a text outside the pipeline).
    fn find_tokens(&self, tokens: &[Token], hashes: &[u64], masks: bool) -> Vec<Found> {
        if self.by_first.is_empty() {
            return Vec::new();
        }
        self.walk(tokens, hashes, masks, 0..tokens.len())
    }

    /// The matches starting at `candidates` (ascending), left to right,
    /// skipping candidates inside an earlier match.
    fn walk(
        &self,
        tokens: &[Token],
        hashes: &[u64],
        masks: bool,
        candidates: impl Iterator<Item = usize>,
    ) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        let mut free = 0;
        for i in candidates {
            if i < free {
                continue;
            }
            let found = match self.exact_at(tokens, hashes[i], i) {
                None if masks => self.masked_at(tokens, i),
                found => found,
            };
            if let Some(found) = found {
                free = found.end;
                out.push(found);
            }
        }
        out
    }

    /// The entry that starts at token `i`, if any.
    pub fn match_at(&self, tokens: &[Token], i: usize) -> Option<Found> {
        let token = tokens.get(i)?;
        if let Some(found) = self.exact_at(tokens, token_hash(token), i) {
            return Some(found);
        }
        self.masked_at(tokens, i)
    }

    fn masked_at(&self, tokens: &[Token], i: usize) -> Option<Found> {
        let token = tokens.get(i)?;
        self.masked(token).map(|entry| Found {
            start: i,
            end: i + 1,
            entry,
        })
    }

    /// The entry that starts at token `i` word for word, ignoring masks.
    fn exact_at(&self, tokens: &[Token], hash: u64, i: usize) -> Option<Found> {
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

    fn tokens(text: &str) -> Vec<Token> {
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
    fn a_list_in_an_indexed_set_finds_what_it_finds_alone() {
        let words = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let insults = words(&["idiot", "wipe out", "wipe", "fuck"]);
        let other = words(&["out", "the"]);
        let set = LexiconSet::default();
        let indexed = set.lexicon(&insults);
        let _other = set.lexicon(&other);
        let index = set.finish();
        let alone = Lexicon::new(&insults);
        for raw in [
            "Wipe out the idiots, you idiot",
            "what the f*ck, wipe it",
            "nothing to see here",
            "",
        ] {
            let mut text = NormalizedText::new(raw);
            assert_eq!(
                indexed.find_in(&text),
                alone.find_in(&text),
                "unmarked: {raw}"
            );
            index.mark(&mut text);
            assert_eq!(
                indexed.find_in(&text),
                alone.find_in(&text),
                "marked: {raw}"
            );
        }
    }

    #[test]
    fn a_list_ignores_marks_made_by_another_index() {
        let words = vec!["idiot".to_owned()];
        let ours = LexiconSet::default();
        let list = ours.lexicon(&words);
        let theirs = LexiconSet::default();
        let _unrelated = theirs.lexicon(&["hello".to_owned()]);
        let mut text = NormalizedText::new("you idiot");
        theirs.finish().mark(&mut text);
        assert_eq!(list.find_in(&text).len(), 1);
    }

    #[test]
    fn words_inside_longer_words_do_not_match() {
        let l = lexicon(&["ass", "cock"]);
        assert!(l
            .find(&tokens("a classic assessment of cocktails"))
            .is_empty());
    }
}
