//! Send limits for out-of-band codes: per destination, per client IP, per phone-number prefix,
//! per country and a global budget, all checked (and counted) atomically before any delivery.

use super::error::{ConfigError, IssueError, LimitScope};
use super::keys;
use super::policy::Limit;
use super::store::{CounterOutcome, CounterSpec, Store};
use crate::clock::TimeSource;

/// How an out-of-band code is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Sms,
    Voice,
    WhatsApp,
    Email,
}

impl Channel {
    /// SMS, voice and WhatsApp go to phone numbers.
    pub fn is_phone(self) -> bool {
        !matches!(self, Channel::Email)
    }
}

/// Where a code is about to be sent, and who asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery<'a> {
    pub channel: Channel,
    /// E.164 phone number (`+` and digits; spaces, dashes, dots and brackets are ignored) or
    /// e-mail address.
    pub destination: &'a str,
    /// The requesting client's IP address, if known.
    pub ip: Option<&'a str>,
    /// ISO 3166 country of the destination, if known.
    pub country: Option<&'a str>,
}

impl<'a> Delivery<'a> {
    /// A delivery without IP or country.
    pub fn new(channel: Channel, destination: &'a str) -> Self {
        Self {
            channel,
            destination,
            ip: None,
            country: None,
        }
    }
    /// Builder: the requesting IP.
    pub fn from_ip(mut self, ip: &'a str) -> Self {
        self.ip = Some(ip);
        self
    }
    /// Builder: the destination's country.
    pub fn in_country(mut self, country: &'a str) -> Self {
        self.country = Some(country);
        self
    }
}

/// Normalised destination: `tel:+<digits>` or `mail:<lower-case address>`, and the digits.
fn normalize_destination(d: &Delivery<'_>) -> Result<(String, String), IssueError> {
    if d.channel.is_phone() {
        let mut digits = String::new();
        for (i, c) in d.destination.trim().chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => {}
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => {
                    return Err(IssueError::InvalidRequest(
                        "phone number has a bad character",
                    ))
                }
            }
        }
        if !(6..=15).contains(&digits.len()) {
            return Err(IssueError::InvalidRequest(
                "phone number must have 6-15 digits",
            ));
        }
        Ok((format!("tel:+{digits}"), digits))
    } else {
        let addr = d.destination.trim().to_lowercase();
        let ok = addr.len() <= 254
            && addr
                .split_once('@')
                .is_some_and(|(l, r)| !l.is_empty() && !r.is_empty() && !r.contains('@'));
        if !ok {
            return Err(IssueError::InvalidRequest("bad e-mail address"));
        }
        Ok((format!("mail:{addr}"), String::new()))
    }
}

/// The limits, each a list of fixed windows (e.g. 3 per 10 minutes and 10 per day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendLimits {
    pub per_destination: Vec<Limit>,
    pub per_ip: Vec<Limit>,
    pub per_prefix: Vec<Limit>,
    /// How many leading digits of a phone number form its prefix (default 6).
    pub prefix_digits: usize,
    pub per_country: Vec<Limit>,
    pub global: Vec<Limit>,
}

impl Default for SendLimits {
    fn default() -> Self {
        Self {
            per_destination: vec![Limit::new(5, 3_600), Limit::new(10, 86_400)],
            per_ip: vec![Limit::new(20, 3_600)],
            per_prefix: vec![Limit::new(50, 3_600)],
            prefix_digits: 6,
            per_country: vec![Limit::new(1_000, 3_600)],
            global: vec![Limit::new(10_000, 3_600)],
        }
    }
}

impl SendLimits {
    /// No limits at all (tests).
    pub fn none() -> Self {
        Self {
            per_destination: vec![],
            per_ip: vec![],
            per_prefix: vec![],
            prefix_digits: 6,
            per_country: vec![],
            global: vec![],
        }
    }

    /// Every limit needs max >= 1 and window >= 1; prefix length 1..=15.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for l in self
            .per_destination
            .iter()
            .chain(&self.per_ip)
            .chain(&self.per_prefix)
            .chain(&self.per_country)
            .chain(&self.global)
        {
            l.validate()?;
        }
        if !(1..=15).contains(&self.prefix_digits) {
            return Err(ConfigError("prefix_digits must be 1-15"));
        }
        Ok(())
    }

    /// The counters one send to `delivery` hits.
    pub fn counters(&self, delivery: &Delivery<'_>) -> Result<Vec<CounterSpec>, IssueError> {
        let (dest, digits) = normalize_destination(delivery)?;
        let mut out = Vec::new();
        let mut add = |scope: LimitScope, limits: &[Limit], value: &str| {
            for &limit in limits {
                out.push(CounterSpec {
                    key: keys::counter(scope.as_str(), limit.window, value),
                    limit,
                    scope,
                });
            }
        };
        add(LimitScope::Destination, &self.per_destination, &dest);
        if let Some(ip) = delivery.ip {
            add(LimitScope::Ip, &self.per_ip, ip.trim());
        }
        if delivery.channel.is_phone() {
            let n = self.prefix_digits.min(digits.len());
            add(LimitScope::Prefix, &self.per_prefix, &digits[..n]);
        }
        if let Some(cc) = delivery.country {
            add(
                LimitScope::Country,
                &self.per_country,
                &cc.trim().to_ascii_uppercase(),
            );
        }
        add(LimitScope::Global, &self.global, "");
        Ok(out)
    }
}

/// Runs `counters` through the store and maps a refusal to [`IssueError::RateLimited`].
pub(crate) fn enforce<S: Store + ?Sized>(
    store: &S,
    now: u64,
    counters: &[CounterSpec],
) -> Result<(), IssueError> {
    match store.hit_counters(now, counters)? {
        CounterOutcome::Allowed => Ok(()),
        CounterOutcome::Denied { index, retry_after } => Err(IssueError::RateLimited {
            scope: counters.get(index).map_or(LimitScope::Global, |c| c.scope),
            retry_after,
        }),
    }
}

/// Send limits on their own, for deliveries not made through [`super::oob::OobCodes`].
#[derive(Debug, Clone)]
pub struct SendLimiter<S, C> {
    store: S,
    clock: C,
    limits: SendLimits,
}

impl<S: Store, C: TimeSource> SendLimiter<S, C> {
    /// A limiter with validated limits.
    pub fn new(store: S, clock: C, limits: SendLimits) -> Result<Self, ConfigError> {
        limits.validate()?;
        Ok(Self {
            store,
            clock,
            limits,
        })
    }
    /// Counts one send to `delivery` if every limit has room; otherwise refuses and counts none.
    pub fn check(&self, delivery: &Delivery<'_>) -> Result<(), IssueError> {
        self.check_at(delivery, self.clock.now_unix())
    }
    /// [`SendLimiter::check`] at Unix time `now`.
    pub fn check_at(&self, delivery: &Delivery<'_>, now: u64) -> Result<(), IssueError> {
        enforce(&self.store, now, &self.limits.counters(delivery)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_per_scope() {
        let l = SendLimits::default();
        let d = Delivery::new(Channel::Sms, "+44 (20) 7946-0018")
            .from_ip("192.0.2.1")
            .in_country("gb");
        let c = l.counters(&d).unwrap();
        let scopes: Vec<_> = c.iter().map(|c| c.scope).collect();
        assert_eq!(
            scopes,
            vec![
                LimitScope::Destination,
                LimitScope::Destination,
                LimitScope::Ip,
                LimitScope::Prefix,
                LimitScope::Country,
                LimitScope::Global
            ]
        );
        // Formatting does not create a new destination.
        let same = l
            .counters(&Delivery::new(Channel::Voice, "+442079460018"))
            .unwrap();
        assert_eq!(same[0].key, c[0].key);
        let email = l
            .counters(&Delivery::new(Channel::Email, "A@Example.com"))
            .unwrap();
        assert!(email.iter().all(|c| c.scope != LimitScope::Prefix));
        assert!(l.counters(&Delivery::new(Channel::Sms, "12ab")).is_err());
        assert!(l
            .counters(&Delivery::new(Channel::Email, "nobody"))
            .is_err());
    }
}
