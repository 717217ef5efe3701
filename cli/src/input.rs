//! Reading arguments that may be `-` (standard input).

use crate::CliError;
use otpkit::import::{read_limited, ReadError, MAX_IMPORT_LEN};
use std::path::Path;

/// Returns `arg`, or the whole of standard input (trimmed) when `arg` is `-`.
pub fn arg_or_stdin(arg: &str) -> Result<String, CliError> {
    if arg == "-" {
        let text = read_stdin()?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(CliError::input("no input on stdin"));
        }
        Ok(trimmed.to_string())
    } else {
        Ok(arg.to_string())
    }
}

/// All of standard input as bytes, at most [`MAX_IMPORT_LEN`] of them.
pub fn read_stdin_bytes() -> Result<Vec<u8>, CliError> {
    read_limited(std::io::stdin().lock(), MAX_IMPORT_LEN).map_err(|e| match e {
        ReadError::TooLarge { .. } => CliError::input(format!("stdin: {e}")),
        ReadError::Io { .. } => CliError::failure(format!("stdin: {e}")),
    })
}

/// All of standard input as UTF-8, at most [`MAX_IMPORT_LEN`] bytes.
pub fn read_stdin() -> Result<String, CliError> {
    String::from_utf8(read_stdin_bytes()?)
        .map_err(|e| CliError::input(format!("cannot read stdin as UTF-8 text: {e}")))
}

/// All of the file at `path`, at most [`MAX_IMPORT_LEN`] bytes.
pub fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    let file = std::fs::File::open(path)
        .map_err(|e| CliError::input(format!("cannot read {}: {e}", path.display())))?;
    read_limited(file, MAX_IMPORT_LEN).map_err(|e| match e {
        ReadError::TooLarge { .. } => CliError::input(format!("{}: {e}", path.display())),
        ReadError::Io { .. } => CliError::failure(format!("{}: {e}", path.display())),
    })
}

/// Non-empty, non-comment lines of `text`, trimmed.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
