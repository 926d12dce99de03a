//! Finding links in comment text, including ones written without a scheme.

use std::sync::LazyLock;

use regex::Regex;

/// A link found in a comment, with its host lowercased for domain rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub host: String,
}

// Scheme links and bare `www.` hosts are what readers and spammers write, and
// so is `gofundme.com/x`: a host on a common top-level domain followed by a
// path. A bare `example.com` without a path is not counted, because prose
// like "node.js" would be. The word boundary is ASCII so that the pattern
// runs on the regex crate's DFA: a Unicode one falls back to a far slower
// engine, and this runs on every comment.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    // A literal pattern, exercised by the tests below: it cannot fail at run time.
    Regex::new(
        r#"(?i)(?-u:\b)(?:(?:https?://|www\.)[^\s<>"'\[\]]+|(?:[a-z0-9][a-z0-9-]*\.)+(?:com|net|org|info|biz|io|co|me|tv|ly|ru|pl|de|uk|in|xyz|online|site|store|shop|club|top)/[^\s<>"'\[\]]*)"#,
    )
    .expect("link pattern compiles")
});

pub fn extract(text: &str) -> Vec<Link> {
    // Every link the pattern finds has a `/` or a `www.`: most comments have
    // neither, and a byte scan spares them the pattern's pass over the text.
    let bytes = text.as_bytes();
    let www = || bytes.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."));
    if !bytes.contains(&b'/') && !www() {
        return Vec::new();
    }
    LINK.find_iter(text)
        .filter_map(|m| {
            let raw = m
                .as_str()
                .trim_end_matches(['.', ',', ')', '!', '?', ';', ':']);
            let absolute = if raw.contains("://") {
                raw.to_owned()
            } else {
                format!("http://{raw}")
            };
            let host = url::Url::parse(&absolute)
                .ok()?
                .host_str()?
                .to_ascii_lowercase();
            Some(Link {
                text: raw.to_owned(),
                host,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_scheme_and_www_links_with_their_hosts() {
        let links = extract("See https://Example.com/a?b=1, and www.test.org. Done");
        let hosts: Vec<_> = links.iter().map(|l| l.host.as_str()).collect();
        assert_eq!(hosts, ["example.com", "www.test.org"]);
        assert_eq!(links[1].text, "www.test.org");
    }

    #[test]
    fn a_www_host_without_a_slash_is_still_found() {
        let links = extract("More at WWW.Example.org today");
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].host, "www.example.org");
    }

    #[test]
    fn html_anchors_count_once() {
        assert_eq!(
            extract(r#"<a href="http://spam.example/x">cheap</a>"#).len(),
            1
        );
    }

    #[test]
    fn a_host_with_a_path_is_a_link_without_a_scheme() {
        let links = extract("donate here gofundme.com/abc123 please");
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].host, "gofundme.com");
        assert!(extract("see the 1.5/10 rating and and/or node.js/deno").is_empty());
    }

    #[test]
    fn prose_without_links_has_none() {
        assert!(extract("I use node.js and e.g. Rust.").is_empty());
    }
}
