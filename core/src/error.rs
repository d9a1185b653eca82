//! Typed errors. Each maps to a SQLSTATE for Postgres; SQLite and the seeder show the message.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// An argument outside its documented domain (SQLSTATE 22023).
    #[error("invalid argument {arg}: must be {expected}, got {got}")]
    InvalidArgument {
        arg: &'static str,
        expected: String,
        got: String,
    },
    /// A NULL where a value is required (SQLSTATE 22004).
    #[error("invalid argument {arg}: must not be NULL")]
    NullArgument { arg: &'static str },
    /// A value past a documented limit (SQLSTATE 54000).
    #[error("limit exceeded for {arg}: at most {limit}, got {got}")]
    LimitExceeded {
        arg: &'static str,
        limit: String,
        got: String,
    },
    /// A wrong number or type of arguments (SQLSTATE 42883 / 22023).
    #[error("{0}")]
    Usage(String),
    /// The engine asked long work to stop (query cancel, statement_timeout): SQLSTATE 57014.
    #[error("canceling statement due to user request")]
    Cancelled,
}

impl Error {
    pub fn invalid(
        arg: &'static str,
        expected: impl Into<String>,
        got: impl std::fmt::Display,
    ) -> Self {
        Error::InvalidArgument {
            arg,
            expected: expected.into(),
            got: shown(&got.to_string()),
        }
    }

    /// The PostgreSQL SQLSTATE for this error.
    pub fn sqlstate(&self) -> &'static str {
        match self {
            Error::InvalidArgument { .. } | Error::Usage(_) => "22023",
            Error::NullArgument { .. } => "22004",
            Error::LimitExceeded { .. } => "54000",
            Error::Cancelled => "57014",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A value as an error message shows it: a non-finite float as PostgreSQL spells it
/// (`Infinity`, not Rust's `inf`), and at most 60 characters of a long text with its length.
pub fn shown(got: &str) -> String {
    match got {
        "inf" => return "Infinity".into(),
        "-inf" => return "-Infinity".into(),
        _ => {}
    }
    let n = got.chars().count();
    if n <= 60 {
        got.to_string()
    } else {
        let head: String = got.chars().take(60).collect();
        format!("{head}... ({n} characters)")
    }
}

static INTERRUPT_CHECK: std::sync::OnceLock<fn() -> bool> = std::sync::OnceLock::new();

/// The message a panic carried (`panic!("...")` with or without arguments).
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Installs the engine's "has the user asked to stop?" test (Postgres: InterruptPending), which
/// work that runs long before its first row (the checks) polls. Set once per process.
pub fn set_interrupt_check(f: fn() -> bool) {
    let _ = INTERRUPT_CHECK.set(f);
}

/// Whether the engine asked to stop; false when no check is installed.
pub fn interrupted() -> bool {
    INTERRUPT_CHECK.get().is_some_and(|f| f())
}

#[cfg(test)]
mod tests {
    #[test]
    fn shown_values_are_short_and_spelt_as_postgres() {
        assert_eq!(super::shown("inf"), "Infinity");
        assert_eq!(super::shown("-inf"), "-Infinity");
        assert_eq!(super::shown("1.5"), "1.5");
        let long = "x".repeat(1_000_000);
        let s = super::shown(&long);
        assert!(s.len() < 100 && s.ends_with("(1000000 characters)"), "{s}");
    }
}
