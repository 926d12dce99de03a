//! Pictures drawn in block and braille characters: the chain-letter art
//! ("you have been spooked, paste this on three videos") that bots and
//! copy-pasters spread across comment threads.

use super::spam;
use crate::domain::scoring::{Reason, Rule, RuleInput};

/// Lines a picture spans at least. One line of `▀▄▀▄` is a divider someone
/// decorated a remark with; a picture needs rows.
const MIN_LINES: usize = 3;
/// Drawing characters a line needs to count as a row of a picture.
const MIN_PER_LINE: usize = 3;
/// Drawing characters in the whole picture, at least.
const MIN_TOTAL: usize = 20;

/// Text art; see the module's documentation.
pub(super) struct TextArt {
    pub(super) weight: f64,
}

/// Block elements (`░▒▓█▄▀▐`) and braille patterns (the dots braille art
/// is drawn with). Box-drawing lines are left out: a table pasted from a
/// terminal is drawn with them, and it is a reader's evidence, not a
/// picture.
fn is_drawing(c: char) -> bool {
    matches!(c as u32, 0x2580..=0x259F | 0x2800..=0x28FF)
}

/// Rows of a picture and its drawing characters, or `None` when the text
/// holds no picture. Lines end at a new line or at markup (`<br />`), as a
/// YouTube export writes them.
fn picture(body: &str) -> Option<(usize, usize)> {
    if body.is_ascii() {
        return None;
    }
    let (mut rows, mut total) = (0, 0);
    for line in body.split(['\n', '<']) {
        let drawn = line.chars().filter(|&c| is_drawing(c)).count();
        total += drawn;
        rows += usize::from(drawn >= MIN_PER_LINE);
    }
    (rows >= MIN_LINES && total >= MIN_TOTAL).then_some((rows, total))
}

impl Rule for TextArt {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        if let Some((rows, total)) = picture(input.comment.body.as_str()) {
            hits.push(spam(
                "text_art",
                self.weight,
                format!("a picture of {total} block or braille characters over {rows} lines"),
                Vec::new(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::picture;

    #[test]
    fn a_picture_over_several_lines_is_text_art() {
        let art = "░░░▄▄▄░░░\n░░█▀░▀█░░\n░░▀▄▄▄▀░░<br />paste this on 3 videos";
        assert_eq!(picture(art), Some((3, 27)));
    }

    #[test]
    fn a_decorated_divider_or_a_terminal_table_is_not() {
        assert_eq!(
            picture("▀▄▀▄▀▄▀▄▀▄▀▄▀▄▀▄▀▄▀▄▀▄ great song ▀▄▀▄▀▄▀▄▀▄▀▄"),
            None
        );
        let table =
            "┌──────┬──────┐\n│ year │ rate │\n├──────┼──────┤\n│ 2024 │ 3.1% │\n└──────┴──────┘";
        assert_eq!(picture(table), None);
        assert_eq!(picture("plain words\non three\nlines"), None);
    }
}
