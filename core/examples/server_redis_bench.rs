//! Redis-backed TOTP check throughput with several concurrent clients on loopback.
//!
//!     export OTPKIT_REDIS_URL="$(bash tests/redis/start.sh)"
//!     cargo run --release -p otpkit --features redis --example server_redis_bench -- [SECONDS] [CLIENTS...]
//!
//! Each client is a thread with its own connection; every check is a full verification (one
//! `EVALSHA`), alternating accepted codes and wrong guesses over distinct credentials. Prints
//! checks per second for each client count, plus the server's EVALSHA count per check.

#[cfg(feature = "redis")]
fn main() {
    use otpkit::server::{RedisOptions, RedisStore, ThrottlePolicy, Verifier, VerifierConfig};
    use otpkit::{FixedClock, Generator, OtpParams, Secret};
    use std::time::{Duration, Instant};

    let Ok(url) = std::env::var("OTPKIT_REDIS_URL") else {
        eprintln!("set OTPKIT_REDIS_URL (bash tests/redis/start.sh prints one)");
        std::process::exit(2);
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let secs: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(3);
    let mut clients: Vec<usize> = args.iter().skip(1).filter_map(|s| s.parse().ok()).collect();
    if clients.is_empty() {
        clients = vec![1, 2, 4, 8, 16, 32];
    }
    let secret = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
    let g = Generator::new(&secret, OtpParams::totp()).unwrap();
    let t0: u64 = 1_700_000_010;
    let evalsha = |con: &mut redis::Connection| -> u64 {
        let info: String = redis::cmd("INFO").arg("commandstats").query(con).unwrap();
        info.lines()
            .find_map(|l| l.strip_prefix("cmdstat_evalsha:calls="))
            .and_then(|r| r.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let mut admin = redis::Client::open(url.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    println!("clients  checks/s  evalsha/check");
    for &n in &clients {
        let prefix = format!("otpkit-bench-{}", otpkit::server::keys::new_challenge_id());
        let before = evalsha(&mut admin);
        let deadline = Instant::now() + Duration::from_secs(secs);
        let total: u64 = std::thread::scope(|s| {
            let handles: Vec<_> = (0..n)
                .map(|t| {
                    let (url, prefix, g) = (&url, &prefix, &g);
                    s.spawn(move || {
                        let opts = RedisOptions {
                            prefix: prefix.clone(),
                            ..RedisOptions::default()
                        };
                        let store = RedisStore::connect(url, opts).unwrap();
                        let config = VerifierConfig {
                            throttle: ThrottlePolicy {
                                free_failures: 100,
                                ..ThrottlePolicy::default()
                            },
                            ..VerifierConfig::default()
                        };
                        let v = Verifier::with_config(store, FixedClock::new(t0), config).unwrap();
                        let ids: Vec<String> = (0..1024).map(|i| format!("t{t}-u{i}")).collect();
                        let mut done = 0u64;
                        while Instant::now() < deadline {
                            for _ in 0..64 {
                                let round = done / 1024;
                                let now = t0 + 30 * round;
                                let id = &ids[(done % 1024) as usize];
                                let r = if done % 2 == 0 {
                                    v.verify_totp_at(id, g, g.code_at(now).as_str(), now)
                                } else {
                                    // A fresh credential per guess, so none reaches the cap.
                                    v.verify_totp_at(&format!("t{t}-w{done}"), g, "000000", now)
                                };
                                if let Err(e) = &r {
                                    assert!(
                                        matches!(e, otpkit::server::VerifyError::Invalid { .. }),
                                        "{e:?}"
                                    );
                                }
                                done += 1;
                            }
                        }
                        done
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        let calls = evalsha(&mut admin) - before;
        println!(
            "{n:>7}  {:>8.0}  {:.3}",
            total as f64 / secs as f64,
            calls as f64 / total as f64
        );
    }
}

#[cfg(not(feature = "redis"))]
fn main() {
    eprintln!("build with --features redis");
}
