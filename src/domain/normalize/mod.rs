//! The canonical view of a comment's text that rules match against, undoing
//! the tricks people use to slip words past filters: fullwidth and look-alike
//! letters, accents, zero-width characters, leetspeak (`sh1t`), masking
//! (`f*ck`), spaced-out letters (`f u c k`) and stretched letters
//! (`stuuuupid`). The original text is kept separately for evidence.

mod chars;
mod words;

use compact_str::CompactString;

use chars::{decode_entities, fold_characters};
use words::{fold_misspelling, join_spaced_letters, normalize_token, plain_word};

/// Normalised text: lowercase ASCII-leaning words separated by single spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedText {
    text: String,
    tokens: Vec<Token>,
    /// Whether any token still holds a mask character (`f*ck`).
    masked: bool,
    /// Each token's hash, computed once so that every word list can look
    /// tokens up without hashing them again.
    hashes: Vec<u64>,
    /// Whether punctuation ended a clause after each token.
    clause_ends: Vec<bool>,
    /// Where word lists may start an entry, when an index has marked them.
    marks: Option<StartMarks>,
}

/// The tokens at which an entry of some word list may start, found by one
/// lookup per token in an index of many lists' first words, so that each
/// list then visits only those tokens instead of all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartMarks {
    /// Which index made the marks: a list only trusts its own index's bits.
    pub index: u64,
    /// Token positions, ascending, each with a bit per list that may start there.
    pub at: Vec<(usize, u64)>,
}

/// One normalised word. Almost every word fits inline, so normalising a
/// comment does not allocate once per word.
pub type Token = CompactString;

/// Characters that stand in for a hidden letter, as in `f*ck` or `sh#t`.
pub const MASK_CHARS: [char; 3] = ['*', '#', '_'];

impl NormalizedText {
    /// Normalises `raw`.
    ///
    /// ```
    /// use moderato::domain::normalize::NormalizedText;
    ///
    /// assert_eq!(NormalizedText::new("ＦＲＥＥ\u{200B} Money").as_str(), "free money");
    /// assert_eq!(NormalizedText::new("y0u are a stuuuupid 1d10t").as_str(), "you are a stupid idiot");
    /// ```
    pub fn new(raw: &str) -> Self {
        let cleaned = fold_characters(&decode_entities(raw));
        let mut words: Vec<(Token, bool)> = Vec::with_capacity(cleaned.len() / 5);
        for line in cleaned.split('\n') {
            end_line(&mut words);
            for_each_chunk(line, |chunk| push_chunk(&mut words, chunk));
        }
        let words = join_spaced_letters(words);
        let mut text = String::with_capacity(cleaned.len());
        let mut tokens = Vec::with_capacity(words.len());
        let mut clause_ends = Vec::with_capacity(words.len());
        let mut hashes = Vec::with_capacity(words.len());
        for (token, ends) in words {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&token);
            hashes.push(token_hash(&token));
            tokens.push(token);
            clause_ends.push(ends);
        }
        // The mask characters are ASCII: a byte scan, not a char search.
        let masked = text
            .bytes()
            .any(|b| MASK_CHARS.iter().any(|&m| b == m as u8));
        Self {
            text,
            tokens,
            masked,
            hashes,
            clause_ends,
            marks: None,
        }
    }

    /// Records where word lists may start (see [`StartMarks`]).
    pub fn set_marks(&mut self, marks: StartMarks) {
        self.marks = Some(marks);
    }

    pub fn marks(&self) -> Option<&StartMarks> {
        self.marks.as_ref()
    }

    /// The hash of each token, as [`token_hash`] computes it.
    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    /// Whether any word is masked, so matchers can skip wildcard matching.
    pub fn has_masks(&self) -> bool {
        self.masked
    }

    /// Whether a clause ends after token `i` (a comma, full stop and the like).
    pub fn clause_ends_after(&self, i: usize) -> bool {
        self.clause_ends.get(i).copied().unwrap_or(true)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }
}

/// A line break ends a clause, as a full stop does: "Nice song\nCheck out
/// my channel" is two requests' worth of clauses, not one. A letter alone on
/// its line is left open, so that a word spelt down the lines still joins.
fn end_line(words: &mut [(Token, bool)]) {
    if words
        .last()
        .is_some_and(|(t, _)| !words::is_single_letter(t))
    {
        end_clause(words);
    }
}

/// Marks a clause end after the last word so far, if there is one.
fn end_clause(words: &mut [(Token, bool)]) {
    if let Some(last) = words.last_mut() {
        last.1 = true;
    }
}

/// Adds the words of one whitespace-separated chunk, noting whether
/// punctuation ends a clause after it.
fn push_chunk(words: &mut Vec<(Token, bool)>, chunk: &str) {
    let mut push = |chunk: &str, token: Option<Token>| {
        // "song .See my track": punctuation written before a word ends
        // the clause before it.
        // The marks are ASCII, so the edge bytes tell.
        let bytes = chunk.as_bytes();
        if matches!(bytes.first(), Some(b'.' | b';' | b'!' | b'?')) {
            end_clause(words);
        }
        let ends = matches!(
            bytes.last(),
            Some(b',' | b'.' | b';' | b':' | b'!' | b'?' | b')')
        ) || bytes.ends_with(b"--");
        match token {
            Some(token) => words.push((fold_misspelling(token), ends)),
            // Punctuation standing alone ("great song :) check my channel",
            // "wow !! subscribe") ends the clause of the word before it.
            None if ends => end_clause(words),
            None => {}
        }
    };
    if let Some(word) = plain_word(chunk) {
        push(chunk, Some(word.into()));
    } else if is_glued(chunk) {
        // Keep the separator on the left part, so a colon still ends its clause.
        let mut start = 0;
        for end in glue_cuts(chunk) {
            let part = &chunk[start..end];
            push(part, normalize_token(part));
            start = end;
        }
    } else {
        push(chunk, normalize_token(chunk));
    }
}

/// Words glued by a colon, an ampersand, a question mark or a run of `!` or
/// `.` ("youtube:watch", "like&share", "COVERS!!WE", "why?because") are
/// separate words; links keep their punctuation.
fn is_glued(chunk: &str) -> bool {
    // Chunks are a few bytes long: a plain loop beats a vectorised search.
    let bytes = chunk.as_bytes();
    let glue = bytes.iter().any(|&b| matches!(b, b':' | b'&' | b'?'))
        || bytes
            .windows(2)
            .any(|w| w[0] == w[1] && matches!(w[0], b'!' | b'.'));
    glue && !is_link_token(chunk)
}

/// Whether a word is a web address ("https://…", "www.…"): links keep
/// their punctuation and are not words to repair.
pub fn is_link_token(token: &str) -> bool {
    token.contains("://") || token.starts_with("www.")
}

/// The offsets a glued chunk comes apart at, each just after its glue, the
/// last at the chunk's end. A single `!` or `.` inside a word stays: it may
/// be leetspeak (`sh!t`) or an abbreviation (`e.g`).
fn glue_cuts(chunk: &str) -> Vec<usize> {
    let bytes = chunk.as_bytes();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let run = bytes[i..].iter().take_while(|&&c| c == b).count();
        let glue = matches!(b, b':' | b'&' | b'?') || (run >= 2 && matches!(b, b'!' | b'.'));
        i += run;
        if glue && i < bytes.len() {
            cuts.push(i);
        }
    }
    cuts.push(bytes.len());
    cuts
}

/// Calls `f` with each whitespace-separated chunk, as `split_whitespace`
/// would, but byte by byte on ASCII text, where decoding characters is most
/// of the work.
fn for_each_chunk<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    if !text.is_ascii() {
        text.split_whitespace().for_each(f);
        return;
    }
    // ASCII's Unicode white space: tab, line feed, vertical tab, form feed,
    // carriage return and space; one comparison rules out everything else.
    let space = |b: u8| b <= b' ' && matches!(b, b' ' | b'\t'..=b'\r');
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && space(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !space(bytes[i]) {
            i += 1;
        }
        if start < i {
            f(&text[start..i]);
        }
    }
}

/// The hash word lists index their entries by.
pub fn token_hash(token: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    token.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests;
