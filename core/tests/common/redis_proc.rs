//! A private `redis-server` child process on a free loopback port, for tests that stop,
//! freeze or restart the server (the shared `OTPKIT_REDIS_URL` server must stay up). Killed
//! and its data directory removed on drop; every wait is bounded.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisProc {
    pub port: u16,
    child: Option<Child>,
    dir: PathBuf,
    args: Vec<String>,
}

/// A port that was free a moment ago (the kernel picks it).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Sends a signal to `pid` with the `kill` utility (no libc dependency).
pub fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig} {pid}");
}

impl RedisProc {
    /// Starts `redis-server` with no persistence and `noeviction`, plus `extra` arguments.
    /// `None` (with a note) when `OTPKIT_REDIS_URL` is unset, i.e. no Redis test environment.
    pub fn start(extra: &[&str]) -> Option<Self> {
        if std::env::var("OTPKIT_REDIS_URL").map_or(true, |u| u.is_empty()) {
            eprintln!("note: OTPKIT_REDIS_URL is not set; skipping (tests/redis/start.sh)");
            return None;
        }
        let dir = std::env::temp_dir().join(format!(
            "otpkit-redis-{}",
            otpkit::server::keys::new_challenge_id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let mut args: Vec<String> = [
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory-policy",
            "noeviction",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args.extend(["--dir".into(), dir.display().to_string()]);
        let mut p = Self {
            port: free_port(),
            child: None,
            dir,
            args,
        };
        p.spawn();
        Some(p)
    }

    fn spawn(&mut self) {
        let child = Command::new("redis-server")
            .args(&self.args)
            .args(["--port", &self.port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server (installed by tests/redis/start.sh)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// Kills the server (SIGKILL: no shutdown save) and starts it again on the same port.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Freezes (SIGSTOP) or thaws (SIGCONT) the server: connections stay open, nothing answers.
    pub fn freeze(&self, frozen: bool) {
        signal(self.pid(), if frozen { "-STOP" } else { "-CONT" });
    }
}

impl Drop for RedisProc {
    fn drop(&mut self) {
        if let Some(c) = &self.child {
            let _ = Command::new("kill")
                .args(["-CONT", &c.id().to_string()])
                .status();
        }
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
