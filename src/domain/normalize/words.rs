//! Word-level repairs: leetspeak, dotted letters, stretched letters and
//! spaced-out words.

use super::{Token, MASK_CHARS};

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
pub(super) fn normalize_token(raw: &str) -> Option<Token> {
    // Edge punctuation is not part of the word; inner symbols may be leet or
    // masks, and a leading `@` or `$` may be a letter (`@$$h0le`).
    let trimmed = trim_edges(raw);
    if trimmed.is_empty() {
        return None;
    }
    // Plain lowercase words can only be stretched (`plain_word` already took
    // those that are not, when normalising a whole text).
    if trimmed
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'\'')
    {
        return Some(if has_triple(trimmed) {
            collapse_repeats(trimmed).into()
        } else {
            trimmed.into()
        });
    }
    if super::is_link_token(trimmed) {
        return Some(trimmed.into());
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
    (!word.is_empty()).then(|| word.into())
}

/// The word in a chunk that needs no repair, found in one pass over its
/// bytes: lowercase ASCII letters (with apostrophes between them) and
/// punctuation only at the edges, no colon or ampersand, and no letter three
/// times in a row. Most chunks of most comments are such words, and the
/// several scans of [`normalize_token`] cost more than the rest of
/// normalising them. For anything else this says `None`, and the chunk
/// gets the full treatment, which gives the same word for these.
pub(super) fn plain_word(chunk: &str) -> Option<&str> {
    let mut start = None;
    let mut end = 0;
    // Punctuation seen after a letter: another letter makes it inner
    // punctuation ("e.g", "and/or"), which is for the full treatment.
    let mut closed = false;
    let mut run = (0u8, 0u8);
    for (i, &b) in chunk.as_bytes().iter().enumerate() {
        match b {
            b'a'..=b'z' => {
                if closed {
                    return None;
                }
                start.get_or_insert(i);
                end = i + 1;
                run = if run.0 == b { (b, run.1 + 1) } else { (b, 1) };
                if run.1 == 3 {
                    return None;
                }
            }
            b'\'' => run = (b, 1),
            // Letters in disguise, masks, glue, and whatever is not ASCII.
            b'0'..=b'9' | b'*' | b'#' | b'_' | b'@' | b'$' | b':' | b'&' | 0x80.. => return None,
            _ if start.is_some() => closed = true,
            _ => {}
        }
    }
    start.map(|s| &chunk[s..end])
}

/// Edge punctuation is not part of the word; inner symbols may be leet or
/// masks, and a leading `@` or `$` may be a letter (`@$$h0le`).
fn trim_edges(raw: &str) -> &str {
    if raw.is_ascii() {
        // The same rule byte by byte: most chunks are ASCII, and decoding
        // characters from both ends costs more than the rest of the word.
        let bytes = raw.as_bytes();
        let keep = |b: u8| b.is_ascii_alphanumeric() || MASK_CHARS.contains(&char::from(b));
        let end = bytes.iter().rposition(|&b| keep(b)).map_or(0, |p| p + 1);
        let start = bytes[..end]
            .iter()
            .position(|&b| keep(b) || b == b'@' || b == b'$')
            .unwrap_or(end);
        return &raw[start..end];
    }
    let keep = |c: char| c.is_alphanumeric() || MASK_CHARS.contains(&c);
    let trimmed = raw.trim_end_matches(|c: char| !keep(c));
    trimmed.trim_start_matches(|c: char| !keep(c) && c != '@' && c != '$')
}

fn is_separated_letters(token: &str) -> bool {
    let parts: Vec<&str> = token.split(['.', '-', '_']).collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

fn has_triple(word: &str) -> bool {
    let mut run = (0u8, 0usize);
    for &b in word.as_bytes() {
        if !b.is_ascii() {
            return word.chars().count() >= 3;
        }
        run = if b == run.0 { (b, run.1 + 1) } else { (b, 1) };
        if run.1 == 3 {
            return true;
        }
    }
    false
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

pub(super) fn is_single_letter(token: &str) -> bool {
    let mut chars = token.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// Three or more single letters in a row are one spaced-out word (`f u c k`).
pub(super) fn join_spaced_letters(tokens: Vec<(Token, bool)>) -> Vec<(Token, bool)> {
    // Most texts have no such run: find out before rebuilding the list.
    let mut singles = 0;
    let has_run = tokens.iter().any(|(token, ends)| {
        if is_single_letter(token) {
            singles += 1;
            let long_enough = singles >= 3;
            if *ends {
                singles = 0;
            }
            long_enough
        } else {
            singles = 0;
            false
        }
    });
    if !has_run {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut run: Vec<(Token, bool)> = Vec::new();
    let flush = |run: &mut Vec<(Token, bool)>, out: &mut Vec<(Token, bool)>| {
        if run.len() >= 3 {
            let ends = run.last().is_some_and(|(_, e)| *e);
            out.push((run.iter().map(|(t, _)| t.as_str()).collect(), ends));
        } else {
            out.append(run);
        }
        run.clear();
    };
    for (token, ends) in tokens {
        if is_single_letter(&token) {
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

/// Folds the spellings that pitches turn on: shortened "please" ("plz",
/// "pls") becomes "please", and misspelt "subscribe" becomes "subscribe".
///
/// "Subscribe" is the word self-promotion turns on, and both spammers
/// dodging a filter and hurried typists misspell it ("sucscribe",
/// "subscrib", "suscribe"). A word within two edits of it, starting as it
/// does, folds into it; its real inflections ("subscribed", "subscriber")
/// and "subscript" start with all of "subscri" and are left alone.
pub(super) fn fold_misspelling(token: Token) -> Token {
    const WORD: &str = "subscribe";
    // Nearly every word is ruled out by its first letter and length.
    if !matches!(token.as_bytes().first(), Some(b'p' | b's')) || token.len() > 11 {
        return token;
    }
    // "Please" shortened is the same plea ("plz like", "pls subscribe").
    if matches!(
        token.as_str(),
        "plz" | "pls" | "plez" | "plse" | "plees" | "pleez" | "pliz" | "plizz" | "plis" | "pleaz"
    ) {
        return "please".into();
    }
    let len = token.len();
    if !(7..=11).contains(&len)
        || !token.starts_with("su")
        || (len >= WORD.len() && token.starts_with("subscri"))
        || !token.bytes().all(|b| b.is_ascii_lowercase())
        || edit_distance(token.as_bytes(), WORD.as_bytes()) > 2
    {
        return token;
    }
    WORD.into()
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of neighbours each cost one.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let width = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}
