//! The canonical view of a comment's text that rules match against. The
//! original text is kept for evidence; rules never see raw input twice over.

use unicode_normalization::UnicodeNormalization;

/// Text after compatibility normalisation and case folding, with invisible
/// formatting characters removed so that `f\u{200B}oo` reads as `foo`.
///
/// ```
/// use moderato::domain::normalize::NormalizedText;
///
/// assert_eq!(NormalizedText::new("ＦＲＥＥ\u{200B} Money").as_str(), "free money");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedText(String);

impl NormalizedText {
    pub fn new(raw: &str) -> Self {
        let text = raw
            .nfkc()
            .filter(|c| !is_invisible(*c))
            .flat_map(char::to_lowercase)
            .collect();
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Zero-width and other format characters that render as nothing but split
/// words for a naive matcher.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fullwidth_letters_and_case_fold_to_ascii_lowercase() {
        assert_eq!(
            NormalizedText::new("ＨＥＬＬＯ World").as_str(),
            "hello world"
        );
    }

    #[test]
    fn zero_width_characters_are_removed() {
        assert_eq!(NormalizedText::new("sp\u{200B}am\u{FEFF}").as_str(), "spam");
    }

    #[test]
    fn ordinary_text_is_unchanged_but_for_case() {
        assert_eq!(
            NormalizedText::new("Tomás read it twice.").as_str(),
            "tomás read it twice."
        );
    }
}
