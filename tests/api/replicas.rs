//! Two moderato processes on one PostgreSQL database, started at the same
//! moment, as replicas behind a load balancer would be.

use std::process::Stdio;
use std::time::Duration;

use moderato::storage::entities::{comments, notifications};
use sea_orm::{
    ColumnTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::{json, Value};

use crate::helpers::{add_moderator_on, create_pg_database, LINK_SECRET};
use crate::process::{moderato, stop, wait_for_address, Server};
use crate::smtp::SmtpSink;

const AUTHOR: &str = "desk@blog.example";

fn replica(dir: &std::path::Path, db_url: &str, smtp_port: u16) -> Server {
    Server::spawn(
        moderato(dir)
            .env("MODERATO__DATABASE__URL", db_url)
            .env("MODERATO__SMTP__PORT", smtp_port.to_string())
            .env("MODERATO__NOTIFY__LINK_SECRET", LINK_SECRET)
            .env("MODERATO__NOTIFY__DEFAULT_AUTHOR_EMAIL", AUTHOR)
            .env("MODERATO__NOTIFY__POLL_INTERVAL_MS", "50")
            .env("MODERATO__LIMITS__PER_IP_PER_MINUTE", "0")
            .env("MODERATO__LIMITS__PER_EMAIL_PER_MINUTE", "0")
            .stdout(Stdio::piped()),
    )
}

fn comment(i: usize, held: bool) -> Value {
    let links = if held {
        " http://a.example http://b.example http://c.example http://d.example http://e.example"
    } else {
        ""
    };
    json!({
        "post_id": "post-1",
        "author_name": "Reader",
        "author_email": format!("reader{i}@example.org"),
        "body": format!("Comment {i} for the replicas.{links}"),
    })
}

async fn post(client: &reqwest::Client, address: &str, body: &Value) -> Value {
    let response = client
        .post(format!("http://{address}/api/v1/comments"))
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn decide(
    client: &reqwest::Client,
    address: &str,
    token: &str,
    id: &str,
    version: i32,
) -> reqwest::Response {
    client
        .post(format!(
            "http://{address}/api/v1/moderation/comments/{id}/decision"
        ))
        .bearer_auth(token)
        .json(&json!({"action": "approve", "version": version}))
        .send()
        .await
        .unwrap()
}

async fn count_held_notices(db: &DatabaseConnection) -> u64 {
    notifications::Entity::find()
        .filter(notifications::Column::Recipient.eq(AUTHOR))
        .count(db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_replicas_on_one_postgres_share_everything_and_send_each_mail_once() {
    let Some(pg) = create_pg_database().await else {
        return;
    };
    let url = pg.url();
    let smtp = SmtpSink::start().await;
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());

    // Both start at once on an empty database: the migrations must take turns.
    let (mut a, mut b) = (
        replica(dir_a.path(), &url, smtp.port),
        replica(dir_b.path(), &url, smtp.port),
    );
    let (address_a, _) = wait_for_address(a.child());
    let (address_b, _) = wait_for_address(b.child());
    let client = reqwest::Client::new();
    for address in [&address_a, &address_b] {
        let ready = client
            .get(format!("http://{address}/readyz"))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), 200, "both replicas migrated and serve");
    }

    // Submissions to both are all stored.
    let mut ids = Vec::new();
    for i in 0..20 {
        let address = if i % 2 == 0 { &address_a } else { &address_b };
        ids.push(
            post(&client, address, &comment(i, false)).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let db = Database::connect(&url).await.unwrap();
    assert_eq!(comments::Entity::find().count(&db).await.unwrap(), 20);
    for id in &ids {
        assert!(comments::Entity::find_by_id(id.clone())
            .one(&db)
            .await
            .unwrap()
            .is_some());
    }

    // Held on one, decided on the other; a second decision on the stale
    // version loses with a 409, whichever replica it reaches.
    let token = add_moderator_on(&url, "alice");
    let held: Vec<String> = {
        let mut held = Vec::new();
        for i in 100..106 {
            let created = post(&client, &address_a, &comment(i, true)).await;
            assert_eq!(created["status"], "pending");
            held.push(created["id"].as_str().unwrap().to_owned());
        }
        held
    };
    let decided = decide(&client, &address_b, &token, &held[0], 1).await;
    assert_eq!(decided.status(), 200);
    let stale = decide(&client, &address_a, &token, &held[0], 1).await;
    assert_eq!(stale.status(), 409);

    let (first, second) = tokio::join!(
        decide(&client, &address_a, &token, &held[1], 1),
        decide(&client, &address_b, &token, &held[1], 1),
    );
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "one winner, one conflict");

    // Each held comment mails the author exactly once, across both workers.
    assert_eq!(count_held_notices(&db).await, 6);
    let mail = smtp.wait_for(6, Duration::from_secs(20)).await;
    assert_eq!(mail.len(), 6);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(smtp.messages().len(), 6, "no notification was sent twice");
    let mut message_ids: Vec<String> = smtp.messages().iter().map(|m| m.message_id()).collect();
    message_ids.sort();
    message_ids.dedup();
    assert_eq!(message_ids.len(), 6);

    assert!(stop(a).await.success());
    assert!(stop(b).await.success());
    db.close().await.unwrap();
    drop(pg);
}
