//! Author notifications through a real SMTP server: who gets what, digests,
//! one-click links, header safety, and nothing lost when SMTP is down.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_problem, clean_comment, TestApp, LINK_SECRET};
use crate::smtp::SmtpSink;

const AUTHOR: &str = "author@blog.example";
const WAIT: Duration = Duration::from_secs(10);

/// Registers AUTHOR as the author of `post_id` and returns a moderator token.
async fn register_author(app: &TestApp, post_id: &str) -> String {
    let token = app.add_moderator("alice");
    let response = app
        .mod_send(
            Method::PUT,
            &format!("/api/v1/moderation/posts/{post_id}"),
            &token,
            &json!({"author_email": AUTHOR, "title": "Cartels & the border"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    token
}

/// The path of a one-click link, to request on the test app.
fn link_path(link: &str) -> String {
    link[link.find("/moderate/").expect("a one-click link")..].to_owned()
}

backend_tests! {
    async fn a_held_comment_mails_the_posts_author_exactly_once(app) {
        register_author(&app, "post-1").await;
        let id = app.submit_held("post-1", "Interesting, but see").await;
        let mail = app.smtp.wait_for(1, WAIT).await;
        assert_eq!(mail.len(), 1);
        let message = &mail[0];
        assert_eq!(message.to, [AUTHOR]);
        assert_eq!(message.from, "moderato@localhost");
        assert!(message.subject().contains("Cartels & the border"), "{}", message.subject());
        assert!(message.subject().contains("Tomás Ibarra"), "UTF-8 subject: {}", message.subject());
        let text = message.text();
        assert!(text.contains("Tomás Ibarra") && text.contains("Interesting, but see"), "{text}");
        assert!(text.contains("link_count"), "the reasons it was held: {text}");
        assert!(text.contains(&format!("#c-{id}")), "an Open in queue link: {text}");
        assert_eq!(message.action_links().len(), 3, "approve, reject, spam: {text}");
        let html = message.html();
        assert!(html.contains("Approve") && html.contains("Mark as spam") && html.contains("Tomás Ibarra"), "{html}");
        assert!(message.message_id().contains(&app.outbox().await[0].id));

        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(app.smtp.messages().len(), 1, "exactly one email");
        assert_eq!(app.outbox().await[0].status, "sent");
    }

    async fn approved_and_rejected_comments_send_no_mail(app) {
        register_author(&app, "p").await;
        app.submit(&clean_comment("p")).await;
        app.submit_rejected("p").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(app.smtp.messages().is_empty());
        assert!(app.outbox().await.is_empty());
    }

    async fn a_post_without_an_author_sends_nothing(app) {
        app.submit_held("orphan", "x").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(app.outbox().await.is_empty());
        assert!(app.smtp.messages().is_empty());
    }

    async fn configured_authors_and_the_default_recipient_are_used(app) with(|s: &mut moderato::config::Settings| {
        s.notify.default_author_email = "owner@blog.example".into();
        s.notify.authors = vec![moderato::config::AuthorRule {
            post_id_prefix: "security/".into(),
            email: "desk@blog.example".into(),
            preference: None,
        }];
    }) {
        app.submit_held("security/fentanyl", "a").await;
        app.submit_held("travel/lisbon", "b").await;
        let mail = app.smtp.wait_for(2, WAIT).await;
        let mut to: Vec<_> = mail.iter().map(|m| m.to[0].clone()).collect();
        to.sort();
        assert_eq!(to, ["desk@blog.example", "owner@blog.example"]);
    }

    async fn a_digest_lists_the_windows_comments_still_pending(app) {
        let token = register_author(&app, "p").await;
        let response = app.mod_send(Method::PUT, &format!("/api/v1/moderation/authors/{AUTHOR}/preference"), &token, &json!({"preference": "hourly"})).await;
        assert_eq!(response.status(), 200);
        let first = app.submit_held("p", "first held").await;
        let second = app.submit_held("p", "second held").await;
        let third = app.submit_held("p", "third held").await;
        let rows = app.outbox().await;
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.kind == "digest_item" && r.next_attempt_at > chrono::Utc::now()), "due at the end of the hour");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(app.smtp.messages().is_empty(), "nothing before the window closes");

        // A moderator decides one before the window closes.
        assert_eq!(app.decide(&token, &second, "approve", 1).await.status(), 200);
        // The window closes.
        use sea_orm::{ConnectionTrait, Statement};
        app.db.execute_raw(Statement::from_string(app.db.get_database_backend(), "UPDATE notifications SET next_attempt_at = created_at")).await.unwrap();

        let mail = app.smtp.wait_for(1, WAIT).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(app.smtp.messages().len(), 1, "one digest for the window");
        let text = mail[0].text();
        assert!(mail[0].subject().starts_with("2 comment(s)"), "{}", mail[0].subject());
        assert!(text.contains("first held") && text.contains("third held"), "{text}");
        assert!(!text.contains("second held"), "decided comments are left out: {text}");
        assert!(text.contains(&format!("#c-{first}")) && text.contains(&format!("#c-{third}")));
        assert_eq!(mail[0].action_links().len(), 6);
    }

    async fn an_author_who_turned_notices_off_gets_none(app) {
        let token = register_author(&app, "p").await;
        app.mod_send(Method::PUT, &format!("/api/v1/moderation/authors/{AUTHOR}/preference"), &token, &json!({"preference": "off"})).await;
        app.submit_held("p", "x").await;
        assert!(app.outbox().await.is_empty());
        let bad = app.mod_send(Method::PUT, &format!("/api/v1/moderation/authors/{AUTHOR}/preference"), &token, &json!({"preference": "weekly"})).await;
        assert_problem(bad, 422, "validation_failed").await;
    }

    async fn a_link_shows_a_page_on_get_and_acts_only_on_post(app) {
        register_author(&app, "p").await;
        let id = app.submit_held("p", "Held for a link").await;
        let mail = app.smtp.wait_for(1, WAIT).await;
        let approve = link_path(&mail[0].action_links()[0]);

        // Mail scanners prefetch links: GET must change nothing.
        for _ in 0..2 {
            let page = app.get(&approve).await;
            assert_eq!(page.status(), 200);
            assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
            let html = page.text().await.unwrap();
            assert!(html.contains("Approve this comment?") && html.contains("Held for a link"), "{html}");
        }
        assert_eq!(app.stored_comment(&id).await.status, "pending");

        let done = app.client.post(app.url(&approve)).send().await.unwrap();
        assert_eq!(done.status(), 200);
        assert!(done.text().await.unwrap().contains("now approved"));
        assert_eq!(app.stored_comment(&id).await.status, "approved");
        let event = app.events_of(&id).await.pop().unwrap();
        assert_eq!(event.actor, format!("author:{AUTHOR}"));
        assert_eq!(event.action, "approve");
        assert_eq!(app.list("p", "").await["items"][0]["id"], id.as_str());
    }

    async fn used_tampered_and_expired_links_are_explained_not_500s(app) {
        register_author(&app, "p").await;
        let id = app.submit_held("p", "x").await;
        let mail = app.smtp.wait_for(1, WAIT).await;
        let links: Vec<String> = mail[0].action_links().iter().map(|l| link_path(l)).collect();
        let (approve, reject) = (&links[0], &links[1]);

        // Tampered: one character of the signature changed.
        let mut tampered = approve.clone();
        let last = tampered.pop().unwrap();
        tampered.push(if last == 'A' { 'B' } else { 'A' });
        let response = app.get(&tampered).await;
        assert_eq!(response.status(), 400);
        assert!(response.text().await.unwrap().contains("not valid"));
        assert_eq!(app.client.post(app.url(&tampered)).send().await.unwrap().status(), 400);

        // Expired: genuinely signed, but past its expiry.
        let signer = moderato::notify::links::LinkSigner::new(LINK_SECRET.as_bytes());
        let old = signer.sign(&moderato::notify::links::LinkClaims {
            comment_id: id.clone(),
            action: moderato::domain::moderation::Action::Approve,
            recipient: AUTHOR.into(),
            expires: chrono::Utc::now().timestamp() - 60,
        });
        let response = app.client.post(app.url(&format!("/moderate/{old}"))).send().await.unwrap();
        assert_eq!(response.status(), 410);
        assert!(response.text().await.unwrap().contains("expired"));
        assert_eq!(app.stored_comment(&id).await.status, "pending");

        // Used: approving makes every other link of the comment show the decision.
        assert_eq!(app.client.post(app.url(approve)).send().await.unwrap().status(), 200);
        for link in [approve, reject] {
            let page = app.get(link).await.text().await.unwrap();
            assert!(page.contains("already approved"), "{page}");
            let again = app.client.post(app.url(link)).send().await.unwrap().text().await.unwrap();
            assert!(again.contains("already approved"), "{again}");
        }
        assert_eq!(app.stored_comment(&id).await.status, "approved");
        assert_eq!(app.events_of(&id).await.len(), 2);
    }

    async fn line_breaks_in_titles_and_names_cannot_inject_headers(app) {
        let token = app.add_moderator("alice");
        app.mod_send(Method::PUT, "/api/v1/moderation/posts/p", &token, &json!({"author_email": AUTHOR, "title": "Hello\r\nBcc: victim@evil.example\r\nX-Evil: 1"})).await;
        let mut comment = clean_comment("p");
        comment["author_name"] = json!("Eve\r\nCc: other@evil.example");
        comment["body"] = json!("http://a.example http://b.example http://c.example http://d.example http://e.example");
        assert_eq!(app.submit(&comment).await["status"], "pending");
        let mail = app.smtp.wait_for(1, WAIT).await;
        assert_eq!(mail[0].to, [AUTHOR], "only the author is a recipient");
        let parsed = mail[0].parsed();
        assert!(parsed.header("Bcc").is_none() && parsed.header("Cc").is_none() && parsed.header("X-Evil").is_none());
        let raw = String::from_utf8_lossy(&mail[0].data).to_string();
        assert!(!raw.contains("\r\nBcc:") && !raw.contains("\r\nX-Evil:"), "{raw}");
        assert!(mail[0].subject().contains("Hello Bcc: victim@evil.example"), "{}", mail[0].subject());
    }

    async fn an_approved_commenter_is_told_when_the_site_enables_it(app) with(|s: &mut moderato::config::Settings| s.notify.commenter_on_approval = true) {
        let token = app.add_moderator("alice");
        let mut held = clean_comment("p");
        held["body"] = json!("please publish http://a.example http://b.example http://c.example http://d.example http://e.example");
        let id = app.submit(&held).await["id"].as_str().unwrap().to_owned();
        assert_eq!(app.decide(&token, &id, "approve", 1).await.status(), 200);
        let mail = app.smtp.wait_for(1, WAIT).await;
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].to, ["tomas@example.org"]);
        assert!(mail[0].subject().contains("is published"));
        assert!(mail[0].text().contains(&format!("https://blog.example/p#comment-{id}")));
    }

    async fn dead_notifications_are_listed_and_can_be_requeued(app) with(|s: &mut moderato::config::Settings| {
        // Nothing listens here: the relay is down.
        s.smtp.port = crate::helpers::free_port();
        s.notify.max_attempts = 2;
        s.notify.backoff_base_seconds = 0;
        s.notify.backoff_max_seconds = 0;
    }) {
        let token = register_author(&app, "p").await;
        app.submit_held("p", "x").await;
        let mut dead: Value = json!({"items": []});
        for _ in 0..100 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            dead = app.mod_get("/api/v1/moderation/notifications?status=dead", &token).await.json().await.unwrap();
            if !dead["items"].as_array().unwrap().is_empty() {
                break;
            }
        }
        let item = &dead["items"][0];
        assert_eq!(item["attempts"], 2);
        assert!(item["last_error"].is_string());
        assert_eq!(item["recipient"], AUTHOR);

        // The relay is back; a moderator re-queues the dead notification.
        let relay = SmtpSink::start_on(app.smtp_port).await;
        let id = item["id"].as_str().unwrap();
        let response = app.client.post(app.url(&format!("/api/v1/moderation/notifications/{id}/retry"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(relay.wait_for(1, WAIT).await.len(), 1);

        let missing = app.client.post(app.url("/api/v1/moderation/notifications/nope/retry")).bearer_auth(&token).send().await.unwrap();
        assert_problem(missing, 404, "not_found").await;
        let bad = app.mod_get("/api/v1/moderation/notifications?status=lost", &token).await;
        assert_problem(bad, 400, "invalid_parameter").await;
    }

    async fn nothing_is_lost_while_smtp_is_down(app) with(|s: &mut moderato::config::Settings| {
        s.smtp.port = crate::helpers::free_port();
        s.smtp.timeout_seconds = 2;
    }) {
        register_author(&app, "p").await;
        let started = std::time::Instant::now();
        let mut ids = Vec::new();
        for n in 0..50 {
            ids.push(app.submit_held("p", &format!("held while the relay is down {n}")).await);
        }
        // Submissions never wait on SMTP: a generous bound that a blocking send would break.
        assert!(started.elapsed() < Duration::from_secs(20), "50 submissions took {:?}", started.elapsed());
        tokio::time::sleep(Duration::from_millis(500)).await;

        let relay = SmtpSink::start_on(app.smtp_port).await;
        let mail = relay.wait_for(50, Duration::from_secs(30)).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let mail_after = relay.messages();
        assert_eq!(mail.len(), 50);
        assert_eq!(mail_after.len(), 50, "none twice");
        let mut message_ids: Vec<String> = mail_after.iter().map(|m| m.message_id()).collect();
        message_ids.sort();
        message_ids.dedup();
        assert_eq!(message_ids.len(), 50);
        for id in &ids {
            assert!(mail_after.iter().any(|m| m.text().contains(&format!("#c-{id}"))), "no email for {id}");
        }
        assert!(app.outbox().await.iter().all(|n| n.status == "sent"), "nothing left in the outbox");
    }

    async fn two_workers_on_one_outbox_send_each_notification_once(app) with(|s: &mut moderato::config::Settings| {
        s.notify.worker_enabled = false;
        s.notify.batch_size = 3;
    }) {
        register_author(&app, "p").await;
        for n in 0..30 {
            app.submit_held("p", &format!("race {n}")).await;
        }
        assert!(app.smtp.messages().is_empty(), "no worker yet");
        let mut settings = crate::helpers::base_settings();
        settings.smtp.host = "127.0.0.1".into();
        settings.smtp.port = app.smtp.port;
        settings.notify.batch_size = 3;
        let signer = moderato::notify::links::LinkSigner::new(LINK_SECRET.as_bytes());
        let workers: Vec<_> = (0..2)
            .map(|_| moderato::notify::worker::Worker::new(app.db.clone(), settings.clone(), signer.clone()).unwrap())
            .collect();
        let runs: Vec<_> = workers.into_iter().map(|w| tokio::spawn(w.run())).collect();
        let mail = app.smtp.wait_for(30, Duration::from_secs(30)).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        for run in runs {
            run.abort();
        }
        assert_eq!(mail.len(), 30);
        assert_eq!(app.smtp.messages().len(), 30, "each exactly once");
        let mut message_ids: Vec<String> = app.smtp.messages().iter().map(|m| m.message_id()).collect();
        message_ids.sort();
        message_ids.dedup();
        assert_eq!(message_ids.len(), 30);
    }
}

backend_tests! {
    async fn the_worker_command_sends_the_outbox_on_its_own(app) with(|s: &mut moderato::config::Settings| s.notify.worker_enabled = false) {
        register_author(&app, "p").await;
        app.submit_held("p", "sent by a separate worker process").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(app.smtp.messages().is_empty());

        let mut worker = std::process::Command::new(env!("CARGO_BIN_EXE_moderato"))
            .arg("worker")
            .env("MODERATO__DATABASE__URL", &app.db_url)
            .env("MODERATO__SMTP__PORT", app.smtp.port.to_string())
            .env("MODERATO__NOTIFY__LINK_SECRET", LINK_SECRET)
            .env("MODERATO__NOTIFY__POLL_INTERVAL_MS", "50")
            .env("MODERATO__TELEMETRY__LEVEL", "warn")
            .spawn()
            .unwrap();
        let mail = app.smtp.wait_for(1, WAIT).await;
        let _ = std::process::Command::new("kill").args(["-TERM", &worker.id().to_string()]).status();
        let status = worker.wait().unwrap();
        assert_eq!(mail.len(), 1);
        assert!(mail[0].text().contains("sent by a separate worker process"));
        assert!(status.success(), "{status}");
    }
}

backend_tests! {
    async fn a_worker_that_dies_mid_send_has_its_rows_retried_after_the_lease(app) with(|s: &mut moderato::config::Settings| s.notify.worker_enabled = false) {
        register_author(&app, "p").await;
        app.submit_held("p", "claimed by a worker that then died").await;

        // A worker claims the row for two seconds and dies without sending.
        let now = chrono::Utc::now();
        let claimed = moderato::storage::outbox::claim(&app.db, "dead-worker", now, now + chrono::Duration::seconds(2), 10).await.unwrap();
        assert_eq!(claimed.len(), 1);

        let mut settings = crate::helpers::base_settings();
        settings.smtp.host = "127.0.0.1".into();
        settings.smtp.port = app.smtp.port;
        let signer = moderato::notify::links::LinkSigner::new(LINK_SECRET.as_bytes());
        let survivor = moderato::notify::worker::Worker::new(app.db.clone(), settings, signer).unwrap();
        // While the lease holds, the row is not anyone else's to send.
        assert_eq!(survivor.run_once().await.unwrap(), 0);
        assert!(app.smtp.messages().is_empty());

        tokio::time::sleep(Duration::from_millis(2200)).await;
        assert_eq!(survivor.run_once().await.unwrap(), 1);
        let mail = app.smtp.wait_for(1, WAIT).await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0].text().contains("claimed by a worker that then died"));
        let rows = app.outbox().await;
        assert_eq!((rows[0].status.as_str(), rows[0].attempts), ("sent", 2));
    }
}
