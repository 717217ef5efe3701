//! A loopback webhook listener for delivery tests: binds 127.0.0.1:0, answers 200 to each
//! HTTP request it gets and hands the request over a channel. The listener gives up by itself
//! ([`LISTEN_FOR`]), and a test waits at most [`WAIT`] for a request, so nothing hangs.
#![allow(dead_code)]

use otpkit::delivery::{DeliveryReport, WebhookError, WebhookRequest};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a listener accepts connections.
pub const LISTEN_FOR: Duration = Duration::from_secs(30);
/// How long [`Hook::recv`] waits for a request.
pub const WAIT: Duration = Duration::from_secs(10);
/// Largest body read.
const MAX_BODY: usize = 1 << 20;

/// One HTTP request as the listener received it.
#[derive(Debug, Clone)]
pub struct Captured {
    pub method: String,
    /// Path with query, as in the request line.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Captured {
    /// The request as a [`WebhookRequest`] received at `url`.
    pub fn webhook<'a>(&'a self, url: &'a str) -> WebhookRequest<'a> {
        WebhookRequest {
            method: &self.method,
            url,
            headers: &self.headers,
            body: &self.body,
        }
    }

    /// The same request with `f` applied to its body as text.
    pub fn with_body(&self, f: impl FnOnce(String) -> String) -> Self {
        Self {
            body: f(String::from_utf8(self.body.clone()).unwrap()).into_bytes(),
            ..self.clone()
        }
    }

    /// The same request without the header `name`.
    pub fn without_header(&self, name: &str) -> Self {
        Self {
            headers: self
                .headers
                .iter()
                .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }
}

/// A running listener.
pub struct Hook {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    rx: mpsc::Receiver<Captured>,
}

impl Hook {
    /// Starts a listener on a free loopback port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        listener.set_nonblocking(true).unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let deadline = Instant::now() + LISTEN_FOR;
            while Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let Some(captured) = serve(stream) else {
                            continue;
                        };
                        if tx.send(captured).is_err() {
                            return; // the test is over
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Self { base, rx }
    }

    /// The URL of `path_and_query` on this listener.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base)
    }

    /// The next request, waiting at most [`WAIT`] (the test fails, not hangs).
    pub fn recv(&self) -> Captured {
        self.rx
            .recv_timeout(WAIT)
            .unwrap_or_else(|e| panic!("no webhook within {WAIT:?}: {e}"))
    }
}

/// Reads one request from `stream` and answers 200; `None` if it is not HTTP.
fn serve(stream: TcpStream) -> Option<Captured> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map_or(Some(0), |(_, v)| v.parse().ok())?;
    let mut body = vec![0; len.min(MAX_BODY)];
    reader.read_exact(&mut body).ok()?;
    let mut stream = reader.into_inner();
    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    Some(Captured {
        method,
        path,
        headers,
        body,
    })
}

/// A webhook request from its parts.
pub fn request<'a>(
    method: &'a str,
    url: &'a str,
    headers: &'a [(String, String)],
    body: &'a [u8],
) -> WebhookRequest<'a> {
    WebhookRequest {
        method,
        url,
        headers,
        body,
    }
}

/// A webhook POST from its parts.
pub fn post<'a>(
    url: &'a str,
    headers: &'a [(String, String)],
    body: &'a [u8],
) -> WebhookRequest<'a> {
    request("POST", url, headers, body)
}

/// `result` is a webhook refused as unauthenticated (forged, tampered, unsigned, replayed).
pub fn assert_unauthenticated(result: Result<Vec<DeliveryReport>, WebhookError>) {
    assert!(
        matches!(result, Err(WebhookError::Unauthenticated(_))),
        "{result:?}"
    );
}
