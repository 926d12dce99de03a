//! A reader's comment, parsed from untrusted input into types that are valid by
//! construction. Every field problem is collected, so a client learns all of
//! them in one answer.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use url::Url;
use uuid::Uuid;

use super::CommentStatus;

/// One problem with one input field, as reported in problem+json `errors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// The submission as it arrives, before validation: every field optional so
/// that a missing one is reported like any other problem.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SubmissionInput {
    /// Required: the blog's own identifier of the post (1-200 characters).
    pub post_id: Option<String>,
    /// The post's http(s) URL; required for form posts, which are redirected back to it.
    pub post_url: Option<String>,
    pub post_title: Option<String>,
    /// The comment this one replies to (a UUID on the same post).
    pub parent_id: Option<String>,
    /// Required: the commenter's display name (1-100 characters).
    pub author_name: Option<String>,
    /// Never shown publicly; used for trust, limits and notifications.
    pub author_email: Option<String>,
    pub author_url: Option<String>,
    /// Required: the comment text (1-10,000 characters), stored verbatim.
    pub body: Option<String>,
    /// A hidden form field people leave empty; anything in it marks a bot.
    pub honeypot: Option<String>,
    /// When the form was rendered (RFC 3339); a submission within seconds is suspicious.
    pub form_rendered_at: Option<String>,
}

/// A blog post's identifier as the blog knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostId(String);

impl PostId {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        match trimmed.chars().count() {
            0 => Err("must not be empty".into()),
            n if n > Self::MAX_CHARS => {
                Err(format!("must be at most {} characters", Self::MAX_CHARS))
            }
            _ if trimmed.chars().any(char::is_control) => {
                Err("must not contain control characters".into())
            }
            _ => Ok(Self(trimmed.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The commenter's display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorName(String);

impl AuthorName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, String> {
        bounded_text(raw, Self::MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The comment text, stored verbatim (trimmed) and escaped wherever it is rendered.
#[derive(Debug, Clone)]
pub struct CommentBody {
    text: String,
    /// Worked out once: the history lookup, the stored row and the
    /// in-memory window of recent submissions each need it.
    digest: std::sync::OnceLock<String>,
}

impl PartialEq for CommentBody {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for CommentBody {}

impl CommentBody {
    pub const MAX_CHARS: usize = 10_000;

    pub fn parse(raw: &str) -> Result<Self, String> {
        bounded_text(raw, Self::MAX_CHARS).map(|text| Self {
            text,
            digest: std::sync::OnceLock::new(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// SHA-256 of the text, hex: stored so that duplicates are found by index.
    pub fn digest(&self) -> &str {
        self.digest.get_or_init(|| {
            use sha2::{Digest, Sha256};
            hex::encode(Sha256::digest(self.text.as_bytes()))
        })
    }
}

/// A syntactically valid email address, never shown publicly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorEmail(String);

impl AuthorEmail {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.len() > 254 || !email_address::EmailAddress::is_valid(trimmed) {
            return Err("must be a valid email address".into());
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An absolute http or https URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(Url);

impl WebUrl {
    pub const MAX_CHARS: usize = 2_000;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.len() > Self::MAX_CHARS {
            return Err(format!("must be at most {} characters", Self::MAX_CHARS));
        }
        let url = Url::parse(trimmed).map_err(|_| "must be an absolute http or https URL")?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err("must be an absolute http or https URL".into());
        }
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn url(&self) -> &Url {
        &self.0
    }
}

/// A validated comment submission.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub post_id: PostId,
    pub post_url: Option<WebUrl>,
    pub post_title: Option<String>,
    pub parent_id: Option<Uuid>,
    pub author_name: AuthorName,
    pub author_email: Option<AuthorEmail>,
    pub author_url: Option<WebUrl>,
    pub body: CommentBody,
    pub honeypot: Option<String>,
    pub form_rendered_at: Option<DateTime<Utc>>,
}

const MAX_TITLE_CHARS: usize = 300;

impl NewComment {
    /// Validates every field, returning all problems at once.
    pub fn parse(input: SubmissionInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors(Vec::new());
        let post_id = errors.check("post_id", required(&input.post_id).and_then(PostId::parse));
        let post_url = errors.check("post_url", optional(&input.post_url, WebUrl::parse));
        let post_title = errors.check(
            "post_title",
            optional(&input.post_title, |t| bounded_text(t, MAX_TITLE_CHARS)),
        );
        let parent_id = errors.check("parent_id", optional(&input.parent_id, parse_comment_id));
        let author_name = errors.check(
            "author_name",
            required(&input.author_name).and_then(AuthorName::parse),
        );
        let author_email = errors.check(
            "author_email",
            optional(&input.author_email, AuthorEmail::parse),
        );
        let author_url = errors.check("author_url", optional(&input.author_url, WebUrl::parse));
        let body = errors.check("body", required(&input.body).and_then(CommentBody::parse));
        let form_rendered_at = errors.check(
            "form_rendered_at",
            optional(&input.form_rendered_at, |s| {
                DateTime::parse_from_rfc3339(s.trim())
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| "must be an RFC 3339 timestamp".to_string())
            }),
        );
        let honeypot = input.honeypot.filter(|h| !h.trim().is_empty());

        let (
            Some(post_id),
            Some(post_url),
            Some(post_title),
            Some(parent_id),
            Some(author_name),
            Some(author_email),
            Some(author_url),
            Some(body),
            Some(form_rendered_at),
        ) = (
            post_id,
            post_url,
            post_title,
            parent_id,
            author_name,
            author_email,
            author_url,
            body,
            form_rendered_at,
        )
        else {
            return Err(errors.0);
        };
        Ok(Self {
            post_id,
            post_url,
            post_title,
            parent_id,
            author_name,
            author_email,
            author_url,
            body,
            honeypot,
            form_rendered_at,
        })
    }
}

/// What storage knows about a would-be parent comment.
#[derive(Debug, Clone)]
pub struct ParentFacts {
    pub post_id: String,
    pub status: Option<CommentStatus>,
}

/// A reply must answer a published comment on the same post, so that threads
/// never hang off hidden comments or leak across posts.
pub fn check_parent(post_id: &PostId, parent: Option<&ParentFacts>) -> Result<(), FieldError> {
    let problem = match parent {
        None => "no such comment",
        Some(p) if p.post_id != post_id.as_str() => "belongs to another post",
        Some(p) if p.status != Some(CommentStatus::Approved) => "is not a published comment",
        Some(_) => return Ok(()),
    };
    Err(FieldError::new("parent_id", problem))
}

/// Facts about the HTTP request that carried the comment.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub client_ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    pub referer: Option<String>,
}

/// Collects field problems while parsing continues past the first one.
struct Errors(Vec<FieldError>);

impl Errors {
    fn check<T>(&mut self, field: &'static str, result: Result<T, String>) -> Option<T> {
        result
            .map_err(|m| self.0.push(FieldError::new(field, m)))
            .ok()
    }
}

fn required(value: &Option<String>) -> Result<&str, String> {
    value.as_deref().ok_or_else(|| "is required".to_string())
}

/// An absent or blank optional field is `None`: HTML forms send empty strings
/// for fields the reader left alone.
fn optional<T>(
    value: &Option<String>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => parse(v).map(Some),
    }
}

fn bounded_text(raw: &str, max: usize) -> Result<String, String> {
    let trimmed = raw.trim();
    match trimmed.chars().count() {
        0 => Err("must not be empty".into()),
        n if n > max => Err(format!("must be at most {max} characters")),
        _ => Ok(trimmed.to_owned()),
    }
}

fn parse_comment_id(raw: &str) -> Result<Uuid, String> {
    Uuid::parse_str(raw).map_err(|_| "must be a comment id".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> SubmissionInput {
        SubmissionInput {
            post_id: Some("hello-world".into()),
            author_name: Some("Ada".into()),
            body: Some("Nice write-up.".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_submission_parses() {
        let c = NewComment::parse(valid()).unwrap();
        assert_eq!(c.post_id.as_str(), "hello-world");
        assert!(c.author_email.is_none());
    }

    #[test]
    fn blank_optional_fields_count_as_absent() {
        let mut input = valid();
        input.author_email = Some("  ".into());
        input.author_url = Some(String::new());
        let c = NewComment::parse(input).unwrap();
        assert!(c.author_email.is_none() && c.author_url.is_none());
    }

    #[test]
    fn every_bad_field_is_reported() {
        let input = SubmissionInput {
            author_email: Some("nope".into()),
            author_url: Some("javascript:alert(1)".into()),
            ..Default::default()
        };
        let errors = NewComment::parse(input).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "post_id",
                "author_name",
                "author_email",
                "author_url",
                "body"
            ]
        );
    }

    #[test]
    fn length_limits_count_characters_not_bytes() {
        assert!(AuthorName::parse(&"é".repeat(100)).is_ok());
        assert!(AuthorName::parse(&"é".repeat(101)).is_err());
        assert!(CommentBody::parse(&"x".repeat(10_001)).is_err());
    }
}
