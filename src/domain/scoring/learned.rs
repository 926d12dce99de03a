//! The model that learns from moderators: multinomial naive Bayes over
//! normalised words, word bigrams and character 4-grams, one per category,
//! like SpamAssassin's Bayes but private. Counts live in the database; this
//! is the in-memory, read-only-while-scoring view of them.

use rustc_hash::{FxHashMap, FxHashSet};

use serde::{Deserialize, Serialize};

use super::Category;
use crate::domain::normalize::NormalizedText;

/// The most features one document contributes, so a 10 000-character
/// comment costs no more to score than a long paragraph.
const MAX_FEATURES: usize = 600;

/// Naive Bayes is overconfident on correlated features (a word and its
/// character n-grams all vote); dividing the log-odds by this keeps its
/// probabilities usable as scores. Chosen on the YouTube and Davidson sets:
/// it ranks better and sends far fewer legitimate comments to review than 4.
const DAMP: f64 = 8.0;

/// What a text looks like to the model: each distinct feature once.
pub fn features(text: &NormalizedText) -> Vec<String> {
    let tokens = text.tokens();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    let mut out = Vec::new();
    let mut push = |f: String, out: &mut Vec<String>| {
        if out.len() < MAX_FEATURES && seen.insert(f.clone()) {
            out.push(f);
        }
    };
    for token in tokens {
        push(format!("w:{token}"), &mut out);
    }
    for pair in tokens.windows(2) {
        push(format!("b:{} {}", pair[0], pair[1]), &mut out);
    }
    // Character n-grams catch variants the lexicons never listed.
    for token in tokens
        .iter()
        .filter(|t| t.chars().count() >= 4 && !t.contains('/'))
    {
        let chars: Vec<char> = format!("^{token}$").chars().collect();
        for gram in chars.windows(4) {
            push(format!("c:{}", gram.iter().collect::<String>()), &mut out);
        }
    }
    out
}

/// A feature as the in-memory model keys it: a hash built from the feature's
/// parts, so scoring never builds feature strings. [`hash_feature`] gives the
/// same hash for the stored string form.
pub type FeatureHash = u64;

fn hasher(kind: u8) -> rustc_hash::FxHasher {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write_u8(kind);
    h
}

fn word_hash(word: &str) -> FeatureHash {
    use std::hash::Hasher;
    let mut h = hasher(b'w');
    h.write(word.as_bytes());
    h.finish()
}

fn bigram_hash(a: &str, b: &str) -> FeatureHash {
    use std::hash::Hasher;
    let mut h = hasher(b'b');
    h.write(a.as_bytes());
    h.write_u8(0x1f);
    h.write(b.as_bytes());
    h.finish()
}

fn gram_hash(chars: &[char]) -> FeatureHash {
    use std::hash::Hasher;
    let mut h = hasher(b'c');
    for c in chars {
        h.write_u32(*c as u32);
    }
    h.finish()
}

/// The hash of a feature in its stored form (`w:word`, `b:one two`, `c:^abc`).
pub fn hash_feature(feature: &str) -> FeatureHash {
    match feature.split_at_checked(2) {
        Some(("w:", word)) => word_hash(word),
        Some(("b:", pair)) => match pair.split_once(' ') {
            Some((a, b)) => bigram_hash(a, b),
            None => word_hash(feature),
        },
        Some(("c:", gram)) => gram_hash(&gram.chars().collect::<Vec<_>>()),
        _ => word_hash(feature),
    }
}

/// A text's features as hashes, each with the word it stands for when it is
/// a single word (for explaining the model's opinion).
pub fn feature_hashes<'a>(text: &'a NormalizedText) -> Vec<(FeatureHash, Option<&'a str>)> {
    let tokens = text.tokens();
    let mut seen: FxHashSet<FeatureHash> = FxHashSet::default();
    let mut out = Vec::with_capacity(tokens.len() * 4);
    let mut push =
        |h: FeatureHash, word: Option<&'a str>, out: &mut Vec<(FeatureHash, Option<&'a str>)>| {
            if out.len() < MAX_FEATURES && seen.insert(h) {
                out.push((h, word));
            }
        };
    for token in tokens {
        push(word_hash(token), Some(token.as_str()), &mut out);
    }
    for pair in tokens.windows(2) {
        push(bigram_hash(&pair[0], &pair[1]), None, &mut out);
    }
    let mut chars: Vec<char> = Vec::new();
    for token in tokens
        .iter()
        .filter(|t| t.chars().count() >= 4 && !t.contains('/'))
    {
        chars.clear();
        chars.push('^');
        chars.extend(token.chars());
        chars.push('$');
        for gram in chars.windows(4) {
            push(gram_hash(gram), None, &mut out);
        }
    }
    out
}

/// Counts for one feature.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub pos: i64,
    pub neg: i64,
}

/// One category's model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NaiveBayes {
    pub features: FxHashMap<FeatureHash, Counts>,
    pub pos_docs: i64,
    pub neg_docs: i64,
    pub pos_features: i64,
    pub neg_features: i64,
}

/// A labelled document's contribution, to apply here and in storage alike.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub category: Category,
    pub positive: bool,
    pub features: Vec<String>,
    /// 1 to learn; -1 to take back what an earlier decision on the same
    /// comment taught, when a moderator reverses it.
    pub weight: i64,
}

impl Lesson {
    pub fn new(category: Category, positive: bool, text: &str) -> Self {
        Self {
            category,
            positive,
            features: features(&NormalizedText::new(text)),
            weight: 1,
        }
    }

    /// The same lesson, taken back.
    pub fn retracted(self) -> Self {
        Self {
            weight: -self.weight,
            ..self
        }
    }
}

/// The model's opinion of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Opinion {
    pub probability: f64,
    /// The words that pushed hardest towards the category.
    pub top_words: Vec<String>,
    pub examples: i64,
    /// The share of the comment's features the model has seen in training.
    pub coverage: f64,
}

impl NaiveBayes {
    /// Whether it has learned enough of each class to give an opinion.
    pub fn has_opinions(&self, min_per_class: i64) -> bool {
        self.pos_docs >= min_per_class && self.neg_docs >= min_per_class
    }

    pub fn examples(&self) -> i64 {
        self.pos_docs.max(0) + self.neg_docs.max(0)
    }

    /// Counts a document `weight` times (-1 takes one back). A feature
    /// left with no count is forgotten, as storage forgets it.
    pub fn learn(&mut self, features: &[String], positive: bool, weight: i64) {
        for f in features {
            let hash = hash_feature(f);
            let c = self.features.entry(hash).or_default();
            if positive {
                c.pos += weight;
            } else {
                c.neg += weight;
            }
            if weight < 0 && c.pos <= 0 && c.neg <= 0 {
                self.features.remove(&hash);
            }
        }
        let n = features.len() as i64 * weight;
        if positive {
            self.pos_docs += weight;
            self.pos_features += n;
        } else {
            self.neg_docs += weight;
            self.neg_features += n;
        }
    }

    /// P(category | features) with Laplace smoothing and equal priors (the
    /// training mix is rarely the live mix), or `None` until both classes
    /// have `min_per_class` examples.
    pub fn opinion(
        &self,
        features: &[(FeatureHash, Option<&str>)],
        min_per_class: i64,
    ) -> Option<Opinion> {
        if !self.has_opinions(min_per_class) {
            return None;
        }
        // Counts are read as at least zero: taking back a lesson the model
        // no longer holds (it was rebuilt since) can leave one below.
        let vocabulary = self.features.len().max(1) as f64;
        let pos_total = self.pos_features.max(0) as f64 + vocabulary;
        let neg_total = self.neg_features.max(0) as f64 + vocabulary;
        let mut log_odds = 0.0;
        let mut known = 0usize;
        let mut contributions: Vec<(f64, &str)> = Vec::new();
        for (hash, word) in features {
            // Features never seen in training say nothing either way.
            let Some(c) = self.features.get(hash) else {
                continue;
            };
            known += 1;
            let delta = ((c.pos.max(0) as f64 + 1.0) / pos_total).ln()
                - ((c.neg.max(0) as f64 + 1.0) / neg_total).ln();
            log_odds += delta;
            if let Some(word) = *word {
                contributions.push((delta, word));
            }
        }
        let probability = 1.0 / (1.0 + (-log_odds / DAMP).exp());
        contributions.sort_by(|a, b| b.0.total_cmp(&a.0));
        let top_words = contributions
            .iter()
            .filter(|c| c.0 > 0.0)
            .take(5)
            .map(|c| c.1.to_owned())
            .collect();
        Some(Opinion {
            probability,
            top_words,
            examples: self.examples(),
            coverage: if features.is_empty() {
                0.0
            } else {
                known as f64 / features.len() as f64
            },
        })
    }
}

/// Both categories' models.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnedModel {
    pub spam: NaiveBayes,
    pub toxicity: NaiveBayes,
}

impl LearnedModel {
    pub fn for_category(&self, category: Category) -> &NaiveBayes {
        match category {
            Category::Spam => &self.spam,
            Category::Toxicity => &self.toxicity,
        }
    }

    pub fn apply(&mut self, lesson: &Lesson) {
        let model = match lesson.category {
            Category::Spam => &mut self.spam,
            Category::Toxicity => &mut self.toxicity,
        };
        model.learn(&lesson.features, lesson.positive, lesson.weight);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trained() -> NaiveBayes {
        let mut m = NaiveBayes::default();
        for text in [
            "subscribe to my channel now",
            "check my channel and subscribe",
            "free subscribers here subscribe",
        ] {
            m.learn(&features(&NormalizedText::new(text)), true, 1);
        }
        for text in [
            "what a lovely song",
            "the chorus is so good",
            "this song reminds me of home",
        ] {
            m.learn(&features(&NormalizedText::new(text)), false, 1);
        }
        m
    }

    #[test]
    fn features_are_words_bigrams_and_character_grams() {
        let f = features(&NormalizedText::new("Great song"));
        assert!(f.contains(&"w:great".to_owned()));
        assert!(f.contains(&"b:great song".to_owned()));
        assert!(f.contains(&"c:^gre".to_owned()));
    }

    #[test]
    fn a_trained_model_separates_the_classes_and_names_its_words() {
        let m = trained();
        let spammy = m
            .opinion(
                &feature_hashes(&NormalizedText::new("please subscribe to my channel")),
                1,
            )
            .unwrap();
        let fine = m
            .opinion(
                &feature_hashes(&NormalizedText::new("lovely chorus in this song")),
                1,
            )
            .unwrap();
        assert!(spammy.probability > 0.8, "{spammy:?}");
        assert!(fine.probability < 0.2, "{fine:?}");
        assert_eq!(spammy.top_words[0], "subscribe");
    }

    #[test]
    fn stored_features_hash_like_the_scoring_path() {
        let text = NormalizedText::new("Buy cheap grindstone, buy now");
        let stored: Vec<FeatureHash> = features(&text).iter().map(|f| hash_feature(f)).collect();
        let scored: Vec<FeatureHash> = feature_hashes(&text).iter().map(|(h, _)| *h).collect();
        assert_eq!(stored, scored);
    }

    #[test]
    fn the_model_is_silent_until_both_classes_have_examples() {
        let mut m = NaiveBayes::default();
        m.learn(&features(&NormalizedText::new("spam spam")), true, 1);
        assert!(m
            .opinion(&feature_hashes(&NormalizedText::new("spam")), 1)
            .is_none());
    }

    #[test]
    fn a_retracted_lesson_leaves_the_model_as_it_was() {
        let mut model = LearnedModel::default();
        let kept = Lesson::new(Category::Spam, true, "cheap followers here");
        model.apply(&kept);
        let before = model.clone();
        let mistaken = Lesson::new(Category::Spam, false, "cheap watches and more");
        model.apply(&mistaken);
        model.apply(&mistaken.retracted());
        assert_eq!(model, before);
    }
}
