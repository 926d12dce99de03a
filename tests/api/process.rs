//! Running the `moderato` binary as an operator would: a command with a
//! clean environment, its JSON log collected, and SIGTERM to stop it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_moderato");

pub fn moderato(data_dir: &std::path::Path) -> Command {
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

/// Every line the server logged, collected while it runs.
pub type LogLines = Arc<Mutex<Vec<String>>>;

/// Reads JSON log lines until the one announcing the bound address, then
/// keeps collecting the rest (so the server never blocks on logging).
pub fn wait_for_address(child: &mut Child) -> (String, LogLines) {
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let log: LogLines = Arc::default();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        log.lock().unwrap().push(line.clone());
        let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if let Some(address) = entry["address"].as_str() {
            let rest = log.clone();
            std::thread::spawn(move || {
                for line in lines.map_while(Result::ok) {
                    rest.lock().unwrap().push(line);
                }
            });
            return (address.to_owned(), log);
        }
    }
    panic!("the server never logged its address");
}

/// Waits for the process to exit after SIGTERM and returns its status.
pub async fn stop(mut server: Server) -> std::process::ExitStatus {
    let mut child = server.0.take().expect("a running server");
    terminate(&child);
    tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap()
}

/// A server process that is killed if the test ends (or panics) without
/// stopping it, so no test leaves a server running.
pub struct Server(Option<Child>);

impl Server {
    pub fn spawn(command: &mut Command) -> Self {
        Self(Some(command.spawn().expect("the moderato binary starts")))
    }

    pub fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("a running server")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}
