//! The `cpi` binary: thin command modules over the server and client libraries.

/// `println!` for command output: when the reader has gone away (`cpi … | head`), the command
/// ends quietly with success instead of panicking on the broken pipe.
macro_rules! outln {
    () => {
        $crate::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` for command output (see [`outln!`]).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!($($arg)*))
    };
}

/// Writes command output; a closed pipe ends the process with success, other errors are reported.
fn write_stdout(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_fmt(args) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("cannot write to standard output: {e}");
            std::process::exit(1);
        }
    }
}

mod commands;

/// The allocator: the server allocates many small strings per request (rows, JSON); mimalloc
/// serves that pattern better than glibc malloc (see BENCHMARKS.md, OData reads).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{CommandFactory, Parser, Subcommand};

use commands::client::{connection::ClientArgs, exit, login};

/// cpi: a local SAP BTP subaccount with Cloud Integration, and a client for it and real tenants.
#[derive(Debug, Parser)]
#[command(name = "cpi", version, about)]
struct Cli {
    /// Log format on stderr.
    #[arg(long, global = true, env = "CPI_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    log_format: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the local tenant: token service, control plane and tenant API.
    Serve(commands::serve::ServeArgs),
    #[command(flatten)]
    Admin(commands::admin::AdminCommand),
    /// Message processing logs of the local tenant (`cpi mpl generate --count N`).
    Mpl(commands::mpl::MplArgs),
    #[command(flatten)]
    Tenant(commands::client::TenantCommand),
    /// Log in to a tenant with a service key, or answering CPI Explorer's questions; saves a profile.
    Login(login::LoginArgs),
    /// Forget a profile and its secret.
    Logout {
        /// The profile (default: the default profile).
        #[arg(long, env = "CPI_PROFILE")]
        profile: Option<String>,
    },
    /// Saved tenant profiles (dev, qa, prod, …).
    #[command(subcommand)]
    Profile(login::ProfileCommand),
    /// Print an access token of the current profile (for curl: `-H "Authorization: Bearer $(cpi token)"`).
    Token(ClientArgs),
    /// Check the connection and the key: reachability, token, scopes, one call per area, and the roles to add.
    Doctor(ClientArgs),
    /// Back up every package and artifact into a git-friendly folder (parallel, resumable).
    Backup(commands::client::backup::BackupArgs),
    /// Restore a backup folder into a tenant.
    Restore(commands::client::backup::RestoreArgs),
    /// Compare two tenants (profiles) or backup folders: packages, artifacts, versions, configurations.
    Diff(commands::client::backup::DiffArgs),
    /// Explore a tenant in the terminal: packages, artifacts, deployments, messages.
    Explore(ClientArgs),
    /// Print shell completions: `cpi completions bash > /etc/bash_completion.d/cpi`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        // `serve` installs logging once it knows its data dir (the system log lives there).
        Command::Serve(args) => commands::serve::run(args, &cli.log_format).await,
        Command::Admin(command) => {
            commands::logging::init(&cli.log_format, None);
            commands::admin::run(command).await
        }
        Command::Mpl(args) => {
            commands::logging::init(&cli.log_format, None);
            commands::mpl::run(args).await
        }
        Command::Tenant(command) => commands::client::run(command).await,
        Command::Login(args) => login::login(args).await,
        Command::Logout { profile } => login::logout(profile),
        Command::Profile(command) => login::profile(command),
        Command::Token(args) => login::token(args).await,
        Command::Doctor(args) => commands::client::doctor::doctor(args).await,
        Command::Backup(args) => commands::client::backup::backup(args).await,
        Command::Restore(args) => commands::client::backup::restore(args).await,
        Command::Diff(args) => commands::client::backup::diff(args).await,
        Command::Explore(args) => commands::explore::run(args).await,
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "cpi", &mut script);
            out!("{}", String::from_utf8_lossy(&script));
            Ok(())
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", error_text(&error));
            std::process::ExitCode::from(exit::code_of(&error))
        }
    }
}

/// The error and its causes, `a: b: c`, leaving out a cause whose text the message before it
/// already contains (errors that print their source would otherwise repeat it).
fn error_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}
