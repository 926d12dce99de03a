//! The scoring dry run: the same request as a submission, nothing stored.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;

use super::error::ApiError;
use super::error::ProblemResponse;
use super::submit::parse_submission;
use crate::domain::scoring::{ScoringContext, Verdict};
use crate::domain::SubmissionInput;
use crate::startup::AppState;

#[utoipa::path(
    post,
    path = "/api/v1/score",
    tag = "comments",
    summary = "Score a comment without storing it",
    request_body(content(
        (SubmissionInput = "application/json"),
        (SubmissionInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The decision the comment would get, with every reason", body = Verdict),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
/// `POST /api/v1/score`
pub async fn score(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let parsed = parse_submission(&req, payload, &state).await?;
    let context = ScoringContext {
        now: Utc::now(),
        meta: parsed.meta,
        // A dry run judges the text alone: it does not look up the sender.
        facts: Default::default(),
    };
    let verdict = state.with_model(|model| {
        state
            .pipeline
            .score_with(&parsed.comment, &context, Some(model))
    });
    Ok(HttpResponse::Ok().json(verdict))
}
