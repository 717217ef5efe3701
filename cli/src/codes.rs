//! `code`, `uri` and `migration` commands.

use crate::input::{arg_or_stdin, lines, read_stdin};
use crate::CliError;
use clap::{Args, Subcommand};
use otpkit::migration::{self, BatchAssembler};
use otpkit::{CodeGenerator, OtpAuthUri, OtpKind};
use serde_json::json;

#[derive(Args)]
pub struct CodeArgs {
    /// otpauth:// or steam:// URI, or `-` to read it from stdin.
    uri: String,
    /// Unix time in seconds to compute the code for (default: now).
    #[arg(long, value_name = "UNIX_SECONDS")]
    at: Option<u64>,
    /// Print JSON (docs/cli.md).
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum UriCommand {
    /// Print one JSON object describing the URI.
    Inspect {
        /// otpauth:// URI, or `-` for stdin.
        uri: String,
        /// Accepted for uniformity: the output is always JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the canonical form of the URI.
    Canonical {
        /// otpauth:// URI, or `-` for stdin.
        uri: String,
        /// Print `{"uri": ...}`.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum MigrationCommand {
    /// Print one canonical otpauth URI per line. Several URIs (or lines on stdin with `-`) form a
    /// multi-QR batch; missing parts are an error.
    Decode {
        /// otpauth-migration:// URIs, or `-` to read them from stdin (one per line).
        #[arg(required = true)]
        uris: Vec<String>,
        /// One `uri inspect` object (plus "uri") per account per line.
        #[arg(long)]
        json: bool,
    },
    /// Read otpauth URIs on stdin (one per line) and print migration URIs, one per QR code.
    Encode {
        /// Accounts per migration URI (QR code).
        #[arg(long, default_value_t = migration::DEFAULT_BATCH_SIZE)]
        batch_size: usize,
        /// One `{"uri", "part", "parts"}` object per line.
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn parse_uri(text: &str) -> Result<OtpAuthUri, CliError> {
    OtpAuthUri::parse(text).map_err(CliError::input)
}

pub fn code(args: CodeArgs, clock: &dyn otpkit::TimeSource) -> Result<(), CliError> {
    let uri = parse_uri(&arg_or_stdin(&args.uri)?)?;
    let generator = CodeGenerator::new(&uri.secret, uri.params).map_err(CliError::input)?;
    let snap = generator.snapshot_at(args.at.unwrap_or_else(|| clock.now_unix()));
    if args.json {
        let kind = uri.params.kind.name();
        let remaining = match uri.params.kind {
            OtpKind::Hotp { .. } => None,
            _ => Some(snap.remaining),
        };
        crate::outln!(
            "{}",
            json!({"code": snap.current, "next": snap.next, "type": kind,
            "remaining": remaining, "period": uri.params.period(), "counter": snap.counter})
        )
    } else {
        crate::outln!("{}", snap.current)
    }
}

/// The JSON description printed by `uri inspect` (and reused by other commands).
pub(crate) fn describe(uri: &OtpAuthUri) -> serde_json::Value {
    let (kind, period, counter) = match uri.params.kind {
        OtpKind::Totp { period, .. } => ("totp", Some(period), None),
        OtpKind::Hotp { counter } => ("hotp", None, Some(counter)),
        OtpKind::Steam { period } | OtpKind::Motp { period } | OtpKind::Yandex { period } => {
            (uri.params.kind.name(), Some(period), None)
        }
    };
    let warnings: Vec<&str> = uri.warnings().iter().map(|w| w.code()).collect();
    json!({
        "type": kind,
        "issuer": uri.display_issuer(),
        "label_issuer": uri.label_issuer,
        "account": uri.account,
        "secret": uri.secret.to_base32(),
        "algorithm": uri.params.algorithm.as_str(),
        "digits": uri.params.digits,
        "period": period,
        "counter": counter,
        "extra": uri.extra.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
        "warnings": warnings,
    })
}

pub fn uri(cmd: UriCommand) -> Result<(), CliError> {
    match cmd {
        UriCommand::Inspect { uri, json: _ } => {
            let uri = parse_uri(&arg_or_stdin(&uri)?)?;
            crate::outln!("{}", describe(&uri))?;
        }
        UriCommand::Canonical { uri, json } => {
            let uri = parse_uri(&arg_or_stdin(&uri)?)?;
            if json {
                crate::outln!("{}", json!({"uri": uri.to_uri()}))?;
            } else {
                crate::outln!("{}", uri.to_uri())?;
            }
        }
    }
    Ok(())
}

pub fn migration(cmd: MigrationCommand) -> Result<(), CliError> {
    match cmd {
        MigrationCommand::Decode { uris, json } => {
            let mut all = Vec::new();
            for arg in &uris {
                if arg == "-" {
                    let text = read_stdin()?;
                    all.extend(lines(&text).map(str::to_string));
                } else {
                    all.push(arg.clone());
                }
            }
            if all.is_empty() {
                return Err(CliError::input("no migration URI given"));
            }
            let mut assembler = BatchAssembler::new();
            for uri in &all {
                assembler.add(uri).map_err(CliError::input)?;
            }
            for entry in assembler.finish().map_err(CliError::input)? {
                if json {
                    let mut v = describe(&entry);
                    v["uri"] = json!(entry.to_uri());
                    crate::outln!("{v}")?;
                } else {
                    crate::outln!("{}", entry.to_uri())?;
                }
            }
        }
        MigrationCommand::Encode { batch_size, json } => {
            if batch_size == 0 {
                return Err(CliError::input("--batch-size must be at least 1"));
            }
            let text = read_stdin()?;
            let mut entries = Vec::new();
            for (n, line) in lines(&text).enumerate() {
                let uri = OtpAuthUri::parse(line)
                    .map_err(|e| CliError::input(format!("line {}: {e}", n + 1)))?;
                entries.push(uri);
            }
            if entries.is_empty() {
                return Err(CliError::input("no otpauth URIs on stdin"));
            }
            let batch_id = migration::random_batch_id();
            let parts = migration::encode_with_batch_size(&entries, batch_size, batch_id)
                .map_err(CliError::input)?;
            for (n, uri) in parts.iter().enumerate() {
                if json {
                    crate::outln!(
                        "{}",
                        json!({"uri": uri, "part": n + 1, "parts": parts.len()})
                    )?;
                } else {
                    crate::outln!("{uri}")?;
                }
            }
        }
    }
    Ok(())
}
