//! One-click actions from notification emails. `GET` only shows a
//! confirmation page, because mail scanners and link prefetchers follow links;
//! the action happens on the page's `POST`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Utc;

use super::moderation_page::{html, MessagePage, WebError};
use crate::domain::moderation::Action;
use crate::domain::CommentStatus;
use crate::notify::links::{LinkClaims, LinkError};
use crate::startup::AppState;
use crate::storage::decisions::{DecisionError, DecisionRequest};
use crate::storage::queue::{self, QueueItem};

#[derive(Template)]
#[template(path = "moderate/confirm.html")]
struct ConfirmPage<'a> {
    verb: &'static str,
    author_name: &'a str,
    post_title: &'a str,
    body: &'a str,
    token: &'a str,
}

fn verb(action: Action) -> &'static str {
    match action {
        Action::Approve | Action::Ham => "Approve",
        Action::Reject => "Reject",
        Action::Spam => "Mark as spam",
    }
}

fn result(status: StatusCode, title: &'static str, message: String) -> HttpResponse {
    html(
        status,
        &MessagePage {
            title,
            message,
            back_to_queue: false,
        },
    )
}

/// The claims, the comment, and whether it still awaits a decision; or the
/// page that explains why not.
async fn open(
    state: &AppState,
    token: &str,
) -> Result<Result<(LinkClaims, QueueItem), HttpResponse>, WebError> {
    let claims = match state.links.verify(token, Utc::now()) {
        Ok(claims) => claims,
        Err(LinkError::Invalid) => {
            return Ok(Err(result(
                StatusCode::BAD_REQUEST,
                "This link is not valid",
                "It may have been cut short or changed. Use the link from the email, or open the moderation queue.".into(),
            )))
        }
        Err(LinkError::Expired) => {
            return Ok(Err(result(
                StatusCode::GONE,
                "This link has expired",
                "Links in notification emails expire. Open the moderation queue to decide on the comment.".into(),
            )))
        }
    };
    let Some(item) = queue::get(&state.db, &claims.comment_id).await? else {
        return Ok(Err(gone()));
    };
    if item.comment.status != CommentStatus::Pending.as_str() {
        return Ok(Err(already_decided(&item.comment.status)));
    }
    Ok(Ok((claims, item)))
}

fn gone() -> HttpResponse {
    result(
        StatusCode::NOT_FOUND,
        "This comment is gone",
        "It was removed after the email was sent.".into(),
    )
}

fn already_decided(status: &str) -> HttpResponse {
    result(
        StatusCode::OK,
        "Already decided",
        format!("This comment was already {status}; nothing was changed."),
    )
}

/// `GET /moderate/{token}`: a confirmation page, never an action.
pub async fn confirm(
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let (claims, item) = match open(&state, &path).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let post_title = item
        .post
        .as_ref()
        .and_then(|p| p.title.clone())
        .unwrap_or_else(|| item.comment.post_id.clone());
    Ok(html(
        StatusCode::OK,
        &ConfirmPage {
            verb: verb(claims.action),
            author_name: &item.comment.author_name,
            post_title: &post_title,
            body: &item.comment.body,
            token: &path,
        },
    ))
}

/// `POST /moderate/{token}`: the decision, through the same code and audit
/// trail as the moderation API, with the author as the actor.
pub async fn act(
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let (claims, item) = match open(&state, &path).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let actor = format!("author:{}", claims.recipient);
    let request = DecisionRequest {
        comment_id: &claims.comment_id,
        action: claims.action,
        expected_version: Some(item.comment.version),
        actor: &actor,
        note: Some("one-click link from a notification email"),
        notify_commenter: state.settings.notify.commenter_on_approval,
    };
    match state.decide(request).await {
        Ok(after) => {
            tracing::info!(comment_id = %claims.comment_id, action = claims.action.as_str(), "one-click decision applied");
            Ok(result(
                StatusCode::OK,
                "Done",
                format!("The comment is now {}.", after.status),
            ))
        }
        Err(DecisionError::Conflict { current, .. }) => Ok(already_decided(&current.status)),
        Err(DecisionError::NotFound) => Ok(gone()),
        Err(DecisionError::Storage(e)) => Err(e.into()),
    }
}
