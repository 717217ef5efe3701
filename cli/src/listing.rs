//! `otpkit` / `otpkit codes [QUERY]`: every matching account with its current code and the
//! seconds it stays valid, aligned, in core's display order (`otpkit::storage::query`).
//! HOTP accounts show no code here: a code would use up a counter (`show` takes one).

use crate::store::{display, kind_name, Store};
use crate::{outln, CliError};
use clap::Args;
use otpkit::storage::{Account, AccountsView};
use otpkit::FixedTimeSource;
use serde_json::json;

#[derive(Args)]
pub struct CodesArgs {
    /// Only accounts whose issuer, label or `issuer:label` contains QUERY (case-insensitive),
    /// or whose id starts with it.
    pub query: Option<String>,
    /// Unix time to compute the codes for (default: now).
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub at: Option<u64>,
    /// One JSON object per line (docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

/// The options `otpkit` takes with no command (the listing's, without a query).
#[derive(Args, Clone, Copy)]
pub struct DefaultArgs {
    /// With no command: compute the codes for this Unix time (default: now).
    #[arg(long, value_name = "UNIX_SECONDS")]
    at: Option<u64>,
    /// With no command: one JSON object per line (docs/cli.md).
    #[arg(long)]
    json: bool,
}

impl DefaultArgs {
    pub fn given(&self) -> bool {
        self.json || self.at.is_some()
    }
}

impl From<DefaultArgs> for CodesArgs {
    fn from(d: DefaultArgs) -> Self {
        CodesArgs {
            query: None,
            at: d.at,
            json: d.json,
        }
    }
}

/// One account's line: its code (none for HOTP) and the seconds left.
pub struct Row {
    pub account: Account,
    pub name: String,
    /// `None` for HOTP accounts.
    pub code: Option<String>,
    pub next: Option<String>,
    /// Seconds until `code` stops being valid (TOTP/Steam).
    pub remaining: Option<u64>,
    /// The period in seconds (TOTP/Steam).
    pub period: Option<u64>,
}

/// Text safe to print on a terminal: control characters (escape sequences in an imported
/// label) become `?`.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The rows for `accounts` (already filtered and ordered) at Unix time `now` (core's
/// snapshots: no code for HOTP).
pub fn rows(
    backend: &dyn AccountsView,
    accounts: &[Account],
    now: u64,
) -> Result<Vec<Row>, CliError> {
    let codes = backend.snapshots(accounts, &FixedTimeSource::new(now))?;
    Ok(codes
        .into_iter()
        .map(|c| {
            let remaining = c.remaining();
            let (code, next) = match c.code {
                Some(s) => (Some(s.current.clone()), Some(s.next.clone())),
                None => (None, None),
            };
            Row {
                name: printable(&display(&c.account)),
                period: c.account.params.period(),
                account: c.account,
                code,
                next,
                remaining,
            }
        })
        .collect())
}

/// The rows for `query`; a query that matches nothing is bad input.
pub fn matching_rows(
    backend: &dyn AccountsView,
    query: Option<&str>,
    now: u64,
) -> Result<Vec<Row>, CliError> {
    rows(backend, &backend.search(query)?, now)
}

/// The JSON object of one row (schema in docs/cli.md).
pub fn row_json(r: &Row) -> serde_json::Value {
    let a = &r.account;
    json!({
        "id": a.id, "name": display(a), "issuer": a.issuer, "label": a.label,
        "type": kind_name(&a.params), "code": r.code, "next": r.next,
        "remaining": r.remaining, "period": r.period,
    })
}

/// Aligned lines: name, code, seconds left.
pub fn format_rows(rows: &[Row]) -> Vec<String> {
    let name_w = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    let code_w = rows
        .iter()
        .map(|r| r.code.as_deref().map_or(4, str::len))
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|r| {
            let pad = name_w - r.name.chars().count();
            let (code, left) = match (&r.code, r.remaining) {
                (Some(c), Some(s)) => (c.as_str(), format!("{s:>2}s")),
                _ => ("hotp", "(show takes the next code)".to_owned()),
            };
            format!("{}{}  {code:<code_w$}  {left}", r.name, " ".repeat(pad))
        })
        .collect()
}

pub fn run(store: &Store, args: CodesArgs) -> Result<(), CliError> {
    let backend = store.open_read()?;
    let now = args.at.unwrap_or_else(|| store.clock.now_unix());
    let rows = matching_rows(&*backend, args.query.as_deref(), now)?;
    if args.json {
        for r in &rows {
            outln!("{}", row_json(r))?;
        }
    } else {
        for line in format_rows(&rows) {
            outln!("{}", line.trim_end())?;
        }
    }
    Ok(())
}
