//! Outcomes of checks and sends as tagged enums (`VerifyOutcome.REPLAYED()`,
//! `IssueOutcome.ISSUED(...)`, with the `is_*()` tests uniffi's Python had), the stored
//! `CredentialState`, and the simple enums `MalformedReason` and `LimitScope`.

use crate::enums::{py_enum, PyEnum};
use crate::handles::OneTimeCode;
use otpkit_ffi as ffi;
use pyo3::prelude::*;

py_enum!(MalformedReason: ffi::MalformedReason {
    Empty => "EMPTY",
    BadCharacter => "BAD_CHARACTER",
    WrongLength => "WRONG_LENGTH",
    TooLong => "TOO_LONG",
});

py_enum!(LimitScope: ffi::LimitScope {
    Destination => "DESTINATION",
    Ip => "IP",
    Prefix => "PREFIX",
    Country => "COUNTRY",
    Global => "GLOBAL",
    Cooldown => "COOLDOWN",
    ChallengeSends => "CHALLENGE_SENDS",
});

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or("None".into(), ToString::to_string)
}

pub(crate) fn enum_repr<T>(v: PyEnum<T>) -> String
where
    PyEnum<T>:
        for<'py> IntoPyObject<'py, Target = PyAny, Output = Bound<'py, PyAny>, Error = PyErr>,
{
    Python::attach(|py| {
        v.into_pyobject(py)
            .and_then(|o| o.str().map(|r| r.to_string()))
            .unwrap_or_else(|_| "?".into())
    })
}

/// The result of a TOTP/HOTP check. Only ``ACCEPTED`` lets the user in.
#[pyclass(frozen, eq, module = "otpkit")]
#[derive(Clone, PartialEq)]
pub(crate) enum VerifyOutcome {
    #[pyo3(name = "ACCEPTED")]
    Accepted {
        step: i64,
        offset: i64,
        drift: i64,
        next_counter: i64,
    },
    #[pyo3(name = "INVALID", constructor = (remaining = None))]
    Invalid { remaining: Option<i32> },
    #[pyo3(name = "REPLAYED")]
    Replayed(),
    #[pyo3(name = "LOCKED")]
    Locked { until: i64 },
    #[pyo3(name = "EXPIRED")]
    Expired(),
    #[pyo3(name = "EXHAUSTED")]
    Exhausted(),
    #[pyo3(name = "RATE_LIMITED")]
    RateLimited { retry_after: i64 },
    #[pyo3(name = "MALFORMED")]
    Malformed {
        reason: PyEnum<ffi::MalformedReason>,
    },
}

impl From<ffi::VerifyOutcome> for VerifyOutcome {
    fn from(o: ffi::VerifyOutcome) -> Self {
        use ffi::VerifyOutcome as F;
        match o {
            F::Accepted {
                step,
                offset,
                drift,
                next_counter,
            } => Self::Accepted {
                step,
                offset,
                drift,
                next_counter,
            },
            F::Invalid { remaining } => Self::Invalid { remaining },
            F::Replayed => Self::Replayed(),
            F::Locked { until } => Self::Locked { until },
            F::Expired => Self::Expired(),
            F::Exhausted => Self::Exhausted(),
            F::RateLimited { retry_after } => Self::RateLimited { retry_after },
            F::Malformed { reason } => Self::Malformed {
                reason: PyEnum(reason),
            },
        }
    }
}

#[pymethods]
impl VerifyOutcome {
    fn is_accepted(&self) -> bool {
        matches!(self, Self::Accepted { .. })
    }
    fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid { .. })
    }
    fn is_replayed(&self) -> bool {
        matches!(self, Self::Replayed())
    }
    fn is_locked(&self) -> bool {
        matches!(self, Self::Locked { .. })
    }
    fn is_expired(&self) -> bool {
        matches!(self, Self::Expired())
    }
    fn is_exhausted(&self) -> bool {
        matches!(self, Self::Exhausted())
    }
    fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }
    fn is_malformed(&self) -> bool {
        matches!(self, Self::Malformed { .. })
    }

    fn __repr__(&self) -> String {
        match self {
            Self::Accepted {
                step,
                offset,
                drift,
                next_counter,
            } => format!(
                "VerifyOutcome.ACCEPTED(step={step}, offset={offset}, drift={drift}, next_counter={next_counter})"
            ),
            Self::Invalid { remaining } => {
                format!("VerifyOutcome.INVALID(remaining={})", opt(remaining))
            }
            Self::Replayed() => "VerifyOutcome.REPLAYED()".into(),
            Self::Locked { until } => format!("VerifyOutcome.LOCKED(until={until})"),
            Self::Expired() => "VerifyOutcome.EXPIRED()".into(),
            Self::Exhausted() => "VerifyOutcome.EXHAUSTED()".into(),
            Self::RateLimited { retry_after } => {
                format!("VerifyOutcome.RATE_LIMITED(retry_after={retry_after})")
            }
            Self::Malformed { reason } => {
                format!("VerifyOutcome.MALFORMED(reason={})", enum_repr(*reason))
            }
        }
    }
}

/// The result of verifying an out-of-band code.
#[pyclass(frozen, eq, module = "otpkit")]
#[derive(Clone, PartialEq)]
pub(crate) enum OobOutcome {
    #[pyo3(name = "ACCEPTED")]
    Accepted { challenge_id: String },
    #[pyo3(name = "INVALID", constructor = (remaining = None))]
    Invalid { remaining: Option<i32> },
    #[pyo3(name = "EXPIRED")]
    Expired(),
    #[pyo3(name = "EXHAUSTED")]
    Exhausted(),
    #[pyo3(name = "MALFORMED")]
    Malformed {
        reason: PyEnum<ffi::MalformedReason>,
    },
}

impl From<ffi::OobOutcome> for OobOutcome {
    fn from(o: ffi::OobOutcome) -> Self {
        use ffi::OobOutcome as F;
        match o {
            F::Accepted { challenge_id } => Self::Accepted { challenge_id },
            F::Invalid { remaining } => Self::Invalid { remaining },
            F::Expired => Self::Expired(),
            F::Exhausted => Self::Exhausted(),
            F::Malformed { reason } => Self::Malformed {
                reason: PyEnum(reason),
            },
        }
    }
}

#[pymethods]
impl OobOutcome {
    fn is_accepted(&self) -> bool {
        matches!(self, Self::Accepted { .. })
    }
    fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid { .. })
    }
    fn is_expired(&self) -> bool {
        matches!(self, Self::Expired())
    }
    fn is_exhausted(&self) -> bool {
        matches!(self, Self::Exhausted())
    }
    fn is_malformed(&self) -> bool {
        matches!(self, Self::Malformed { .. })
    }

    fn __repr__(&self) -> String {
        match self {
            Self::Accepted { challenge_id } => {
                format!("OobOutcome.ACCEPTED(challenge_id={challenge_id:?})")
            }
            Self::Invalid { remaining } => {
                format!("OobOutcome.INVALID(remaining={})", opt(remaining))
            }
            Self::Expired() => "OobOutcome.EXPIRED()".into(),
            Self::Exhausted() => "OobOutcome.EXHAUSTED()".into(),
            Self::Malformed { reason } => {
                format!("OobOutcome.MALFORMED(reason={})", enum_repr(*reason))
            }
        }
    }
}

/// The result of issuing or re-sending an out-of-band code.
#[pyclass(frozen, eq, module = "otpkit")]
pub(crate) enum IssueOutcome {
    #[pyo3(name = "ISSUED")]
    Issued {
        challenge_id: String,
        code: Py<OneTimeCode>,
        expires_at: i64,
    },
    #[pyo3(name = "RATE_LIMITED")]
    RateLimited {
        scope: PyEnum<ffi::LimitScope>,
        retry_after: i64,
    },
    #[pyo3(name = "UNKNOWN_CHALLENGE")]
    UnknownChallenge(),
}

impl PartialEq for IssueOutcome {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (
                Self::Issued {
                    challenge_id: a,
                    code: ca,
                    expires_at: ea,
                },
                Self::Issued {
                    challenge_id: b,
                    code: cb,
                    expires_at: eb,
                },
            ) => a == b && ea == eb && ca.get() == cb.get(),
            (
                Self::RateLimited {
                    scope: a,
                    retry_after: ra,
                },
                Self::RateLimited {
                    scope: b,
                    retry_after: rb,
                },
            ) => a == b && ra == rb,
            (Self::UnknownChallenge(), Self::UnknownChallenge()) => true,
            _ => false,
        }
    }
}

impl IssueOutcome {
    pub(crate) fn from_ffi(py: Python<'_>, o: ffi::IssueOutcome) -> PyResult<Self> {
        use ffi::IssueOutcome as F;
        Ok(match o {
            F::Issued {
                challenge_id,
                code,
                expires_at,
            } => Self::Issued {
                challenge_id,
                code: Py::new(py, OneTimeCode(code))?,
                expires_at,
            },
            F::RateLimited { scope, retry_after } => Self::RateLimited {
                scope: PyEnum(scope),
                retry_after,
            },
            F::UnknownChallenge => Self::UnknownChallenge(),
        })
    }
}

#[pymethods]
impl IssueOutcome {
    fn is_issued(&self) -> bool {
        matches!(self, Self::Issued { .. })
    }
    fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }
    fn is_unknown_challenge(&self) -> bool {
        matches!(self, Self::UnknownChallenge())
    }

    fn __repr__(&self) -> String {
        match self {
            Self::Issued {
                challenge_id,
                expires_at,
                ..
            } => format!(
                "IssueOutcome.ISSUED(challenge_id={challenge_id:?}, code=OneTimeCode(<redacted>), expires_at={expires_at})"
            ),
            Self::RateLimited { scope, retry_after } => format!(
                "IssueOutcome.RATE_LIMITED(scope={}, retry_after={retry_after})",
                enum_repr(*scope)
            ),
            Self::UnknownChallenge() => "IssueOutcome.UNKNOWN_CHALLENGE()".into(),
        }
    }
}

/// A credential's stored throttle and replay state.
#[pyclass(eq, get_all, set_all, module = "otpkit")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CredentialState {
    pub failures: i32,
    pub locked_until: i64,
    pub high_water: Option<i64>,
    pub drift: i64,
}

#[pymethods]
impl CredentialState {
    #[new]
    #[pyo3(signature = (*, failures, locked_until, high_water, drift))]
    fn new(failures: i32, locked_until: i64, high_water: Option<i64>, drift: i64) -> Self {
        Self {
            failures,
            locked_until,
            high_water,
            drift,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "CredentialState(failures={}, locked_until={}, high_water={}, drift={})",
            self.failures,
            self.locked_until,
            opt(&self.high_water),
            self.drift
        )
    }
}

impl From<ffi::CredentialState> for CredentialState {
    fn from(s: ffi::CredentialState) -> Self {
        Self {
            failures: s.failures,
            locked_until: s.locked_until,
            high_water: s.high_water,
            drift: s.drift,
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<VerifyOutcome>()?;
    m.add_class::<OobOutcome>()?;
    m.add_class::<IssueOutcome>()?;
    m.add_class::<CredentialState>()?;
    Ok(())
}
