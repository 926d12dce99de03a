//! Who hears about a held comment, and when.

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::config::{NotifySettings, Preference};

/// Where a post's notices go and the preference config attaches to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub email: String,
    pub configured_preference: Option<Preference>,
    /// Which rule chose the recipient, for the log.
    pub source: &'static str,
}

/// The post's registered author, else the first `[[notify.authors]]` whose
/// prefix matches the post id, else `notify.default_author_email`.
pub fn resolve(
    registered: Option<&str>,
    post_id: &str,
    settings: &NotifySettings,
) -> Option<Recipient> {
    if let Some(email) = registered.filter(|e| !e.is_empty()) {
        let rule = settings
            .authors
            .iter()
            .find(|r| r.email.eq_ignore_ascii_case(email));
        return Some(Recipient {
            email: email.to_owned(),
            configured_preference: rule.and_then(|r| r.preference),
            source: "registered post author",
        });
    }
    if let Some(rule) = settings
        .authors
        .iter()
        .find(|r| post_id.starts_with(&r.post_id_prefix))
    {
        return Some(Recipient {
            email: rule.email.clone(),
            configured_preference: rule.preference,
            source: "notify.authors",
        });
    }
    let default = settings.default_author_email.trim();
    (!default.is_empty()).then(|| Recipient {
        email: default.to_owned(),
        configured_preference: None,
        source: "notify.default_author_email",
    })
}

/// When a notice with this preference is due: now, or at the end of the
/// current digest window so that the window's comments go out together.
pub fn due_at(preference: Preference, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let window = match preference {
        Preference::Immediate => return Some(now),
        Preference::Off => return None,
        Preference::Hourly => Duration::hours(1),
        Preference::Daily => Duration::days(1),
    };
    let start = now.duration_trunc(window).unwrap_or(now);
    Some(start + window)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AuthorRule;

    fn settings(default: &str, authors: Vec<AuthorRule>) -> NotifySettings {
        let mut s = crate::config::Settings::load_from(std::path::Path::new("config"))
            .unwrap()
            .notify;
        s.default_author_email = default.into();
        s.authors = authors;
        s
    }

    #[test]
    fn the_registered_author_wins_then_prefix_rules_then_the_default() {
        let rules = vec![AuthorRule {
            post_id_prefix: "security/".into(),
            email: "desk@blog.example".into(),
            preference: Some(Preference::Hourly),
        }];
        let s = settings("owner@blog.example", rules);
        assert_eq!(
            resolve(Some("ana@blog.example"), "security/x", &s)
                .unwrap()
                .email,
            "ana@blog.example"
        );
        let by_rule = resolve(None, "security/x", &s).unwrap();
        assert_eq!(
            (by_rule.email.as_str(), by_rule.configured_preference),
            ("desk@blog.example", Some(Preference::Hourly))
        );
        assert_eq!(
            resolve(None, "travel/y", &s).unwrap().email,
            "owner@blog.example"
        );
        assert_eq!(resolve(None, "travel/y", &settings("", vec![])), None);
    }

    #[test]
    fn digests_are_due_at_the_end_of_their_window() {
        let now = DateTime::parse_from_rfc3339("2026-11-26T15:42:10Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(due_at(Preference::Immediate, now), Some(now));
        assert_eq!(due_at(Preference::Off, now), None);
        assert_eq!(
            due_at(Preference::Hourly, now).unwrap().to_rfc3339(),
            "2026-11-26T16:00:00+00:00"
        );
        assert_eq!(
            due_at(Preference::Daily, now).unwrap().to_rfc3339(),
            "2026-11-27T00:00:00+00:00"
        );
    }
}
