//! `POST /api/v1/comments`: a reader's comment, as JSON or a plain HTML form,
//! rate limited, idempotent, scored and stored.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::error::ApiError;
use super::error::ProblemResponse;
use super::extract::{body_format, decode, read_body, request_meta, BodyFormat};
use crate::domain::scoring::ScoringContext;
use crate::domain::{
    check_parent, CommentStatus, Decision, FieldError, NewComment, RequestMeta, SubmissionInput,
};
use crate::limits::{LimitKind, Limited};
use crate::notify;
use crate::startup::AppState;
use crate::storage::comments::{NewRow, StoredComment};
use crate::storage::facts::FactsQuery;
use crate::storage::idempotency::{IdempotentRequest, SavedResponse};
use crate::storage::{self, StorageError};

/// A submission parsed and validated at the edge.
pub(super) struct ParsedSubmission {
    pub comment: NewComment,
    pub format: BodyFormat,
    pub meta: RequestMeta,
    /// SHA-256 over the content type and the raw body: what an idempotency
    /// key is bound to.
    pub request_hash: String,
}

impl From<Limited> for ApiError {
    fn from(limited: Limited) -> Self {
        ApiError::RateLimited {
            kind: match limited.kind {
                LimitKind::Ip => "address",
                LimitKind::Email => "email",
            },
            // Round up: a client retrying after the advertised time must succeed.
            retry_after_seconds: limited.retry_after.as_secs()
                + u64::from(limited.retry_after.subsec_nanos() > 0),
        }
    }
}

/// Shared by submission and the scoring dry run, so both accept exactly the
/// same requests and share the same rate limits.
pub(super) async fn parse_submission(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
) -> Result<ParsedSubmission, ApiError> {
    let server = &state.settings.server;
    let meta = request_meta(req, &server.trusted_proxies);
    // The address is checked before the body is read, so a flood costs little.
    if let Some(ip) = meta.client_ip {
        state.limits.check_ip(ip)?;
    }
    let format = body_format(req)?;
    let body = read_body(req, payload, server.max_body_bytes).await?;
    let input: SubmissionInput = decode(format, &body, server.max_json_depth)?;
    let comment = NewComment::parse(input).map_err(ApiError::Validation)?;
    if let Some(email) = &comment.author_email {
        state.limits.check_email(email.as_str())?;
    }
    let mut hash = Sha256::new();
    hash.update(if format == BodyFormat::Json {
        b"j"
    } else {
        b"f"
    });
    hash.update(&body);
    Ok(ParsedSubmission {
        comment,
        format,
        meta,
        request_hash: hex::encode(hash.finalize()),
    })
}

/// The stored comment's id and where it stands.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    id: Uuid,
    status: CommentStatus,
    created_at: chrono::DateTime<Utc>,
}

/// Fewest rows a submitter or text count reads before it stops. Each row
/// can cost a heap fetch on PostgreSQL, and in a spam wave every count
/// reaches the cap: at 50 those fetches were most of the server's work per
/// submission. Ten is plenty to say "many".
const FACTS_CAP: u64 = 10;

const IDEMPOTENCY_KEY: &str = "idempotency-key";
const REPLAYED: &str = "idempotent-replayed";

#[utoipa::path(
    post,
    path = "/api/v1/comments",
    tag = "comments",
    summary = "Submit a comment",
    description = "Scores the comment and stores it as approved, pending (held for a moderator) or rejected. \
        A form post is answered 303 back to `post_url`. Rate limited per address and per email (429).",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body get the first response back")),
    request_body(content(
        (SubmissionInput = "application/json"),
        (SubmissionInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 201, description = "Stored", body = Created),
        (status = 200, description = "A double submit: the same author's identical comment from moments ago", body = Created),
        (status = 303, description = "A form post: back to the post"),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
/// `POST /api/v1/comments`
pub async fn submit(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req)?;
    let parsed = parse_submission(&req, payload, &state).await?;
    let now = Utc::now();
    let key_window = chrono::Duration::hours(state.settings.idempotency.key_ttl_hours as i64);
    let keyed = key.map(|key| IdempotentRequest {
        key,
        request_hash: parsed.request_hash.clone(),
    });
    if let Some(keyed) = &keyed {
        if let Some(replay) = replay(&state, keyed, now - key_window).await? {
            return Ok(replay);
        }
    }
    let ParsedSubmission {
        comment,
        format,
        meta,
        ..
    } = parsed;
    let redirect_to = redirect_target(format, &comment, &state)?;
    if let Some(parent_id) = comment.parent_id {
        let parent = storage::comments::parent_facts(&state.db, parent_id).await?;
        check_parent(&comment.post_id, parent.as_ref())
            .map_err(|e| ApiError::Validation(vec![e]))?;
    }
    let stored_ip = meta.client_ip.and_then(|ip| state.ip_policy.store(ip));
    let body_hash = comment.body.digest();
    // With a key, the key decides what a retry is; without one, the same
    // body from the same submitter moments ago is a double click.
    let double_submit_window = state.settings.idempotency.double_submit_seconds;
    let double_submit_since = (keyed.is_none() && double_submit_window > 0)
        .then(|| now - chrono::Duration::seconds(double_submit_window as i64));

    let scoring = &state.settings.scoring;
    let history = state
        .submissions
        .facts(&FactsQuery {
            email: comment.author_email.as_ref().map(|e| e.as_str()),
            ip: stored_ip.as_deref(),
            body_hash,
            post_id: comment.post_id.as_str(),
            now,
            velocity_window: chrono::Duration::minutes(scoring.velocity_window_minutes),
            duplicate_window: chrono::Duration::hours(scoring.duplicate_window_hours),
            // Enough to see past the velocity limit, and to say "many".
            cap: scoring.velocity_max.saturating_add(1).max(FACTS_CAP),
            double_submit_since,
        })
        .await?;
    if let Some(first) = history.double_submit.as_deref() {
        if let Some(first) = state.submissions.stored(first).await? {
            tracing::info!(comment_id = %first.id, "double submit: answering with the first comment");
            let saved = saved_response(&first, redirect_to.as_ref(), StatusCode::OK);
            return Ok(respond(&saved, true));
        }
    }
    let context = ScoringContext {
        now,
        meta,
        facts: history.facts,
    };
    let verdict =
        state.with_model(|model| state.pipeline.score_with(&comment, &context, Some(model)));
    let notice = match verdict.decision {
        Decision::Review => {
            notify::plan_held(
                &state.submissions,
                &state.settings.notify,
                comment.post_id.as_str(),
                history.post_author.as_deref(),
                now,
            )
            .await?
        }
        Decision::Approve | Decision::Reject => None,
    };
    let stored = StoredComment {
        id: Uuid::now_v7(),
        status: verdict.decision.status(),
        created_at: now,
    };
    let saved = saved_response(&stored, redirect_to.as_ref(), StatusCode::CREATED);
    let post_id = comment.post_id.as_str().to_owned();
    state.metrics.record_verdict(&verdict);
    let (decision, spam, toxicity) = (verdict.decision, verdict.spam, verdict.toxicity);
    let rules: Vec<String> = verdict.reasons.iter().map(|r| r.rule.clone()).collect();
    let inserted = state
        .submissions
        .insert(NewRow {
            id: stored.id,
            comment,
            verdict,
            meta: context.meta,
            client_ip: stored_ip,
            notice,
            idempotency: keyed.clone().map(|k| (k, saved.clone(), now - key_window)),
            now,
        })
        .await;
    match (inserted, &keyed) {
        (Ok(stored), _) => {
            if stored.status == CommentStatus::Approved {
                state.listing_cache.forget_post(&post_id);
            }
        }
        // A concurrent retry with the same key won the race: answer as it did.
        (Err(StorageError::KeyTaken), Some(keyed)) => {
            return match replay(&state, keyed, now - key_window).await? {
                Some(replay) => Ok(replay),
                None => Err(StorageError::KeyTaken.into()),
            };
        }
        (Err(e), _) => return Err(e.into()),
    }
    tracing::info!(
        comment_id = %stored.id,
        post_id,
        ?decision,
        spam,
        toxicity,
        ?rules,
        "comment stored"
    );
    Ok(respond(&saved, false))
}

/// The `Idempotency-Key` header, if sent: 1 to 255 visible ASCII characters.
fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::InvalidParameter {
            field: "Idempotency-Key",
            message: "must be 1 to 255 visible ASCII characters".into(),
        });
    }
    Ok(Some(key.to_owned()))
}

/// The first response to this key, when it is still within its window and
/// was used with the same request; a different request is refused.
async fn replay(
    state: &AppState,
    keyed: &IdempotentRequest,
    since: chrono::DateTime<Utc>,
) -> Result<Option<HttpResponse>, ApiError> {
    match storage::idempotency::find(&state.db, &keyed.key, since).await? {
        Some((hash, saved)) if hash == keyed.request_hash => Ok(Some(respond(&saved, true))),
        Some(_) => Err(ApiError::IdempotencyKeyReused),
        None => Ok(None),
    }
}

/// A form post is answered with a redirect back to the post, so it must name
/// the post, on an origin the operator allowed (anything else would make us
/// an open redirect).
fn redirect_target(
    format: BodyFormat,
    comment: &NewComment,
    state: &AppState,
) -> Result<Option<url::Url>, ApiError> {
    match (format, &comment.post_url) {
        (BodyFormat::Json, _) => Ok(None),
        (BodyFormat::Form, None) => Err(ApiError::Validation(vec![FieldError::new(
            "post_url",
            "is required when posting a form",
        )])),
        (BodyFormat::Form, Some(url)) if state.settings.server.origin_allowed(url.url()) => {
            Ok(Some(url.url().clone()))
        }
        (BodyFormat::Form, Some(_)) => Err(ApiError::Validation(vec![FieldError::new(
            "post_url",
            "must be on an origin listed in server.allowed_origins",
        )])),
    }
}

/// What the client is told about a stored comment: JSON, or for a form a
/// redirect to the comment (or to the "awaiting moderation" anchor).
fn saved_response(
    stored: &StoredComment,
    redirect_to: Option<&url::Url>,
    status: StatusCode,
) -> SavedResponse {
    match redirect_to {
        Some(url) => {
            let mut url = url.clone();
            let fragment = match stored.status {
                CommentStatus::Approved => format!("comment-{}", stored.id),
                _ => "comment-awaiting-moderation".to_owned(),
            };
            url.set_fragment(Some(&fragment));
            SavedResponse {
                status: StatusCode::SEE_OTHER.as_u16(),
                location: Some(url.to_string()),
                body: String::new(),
            }
        }
        None => SavedResponse {
            status: status.as_u16(),
            location: None,
            body: serde_json::to_string(&Created {
                id: stored.id,
                status: stored.status,
                created_at: stored.created_at,
            })
            .unwrap_or_default(),
        },
    }
}

fn respond(saved: &SavedResponse, replayed: bool) -> HttpResponse {
    let status = StatusCode::from_u16(saved.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    if let Some(location) = &saved.location {
        response.insert_header((header::LOCATION, location.as_str()));
    }
    if replayed {
        response.insert_header((REPLAYED, "true"));
    }
    if saved.body.is_empty() {
        response.finish()
    } else {
        response
            .content_type("application/json")
            .body(saved.body.clone())
    }
}
