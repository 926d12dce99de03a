//! Public comment routes: submission (JSON or plain HTML form) and the
//! listing of published comments.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use super::extract::{body_format, decode, read_body, request_meta, BodyFormat};
use super::params;
use crate::domain::scoring::ScoringContext;
use crate::domain::{
    check_parent, CommentStatus, Decision, FieldError, NewComment, RequestMeta, SubmissionInput,
};
use crate::notify;
use crate::startup::AppState;
use crate::storage;
use crate::storage::facts::FactsQuery;

/// A submission parsed and validated at the edge.
pub(super) struct ParsedSubmission {
    pub comment: NewComment,
    pub format: BodyFormat,
    pub meta: RequestMeta,
}

/// Shared by submission and the scoring dry run, so both accept exactly the
/// same requests.
pub(super) async fn parse_submission(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
) -> Result<ParsedSubmission, ApiError> {
    let format = body_format(req)?;
    let body = read_body(req, payload, state.settings.server.max_body_bytes).await?;
    let input: SubmissionInput = decode(format, &body)?;
    let comment = NewComment::parse(input).map_err(ApiError::Validation)?;
    let meta = request_meta(req, &state.settings.server.trusted_proxies);
    Ok(ParsedSubmission {
        comment,
        format,
        meta,
    })
}

#[derive(Serialize)]
struct Created {
    id: Uuid,
    status: CommentStatus,
    created_at: DateTime<Utc>,
}

/// `POST /api/v1/comments`
pub async fn submit(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let ParsedSubmission {
        comment,
        format,
        meta,
    } = parse_submission(&req, payload, &state).await?;
    // A form post is answered with a redirect back to the post, so it needs
    // to know where the post is.
    let redirect_to = match (format, &comment.post_url) {
        (BodyFormat::Form, None) => {
            return Err(ApiError::Validation(vec![FieldError::new(
                "post_url",
                "is required when posting a form",
            )]))
        }
        (BodyFormat::Form, Some(url)) => Some(url.url().clone()),
        (BodyFormat::Json, _) => None,
    };
    if let Some(parent_id) = comment.parent_id {
        let parent = storage::comments::parent_facts(&state.db, parent_id).await?;
        check_parent(&comment.post_id, parent.as_ref())
            .map_err(|e| ApiError::Validation(vec![e]))?;
    }

    let now = Utc::now();
    let stored_ip = meta.client_ip.map(|ip| ip.to_string());
    let scoring = &state.settings.scoring;
    let facts = storage::facts::gather(
        &state.db,
        &FactsQuery {
            email: comment.author_email.as_ref().map(|e| e.as_str()),
            ip: stored_ip.as_deref(),
            body: comment.body.as_str(),
            post_id: comment.post_id.as_str(),
            now,
            velocity_window: chrono::Duration::minutes(scoring.velocity_window_minutes),
            duplicate_window: chrono::Duration::hours(scoring.duplicate_window_hours),
        },
    )
    .await?;
    let context = ScoringContext { now, meta, facts };
    let verdict =
        state.with_model(|model| state.pipeline.score_with(&comment, &context, Some(model)));
    let notice = match verdict.decision {
        Decision::Review => {
            notify::plan_held(
                &state.db,
                &state.settings.notify,
                comment.post_id.as_str(),
                now,
            )
            .await?
        }
        Decision::Approve | Decision::Reject => None,
    };
    let stored = storage::comments::insert(
        &state.db,
        &comment,
        &verdict,
        &context.meta,
        stored_ip,
        notice.as_ref(),
        now,
    )
    .await?;
    tracing::info!(
        comment_id = %stored.id,
        post_id = comment.post_id.as_str(),
        decision = ?verdict.decision,
        spam = verdict.spam,
        toxicity = verdict.toxicity,
        rules = ?verdict.reasons.iter().map(|r| r.rule.as_str()).collect::<Vec<_>>(),
        "comment stored"
    );

    Ok(match redirect_to {
        Some(mut url) => {
            let fragment = match stored.status {
                CommentStatus::Approved => format!("comment-{}", stored.id),
                _ => "comment-awaiting-moderation".to_owned(),
            };
            url.set_fragment(Some(&fragment));
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, url.as_str()))
                .finish()
        }
        None => HttpResponse::Created().json(Created {
            id: stored.id,
            status: stored.status,
            created_at: stored.created_at,
        }),
    })
}

/// Query string of the public listing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    limit: Option<u64>,
    cursor: Option<String>,
}

const DEFAULT_LIMIT: u64 = 50;
const MAX_LIMIT: u64 = 100;

#[derive(Serialize)]
struct PublicItem {
    id: String,
    parent_id: Option<String>,
    author_name: String,
    author_url: Option<String>,
    body: String,
    created_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct Page {
    items: Vec<PublicItem>,
    next_cursor: Option<String>,
}

/// `GET /api/v1/posts/{post_id}/comments`
pub async fn list(
    path: web::Path<String>,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let limit = params::limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let after: Option<Uuid> = params::decode_cursor(query.cursor.as_deref())?;
    let (rows, more) = storage::comments::list_approved(&state.db, &path, after, limit).await?;
    let next_cursor = match rows.last() {
        Some(last) if more => Some(params::encode_cursor(&last.id)),
        _ => None,
    };
    let items = rows
        .into_iter()
        .map(|c| PublicItem {
            id: c.id,
            parent_id: c.parent_id,
            author_name: c.author_name,
            author_url: c.author_url,
            body: c.body,
            created_at: c.created_at,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
