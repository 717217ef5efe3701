//! Google Authenticator migration (`otpauth-migration://`) import and export.

use crate::error::OtpError;
use crate::types::OtpAccount;
use otpkit::migration::{self, BatchAssembler};
use otpkit::OtpAuthUri;
use std::sync::Mutex;

/// Decodes one migration URI (a single QR code) into accounts.
#[uniffi::export]
pub fn migration_decode(uri: String) -> Result<Vec<OtpAccount>, OtpError> {
    Ok(migration::decode(&uri)?
        .entries
        .iter()
        .map(OtpAccount::from)
        .collect())
}

/// Encodes accounts into migration URIs of at most `batch_size` accounts each (one per QR code).
#[uniffi::export]
pub fn migration_encode(
    accounts: Vec<OtpAccount>,
    batch_size: u32,
) -> Result<Vec<String>, OtpError> {
    let entries = accounts
        .iter()
        .map(OtpAuthUri::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(migration::encode_with_batch_size(
        &entries,
        batch_size.max(1) as usize,
        migration::random_batch_id(),
    )?)
}

/// Collects the parts of a multi-QR export in any order and reports missing ones.
#[derive(Debug, uniffi::Object)]
pub struct MigrationAssembler {
    inner: Mutex<BatchAssembler>,
}

#[uniffi::export]
impl MigrationAssembler {
    #[uniffi::constructor]
    pub fn new() -> Self {
        Self {
            inner: Mutex::new(BatchAssembler::new()),
        }
    }

    /// Adds one scanned migration URI.
    pub fn add(&self, uri: String) -> Result<(), OtpError> {
        Ok(self.lock().add(&uri)?)
    }

    /// Batch indices not yet added (empty before the first part).
    pub fn missing(&self) -> Vec<i32> {
        self.lock().missing()
    }

    /// True when every part of the batch has been added.
    pub fn is_complete(&self) -> bool {
        self.lock().is_complete()
    }

    /// All accounts in batch order; `IncompleteBatch` while parts are missing.
    pub fn finish(&self) -> Result<Vec<OtpAccount>, OtpError> {
        // Finish a copy, so an incomplete batch keeps the parts scanned so far.
        let assembler = self.lock().clone();
        Ok(assembler.finish()?.iter().map(OtpAccount::from).collect())
    }
}

impl Default for MigrationAssembler {
    fn default() -> Self {
        Self::new()
    }
}

impl MigrationAssembler {
    fn lock(&self) -> std::sync::MutexGuard<'_, BatchAssembler> {
        // A poisoned lock only means another thread panicked mid-call; the data is still usable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}
