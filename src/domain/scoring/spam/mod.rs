//! Spam rules beyond the starter set: link tricks, solicitation, contact
//! bait, self-promotion, shouting, floods, and what storage knows about the
//! submitter (duplicates, velocity, history, trust).

mod link_tricks;
mod promotion;
mod self_promotion;
mod sender;
mod solicitation;
mod text_art;

use link_tricks::LinkTricks;
use promotion::{CallToAction, CreatorPitch, EngagementBait, PromotionWords};
use self_promotion::SelfPromotion;
use sender::{ContactBait, History, KeywordAuthor, Shouting};
use solicitation::Solicitation;
use text_art::TextArt;

use super::lexicon::{Lexicon, LexiconSet};
use super::rules::{hit, Vocabulary};
use super::{Category, Reason, Rule};
use crate::config::ScoringSettings;

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
        .chain(v.list("self_mention").iter().cloned())
        .collect();
    let promotion = std::sync::Arc::new(PromotionWords::new([
        v.list("cta_verbs"),
        v.list("promo_nouns"),
        v.list("platforms"),
        v.list("creator_roles"),
        v.list("thread_nouns"),
    ]));
    vec![
        Box::new(CallToAction {
            words: promotion.clone(),
            weights: w.clone(),
        }),
        Box::new(EngagementBait {
            weight: w.engagement_bait,
        }),
        Box::new(CreatorPitch {
            words: promotion.clone(),
            weight: w.creator_pitch,
        }),
        Box::new(LinkTricks::new(v, w.clone())),
        Box::new(Solicitation {
            families,
            weight: w.solicitation,
        }),
        Box::new(SelfPromotion {
            asks: lists.lexicon(v.list("self_promotion")),
            mentions: lists.lexicon(v.list("self_mention")),
            requests: lists.lexicon(v.list("requests")),
            words: promotion.clone(),
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
        Box::new(TextArt { weight: w.text_art }),
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
