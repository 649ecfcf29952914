//! The ledger's error type.

use std::path::PathBuf;

use super::SCHEMA_VERSION;
use crate::l10n::{self, tr, Arg, Args, Lang};

/// Result alias for the ledger.
pub type Result<T, E = AuditError> = std::result::Result<T, E>;

/// Everything that can go wrong with the ledger. Each variant that concerns the database names
/// its path, e.g. `ledger /home/a/.local/share/clearframe/ledger.sqlite3: database is locked`.
/// `Display` is the English of [`AuditError::message_in`].
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// SQLite failed (locked past the busy timeout, disk full, not a database…).
    Sqlite {
        /// The ledger file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// Creating the ledger's folder or file, or writing an export, failed.
    Io {
        /// The ledger file.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is an SQLite database but not a ClearFrame ledger.
    NotALedger {
        /// The file.
        path: PathBuf,
        /// Why it is not one.
        reason: String,
    },
    /// The ledger was created by a newer ClearFrame.
    NewerSchema {
        /// The ledger file.
        path: PathBuf,
        /// The version found.
        found: i64,
    },
    /// A stored row cannot be read back (its JSON does not parse, the chain head is missing…).
    /// `verify` reports the same problem without failing.
    Corrupt {
        /// The ledger file.
        path: PathBuf,
        /// The row concerned (0 for the chain head).
        id: i64,
        /// What is wrong.
        message: String,
    },
    /// The entry given to `append` / `begin_export` is not valid; nothing was written.
    InvalidEntry(String),
}

impl std::fmt::Display for AuditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(Lang::En))
    }
}

impl AuditError {
    /// The message in `lang`, naming the ledger.
    pub fn message_in(&self, lang: Lang) -> String {
        let ledger = |id: &str, path: &std::path::Path, extra: &Args<'_>| {
            let path = path.display().to_string();
            let mut args = vec![("path", Arg::from(&path))];
            args.extend_from_slice(extra);
            tr(lang, id, &args)
        };
        match self {
            AuditError::Sqlite { path, .. } if self.is_busy() => {
                let detail = tr(lang, "io-busy", &[]);
                ledger("error-ledger", path, &[("detail", (&detail).into())])
            }
            AuditError::Sqlite { path, source } => {
                let detail = source.to_string();
                ledger("error-ledger", path, &[("detail", (&detail).into())])
            }
            AuditError::Io { path, source } => {
                let detail = l10n::io_detail(lang, source);
                ledger("error-ledger", path, &[("detail", (&detail).into())])
            }
            AuditError::NotALedger { path, reason } => ledger(
                "error-ledger-not-ledger",
                path,
                &[("detail", reason.into())],
            ),
            AuditError::NewerSchema { path, found } => {
                let (found, supported) = (found.to_string(), SCHEMA_VERSION.to_string());
                ledger(
                    "error-ledger-newer",
                    path,
                    &[
                        ("found", (&found).into()),
                        ("supported", (&supported).into()),
                    ],
                )
            }
            AuditError::Corrupt { path, id, message } => {
                let row = id.to_string();
                ledger(
                    "error-ledger-corrupt",
                    path,
                    &[("row", (&row).into()), ("detail", message.into())],
                )
            }
            AuditError::InvalidEntry(m) => tr(lang, "error-ledger-entry", &[("detail", m.into())]),
        }
    }

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
