//! The OpenAPI 3.1 document of the JSON API, generated from the handlers'
//! annotations and served at `/api/v1/openapi.json`.

use actix_web::HttpResponse;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(info(title = "moderato", description = "Self-hosted comment moderation API."))]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
