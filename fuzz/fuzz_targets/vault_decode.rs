//! Arbitrary bytes as a vault file: the decoder must return an error or contents, never panic,
//! hang or allocate without bound. Each input is tried twice: as given (exercises the magic,
//! length and checksum checks) and with its checksums repaired (reaches the header and key-slot
//! parser, the KDF limits and the unwrap of the data key). The KDF limits are tiny so a crafted
//! header cannot make one execution slow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit::storage::vault::fuzzing::{decode_and_unlock, fix_checksums};
use otpkit::storage::KdfLimits;

const LIMITS: KdfLimits = KdfLimits {
    max_memory_kib: 64,
    max_iterations: 2,
    max_parallelism: 2,
    max_work_kib: 128,
};

fuzz_target!(|data: &[u8]| {
    let _ = decode_and_unlock(data, "fuzz passphrase", &LIMITS);
    let mut repaired = data.to_vec();
    fix_checksums(&mut repaired);
    let _ = decode_and_unlock(&repaired, "fuzz passphrase", &LIMITS);
});
