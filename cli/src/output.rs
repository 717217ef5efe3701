//! Standard output that reports write errors instead of panicking: a closed pipe (`| head -1`)
//! or a full disk ends the command with exit 1 and a one-line error, never a panic. Every line
//! is flushed, so a code that was written has reached the pipe or file.

use crate::CliError;
use std::io::Write;

fn failed(e: std::io::Error) -> CliError {
    CliError::failure(format!("cannot write to standard output: {e}"))
}

/// Writes `bytes` to standard output and flushes.
pub fn write_bytes(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).map_err(failed)?;
    out.flush().map_err(failed)
}

/// Writes one line to standard output and flushes.
pub fn line(args: std::fmt::Arguments<'_>) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args).map_err(failed)?;
    out.write_all(b"\n").map_err(failed)?;
    out.flush().map_err(failed)
}

/// A message on standard error; a failure to write it is ignored (there is nowhere to report it).
pub fn note(args: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "{args}");
}

/// `println!` that returns `Result<(), CliError>`.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => { $crate::output::line(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => { $crate::output::note(format_args!($($arg)*)) };
}
