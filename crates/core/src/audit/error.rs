//! The ledger's error type.

use std::path::PathBuf;

use super::SCHEMA_VERSION;

/// Result alias for the ledger.
pub type Result<T, E = AuditError> = std::result::Result<T, E>;

/// Everything that can go wrong with the ledger. Each variant that concerns the database names
/// its path, e.g. `ledger /home/a/.local/share/clearframe/ledger.sqlite3: database is locked`.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// SQLite failed (locked past the busy timeout, disk full, not a database…).
    #[error("ledger {}: {source}", path.display())]
    Sqlite {
        /// The ledger file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// Creating the ledger's folder or file, or writing an export, failed.
    #[error("ledger {}: {source}", path.display())]
    Io {
        /// The ledger file.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is an SQLite database but not a ClearFrame ledger.
    #[error("ledger {}: not a ClearFrame ledger ({reason})", path.display())]
    NotALedger {
        /// The file.
        path: PathBuf,
        /// Why it is not one.
        reason: String,
    },
    /// The ledger was created by a newer ClearFrame.
    #[error(
        "ledger {}: schema version {found} is newer than this ClearFrame supports ({SCHEMA_VERSION}); update ClearFrame",
        path.display()
    )]
    NewerSchema {
        /// The ledger file.
        path: PathBuf,
        /// The version found.
        found: i64,
    },
    /// A stored row cannot be read back (its JSON does not parse, the chain head is missing…).
    /// `verify` reports the same problem without failing.
    #[error("ledger {}: row {id}: {message}; run the ledger verification", path.display())]
    Corrupt {
        /// The ledger file.
        path: PathBuf,
        /// The row concerned (0 for the chain head).
        id: i64,
        /// What is wrong.
        message: String,
    },
    /// The entry given to `append` / `begin_export` is not valid; nothing was written.
    #[error("invalid audit entry: {0}")]
    InvalidEntry(String),
}

impl AuditError {
    /// True when another process held the ledger for longer than [`BUSY_TIMEOUT`](super::BUSY_TIMEOUT).
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            AuditError::Sqlite {
                source: rusqlite::Error::SqliteFailure(e, _),
                ..
            } if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}
