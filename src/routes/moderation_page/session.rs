//! The moderator web session: a random cookie whose hash names a session row,
//! plus the CSRF token every state-changing form must echo.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::HttpRequest;

use super::WebError;
use crate::domain::token;
use crate::startup::AppState;
use crate::storage::moderators::{self, Moderator, Session};

pub const COOKIE: &str = "moderato_session";

/// The live session behind the request's cookie, if any.
pub async fn current(req: &HttpRequest, state: &AppState) -> Result<Option<Session>, WebError> {
    let Some(cookie) = req.cookie(COOKIE) else {
        return Ok(None);
    };
    Ok(moderators::find_session(&state.db, cookie.value()).await?)
}

/// Starts a session and returns the cookie that carries it.
pub async fn start(state: &AppState, moderator: &Moderator) -> Result<Cookie<'static>, WebError> {
    let secret = token::generate().map_err(|e| WebError::Internal(e.to_string()))?;
    let csrf = token::generate().map_err(|e| WebError::Internal(e.to_string()))?;
    let ttl_hours = state.settings.moderation.session_ttl_hours;
    let expires = chrono::Utc::now() + chrono::Duration::hours(ttl_hours as i64);
    moderators::create_session(&state.db, moderator, &secret.hash, &csrf.secret, expires).await?;
    Ok(cookie(
        state,
        secret.secret,
        CookieDuration::hours(ttl_hours as i64),
    ))
}

/// A cookie that deletes the session cookie.
pub fn cleared(state: &AppState) -> Cookie<'static> {
    cookie(state, String::new(), CookieDuration::ZERO)
}

fn cookie(state: &AppState, value: String, max_age: CookieDuration) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path("/moderation")
        .http_only(true)
        .same_site(SameSite::Strict)
        // Secure only over https, or the cookie would never come back on a plain-http setup.
        .secure(state.settings.server.public_url.starts_with("https://"))
        .max_age(max_age)
        .finish()
}

/// Refuses a form whose CSRF token is not this session's.
pub fn check_csrf(session: &Session, submitted: &str) -> Result<(), WebError> {
    if token::equal(&session.csrf_token, submitted) {
        Ok(())
    } else {
        Err(WebError::Csrf)
    }
}
