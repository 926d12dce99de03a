//! Rendering notification emails: a plain-text and an HTML part, UTF-8, with
//! header values that cannot carry line breaks.

use askama::Template;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::Message;

/// One held comment as an email presents it.
#[derive(Debug, Clone)]
pub struct HeldItem {
    pub post_title: String,
    pub post_url: Option<String>,
    pub author_name: String,
    pub excerpt: String,
    /// The top reasons it was held, as readable lines.
    pub reasons: Vec<String>,
    pub approve_url: String,
    pub reject_url: String,
    pub spam_url: String,
    pub queue_url: String,
}

#[derive(Template)]
#[template(path = "email/held.txt")]
struct HeldText<'a> {
    item: &'a HeldItem,
}

#[derive(Template)]
#[template(path = "email/held.html")]
struct HeldHtml<'a> {
    item: &'a HeldItem,
    digest: bool,
}

#[derive(Template)]
#[template(path = "email/digest.txt")]
struct DigestText<'a> {
    items: &'a [HeldItem],
}

#[derive(Template)]
#[template(path = "email/digest.html")]
struct DigestHtml<'a> {
    items: &'a [HeldItem],
    digest: bool,
}

#[derive(Template)]
#[template(path = "email/approved.txt")]
struct ApprovedText<'a> {
    author_name: &'a str,
    post_title: &'a str,
    link: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "email/approved.html")]
struct ApprovedHtml<'a> {
    author_name: &'a str,
    post_title: &'a str,
    link: Option<&'a str>,
}

/// Why an email could not be built. Not retryable: the data is at fault.
#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error("invalid address {0}")]
    Address(String),
    #[error("could not render the email")]
    Render(#[from] askama::Error),
    #[error("could not assemble the email")]
    Build(#[from] lettre::error::Error),
}

/// The envelope every message shares.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// Stable per notification, so a retry is recognisably the same message.
    pub message_id: String,
}

/// Collapses control characters (CR/LF above all) so that a commenter's
/// name or a post title can never start a new header, and bounds the length.
pub fn header_safe(value: &str, max_chars: usize) -> String {
    let cleaned: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = cleaned.chars();
    let head: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn assemble(
    envelope: &Envelope<'_>,
    subject: &str,
    text: String,
    html: String,
) -> Result<Message, EmailError> {
    let from: Mailbox = envelope
        .from
        .parse()
        .map_err(|_| EmailError::Address(envelope.from.to_owned()))?;
    let to: Mailbox = envelope
        .to
        .parse()
        .map_err(|_| EmailError::Address(envelope.to.to_owned()))?;
    Ok(Message::builder()
        .from(from)
        .to(to)
        .subject(header_safe(subject, 150))
        .message_id(Some(envelope.message_id.clone()))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html),
                ),
        )?)
}

pub fn held(envelope: &Envelope<'_>, item: &HeldItem) -> Result<Message, EmailError> {
    let subject = format!(
        "Comment held on \"{}\" from {}",
        item.post_title, item.author_name
    );
    let text = HeldText { item }.render()?;
    let html = HeldHtml {
        item,
        digest: false,
    }
    .render()?;
    assemble(envelope, &subject, text, html)
}

pub fn digest(envelope: &Envelope<'_>, items: &[HeldItem]) -> Result<Message, EmailError> {
    let subject = format!("{} comment(s) awaiting moderation", items.len());
    let text = DigestText { items }.render()?;
    let html = DigestHtml {
        items,
        digest: true,
    }
    .render()?;
    assemble(envelope, &subject, text, html)
}

pub fn approved(
    envelope: &Envelope<'_>,
    author_name: &str,
    post_title: &str,
    link: Option<&str>,
) -> Result<Message, EmailError> {
    let subject = format!("Your comment on \"{post_title}\" is published");
    let text = ApprovedText {
        author_name,
        post_title,
        link,
    }
    .render()?;
    let html = ApprovedHtml {
        author_name,
        post_title,
        link,
    }
    .render()?;
    assemble(envelope, &subject, text, html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_lose_line_breaks() {
        assert_eq!(
            header_safe("Hi\r\nBcc: evil@example.org", 100),
            "Hi Bcc: evil@example.org"
        );
        assert_eq!(header_safe("ab", 1), "a…");
    }
}
