//! The scoring pipeline: named rules look at a normalised submission and leave
//! weighted, explained hits; hits combine into a 0..1 score per category; the
//! scores and the configured thresholds give the decision.
//!
//! The pipeline is pure and built once at startup, then shared read-only.

pub mod learned;
pub mod lexicon;
mod links;
mod rules;
mod spam;
mod toxicity;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::{ScoringSettings, Thresholds};
use crate::domain::normalize::NormalizedText;
use crate::domain::{Decision, NewComment, RequestMeta};

pub use links::Link;
pub use rules::Vocabulary;

/// What a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Spam,
    Toxicity,
}

/// Kinds of toxicity, each with its own thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Subcategory {
    Profanity,
    Insult,
    Threat,
    IdentityAttack,
}

/// One rule's finding, with the evidence a moderator reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reason {
    pub rule: String,
    pub category: Category,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<Subcategory>,
    /// How strongly this finding alone points at the category, 0..1.
    pub weight: f64,
    pub evidence: String,
    /// Substrings of the original text that made the rule fire, so the
    /// moderator page can highlight them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<String>,
}

/// Facts from outside the submission that rules may use. Storage lookups are
/// made before scoring and passed in here so that scoring stays pure.
#[derive(Debug, Clone)]
pub struct ScoringContext {
    pub now: DateTime<Utc>,
    pub meta: RequestMeta,
    pub facts: SubmissionFacts,
}

impl ScoringContext {
    /// The text alone at `now`: no request metadata and nothing from storage,
    /// as `moderato eval`, the benchmarks and offline tests score.
    pub fn text_only(now: DateTime<Utc>) -> Self {
        Self {
            now,
            meta: RequestMeta::default(),
            facts: SubmissionFacts::default(),
        }
    }
}

/// What storage knows about the submitter and the text, gathered before scoring.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionFacts {
    /// Earlier approved comments with the same email.
    pub approved_by_email: u64,
    /// Earlier rejected comments with the same email.
    pub rejected_by_email: u64,
    /// Earlier rejected comments from the same (stored) IP.
    pub rejected_by_ip: u64,
    /// Submissions from the same IP within the velocity window.
    pub recent_by_ip: u64,
    /// Submissions with the same email within the velocity window.
    pub recent_by_email: u64,
    /// The same body on other posts within the duplicate window.
    pub duplicates_elsewhere: u64,
    /// Where counting stopped (0 for nowhere): a count that reached it means
    /// at least that many.
    pub counted_up_to: u64,
}

impl SubmissionFacts {
    /// A count as evidence says it: "10 or more" once it reached the cap.
    pub fn describe(&self, count: u64) -> String {
        if self.counted_up_to > 0 && count >= self.counted_up_to {
            format!("{count} or more")
        } else {
            count.to_string()
        }
    }
}

/// What a rule gets to look at.
pub struct RuleInput<'a> {
    pub comment: &'a NewComment,
    pub text: &'a NormalizedText,
    pub author: &'a NormalizedText,
    pub links: &'a [Link],
    pub context: &'a ScoringContext,
}

/// A named check. Rules append hits rather than return one, because some
/// (a blocklist) can find several distinct things.
pub trait Rule: Send + Sync {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>);
}

/// The outcome of scoring one submission.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Verdict {
    pub decision: Decision,
    pub spam: f64,
    pub toxicity: f64,
    pub reasons: Vec<Reason>,
}

impl Verdict {
    /// The highest category score, which orders the moderation queue.
    pub fn score(&self) -> f64 {
        self.spam.max(self.toxicity)
    }
}

/// The compiled rule set and thresholds.
pub struct Pipeline {
    rules: Vec<Box<dyn Rule>>,
    first_words: lexicon::FirstWordIndex,
    thresholds: crate::config::CategoryThresholds,
    learning: crate::config::LearningSettings,
}

/// The rule name the learned model's opinion appears under in reasons.
pub const LEARNED_RULE: &str = "learned_model";

/// Why the pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("could not compile the word blocklist")]
    Blocklist(#[from] aho_corasick::BuildError),
}

impl Pipeline {
    pub fn new(
        settings: &ScoringSettings,
        learning: &crate::config::LearningSettings,
        vocabulary: &Vocabulary,
    ) -> Result<Self, PipelineError> {
        let lists = lexicon::LexiconSet::default();
        let mut rules = rules::starter_rules(settings, vocabulary)?;
        rules.extend(spam::rules(settings, vocabulary, &lists));
        rules.extend(toxicity::rules(settings, vocabulary, &lists));
        Ok(Self {
            rules,
            first_words: lists.finish(),
            thresholds: settings.thresholds.clone(),
            learning: learning.clone(),
        })
    }

    /// Scores with the rules alone.
    pub fn score(&self, comment: &NewComment, context: &ScoringContext) -> Verdict {
        self.score_with(comment, context, None)
    }

    /// Scores with the rules and, when given and trained enough, the model
    /// learned from moderators, blended in by its share.
    pub fn score_with(
        &self,
        comment: &NewComment,
        context: &ScoringContext,
        model: Option<&learned::LearnedModel>,
    ) -> Verdict {
        let mut text = NormalizedText::new(comment.body.as_str());
        let mut author = NormalizedText::new(comment.author_name.as_str());
        self.first_words.mark(&mut text);
        self.first_words.mark(&mut author);
        let links = links::extract(comment.body.as_str());
        let input = RuleInput {
            comment,
            text: &text,
            author: &author,
            links: &links,
            context,
        };
        let mut reasons = Vec::new();
        for rule in &self.rules {
            rule.check(&input, &mut reasons);
        }
        let mut spam = combine(&reasons, |r| r.category == Category::Spam);
        let mut toxicity = combine(&reasons, |r| r.category == Category::Toxicity);
        // Until a moderator has taught it both classes, the model has no
        // say, and a comment's features (a fifth of scoring) go unused.
        let min = self.learning.min_per_class;
        let trained =
            |m: &&learned::LearnedModel| m.spam.has_opinions(min) || m.toxicity.has_opinions(min);
        if let Some(model) = model.filter(trained) {
            let features = learned::feature_hashes(&text);
            spam = self.blend(model, Category::Spam, &features, spam, &mut reasons);
            toxicity = self.blend(model, Category::Toxicity, &features, toxicity, &mut reasons);
        }
        let t = &self.thresholds;
        let by_subcategory = [
            (Subcategory::Profanity, t.profanity),
            (Subcategory::Insult, t.insult),
            (Subcategory::Threat, t.threat),
            (Subcategory::IdentityAttack, t.identity_attack),
        ]
        .into_iter()
        .map(|(sub, limits)| {
            decide(
                combine(&reasons, |r| {
                    r.subcategory == Some(sub) && r.rule != LEARNED_RULE
                }),
                limits,
            )
        });
        let decision = by_subcategory
            .chain([decide(spam, t.spam), decide(toxicity, t.toxicity)])
            .max()
            .unwrap_or(Decision::Approve);
        Verdict {
            decision,
            spam,
            toxicity,
            reasons,
        }
    }
}

impl Pipeline {
    /// The rules' score moved by the model's opinion (see `blend_opinion`),
    /// with the model's share growing with its examples and with how much of
    /// the comment it recognises; the opinion is added to the reasons.
    fn blend(
        &self,
        model: &learned::LearnedModel,
        category: Category,
        features: &[(learned::FeatureHash, Option<&str>)],
        rules: f64,
        reasons: &mut Vec<Reason>,
    ) -> f64 {
        let nb = model.for_category(category);
        let Some(opinion) = nb.opinion(features, self.learning.min_per_class) else {
            return rules;
        };
        let ramp = (opinion.examples as f64 / self.learning.ramp_examples.max(1) as f64).min(1.0);
        let full_share = self.learning.max_weight.clamp(0.0, 1.0) * ramp;
        // Text unlike anything the model saw gets less of its say.
        let share = full_share * opinion.coverage.sqrt();
        let name = match category {
            Category::Spam => "spam",
            Category::Toxicity => "toxic",
        };
        reasons.push(Reason {
            rule: LEARNED_RULE.to_owned(),
            category,
            subcategory: None,
            weight: round(opinion.probability),
            evidence: format!(
                "learned model: {:.2} {name} (from {} moderated examples, weight {:.0}%, recognises {:.0}% of the text); top words: {}",
                opinion.probability,
                opinion.examples,
                full_share * 100.0,
                opinion.coverage * 100.0,
                if opinion.top_words.is_empty() { "none".to_owned() } else { opinion.top_words.join(", ") }
            ),
            matches: opinion.top_words.clone(),
        });
        round(blend_opinion(rules, opinion.probability, share))
    }
}

/// How far a "not spam" opinion may pull a rule score down, at full share.
const MODEL_DOWN_REACH: f64 = 0.1;

/// The model's opinion `p` joined to the rules' score, weighted by `share`.
/// A spam opinion is one more piece of evidence (noisy-OR, so it can hold a
/// comment no rule caught), raised to the power 1.5 so that only a confident opinion counts
/// for much; a clean opinion scales the rules' score down by at most
/// `MODEL_DOWN_REACH`. The asymmetry is deliberate: a model trained on
/// one site's vocabulary is confidently wrong about text unlike anything it
/// saw, and letting it cancel a rule that found a pitch approved spam that
/// the rules alone held. `share` already shrinks with the fraction of the
/// comment's features the model has seen. (Measured in `docs/quality.md`.)
fn blend_opinion(rules: f64, p: f64, share: f64) -> f64 {
    if p >= 0.5 {
        1.0 - (1.0 - rules) * (1.0 - share * (2.0 * p - 1.0).powf(1.5))
    } else {
        rules * (1.0 - share * MODEL_DOWN_REACH * (1.0 - 2.0 * p))
    }
}

/// Noisy-OR: independent pieces of evidence each remove their share of the
/// remaining doubt, so the score stays in 0..1 and each hit can only raise it.
/// Negative weights (trust) then scale the result down.
fn combine(reasons: &[Reason], selected: impl Fn(&Reason) -> bool) -> f64 {
    let chosen = reasons.iter().filter(|r| selected(r));
    let (doubt, trust) = chosen.fold((1.0, 1.0), |(doubt, trust), r| {
        if r.weight >= 0.0 {
            (doubt * (1.0 - r.weight.min(1.0)), trust)
        } else {
            (doubt, trust * (1.0 + r.weight.max(-1.0)))
        }
    });
    round((1.0 - doubt) * trust)
}

/// Scores are reported to four places so that JSON stays readable and
/// threshold comparisons don't flip on float noise.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn decide(score: f64, t: Thresholds) -> Decision {
    if score >= t.reject_at {
        Decision::Reject
    } else if score >= t.review_at {
        Decision::Review
    } else {
        Decision::Approve
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(category: Category, weight: f64) -> Reason {
        Reason {
            rule: "r".into(),
            category,
            subcategory: None,
            weight,
            evidence: String::new(),
            matches: Vec::new(),
        }
    }

    fn in_category(c: Category) -> impl Fn(&Reason) -> bool {
        move |r| r.category == c
    }

    #[test]
    fn trust_scales_a_score_down() {
        let r = [reason(Category::Spam, 0.8), reason(Category::Spam, -0.5)];
        assert_eq!(combine(&r, in_category(Category::Spam)), 0.4);
    }

    #[test]
    fn no_hits_score_zero() {
        assert_eq!(combine(&[], in_category(Category::Spam)), 0.0);
    }

    #[test]
    fn hits_combine_without_exceeding_one() {
        let r = [
            reason(Category::Spam, 0.5),
            reason(Category::Spam, 0.5),
            reason(Category::Toxicity, 0.9),
        ];
        assert_eq!(combine(&r, in_category(Category::Spam)), 0.75);
        assert_eq!(combine(&r, in_category(Category::Toxicity)), 0.9);
        let many = vec![reason(Category::Spam, 2.0); 4];
        assert_eq!(combine(&many, in_category(Category::Spam)), 1.0);
    }

    #[test]
    fn thresholds_are_inclusive() {
        let t = Thresholds {
            review_at: 0.5,
            reject_at: 0.9,
        };
        assert_eq!(decide(0.49, t), Decision::Approve);
        assert_eq!(decide(0.5, t), Decision::Review);
        assert_eq!(decide(0.9, t), Decision::Reject);
    }
}
