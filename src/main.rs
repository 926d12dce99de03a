use clap::{Parser, Subcommand};
use moderato::cli;
use moderato::config::Settings;
use moderato::startup::Application;
use moderato::telemetry;

/// Self-hosted comment moderation.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API (the default).
    Serve,
    /// Run database migrations and exit.
    Migrate,
    /// Run only the notification worker (no HTTP), e.g. on a separate host.
    Worker,
    /// Manage moderator accounts.
    Moderators {
        #[command(subcommand)]
        command: ModeratorCommand,
    },
}

#[derive(Subcommand)]
enum ModeratorCommand {
    /// Add a moderator and print their API token once.
    Add { name: String, email: String },
    /// List moderators.
    List,
    /// Revoke a moderator's token and end their sessions.
    Revoke { name: String },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("moderato: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    telemetry::init(&settings.telemetry);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => cli::migrate(&settings).await,
        Command::Worker => cli::worker(settings).await,
        Command::Moderators { command } => match command {
            ModeratorCommand::Add { name, email } => {
                cli::add_moderator(&settings, &name, &email).await
            }
            ModeratorCommand::List => cli::list_moderators(&settings).await,
            ModeratorCommand::Revoke { name } => cli::revoke_moderator(&settings, &name).await,
        },
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("moderato: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(settings).await?;
    app.run_until_stopped().await?;
    tracing::info!("stopped");
    Ok(())
}
