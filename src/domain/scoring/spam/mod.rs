//! Spam rules beyond the starter set: link tricks, solicitation, contact
//! bait, self-promotion, shouting, floods, and what storage knows about the
//! submitter (duplicates, velocity, history, trust).

use std::sync::LazyLock;

use regex::Regex;

mod promotion;
mod sender;

use promotion::{CallToAction, CreatorPitch, EngagementBait, PromotionWords};
use sender::{ContactBait, History, KeywordAuthor, Shouting};

use super::lexicon::{Lexicon, LexiconSet};
use super::links::Link;
use super::rules::{hit, Vocabulary};
use super::{Category, Reason, Rule, RuleInput};
use crate::config::{RuleWeights, ScoringSettings};

/// A comment this short around a link is there for the link ("Dance dance
/// http://…", "need money? https://…"); real readers' links come with a point.
const LINK_ONLY_WORDS: usize = 8;

/// Words around a link of any kind, shortened too, that make it link-only.
const LINK_ONLY_BARE_WORDS: usize = 3;

/// Whether `host` is one of `domains` or under one of them.
fn on_any(host: &str, domains: &[String]) -> bool {
    domains.iter().any(|d| {
        host == d
            || host
                .strip_suffix(d.as_str())
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

/// Query keys and path parts that pay the poster per click or signup.
fn is_referral(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let path = rest.split_once('/').map(|(_, p)| p).unwrap_or_default();
    [
        "ref=",
        "referral",
        "refer",
        "aff=",
        "affiliate",
        "affid",
        "partner",
        "invite",
        "?r=",
    ]
    .iter()
    .any(|key| path.contains(key))
}

/// Solicitation families, each a lexicon file `spam_<family>.txt`.
const FAMILIES: [&str; 8] = [
    "money",
    "loans",
    "crypto",
    "pharma",
    "casino",
    "seo",
    "followers",
    "dating",
];

pub(super) fn rules(s: &ScoringSettings, v: &Vocabulary, lists: &LexiconSet) -> Vec<Box<dyn Rule>> {
    let w = &s.weights;
    let families: Vec<(&'static str, Lexicon)> = FAMILIES
        .iter()
        .map(|f| (*f, lists.lexicon(v.list(&format!("spam_{f}")))))
        .collect();
    let keywords: Vec<String> = FAMILIES
        .iter()
        .flat_map(|f| v.list(&format!("spam_{f}")).iter().cloned())
        .chain(v.list("self_promotion").iter().cloned())
        .collect();
    let promotion = std::sync::Arc::new(PromotionWords::new(
        v.list("cta_verbs"),
        v.list("promo_nouns"),
        v.list("platforms"),
        v.list("creator_roles"),
    ));
    vec![
        Box::new(CallToAction {
            words: promotion.clone(),
            weights: w.clone(),
        }),
        Box::new(EngagementBait {
            weight: w.engagement_bait,
        }),
        Box::new(CreatorPitch {
            words: promotion,
            weight: w.creator_pitch,
        }),
        Box::new(LinkTricks {
            references: v
                .list("reference_domains")
                .iter()
                .map(|d| d.to_lowercase())
                .collect(),
            shorteners: v
                .list("shorteners")
                .iter()
                .map(|d| d.to_lowercase())
                .collect(),
            fundraising: v
                .list("fundraising_domains")
                .iter()
                .map(|d| d.to_lowercase())
                .collect(),
            weights: w.clone(),
        }),
        Box::new(Solicitation {
            families,
            weight: w.solicitation,
        }),
        Box::new(SelfPromotion {
            phrases: lists.lexicon(v.list("self_promotion")),
            praise: lists.lexicon(v.list("praise")),
            weights: w.clone(),
        }),
        Box::new(ContactBait {
            weight: w.contact_bait,
        }),
        Box::new(KeywordAuthor {
            keywords: lists.lexicon(&keywords),
            weight: w.keyword_author,
        }),
        Box::new(Shouting {
            shouting: w.shouting,
            emoji: w.emoji_flood,
        }),
        Box::new(History {
            weights: w.clone(),
            velocity_max: s.velocity_max,
        }),
    ]
}

fn spam(rule: &str, weight: f64, evidence: String, matches: Vec<String>) -> Reason {
    let mut reason = hit(rule, Category::Spam, weight, evidence);
    reason.matches = matches;
    reason
}

/// Link markup, shortened links, a comment that is nothing but a link, and
/// links to the author's own site.
struct LinkTricks {
    /// Sources readers cite (see `reference_domains.txt`).
    references: Vec<String>,
    shorteners: Vec<String>,
    /// Crowdfunding and payment pages (see `fundraising_domains.txt`).
    fundraising: Vec<String>,
    weights: RuleWeights,
}

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    // A literal pattern, covered by tests: it cannot fail at run time.
    Regex::new(r"(?i)<a\s+[^>]*href|\[url[=\]]|\[link[=\]]").unwrap_or_else(|_| unreachable!())
});

/// A web address written so that link filters miss it: spaces around its
/// dots (`www. example .com`), the dot spelled out in brackets
/// (`example(dot)com`), or an instruction to close the gaps. Nobody citing a
/// source writes an address that way; someone dodging a filter does.
static DISGUISED_LINK: LazyLock<Regex> = LazyLock::new(|| {
    // A literal pattern, covered by tests: it cannot fail at run time.
    Regex::new(
        r"(?i)(?-u:\b)(?:www\s*\.\s+[a-z0-9]|www\s+\.\s*[a-z0-9]|[a-z0-9-]{2,}(?:\s+\.\s*|\s*\.\s+|\s*[\(\[\{]\s*dot\s*[\)\]\}]\s*)(?:com|org|info|biz|ru|xyz|tk)(?-u:\b)|(?:delete|remove|without)\s+(?:the\s+)?spaces)",
    )
    .unwrap_or_else(|_| unreachable!())
});

impl Rule for LinkTricks {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let body = input.comment.body.as_str();
        let patterns: [(&Regex, &str, f64, &str); 2] = [
            (
                &DISGUISED_LINK,
                "disguised_link",
                self.weights.disguised_link,
                "a web address written to slip past link filters",
            ),
            (
                &MARKUP,
                "link_markup",
                self.weights.link_markup,
                "HTML or BBCode link markup",
            ),
        ];
        for (pattern, rule, weight, why) in patterns {
            if let Some(m) = pattern.find(body) {
                hits.push(spam(rule, weight, why.into(), vec![m.as_str().to_owned()]));
            }
        }
        let short: Vec<String> = input
            .links
            .iter()
            .filter(|l| on_any(&l.host, &self.shorteners))
            .map(|l| l.text.clone())
            .collect();
        if !short.is_empty() {
            hits.push(spam(
                "url_shortener",
                self.weights.url_shortener,
                format!("shortened link {}", short[0]),
                short,
            ));
        }
        if let Some(appeal) = input
            .links
            .iter()
            .find(|l| on_any(&l.host, &self.fundraising))
        {
            hits.push(spam(
                "fundraising_link",
                self.weights.fundraising_link,
                format!("asks readers for money: {}", appeal.text),
                vec![appeal.text.clone()],
            ));
        }
        let referral: Vec<String> = input
            .links
            .iter()
            .filter(|l| is_referral(&l.text))
            .map(|l| l.text.clone())
            .collect();
        if !referral.is_empty() {
            hits.push(spam(
                "referral_link",
                self.weights.referral_link,
                format!("a referral or affiliate link {}", referral[0]),
                referral,
            ));
        }
        // Links back to the blog's own pages are readers pointing at the post.
        let own_site = input
            .comment
            .post_url
            .as_ref()
            .and_then(|u| u.url().host_str())
            .map(str::to_ascii_lowercase);
        let outside: Vec<&Link> = input
            .links
            .iter()
            .filter(|l| {
                own_site.as_deref() != Some(l.host.as_str()) && !on_any(&l.host, &self.references)
            })
            .collect();
        let words = input
            .text
            .tokens()
            .iter()
            .filter(|t| !t.contains('/'))
            .count();
        // A shortened link already has its own rule; with a few words around
        // it, it is left to that rule (feeds and tweets shorten every link).
        let unshortened = outside.iter().any(|l| !on_any(&l.host, &self.shorteners));
        let bare = words <= LINK_ONLY_BARE_WORDS && !outside.is_empty();
        // Several links are `link_count`'s to weigh (links alone never
        // reject), and two cited sources in a short sentence are a reader's.
        let single = input.links.len() == 1;
        if (bare && input.links.len() <= 2) || (single && unshortened && words <= LINK_ONLY_WORDS) {
            hits.push(spam(
                "link_only",
                self.weights.link_only,
                "little but a link".into(),
                vec![input.links[0].text.clone()],
            ));
        }
        let own = input
            .comment
            .author_url
            .as_ref()
            .and_then(|u| u.url().host_str())
            .map(|h| h.trim_start_matches("www.").to_lowercase());
        if let Some(own) = own {
            let repeated: Vec<String> = input
                .links
                .iter()
                .filter(|l| l.host.trim_start_matches("www.") == own)
                .map(|l| l.text.clone())
                .collect();
            if !repeated.is_empty() {
                hits.push(spam(
                    "author_url_in_body",
                    self.weights.author_url_in_body,
                    format!("links again to the author's own site {own}"),
                    repeated,
                ));
            }
        }
    }
}

/// Money, loans, crypto, pharma, casino, SEO, followers and dating pitches.
struct Solicitation {
    families: Vec<(&'static str, Lexicon)>,
    weight: f64,
}

impl Rule for Solicitation {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        for (family, lexicon) in &self.families {
            let found = lexicon.find_in(input.text);
            if let Some(first) = found.first() {
                let mut words: Vec<String> = found.iter().map(|f| f.entry.clone()).collect();
                words.dedup();
                // Two different words of one family are a pitch, one may be
                // chance; a pitch that carries a link is there to be clicked.
                let mut weight = if words.len() > 1 {
                    self.weight * 1.5
                } else {
                    self.weight
                };
                if !input.links.is_empty() {
                    weight += 0.25;
                }
                let weight = weight.min(0.9);
                hits.push(spam(
                    &format!("solicitation_{family}"),
                    weight,
                    format!("{family} pitch: \"{}\"", first.entry),
                    words,
                ));
            }
        }
    }
}

/// "Check out my channel", and generic praise that only carries a link.
struct SelfPromotion {
    phrases: Lexicon,
    praise: Lexicon,
    weights: RuleWeights,
}

impl Rule for SelfPromotion {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let found = self.phrases.find_in(input.text);
        if let Some(first) = found.first() {
            let extra = if found.len() > 1 || !input.links.is_empty() {
                0.2
            } else {
                0.0
            };
            hits.push(spam(
                "self_promotion",
                (self.weights.self_promotion + extra).min(0.95),
                format!("self-promotion: \"{}\"", first.entry),
                found.iter().map(|f| f.entry.clone()).collect(),
            ));
        }
        if !input.links.is_empty() {
            if let Some(praise) = self.praise.find_in(input.text).first() {
                hits.push(spam(
                    "praise_then_link",
                    self.weights.praise_then_link,
                    format!("generic praise (\"{}\") carrying a link", praise.entry),
                    vec![praise.entry.clone()],
                ));
            }
        }
    }
}

#[cfg(test)]
mod disguised_link_tests {
    use super::DISGUISED_LINK;

    #[test]
    fn addresses_written_around_link_filters_are_found() {
        for text in [
            "watch it here www.youtube. com/watch?v=abc",
            "vote daily: tv.  mtvema. com/vote",
            "go to www. mysite .com now",
            "find me at example(dot)com",
            "casino [dot] ru for bonuses",
            "the link is in my profile (delete spaces)",
        ] {
            assert!(DISGUISED_LINK.is_match(text), "{text}");
        }
    }

    #[test]
    fn ordinary_addresses_and_prose_are_not_disguised() {
        for text in [
            "the ruling is at https://www.supremecourt.gov/opinions/x.pdf",
            "see www.example.com for the data",
            "remember the dot com bubble?",
            "node.js and deno. Net income rose in 2020. Net losses too",
            "it was a disaster. Completely.",
            "put spaces between the words",
        ] {
            assert!(!DISGUISED_LINK.is_match(text), "{text}");
        }
    }
}
