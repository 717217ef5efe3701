//! Code generation and verification cost, against a raw SHA-1 baseline and totp-rs.
//!
//!     cargo bench -p otpkit --bench codes -- --warm-up-time 1 --measurement-time 3
//!
//! All cases use HMAC-SHA1, 6 digits and the 20-byte RFC 6238 secret.
//!
//! * `generate/sha1_4_compressions`: four SHA-1 block compressions, the floor for a code computed
//!   from scratch (HMAC key schedule: ipad + opad blocks; then one inner and one outer block).
//! * `generate/sha1_hmac_shaped_4_compressions`: the same four compressions with HMAC's data
//!   dependencies (ipad and opad blocks from the initial state, then the inner block, then an outer
//!   block built from the inner digest), without any HMAC/digest crate overhead. This is the honest
//!   floor: the outer compression cannot start before the inner one has finished.
//! * `generate/sha1_hmac_shaped_2_compressions`: the pre-keyed part of the above (inner + outer).
//! * `generate/otpkit_totp_fn`: `otpkit::totp`, i.e. params check + key schedule + code + `String`.
//! * `generate/otpkit_generator_code_at`: pre-keyed `CodeGenerator::code_at` (two compressions).
//! * `generate/totp_rs_generate`: totp-rs 5 `TOTP::generate` (keys the HMAC on every call).
//! * `verify/*`: ±1 step. otpkit always computes all three candidates (constant time); totp-rs
//!   stops at the first match, so it is measured both with a code from the current step (2 of 3
//!   candidates computed) and with a wrong code (3 of 3).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use otpkit::{CodeGenerator, OtpParams, Secret};
use totp_rs::{Algorithm as TrAlgorithm, TOTP};

const KEY: &[u8; 20] = b"12345678901234567890";
const T: u64 = 1_234_567_890;
/// SHA-1 initial hash value (FIPS 180-4 §5.3.1).
const SHA1_H0: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];

/// One SHA-1 block holding `data` as the tail of a message whose first 64 bytes were a key block.
#[inline(always)]
fn final_block(data: &[u8]) -> [u8; 64] {
    let mut block = [0u8; 64];
    block[..data.len()].copy_from_slice(data);
    block[data.len()] = 0x80;
    block[56..].copy_from_slice(&((64 + data.len() as u64) * 8).to_be_bytes());
    block
}

#[inline(always)]
fn digest_bytes(state: &[u32; 5]) -> [u8; 20] {
    let mut out = [0u8; 20];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// HMAC-SHA1(key, counter) from pre-computed padded-key states: two dependent compressions.
#[inline(always)]
fn hmac_sha1_prekeyed(inner: &[u32; 5], outer: &[u32; 5], counter: u64) -> [u32; 5] {
    let mut s = *inner;
    sha1::block_api::compress(&mut s, &[final_block(&counter.to_be_bytes())]);
    let mut o = *outer;
    sha1::block_api::compress(&mut o, &[final_block(&digest_bytes(&s))]);
    o
}

/// The padded-key states for a key of at most 64 bytes: two independent compressions.
#[inline(always)]
fn hmac_sha1_key_schedule(key: &[u8]) -> ([u32; 5], [u32; 5]) {
    let mut k = [0u8; 64];
    k[..key.len()].copy_from_slice(key);
    let (mut inner, mut outer) = (SHA1_H0, SHA1_H0);
    sha1::block_api::compress(&mut inner, &[k.map(|b| b ^ 0x36)]);
    sha1::block_api::compress(&mut outer, &[k.map(|b| b ^ 0x5c)]);
    (inner, outer)
}

fn fixtures() -> (Secret, OtpParams, CodeGenerator, TOTP) {
    let secret = Secret::from_bytes(KEY.to_vec()).unwrap();
    let params = OtpParams::totp();
    let generator = CodeGenerator::new(&secret, params).unwrap();
    // skew = 1: check() accepts the previous, current and next step, like verify_at(.., 1).
    let totp_rs = TOTP::new(TrAlgorithm::SHA1, 6, 1, 30, KEY.to_vec()).unwrap();
    assert_eq!(generator.code_at(T).as_str(), totp_rs.generate(T));
    (secret, params, generator, totp_rs)
}

fn generate(c: &mut Criterion) {
    let (secret, params, generator, totp_rs) = fixtures();
    let mut group = c.benchmark_group("generate");

    let blocks = [[0x5au8; 64]; 4];
    group.bench_function("sha1_4_compressions", |b| {
        b.iter(|| {
            let mut state = SHA1_H0;
            sha1::block_api::compress(&mut state, black_box(&blocks));
            state
        })
    });
    let (inner, outer) = hmac_sha1_key_schedule(KEY);
    // Same bytes as the real HMAC (dynamic truncation of this MAC gives the RFC value).
    let mac = digest_bytes(&hmac_sha1_prekeyed(&inner, &outer, 1));
    let offset = (mac[19] & 0x0f) as usize;
    let value = u32::from_be_bytes(mac[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    assert_eq!(value, 1_094_287_082); // RFC 4226 Appendix D, counter 1
    group.bench_function("sha1_hmac_shaped_4_compressions", |b| {
        b.iter(|| {
            let (inner, outer) = hmac_sha1_key_schedule(black_box(KEY));
            hmac_sha1_prekeyed(&inner, &outer, black_box(T / 30))
        })
    });
    group.bench_function("sha1_hmac_shaped_2_compressions", |b| {
        b.iter(|| hmac_sha1_prekeyed(black_box(&inner), black_box(&outer), black_box(T / 30)))
    });
    group.bench_function("otpkit_totp_fn", |b| {
        b.iter(|| otpkit::totp(black_box(&secret), black_box(params), black_box(T)).unwrap())
    });
    group.bench_function("otpkit_generator_new", |b| {
        b.iter(|| CodeGenerator::new(black_box(&secret), black_box(params)).unwrap())
    });
    group.bench_function("otpkit_generator_code_at", |b| {
        b.iter(|| black_box(&generator).code_at(black_box(T)))
    });
    group.bench_function("otpkit_generator_code_at_to_string", |b| {
        b.iter(|| black_box(&generator).code_at(black_box(T)).to_string())
    });
    group.bench_function("totp_rs_generate", |b| {
        b.iter(|| black_box(&totp_rs).generate(black_box(T)))
    });
    group.finish();
}

fn verify(c: &mut Criterion) {
    let (_, _, generator, totp_rs) = fixtures();
    let good = generator.code_at(T).to_string();
    let bad = if good == "000000" { "000001" } else { "000000" }.to_string();
    assert_eq!(generator.verify_at(&good, T, 1).unwrap(), Some(0));
    assert_eq!(generator.verify_at(&bad, T, 1).unwrap(), None);
    assert!(totp_rs.check(&good, T) && !totp_rs.check(&bad, T));

    let mut group = c.benchmark_group("verify_window_1");
    group.bench_function("otpkit_verify_at_valid", |b| {
        b.iter(|| {
            black_box(&generator)
                .verify_at(black_box(&good), black_box(T), 1)
                .unwrap()
        })
    });
    group.bench_function("otpkit_verify_at_invalid", |b| {
        b.iter(|| {
            black_box(&generator)
                .verify_at(black_box(&bad), black_box(T), 1)
                .unwrap()
        })
    });
    group.bench_function("totp_rs_check_valid", |b| {
        b.iter(|| black_box(&totp_rs).check(black_box(&good), black_box(T)))
    });
    group.bench_function("totp_rs_check_invalid", |b| {
        b.iter(|| black_box(&totp_rs).check(black_box(&bad), black_box(T)))
    });
    group.finish();
}

criterion_group!(benches, generate, verify);
criterion_main!(benches);
