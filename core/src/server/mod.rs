//! Server-side verification: TOTP/HOTP verification, out-of-band codes, throttling, stores. (Being written.)
