//! Domain types and decisions: no HTTP, no SQL.

pub mod comment;
pub mod moderation;
pub mod normalize;
pub mod privacy;
pub mod scoring;
pub mod submission;
pub mod token;

pub use comment::{CommentStatus, Decision};
pub use submission::{
    check_parent, FieldError, NewComment, ParentFacts, RequestMeta, SubmissionInput,
};
