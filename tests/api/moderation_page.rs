//! The moderator web page over plain HTTP: sign-in, sessions, CSRF, escaping
//! and security headers. The browser test drives the same page in Chromium.

use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{clean_comment, TestApp};

/// Signs in through the form and returns the session cookie (`name=value`).
async fn sign_in(app: &TestApp, token: &str) -> String {
    let response = app
        .client
        .post(app.url("/moderation/login"))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/moderation");
    let set_cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    set_cookie.split(';').next().unwrap().to_owned()
}

async fn page(app: &TestApp, cookie: &str, query: &str) -> String {
    let response = app
        .client
        .get(app.url(&format!("/moderation{query}")))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("a CSRF field") + marker.len();
    html[start..start + 64].to_owned()
}

async fn act(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(app.url("/moderation/act"))
        .header(COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap()
}

backend_tests! {
    async fn the_page_asks_for_a_token_and_sends_security_headers(app) {
        let response = app.get("/moderation").await;
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = response.text().await.unwrap();
        assert!(html.contains("name=\"token\""));
        assert!(!html.contains("<script>"), "no inline script");
    }

    async fn a_wrong_token_does_not_sign_in(app) {
        app.add_moderator("alice");
        let response = app.client.post(app.url("/moderation/login")).form(&[("token", "nope")]).send().await.unwrap();
        assert_eq!(response.status(), 401);
        assert!(response.headers().get(SET_COOKIE).is_none());
        assert!(response.text().await.unwrap().contains("not valid"));
    }

    async fn signing_in_sets_a_strict_http_only_cookie(app) {
        let token = app.add_moderator("alice");
        let response = app.client.post(app.url("/moderation/login")).form(&[("token", token.as_str())]).send().await.unwrap();
        let set_cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_owned();
        assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
        assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
        // Plain-http public URL: a Secure cookie would never come back.
        assert!(!set_cookie.contains("Secure"), "{set_cookie}");
        assert!(!set_cookie.contains(&token), "the session is not the API token");
    }

    async fn comment_text_is_always_escaped(app) {
        let token = app.add_moderator("alice");
        let mut evil = clean_comment("p");
        evil["author_name"] = json!("<b onmouseover=alert(1)>Mallory</b>");
        evil["body"] = json!("<script>alert('x')</script><img src=x onerror=alert(2)> http://a.example http://b.example http://c.example http://d.example");
        assert_eq!(app.submit(&evil).await["status"], "pending");
        let cookie = sign_in(&app, &token).await;
        let html = page(&app, &cookie, "").await;
        assert!(!html.contains("<script>alert"), "script tag rendered");
        assert!(!html.contains("<img src=x"), "img tag rendered");
        assert!(!html.contains("<b onmouseover"), "author markup rendered");
        assert!(html.contains("Mallory"));
        assert!(html.contains("onerror=alert(2)") || html.contains("onerror&#61;alert(2)"), "shown as text");
        // The rule's evidence is highlighted.
        assert!(html.contains("<mark>http://a.example</mark>"));
    }

    async fn a_moderator_approves_from_the_page_with_the_csrf_token(app) {
        let token = app.add_moderator("alice");
        let id = app.submit_held("p", "borderline").await;
        let cookie = sign_in(&app, &token).await;
        let html = page(&app, &cookie, "?sort=oldest").await;
        assert!(html.contains(&id));
        assert!(html.contains("link_count"));
        let csrf = csrf_of(&html);

        let one = format!("approve:{id}:1");
        let forged = act(&app, &cookie, &[("csrf", "0"), ("one", &one)]).await;
        assert_eq!(forged.status(), 403);
        assert_eq!(app.stored_comment(&id).await.status, "pending");

        let response = act(&app, &cookie, &[("csrf", &csrf), ("one", &one), ("return_to", "/moderation?sort=oldest")]).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/moderation?sort=oldest&notice=done");
        assert_eq!(app.stored_comment(&id).await.status, "approved");
        assert_eq!(app.events_of(&id).await.last().unwrap().actor, "alice");

        // The same button again carries a stale version.
        let again = act(&app, &cookie, &[("csrf", &csrf), ("one", &one)]).await;
        assert_eq!(again.headers()["location"], "/moderation?notice=conflict");
        let html = page(&app, &cookie, "?notice=conflict").await;
        assert!(html.contains("Someone else decided"));
    }

    async fn bulk_actions_from_the_page_decide_every_ticked_comment(app) {
        let token = app.add_moderator("alice");
        let a = app.submit_held("p", "a").await;
        let b = app.submit_held("p", "b").await;
        let c = app.submit_held("p", "c").await;
        let cookie = sign_in(&app, &token).await;
        let csrf = csrf_of(&page(&app, &cookie, "").await);
        let response = act(&app, &cookie, &[("csrf", &csrf), ("ids", &a), ("ids", &b), ("bulk", "spam"), ("return_to", "https://evil.example/")]).await;
        // Never redirected off-site.
        assert_eq!(response.headers()["location"], "/moderation?notice=done");
        assert_eq!(app.stored_comment(&a).await.status, "rejected");
        assert_eq!(app.stored_comment(&b).await.status, "rejected");
        assert_eq!(app.stored_comment(&c).await.status, "pending");
    }

    async fn signing_out_ends_the_session(app) {
        let token = app.add_moderator("alice");
        let cookie = sign_in(&app, &token).await;
        let csrf = csrf_of(&page(&app, &cookie, "").await);
        let response = app.client.post(app.url("/moderation/logout")).header(COOKIE, &cookie).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), 303);
        assert!(response.headers()[SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
        // The old cookie no longer works.
        let html = page(&app, &cookie, "").await;
        assert!(html.contains("name=\"token\""));
        let response = act(&app, &cookie, &[("csrf", &csrf), ("bulk", "spam"), ("ids", "x")]).await;
        assert_eq!(response.status(), 401);
    }

    async fn sessions_expire(app) with(|s: &mut moderato::config::Settings| s.moderation.session_ttl_hours = 0) {
        let token = app.add_moderator("alice");
        let cookie = sign_in(&app, &token).await;
        assert!(page(&app, &cookie, "").await.contains("name=\"token\""), "an expired session shows the sign-in form");
    }

    async fn cookies_are_secure_behind_https(app) with(|s: &mut moderato::config::Settings| s.server.public_url = "https://comments.blog.example".into()) {
        let token = app.add_moderator("alice");
        let response = app.client.post(app.url("/moderation/login")).form(&[("token", token.as_str())]).send().await.unwrap();
        assert!(response.headers()[SET_COOKIE].to_str().unwrap().contains("Secure"));
    }

    async fn revoking_a_moderator_ends_their_page_sessions(app) {
        let token = app.add_moderator("alice");
        let cookie = sign_in(&app, &token).await;
        assert!(app.cli(&["moderators", "revoke", "alice"]).status.success());
        assert!(page(&app, &cookie, "").await.contains("name=\"token\""));
    }
}
