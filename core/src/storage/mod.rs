//! Account model and secret storage: SecretStore trait, encrypted vault file, OS keyring, in-memory. (Being written.)
