//! Character-level folding: entities, markup, compatibility forms, case,
//! accents, invisible characters and look-alike letters.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Undoes the HTML entities that comment widgets and exports leave behind.
pub(super) fn decode_entities(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
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
    Cow::Owned(out)
}

/// Compatibility forms, case, accents, invisible characters, look-alikes and
/// markup, character by character.
pub(super) fn fold_characters(raw: &str) -> String {
    // ASCII is already in compatibility and decomposed form: skip the
    // Unicode passes, which dominate the cost of normalising most comments.
    if raw.is_ascii() {
        return fold_ascii(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut in_tag = false;
    let chars: Vec<char> = raw.nfkc().collect::<String>().nfd().collect();
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
                let name: String = chars[i + 1..].iter().take(5).collect();
                out.push(tag_gap(name.as_bytes()));
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
    if !raw.contains('<') {
        return raw.to_ascii_lowercase();
    }
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
                out.push(tag_gap(&bytes[i + 1..]));
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

/// What a tag leaves in the text: a line break for the tags that start a
/// new line (`<br>`, `<p>`, `<div>`, `<li>`), so that it ends a clause as a
/// typed line break does, and a space for the rest. `after` is what follows
/// the `<`.
fn tag_gap(after: &[u8]) -> char {
    let name = after.strip_prefix(b"/").unwrap_or(after);
    let len = name.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let name = &name[..len];
    let breaks = [&b"br"[..], b"p", b"div", b"li"]
        .iter()
        .any(|tag| name.eq_ignore_ascii_case(tag));
    if breaks {
        '\n'
    } else {
        ' '
    }
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
