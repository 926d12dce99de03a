//! Spam rules beyond the starter set: link tricks, solicitation, contact
//! bait, self-promotion, shouting, floods, and what storage knows about the
//! submitter (duplicates, velocity, history, trust).

mod link_tricks;
mod promotion;
mod sender;

use link_tricks::LinkTricks;
use promotion::{CallToAction, CreatorPitch, EngagementBait, PromotionWords};
use sender::{ContactBait, History, KeywordAuthor, Shouting};

use super::lexicon::{Found, Lexicon, LexiconSet};
use super::rules::{hit, Vocabulary};
use super::{Category, Reason, Rule, RuleInput};
use crate::config::{RuleWeights, ScoringSettings};
use crate::domain::normalize::NormalizedText;

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
        Box::new(LinkTricks::new(v, w.clone())),
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

/// Words beyond which a comment without a link reads as discussion.
const DISCUSSION_WORDS: usize = 100;

/// In a discussion, at most one link per this many words: sources cited,
/// not a pitch's links.
const WORDS_PER_CITATION: usize = 50;

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
                // A long comment that uses the words, without links or with
                // a source or two cited, is discussing money, housing or
                // drugs, not selling them.
                let words_in_text = input.text.tokens().len();
                let discussion = words_in_text > DISCUSSION_WORDS
                    && input.links.len() <= words_in_text / WORDS_PER_CITATION;
                let linked = !input.links.is_empty() && !discussion;
                // So is one offered to the reader: "Earn money from home",
                // "get free gift cards here", "want to make money online?".
                let offered = found
                    .iter()
                    .any(|f| offered_to_reader(input.text, f) && baited(input, f));
                let mut weight = match (words.len() > 1 || offered, discussion) {
                    (_, true) => self.weight * 0.6,
                    (true, false) => self.weight * 1.75,
                    (false, false) => self.weight,
                };
                if linked {
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

/// Words that may open a clause before an offer: "so want to earn money?",
/// "hey guys, get paid to …".
const OFFER_LEAD_INS: [&str; 14] = [
    "please", "just", "want", "wanna", "to", "how", "you", "can", "guys", "hey", "hi", "so", "now",
    "and",
];

/// Imperatives that hand the reader what a solicitation word names: "get
/// free gift cards", "win a free iphone", "claim your cash".
const OFFER_VERBS: [&str; 6] = ["get", "earn", "make", "win", "claim", "grab"];

/// First words of a family's phrase that, opening a clause, offer it:
/// "Earn money from home", "Free iphone giveaway", "Work from home".
const OFFER_OPENERS: [&str; 8] = [
    "get", "earn", "make", "win", "claim", "grab", "free", "work",
];

/// How far into its clause an offer's verb may stand before the word.
const OFFER_REACH: usize = 5;

/// Whether a solicitation word stands in a clause that offers it to the
/// reader: opened by an offer verb, or by a phrase of the family itself
/// ("Work from home and…").
fn offered_to_reader(text: &NormalizedText, found: &Found) -> bool {
    let tokens = text.tokens();
    let mut start = found.start;
    while start > 0 && !text.clause_ends_after(start - 1) {
        if found.start - start >= OFFER_REACH {
            return false;
        }
        start -= 1;
    }
    while start < found.start && OFFER_LEAD_INS.contains(&tokens[start].as_str()) {
        start += 1;
    }
    let phrase_opens = start == found.start
        && found.end - found.start > 1
        && OFFER_OPENERS.contains(&tokens[start].as_str());
    phrase_opens || (start < found.start && OFFER_VERBS.contains(&tokens[start].as_str()))
}

/// Words besides an offer that bait it: "get free gift cards", "earn money,
/// you can too". ("Get paid leave passed", "make money off prisons illegal"
/// offer nothing.)
const BAIT: [&str; 6] = ["you", "your", "u", "ur", "free", "yourself"];

/// Units after a number that make it a sum: "I already got 50 dollars".
const CURRENCIES: [&str; 6] = ["dollars", "bucks", "usd", "euros", "eur", "pounds"];

/// Whether anything outside the offer `found` baits it: the reader
/// addressed, "free", a sum of money, or a link.
fn baited(input: &RuleInput<'_>, found: &Found) -> bool {
    let tokens = input.text.tokens();
    let sum_at = |i: usize| {
        let t = tokens[i].as_str();
        t.strip_prefix('$')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            || (t.bytes().all(|b| b.is_ascii_digit())
                && tokens
                    .get(i + 1)
                    .is_some_and(|u| CURRENCIES.contains(&u.as_str())))
    };
    !input.links.is_empty()
        || (0..tokens.len())
            .filter(|i| !(found.start..found.end).contains(i))
            .any(|i| BAIT.contains(&tokens[i].as_str()) || sum_at(i))
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
