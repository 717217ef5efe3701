//! Async forms of the [`Dispatcher`] operations: each runs the blocking call on the
//! `blocking` thread pool ([`super::unblock`]), executor-agnostic, with owned arguments and the
//! dispatcher in an [`Arc`].

use super::dispatch::{DeliveryState, DispatchError, Dispatcher, Progress, Started};
use super::error::WebhookError;
use super::message::PhoneNumber;
use super::provider::ProviderKind;
use super::receipt::WebhookRequest;
use super::sender::unblock;
use crate::clock::TimeSource;
use crate::server::{Binding, DeliveryUpdate, Store};
use std::fmt;
use std::sync::Arc;

/// An owned [`Binding`] (purpose, subject, transaction bytes), for the async forms.
#[derive(Clone, PartialEq, Eq)]
pub struct OwnedBinding {
    pub purpose: String,
    pub subject: String,
    pub transaction: Vec<u8>,
}

impl OwnedBinding {
    /// A binding without a transaction.
    pub fn new(purpose: impl Into<String>, subject: impl Into<String>) -> Self {
        Self {
            purpose: purpose.into(),
            subject: subject.into(),
            transaction: Vec::new(),
        }
    }

    /// Builder: bind to a transaction's canonical bytes.
    pub fn with_transaction(mut self, transaction: impl Into<Vec<u8>>) -> Self {
        self.transaction = transaction.into();
        self
    }

    /// The borrowed form.
    pub fn as_binding(&self) -> Binding<'_> {
        Binding::new(&self.purpose, &self.subject).with_transaction(&self.transaction)
    }
}

impl fmt::Debug for OwnedBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedBinding")
            .field("purpose", &self.purpose)
            .field("subject", &"<redacted>")
            .field(
                "transaction",
                &format_args!("<{} bytes>", self.transaction.len()),
            )
            .finish()
    }
}

/// An owned [`WebhookRequest`], for [`Dispatcher::receipt_async`].
#[derive(Clone, PartialEq, Eq)]
pub struct OwnedWebhookRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl OwnedWebhookRequest {
    /// The borrowed form.
    pub fn as_request(&self) -> WebhookRequest<'_> {
        WebhookRequest {
            method: &self.method,
            url: &self.url,
            headers: &self.headers,
            body: &self.body,
        }
    }
}

impl fmt::Debug for OwnedWebhookRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The query may carry a shared token: shown as the borrowed form shows it.
        fmt::Debug::fmt(&self.as_request(), f)
    }
}

impl<S: Store + 'static, C: TimeSource + 'static> Dispatcher<S, C> {
    /// [`Dispatcher::start`] on the blocking pool.
    pub async fn start_async(
        self: Arc<Self>,
        binding: OwnedBinding,
        to: PhoneNumber,
        ip: Option<String>,
        country: Option<String>,
        now: u64,
    ) -> Result<Started, DispatchError> {
        unblock(move || {
            self.start(
                &binding.as_binding(),
                &to,
                ip.as_deref(),
                country.as_deref(),
                now,
            )
        })
        .await
    }

    /// [`Dispatcher::advance`] on the blocking pool.
    pub async fn advance_async(
        self: Arc<Self>,
        challenge_id: String,
        binding: OwnedBinding,
        to: PhoneNumber,
        ip: Option<String>,
        country: Option<String>,
        now: u64,
    ) -> Result<Progress, DispatchError> {
        unblock(move || {
            let b = binding.as_binding();
            self.advance(
                &challenge_id,
                &b,
                &to,
                ip.as_deref(),
                country.as_deref(),
                now,
            )
        })
        .await
    }

    /// [`Dispatcher::resend`] on the blocking pool.
    pub async fn resend_async(
        self: Arc<Self>,
        challenge_id: String,
        binding: OwnedBinding,
        to: PhoneNumber,
        ip: Option<String>,
        country: Option<String>,
        now: u64,
    ) -> Result<Progress, DispatchError> {
        unblock(move || {
            let b = binding.as_binding();
            self.resend(
                &challenge_id,
                &b,
                &to,
                ip.as_deref(),
                country.as_deref(),
                now,
            )
        })
        .await
    }

    /// [`Dispatcher::receipt`] on the blocking pool.
    pub async fn receipt_async(
        self: Arc<Self>,
        provider: ProviderKind,
        request: OwnedWebhookRequest,
        now: u64,
    ) -> Result<Vec<DeliveryUpdate>, WebhookError> {
        unblock(move || self.receipt(provider, &request.as_request(), now)).await
    }

    /// [`Dispatcher::status`] on the blocking pool.
    pub async fn status_async(
        self: Arc<Self>,
        challenge_id: String,
        now: u64,
    ) -> Result<DeliveryState, DispatchError> {
        unblock(move || self.status(&challenge_id, now)).await
    }
}
