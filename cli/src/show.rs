//! `show QUERY [--copy]` and `copy QUERY`: one account's code, printed and/or put on the
//! clipboard. HOTP: the code for the stored counter is delivered first (written and flushed, or
//! on the clipboard); only then is the counter advanced (docs/decisions.md), so a failed write
//! or a missing clipboard uses nothing.

use crate::clipboard::ClearArgs;
use crate::store::{display, resolve, Mode, Store};
use crate::{note, outln, CliError};
use otpkit::{CodeGenerator, OtpKind};
use serde_json::json;

/// Where the code goes.
struct Deliver {
    print: bool,
    json: bool,
    copy: Option<ClearArgs>,
}

pub fn show(
    store: &Store,
    key: &str,
    at: Option<u64>,
    json: bool,
    copy: Option<ClearArgs>,
) -> Result<(), CliError> {
    let how = Deliver {
        print: true,
        json,
        copy,
    };
    deliver(store, key, at, how)
}

pub fn copy(store: &Store, key: &str, clear: ClearArgs) -> Result<(), CliError> {
    let how = Deliver {
        print: false,
        json: false,
        copy: Some(clear),
    };
    deliver(store, key, None, how)
}

fn deliver(store: &Store, key: &str, at: Option<u64>, how: Deliver) -> Result<(), CliError> {
    if how.copy.is_some() {
        // Before the passphrase prompt and the key derivation: fail fast where there is none.
        crate::clipboard::check_available()?;
    }
    let mut backend = store.open(Mode::Read)?;
    let mut account = resolve(&backend, key)?;
    if matches!(account.params.kind, OtpKind::Hotp { .. }) {
        // Showing an HOTP code uses it: take the writer lock and read the counter under it.
        backend = store.open(Mode::Write)?;
        account = backend
            .list()
            .into_iter()
            .find(|a| a.id == account.id)
            .ok_or_else(|| CliError::input(format!("no account matches {key:?}")))?;
    }
    let secret = backend.secret(&account.id)?;
    let generator = CodeGenerator::new(&secret, account.params).map_err(CliError::input)?;
    let now = at.unwrap_or_else(|| store.clock.now_unix());
    let snap = generator.snapshot_at(now);
    let hotp = matches!(account.params.kind, OtpKind::Hotp { .. });
    let (current, next) = (snap.current.clone(), snap.next.clone());
    let remaining = (!hotp).then_some(snap.remaining);
    if let Some(clear) = &how.copy {
        crate::clipboard::copy(&current, clear)?;
        note!(
            "otpkit: copied the code of {} to the clipboard (cleared in {}s)",
            crate::listing::printable(&display(&account)),
            clear.clear_after
        );
    }
    if how.print && how.json {
        outln!(
            "{}",
            json!({"id": account.id, "name": display(&account), "code": current, "next": next,
            "remaining": remaining, "counter": snap.counter, "warnings": account.warnings})
        )?;
    } else if how.print {
        match remaining {
            Some(r) => outln!("{current}  (next {next}, {r}s left)")?,
            None => outln!("{current}  (counter {}, next {next})", snap.counter)?,
        }
    }
    if hotp {
        backend.bump_counter(&account.id).map_err(|e| {
            CliError::failure(format!(
                "the code was shown but the counter could not be saved (the next show repeats it): {}",
                match e {
                    CliError::Input(m) | CliError::Failure(m) => m,
                }
            ))
        })?;
    }
    Ok(())
}
