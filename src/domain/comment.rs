//! What a comment can be and what the pipeline can decide about it.

use serde::{Deserialize, Serialize};

/// Where a stored comment stands. Stored as its lowercase name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    Approved,
    Pending,
    Rejected,
}

impl CommentStatus {
    /// Every status, for lookups that must not depend on one.
    pub const ALL: [Self; 3] = [Self::Approved, Self::Pending, Self::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Pending => "pending",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "approved" => Some(Self::Approved),
            "pending" => Some(Self::Pending),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

/// The three-way outcome of scoring.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Approve,
    Review,
    Reject,
}

impl Decision {
    /// The status a freshly submitted comment gets from this decision.
    ///
    /// ```
    /// use moderato::domain::{CommentStatus, Decision};
    ///
    /// assert_eq!(Decision::Review.status(), CommentStatus::Pending);
    /// ```
    pub fn status(self) -> CommentStatus {
        match self {
            Self::Approve => CommentStatus::Approved,
            Self::Review => CommentStatus::Pending,
            Self::Reject => CommentStatus::Rejected,
        }
    }
}
