//! Google Authenticator migration (`otpauth-migration://`) import and export.

use crate::error::{in_range, OtpError};
use crate::types::OtpAuthUri;
use otpkit::migration::{self, BatchAssembler};
use otpkit::OtpAuthUri as CoreUri;
use std::sync::Mutex;

/// Decodes one migration URI (a single QR code) into accounts.
#[uniffi::export]
pub fn migration_decode(uri: crate::SecretText) -> Result<Vec<OtpAuthUri>, OtpError> {
    Ok(migration::decode(uri.expose())?
        .entries
        .iter()
        .map(OtpAuthUri::from)
        .collect())
}

/// Encodes accounts into migration URIs of at most `batch_size` accounts each (one per QR
/// code; Google Authenticator uses 10).
#[uniffi::export(default(batch_size = 10))]
pub fn migration_encode(
    accounts: Vec<OtpAuthUri>,
    batch_size: i32,
) -> Result<Vec<String>, OtpError> {
    let entries = accounts
        .iter()
        .map(CoreUri::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(migration::encode_with_batch_size(
        &entries,
        in_range(i64::from(batch_size), "batch_size")?,
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
    pub fn add(&self, uri: crate::SecretText) -> Result<(), OtpError> {
        Ok(self.lock().add(uri.expose())?)
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
    pub fn finish(&self) -> Result<Vec<OtpAuthUri>, OtpError> {
        // Finish a copy, so an incomplete batch keeps the parts scanned so far.
        let assembler = self.lock().clone();
        Ok(assembler.finish()?.iter().map(OtpAuthUri::from).collect())
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
