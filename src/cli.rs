//! Administrative commands run from the shell: migrations and moderator
//! accounts. Each opens the configured database directly.

use anyhow::{bail, Context};

use crate::config::Settings;
use crate::domain::submission::AuthorEmail;
use crate::domain::token;
use crate::startup::open_database as open;
use crate::storage::moderators;

/// `moderato migrate`
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    open(settings).await?;
    tracing::info!("migrations are up to date");
    Ok(())
}

/// `moderato worker`: the outbox worker alone, until ctrl-c or SIGTERM.
pub async fn worker(settings: Settings) -> anyhow::Result<()> {
    let db = open(&settings).await?;
    let signer = crate::notify::worker::signer_from(&settings);
    let worker = crate::notify::worker::Worker::new(db, settings, signer)
        .context("could not set up the SMTP transport")?;
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        () = worker.run() => {}
        _ = tokio::signal::ctrl_c() => tracing::info!("worker: interrupted, stopping"),
        _ = terminate.recv() => tracing::info!("worker: terminated, stopping"),
    }
    Ok(())
}

/// `moderato train --dataset FILE --format F` or `moderato train --from-history`.
pub async fn train(
    settings: &Settings,
    datasets: &[std::path::PathBuf],
    format: Option<crate::eval::Format>,
    from_history: bool,
) -> anyhow::Result<()> {
    let db = open(settings).await?;
    if from_history {
        let n = crate::training::from_history(&db).await?;
        println!("Relearned the model from the latest decision on {n} comment(s).");
    } else {
        let format = format.context("--format is required with --dataset")?;
        let n = crate::training::from_dataset(&db, datasets, format).await?;
        println!("Taught the model {n} labelled example(s).");
    }
    Ok(())
}

/// `moderato moderators add NAME EMAIL`: prints the new token once.
pub async fn add_moderator(settings: &Settings, name: &str, email: &str) -> anyhow::Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        bail!("a moderator name must be 1 to 100 characters");
    }
    let email = AuthorEmail::parse(email).map_err(|m| anyhow::anyhow!("email {m}"))?;
    let db = open(settings).await?;
    let new = token::generate().context("the system random source failed")?;
    moderators::add(&db, name, email.as_str(), &new.hash).await?;
    println!("Added moderator {name}. Their API token (shown only this once):");
    println!("{}", new.secret);
    Ok(())
}

/// `moderato moderators list`
pub async fn list_moderators(settings: &Settings) -> anyhow::Result<()> {
    let db = open(settings).await?;
    for m in moderators::list(&db).await? {
        let state = match m.revoked_at {
            Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M")),
            None => "active".to_owned(),
        };
        println!(
            "{}\t{}\t{}\tadded {}",
            m.name,
            m.email,
            state,
            m.created_at.format("%Y-%m-%d %H:%M")
        );
    }
    Ok(())
}

/// `moderato moderators revoke NAME`
pub async fn revoke_moderator(settings: &Settings, name: &str) -> anyhow::Result<()> {
    let db = open(settings).await?;
    if !moderators::revoke(&db, name).await? {
        bail!("no active moderator named {name}");
    }
    println!("Revoked {name}: their token and sessions no longer work.");
    Ok(())
}

/// Who ran a data-subject command, for the audit trail.
fn operator() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    )
}

/// `moderato export --email X [--output FILE]`: everything stored under an
/// address, as JSON.
pub async fn export(
    settings: &Settings,
    email: &str,
    output: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let email = AuthorEmail::parse(email).map_err(|m| anyhow::anyhow!("email {m}"))?;
    let db = open(settings).await?;
    let export = crate::storage::privacy::export(&db, email.as_str(), &operator()).await?;
    let json = serde_json::to_string_pretty(&export)?;
    match output {
        Some(path) => {
            std::fs::write(path, json + "\n")
                .with_context(|| format!("could not write {}", path.display()))?;
            eprintln!(
                "Exported {} comment(s) to {}.",
                export.comments.len(),
                path.display()
            );
        }
        None => println!("{json}"),
    }
    Ok(())
}

/// `moderato erase --email X --yes`: anonymises their comments and removes
/// their address everywhere else.
pub async fn erase(settings: &Settings, email: &str, confirmed: bool) -> anyhow::Result<()> {
    let email = AuthorEmail::parse(email).map_err(|m| anyhow::anyhow!("email {m}"))?;
    if !confirmed {
        bail!("erasure cannot be undone; run again with --yes to confirm");
    }
    let db = open(settings).await?;
    let done = crate::storage::privacy::erase(&db, email.as_str(), &operator()).await?;
    println!(
        "Erased: {} comment(s) anonymised, {} notification(s), {} preference(s), {} post author(s).",
        done.comments, done.notifications, done.preferences, done.posts
    );
    Ok(())
}
