//! `cargo run -p otpkit-bindgen -- generate --library target/release/libotpkit_ffi.so --language kotlin --out-dir OUT`
fn main() {
    uniffi::uniffi_bindgen_main()
}
