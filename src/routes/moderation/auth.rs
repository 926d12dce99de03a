//! Bearer-token authentication for the moderation API.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};

use crate::routes::error::ApiError;
use crate::startup::AppState;
use crate::storage::moderators::{self, Moderator};

/// A request made with an active moderator's token. Taking this as a handler
/// argument is what makes a route moderator-only.
pub struct Authenticated(pub Moderator);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        Box::pin(async move {
            let (Some(state), Some(token)) = (state, token) else {
                return Err(ApiError::Unauthorized);
            };
            match moderators::authenticate(&state.db, &token).await? {
                Some(moderator) => Ok(Self(moderator)),
                None => Err(ApiError::Unauthorized),
            }
        })
    }
}
