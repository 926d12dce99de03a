//! Moderator decisions: what each action does to a comment and what it
//! teaches the model.

use serde::{Deserialize, Serialize};

use super::scoring::learned::Lesson;
use super::scoring::Category;
use super::CommentStatus;

/// What a moderator can do to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Publish it.
    Approve,
    /// Keep it out of view.
    Reject,
    /// Reject it and record it as spam, a training example for the model.
    Spam,
    /// Publish it and record it as legitimate, a training example for the model.
    Ham,
}

impl Action {
    /// Every action, for queries over recorded decisions.
    pub const ALL: [Self; 4] = [Self::Approve, Self::Reject, Self::Spam, Self::Ham];

    pub fn target_status(self) -> CommentStatus {
        match self {
            Self::Approve | Self::Ham => CommentStatus::Approved,
            Self::Reject | Self::Spam => CommentStatus::Rejected,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Spam => "spam",
            Self::Ham => "ham",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "approve" => Some(Self::Approve),
            "reject" => Some(Self::Reject),
            "spam" => Some(Self::Spam),
            "ham" => Some(Self::Ham),
            _ => None,
        }
    }
}

/// What a decision teaches the learned model about a comment's text: spam
/// and ham are explicit; an approval says the text is neither spam nor toxic;
/// a rejection teaches toxicity only when toxicity was what the rules saw,
/// because moderators reject off-topic comments too.
pub fn lessons(action: Action, body: &str, spam_score: f64, toxicity_score: f64) -> Vec<Lesson> {
    match action {
        Action::Spam => vec![Lesson::new(Category::Spam, true, body)],
        Action::Ham => vec![Lesson::new(Category::Spam, false, body)],
        Action::Approve => vec![
            Lesson::new(Category::Spam, false, body),
            Lesson::new(Category::Toxicity, false, body),
        ],
        Action::Reject if toxicity_score > 0.0 && toxicity_score >= spam_score => {
            vec![Lesson::new(Category::Toxicity, true, body)]
        }
        Action::Reject => Vec::new(),
    }
}

/// The longest note a moderator can attach to a decision.
pub const MAX_NOTE_CHARS: usize = 2_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spam_rejects_and_ham_publishes() {
        assert_eq!(Action::Spam.target_status(), CommentStatus::Rejected);
        assert_eq!(Action::Ham.target_status(), CommentStatus::Approved);
        for a in [Action::Approve, Action::Reject, Action::Spam, Action::Ham] {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }
}
