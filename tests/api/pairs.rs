//! Held beside published: a body the rules must hold, explained by a named
//! rule in the moderation queue, and a reader's sentence with the same words
//! that must be published. Shared by the feature files that test rules end
//! to end.

use serde_json::{json, Value};

use crate::helpers::{clean_comment, TestApp};

/// A submission of `body` without an email, so that the author's history
/// cannot change the decision.
pub fn anonymous_comment(post_id: &str, body: &str) -> Value {
    let mut c = clean_comment(post_id);
    c.as_object_mut().unwrap().remove("author_email");
    c["body"] = json!(body);
    c
}

/// One string field of every object in a JSON array.
pub fn field_of<'a>(items: &'a Value, key: &str) -> Vec<&'a str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap())
        .collect()
}

/// Submits each (held body, rule, reader's sentence) to post `p`: the first
/// is held and `rule` explains it to a moderator, the last is published, and
/// the post lists exactly the readers' sentences.
pub async fn assert_held_beside_published(app: &TestApp, pairs: &[(&str, &str, &str)]) {
    let token = app.add_moderator("alice");
    for (held_body, rule, reader) in pairs {
        let held = app.submit(&anonymous_comment("p", held_body)).await;
        assert_ne!(held["status"], "approved", "{held_body}");
        let published = app.submit(&anonymous_comment("p", reader)).await;
        assert_eq!(published["status"], "approved", "{reader}");

        let path = format!(
            "/api/v1/moderation/comments/{}",
            held["id"].as_str().unwrap()
        );
        let detail: Value = app.mod_get(&path, &token).await.json().await.unwrap();
        let rules = field_of(&detail["reasons"], "rule");
        assert!(rules.contains(rule), "{held_body}: {rules:?}");
    }
    let page = app.list("p", "").await;
    let bodies = field_of(&page["items"], "body");
    let readers: Vec<&str> = pairs.iter().map(|p| p.2).collect();
    assert_eq!(bodies.len(), readers.len(), "{bodies:?}");
    for reader in readers {
        assert!(bodies.contains(&reader), "{reader} is not listed");
    }
}
