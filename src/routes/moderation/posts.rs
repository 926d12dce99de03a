//! `PUT /api/v1/moderation/posts/{post_id}`: who wrote a post, and so who is
//! told about its held comments. Only moderators can set this.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::auth::Authenticated;
use crate::domain::submission::{AuthorEmail, PostId, WebUrl};
use crate::domain::FieldError;
use crate::routes::error::{ApiError, ProblemResponse};
use crate::routes::extract::read_json;
use crate::startup::AppState;
use crate::storage::posts::{self, PostRegistration};

/// Who wrote a post, so held comments on it are mailed to them.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostBody {
    author_email: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

/// A registered post.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PostRecord {
    id: String,
    title: Option<String>,
    url: Option<String>,
    author_email: Option<String>,
}

const MAX_TITLE_CHARS: usize = 300;

/// `PUT /api/v1/moderation/posts/{post_id}`
#[utoipa::path(
    put,
    path = "/api/v1/moderation/posts/{post_id}",
    tag = "moderation",
    summary = "Register a post and its author",
    params(("post_id" = String, Path, description = "The blog's identifier of the post")),
    request_body(content = PostBody, content_type = "application/json"),
    security(("moderator_token" = [])),
    responses(
        (status = 200, description = "The post as stored", body = PostRecord),
        (status = "default", response = inline(ProblemResponse)),
    )
)]
pub async fn register(
    _: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body: PostBody = read_json(&req, payload, &state.settings.server).await?;
    let mut errors = Vec::new();
    let post_id = PostId::parse(&path)
        .map_err(|m| errors.push(FieldError::new("post_id", m)))
        .ok();
    let email = match body.author_email.as_deref() {
        None => {
            errors.push(FieldError::new("author_email", "is required"));
            None
        }
        Some(e) => AuthorEmail::parse(e)
            .map_err(|m| errors.push(FieldError::new("author_email", m)))
            .ok(),
    };
    let url = match body.url.as_deref() {
        None => None,
        Some(u) => WebUrl::parse(u)
            .map_err(|m| errors.push(FieldError::new("url", m)))
            .ok(),
    };
    let title = body
        .title
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    if title
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_TITLE_CHARS)
    {
        errors.push(FieldError::new(
            "title",
            format!("must be at most {MAX_TITLE_CHARS} characters"),
        ));
    }
    let (Some(post_id), Some(email), true) = (post_id, email, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let post = posts::register(
        &state.db,
        post_id.as_str(),
        PostRegistration {
            author_email: email.as_str().to_owned(),
            title,
            url: url.map(|u| u.as_str().to_owned()),
        },
    )
    .await?;
    state.submissions.forget_post_author(&post.id);
    Ok(HttpResponse::Ok().json(PostRecord {
        id: post.id,
        title: post.title,
        url: post.url,
        author_email: post.author_email,
    }))
}
