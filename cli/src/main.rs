//! `otpkit`: a scriptable command-line front end to the otpkit core.
//!
//! Exit codes: 0 success, 1 I/O or internal failure, 2 bad input (one-line error on stderr).

mod accounts;
mod clipboard;
mod codes;
mod generate;
mod input;
mod listing;
mod output;
mod progress;
mod show;
mod sms;
mod store;
mod watch;

use clap::{CommandFactory, Parser, Subcommand};
use otpkit::{SystemTimeSource, TimeSource};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "otpkit",
    version,
    about = "One-time passwords: codes, otpauth URIs, migration payloads"
)]
struct Cli {
    #[command(flatten)]
    store: store::StoreArgs,
    /// With no command: `otpkit [--json] [--at T]` is `otpkit codes [--json] [--at T]`.
    #[command(flatten)]
    default: listing::DefaultArgs,
    /// With no command: the codes of every account (`otpkit codes`).
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print every matching account with its current code and seconds left (the default).
    Codes(listing::CodesArgs),
    /// A live view of the codes: type to filter, Up/Down select, Enter copies, q quits.
    Watch(watch::WatchArgs),
    /// Print the code for an otpauth URI (HOTP uses the URI's counter).
    Code(codes::CodeArgs),
    /// Inspect or canonicalise otpauth URIs.
    #[command(subcommand)]
    Uri(codes::UriCommand),
    /// Google Authenticator migration payloads (otpauth-migration://).
    #[command(subcommand)]
    Migration(codes::MigrationCommand),
    /// Receive and send one-time codes by SMS: extraction, Android app hash, message bodies.
    #[command(subcommand)]
    Sms(sms::SmsCommand),
    #[command(flatten)]
    Accounts(accounts::AccountCommand),
    /// Print a shell completion script (e.g. `otpkit completions bash > /etc/bash_completion.d/otpkit`).
    Completions {
        #[arg(value_enum)]
        shell: generate::Shell,
    },
    /// Print the man page otpkit(1) in roff (e.g. `otpkit man | man -l -`).
    Man,
    /// Internal: the process that keeps a copied code on the clipboard and clears it.
    #[cfg(feature = "clipboard")]
    #[command(name = "__clipboard-serve", hide = true)]
    ClipboardServe(clipboard::ClearArgs),
}

/// An error that ends the program: its message is printed on one line.
#[derive(Debug)]
pub enum CliError {
    /// Bad input from the user (exit 2).
    Input(String),
    /// I/O or other failure (exit 1).
    Failure(String),
}

impl CliError {
    pub fn input(e: impl std::fmt::Display) -> Self {
        CliError::Input(one_line(e))
    }
    pub fn failure(e: impl std::fmt::Display) -> Self {
        CliError::Failure(one_line(e))
    }
}

fn one_line(e: impl std::fmt::Display) -> String {
    e.to_string().replace(['\n', '\r'], " ")
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The only place the system clock is read from; everything below takes it injected.
    let clock: Arc<dyn TimeSource> = Arc::new(SystemTimeSource);
    let store = store::Store {
        args: cli.store,
        clock: clock.clone(),
    };
    let result = match cli.command {
        None => listing::run(&store, cli.default.into()),
        Some(_) if cli.default.given() => Err(CliError::input(
            "--json and --at go after the command (otpkit COMMAND --json)",
        )),
        Some(Command::Codes(args)) => listing::run(&store, args),
        Some(Command::Watch(args)) => watch::run(&store, args),
        Some(Command::Code(args)) => codes::code(args, &*clock),
        Some(Command::Uri(cmd)) => codes::uri(cmd),
        Some(Command::Migration(cmd)) => codes::migration(cmd),
        Some(Command::Sms(cmd)) => sms::run(cmd),
        Some(Command::Accounts(cmd)) => accounts::run(&store, cmd),
        Some(Command::Completions { shell }) => generate::completions(Cli::command(), shell),
        Some(Command::Man) => generate::man(Cli::command()),
        #[cfg(feature = "clipboard")]
        Some(Command::ClipboardServe(args)) => clipboard::serve(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Input(msg)) => {
            note!("otpkit: error: {msg}");
            ExitCode::from(2)
        }
        Err(CliError::Failure(msg)) => {
            note!("otpkit: error: {msg}");
            ExitCode::from(1)
        }
    }
}
