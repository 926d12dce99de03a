//! The JSON shapes the moderation API answers with.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::scoring::Reason;
use crate::storage::decisions::CommentState;
use crate::storage::entities::moderation_events;
use crate::storage::queue::{QueueItem, StatusCounts};

/// Characters of a parent comment shown beside a reply.
const EXCERPT_CHARS: usize = 200;

#[derive(Serialize, utoipa::ToSchema)]
pub struct PostView {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuthorView {
    pub name: String,
    pub email: Option<String>,
    pub url: Option<String>,
    /// The author's comments by status, matched by email.
    pub history: Option<StatusCounts>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ParentView {
    pub id: String,
    pub author_name: String,
    pub excerpt: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Scores {
    pub spam: f64,
    pub toxicity: f64,
}

/// A comment as a moderator sees it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ModeratorComment {
    pub id: String,
    pub status: String,
    pub version: i32,
    pub body: String,
    pub author: AuthorView,
    pub post: PostView,
    pub parent: Option<ParentView>,
    pub scores: Scores,
    pub reasons: Vec<Reason>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

impl From<QueueItem> for ModeratorComment {
    fn from(item: QueueItem) -> Self {
        let c = item.comment;
        let reasons = serde_json::from_str(&c.reasons).unwrap_or_default();
        Self {
            post: match item.post {
                Some(p) => PostView {
                    id: p.id,
                    title: p.title,
                    url: p.url,
                },
                None => PostView {
                    id: c.post_id.clone(),
                    title: None,
                    url: None,
                },
            },
            parent: item.parent.map(|p| ParentView {
                excerpt: excerpt(&p.body, EXCERPT_CHARS),
                id: p.id,
                author_name: p.author_name,
            }),
            author: AuthorView {
                name: c.author_name,
                email: c.author_email,
                url: c.author_url,
                history: item.author_history,
            },
            id: c.id,
            status: c.status,
            version: c.version,
            body: c.body,
            scores: Scores {
                spam: c.spam_score,
                toxicity: c.toxicity_score,
            },
            reasons,
            client_ip: c.client_ip,
            user_agent: c.user_agent,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// One audit event.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: String,
    pub comment_id: String,
    pub actor: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<moderation_events::Model> for EventView {
    fn from(e: moderation_events::Model) -> Self {
        Self {
            id: e.id,
            comment_id: e.comment_id,
            actor: e.actor,
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            note: e.note,
            created_at: e.created_at,
        }
    }
}

/// A comment's state after a decision.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StateView {
    pub id: String,
    pub status: String,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl From<CommentState> for StateView {
    fn from(s: CommentState) -> Self {
        Self {
            id: s.id,
            status: s.status,
            version: s.version,
            updated_at: s.updated_at,
        }
    }
}
