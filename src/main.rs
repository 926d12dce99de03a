use clap::{Parser, Subcommand};
use moderato::cli;
use moderato::config::Settings;
use moderato::startup::Application;
use moderato::telemetry;

/// glibc's allocator was a tenth of the CPU of the submission path under
/// load (request workers and the SQLite thread each freeing what another
/// allocated); mimalloc's per-thread pages make those calls cheap.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Score a labelled dataset with the serving rules and report the quality.
    Eval {
        /// Dataset CSV files, each reported on its own.
        #[arg(long = "dataset", required = true)]
        datasets: Vec<std::path::PathBuf>,
        #[arg(long, value_enum)]
        format: moderato::eval::Format,
        /// Labelled files to train the learned model on first.
        #[arg(long)]
        train: Vec<std::path::PathBuf>,
        /// Train on each dataset's even rows and evaluate on its odd rows.
        #[arg(long, conflicts_with = "train")]
        holdout: bool,
        /// Also print up to N misjudged comments per dataset, with their rules.
        #[arg(long, value_name = "N", default_value_t = 0)]
        show_misses: usize,
    },
    /// Train the learned model from a labelled dataset or from moderators' decisions.
    Train {
        /// Labelled CSV files to learn from (with --format).
        #[arg(long = "dataset", required_unless_present = "from_history")]
        datasets: Vec<std::path::PathBuf>,
        #[arg(long, value_enum, required_unless_present = "from_history")]
        format: Option<moderato::eval::Format>,
        /// Forget the model and relearn it from the stored decisions.
        #[arg(long, conflicts_with = "datasets")]
        from_history: bool,
    },
    /// Write everything stored under an email address as JSON (data-subject access).
    Export {
        #[arg(long)]
        email: String,
        /// A file to write; standard output when absent.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Erase a person's data: their comments stay, anonymised; the audit trail stays.
    Erase {
        #[arg(long)]
        email: String,
        /// Confirms the erasure, which cannot be undone.
        #[arg(long)]
        yes: bool,
    },
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
        Command::Train {
            datasets,
            format,
            from_history,
        } => cli::train(&settings, &datasets, format, from_history).await,
        Command::Eval {
            datasets,
            format,
            train,
            holdout,
            show_misses,
        } => {
            let report = if holdout {
                moderato::eval::run_holdout(&settings, &datasets, format)
            } else {
                moderato::eval::run(&settings, &datasets, format, &train, show_misses)
            };
            report.map(|report| print!("{report}"))
        }
        Command::Export { email, output } => {
            cli::export(&settings, &email, output.as_deref()).await
        }
        Command::Erase { email, yes } => cli::erase(&settings, &email, yes).await,
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
