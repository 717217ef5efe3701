//! `Debug` output for values that hold a secret or a live code.
//!
//! Every such type implements `Debug` by hand and prints [`REDACTED`] in place of the sensitive
//! field; the other fields stay visible, so logs still say which value it was.

use std::fmt;

/// Prints `<redacted>` in `Debug` output.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

/// The placeholder for a redacted field: `f.debug_struct("X").field("code", &REDACTED)`.
pub const REDACTED: Redacted = Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// `Some(<redacted>)` / `None` for an optional sensitive field.
pub fn redact_opt<T>(value: &Option<T>) -> Option<Redacted> {
    value.as_ref().map(|_| REDACTED)
}
