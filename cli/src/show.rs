//! `show QUERY [--copy]` and `copy QUERY`: one account's code, printed and/or put on the
//! clipboard. HOTP follows core's counter policy (`otpkit::storage::Accounts::code`,
//! docs/decisions.md): the counter is saved as used before the code is delivered, so a code is
//! never shown twice; a failed write or clipboard afterwards skips that counter value (said on
//! stderr). A missing clipboard is found before the store is opened and uses nothing.

use crate::clipboard::ClearArgs;
use crate::store::{display, resolve, Store};
use crate::{note, outln, CliError};
use otpkit::storage::AccountCode;
use otpkit::FixedTimeSource;
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
    let clock = FixedTimeSource::new(at.unwrap_or_else(|| store.clock.now_unix()));
    let view = store.open_read()?;
    let account = resolve(&*view, key)?;
    let shown = match view.snapshot(&account.id, &clock)? {
        snap @ AccountCode { code: Some(_), .. } => snap,
        // HOTP: core's counter policy takes the counter under the writer lock and saves it
        // before it hands out the code.
        _ => {
            drop(view);
            store.open_write()?.code(&account.id, &clock)?
        }
    };
    let result = print(&shown, &how);
    if let (Err(_), Some(snap), true) = (&result, &shown.code, shown.remaining().is_none()) {
        note!(
            "otpkit: HOTP counter {} was used; the next show gives counter {}",
            snap.counter,
            snap.counter.saturating_add(1)
        );
    }
    result
}

/// Puts the code on the clipboard and/or prints it.
fn print(shown: &AccountCode, how: &Deliver) -> Result<(), CliError> {
    let (account, remaining) = (&shown.account, shown.remaining());
    let Some(snap) = &shown.code else {
        return Err(CliError::failure("internal error: no code to show"));
    };
    if let Some(clear) = &how.copy {
        crate::clipboard::copy(&snap.current, clear)?;
        note!(
            "otpkit: copied the code of {} to the clipboard (cleared in {}s)",
            crate::listing::printable(&display(account)),
            clear.clear_after
        );
    }
    if how.print && how.json {
        outln!(
            "{}",
            json!({"id": account.id, "name": display(account), "code": snap.current,
            "next": snap.next, "remaining": remaining, "counter": snap.counter,
            "warnings": account.warnings})
        )?;
    } else if how.print {
        match remaining {
            Some(r) => outln!("{}  (next {}, {r}s left)", snap.current, snap.next)?,
            None => outln!(
                "{}  (counter {}, next {})",
                snap.current,
                snap.counter,
                snap.next
            )?,
        }
    }
    Ok(())
}
