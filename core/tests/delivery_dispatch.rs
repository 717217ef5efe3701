//! Fallback-dispatch scenarios (SMS → WhatsApp → voice with a scripted in-process sender)
//! against the memory store, Redis and Redis Cluster. The Redis runs need
//! `OTPKIT_REDIS_URL` / `OTPKIT_REDIS_CLUSTER_URLS` (tests/redis/start.sh, cluster-start.sh);
//! without them those tests print a note and pass without doing anything.
#![cfg(feature = "delivery")]

#[macro_use]
#[path = "common/dispatch_scenarios.rs"]
mod scenarios;

mod memory {
    use super::scenarios;
    use otpkit::server::MemoryStore;
    use std::sync::Arc;

    fn memory() -> Option<(scenarios::DynStore, ())> {
        Some((Arc::new(MemoryStore::new()), ()))
    }

    dispatch_suite!(memory());
}

#[cfg(feature = "redis")]
mod redis {
    use super::scenarios;
    use otpkit::server::{RedisOptions, RedisStore};
    use std::sync::Arc;

    fn prefix() -> String {
        format!("otpkit-dlv-{}", otpkit::server::keys::new_challenge_id())
    }

    fn redis() -> Option<(scenarios::DynStore, ())> {
        let Ok(url) = std::env::var("OTPKIT_REDIS_URL") else {
            eprintln!("note: OTPKIT_REDIS_URL is not set; skipping (tests/redis/start.sh)");
            return None;
        };
        let opts = RedisOptions {
            prefix: prefix(),
            ..RedisOptions::default()
        };
        Some((
            Arc::new(RedisStore::connect(&url, opts).expect("connect")),
            (),
        ))
    }

    dispatch_suite!(redis());

    mod cluster {
        use super::scenarios;
        use otpkit::server::{RedisOptions, RedisStore};
        use std::sync::Arc;

        fn cluster() -> Option<(scenarios::DynStore, ())> {
            let Ok(urls) = std::env::var("OTPKIT_REDIS_CLUSTER_URLS") else {
                eprintln!(
                    "NOTE: OTPKIT_REDIS_CLUSTER_URLS is not set; SKIPPING (tests/redis/cluster-start.sh)"
                );
                return None;
            };
            let urls: Vec<&str> = urls.split(',').collect();
            let opts = RedisOptions {
                prefix: super::prefix(),
                ..RedisOptions::default()
            };
            Some((
                Arc::new(RedisStore::connect_cluster(&urls, opts).expect("connect")),
                (),
            ))
        }

        dispatch_suite!(cluster());
    }
}
