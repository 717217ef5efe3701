//! Reading arguments that may be `-` (standard input).

use crate::CliError;
use std::io::Read;

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

/// All of standard input as UTF-8.
pub fn read_stdin() -> Result<String, CliError> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| CliError::input(format!("cannot read stdin as UTF-8 text: {e}")))?;
    Ok(text)
}

/// Non-empty, non-comment lines of `text`, trimmed.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
