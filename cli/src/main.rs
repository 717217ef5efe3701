//! `otpkit`: a scriptable command-line front end to the otpkit core.
//!
//! Exit codes: 0 success, 1 I/O or internal failure, 2 bad input (one-line error on stderr).

mod accounts;
mod codes;
mod input;
mod output;
mod sms;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "otpkit",
    version,
    about = "One-time passwords: codes, otpauth URIs, migration payloads"
)]
struct Cli {
    #[command(flatten)]
    store: accounts::StoreArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    let result = match cli.command {
        Command::Code(args) => codes::code(args),
        Command::Uri(cmd) => codes::uri(cmd),
        Command::Migration(cmd) => codes::migration(cmd),
        Command::Sms(cmd) => sms::run(cmd),
        Command::Accounts(cmd) => accounts::run(cli.store, cmd),
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
