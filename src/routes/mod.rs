//! HTTP routes: every path the service answers is registered in [`config`].

mod comments;
pub mod error;
mod extract;
mod health;
pub mod middleware;
pub mod moderation;
mod moderation_page;
mod one_click;
pub mod openapi;
pub mod params;
mod score;
mod submit;

use actix_web::{web, HttpRequest, HttpResponse};

pub use error::ApiError;

use crate::config::ServerSettings;

/// Declares the JSON API once: the table the OpenAPI test checks against, and
/// the registration of exactly those routes. A route added here without an
/// OpenAPI entry fails `tests/api/openapi.rs`.
macro_rules! api_endpoints {
    ($( $method:ident $path:literal => $handler:path, public: $public:literal; )*) => {
        /// Every JSON API endpoint as (method, full path), in OpenAPI path syntax.
        pub const API_ENDPOINTS: &[(&str, &str)] =
            &[$( (stringify!($method), concat!("/api/v1", $path)) ),*];

        fn api(cfg: &mut web::ServiceConfig, server: &ServerSettings) {
            $(
                cfg.service(
                    web::resource($path)
                        .route(web::$method().to($handler))
                        .default_service(web::to(method_not_allowed))
                        // Browsers may call the public endpoints from the blog's
                        // pages; the moderation API sends no CORS headers at all.
                        .wrap(middleware::cors(server, $public)),
                );
            )*
        }
    };
}

api_endpoints! {
    post "/comments" => submit::submit, public: true;
    get "/posts/{post_id}/comments" => comments::list, public: true;
    post "/score" => score::score, public: true;
    get "/openapi.json" => openapi::document, public: true;
    get "/moderation/comments" => moderation::queue::list, public: false;
    get "/moderation/comments/{id}" => moderation::queue::get, public: false;
    post "/moderation/comments/{id}/decision" => moderation::decisions::decide, public: false;
    post "/moderation/decisions" => moderation::decisions::bulk, public: false;
    get "/moderation/events" => moderation::events::list, public: false;
    get "/moderation/stats" => moderation::stats::stats, public: false;
    put "/moderation/posts/{post_id}" => moderation::posts::register, public: false;
    get "/moderation/notifications" => moderation::notifications::list, public: false;
    post "/moderation/notifications/{id}/retry" => moderation::notifications::retry, public: false;
    put "/moderation/authors/{email}/preference" => moderation::notifications::set_preference, public: false;
}

/// Registers every route, one scope per resource.
pub fn config(cfg: &mut web::ServiceConfig, server: &ServerSettings) {
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
    .route("/metrics", web::get().to(health::metrics))
    .service(web::scope("/api/v1").configure(|cfg| api(cfg, server)))
    .default_service(web::to(not_found));
}

async fn not_found(_: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

async fn method_not_allowed(_: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed)
}
