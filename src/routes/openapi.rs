//! The OpenAPI 3.1 document of the JSON API, generated from the handlers'
//! annotations and served at `/api/v1/openapi.json`.

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{comments, moderation, score, submit};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "moderato",
        description = "Self-hosted comment moderation. Public endpoints take comments and serve \
                       published ones; moderation endpoints need a moderator's bearer token \
                       (`moderato moderators add NAME`). Every error is RFC 7807 problem+json \
                       with a stable `code`."
    ),
    paths(
        submit::submit,
        comments::list,
        score::score,
        document,
        moderation::queue::list,
        moderation::queue::get,
        moderation::decisions::decide,
        moderation::decisions::bulk,
        moderation::events::list,
        moderation::stats::stats,
        moderation::posts::register,
        moderation::notifications::list,
        moderation::notifications::retry,
        moderation::notifications::set_preference,
    ),
    // Referred to from the inlined error response, which utoipa does not follow.
    components(schemas(super::error::Problem)),
    modifiers(&BearerToken),
    tags(
        (name = "comments", description = "What a blog's pages call"),
        (name = "moderation", description = "What moderators and their tools call"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "moderator_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `GET /api/v1/openapi.json`
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "comments",
    summary = "This document",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
