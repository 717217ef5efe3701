//! Connections of a [`super::RedisStore`]: one server or a Redis Cluster, a bounded pool of idle
//! connections, one time budget per operation, and Redis errors mapped to [`StoreError`].
//!
//! A connection that saw an error is dropped. An unavailable server (refused, reset, timed out)
//! or a cluster topology error (`MOVED`, `ASK`, `CLUSTERDOWN`, `TRYAGAIN`...) drops every idle
//! connection too: after a restart or a fail-over they are all dead or stale, and each would
//! fail one more call. Nothing is retried: a command whose reply was lost may have run.

use crate::server::error::StoreError;
use redis::cluster::{ClusterClient, ClusterConnection};
use redis::{Cmd, ConnectionLike, ErrorKind, RedisError, RedisResult, Value};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One server, or the seed nodes of a cluster.
enum Client {
    Single {
        client: redis::Client,
        /// See [`connect_timeout`].
        connect_timeout: Duration,
    },
    Cluster {
        client: ClusterClient,
        /// The first seed's connection info (to reach other nodes with the same credentials).
        seed: Box<redis::ConnectionInfo>,
    },
}

/// A connection to one server, or a cluster connection (one socket per node, routing each
/// command by its key's slot).
pub(crate) enum Conn {
    Single(redis::Connection),
    Cluster(ClusterConnection),
}

impl Conn {
    fn set_timeouts(&self, t: Duration) -> RedisResult<()> {
        match self {
            Conn::Single(c) => {
                c.set_read_timeout(Some(t))?;
                c.set_write_timeout(Some(t))
            }
            Conn::Cluster(c) => {
                c.set_read_timeout(Some(t))?;
                c.set_write_timeout(Some(t))
            }
        }
    }
}

impl ConnectionLike for Conn {
    fn req_packed_command(&mut self, cmd: &[u8]) -> RedisResult<Value> {
        match self {
            Conn::Single(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }
    fn req_packed_commands(
        &mut self,
        cmd: &[u8],
        offset: usize,
        count: usize,
    ) -> RedisResult<Vec<Value>> {
        match self {
            Conn::Single(c) => c.req_packed_commands(cmd, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(cmd, offset, count),
        }
    }
    fn req_command(&mut self, cmd: &Cmd) -> RedisResult<Value> {
        match self {
            Conn::Single(c) => c.req_command(cmd),
            Conn::Cluster(c) => c.req_command(cmd),
        }
    }
    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
    fn check_connection(&mut self) -> bool {
        match self {
            Conn::Single(c) => c.check_connection(),
            Conn::Cluster(c) => c.check_connection(),
        }
    }
    fn is_open(&self) -> bool {
        match self {
            Conn::Single(c) => c.is_open(),
            Conn::Cluster(c) => c.is_open(),
        }
    }
}

/// The redis crate applies its connect timeout to the TCP connect and then, again, to each
/// reply of the handshake (`HELLO`/`AUTH`, `SELECT`; `CLIENT SETINFO` is disabled by the crate
/// feature `disable-client-setinfo`), so a frozen server took a multiple of the timeout. Each
/// of those waits gets an equal share instead, which keeps the total within `timeout`.
fn connect_timeout(client: &redis::Client, timeout: Duration) -> Duration {
    let info = &client.get_connection_info().redis;
    let resp3 = !matches!(info.protocol, redis::ProtocolVersion::RESP2);
    let replies = u32::from(resp3 || info.password.is_some()) + u32::from(info.db != 0);
    (timeout / (replies + 1)).max(Duration::from_millis(1))
}

/// A Redis error as a store error. Socket timeouts read as "Resource temporarily unavailable"
/// (`EAGAIN`) on Linux; they are reported as what they are.
pub(crate) fn map_err(e: RedisError, timeout: Duration) -> StoreError {
    if e.is_timeout() {
        StoreError::Unavailable(format!("timed out after {} ms", timeout.as_millis()))
    } else if e.is_io_error()
        || e.is_connection_dropped()
        || e.is_connection_refusal()
        || topology_error(&e)
    {
        StoreError::Unavailable(e.to_string())
    } else {
        StoreError::Protocol(e.to_string())
    }
}

/// A cluster whose slot map changed or that is not serving: the command did not run.
fn topology_error(e: &RedisError) -> bool {
    matches!(
        e.kind(),
        ErrorKind::Moved
            | ErrorKind::Ask
            | ErrorKind::TryAgain
            | ErrorKind::ClusterDown
            | ErrorKind::MasterDown
            | ErrorKind::ClusterConnectionNotFound
    )
}

pub(crate) struct Pool {
    client: Client,
    idle: Mutex<Vec<Conn>>,
    timeout: Duration,
    max_idle: usize,
}

impl Pool {
    /// A pool for one server (`redis://...`); connects lazily.
    pub(crate) fn single(
        url: &str,
        timeout: Duration,
        max_idle: usize,
    ) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(|e| map_err(e, timeout))?;
        Ok(Self::new(
            Client::Single {
                connect_timeout: connect_timeout(&client, timeout),
                client,
            },
            timeout,
            max_idle,
        ))
    }

    /// A pool for one server given by its connection info (a cluster node, for diagnostics).
    pub(crate) fn node(info: redis::ConnectionInfo, timeout: Duration) -> Result<Self, StoreError> {
        let client = redis::Client::open(info).map_err(|e| map_err(e, timeout))?;
        Ok(Self::new(
            Client::Single {
                connect_timeout: connect_timeout(&client, timeout),
                client,
            },
            timeout,
            0,
        ))
    }

    /// A pool for a Redis Cluster given some of its nodes; no retries (see the module docs),
    /// `timeout` for each node's connect and for each command.
    pub(crate) fn cluster(
        urls: &[&str],
        timeout: Duration,
        max_idle: usize,
    ) -> Result<Self, StoreError> {
        if urls.is_empty() {
            return Err(StoreError::Protocol("no cluster node URL given".into()));
        }
        let seed = redis::IntoConnectionInfo::into_connection_info(urls[0])
            .map_err(|e| map_err(e, timeout))?;
        let client = ClusterClient::builder(urls.to_vec())
            .retries(0)
            .connection_timeout(timeout)
            .response_timeout(timeout)
            .build()
            .map_err(|e| map_err(e, timeout))?;
        Ok(Self::new(
            Client::Cluster {
                client,
                seed: Box::new(seed),
            },
            timeout,
            max_idle,
        ))
    }

    fn new(client: Client, timeout: Duration, max_idle: usize) -> Self {
        Self {
            client,
            idle: Mutex::new(Vec::new()),
            timeout,
            max_idle,
        }
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    pub(crate) fn is_cluster(&self) -> bool {
        matches!(self.client, Client::Cluster { .. })
    }

    /// The connection info of the first node (cluster: the first seed), to reach other nodes
    /// with the same credentials.
    pub(crate) fn seed_info(&self) -> redis::ConnectionInfo {
        match &self.client {
            Client::Single { client, .. } => client.get_connection_info().clone(),
            Client::Cluster { seed, .. } => (**seed).clone(),
        }
    }

    /// Runs `f` on a pooled connection (see the module docs for errors). The operation is
    /// bounded by the timeout: a new connection gets it for connecting (and its handshake),
    /// the command gets what is left (at least 1 ms).
    pub(crate) fn with_conn<T>(
        &self,
        f: impl FnOnce(&mut Conn) -> Result<T, RedisError>,
    ) -> Result<T, StoreError> {
        let started = Instant::now();
        let pooled = self
            .idle
            .lock()
            .map_err(|_| StoreError::Unavailable("connection pool lock poisoned".into()))?
            .pop();
        let mut con = match pooled {
            Some(c) => c,
            None => self.open().map_err(|e| self.failed(e))?,
        };
        let left = self
            .timeout
            .saturating_sub(started.elapsed())
            .max(Duration::from_millis(1));
        con.set_timeouts(left).map_err(|e| self.failed(e))?;
        let out = f(&mut con).map_err(|e| self.failed(e))?;
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < self.max_idle {
                idle.push(con);
            }
        }
        Ok(out)
    }

    fn open(&self) -> RedisResult<Conn> {
        Ok(match &self.client {
            Client::Single {
                client,
                connect_timeout,
            } => Conn::Single(client.get_connection_with_timeout(*connect_timeout)?),
            Client::Cluster { client, .. } => Conn::Cluster(client.get_connection()?),
        })
    }

    /// Maps `e`; when the server is unavailable or the cluster changed, drops the idle pool.
    fn failed(&self, e: RedisError) -> StoreError {
        let err = map_err(e, self.timeout);
        if matches!(err, StoreError::Unavailable(_)) {
            if let Ok(mut idle) = self.idle.lock() {
                idle.clear();
            }
        }
        err
    }
}
