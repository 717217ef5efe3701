//! A spinner on standard error while a key is derived (Argon2id, scrypt, PBKDF2 take a noticeable
//! moment by design). Only when standard error is a terminal: scripts and logs see nothing. The
//! line is cleared when the work ends, so it never mixes with the command's own messages.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/// Erases the current terminal line.
const CLEAR: &str = "\r\x1b[2K";

/// Runs `work`, showing `label` with a spinner on standard error if it is a terminal.
pub fn deriving<T>(label: &str, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    with_spinner(std::io::stderr(), label, Duration::from_millis(100), work)
}

/// Runs `work` while another thread draws `label` and a spinner frame on `out` every
/// `interval`; the first frame is drawn at once and the line is cleared at the end.
pub fn with_spinner<W: Write + Send, T>(
    mut out: W,
    label: &str,
    interval: Duration,
    work: impl FnOnce() -> T,
) -> T {
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let drawer = scope.spawn(|| {
            for frame in FRAMES.iter().cycle() {
                if done.load(Ordering::Acquire) {
                    break;
                }
                // A failed write (a closed terminal) is not worth stopping the work for.
                let _ = write!(out, "{CLEAR}{frame} {label}…").and_then(|()| out.flush());
                std::thread::park_timeout(interval);
            }
            let _ = write!(out, "{CLEAR}").and_then(|()| out.flush());
        });
        let result = work();
        done.store(true, Ordering::Release);
        drawer.thread().unpark();
        let _ = drawer.join();
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn draws_frames_while_working_and_clears_the_line() {
        let out = Shared::default();
        let value = with_spinner(out.clone(), "unlocking", Duration::from_millis(5), || {
            std::thread::sleep(Duration::from_millis(60));
            42
        });
        assert_eq!(value, 42);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.starts_with(&format!("{CLEAR}⠋ unlocking…")),
            "{text:?}"
        );
        assert!(text.matches("unlocking").count() >= 2, "{text:?}");
        assert!(text.ends_with(CLEAR), "{text:?}");
    }

    #[test]
    fn quick_work_still_ends_with_a_clear_line() {
        let out = Shared::default();
        with_spinner(out.clone(), "x", Duration::from_secs(60), || ());
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert!(text.ends_with(CLEAR), "{text:?}");
    }
}
