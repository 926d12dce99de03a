//! End to end in a real browser: headless Chromium, driven over WebDriver,
//! signs in, finds a held comment with its reasons, approves it with a click.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{skip_unless_ci, TestApp};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// A chromedriver process that is killed when dropped.
struct Driver {
    child: Child,
    url: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver, or says why the browser test is skipped. Under CI a
/// missing browser fails instead: `.ci/run` installs it.
fn start_driver() -> Option<Driver> {
    let missing: Vec<&str> = [CHROMEDRIVER, CHROMIUM]
        .into_iter()
        .filter(|p| !std::path::Path::new(p).exists())
        .collect();
    if !missing.is_empty() {
        skip_unless_ci(&format!(
            "the browser test: {missing:?} not installed (apt-get install chromium chromium-driver)"
        ));
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start listening"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
        _profile: tempfile::tempdir().unwrap(),
    })
}

async fn browser(driver: &Driver) -> fantoccini::Client {
    let profile = format!("--user-data-dir={}", driver._profile.path().display());
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", profile,
            ]
        }
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session opens")
}

async fn approve_in_the_browser(app: &TestApp, driver: &Driver) {
    let id = app
        .submit_held("post-1", "Borderline but fine: see the sources")
        .await;
    let token = app.add_moderator("alice");
    let client = browser(driver).await;

    client.goto(&app.url("/moderation")).await.unwrap();
    client
        .find(Locator::Css("#token"))
        .await
        .unwrap()
        .send_keys(&token)
        .await
        .unwrap();
    client
        .find(Locator::Css("form[action='/moderation/login'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    let card = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!("article[data-id='{id}']")))
        .await
        .expect("the held comment is in the queue");
    let text = card.text().await.unwrap();
    assert!(text.contains("link_count"), "reasons shown: {text}");
    assert!(text.contains("5 links"), "evidence shown: {text}");
    let marked = card
        .find(Locator::Css("mark"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(marked, "http://a.example");

    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    std::fs::write(
        shots.join(format!("moderation-queue-{}.png", app.backend_name())),
        png,
    )
    .unwrap();

    card.find(Locator::Css(&format!("button[value='approve:{id}:1']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_url(&url::Url::parse(&app.url("/moderation?notice=done")).unwrap())
        .await
        .expect("the page confirms the decision");
    let body = client
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("Nothing here"), "the queue is clear: {body}");
    client.close().await.unwrap();

    let listed = app.list("post-1", "").await;
    assert_eq!(listed["items"][0]["id"], id);
}

backend_tests! {
    async fn a_moderator_approves_a_held_comment_in_a_real_browser(app) {
        if let Some(driver) = start_driver() {
            approve_in_the_browser(&app, &driver).await;
        }
    }
}
