//! Fuzzes `otpkit::import` for the steam format (and format detection) with a password, so
//! that the decryption paths run too. KDF limits are tight: parameters read from the input must
//! not turn one run into seconds of key derivation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit::import::{detect_format, import_with_limits, ImportFormat, KdfLimits};

const LIMITS: KdfLimits = KdfLimits {
    max_memory_bytes: 1 << 20,
    max_work_bytes: 4 << 20,
};

fuzz_target!(|data: &[u8]| {
    let _ = detect_format(data);
    let _ = import_with_limits(ImportFormat::Steam, data, Some("pw"), &LIMITS);
});
