//! Async forms of slow calls (Argon2id/scrypt key derivation, Redis round trips).
//!
//! uniffi turns an exported `async fn` into a Kotlin `suspend fun`, a Swift `async` function and
//! a Python coroutine, polled by the caller's own executor. The slow work itself is blocking
//! Rust, so it runs on the `blocking` crate's thread pool and the future only waits for it: the
//! caller's thread (Android main thread, Swift main actor, asyncio loop) is never blocked and no
//! async runtime is linked. See docs/decisions.md.

/// Runs `work` on a pool thread and resolves with its result.
pub(crate) async fn off_thread<T, F>(work: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    blocking::unblock(work).await
}
