//! The tamper-evident audit ledger: one row per export and per refusal, hash-chained, in SQLite.
//!
//! # Where it lives
//! `$XDG_DATA_HOME/clearframe/ledger.sqlite3`, else `~/.local/share/clearframe/ledger.sqlite3`
//! ([`default_ledger_path`]); any path can be given to [`Ledger::open`] instead.
//!
//! # What a row holds
//! An [`AuditEntry`]: UTC time, outcome (`exported` | `refused`), reviewer, policy id and the
//! sha256 of the preset file, subject, destination, every ticked attestation with the exact text
//! shown and its source clause, the consent reference, input and output sha256 (no output for a
//! refusal), finding counts by kind (found / redacted / dismissed) with each dismissal's reason,
//! the unmet conditions of a refusal, the sha256 of each model, and the app version.
//!
//! **No file names or paths are stored** (they often carry patient names): only hashes. The
//! output file's name is recorded only when the caller explicitly fills
//! [`AuditEntry::output_name`] (the CLI's `--keep-names`); it must be a bare file name.
//!
//! # Tamper evidence
//! Rows are hash-chained. Each row stores the entry as canonical JSON (compact `serde_json` of
//! [`AuditEntry`], fields in declaration order, maps sorted by key) in the `entry` column, and
//!
//! ```text
//! row_hash = hex(sha256(prev_hash ‖ entry))      (both as UTF-8 bytes; prev_hash in lowercase hex)
//! ```
//!
//! where `prev_hash` is the previous row's `row_hash`, or 64 zeros for the first row. An auditor
//! can recompute it with `printf '%s%s' "$prev_hash" "$entry" | sha256sum`.
//!
//! The other columns (`time`, `outcome`, `reviewer`, `policy_id`, …) are a query index over the
//! JSON, not a second source of truth: [`Ledger::verify`] recomputes every hash **from the stored
//! JSON** and then checks **every column against that JSON**, so an edit of any column is
//! reported, whether or not the JSON was edited too. The `chain_head` table (one row: the row
//! count and the last `row_hash`) is updated in the same transaction as each append, so deleting
//! the *last* rows is detected as well. Verification catches:
//!
//! * an edited row (JSON or any column, including `prev_hash` / `row_hash`): that row;
//! * a deleted row in the middle: the row after the gap (its `prev_hash` no longer matches);
//! * reordered rows (contents swapped between ids): the first row out of place;
//! * renumbered ids: ids must run 1, 2, 3… with no gap;
//! * deleted last rows: "chain head says N rows, found M";
//! * an edited row whose `row_hash` was recomputed: the next row (its `prev_hash` breaks).
//!
//! It does **not** catch a rewrite of the whole chain: anyone with write access to the file can
//! recompute every hash and the head. The ledger is tamper-*evident*, not tamper-proof. To pin it,
//! an auditor records [`Ledger::head`] (row count + last hash) somewhere the writer cannot reach;
//! [`Ledger::verify_pinned`] later proves that the first `count` rows are still exactly those.
//!
//! # Concurrency and durability
//! WAL journal, `synchronous = FULL`, a 10 s busy timeout, and every append in a
//! `BEGIN IMMEDIATE` transaction that reads the chain head *inside* the transaction, so two
//! processes exporting at once queue up and the chain stays linear.
//!
//! # An export and its record stand or fall together
//! See [`Ledger::begin_export`] for the two-phase protocol the pipeline uses.

mod entry;
mod error;
mod export;
mod ledger;
mod time;
mod verify;

#[cfg(test)]
mod tests;

pub use entry::{
    summarize_plan, AttestationRecord, AuditEntry, Dismissal, DocumentCounts, FindingCounts,
    KindCounts, Outcome, UnmetRecord,
};
pub use error::{AuditError, Result};
pub use ledger::{
    chain_hash, default_ledger_path, AppendedRow, AuditFilter, AuditRow, ChainHead, ExportFormat,
    Ledger, Pending, APPLICATION_ID, BUSY_TIMEOUT, GENESIS_HASH, SCHEMA_VERSION,
};
pub use time::{format_rfc3339, now_rfc3339, parse_rfc3339};
pub use verify::VerifyReport;

// For `verify`, which checks the rows `ledger` writes.
use ledger::read_head;
pub(crate) use ledger::{column_values, COLUMNS};
