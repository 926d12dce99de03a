//! The moderator web page under `/moderation`: server-rendered, usable without
//! JavaScript, with security headers on every response.

mod highlight;
mod pages;
mod session;

use actix_web::http::{header, StatusCode};
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, HttpResponse, ResponseError};
use askama::Template;

use crate::routes::error::error_chain;
use crate::storage::StorageError;

/// A restrictive policy: our own script and styles only, no inline script, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Headers every HTML page of ours carries.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CSP))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::CACHE_CONTROL, "no-store"))
}

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/moderation")
            .wrap(security_headers())
            .route("", web::get().to(pages::queue))
            .route("/login", web::post().to(pages::login))
            .route("/logout", web::post().to(pages::logout))
            .route("/act", web::post().to(pages::act))
            .route("/static/app.js", web::get().to(pages::script))
            .route("/static/app.css", web::get().to(pages::stylesheet)),
    );
}

/// What can go wrong on the web page; rendered as an HTML page.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("the form has expired or did not come from this page")]
    Csrf,
    #[error("sign in first")]
    SignedOut,
    #[error("the request was not understood: {0}")]
    BadForm(String),
    #[error("storage failed")]
    Storage(#[from] StorageError),
    #[error("internal error: {0}")]
    Internal(String),
}

/// A page with a title and one message: errors, outcomes.
#[derive(Template)]
#[template(path = "moderation/message.html")]
pub struct MessagePage<'a> {
    pub title: &'a str,
    pub message: String,
    pub back_to_queue: bool,
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Csrf => StatusCode::FORBIDDEN,
            Self::SignedOut => StatusCode::UNAUTHORIZED,
            Self::BadForm(_) => StatusCode::BAD_REQUEST,
            Self::Storage(StorageError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Storage(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let (title, message) = if status.is_server_error() {
            tracing::error!(error = %error_chain(self), "moderation page failed");
            (
                "Something went wrong",
                "The page could not be shown; nothing was changed. Try again shortly.".to_owned(),
            )
        } else {
            ("Not allowed", self.to_string())
        };
        html(
            status,
            &MessagePage {
                title,
                message,
                back_to_queue: true,
            },
        )
    }
}

/// Renders a template as an HTML response.
pub fn html(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            HttpResponse::InternalServerError().finish()
        }
    }
}
