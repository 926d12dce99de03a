//! Single and bulk decisions.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::auth::Authenticated;
use super::view::StateView;
use crate::domain::moderation::{Action, MAX_NOTE_CHARS};
use crate::domain::FieldError;
use crate::routes::error::{ApiError, ProblemResponse};
use crate::routes::extract::read_json;
use crate::startup::AppState;
use crate::storage::decisions::{DecisionError, DecisionRequest};

/// A moderator's decision on one comment.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// approve, reject, spam or ham (spam and ham also teach the learned model).
    action: Option<String>,
    note: Option<String>,
    /// The version the moderator saw; a stale one gets 409 with the current state.
    version: Option<i32>,
}

/// One action on up to 500 comments.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkBody {
    ids: Option<Vec<String>>,
    action: Option<String>,
    note: Option<String>,
}

/// Most comments one bulk request may decide.
const MAX_BULK: usize = 500;

fn parse_action(raw: Option<&str>, errors: &mut Vec<FieldError>) -> Option<Action> {
    match raw {
        None => errors.push(FieldError::new("action", "is required")),
        Some(a) => match Action::parse(a) {
            Some(action) => return Some(action),
            None => errors.push(FieldError::new(
                "action",
                "must be approve, reject, spam or ham",
            )),
        },
    }
    None
}

fn parse_note(raw: Option<String>, errors: &mut Vec<FieldError>) -> Option<String> {
    let note = raw.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        errors.push(FieldError::new(
            "note",
            format!("must be at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    note
}

/// Maps a failed decision to its answer, with the winning state on conflict.
pub fn decision_error(err: DecisionError) -> ApiError {
    match err {
        DecisionError::NotFound => ApiError::NotFound,
        DecisionError::Conflict { expected, current } => ApiError::Conflict {
            expected,
            current: serde_json::to_value(StateView::from(current)).unwrap_or_default(),
        },
        DecisionError::Storage(e) => ApiError::Storage(e),
    }
}

/// `POST /api/v1/moderation/comments/{id}/decision`
#[utoipa::path(
    post,
    path = "/api/v1/moderation/comments/{id}/decision",
    tag = "moderation",
    summary = "Decide one comment",
    params(("id" = String, Path, description = "The comment's id")),
    request_body(content = DecisionBody, content_type = "application/json"),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "The comment's new state", body = StateView),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
pub async fn decide(
    who: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body: DecisionBody = read_json(&req, payload, &state.settings.server).await?;
    let mut errors = Vec::new();
    let action = parse_action(body.action.as_deref(), &mut errors);
    let note = parse_note(body.note, &mut errors);
    if body.version.is_none() {
        errors.push(FieldError::new(
            "version",
            "is required: send the version you saw",
        ));
    }
    let (Some(action), Some(version), true) = (action, body.version, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let state_after = state
        .decide(DecisionRequest {
            comment_id: &path,
            action,
            expected_version: Some(version),
            actor: &who.0.name,
            note: note.as_deref(),
            notify_commenter: state.settings.notify.commenter_on_approval,
        })
        .await
        .map_err(decision_error)?;
    tracing::info!(comment_id = %path, moderator = %who.0.name, action = action.as_str(), "decision applied");
    Ok(HttpResponse::Ok().json(StateView::from(state_after)))
}

/// One id's outcome in a bulk request.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BulkResult {
    pub id: String,
    /// The HTTP status this id alone would have got.
    pub status: u16,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<StateView>,
}

/// The answer to a bulk decision.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BulkResults {
    pub results: Vec<BulkResult>,
}

/// Applies one action to many comments; each succeeds or fails on its own.
pub async fn apply_bulk(
    state: &AppState,
    ids: &[String],
    action: Action,
    actor: &str,
    note: Option<&str>,
) -> Vec<BulkResult> {
    let mut results = Vec::with_capacity(ids.len());
    for id in ids {
        let outcome = state
            .decide(DecisionRequest {
                comment_id: id,
                action,
                expected_version: None,
                actor,
                note,
                notify_commenter: state.settings.notify.commenter_on_approval,
            })
            .await;
        results.push(match outcome {
            Ok(s) => BulkResult {
                id: id.clone(),
                status: 200,
                code: "ok",
                comment: Some(s.into()),
            },
            Err(e) => {
                let err = decision_error(e);
                BulkResult {
                    id: id.clone(),
                    status: actix_web::ResponseError::status_code(&err).as_u16(),
                    code: err.code(),
                    comment: None,
                }
            }
        });
    }
    results
}

/// `POST /api/v1/moderation/decisions`
#[utoipa::path(
    post,
    path = "/api/v1/moderation/decisions",
    tag = "moderation",
    summary = "Decide many comments at once; each succeeds or fails on its own",
    request_body(content = BulkBody, content_type = "application/json"),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "One result per id", body = BulkResults),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
pub async fn bulk(
    who: Authenticated,
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body: BulkBody = read_json(&req, payload, &state.settings.server).await?;
    let mut errors = Vec::new();
    let action = parse_action(body.action.as_deref(), &mut errors);
    let note = parse_note(body.note, &mut errors);
    match &body.ids {
        None => errors.push(FieldError::new("ids", "is required")),
        Some(ids) if ids.is_empty() || ids.len() > MAX_BULK => errors.push(FieldError::new(
            "ids",
            format!("must list 1 to {MAX_BULK} comment ids"),
        )),
        Some(_) => {}
    }
    let (Some(action), Some(ids), true) = (action, body.ids, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let results = apply_bulk(&state, &ids, action, &who.0.name, note.as_deref()).await;
    Ok(HttpResponse::Ok().json(BulkResults { results }))
}
