//! Arbitrary bytes as a decrypted vault payload (the JSON inside the encryption): parsing must
//! return an error or contents, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit::storage::vault::fuzzing::decode_payload;

fuzz_target!(|data: &[u8]| {
    let _ = decode_payload(data);
});
