//! HTTP routes: every path the service answers is registered in [`config`].

mod comments;
pub mod error;
mod extract;
mod health;
pub mod moderation;
mod moderation_page;
mod one_click;
pub mod params;
mod score;

use actix_web::{web, HttpRequest, HttpResponse};

pub use error::ApiError;

/// Registers every route, one scope per resource.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::QueryConfig::default().error_handler(|err, _| {
        ApiError::InvalidParameter {
            field: "query",
            message: err.to_string(),
        }
        .into()
    }))
    .app_data(web::PathConfig::default().error_handler(|err, _| {
        ApiError::InvalidParameter {
            field: "path",
            message: err.to_string(),
        }
        .into()
    }))
    .configure(moderation_page::config)
    .service(
        web::scope("/moderate")
            .wrap(moderation_page::security_headers())
            .route("/{token}", web::get().to(one_click::confirm))
            .route("/{token}", web::post().to(one_click::act)),
    )
    .route("/healthz", web::get().to(health::healthz))
    .route("/readyz", web::get().to(health::readyz))
    .service(
        web::scope("/api/v1")
            .service(
                web::resource("/comments")
                    .route(web::post().to(comments::submit))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/posts/{post_id}/comments")
                    .route(web::get().to(comments::list))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/score")
                    .route(web::post().to(score::score))
                    .default_service(web::to(method_not_allowed)),
            )
            .configure(moderation::config),
    )
    .default_service(web::to(not_found));
}

async fn not_found(_: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

async fn method_not_allowed(_: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed)
}
