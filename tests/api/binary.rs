//! The `moderato` binary as an operator runs it: env overrides, port 0,
//! first-run database creation, `migrate`, config errors and SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_moderato");

fn moderato(data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MODERATO__SERVER__PORT", "0")
        .env("MODERATO__TELEMETRY__FORMAT", "json")
        .env("MODERATO__TELEMETRY__LEVEL", "info")
        .env(
            "MODERATO__DATABASE__URL",
            format!(
                "sqlite://{}/nested/moderato.db?mode=rwc",
                data_dir.display()
            ),
        );
    cmd
}

/// Reads JSON log lines until the one announcing the bound address.
fn wait_for_address(child: &mut Child) -> String {
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if let Some(address) = entry["address"].as_str() {
            // Keep draining the pipe so the server never blocks on logging.
            std::thread::spawn(move || for _ in lines {});
            return address.to_owned();
        }
    }
    panic!("the server never logged its address");
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test]
async fn port_zero_binds_a_free_port_logs_it_and_sigterm_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = moderato(dir.path()).stdout(Stdio::piped()).spawn().unwrap();
    let address = wait_for_address(&mut child);
    assert!(
        !address.ends_with(":0") && !address.ends_with(":8080"),
        "{address}"
    );

    // The SQLite file and its folder were created on first run.
    assert!(dir.path().join("nested/moderato.db").exists());
    let response = reqwest::get(format!("http://{address}/readyz"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    terminate(&child);
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "exit status {status}");
}

#[test]
fn migrate_runs_the_migrations_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let output = moderato(dir.path()).arg("migrate").output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(dir.path().join("nested/moderato.db").exists());
    assert!(String::from_utf8_lossy(&output.stdout).contains("migrations are up to date"));
}

#[test]
fn an_unknown_environment_key_stops_startup_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let output = moderato(dir.path())
        .env("MODERATO__SERVER__COLOUR", "blue")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("colour"), "{stderr}");
}
