//! The canonical view of a comment's text that rules match against, undoing
//! the tricks people use to slip words past filters: fullwidth and look-alike
//! letters, accents, zero-width characters, leetspeak (`sh1t`), masking
//! (`f*ck`), spaced-out letters (`f u c k`) and stretched letters
//! (`stuuuupid`). The original text is kept separately for evidence.

mod chars;
mod words;

use chars::{decode_entities, fold_characters};
use words::{join_spaced_letters, normalize_token};

/// Normalised text: lowercase ASCII-leaning words separated by single spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedText {
    text: String,
    tokens: Vec<String>,
    /// Whether any token still holds a mask character (`f*ck`).
    masked: bool,
    /// Each token's hash, computed once so that every word list can look
    /// tokens up without hashing them again.
    hashes: Vec<u64>,
    /// Whether punctuation ended a clause after each token.
    clause_ends: Vec<bool>,
}

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
        let mut words: Vec<(String, bool)> = Vec::new();
        for chunk in cleaned.split_whitespace().flat_map(split_glued) {
            // "song .See my track": punctuation written before a word ends
            // the clause before it.
            if chunk.starts_with(['.', ';', '!', '?']) {
                if let Some(last) = words.last_mut() {
                    last.1 = true;
                }
            }
            let ends =
                chunk.ends_with([',', '.', ';', ':', '!', '?', ')']) || chunk.ends_with("--");
            if let Some(token) = normalize_token(chunk) {
                words.push((token, ends));
            }
        }
        let (tokens, clause_ends): (Vec<String>, Vec<bool>) =
            join_spaced_letters(words).into_iter().unzip();
        let text = tokens.join(" ");
        let masked = text.contains(MASK_CHARS);
        let hashes = tokens.iter().map(|t| token_hash(t)).collect();
        Self {
            text,
            tokens,
            masked,
            hashes,
            clause_ends,
        }
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

    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }
}

/// Words glued by a colon or an ampersand ("youtube:watch", "like&share")
/// are separate words; links keep their colons.
fn split_glued(chunk: &str) -> Vec<&str> {
    if chunk.contains("://") || !chunk.contains([':', '&']) {
        return vec![chunk];
    }
    // Keep the separator on the left part, so a colon still ends its clause.
    chunk.split_inclusive([':', '&']).collect()
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
