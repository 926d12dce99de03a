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
    if let Some(last) = words.last_mut() {
        if !words::is_single_letter(&last.0) {
            last.1 = true;
        }
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
            if let Some(last) = words.last_mut() {
                last.1 = true;
            }
        }
        let ends = matches!(
            bytes.last(),
            Some(b',' | b'.' | b';' | b':' | b'!' | b'?' | b')')
        ) || bytes.ends_with(b"--");
        match token {
            Some(token) => words.push((fold_misspelling(token), ends)),
            // Punctuation standing alone ("great song :) check my channel",
            // "wow !! subscribe") ends the clause of the word before it.
            None if ends => {
                if let Some(last) = words.last_mut() {
                    last.1 = true;
                }
            }
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
    glue && !chunk.contains("://") && !chunk.starts_with("www.")
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
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        NormalizedText::new(s).as_str().to_owned()
    }

    #[test]
    fn fullwidth_letters_and_case_fold_to_ascii_lowercase() {
        assert_eq!(n("ＨＥＬＬＯ World"), "hello world");
    }

    #[test]
    fn zero_width_characters_are_removed() {
        assert_eq!(n("sp\u{200B}am\u{FEFF}"), "spam");
    }

    #[test]
    fn accents_and_combining_marks_are_removed() {
        assert_eq!(n("Tomás read it twice."), "tomas read it twice");
        assert_eq!(n("i\u{0301}di\u{0308}ot"), "idiot");
    }

    #[test]
    fn look_alike_letters_become_latin() {
        // Cyrillic а, о and е inside otherwise Latin words.
        assert_eq!(n("cаsinо frее"), "casino free");
    }

    #[test]
    fn leetspeak_inside_words_is_undone() {
        assert_eq!(n("sh1t"), "shit");
        assert_eq!(n("1d10t"), "idiot");
        assert_eq!(n("@$$h0le"), "asshole");
        assert_eq!(n("fr33 m0ney"), "free money");
    }

    #[test]
    fn numbers_stay_numbers() {
        assert_eq!(n("In 2024, 3 of 10 cartels"), "in 2024 3 of 10 cartels");
        assert_eq!(n("$500 now"), "$500 now");
    }

    #[test]
    fn masks_are_kept_for_wildcard_matching() {
        assert_eq!(n("f*ck"), "f*ck");
        assert_eq!(n("F**K this"), "f**k this");
    }

    #[test]
    fn spaced_and_dotted_letters_are_joined() {
        assert_eq!(n("you f u c k off"), "you fuck off");
        assert_eq!(n("s.h.i.t happens"), "shit happens");
        // Two single letters stay apart: "a b" is not a word.
        assert_eq!(n("plan a b"), "plan a b");
        // A clause ends a run: only the three after it join.
        assert_eq!(n("plan a b. c d e"), "plan a b cde");
        assert_eq!(n("x y, z w"), "x y z w");
    }

    #[test]
    fn trailing_punctuation_and_smileys_are_not_words() {
        assert_eq!(
            n("PLEASE SUBSCRIBE:)!! (really)"),
            "please subscribe really"
        );
    }

    #[test]
    fn clause_boundaries_are_remembered() {
        let t = NormalizedText::new("You're right, the idiots won.");
        assert_eq!(t.tokens(), ["you're", "right", "the", "idiots", "won"]);
        assert!(t.clause_ends_after(1) && !t.clause_ends_after(2) && t.clause_ends_after(4));
    }

    #[test]
    fn glued_words_come_apart_and_leading_punctuation_ends_a_clause() {
        let t =
            NormalizedText::new("on YouTube:watch like&share nice song .See https://a.example/x:y");
        assert_eq!(
            t.tokens(),
            [
                "on",
                "youtube",
                "watch",
                "like",
                "share",
                "nice",
                "song",
                "see",
                "https://a.example/x:y"
            ]
        );
        assert!(t.clause_ends_after(1), "the colon ends a clause");
        assert!(t.clause_ends_after(6), "'.See' ends the clause before it");
        assert!(!t.clause_ends_after(5));
    }

    #[test]
    fn words_glued_by_runs_of_punctuation_come_apart() {
        assert_eq!(n("WE DID SOME COVERS!!WE DID"), "we did some covers we did");
        assert_eq!(n("why?because so...and"), "why because so and");
        assert!(NormalizedText::new("covers!!we").clause_ends_after(0));
        // One mark inside a word is still a letter or an abbreviation, and links stay whole.
        assert_eq!(
            n("sh!t e.g. www.x.example/p?id=1"),
            "shit e.g www.x.example/p?id=1"
        );
    }

    #[test]
    fn ascii_chunks_split_where_unicode_white_space_would() {
        for text in ["", "  ", "a", " a\tb\nc\x0Bd\x0Ce\rf  g ", "one  two"] {
            let mut chunks = Vec::new();
            for_each_chunk(text, |c| chunks.push(c));
            assert_eq!(
                chunks,
                text.split_whitespace().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_plain_word_path_agrees_with_the_full_treatment() {
        // Every chunk up to four characters over letters, punctuation, a
        // digit and glue: where the fast path answers, it answers the same.
        let alphabet = ['a', 'b', '\'', '.', '(', '-', '1', ':', '*'];
        let mut chunks = vec![String::new()];
        let mut taken = 0;
        for _ in 0..4 {
            let longer: Vec<String> = chunks
                .iter()
                .flat_map(|c| alphabet.iter().map(move |ch| format!("{c}{ch}")))
                .collect();
            for chunk in &longer {
                if let Some(word) = words::plain_word(chunk) {
                    taken += 1;
                    assert_eq!(normalize_token(chunk).as_deref(), Some(word), "{chunk:?}");
                }
            }
            chunks = longer;
        }
        assert!(taken > 100, "the fast path takes the common shapes");
        assert_eq!(words::plain_word("(you're),"), Some("you're"));
        for inner in ["e.g.", "and/or", "sooooo", "f*ck", "naïve", "like&share"] {
            assert_eq!(words::plain_word(inner), None, "{inner}");
        }
    }

    #[test]
    fn misspellings_of_subscribe_fold_into_it_and_its_inflections_stay() {
        assert_eq!(
            n("Sucscribe to me! subscrib suscribe subscirbe"),
            "subscribe to me subscribe subscribe subscribe"
        );
        assert_eq!(n("plz like, pls share"), "please like please share");
        for word in [
            "subscribed",
            "subscriber",
            "subscribers",
            "subscript",
            "suburbs",
            "sunscreen",
        ] {
            assert_eq!(n(word), word);
        }
    }

    #[test]
    fn line_breaks_typed_or_marked_up_end_a_clause() {
        let t = NormalizedText::new("Nice song\nCheck my channel<br />Like<p>share</p>now");
        assert_eq!(
            t.tokens(),
            ["nice", "song", "check", "my", "channel", "like", "share", "now"]
        );
        let ends: Vec<bool> = (0..t.tokens().len())
            .map(|i| t.clause_ends_after(i))
            .collect();
        assert_eq!(ends, [false, true, false, false, true, true, true, false]);
        // Inline markup is only a space, and a word spelt down the lines still joins.
        let t = NormalizedText::new("my <b>new</b> song");
        assert!(!t.clause_ends_after(0) && !t.clause_ends_after(1));
        assert_eq!(n("f\nu\nc\nk you"), "fuck you");
    }

    #[test]
    fn stretched_letters_shrink_but_doubles_stay() {
        assert_eq!(n("stuuuupid"), "stupid");
        assert_eq!(n("soooo good, will kill it"), "so good will kill it");
    }

    #[test]
    fn entities_and_markup_are_removed() {
        assert_eq!(n("Tom &amp; Jerry&#39;s <b>show</b>"), "tom jerry's show");
        assert_eq!(n(r#"<a href="http://x.example">link</a>"#), "link");
    }

    #[test]
    fn unfinished_entities_next_to_multibyte_characters_do_not_panic() {
        assert_eq!(n("&lt;3 &lt;3\u{feff}"), "3 3");
        assert_eq!(n("&\u{feff}\u{feff}\u{feff}\u{feff}é"), "e");
        assert_eq!(n("&#99999999999;"), "#99999999999");
    }

    #[test]
    fn ordinary_words_are_not_mangled() {
        for text in [
            "Scunthorpe",
            "assessment",
            "cocktail",
            "Dick Cheney",
            "classic",
            "therapist",
            "grape",
            "analysis",
        ] {
            assert_eq!(n(text), text.to_lowercase(), "{text}");
        }
    }
}
