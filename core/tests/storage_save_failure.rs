//! A save that fails part-way: a child process (this test binary, re-executed) runs under
//! `prlimit --fsize` with SIGXFSZ ignored, so every write past the limit fails with EFBIG while
//! the temporary file is being written. The old vault file must stay byte-for-byte intact, no
//! temporary file may remain, and the writer's in-memory state must roll back.
//!
//! Its own test binary: a child forked while another test holds a vault lock would share that
//! lock until it execs.

use otpkit::storage::{KdfParams, NewAccount, StoreError, Unlock, Vault};
use otpkit::{FixedTimeSource, OtpParams, Secret};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const PW: &str = "correct horse battery staple";

fn clock() -> Arc<FixedTimeSource> {
    Arc::new(FixedTimeSource::new(1_700_000_000))
}

fn secret() -> Secret {
    Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap()
}

fn open_pw(path: &Path) -> Result<Vault, StoreError> {
    Vault::open(path, Unlock::Passphrase(PW), clock())
}

/// Re-executed under `prlimit --fsize` with SIGXFSZ ignored: every write past the limit fails
/// with EFBIG, so the save of a large account fails part-way through the temporary file.
#[test]
fn save_failure_child() {
    let Ok(path) = std::env::var("OTPKIT_SAVE_FAILURE_VAULT") else {
        return;
    };
    let vault = open_pw(Path::new(&path)).unwrap();
    let before = vault.list();
    let mut big = NewAccount::new("big", OtpParams::totp());
    big.note = Some("n".repeat(60_000));
    match vault.add(big, &secret()) {
        Ok(_) => println!("CHILD SAVED"),
        Err(e) => {
            println!("CHILD ERROR {e}");
            if vault.list() == before {
                println!("CHILD ROLLED BACK");
            }
        }
    }
}

#[test]
fn save_failure_leaves_the_old_file() {
    if std::process::Command::new("prlimit")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("note: prlimit (util-linux) not found; skipping the partial-write test");
        return;
    }
    let dir: PathBuf = std::env::temp_dir().join(format!("otpkit-efbig-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("vault.otpkit");
    let vault = Vault::create(&path, PW, KdfParams::insecure_for_tests(), clock()).unwrap();
    for label in ["alice", "bob"] {
        vault
            .add(NewAccount::new(label, OtpParams::totp()), &secret())
            .unwrap();
    }
    drop(vault);
    let before = std::fs::read(&path).unwrap();
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#"trap '' XFSZ; exec prlimit --fsize=8192 -- "$@""#)
        .arg("bash")
        .arg(&exe)
        .args([
            "--exact",
            "save_failure_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("OTPKIT_SAVE_FAILURE_VAULT", &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("CHILD ERROR"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("CHILD ROLLED BACK"), "{stdout}");
    assert!(stdout.contains("write temporary file"), "{stdout}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "old file changed");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(open_pw(&path).unwrap().list().len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}
