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

static CONTACT: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?:\+|\b)\d[\d\s().-]{8,}\d\b",
        r"(?i)\b(?:whats\s?app|telegram|wechat|viber|signal me|kik)\b",
        r"(?i)\b(?:wa\.me|t\.me)/",
        r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b",
        r"(?i)\b(?:hit me up|dm me|pm me|inbox me|message me|text me|contact me|email me)\b",
    ])
    .unwrap_or_else(|_| unreachable!())
});

impl Rule for ContactBait {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let body = input.comment.body.as_str();
        let kinds = [
            "a phone number",
            "a messenger handle",
            "a messenger link",
            "an email address",
            "an invitation to message them",
        ];
        let found: Vec<&str> = CONTACT
            .matches(body)
            .into_iter()
            .map(|i| kinds[i])
            .collect();
        if let Some(first) = found.first() {
            hits.push(spam(
                "contact_bait",
                self.weight,
                format!("asks to be contacted off-site: {first}"),
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
        let body = input.comment.body.as_str();
        let (letters, upper) = body
            .chars()
            .filter(|c| c.is_alphabetic())
            .fold((0usize, 0usize), |(n, up), c| {
                (n + 1, up + usize::from(c.is_uppercase()))
            });
        let marks = body.matches("!!!").count() + body.matches("???").count();
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
        let emoji = body.chars().filter(|c| is_emoji(*c)).count();
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
                    "the same text was posted on {} other post(s) recently",
                    f.duplicates_elsewhere
                ),
                Vec::new(),
            ));
        }
        let burst = f.recent_by_ip.max(f.recent_by_email);
        if burst > self.velocity_max {
            hits.push(spam(
                "velocity",
                self.weights.velocity,
                format!("{burst} submissions from the same sender in a short window"),
                Vec::new(),
            ));
        }
        let rejected = f.rejected_by_email.max(f.rejected_by_ip);
        if rejected > 0 {
            hits.push(spam(
                "spam_history",
                self.weights.spam_history,
                format!("{rejected} earlier comment(s) from this sender were rejected"),
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
                    f.approved_by_email
                ),
                Vec::new(),
            ));
        }
    }
}
