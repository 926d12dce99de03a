//! Link tricks: markup, shortened, disguised, referral and fundraising
//! links, a comment that is little but a link, and links back to the
//! author's own site.

use std::sync::LazyLock;

use regex::Regex;

use super::spam;
use crate::config::RuleWeights;
use crate::domain::scoring::links::Link;
use crate::domain::scoring::rules::Vocabulary;
use crate::domain::scoring::{Reason, Rule, RuleInput};

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

/// Whether a link is of a kind a rule looks for.
type LinkTest<'a> = dyn Fn(&Link) -> bool + 'a;

/// Link markup, shortened, disguised, fundraising and referral links, a
/// comment that is nothing but a link, and links to the author's own site.
pub(super) struct LinkTricks {
    /// Sources readers cite (see `reference_domains.txt`).
    references: Vec<String>,
    shorteners: Vec<String>,
    /// Crowdfunding and payment pages (see `fundraising_domains.txt`).
    fundraising: Vec<String>,
    weights: RuleWeights,
}

impl LinkTricks {
    pub(super) fn new(v: &Vocabulary, weights: RuleWeights) -> Self {
        // Hosts are compared lowercased.
        let domains = |list: &str| v.list(list).iter().map(|d| d.to_lowercase()).collect();
        Self {
            references: domains("reference_domains"),
            shorteners: domains("shorteners"),
            fundraising: domains("fundraising_domains"),
            weights,
        }
    }
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
        // Links of a kind, each kind its own rule listing every such link.
        let kinds: [(&str, f64, &str, &LinkTest); 3] = [
            (
                "url_shortener",
                self.weights.url_shortener,
                "shortened link",
                &|l| on_any(&l.host, &self.shorteners),
            ),
            (
                "fundraising_link",
                self.weights.fundraising_link,
                "asks readers for money:",
                &|l| on_any(&l.host, &self.fundraising),
            ),
            (
                "referral_link",
                self.weights.referral_link,
                "a referral or affiliate link",
                &|l| is_referral(&l.text),
            ),
        ];
        for (rule, weight, why, is_kind) in kinds {
            let found: Vec<String> = input
                .links
                .iter()
                .filter(|l| is_kind(l))
                .map(|l| l.text.clone())
                .collect();
            if let Some(first) = found.first() {
                let evidence = format!("{why} {first}");
                hits.push(spam(rule, weight, evidence, found));
            }
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
        // The same site linked twice ("www.shop.example/me … www.shop.example")
        // is one site pushed, as a single link is.
        let host = |l: &Link| l.host.trim_start_matches("www.").to_owned();
        let single = input.links.len() == 1
            || input.links.len() == 2 && host(&input.links[0]) == host(&input.links[1]);
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
