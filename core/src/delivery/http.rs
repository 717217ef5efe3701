//! HTTP requests as data, and the [`Transport`] that performs them ([`UreqTransport`]: `ureq`
//! with rustls, no redirects, a whole-exchange timeout and a capped response body).
//!
//! Provider adapters only build [`HttpRequest`]s and read [`HttpResponse`]s, so every adapter
//! is tested without a network, and every transport rule (TLS, loopback-only plain HTTP, body
//! cap, timeouts) lives here once.

use super::error::TransportError;
use std::fmt;
use std::time::Duration;
use zeroize::Zeroizing;

/// Largest response body read from a provider (bytes); longer answers are cut there.
pub const MAX_RESPONSE_BODY: u64 = 64 * 1024;

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// One request header. `sensitive` values (credentials) are wiped on drop and redacted.
#[derive(Clone)]
pub struct Header {
    pub name: String,
    pub value: Zeroizing<String>,
    pub sensitive: bool,
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sensitive {
            write!(f, "{}: <redacted>", self.name)
        } else {
            write!(f, "{}: {}", self.name, self.value.as_str())
        }
    }
}

/// A request to a provider. The body holds the code: it is wiped on drop and never printed.
#[derive(Clone)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute `https://` URL (plain `http://` only to a loopback host, for local fakes).
    pub url: String,
    pub headers: Vec<Header>,
    pub body: Zeroizing<Vec<u8>>,
}

impl HttpRequest {
    /// A request without headers or body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Zeroizing::new(Vec::new()),
        }
    }

    /// Builder: a plain header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push(Header {
            name: name.to_owned(),
            value: Zeroizing::new(value.into()),
            sensitive: false,
        });
        self
    }

    /// Builder: a credential header (redacted in `Debug`).
    pub fn secret_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push(Header {
            name: name.to_owned(),
            value: Zeroizing::new(value.into()),
            sensitive: true,
        });
        self
    }

    /// Builder: `Authorization: Basic base64(user:password)`.
    pub fn basic_auth(self, user: &str, password: &str) -> Self {
        use base64::Engine as _;
        let raw = Zeroizing::new(format!("{user}:{password}"));
        let token = base64::engine::general_purpose::STANDARD.encode(raw.as_bytes());
        self.secret_header("Authorization", format!("Basic {token}"))
    }

    /// Builder: an `application/x-www-form-urlencoded` body of `fields` (in order).
    pub fn form(mut self, fields: &[(&str, &str)]) -> Self {
        let mut enc = form_urlencoded::Serializer::new(String::new());
        for (k, v) in fields {
            enc.append_pair(k, v);
        }
        self.body = Zeroizing::new(enc.finish().into_bytes());
        self.header("Content-Type", "application/x-www-form-urlencoded")
    }

    /// Builder: a JSON body.
    pub fn json(mut self, value: &serde_json::Value) -> Self {
        self.body = Zeroizing::new(value.to_string().into_bytes());
        self.header("Content-Type", "application/json")
    }

    /// The first header named `name` (ASCII case-insensitive).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &redact_query(&self.url))
            .field("headers", &self.headers)
            .field(
                "body",
                &format_args!("<redacted, {} bytes>", self.body.len()),
            )
            .finish()
    }
}

/// `url` without its query (which may carry a recipient or a token).
fn redact_query(url: &str) -> &str {
    url.split_once('?').map_or(url, |(base, _)| base)
}

/// A provider's answer (body cut at [`MAX_RESPONSE_BODY`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (give it lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// `Retry-After` in seconds, when given as a number.
    pub fn retry_after(&self) -> Option<u64> {
        self.header("retry-after")?.trim().parse().ok()
    }
}

/// Performs one HTTP exchange. Implementations must not follow redirects and must stop after
/// `timeout` for the whole exchange.
pub trait Transport: Send + Sync {
    fn execute(
        &self,
        request: &HttpRequest,
        timeout: Duration,
    ) -> Result<HttpResponse, TransportError>;
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn execute(&self, r: &HttpRequest, t: Duration) -> Result<HttpResponse, TransportError> {
        (**self).execute(r, t)
    }
}

impl<T: Transport + ?Sized> Transport for &T {
    fn execute(&self, r: &HttpRequest, t: Duration) -> Result<HttpResponse, TransportError> {
        (**self).execute(r, t)
    }
}

/// Whether `url` may be requested: `https://` anywhere, `http://` only to a loopback host.
pub fn check_url(url: &str) -> Result<(), TransportError> {
    if let Some(rest) = url.strip_prefix("https://") {
        return if host_of(rest).is_empty() {
            Err(TransportError::Refused("URL without a host"))
        } else {
            Ok(())
        };
    }
    if let Some(rest) = url.strip_prefix("http://") {
        return match host_of(rest) {
            "127.0.0.1" | "localhost" | "[::1]" => Ok(()),
            _ => Err(TransportError::Refused(
                "plain http is allowed only to a loopback host",
            )),
        };
    }
    Err(TransportError::Refused("URL must start with https://"))
}

fn host_of(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if authority.starts_with('[') {
        return authority.find(']').map_or(authority, |i| &authority[..=i]);
    }
    authority.split(':').next().unwrap_or("")
}

/// The default transport: `ureq` with rustls (webpki roots), no redirects, no proxy from the
/// environment, a whole-exchange timeout, and responses cut at [`MAX_RESPONSE_BODY`].
#[derive(Debug, Clone, Default)]
pub struct UreqTransport {
    _private: (),
}

impl UreqTransport {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Transport for UreqTransport {
    fn execute(
        &self,
        request: &HttpRequest,
        timeout: Duration,
    ) -> Result<HttpResponse, TransportError> {
        check_url(&request.url)?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .proxy(None)
            .user_agent(concat!("otpkit/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        for h in &request.headers {
            builder = builder.header(h.name.as_str(), h.value.as_str());
        }
        let req = builder
            .body(request.body.to_vec())
            .map_err(|_| TransportError::Refused("malformed request"))?;
        let mut response = agent.run(req).map_err(map_ureq_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(n, v)| {
                Some((n.as_str().to_ascii_lowercase(), v.to_str().ok()?.to_owned()))
            })
            .collect();
        let mut body = Vec::new();
        {
            use std::io::Read as _;
            let reader = response.body_mut().as_reader();
            reader
                .take(MAX_RESPONSE_BODY)
                .read_to_end(&mut body)
                .map_err(|e| map_io_error(&e))?;
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

fn map_ureq_error(e: ureq::Error) -> TransportError {
    match e {
        ureq::Error::Timeout(_) => TransportError::Timeout,
        ureq::Error::HostNotFound => TransportError::Connect("host not found".into()),
        ureq::Error::ConnectionFailed => TransportError::Connect("connection failed".into()),
        ureq::Error::Tls(m) => TransportError::Connect(format!("TLS: {m}")),
        ureq::Error::Rustls(e) => TransportError::Connect(format!("TLS: {e}")),
        ureq::Error::Io(e) => map_io_error(&e),
        other => TransportError::Io(other.to_string()),
    }
}

fn map_io_error(e: &std::io::Error) -> TransportError {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionRefused | AddrNotAvailable | NotFound => {
            TransportError::Connect(e.kind().to_string())
        }
        TimedOut | WouldBlock => TransportError::Timeout,
        _ => TransportError::Io(e.kind().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http() {
        assert!(check_url("https://api.twilio.com/2010-04-01").is_ok());
        assert!(check_url("http://127.0.0.1:8080/twilio").is_ok());
        assert!(check_url("http://localhost/x").is_ok());
        assert!(check_url("http://[::1]:99/x").is_ok());
        for bad in [
            "http://api.twilio.com/x",
            "http://127.0.0.1.evil.example/x",
            "http://user@evil.example/x",
            "ftp://x",
            "https://",
            "api.twilio.com",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn debug_hides_credentials_body_and_query() {
        let r = HttpRequest::new(Method::Post, "https://x.example/send?to=+447700900123")
            .basic_auth("AC123", "s3cr3t-token")
            .form(&[("Body", "Your code is 123456")]);
        let d = format!("{r:?}");
        assert!(!d.contains("s3cr3t") && !d.contains("123456") && !d.contains("447700"));
        assert!(d.contains("Authorization: <redacted>"));
        assert_eq!(
            std::str::from_utf8(&r.body).unwrap(),
            "Body=Your+code+is+123456"
        );
        assert_eq!(
            r.header_value("content-type"),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn connection_refused_is_not_sent() {
        // A port nothing listens on: bind, learn the port, close.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let r = HttpRequest::new(Method::Get, format!("http://127.0.0.1:{port}/"));
        let e = UreqTransport::new()
            .execute(&r, Duration::from_secs(2))
            .unwrap_err();
        assert!(!e.maybe_sent(), "{e:?}");
    }

    #[test]
    fn refuses_plain_http_to_other_hosts_before_connecting() {
        let r = HttpRequest::new(Method::Get, "http://example.com/");
        assert!(matches!(
            UreqTransport::new().execute(&r, Duration::from_secs(1)),
            Err(TransportError::Refused(_))
        ));
    }
}
