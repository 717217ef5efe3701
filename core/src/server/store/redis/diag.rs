//! Configuration findings of a Redis store: `maxmemory-policy` other than `noeviction` (Redis
//! could silently evict throttle state or challenges), `CONFIG` unreadable, and AOF persistence
//! off or never fsynced (a restart would forget high-water marks: codes accepted before it are
//! accepted again). Persistence is read with `CONFIG GET`, or from `INFO persistence` where
//! `CONFIG` is disabled. On a cluster every node (masters and replicas, from `CLUSTER NODES`)
//! is checked, and each finding names the nodes it applies to.

use super::pool::Pool;
use crate::server::error::{Diagnostic, StoreError};

/// The findings of the server, or of every node of the cluster.
pub(super) fn diagnostics(pool: &Pool) -> Result<Vec<Diagnostic>, StoreError> {
    if !pool.is_cluster() {
        return node_diagnostics(pool);
    }
    // Every node the cluster knows (masters and replicas), except failed or unaddressed ones.
    let listing: String = pool.with_conn(|con| redis::cmd("CLUSTER").arg("NODES").query(con))?;
    let mut nodes: Vec<(String, u16)> = Vec::new();
    for line in listing.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (Some(addr), Some(flags)) = (f.get(1), f.get(2)) else {
            continue;
        };
        if flags
            .split(',')
            .any(|x| matches!(x, "fail" | "fail?" | "noaddr" | "handshake"))
        {
            continue;
        }
        let hostport = addr.split(['@', ',']).next().unwrap_or("");
        let Some((host, port)) = hostport.rsplit_once(':') else {
            continue;
        };
        let Ok(port) = port.parse::<u16>() else {
            continue;
        };
        if !host.is_empty() && !nodes.contains(&(host.to_owned(), port)) {
            nodes.push((host.to_owned(), port));
        }
    }
    if nodes.is_empty() {
        return Err(StoreError::Protocol("CLUSTER NODES listed no node".into()));
    }
    nodes.sort();
    // (code, message of the first node, nodes)
    let mut merged: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    for (host, port) in nodes {
        let mut info = pool.seed_info();
        info.addr = redis::ConnectionAddr::Tcp(host.clone(), port);
        let node = Pool::node(info, pool.timeout())?;
        for d in node_diagnostics(&node)? {
            let name = format!("{host}:{port}");
            match merged.iter_mut().find(|(m, _)| m.code == d.code) {
                Some((_, names)) => names.push(name),
                None => merged.push((d, vec![name])),
            }
        }
    }
    Ok(merged
        .into_iter()
        .map(|(d, names)| Diagnostic {
            code: d.code,
            message: format!("{} (nodes {})", d.message, names.join(", ")),
        })
        .collect())
}

fn node_diagnostics(pool: &Pool) -> Result<Vec<Diagnostic>, StoreError> {
    let mut out = Vec::new();
    let config = |names: &'static [&'static str]| -> Result<Vec<String>, StoreError> {
        pool.with_conn(|con| redis::cmd("CONFIG").arg("GET").arg(names).query(con))
    };
    match config(&["maxmemory-policy"]) {
        Ok(v) => match v.get(1).map(String::as_str) {
            Some("noeviction") => {}
            Some(other) => out.push(Diagnostic {
                code: "redis.maxmemory-policy",
                message: format!(
                    "maxmemory-policy is {other:?}, not \"noeviction\": under memory \
                     pressure Redis may evict throttle state, high-water marks or \
                     challenges"
                ),
            }),
            None => out.push(unreadable("empty CONFIG GET reply")),
        },
        Err(StoreError::Unavailable(e)) => return Err(StoreError::Unavailable(e)),
        Err(e) => out.push(unreadable(&e.to_string())),
    }
    let (aof, fsync) = match config(&["appendonly", "appendfsync"]) {
        Ok(v) => {
            let get = |name: &str| {
                v.chunks(2)
                    .find(|kv| kv.first().map(String::as_str) == Some(name))
                    .and_then(|kv| kv.get(1).cloned())
            };
            (get("appendonly").map(|a| a == "yes"), get("appendfsync"))
        }
        Err(StoreError::Unavailable(e)) => return Err(StoreError::Unavailable(e)),
        Err(_) => {
            let info: String =
                pool.with_conn(|con| redis::cmd("INFO").arg("persistence").query(con))?;
            let aof = info
                .lines()
                .find_map(|l| l.trim().strip_prefix("aof_enabled:"))
                .map(|v| v == "1");
            (aof, None)
        }
    };
    match (aof, fsync.as_deref()) {
        (Some(true), Some("always" | "everysec") | None) => {}
        (Some(true), Some(other)) => out.push(Diagnostic {
            code: "redis.persistence",
            message: format!(
                "appendfsync is {other:?}: a crash or restart may lose recent writes, \
                 including high-water marks (a code accepted before it would be accepted \
                 again); use appendfsync everysec or always"
            ),
        }),
        (Some(false), _) => out.push(Diagnostic {
            code: "redis.persistence",
            message: "AOF persistence is off (appendonly no): a restart forgets \
                      high-water marks and throttle state, so a code accepted before it is \
                      accepted again; set appendonly yes with appendfsync everysec or always"
                .into(),
        }),
        (None, _) => out.push(Diagnostic {
            code: "redis.persistence",
            message: "could not read the persistence settings; make sure appendonly is yes \
                      with appendfsync everysec or always"
                .into(),
        }),
    }
    Ok(out)
}

fn unreadable(why: &str) -> Diagnostic {
    Diagnostic {
        code: "redis.config-unreadable",
        message: format!("could not read maxmemory-policy ({why}); make sure it is \"noeviction\""),
    }
}
