//! Crash safety: a writer process (this test binary, re-executed) saves the vault in a loop and is
//! killed with SIGKILL at random moments, many times. After every kill the vault must open with
//! either the last content the writer reported as saved or the one it was writing, and temporary
//! files left by the kill must not get in the way.

use otpkit::storage::{KdfParams, NewAccount, StoreError, Unlock, Vault};
use otpkit::{FixedTimeSource, OtpKind, OtpParams, Secret};
use rand::Rng;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PW: &str = "crash test passphrase";
const CHILD_ENV: &str = "OTPKIT_CRASH_WRITER_VAULT";
const KILLS: usize = 100;

fn clock() -> Arc<FixedTimeSource> {
    Arc::new(FixedTimeSource::new(1_700_000_000))
}

fn counter_of(vault: &Vault) -> u64 {
    let list = vault.list();
    assert_eq!(list.len(), 1, "exactly one account expected");
    match list[0].params.kind {
        OtpKind::Hotp { counter } => counter,
        other => panic!("unexpected kind {other:?}"),
    }
}

/// The writer. Does nothing unless re-executed by `sigkill_during_saves_never_loses_the_vault`.
/// Each iteration rewrites the whole file (the note's length varies so the file size changes)
/// and prints `SAVED n` once the save has returned.
#[test]
fn crash_writer_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let vault = Vault::open(&path, Unlock::Passphrase(PW), clock()).unwrap();
    // Leading newline: libtest has already printed "test crash_writer_child ... " on this line.
    println!("\nREADY {}", counter_of(&vault));
    loop {
        let mut account = vault.list().remove(0);
        let n = match account.params.kind {
            OtpKind::Hotp { counter } => counter + 1,
            _ => unreachable!(),
        };
        account.params = OtpParams::hotp(n);
        account.note = Some("x".repeat((n as usize * 37) % 3000));
        vault.update(&account).unwrap();
        println!("SAVED {n}");
    }
}

/// Kills the writer if the test fails before it does.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn stray_temps(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .count()
}

#[test]
fn sigkill_during_saves_never_loses_the_vault() {
    let dir: PathBuf = std::env::temp_dir().join(format!("otpkit-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("vault.otpkit");
    let vault = Vault::create(&path, PW, KdfParams::insecure_for_tests(), clock()).unwrap();
    vault
        .add(
            NewAccount::new("counter", OtpParams::hotp(0)),
            &Secret::generate(20),
        )
        .unwrap();
    drop(vault);

    let exe = std::env::current_exe().unwrap();
    let mut rng = rand::thread_rng();
    let mut last_seen = 0u64;
    let (mut in_flight_kills, mut kills_with_temps, mut locked_checks) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    for round in 0..KILLS {
        let mut child = KillOnDrop(
            Command::new(&exe)
                .args([
                    "--exact",
                    "crash_writer_child",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, &path)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        let stdout = child.0.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Mostly kill while saves are running; every tenth round, during start-up.
        if round % 10 != 9 {
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                let line = rx
                    .recv_timeout(Duration::from_secs(30))
                    .expect("writer never got ready");
                if line.contains("READY") {
                    break;
                }
                assert!(Instant::now() < deadline, "writer never got ready");
            }
            if round % 25 == 0 {
                // While the writer lives, a second writer is refused.
                match Vault::open(&path, Unlock::Passphrase(PW), clock()) {
                    Err(StoreError::VaultLocked { .. }) => locked_checks += 1,
                    other => panic!("expected VaultLocked, got {other:?}"),
                }
            }
        }
        std::thread::sleep(Duration::from_micros(rng.gen_range(0..80_000)));
        child.0.kill().unwrap(); // SIGKILL
        child.0.wait().unwrap();
        reader.join().unwrap();
        let saved: Vec<u64> = rx
            .try_iter()
            .filter_map(|l| l.split("SAVED ").nth(1).and_then(|n| n.trim().parse().ok()))
            .collect();
        let acknowledged = saved.last().copied().unwrap_or(last_seen);

        if stray_temps(&dir) > 0 {
            kills_with_temps += 1;
        }
        let vault = Vault::open(&path, Unlock::Passphrase(PW), clock())
            .unwrap_or_else(|e| panic!("round {round}: vault does not open after SIGKILL: {e}"));
        let on_disk = counter_of(&vault);
        assert!(
            on_disk == acknowledged || on_disk == acknowledged + 1,
            "round {round}: on disk {on_disk}, writer had acknowledged {acknowledged}"
        );
        assert!(
            on_disk >= last_seen,
            "round {round}: went back from {last_seen} to {on_disk}"
        );
        if on_disk == acknowledged + 1 {
            in_flight_kills += 1;
        }
        assert_eq!(
            stray_temps(&dir),
            0,
            "open should remove stale temporary files"
        );
        last_seen = on_disk;
        drop(vault);
    }
    println!(
        "crash test: {KILLS} SIGKILLs in {:.1}s, {last_seen} saves in total, \
         {kills_with_temps} kills left a temporary file, {in_flight_kills} landed between a \
         completed rename and its acknowledgement, {locked_checks} lock checks",
        started.elapsed().as_secs_f64()
    );
    assert!(last_seen > 0, "the writer never saved");
    let _ = std::fs::remove_dir_all(&dir);
}
