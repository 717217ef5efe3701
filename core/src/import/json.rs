//! Lenient reading of JSON backups, and a JSON tree that wipes its strings when dropped.

use serde_json::Value;
use zeroize::Zeroize;

use super::{ImportError, ImportFormat};

/// A parsed JSON document whose string values (which may be secrets) are zeroized on drop.
pub(crate) struct Scrubbed(pub Value);

impl std::fmt::Debug for Scrubbed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scrubbed(<json>)")
    }
}

impl Drop for Scrubbed {
    fn drop(&mut self) {
        scrub(&mut self.0);
    }
}

impl std::ops::Deref for Scrubbed {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.0
    }
}

/// Zeroizes every string value in `value` (object keys are field names, left alone).
pub(crate) fn scrub(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(scrub),
        Value::Object(map) => map.values_mut().for_each(scrub),
        _ => {}
    }
}

/// Parses JSON; a syntax error names the line and column only (never the content).
pub(crate) fn parse(format: ImportFormat, text: &str) -> Result<Scrubbed, ImportError> {
    serde_json::from_str::<Value>(text)
        .map(Scrubbed)
        .map_err(|e| {
            ImportError::invalid(
                format,
                format!("not valid JSON (line {}, column {})", e.line(), e.column()),
            )
        })
}

/// Parses JSON bytes (a decrypted payload).
pub(crate) fn parse_bytes(format: ImportFormat, bytes: &[u8]) -> Result<Scrubbed, ImportError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImportError::invalid(format, "decrypted content is not UTF-8"))?;
    parse(format, text)
}

/// A string field (`None` when missing, null or not a string).
pub(crate) fn str_field<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

/// A string field, trimmed, `None` when missing or empty.
pub(crate) fn text_field<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    str_field(obj, key).map(str::trim).filter(|s| !s.is_empty())
}

/// A non-negative integer field: a JSON integer, an integral float, or a numeric string.
/// `Ok(None)` when missing or null; an error naming the field otherwise.
pub(crate) fn u64_field(obj: &Value, key: &str) -> Result<Option<u64>, String> {
    let bad = || format!("{key} is not a non-negative integer");
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            if let Some(u) = n.as_u64() {
                Ok(Some(u))
            } else {
                match n.as_f64() {
                    Some(f) if f >= 0.0 && f.fract() == 0.0 && f <= u64::MAX as f64 => {
                        Ok(Some(f as u64))
                    }
                    _ => Err(bad()),
                }
            }
        }
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s.trim().parse::<u64>().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

/// True only for JSON `true` (or the strings `"true"`/`"1"`).
pub(crate) fn bool_field(obj: &Value, key: &str) -> bool {
    match obj.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim(), "true" | "1"),
        Some(Value::Number(n)) => n.as_u64() == Some(1),
        _ => false,
    }
}

/// At most 40 characters of a value read from a file, for messages (never used on secrets).
pub(crate) fn clip(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// A JSON value as shown in messages: its JSON text, clipped.
pub(crate) fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "(missing)".into(), |v| clip(&v.to_string()))
}

/// The JSON type name, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_lenient() {
        let v = json!({"a": 6, "b": "30", "c": 8.0, "d": -1, "e": "x", "f": null, "g": ""});
        assert_eq!(u64_field(&v, "a"), Ok(Some(6)));
        assert_eq!(u64_field(&v, "b"), Ok(Some(30)));
        assert_eq!(u64_field(&v, "c"), Ok(Some(8)));
        assert!(u64_field(&v, "d").is_err());
        assert!(u64_field(&v, "e").is_err());
        assert_eq!(u64_field(&v, "f"), Ok(None));
        assert_eq!(u64_field(&v, "g"), Ok(None));
        assert_eq!(u64_field(&v, "missing"), Ok(None));
    }

    #[test]
    fn clipping() {
        assert_eq!(clip("short"), "short");
        assert_eq!(clip(&"ü".repeat(50)), format!("{}…", "ü".repeat(40)));
        assert_eq!(show(None), "(missing)");
        assert_eq!(show(Some(&json!(2))), "2");
    }

    #[test]
    fn scrub_wipes_nested_strings() {
        let mut v = json!({"a": ["SECRET", {"b": "SECRET"}], "c": 1});
        scrub(&mut v);
        assert_eq!(v, json!({"a": ["", {"b": ""}], "c": 1}));
    }

    #[test]
    fn syntax_errors_do_not_echo_input() {
        let err = parse(ImportFormat::Aegis, "{\"secret\": JBSWY3DP}").unwrap_err();
        assert!(!err.to_string().contains("JBSWY3DP"), "{err}");
    }
}
