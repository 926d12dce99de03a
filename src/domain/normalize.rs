//! The canonical view of a comment's text that rules match against, undoing
//! the tricks people use to slip words past filters: fullwidth and look-alike
//! letters, accents, zero-width characters, leetspeak (`sh1t`), masking
//! (`f*ck`), spaced-out letters (`f u c k`) and stretched letters
//! (`stuuuupid`). The original text is kept separately for evidence.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
        let words: Vec<(String, bool)> = cleaned
            .split_whitespace()
            .filter_map(|chunk| {
                let ends =
                    chunk.ends_with([',', '.', ';', ':', '!', '?', ')']) || chunk.ends_with("--");
                normalize_token(chunk).map(|t| (t, ends))
            })
            .collect();
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

/// The hash word lists index their entries by.
pub fn token_hash(token: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    token.hash(&mut hasher);
    hasher.finish()
}

/// Undoes the HTML entities that comment widgets and exports leave behind.
fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // Entity names are short; look no further, and only at char boundaries.
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Compatibility forms, case, accents, invisible characters, look-alikes and
/// markup, character by character.
fn fold_characters(raw: &str) -> String {
    if raw.is_ascii() {
        return fold_ascii(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut in_tag = false;
    // ASCII is already in compatibility and decomposed form: skip the
    // Unicode passes, which dominate the cost of normalising most comments.
    let chars: Vec<char> = if raw.is_ascii() {
        raw.chars().collect()
    } else {
        raw.nfkc().collect::<String>().nfd().collect()
    };
    for (i, &c) in chars.iter().enumerate() {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        // Markup is not words: `<a href=...>` must not read as text, but a
        // heart `<3` or `a < b` is.
        let opens_tag = c == '<'
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!');
        match c {
            '<' if opens_tag => {
                in_tag = true;
                out.push(' ');
                continue;
            }
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
                continue;
            }
            _ if in_tag => continue,
            _ => {}
        }
        for lower in c.to_lowercase() {
            out.push(confusable(lower));
        }
    }
    out
}

/// The same as [`fold_characters`] for ASCII text, byte by byte: no
/// compatibility forms, accents, invisible characters or look-alikes to undo.
fn fold_ascii(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut in_tag = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' if bytes
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/' || *n == b'!') =>
            {
                in_tag = true;
                out.push(' ');
            }
            b'>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if in_tag => {}
            _ => out.push(char::from(b.to_ascii_lowercase())),
        }
    }
    out
}

/// Zero-width and other format characters that render as nothing but split
/// words for a naive matcher.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// Cyrillic and Greek letters that look like Latin ones.
fn confusable(c: char) -> char {
    match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'е' | 'ε' | 'ё' => 'e',
        'н' | 'η' => 'h',
        'і' | 'ι' | 'ї' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'о' | 'ο' | 'σ' => 'o',
        'р' | 'ρ' => 'p',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'у' | 'γ' => 'y',
        'υ' | 'μ' => 'u',
        'х' | 'χ' => 'x',
        'ν' => 'v',
        'ω' => 'w',
        'ᴀ' => 'a',
        _ => c,
    }
}

/// Symbols and digits that stand for letters inside words.
fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => return None,
    })
}

/// One whitespace-separated chunk to a word, or `None` when nothing wordy is left.
fn normalize_token(raw: &str) -> Option<String> {
    // Edge punctuation is not part of the word; inner symbols may be leet or
    // masks, and a leading `@` or `$` may be a letter (`@$$h0le`).
    let keep = |c: char| c.is_alphanumeric() || MASK_CHARS.contains(&c);
    let trimmed = raw.trim_end_matches(|c: char| !keep(c));
    let trimmed = trimmed.trim_start_matches(|c: char| !keep(c) && c != '@' && c != '$');
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.contains("://") || trimmed.starts_with("www.") {
        return Some(trimmed.to_owned());
    }
    // Most words need none of the repairs below; checking first saves the
    // allocations that dominate normalisation.
    let has_leet = trimmed.chars().any(|c| leet(c).is_some());
    let mapped: String = if has_leet
        && trimmed.chars().any(char::is_alphabetic)
        && !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        trimmed.chars().map(|c| leet(c).unwrap_or(c)).collect()
    } else {
        trimmed.to_owned()
    };
    // Dotted or hyphenated single letters: f.u.c.k, s-h-i-t.
    let mapped = if mapped.contains(['.', '-', '_']) && is_separated_letters(&mapped) {
        mapped.chars().filter(|c| c.is_alphabetic()).collect()
    } else {
        mapped
    };
    let word = if has_triple(&mapped) {
        collapse_repeats(&mapped)
    } else {
        mapped
    };
    (!word.is_empty()).then_some(word)
}

fn is_separated_letters(token: &str) -> bool {
    let parts: Vec<&str> = token.split(['.', '-', '_']).collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

fn has_triple(word: &str) -> bool {
    let b = word.as_bytes();
    b.windows(3).any(|w| w[0] == w[1] && w[1] == w[2])
        || (!word.is_ascii() && word.chars().count() >= 3)
}

/// Runs of three or more of one letter shrink to one: `stuuuupid` is
/// `stupid`, while doubled letters (`good`, `kill`) stay.
fn collapse_repeats(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && chars[j] == chars[i] {
            j += 1;
        }
        let run = j - i;
        let keep = if run >= 3 && chars[i].is_alphabetic() {
            1
        } else {
            run
        };
        out.extend(std::iter::repeat_n(chars[i], keep));
        i = j;
    }
    out
}

/// Three or more single letters in a row are one spaced-out word (`f u c k`).
fn join_spaced_letters(tokens: Vec<(String, bool)>) -> Vec<(String, bool)> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut run: Vec<(String, bool)> = Vec::new();
    let flush = |run: &mut Vec<(String, bool)>, out: &mut Vec<(String, bool)>| {
        if run.len() >= 3 {
            let ends = run.last().is_some_and(|(_, e)| *e);
            out.push((run.iter().map(|(t, _)| t.as_str()).collect(), ends));
        } else {
            out.append(run);
        }
        run.clear();
    };
    for (token, ends) in tokens {
        let single = token.chars().count() == 1 && token.chars().all(char::is_alphabetic);
        if single {
            run.push((token, ends));
            if ends {
                flush(&mut run, &mut out);
            }
        } else {
            flush(&mut run, &mut out);
            out.push((token, ends));
        }
    }
    flush(&mut run, &mut out);
    out
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
