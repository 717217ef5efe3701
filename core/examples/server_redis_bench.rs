//! Redis-backed TOTP check throughput with several concurrent clients on loopback.
//!
//!     export OTPKIT_REDIS_URL="$(bash tests/redis/start.sh)"
//!     cargo run --release -p otpkit --features redis --example server_redis_bench -- [SECONDS] [BATCH] [CLIENTS...]
//!
//! With `--cluster` the store is a Redis Cluster (`RedisStore::connect_cluster`) through the
//! nodes of `OTPKIT_REDIS_CLUSTER_URLS` (`bash tests/redis/cluster-start.sh` prints them);
//! EVALSHA calls are summed over every node. Bounded: SECONDS per client count.
//!
//! Each client is a thread with its own connection; every check is a full verification (one
//! `EVALSHA`), alternating accepted codes and wrong guesses over distinct credentials. With
//! `BATCH` > 1 each client sends its checks through `verify_totp_many_at` (pipelined, one round
//! trip per batch). Prints checks per second for each client count, plus the server's EVALSHA
//! count per check (always 1.000).

#[cfg(feature = "redis")]
fn main() {
    use otpkit::server::{
        RedisOptions, RedisStore, ThrottlePolicy, TotpRequest, Verifier, VerifierConfig,
        VerifyError,
    };
    use otpkit::{CodeGenerator, FixedTimeSource, OtpParams, Secret};
    use std::time::{Duration, Instant};

    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let cluster = args.iter().any(|a| a == "--cluster");
    args.retain(|a| a != "--cluster");
    let var = if cluster {
        "OTPKIT_REDIS_CLUSTER_URLS"
    } else {
        "OTPKIT_REDIS_URL"
    };
    let Ok(url) = std::env::var(var) else {
        eprintln!("set {var} (bash tests/redis/start.sh or cluster-start.sh prints it)");
        std::process::exit(2);
    };
    let nodes: Vec<String> = url.split(',').map(str::to_owned).collect();
    let connect = |opts: RedisOptions| {
        if cluster {
            let urls: Vec<&str> = nodes.iter().map(String::as_str).collect();
            RedisStore::connect_cluster(&urls, opts)
        } else {
            RedisStore::connect(&nodes[0], opts)
        }
    };
    let secs: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(3);
    let batch: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
    let mut clients: Vec<usize> = args.iter().skip(2).filter_map(|s| s.parse().ok()).collect();
    if clients.is_empty() {
        clients = vec![1, 2, 4, 8, 16, 32];
    }
    let secret = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
    let g = CodeGenerator::new(&secret, OtpParams::totp()).unwrap();
    let t0: u64 = 1_700_000_010;
    let evalsha = |con: &mut redis::Connection| -> u64 {
        let info: String = redis::cmd("INFO").arg("commandstats").query(con).unwrap();
        info.lines()
            .find_map(|l| l.strip_prefix("cmdstat_evalsha:calls="))
            .and_then(|r| r.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let mut admins: Vec<redis::Connection> = nodes
        .iter()
        .map(|u| {
            redis::Client::open(u.as_str())
                .unwrap()
                .get_connection()
                .unwrap()
        })
        .collect();
    let mut evalsha_all = || admins.iter_mut().map(&evalsha).sum::<u64>();
    println!(
        "{} batch {batch}\nclients  checks/s  evalsha/check",
        if cluster { "cluster" } else { "single" }
    );
    for &n in &clients {
        let prefix = format!("otpkit-bench-{}", otpkit::server::keys::new_challenge_id());
        let before = evalsha_all();
        let deadline = Instant::now() + Duration::from_secs(secs);
        let total: u64 = std::thread::scope(|s| {
            let handles: Vec<_> = (0..n)
                .map(|t| {
                    let (connect, prefix, g) = (&connect, &prefix, &g);
                    s.spawn(move || {
                        let opts = RedisOptions {
                            prefix: prefix.clone(),
                            ..RedisOptions::default()
                        };
                        let store = connect(opts).unwrap();
                        let config = VerifierConfig {
                            throttle: ThrottlePolicy {
                                free_failures: 100,
                                ..ThrottlePolicy::default()
                            },
                            ..VerifierConfig::default()
                        };
                        let v =
                            Verifier::with_config(store, FixedTimeSource::new(t0), config).unwrap();
                        let ids: Vec<String> = (0..1024).map(|i| format!("t{t}-u{i}")).collect();
                        let mut done = 0u64;
                        let mut wrong_ids: Vec<String> = Vec::with_capacity(batch);
                        let mut inputs: Vec<(usize, u64, bool)> = Vec::with_capacity(batch);
                        while Instant::now() < deadline {
                            inputs.clear();
                            wrong_ids.clear();
                            for k in 0..batch as u64 {
                                let d = done + k;
                                let now = t0 + 30 * (d / 1024);
                                if d.is_multiple_of(2) {
                                    inputs.push(((d % 1024) as usize, now, true));
                                } else {
                                    // A fresh credential per guess, so none reaches the cap.
                                    wrong_ids.push(format!("t{t}-w{d}"));
                                    inputs.push((wrong_ids.len() - 1, now, false));
                                }
                            }
                            // One batch shares one `now`: the first item's.
                            let now = inputs[0].1;
                            let codes: Vec<_> = inputs.iter().map(|_| g.code_at(now)).collect();
                            let requests: Vec<TotpRequest> = inputs
                                .iter()
                                .zip(&codes)
                                .map(|(&(i, _, right), code)| TotpRequest {
                                    credential_id: if right { &ids[i] } else { &wrong_ids[i] },
                                    generator: g,
                                    input: if right { code.as_str() } else { "000000" },
                                })
                                .collect();
                            let results = if batch == 1 {
                                vec![v.verify_totp_at(
                                    requests[0].credential_id,
                                    g,
                                    requests[0].input,
                                    now,
                                )]
                            } else {
                                v.verify_totp_many_at(&requests, now)
                            };
                            for r in &results {
                                if let Err(e) = r {
                                    assert!(
                                        matches!(
                                            e,
                                            VerifyError::Invalid { .. } | VerifyError::Replayed
                                        ),
                                        "{e:?}"
                                    );
                                }
                            }
                            done += batch as u64;
                        }
                        done
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        let calls = evalsha_all() - before;
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
