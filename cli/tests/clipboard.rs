//! `copy QUERY` / `show --copy`: without a display it is a clear error before the vault is opened
//! and nothing is used; under Xvfb (when installed; required where OTPKIT_REQUIRE_XVFB=1, as in
//! scripts/test.sh) the code really is on the X11 clipboard and is cleared after the timeout.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// RFC 4226's HOTP values for SECRET at counters 0 and 1.
const HOTP_0: &str = "755224";
const HOTP_1: &str = "287082";

struct Env {
    dir: PathBuf,
}

impl Env {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("otpkit-cli-clip-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Env { dir }
    }
    fn cmd(&self, args: &[&str], display: Option<&str>, pass: Option<&str>) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_otpkit"));
        cmd.arg("--vault")
            .arg(self.dir.join("vault.otpkit"))
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("OTPKIT_PASSPHRASE")
            .env("XDG_DATA_HOME", self.dir.join("xdg"))
            .stdin(Stdio::null());
        if let Some(d) = display {
            cmd.env("DISPLAY", d);
        }
        if let Some(p) = pass {
            cmd.env("OTPKIT_PASSPHRASE", p);
        }
        cmd
    }
    fn run(&self, args: &[&str], display: Option<&str>) -> Output {
        self.cmd(args, display, Some("pw")).output().unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args, None);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {o:?}");
        String::from_utf8(o.stdout).unwrap()
    }
    fn add_hotp(&self) {
        self.ok(&[
            "add",
            "--secret",
            SECRET,
            "--issuer",
            "Bank",
            "--label",
            "me",
            "--counter",
            "0",
        ]);
    }
    fn counter(&self) -> u64 {
        let v: Value = serde_json::from_str(&self.ok(&["show", "bank", "--json"])).unwrap();
        v["counter"].as_u64().unwrap()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn without_a_display_copy_is_a_clear_error_and_uses_nothing() {
    let env = Env::new("headless");
    env.add_hotp();
    for args in [&["copy", "bank"][..], &["show", "bank", "--copy"]] {
        // No passphrase given: the error comes before the vault is opened.
        let o = env.cmd(args, None, None).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}: {o:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("no clipboard") && err.contains("DISPLAY"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(o.stdout.is_empty());
    }
    // The HOTP counter was not used: the next show gives counter 0.
    assert_eq!(env.counter(), 0);
}

#[test]
fn clear_after_is_bounded() {
    let env = Env::new("bounds");
    for bad in ["0", "3601", "x"] {
        let o = env.run(&["copy", "bank", "--clear-after", bad], Some(":0"));
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
}

struct Xvfb {
    child: Child,
    display: String,
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
}

/// An Xvfb server on a free display number, or `None` when Xvfb or xclip is not installed.
fn xvfb() -> Option<Xvfb> {
    if !on_path("Xvfb") || !on_path("xclip") {
        assert!(
            std::env::var_os("OTPKIT_REQUIRE_XVFB").is_none(),
            "OTPKIT_REQUIRE_XVFB is set but Xvfb or xclip is missing"
        );
        eprintln!("note: Xvfb or xclip not installed; the real clipboard test did not run");
        return None;
    }
    let base = 60 + std::process::id() % 200;
    for n in base..base + 20 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
            continue;
        }
        let child = Command::new("Xvfb")
            .args([
                &format!(":{n}"),
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "320x240x24",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let x = Xvfb {
            child,
            display: format!(":{n}"),
        };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return Some(x);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("Xvfb did not start");
}

fn clipboard(display: &str) -> Option<String> {
    let o = Command::new("timeout")
        .args(["5", "xclip", "-o", "-selection", "clipboard"])
        .env("DISPLAY", display)
        .output()
        .unwrap();
    o.status
        .success()
        .then(|| String::from_utf8(o.stdout).unwrap())
}

#[test]
fn under_xvfb_the_code_is_on_the_clipboard_then_cleared() {
    let Some(x) = xvfb() else { return };
    let env = Env::new("xvfb");
    env.add_hotp();
    let o = env.run(&["copy", "bank", "--clear-after", "2"], Some(&x.display));
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(o.stdout.is_empty(), "copy printed the code");
    assert!(String::from_utf8_lossy(&o.stderr).contains("copied the code of Bank:me"));
    assert_eq!(clipboard(&x.display).as_deref(), Some(HOTP_0));
    // The counter advanced only after the code was on the clipboard.
    let o = env.run(
        &["show", "bank", "--copy", "--clear-after", "2"],
        Some(&x.display),
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).starts_with(HOTP_1));
    assert_eq!(clipboard(&x.display).as_deref(), Some(HOTP_1));
    // Cleared after the timeout (bounded wait).
    let start = Instant::now();
    loop {
        let now = clipboard(&x.display);
        if now.as_deref() != Some(HOTP_1) {
            assert!(!now.unwrap_or_default().contains(HOTP_1));
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the clipboard was not cleared"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(
        start.elapsed() >= Duration::from_millis(500),
        "cleared too early"
    );
    assert_eq!(env.counter(), 2);
}
