//! Delivering out-of-band codes: provider adapters (Twilio, Vonage, Bird/MessageBird,
//! SleekFlow, Textlocal, Dexatel, LabsMobile), sender-id rules, delivery-report webhooks and
//! channel fallback. Feature `delivery`.
//!
//! * [`Provider`]: a vendor's HTTP API as pure functions (message → request, response →
//!   message id, webhook → verified [`DeliveryReport`]s). No adapter does I/O.
//! * [`HttpSender`]: runs an adapter over a [`Transport`] ([`UreqTransport`]: rustls, no
//!   redirects, loopback-only plain HTTP, capped bodies) with a timeout and retries with
//!   backoff, repeating a request that may have reached the provider only where the provider
//!   documents idempotency ([`Idempotency`]).
//! * [`Dispatcher`]: per-purpose [`FallbackPolicy`] (e.g. SMS → WhatsApp → voice, each step
//!   waiting for a delivered receipt), issuing and re-sending through `OobCodes` with every
//!   send limit and cooldown counted, a fresh code per send, the delivery log in the server
//!   store, and receipts read from webhooks into it (module [`dispatch`]).
//! * [`SenderId`]: alphanumeric sender names, numbers and short codes with the generic,
//!   per-country and per-provider rules, as typed errors.
//!
//! ```
//! use otpkit::delivery::{
//!     Accepted, DeliveryReport, DeliveryStatus, HttpRequest, HttpResponse, HttpSender, Method,
//!     OutboundMessage, PhoneNumber, Provider, ProviderKind, RetryPolicy, SendError, Sender,
//!     SenderId, ThreadPause, Transport, TransportError, WebhookError, WebhookRequest,
//! };
//! use otpkit::server::Channel;
//! use std::time::Duration;
//!
//! // A toy adapter and a transport that answers like the provider would.
//! #[derive(Debug)]
//! struct Toy;
//! impl Provider for Toy {
//!     fn kind(&self) -> ProviderKind { ProviderKind::Textlocal }
//!     fn supports(&self, c: Channel) -> bool { c == Channel::Sms }
//!     fn request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
//!         Ok(HttpRequest::new(Method::Post, "https://sms.example/send")
//!             .form(&[("to", &m.to.e164()), ("text", m.text)]))
//!     }
//!     fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
//!         Ok(Accepted { provider: self.kind(), message_id: String::from_utf8_lossy(&r.body).into(),
//!                       status: DeliveryStatus::Accepted })
//!     }
//!     fn receipt(&self, _: &WebhookRequest<'_>, _: u64) -> Result<Vec<DeliveryReport>, WebhookError> {
//!         Ok(vec![])
//!     }
//! }
//! struct Answer;
//! impl Transport for Answer {
//!     fn execute(&self, _: &HttpRequest, _: Duration) -> Result<HttpResponse, TransportError> {
//!         Ok(HttpResponse { status: 200, headers: vec![], body: b"msg-1".to_vec() })
//!     }
//! }
//!
//! let sender = HttpSender::with_parts(Toy, Answer, ThreadPause, RetryPolicy::default()).unwrap();
//! let to = PhoneNumber::parse("+44 7700 900123").unwrap();
//! let from = SenderId::parse("Acme").unwrap();
//! let message = OutboundMessage {
//!     channel: Channel::Sms, to: &to, from: &from, text: "482913 is your Acme code",
//!     code: "482913", reference: "ch1.0", callback_url: None,
//! };
//! assert_eq!(sender.send(&message).unwrap().message_id, "msg-1");
//! ```

pub mod dispatch;
pub mod dispatch_async;
pub mod dispatch_types;
pub mod error;
pub mod fallback;
pub mod http;
pub mod message;
pub mod provider;
pub mod providers;
pub mod receipt;
pub mod sender;
pub mod sender_id;
#[cfg(test)]
mod sender_tests;

pub use dispatch::{DeliveryState, DispatchConfig, DispatchError, Dispatcher, Progress, Started};
pub use dispatch_async::{OwnedBinding, OwnedWebhookRequest};
pub use error::{SendError, TransportError, WebhookError};
pub use fallback::{FallbackPolicy, FallbackStep, MessageTemplate};
pub use http::{HttpRequest, HttpResponse, Method, Transport, UreqTransport};
pub use message::{OutboundMessage, PhoneNumber};
pub use provider::{Accepted, Idempotency, Provider, ProviderKind};
pub use receipt::{DeliveryReport, DeliveryStatus, WebhookRequest};
pub use sender::{check_sender_id, unblock, HttpSender, Pause, RetryPolicy, Sender, ThreadPause};
pub use sender_id::{SenderId, SenderIdError};
