//! The starter rule set: enough to exercise the pipeline end to end. Each rule
//! is named, weighted from config and leaves readable evidence.

use aho_corasick::{AhoCorasick, MatchKind};

use super::{Category, PipelineError, Reason, Rule, RuleInput};
use crate::config::{LinkSettings, ScoringSettings};

/// Operator-maintained word and domain lists, read from files at startup.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub blocked_words: Vec<String>,
    pub blocked_domains: Vec<String>,
    /// The lexicon folder's lists by file stem (`insults`, `spam_pharma`, ...).
    pub lists: std::collections::HashMap<String, Vec<String>>,
}

impl Vocabulary {
    /// A named list, empty when the folder has none by that name.
    pub fn list(&self, name: &str) -> &[String] {
        self.lists.get(name).map(Vec::as_slice).unwrap_or_default()
    }
}

pub(super) fn starter_rules(
    s: &ScoringSettings,
    vocabulary: &Vocabulary,
) -> Result<Vec<Box<dyn Rule>>, PipelineError> {
    Ok(vec![
        Box::new(Honeypot {
            weight: s.weights.honeypot,
        }),
        Box::new(TooFast {
            min_seconds: s.min_fill_seconds,
            weight: s.weights.too_fast,
        }),
        Box::new(LinkCount(s.links.clone())),
        Box::new(BlockedDomains {
            domains: vocabulary
                .blocked_domains
                .iter()
                .map(|d| d.to_lowercase())
                .collect(),
            weight: s.weights.blocklisted_domain,
        }),
        Box::new(BlockedWords::new(
            &vocabulary.blocked_words,
            s.weights.blocklisted_word,
        )?),
    ])
}

pub(super) fn hit(rule: &str, category: Category, weight: f64, evidence: String) -> Reason {
    Reason {
        rule: rule.to_owned(),
        category,
        subcategory: None,
        weight,
        evidence,
        matches: Vec::new(),
    }
}

/// A hidden form field that people never see and bots fill in.
struct Honeypot {
    weight: f64,
}

impl Rule for Honeypot {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        if input.comment.honeypot.is_some() {
            hits.push(hit(
                "honeypot",
                Category::Spam,
                self.weight,
                "the hidden honeypot field was filled in".into(),
            ));
        }
    }
}

/// Nobody reads a post and writes a comment within a few seconds of the form
/// appearing; scripts do.
struct TooFast {
    min_seconds: i64,
    weight: f64,
}

impl Rule for TooFast {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let Some(rendered) = input.comment.form_rendered_at else {
            return;
        };
        let elapsed = (input.context.now - rendered).num_milliseconds() as f64 / 1000.0;
        if elapsed < self.min_seconds as f64 {
            hits.push(hit(
                "too_fast",
                Category::Spam,
                self.weight,
                format!(
                    "submitted {elapsed:.1}s after the form was shown (minimum {}s)",
                    self.min_seconds
                ),
            ));
        }
    }
}

/// Each link beyond the free allowance adds weight, capped so that links alone
/// hold a comment for review but never reject it.
struct LinkCount(LinkSettings);

impl Rule for LinkCount {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let n = input.links.len();
        if n <= self.0.free {
            return;
        }
        let weight = ((n - self.0.free) as f64 * self.0.weight_per_extra).min(self.0.max_weight);
        let mut reason = hit(
            "link_count",
            Category::Spam,
            weight,
            format!("{n} links (more than {} is suspicious)", self.0.free),
        );
        reason.matches = input.links.iter().map(|l| l.text.clone()).collect();
        hits.push(reason);
    }
}

struct BlockedDomains {
    domains: Vec<String>,
    weight: f64,
}

impl Rule for BlockedDomains {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let author_host = input
            .comment
            .author_url
            .as_ref()
            .and_then(|u| u.url().host_str().map(str::to_lowercase));
        let hosts = input
            .links
            .iter()
            .map(|l| l.host.clone())
            .chain(author_host);
        let mut seen = Vec::new();
        for host in hosts {
            if let Some(domain) = self
                .domains
                .iter()
                .find(|d| host == **d || host.ends_with(&format!(".{d}")))
            {
                if !seen.contains(domain) {
                    seen.push(domain.clone());
                    let mut reason = hit(
                        "blocklisted_domain",
                        Category::Spam,
                        self.weight,
                        format!("links to blocklisted domain {domain}"),
                    );
                    reason.matches = vec![host.clone()];
                    hits.push(reason);
                }
            }
        }
    }
}

/// Whole-word matches of the operator's word list in the normalised text.
struct BlockedWords {
    matcher: Option<AhoCorasick>,
    weight: f64,
}

impl BlockedWords {
    fn new(words: &[String], weight: f64) -> Result<Self, PipelineError> {
        let words: Vec<String> = words
            .iter()
            .map(|w| w.to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        let matcher = if words.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&words)?,
            )
        };
        Ok(Self { matcher, weight })
    }
}

impl Rule for BlockedWords {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let Some(matcher) = &self.matcher else { return };
        let text = input.text.as_str();
        let mut found: Vec<&str> = Vec::new();
        for m in matcher.find_iter(text) {
            // Whole words only, so that a listed word inside a longer harmless
            // word (the Scunthorpe problem) does not count.
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let word = &text[m.start()..m.end()];
            if !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric)
                && !found.contains(&word)
            {
                found.push(word);
            }
        }
        for word in found {
            let mut reason = hit(
                "blocklisted_word",
                Category::Toxicity,
                self.weight,
                format!("contains blocklisted word \"{word}\""),
            );
            reason.matches = vec![word.to_owned()];
            hits.push(reason);
        }
    }
}
