//! Spam signals about the sender rather than the pitch: contact bait, a
//! keyword author name, shouting and floods, and what storage knows.

use std::sync::LazyLock;

use regex::RegexSet;

use super::spam;
use crate::config::RuleWeights;
use crate::domain::scoring::lexicon::Lexicon;
use crate::domain::scoring::{Reason, Rule, RuleInput};

/// Phone numbers, messenger handles and email addresses in the body.
pub(super) struct ContactBait {
    pub(super) weight: f64,
}

/// The ways of asking to be contacted off-site, each with what it is
/// called, in one set so that a comment is scanned once for all of them.
static CONTACT: LazyLock<(RegexSet, Vec<&'static str>)> = LazyLock::new(|| {
    let cues: [(&str, &'static str); 5] = [
        (r"(?:\+|\b)\d[\d\s().-]{8,}\d\b", "a phone number"),
        (
            r"(?i)\b(?:whats\s?app|telegram|wechat|viber|signal me|kik)\b",
            "a messenger handle",
        ),
        (r"(?i)\b(?:wa\.me|t\.me)/", "a messenger link"),
        (
            r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b",
            "an email address",
        ),
        (
            r"(?i)\b(?:hit me up|dm me|pm me|inbox me|message me|text me|contact me|email me|ask me how)\b",
            "an invitation to message them",
        ),
    ];
    // Literal patterns, covered by tests: they cannot fail at run time.
    let set =
        RegexSet::new(cues.iter().map(|(pattern, _)| pattern)).unwrap_or_else(|_| unreachable!());
    (set, cues.iter().map(|(_, kind)| *kind).collect())
});

impl Rule for ContactBait {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let (set, kinds) = &*CONTACT;
        let body = input.comment.body.as_str();
        // Most comments match no cue, and a plain search is cheaper than
        // the overlapping one that names every cue.
        if !set.is_match(body) {
            return;
        }
        let matched = set.matches(body);
        let mut cues = matched.iter().map(|i| kinds[i]);
        if let Some(cue) = cues.next() {
            // "Message me on kik": an invitation and where to send it.
            let (weight, also) = match cues.next() {
                Some(second) => (self.weight + 0.15, format!(" and {second}")),
                None => (self.weight, String::new()),
            };
            hits.push(spam(
                "contact_bait",
                weight,
                format!("asks to be contacted off-site: {cue}{also}"),
                Vec::new(),
            ));
        }
    }
}

/// An author "name" that is a pitch or a site: `Cheap Viagra`, `bestloans.example`.
pub(super) struct KeywordAuthor {
    pub(super) keywords: Lexicon,
    pub(super) weight: f64,
}

impl Rule for KeywordAuthor {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let name = input.author.tokens();
        let looks_like_site = name.iter().any(|t| {
            t.contains("://")
                || t.starts_with("www.")
                || (t.contains('.')
                    && t.rsplit('.').next().is_some_and(|tld| {
                        (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic())
                    }))
        });
        let keyword = self.keywords.find(name).first().map(|f| f.entry.clone());
        if looks_like_site || keyword.is_some() {
            let what = keyword
                .map(|k| format!("the keyword \"{k}\""))
                .unwrap_or_else(|| "a web address".into());
            hits.push(spam(
                "keyword_author",
                self.weight,
                format!("author name contains {what}"),
                Vec::new(),
            ));
        }
    }
}

/// CAPS LOCK, !!!!! and emoji floods.
pub(super) struct Shouting {
    pub(super) shouting: f64,
    pub(super) emoji: f64,
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

impl Rule for Shouting {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let Tally {
            letters,
            upper,
            marks,
            emoji,
        } = Tally::of(input.comment.body.as_str());
        if letters >= 20 && upper * 10 >= letters * 7 {
            hits.push(spam(
                "shouting",
                self.shouting,
                format!("{}% capital letters", upper * 100 / letters),
                Vec::new(),
            ));
        } else if marks >= 2 {
            hits.push(spam(
                "shouting",
                self.shouting / 2.0,
                "runs of !!! or ???".into(),
                Vec::new(),
            ));
        }
        if emoji >= 8 {
            hits.push(spam(
                "emoji_flood",
                self.emoji,
                format!("{emoji} emoji"),
                Vec::new(),
            ));
        }
    }
}

/// What shouting is measured by, counted in one pass over the text.
#[derive(Debug, Default, PartialEq)]
struct Tally {
    letters: usize,
    upper: usize,
    /// Runs of `!!!` or `???`, a run of six counting twice.
    marks: usize,
    emoji: usize,
}

impl Tally {
    fn of(body: &str) -> Self {
        if body.is_ascii() {
            // Most comments: branch-free byte counts the compiler vectorises,
            // and a look at the runs only where a `!` or `?` is.
            let bytes = body.as_bytes();
            let (mut letters, mut upper) = (0, 0);
            // Byte-wide counters over chunks that cannot overflow them let
            // the compiler count sixteen bytes per instruction.
            for chunk in bytes.chunks(255) {
                let (mut l, mut u) = (0u8, 0u8);
                for &b in chunk {
                    l += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
                    u += u8::from(b.wrapping_sub(b'A') < 26);
                }
                letters += usize::from(l);
                upper += usize::from(u);
            }
            return Self {
                letters,
                upper,
                marks: mark_runs(bytes),
                emoji: 0,
            };
        }
        let mut tally = Self::default();
        let mut run = (' ', 0usize);
        let end_run = |run: (char, usize), tally: &mut Self| {
            if matches!(run.0, '!' | '?') {
                tally.marks += run.1 / 3;
            }
        };
        let step = |c: char| {
            if c == run.0 {
                run.1 += 1;
            } else {
                end_run(run, &mut tally);
                run = (c, 1);
            }
            if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    tally.letters += 1;
                    tally.upper += usize::from(c.is_ascii_uppercase());
                }
            } else {
                if c.is_alphabetic() {
                    tally.letters += 1;
                    tally.upper += usize::from(c.is_uppercase());
                }
                tally.emoji += usize::from(is_emoji(c));
            }
        };
        body.chars().for_each(step);
        end_run(run, &mut tally);
        tally
    }
}

/// Runs of `!!!` or `???` in ASCII text, counted as `str::matches` would.
fn mark_runs(bytes: &[u8]) -> usize {
    let mut total = 0;
    let mut next = 0;
    for at in memchr::memchr2_iter(b'!', b'?', bytes) {
        if at < next {
            continue;
        }
        let run = bytes[at..].iter().take_while(|&&b| b == bytes[at]).count();
        total += run / 3;
        next = at + run;
    }
    total
}

/// What storage knows: the same text on other posts, bursts from one IP or
/// email, earlier rejections, and earlier approvals (trust).
pub(super) struct History {
    pub(super) weights: RuleWeights,
    pub(super) velocity_max: u64,
}

impl Rule for History {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let f = &input.context.facts;
        if f.duplicates_elsewhere > 0 {
            hits.push(spam(
                "duplicate",
                self.weights.duplicate,
                format!(
                    "the same text was posted {} time(s) on other posts recently",
                    f.describe(f.duplicates_elsewhere)
                ),
                Vec::new(),
            ));
        }
        let burst = f.recent_by_ip.max(f.recent_by_email);
        if burst > self.velocity_max {
            hits.push(spam(
                "velocity",
                self.weights.velocity,
                format!(
                    "{} submissions from the same sender in a short window",
                    f.describe(burst)
                ),
                Vec::new(),
            ));
        }
        let rejected = f.rejected_by_email.max(f.rejected_by_ip);
        if rejected > 0 {
            hits.push(spam(
                "spam_history",
                self.weights.spam_history,
                format!(
                    "{} earlier comment(s) from this sender were rejected",
                    f.describe(rejected)
                ),
                Vec::new(),
            ));
        }
        // An email is easy to borrow: trust softens soft signals, never a
        // filled honeypot or a scripted submission.
        let scripted = hits
            .iter()
            .any(|h| h.rule == "honeypot" || h.rule == "too_fast");
        if f.approved_by_email > 0 && rejected == 0 && !scripted {
            hits.push(spam(
                "trusted_author",
                self.weights.trusted_author,
                format!(
                    "{} earlier comment(s) by this author were approved",
                    f.describe(f.approved_by_email)
                ),
                Vec::new(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tally;

    #[test]
    fn a_tally_counts_letters_capitals_mark_runs_and_emoji_in_one_pass() {
        assert_eq!(
            Tally::of("WOW Ünïcode!!! really??? 😀🔥 ok!!!!!!"),
            Tally {
                letters: 18,
                upper: 4,
                marks: 4,
                emoji: 2,
            }
        );
        assert_eq!(Tally::of("!! ?? !?!"), Tally::default());
        assert_eq!(
            Tally::of("LOUD and clear!!!!!! ok???"),
            Tally {
                letters: 14,
                upper: 4,
                marks: 3,
                emoji: 0,
            }
        );
    }
}
