//! "Check out my channel": the writer's own things pushed at the reader, and
//! generic praise that only carries a link.

use std::sync::Arc;

use super::promotion::PromotionWords;
use super::spam;
use crate::config::RuleWeights;
use crate::domain::scoring::lexicon::{Found, Lexicon};
use crate::domain::scoring::{Reason, Rule, RuleInput};

pub(super) struct SelfPromotion {
    /// Asks: "check out my", "subscribe to my".
    pub asks: Lexicon,
    /// The writer's own things named: "my channel", "our new song".
    pub mentions: Lexicon,
    /// Words that ask something of the reader: "please", "can you", "check".
    pub requests: Lexicon,
    /// The promotion rules' word classes, for an ask that points into the
    /// thread ("go to my earlier comment").
    pub words: Arc<PromotionWords>,
    pub praise: Lexicon,
    pub weights: RuleWeights,
}

impl Rule for SelfPromotion {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let text = input.text;
        let mut found: Vec<Found> = self
            .asks
            .find_in(text)
            .into_iter()
            .filter(|f| !(ends_in_possessive(f) && self.words.owns_thread_part(text, f.end)))
            .collect();
        let asked = !found.is_empty();
        // "Check out my channel" is one ask, not an ask and a mention.
        let mentions: Vec<Found> = self
            .mentions
            .find_in(text)
            .into_iter()
            .filter(|m| !found.iter().any(|a| m.start < a.end && a.start < m.end))
            .collect();
        found.extend(mentions);
        if let Some(first) = found.first() {
            // "I covered the hearing on my channel" tells; only beside a
            // request or a link does naming one's channel push it.
            let pushed =
                asked || !input.links.is_empty() || !self.requests.find_in(text).is_empty();
            let weight = if pushed {
                self.weights.self_promotion
            } else {
                self.weights.self_mention
            };
            let extra = if pushed && (found.len() > 1 || !input.links.is_empty()) {
                0.2
            } else {
                0.0
            };
            let evidence = if pushed {
                format!("self-promotion: \"{}\"", first.entry)
            } else {
                format!("names the writer's own \"{}\", asking nothing", first.entry)
            };
            hits.push(spam(
                "self_promotion",
                (weight + extra).min(0.95),
                evidence,
                found.iter().map(|f| f.entry.clone()).collect(),
            ));
        }
        if !input.links.is_empty() {
            if let Some(praise) = self.praise.find_in(text).first() {
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

/// An ask that ends in "my" or "our", so that what follows it is owned.
fn ends_in_possessive(ask: &Found) -> bool {
    ask.entry.ends_with(" my") || ask.entry.ends_with(" our")
}
