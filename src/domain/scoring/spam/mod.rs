//! Spam rules beyond the starter set: link tricks, solicitation, contact
//! bait, self-promotion, shouting, floods, and what storage knows about the
//! submitter (duplicates, velocity, history, trust).

mod link_tricks;
mod promotion;
mod sender;
mod solicitation;

use link_tricks::LinkTricks;
use promotion::{CallToAction, CreatorPitch, EngagementBait, PromotionWords};
use sender::{ContactBait, History, KeywordAuthor, Shouting};
use solicitation::Solicitation;

use super::lexicon::{Lexicon, LexiconSet};
use super::rules::{hit, Vocabulary};
use super::{Category, Reason, Rule, RuleInput};
use crate::config::{RuleWeights, ScoringSettings};

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
