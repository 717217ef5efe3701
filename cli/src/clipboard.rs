//! The clipboard (`copy`, `show --copy`), through arboard: X11, Wayland (data-control), macOS,
//! Windows. The code is handed to a detached helper, `otpkit __clipboard-serve`, over a pipe (never
//! on a command line): on X11 and Wayland a selection lives only while its owner runs, and the
//! helper clears the clipboard after `--clear-after` seconds if it still holds the code.
//! Where no clipboard exists (no display) the command fails with a clear error before the vault
//! is opened, so nothing is used.

use crate::CliError;
use clap::Args;

#[derive(Args, Clone, Copy, Debug)]
pub struct ClearArgs {
    /// Seconds until the clipboard is cleared, if it still holds the code (1 to 3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub clear_after: u64,
}

/// Longest code the helper accepts on its standard input.
#[cfg(feature = "clipboard")]
const MAX_CODE_LEN: u64 = 64;

/// Fails when this system has no clipboard this program can reach.
pub fn check_available() -> Result<(), CliError> {
    #[cfg(not(feature = "clipboard"))]
    return Err(CliError::failure(
        "this otpkit was built without clipboard support (cargo feature `clipboard`)",
    ));
    #[cfg(all(
        feature = "clipboard",
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ))]
    {
        let set = |v: &str| std::env::var_os(v).is_some_and(|s| !s.is_empty());
        if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
            return Err(CliError::failure(
                "no clipboard: neither WAYLAND_DISPLAY nor DISPLAY is set (copy needs a graphical session; use `show` to print the code)",
            ));
        }
    }
    #[cfg(feature = "clipboard")]
    Ok(())
}

/// Puts `code` on the clipboard through a detached helper that clears it after the timeout.
/// Returns once the helper reports that the clipboard holds the code.
#[cfg(feature = "clipboard")]
pub fn copy(code: &str, clear: &ClearArgs) -> Result<(), CliError> {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};
    check_available()?;
    let exe = std::env::current_exe()
        .map_err(|e| CliError::failure(format!("cannot start the clipboard helper: {e}")))?;
    let mut cmd = Command::new(exe);
    cmd.args(["__clipboard-serve", "--clear-after"])
        .arg(clear.clear_after.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        // Its own process group: a Ctrl-C in the shell after `copy` returned does not end it.
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| CliError::failure(format!("cannot start the clipboard helper: {e}")))?;
    let sent = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(format!("{code}\n").as_bytes()));
    let mut reply = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out.take(4096)).read_line(&mut reply);
    }
    match reply.trim_end().strip_prefix("error: ") {
        _ if reply.trim_end() == "ok" => Ok(()),
        Some(msg) => {
            let _ = child.wait();
            Err(CliError::failure(msg))
        }
        None => {
            let _ = child.wait();
            Err(CliError::failure(format!(
                "the clipboard helper stopped without an answer{}",
                match sent {
                    Some(Err(e)) => format!(" ({e})"),
                    _ => String::new(),
                }
            )))
        }
    }
}

#[cfg(not(feature = "clipboard"))]
pub fn copy(_code: &str, _clear: &ClearArgs) -> Result<(), CliError> {
    check_available()
}

/// The helper: reads the code on stdin, puts it on the clipboard, answers `ok` (or
/// `error: ...`) on stdout, keeps the selection alive, and clears it after the timeout if the
/// clipboard still holds the code.
#[cfg(feature = "clipboard")]
pub fn serve(clear: ClearArgs) -> Result<(), CliError> {
    use std::io::{Read, Write};
    use subtle::ConstantTimeEq;
    use zeroize::Zeroizing;
    let answer = |line: &str| -> Result<(), CliError> {
        let mut out = std::io::stdout().lock();
        out.write_all(line.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush())
            .map_err(CliError::failure)
    };
    let mut raw = Zeroizing::new(Vec::new());
    std::io::stdin()
        .take(MAX_CODE_LEN + 2)
        .read_to_end(&mut raw)
        .map_err(CliError::failure)?;
    let code = Zeroizing::new(String::from_utf8_lossy(&raw).trim().to_owned());
    if code.is_empty() || code.len() as u64 > MAX_CODE_LEN {
        return answer("error: the clipboard helper got no code");
    }
    let mut board = match arboard::Clipboard::new() {
        Ok(b) => b,
        Err(e) => return answer(&format!("error: cannot open the clipboard: {e}")),
    };
    if let Err(e) = board.set_text(code.as_str()) {
        return answer(&format!("error: cannot set the clipboard: {e}"));
    }
    answer("ok")?;
    std::thread::sleep(std::time::Duration::from_secs(clear.clear_after));
    let still_ours = board
        .get_text()
        .map(|t| {
            let t = Zeroizing::new(t);
            bool::from(t.as_bytes().ct_eq(code.as_bytes()))
        })
        .unwrap_or(false);
    if still_ours {
        let _ = board.clear();
    }
    Ok(())
}
