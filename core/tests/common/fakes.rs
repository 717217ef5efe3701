//! The loopback provider fakes (tests/fakes/server.py) for delivery tests: the server the test
//! script started (`OTPKIT_FAKES_URL`), or one spawned for this test binary that stops when
//! the binary exits (its stdin closes). Each test uses its own namespace.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

fn base_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("OTPKIT_FAKES_URL") {
            if !url.is_empty() {
                return url;
            }
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fakes/server.py");
        let mut child = Command::new("python3")
            .args([script, "--exit-on-stdin-eof", "--max-seconds", "900"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the provider fakes");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("fakes print their URL");
        // Keep stdin open for the life of the test binary.
        std::mem::forget(child.stdin.take());
        std::mem::forget(child);
        line.trim().to_owned()
    })
}

/// `name` made unique to this run: a fakes server started by the test script may outlive it,
/// and a namespace used again would not start empty.
pub fn unique_ns(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{name}-{}-{nanos}", std::process::id())
}

/// The JSON list a fakes query endpoint answers.
fn get_json(url: &str) -> Vec<Value> {
    let body = ureq::get(url)
        .call()
        .expect("fake query")
        .body_mut()
        .read_to_string()
        .expect("fake body");
    serde_json::from_str(&body).expect("fake JSON")
}

/// One test's view of the fakes.
pub struct Fakes {
    ns: String,
}

impl Fakes {
    /// Namespace `ns` (unique per test).
    pub fn new(ns: &str) -> Self {
        base_url();
        Self { ns: ns.to_owned() }
    }

    /// The base URL to configure a provider adapter with.
    pub fn base(&self, provider: &str) -> String {
        format!("{}/ns/{}/{provider}", base_url(), self.ns)
    }

    /// Scripts the next answers (see tests/fakes/server.py).
    pub fn control(&self, provider: &str, config: Value) {
        let url = format!("{}/_control/{}/{provider}", base_url(), self.ns);
        ureq::post(&url)
            .header("Content-Type", "application/json")
            .send(config.to_string().as_bytes())
            .expect("fake control");
    }

    fn get(&self, what: &str, provider: &str) -> Vec<Value> {
        get_json(&format!("{}/{what}/{}/{provider}", base_url(), self.ns))
    }

    /// Every request the fake received.
    pub fn requests(&self, provider: &str) -> Vec<Value> {
        self.get("_requests", provider)
    }

    /// Every message the fake accepted.
    pub fn messages(&self, provider: &str) -> Vec<Value> {
        self.get("_messages", provider)
    }

    /// Every documented-shape violation seen in this namespace (must stay empty).
    pub fn violations(&self) -> Vec<Value> {
        get_json(&format!("{}/_violations/{}", base_url(), self.ns))
    }

    /// Asserts that no request in this namespace was off the documented shape.
    pub fn assert_no_violations(&self) {
        assert_eq!(self.violations(), Vec::<Value>::new());
    }

    /// Asserts that exactly one request in this namespace was off the documented shape, and
    /// that its violation mentions `what`.
    pub fn assert_one_violation(&self, what: &str) {
        let v = self.violations();
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0]["violation"].as_str().unwrap().contains(what), "{v:?}");
    }
}
