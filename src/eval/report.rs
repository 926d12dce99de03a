//! What one run of `moderato eval` counted, and the measures read off it:
//! precision, recall and F1, the false-reject and review rates, ROC AUC.

use crate::domain::Decision;

/// Counts and scores from one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// `[label][decision]`: label 0 = negative, 1 = positive; decision 0 approve, 1 review, 2 reject.
    pub matrix: [[u64; 3]; 2],
    /// The category score of each example with its label, for ROC AUC.
    pub(super) scores: Vec<(f64, bool)>,
    pub skipped: u64,
    /// Positives approved and negatives held, in dataset order.
    pub misses: Vec<Miss>,
}

/// A comment the scorer judged against its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub positive: bool,
    pub decision: Decision,
    pub score: f64,
    pub rules: Vec<String>,
    pub text: String,
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Precision, recall and F1 of a prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn prf(true_pos: u64, predicted: u64, actual: u64) -> Prf {
    let precision = ratio(true_pos, predicted);
    let recall = ratio(true_pos, actual);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Prf {
        precision,
        recall,
        f1,
    }
}

impl Report {
    /// Adds another run's counts, scores and misses to this one: several
    /// files judged as one set ("train on one video, evaluate on the other
    /// two").
    pub fn absorb(&mut self, other: Report) {
        for (mine, theirs) in self.matrix.iter_mut().zip(other.matrix) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
        self.scores.extend(other.scores);
        self.skipped += other.skipped;
        self.misses.extend(other.misses);
    }

    pub(super) fn positives(&self) -> u64 {
        self.matrix[1].iter().sum()
    }

    pub(super) fn negatives(&self) -> u64 {
        self.matrix[0].iter().sum()
    }

    /// "Not approved" (review or reject) as the positive prediction.
    pub fn held(&self) -> Prf {
        let tp = self.matrix[1][1] + self.matrix[1][2];
        prf(
            tp,
            tp + self.matrix[0][1] + self.matrix[0][2],
            self.positives(),
        )
    }

    /// "Rejected" as the positive prediction.
    pub fn rejected(&self) -> Prf {
        prf(
            self.matrix[1][2],
            self.matrix[1][2] + self.matrix[0][2],
            self.positives(),
        )
    }

    /// Legitimate comments rejected, as a share of legitimate comments.
    pub fn false_reject_rate(&self) -> f64 {
        ratio(self.matrix[0][2], self.negatives())
    }

    /// Legitimate comments sent to review, as a share of legitimate comments.
    pub fn legit_review_rate(&self) -> f64 {
        ratio(self.matrix[0][1], self.negatives())
    }

    /// Everything sent to review, as a share of everything.
    pub fn review_share(&self) -> f64 {
        ratio(
            self.matrix[0][1] + self.matrix[1][1],
            self.negatives() + self.positives(),
        )
    }

    /// Area under the ROC curve of the category score (ties count half).
    pub fn roc_auc(&self) -> f64 {
        let mut scored = self.scores.clone();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut rank_sum, mut i) = (0.0, 0);
        while i < scored.len() {
            let mut j = i;
            while j < scored.len() && scored[j].0 == scored[i].0 {
                j += 1;
            }
            let mean_rank = (i + j + 1) as f64 / 2.0;
            rank_sum += scored[i..j].iter().filter(|s| s.1).count() as f64 * mean_rank;
            i = j;
        }
        let (p, n) = (self.positives() as f64, self.negatives() as f64);
        if p == 0.0 || n == 0.0 {
            return 0.0;
        }
        (rank_sum - p * (p + 1.0) / 2.0) / (p * n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_is_one_for_a_perfect_ranking_and_half_for_ties() {
        let mut r = Report {
            matrix: [[2, 0, 0], [0, 0, 2]],
            scores: vec![(0.1, false), (0.2, false), (0.8, true), (0.9, true)],
            ..Default::default()
        };
        assert_eq!(r.roc_auc(), 1.0);
        r.scores = vec![(0.5, false), (0.5, false), (0.5, true), (0.5, true)];
        assert_eq!(r.roc_auc(), 0.5);
    }

    #[test]
    fn runs_absorbed_into_one_count_as_one_set() {
        let mut a = Report {
            matrix: [[2, 1, 0], [0, 1, 3]],
            scores: vec![(0.1, false), (0.9, true)],
            skipped: 1,
            ..Default::default()
        };
        let b = Report {
            matrix: [[1, 0, 0], [1, 0, 1]],
            scores: vec![(0.2, false)],
            ..Default::default()
        };
        a.absorb(b);
        assert_eq!(a.matrix, [[3, 1, 0], [1, 1, 4]]);
        assert_eq!(a.scores.len(), 3);
        assert_eq!(a.skipped, 1);
    }

    #[test]
    fn precision_and_recall_follow_the_matrix() {
        let r = Report {
            matrix: [[8, 1, 1], [2, 3, 5]],
            ..Default::default()
        };
        assert_eq!(r.held(), prf(8, 10, 10));
        assert_eq!(r.held().recall, 0.8);
        assert_eq!(r.rejected().precision, 5.0 / 6.0);
        assert_eq!(r.false_reject_rate(), 0.1);
    }
}
