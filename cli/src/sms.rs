//! `sms` commands: extract a code from a message, compute the Android app hash, format bodies.

use crate::input::read_stdin;
use crate::CliError;
use clap::{Args, Subcommand, ValueEnum};
use otpkit::receiver::{self, Evidence, Extraction, PushStyle, SmsOptions, SmsWarning};
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum SmsCommand {
    /// Read one message on stdin and print the code as JSON (`{"code": null}` when there is none).
    Extract {
        /// Read JSON lines `{"text": ...}` and write one JSON line per input, in order.
        #[arg(long)]
        jsonl: bool,
        /// Accepted for uniformity: the output is always JSON.
        #[arg(long, conflicts_with = "jsonl")]
        json: bool,
    },
    /// Compute the Android SMS Retriever app hash (11 characters).
    AppHash {
        /// Android package name, e.g. com.example.app.
        #[arg(long)]
        package: String,
        /// The signing certificate, DER or PEM (e.g. from `keytool -exportcert`).
        #[arg(long, value_name = "FILE")]
        cert: std::path::PathBuf,
        /// Print `{"package": ..., "app_hash": ...}`.
        #[arg(long)]
        json: bool,
    },
    /// Format a message carrying a code, and report its SMS encoding and segments as JSON.
    Format(FormatArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Channel {
    Sms,
    Voice,
    Push,
    Whatsapp,
}

#[derive(Args)]
pub struct FormatArgs {
    /// The code (4–10 ASCII letters/digits, at least one digit).
    #[arg(long)]
    code: String,
    /// Service name shown in the message.
    #[arg(long)]
    service: String,
    /// Minutes the code stays valid.
    #[arg(long)]
    validity_minutes: Option<u32>,
    /// Android app hash line (SMS only).
    #[arg(long)]
    app_hash: Option<String>,
    /// Host for the origin-bound last line `@host #code` (SMS only).
    #[arg(long)]
    origin: Option<String>,
    /// Embedded (iframe) host for the origin-bound line (SMS only).
    #[arg(long)]
    embedded: Option<String>,
    /// Delivery channel.
    #[arg(long, value_enum, default_value = "sms")]
    channel: Channel,
    /// Language of voice and push templates (e.g. en, es, fr, de, pt).
    #[arg(long, default_value = "en")]
    lang: String,
    /// Accepted for uniformity: the output is always JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: SmsCommand) -> Result<(), CliError> {
    match cmd {
        SmsCommand::Extract { jsonl: false, .. } => {
            crate::outln!(
                "{}",
                extraction_json(receiver::extract(&read_stdin()?).as_ref())
            )
        }
        SmsCommand::Extract { jsonl: true, .. } => extract_jsonl(),
        SmsCommand::AppHash {
            package,
            cert,
            json,
        } => {
            let bytes = crate::input::read_file(&cert)?;
            let hash = receiver::app_hash(&package, &bytes).map_err(CliError::input)?;
            if json {
                crate::outln!("{}", json!({"package": package, "app_hash": hash}))
            } else {
                crate::outln!("{hash}")
            }
        }
        SmsCommand::Format(args) => format(args),
    }
}

fn evidence_name(e: Evidence) -> &'static str {
    match e {
        Evidence::OriginBound => "origin_bound",
        Evidence::Keyword => "keyword",
        Evidence::Layout => "layout",
    }
}

fn extraction_json(found: Option<&Extraction>) -> Value {
    match found {
        None => json!({ "code": null }),
        Some(x) => json!({
            "code": x.code,
            "start": x.start,
            "end": x.end,
            "evidence": evidence_name(x.evidence),
            "confidence": x.confidence,
            "origin": x.origin,
            "embedded_origin": x.embedded_origin,
            "keyword": x.keyword,
            "language": x.language,
        }),
    }
}

/// One output line per input line; a malformed line gets `{"code": null, "error": ...}` and the
/// command exits 2 after writing every line.
fn extract_jsonl() -> Result<(), CliError> {
    use std::io::Write;
    let input = read_stdin()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let failed =
        |e: std::io::Error| CliError::failure(format!("cannot write to standard output: {e}"));
    let mut bad = 0usize;
    for (n, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => match obj.get("text").and_then(Value::as_str) {
                Some(text) => extraction_json(receiver::extract(text).as_ref()),
                None => {
                    bad += 1;
                    json!({ "code": null, "error": format!("line {}: missing string field \"text\"", n + 1) })
                }
            },
            Ok(_) | Err(_) => {
                bad += 1;
                json!({ "code": null, "error": format!("line {}: not a JSON object", n + 1) })
            }
        };
        writeln!(out, "{value}").map_err(failed)?;
    }
    out.flush().map_err(failed)?;
    if bad > 0 {
        return Err(CliError::input(format!(
            "{bad} input line(s) were not {{\"text\": ...}} objects"
        )));
    }
    Ok(())
}

fn format(a: FormatArgs) -> Result<(), CliError> {
    let sms_only = a.app_hash.is_some() || a.origin.is_some() || a.embedded.is_some();
    let value = match a.channel {
        Channel::Sms => {
            let body = receiver::format_sms(&SmsOptions {
                code: a.code,
                service: a.service,
                validity_minutes: a.validity_minutes,
                app_hash: a.app_hash,
                origin_host: a.origin,
                embedded_host: a.embedded,
            })
            .map_err(CliError::input)?;
            let warnings: Vec<Value> = body
                .warnings
                .iter()
                .map(|w| match w {
                    SmsWarning::MultipleSegments { segments } => {
                        json!({"warning": "multiple_segments", "segments": segments})
                    }
                    SmsWarning::Ucs2 => json!({"warning": "ucs2"}),
                })
                .collect();
            json!({
                "channel": "sms",
                "text": body.text,
                "encoding": match body.encoding.encoding { receiver::SmsEncoding::Gsm7 => "gsm7", receiver::SmsEncoding::Ucs2 => "ucs2" },
                "units": body.encoding.units,
                "segments": body.encoding.segments,
                "non_gsm_chars": body.encoding.non_gsm_chars,
                "warnings": warnings,
            })
        }
        _ if sms_only => {
            return Err(CliError::input(
                "--app-hash, --origin and --embedded apply to --channel sms only",
            ))
        }
        Channel::Voice => {
            let v =
                receiver::voice_message(&a.code, &a.service, &a.lang).map_err(CliError::input)?;
            json!({ "channel": "voice", "text": v.text, "ssml": v.ssml })
        }
        Channel::Push | Channel::Whatsapp => {
            let style = if matches!(a.channel, Channel::Whatsapp) {
                PushStyle::WhatsApp
            } else {
                PushStyle::Push
            };
            let text =
                receiver::push_message(&a.code, &a.service, &a.lang, a.validity_minutes, style)
                    .map_err(CliError::input)?;
            json!({ "channel": if matches!(a.channel, Channel::Whatsapp) { "whatsapp" } else { "push" }, "text": text })
        }
    };
    crate::outln!("{value}")
}
