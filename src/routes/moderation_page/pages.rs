//! The moderator web page's handlers.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::highlight::{segments, Segment};
use super::session::{self, check_csrf};
use super::{html, WebError};
use crate::domain::moderation::Action;
use crate::routes::moderation::decisions::apply_bulk;
use crate::routes::moderation::queue::{next_cursor, QueueQuery};
use crate::routes::moderation::view::ModeratorComment;
use crate::startup::AppState;
use crate::storage::decisions::{DecisionError, DecisionRequest};
use crate::storage::moderators;
use crate::storage::queue::{self, StatusCounts};

#[derive(Template)]
#[template(path = "moderation/login.html")]
struct LoginPage {
    error: Option<&'static str>,
}

struct ReasonView {
    rule: String,
    weight: String,
    evidence: String,
}

struct ItemView {
    id: String,
    version: i32,
    status: String,
    author_name: String,
    author_email: Option<String>,
    history: String,
    post_title: String,
    post_url: Option<String>,
    created_at: String,
    created_at_display: String,
    parent_excerpt: Option<String>,
    segments: Vec<Segment>,
    spam: String,
    toxicity: String,
    reasons: Vec<ReasonView>,
}

impl From<ModeratorComment> for ItemView {
    fn from(c: ModeratorComment) -> Self {
        let needles: Vec<String> = c
            .reasons
            .iter()
            .flat_map(|r| r.matches.iter().cloned())
            .collect();
        let history = match c.author.history {
            Some(h) => format!(
                "{} approved · {} pending · {} rejected",
                h.approved, h.pending, h.rejected
            ),
            None => "no email given".to_owned(),
        };
        Self {
            segments: segments(&c.body, &needles),
            id: c.id,
            version: c.version,
            status: c.status,
            author_name: c.author.name,
            author_email: c.author.email,
            history,
            post_title: c.post.title.unwrap_or_else(|| c.post.id.clone()),
            post_url: c.post.url,
            created_at: c.created_at.to_rfc3339(),
            created_at_display: c.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            parent_excerpt: c
                .parent
                .map(|p| format!("{}: {}", p.author_name, p.excerpt)),
            spam: format!("{:.2}", c.scores.spam),
            toxicity: format!("{:.2}", c.scores.toxicity),
            reasons: c
                .reasons
                .into_iter()
                .map(|r| ReasonView {
                    rule: r.rule,
                    weight: format!("{:.2}", r.weight),
                    evidence: r.evidence,
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "moderation/queue.html")]
struct QueuePage {
    moderator: String,
    csrf: String,
    totals: StatusCounts,
    status: String,
    sort: String,
    category: String,
    q: String,
    notice: Option<&'static str>,
    return_to: String,
    next_page: Option<String>,
    items: Vec<ItemView>,
}

/// Messages the page can show after an action; the redirect carries only a code.
fn notice_text(code: &str) -> Option<&'static str> {
    match code {
        "done" => Some("Done."),
        "partial" => Some("Some comments had changed or were gone; the others were decided."),
        "conflict" => {
            Some("Someone else decided on that comment first; the queue shows its current state.")
        }
        "missing" => Some("That comment no longer exists."),
        "none" => Some("Select at least one comment first."),
        _ => None,
    }
}

/// The query string without the `notice` and `cursor` keys, re-encoded.
fn filters_only(
    query: &str,
    drop_cursor: bool,
) -> Result<(Vec<(String, String)>, String), WebError> {
    let pairs: Vec<(String, String)> =
        serde_html_form::from_str(query).map_err(|e| WebError::BadForm(e.to_string()))?;
    let kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k != "notice" && !(drop_cursor && k == "cursor"))
        .collect();
    let encoded =
        serde_html_form::to_string(&kept).map_err(|e| WebError::BadForm(e.to_string()))?;
    Ok((kept, encoded))
}

/// `GET /moderation`: the queue, or the sign-in form.
pub async fn queue(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let Some(session) = session::current(&req, &state).await? else {
        return Ok(html(StatusCode::OK, &LoginPage { error: None }));
    };
    let notice = serde_html_form::from_str::<Vec<(String, String)>>(req.query_string())
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "notice"))
        .and_then(|(_, v)| notice_text(&v));
    let (_, filters) = filters_only(req.query_string(), false)?;
    let query: QueueQuery =
        serde_html_form::from_str(&filters).map_err(|e| WebError::BadForm(e.to_string()))?;
    let filter = query
        .parse()
        .map_err(|e| WebError::BadForm(e.to_string()))?;
    let page = queue::list(&state.db, &filter).await?;
    let (_, without_cursor) = filters_only(req.query_string(), true)?;
    let next_page = next_cursor(page.next).map(|c| {
        let sep = if without_cursor.is_empty() { "" } else { "&" };
        format!("/moderation?{without_cursor}{sep}cursor={c}")
    });
    let return_to = if filters.is_empty() {
        "/moderation".to_owned()
    } else {
        format!("/moderation?{filters}")
    };
    let view = QueuePage {
        moderator: session.moderator.name.clone(),
        csrf: session.csrf_token.clone(),
        totals: page.totals,
        status: filter.status.as_str().to_owned(),
        sort: query.sort.clone().unwrap_or_else(|| "score".into()),
        category: query.category.clone().unwrap_or_default(),
        q: query.q.clone().unwrap_or_default(),
        notice,
        return_to,
        next_page,
        items: page
            .items
            .into_iter()
            .map(|item| ItemView::from(ModeratorComment::from(item)))
            .collect(),
    };
    Ok(html(StatusCode::OK, &view))
}

#[derive(Deserialize)]
pub struct LoginForm {
    token: String,
}

/// `POST /moderation/login`
pub async fn login(
    form: web::Form<LoginForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let Some(moderator) = moderators::authenticate(&state.db, &form.token).await? else {
        tracing::info!("moderation page: sign-in with an unknown or revoked token");
        return Ok(html(
            StatusCode::UNAUTHORIZED,
            &LoginPage {
                error: Some("That token is not valid."),
            },
        ));
    };
    let cookie = session::start(&state, &moderator).await?;
    tracing::info!(moderator = %moderator.name, "moderation page: signed in");
    Ok(HttpResponse::SeeOther()
        .cookie(cookie)
        .insert_header((header::LOCATION, "/moderation"))
        .finish())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// `POST /moderation/logout`
pub async fn logout(
    req: HttpRequest,
    form: web::Form<CsrfForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let session = session::current(&req, &state)
        .await?
        .ok_or(WebError::SignedOut)?;
    check_csrf(&session, &form.csrf)?;
    if let Some(cookie) = req.cookie(session::COOKIE) {
        moderators::end_session(&state.db, cookie.value()).await?;
    }
    Ok(HttpResponse::SeeOther()
        .cookie(session::cleared(&state))
        .insert_header((header::LOCATION, "/moderation"))
        .finish())
}

#[derive(Deserialize)]
pub struct ActForm {
    csrf: String,
    #[serde(default)]
    ids: Vec<String>,
    one: Option<String>,
    bulk: Option<String>,
    return_to: Option<String>,
}

/// `POST /moderation/act`: a per-comment button (`one=action:id:version`) or
/// a bulk button over the ticked comments.
pub async fn act(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let form: ActForm =
        serde_html_form::from_bytes(&body).map_err(|e| WebError::BadForm(e.to_string()))?;
    let session = session::current(&req, &state)
        .await?
        .ok_or(WebError::SignedOut)?;
    check_csrf(&session, &form.csrf)?;
    let actor = session.moderator.name.as_str();

    let notice = if let Some(one) = &form.one {
        let mut parts = one.splitn(3, ':');
        let (Some(action), Some(id), Some(version)) = (
            parts.next().and_then(Action::parse),
            parts.next(),
            parts.next().and_then(|v| v.parse::<i32>().ok()),
        ) else {
            return Err(WebError::BadForm("unknown action".into()));
        };
        let request = DecisionRequest {
            comment_id: id,
            action,
            expected_version: Some(version),
            actor,
            note: None,
            notify_commenter: state.settings.notify.commenter_on_approval,
        };
        match state.decide(request).await {
            Ok(_) => "done",
            Err(DecisionError::Conflict { .. }) => "conflict",
            Err(DecisionError::NotFound) => "missing",
            Err(DecisionError::Storage(e)) => return Err(e.into()),
        }
    } else {
        let action = form
            .bulk
            .as_deref()
            .and_then(Action::parse)
            .ok_or_else(|| WebError::BadForm("unknown action".into()))?;
        if form.ids.is_empty() {
            "none"
        } else {
            let results = apply_bulk(&state, &form.ids, action, actor, None).await;
            if results.iter().all(|r| r.status == 200) {
                "done"
            } else {
                "partial"
            }
        }
    };
    // Only ever back into the queue: never an open redirect.
    let back = form
        .return_to
        .filter(|r| r == "/moderation" || r.starts_with("/moderation?"))
        .unwrap_or_else(|| "/moderation".into());
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("{back}{sep}notice={notice}")))
        .finish())
}

pub async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .body(include_str!("../../../static/app.js"))
}

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .body(include_str!("../../../static/app.css"))
}
