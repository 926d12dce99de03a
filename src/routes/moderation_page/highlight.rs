//! Splitting a comment into plain and highlighted runs, so the page can mark
//! what made rules fire while the template escapes every run.

/// A run of comment text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub mark: bool,
}

/// Marks every case-insensitive occurrence of each needle. ASCII-only case
/// folding keeps byte offsets valid in the original text.
pub fn segments(body: &str, needles: &[String]) -> Vec<Segment> {
    let haystack = body.to_ascii_lowercase();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for needle in needles
        .iter()
        .map(|n| n.to_ascii_lowercase())
        .filter(|n| !n.is_empty())
    {
        let mut from = 0;
        while let Some(pos) = haystack[from..].find(&needle) {
            let start = from + pos;
            let end = start + needle.len();
            ranges.push((start, end));
            from = end;
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end) in merged {
        if start > at {
            out.push(Segment {
                text: body[at..start].to_owned(),
                mark: false,
            });
        }
        out.push(Segment {
            text: body[start..end].to_owned(),
            mark: true,
        });
        at = end;
    }
    if at < body.len() || out.is_empty() {
        out.push(Segment {
            text: body[at..].to_owned(),
            mark: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(body: &str, needles: &[&str]) -> Vec<(String, bool)> {
        let needles: Vec<String> = needles.iter().map(|s| s.to_string()).collect();
        segments(body, &needles)
            .into_iter()
            .map(|s| (s.text, s.mark))
            .collect()
    }

    #[test]
    fn occurrences_are_marked_case_insensitively() {
        assert_eq!(
            marked(
                "Buy at WWW.X.example now, www.x.example!",
                &["www.x.example"]
            ),
            [
                ("Buy at ".into(), false),
                ("WWW.X.example".into(), true),
                (" now, ".into(), false),
                ("www.x.example".into(), true),
                ("!".into(), false)
            ]
        );
    }

    #[test]
    fn overlapping_needles_merge_and_unicode_stays_intact() {
        assert_eq!(
            marked("héllo abcd", &["abc", "bcd"]),
            [("héllo ".into(), false), ("abcd".into(), true)]
        );
        assert_eq!(marked("nothing", &[]), [("nothing".into(), false)]);
    }
}
