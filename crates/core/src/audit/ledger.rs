//! The ledger itself: the SQLite file and its schema, opening it, appending rows (directly or
//! in two phases through [`Pending`]), reading them back and exporting them.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::entry::{AuditEntry, Outcome};
use super::error::{AuditError, Result};
use super::export;
use super::time::format_rfc3339;

/// The schema version stored in SQLite's `user_version`.
pub const SCHEMA_VERSION: i64 = 1;

/// SQLite `application_id` marking a ClearFrame ledger (`"CFLG"`).
pub const APPLICATION_ID: i64 = 0x4346_4C47;

/// The `prev_hash` of the first row: 64 zeros.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How long an append waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The ledger's default location: `$XDG_DATA_HOME/clearframe/ledger.sqlite3` when
/// `XDG_DATA_HOME` is set to an absolute path, else `$HOME/.local/share/clearframe/ledger.sqlite3`
/// (else `%APPDATA%\clearframe\ledger.sqlite3`, else `clearframe/ledger.sqlite3` relative to the
/// current folder when no home is known).
pub fn default_ledger_path() -> PathBuf {
    ledger_path_from(
        std::env::var_os("XDG_DATA_HOME"),
        std::env::var_os("HOME"),
        std::env::var_os("APPDATA"),
    )
}

pub(super) fn ledger_path_from(
    xdg_data_home: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
    appdata: Option<std::ffi::OsString>,
) -> PathBuf {
    let absolute = |v: Option<std::ffi::OsString>| {
        v.map(PathBuf::from)
            .filter(|p| !p.as_os_str().is_empty() && p.is_absolute())
    };
    let data_dir = absolute(xdg_data_home)
        .or_else(|| absolute(home).map(|h| h.join(".local").join("share")))
        .or_else(|| absolute(appdata))
        .unwrap_or_default();
    data_dir.join("clearframe").join("ledger.sqlite3")
}

/// `hex(sha256(prev_hash ‖ entry_json))`.
pub fn chain_hash(prev_hash: &str, entry_json: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(entry_json.as_bytes());
    crate::hash::hex(&h.finalize())
}

/// What the ledger's rows are exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// RFC 4180 CSV, one line per row ([`Ledger::export_csv`]).
    Csv,
    /// A JSON array of rows ([`Ledger::export_json`]).
    Json,
}

impl ExportFormat {
    /// `csv` or `json`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }
}

/// A stored row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditRow {
    /// Row id: 1, 2, 3… in chain order.
    pub id: i64,
    /// The previous row's `row_hash` (64 zeros for row 1).
    pub prev_hash: String,
    /// `sha256(prev_hash ‖ canonical JSON of entry)`.
    pub row_hash: String,
    /// What the row records (parsed from the stored JSON).
    pub entry: AuditEntry,
}

/// What an append wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppendedRow {
    /// The new row's id.
    pub id: i64,
    /// Its `prev_hash`.
    pub prev_hash: String,
    /// Its `row_hash`, which is now the chain head.
    pub row_hash: String,
}

/// The chain head: how many rows the ledger should have and the last row's hash. Record it
/// outside the ledger to pin the ledger's past ([`Ledger::verify_pinned`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChainHead {
    /// Number of rows.
    pub count: i64,
    /// `row_hash` of the last row ([`GENESIS_HASH`] when empty).
    pub last_hash: String,
}

/// Which rows [`Ledger::list`] returns. The default selects every row.
///
/// Times compare with each row's recorded `time`; rows are ordered by id (chain order), and
/// since times come from the system clock they are not guaranteed to increase with the id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this outcome.
    pub outcome: Option<Outcome>,
    /// Only this policy id.
    pub policy_id: Option<String>,
    /// Only rows at or after this time.
    pub since: Option<SystemTime>,
    /// Only rows strictly before this time.
    pub until: Option<SystemTime>,
    /// At most this many rows: the most recent ones (still returned oldest first).
    pub limit: Option<usize>,
}

/// The audit ledger: an SQLite database holding the hash-chained rows.
///
/// Open one per process (or per thread); several processes may append to the same file at once.
pub struct Ledger {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
}

impl fmt::Debug for Ledger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ledger").field("path", &self.path).finish()
    }
}

const SCHEMA: &str = "
CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,
    time          TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('exported', 'refused')),
    reviewer      TEXT,
    policy_id     TEXT NOT NULL,
    policy_sha256 TEXT NOT NULL,
    subject       TEXT NOT NULL,
    destination   TEXT NOT NULL,
    consent_ref   TEXT,
    input_sha256  TEXT,
    output_sha256 TEXT,
    output_name   TEXT,
    app_version   TEXT NOT NULL,
    entry         TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    row_hash      TEXT NOT NULL
) STRICT;
CREATE INDEX entries_time ON entries (time);
CREATE INDEX entries_policy_time ON entries (policy_id, time);
CREATE TABLE chain_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    count     INTEGER NOT NULL,
    last_hash TEXT NOT NULL
) STRICT;
";

/// The indexed columns, in the order `insert_row` binds them and `verify` reads them.
pub(crate) const COLUMNS: [&str; 12] = [
    "time",
    "outcome",
    "reviewer",
    "policy_id",
    "policy_sha256",
    "subject",
    "destination",
    "consent_ref",
    "input_sha256",
    "output_sha256",
    "output_name",
    "app_version",
];

/// The column values an entry implies, in [`COLUMNS`] order.
pub(crate) fn column_values(e: &AuditEntry) -> [Option<&str>; 12] {
    [
        Some(&e.time),
        Some(e.outcome.as_str()),
        e.reviewer.as_deref(),
        Some(&e.policy_id),
        Some(&e.policy_sha256),
        Some(&e.subject),
        Some(&e.destination),
        e.consent_ref.as_deref(),
        e.input_sha256.as_deref(),
        e.output_sha256.as_deref(),
        e.output_name.as_deref(),
        Some(&e.app_version),
    ]
}

impl Ledger {
    /// Open the ledger at `path`, creating its folder (mode 0700 on Unix), the file (0600) and
    /// the schema when they do not exist. Fails with [`AuditError::NotALedger`] for another
    /// SQLite database and [`AuditError::NewerSchema`] for a ledger from a newer ClearFrame.
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger> {
        let path = path.as_ref().to_path_buf();
        let io = |source| AuditError::Io {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let mut b = std::fs::DirBuilder::new();
            b.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            b.create(dir).map_err(io)?;
        }
        // Create the file ourselves so it is private; SQLite gives its -wal/-shm files the same
        // permissions. An empty file is a valid empty database.
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        match o.open(&path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(e)),
        }
        // A file SQLite cannot read as a database (damaged, truncated, or another kind of file)
        // is named as such, not as an SQLite error code.
        let sql = |source: rusqlite::Error| {
            match &source {
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::NotADatabase => {
                AuditError::NotALedger {
                    path: path.clone(),
                    reason: "the file is not a readable SQLite database: damaged, or another \
                             kind of file; keep it for the record and move it aside to start a new ledger"
                        .into(),
                }
            }
            _ => AuditError::Sqlite {
                path: path.clone(),
                source,
            },
        }
        };
        let mut conn = Connection::open(&path).map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        // Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at
        // once (without calling the busy handler) when another process is opening the same new
        // ledger: retry until the busy timeout.
        let started = std::time::Instant::now();
        let mode: String = loop {
            match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)) {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => break other.map_err(sql)?,
            }
        };
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(AuditError::NotALedger {
                path: path.clone(),
                reason: format!("cannot use WAL journal mode (got `{mode}`)"),
            });
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql)?;
        let app_id: i64 = tx
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(sql)?;
        if version == 0 {
            let objects: i64 = tx
                .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
                .map_err(sql)?;
            if objects > 0 {
                return Err(AuditError::NotALedger {
                    path: path.clone(),
                    reason: "the database already holds other tables".into(),
                });
            }
            tx.execute_batch(SCHEMA).map_err(sql)?;
            tx.execute(
                "INSERT INTO chain_head (singleton, count, last_hash) VALUES (1, 0, ?1)",
                [GENESIS_HASH],
            )
            .map_err(sql)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(sql)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                .map_err(sql)?;
        } else if app_id != APPLICATION_ID {
            return Err(AuditError::NotALedger {
                path: path.clone(),
                reason: format!("application id {app_id:#x}"),
            });
        } else if version > SCHEMA_VERSION {
            return Err(AuditError::NewerSchema {
                path: path.clone(),
                found: version,
            });
        }
        tx.commit().map_err(sql)?;
        Ok(Ledger { conn, path })
    }

    /// Open the ledger at [`default_ledger_path`].
    pub fn open_default() -> Result<Ledger> {
        Ledger::open(default_ledger_path())
    }

    /// The ledger file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql_err(&self) -> impl Fn(rusqlite::Error) -> AuditError + '_ {
        |source| AuditError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Append one row (an export already done, or a refusal) in its own `BEGIN IMMEDIATE`
    /// transaction. Waits up to [`BUSY_TIMEOUT`] for other writers.
    pub fn append(&mut self, entry: &AuditEntry) -> Result<AppendedRow> {
        self.begin_export(entry)?.commit()
    }

    /// Phase one of an export whose file and record must stand or fall together.
    ///
    /// Opens a `BEGIN IMMEDIATE` transaction (taking the ledger's write lock), reads the chain
    /// head inside it and inserts the row; nothing is visible to others until
    /// [`Pending::commit`]. The protocol:
    ///
    /// 1. encode and verify the output bytes, compute their sha256, build the entry;
    /// 2. `let pending = ledger.begin_export(&entry)?;` — if this fails, write nothing;
    /// 3. write the output file (with `--keep-names`, then [`Pending::set_output_name`] with the
    ///    name it actually got); if writing fails, drop `pending` (rollback: no row);
    /// 4. `pending.commit()`; if the commit fails the row is not in the ledger, so **delete the
    ///    file just written** and report the error.
    ///
    /// Dropping a `Pending` without committing rolls the row back. Other processes wait for the
    /// write lock while a `Pending` is open, so keep step 3 short (write and read back only; do
    /// detection, redaction and encoding before step 2). A crash between steps 3 and 4 can leave
    /// a written file without a row; SQLite's commit is atomic, so never a half row.
    pub fn begin_export(&mut self, entry: &AuditEntry) -> Result<Pending<'_>> {
        entry.validate()?;
        let Ledger { conn, path } = self;
        let path: &Path = path;
        let sql = |source| AuditError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let head = read_head(&tx, path)?;
        let json = entry.canonical_json();
        let row_hash = chain_hash(&head.last_hash, &json);
        let v = column_values(entry);
        tx.execute(
            "INSERT INTO entries (time, outcome, reviewer, policy_id, policy_sha256, subject,
                destination, consent_ref, input_sha256, output_sha256, output_name, app_version,
                entry, prev_hash, row_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                v[0],
                v[1],
                v[2],
                v[3],
                v[4],
                v[5],
                v[6],
                v[7],
                v[8],
                v[9],
                v[10],
                v[11],
                json,
                head.last_hash,
                row_hash
            ],
        )
        .map_err(sql)?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE chain_head SET count = ?1, last_hash = ?2 WHERE singleton = 1",
            params![head.count + 1, row_hash],
        )
        .map_err(sql)?;
        Ok(Pending {
            tx,
            path,
            entry: entry.clone(),
            row: AppendedRow {
                id,
                prev_hash: head.last_hash,
                row_hash,
            },
        })
    }

    /// The chain head as recorded: row count and last hash. Record it elsewhere to pin the
    /// ledger ([`Ledger::verify_pinned`]).
    pub fn head(&self) -> Result<ChainHead> {
        read_head(&self.conn, &self.path)
    }

    /// The rows matching `filter`, oldest first (with a limit: the most recent `limit` rows,
    /// oldest first). Filters use the indexed columns; [`Ledger::verify`] checks those against
    /// the hashed JSON.
    pub fn list(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
        let sql = self.sql_err();
        let limit = filter
            .limit
            .map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, prev_hash, row_hash, entry FROM entries
                 WHERE (?1 IS NULL OR outcome = ?1)
                   AND (?2 IS NULL OR policy_id = ?2)
                   AND (?3 IS NULL OR time >= ?3)
                   AND (?4 IS NULL OR time < ?4)
                 ORDER BY id DESC LIMIT ?5",
            )
            .map_err(&sql)?;
        let raw = stmt
            .query_map(
                params![
                    filter.outcome.map(Outcome::as_str),
                    filter.policy_id,
                    filter.since.map(format_rfc3339),
                    filter.until.map(format_rfc3339),
                    limit
                ],
                raw_row,
            )
            .map_err(&sql)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&sql)?;
        let mut rows = raw
            .into_iter()
            .map(|r| self.parse_row(r))
            .collect::<Result<Vec<_>>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// The row with this id, if any.
    pub fn get(&self, id: i64) -> Result<Option<AuditRow>> {
        let raw = self
            .conn
            .query_row(
                "SELECT id, prev_hash, row_hash, entry FROM entries WHERE id = ?1",
                [id],
                raw_row,
            )
            .optional()
            .map_err(self.sql_err())?;
        raw.map(|r| self.parse_row(r)).transpose()
    }

    fn parse_row(&self, (id, prev_hash, row_hash, json): RawRow) -> Result<AuditRow> {
        let entry = serde_json::from_str(&json).map_err(|e| AuditError::Corrupt {
            path: self.path.clone(),
            id,
            message: format!("stored entry is not valid JSON for an audit entry: {e}"),
        })?;
        Ok(AuditRow {
            id,
            prev_hash,
            row_hash,
            entry,
        })
    }

    /// Write `rows` as CSV (RFC 4180, header line, one line per row; nested fields as JSON).
    /// Cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so a spreadsheet does
    /// not run them as formulas.
    pub fn export_csv<W: Write>(&self, rows: &[AuditRow], writer: W) -> Result<()> {
        export::write_csv(rows, writer).map_err(|source| AuditError::Io {
            path: self.path.clone(),
            source,
        })
    }

    /// Write `rows` as a pretty-printed JSON array of [`AuditRow`] objects.
    pub fn export_json<W: Write>(&self, rows: &[AuditRow], writer: W) -> Result<()> {
        export::write_json(rows, writer).map_err(|source| AuditError::Io {
            path: self.path.clone(),
            source,
        })
    }

    /// Write `rows` to the file `path` in `format`, replacing it whole (never a part of it: see
    /// [`crate::fs::replace_file`]); errors name `path`.
    pub fn export_file(
        &self,
        rows: &[AuditRow],
        path: &Path,
        format: ExportFormat,
    ) -> crate::Result<()> {
        crate::fs::replace_file(path, |w| match format {
            ExportFormat::Csv => export::write_csv(rows, w),
            ExportFormat::Json => export::write_json(rows, w),
        })
    }
}

type RawRow = (i64, String, String, String);

fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

pub(super) fn read_head(conn: &Connection, path: &Path) -> Result<ChainHead> {
    conn.query_row(
        "SELECT count, last_hash FROM chain_head WHERE singleton = 1",
        [],
        |r| {
            Ok(ChainHead {
                count: r.get(0)?,
                last_hash: r.get(1)?,
            })
        },
    )
    .optional()
    .map_err(|source| AuditError::Sqlite {
        path: path.to_path_buf(),
        source,
    })?
    .ok_or_else(|| AuditError::Corrupt {
        path: path.to_path_buf(),
        id: 0,
        message: "the chain head is missing".into(),
    })
}

/// A row inserted in an open `BEGIN IMMEDIATE` transaction, waiting for the export's file to be
/// written. [`commit`](Pending::commit) makes it permanent; dropping it rolls it back. See
/// [`Ledger::begin_export`] for the protocol.
#[must_use = "dropping a Pending rolls the row back; call commit() once the file is written"]
pub struct Pending<'a> {
    tx: rusqlite::Transaction<'a>,
    path: &'a Path,
    entry: AuditEntry,
    row: AppendedRow,
}

impl fmt::Debug for Pending<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("path", &self.path)
            .field("row", &self.row)
            .finish()
    }
}

impl Pending<'_> {
    /// The row as it will be committed.
    pub fn row(&self) -> &AppendedRow {
        &self.row
    }

    /// The entry as it will be committed.
    pub fn entry(&self) -> &AuditEntry {
        &self.entry
    }

    /// Record the name the output file actually got (only with `--keep-names`): the row's JSON
    /// and hash are recomputed inside the still-open transaction.
    pub fn set_output_name(&mut self, name: Option<String>) -> Result<()> {
        let mut entry = self.entry.clone();
        entry.output_name = name;
        entry.validate()?;
        let json = entry.canonical_json();
        let row_hash = chain_hash(&self.row.prev_hash, &json);
        let sql = |source| AuditError::Sqlite {
            path: self.path.to_path_buf(),
            source,
        };
        self.tx
            .execute(
                "UPDATE entries SET output_name = ?1, entry = ?2, row_hash = ?3 WHERE id = ?4",
                params![entry.output_name, json, row_hash, self.row.id],
            )
            .map_err(sql)?;
        self.tx
            .execute(
                "UPDATE chain_head SET last_hash = ?1 WHERE singleton = 1",
                [&row_hash],
            )
            .map_err(sql)?;
        self.entry = entry;
        self.row.row_hash = row_hash;
        Ok(())
    }

    /// Make the row permanent. On error the row is not in the ledger: delete the exported file.
    pub fn commit(self) -> Result<AppendedRow> {
        let Pending { tx, path, row, .. } = self;
        tx.commit().map_err(|source| AuditError::Sqlite {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(row)
    }

    /// Roll the row back explicitly (dropping does the same, ignoring errors).
    pub fn rollback(self) -> Result<()> {
        let Pending { tx, path, .. } = self;
        tx.rollback().map_err(|source| AuditError::Sqlite {
            path: path.to_path_buf(),
            source,
        })
    }
}
