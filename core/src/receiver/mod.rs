//! SMS one-time-code receiver: extraction, origin-bound codes, app hash, SMS bodies. (Being written.)
