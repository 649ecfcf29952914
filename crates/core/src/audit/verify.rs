//! Verification of the hash chain, the columns and the chain head.

use rusqlite::types::ValueRef;
use serde::Serialize;

use super::{
    chain_hash, column_values, read_head, AuditEntry, AuditError, ChainHead, Ledger, Result,
    COLUMNS, GENESIS_HASH,
};

/// The result of [`Ledger::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyReport {
    /// Rows read and checked.
    pub rows_checked: u64,
    /// True when the chain, every column and the chain head agree.
    pub ok: bool,
    /// The first row found bad: an edited row; the row after a deleted one; the first row out of
    /// place; or, when the last rows were deleted, the id the first missing row had.
    pub first_bad_row: Option<i64>,
    /// What is wrong with it, e.g. "row_hash does not match the row's content: the row was
    /// edited" or "chain head says 5 rows, found 4: the last rows were deleted".
    pub problem: Option<String>,
    /// The chain head as stored (`None` if it is missing).
    pub head: Option<ChainHead>,
}

/// A stored cell, read without trusting its type.
enum Cell {
    Null,
    Text(String),
    Other(&'static str),
}

impl Cell {
    fn read(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Cell> {
        Ok(match row.get_ref(i)? {
            ValueRef::Null => Cell::Null,
            ValueRef::Text(t) => match std::str::from_utf8(t) {
                Ok(s) => Cell::Text(s.to_string()),
                Err(_) => Cell::Other("non-UTF-8 text"),
            },
            ValueRef::Integer(_) => Cell::Other("an integer"),
            ValueRef::Real(_) => Cell::Other("a real"),
            ValueRef::Blob(_) => Cell::Other("a blob"),
        })
    }

    fn matches(&self, expected: Option<&str>) -> bool {
        match (self, expected) {
            (Cell::Null, None) => true,
            (Cell::Text(s), Some(e)) => s == e,
            _ => false,
        }
    }
}

struct StoredRow {
    id: i64,
    columns: Vec<Cell>,
    entry: Cell,
    prev_hash: Cell,
    row_hash: Cell,
}

/// Text of a cell that must be text; records a problem otherwise.
fn text<'c>(cell: &'c Cell, name: &str, problems: &mut Vec<String>) -> &'c str {
    match cell {
        Cell::Text(s) => s,
        Cell::Null => {
            problems.push(format!("column `{name}` is NULL"));
            ""
        }
        Cell::Other(kind) => {
            problems.push(format!("column `{name}` holds {kind}, not text"));
            ""
        }
    }
}

impl Ledger {
    /// Check the whole ledger: ids run 1, 2, 3…; each `row_hash` equals
    /// `sha256(prev_hash ‖ entry)` recomputed from the stored JSON; each `prev_hash` equals the
    /// previous row's `row_hash` (64 zeros for row 1); every indexed column equals the field of
    /// the hashed JSON; and the chain head's count and last hash match the rows. Reads one
    /// consistent snapshot, so it can run while other processes append.
    ///
    /// Returns `Err` only when the database cannot be read; a broken ledger is an `Ok` report
    /// with `ok: false` naming the first bad row.
    pub fn verify(&self) -> Result<VerifyReport> {
        self.verify_inner(None)
    }

    /// [`Ledger::verify`], and also check that row `pin.count` still has the hash `pin.last_hash`
    /// recorded earlier with [`Ledger::head`]: this detects a ledger whose chain was rebuilt
    /// (every hash recomputed) since it was pinned.
    pub fn verify_pinned(&self, pin: &ChainHead) -> Result<VerifyReport> {
        self.verify_inner(Some(pin))
    }

    fn verify_inner(&self, pin: Option<&ChainHead>) -> Result<VerifyReport> {
        let sql = |source| AuditError::Sqlite {
            path: self.path.clone(),
            source,
        };
        // One read transaction: a snapshot of the rows and the head together, so a concurrent
        // append cannot look like a deleted row.
        let tx = self.conn.unchecked_transaction().map_err(sql)?;
        let head = match read_head(&tx, &self.path) {
            Ok(h) => Some(h),
            Err(AuditError::Corrupt { .. }) => None,
            Err(e) => return Err(e),
        };
        let query = format!(
            "SELECT id, {}, entry, prev_hash, row_hash FROM entries ORDER BY id",
            COLUMNS.join(", ")
        );
        let mut stmt = tx.prepare(&query).map_err(sql)?;
        let mut rows = stmt.query([]).map_err(sql)?;

        let mut first_bad: Option<(Option<i64>, String)> = None;
        let mut expected_prev = GENESIS_HASH.to_string();
        let mut last_id = 0i64;
        let mut n = 0u64;
        let mut hash_at_pin: Option<String> = None;
        while let Some(row) = rows.next().map_err(sql)? {
            let n_cols = COLUMNS.len();
            let stored = StoredRow {
                id: row.get(0).map_err(sql)?,
                columns: (1..=n_cols)
                    .map(|i| Cell::read(row, i))
                    .collect::<rusqlite::Result<_>>()
                    .map_err(sql)?,
                entry: Cell::read(row, n_cols + 1).map_err(sql)?,
                prev_hash: Cell::read(row, n_cols + 2).map_err(sql)?,
                row_hash: Cell::read(row, n_cols + 3).map_err(sql)?,
            };
            n += 1;
            let problems = check_row(&stored, last_id, &expected_prev);
            if !problems.is_empty() && first_bad.is_none() {
                first_bad = Some((Some(stored.id), problems.join("; ")));
            }
            let row_hash = match &stored.row_hash {
                Cell::Text(s) => s.clone(),
                _ => String::new(),
            };
            if pin.is_some_and(|p| i64::try_from(n).is_ok_and(|n| n == p.count)) {
                hash_at_pin = Some(row_hash.clone());
            }
            expected_prev = row_hash;
            last_id = stored.id;
        }
        drop(rows);
        drop(stmt);
        drop(tx);

        let found = i64::try_from(n).unwrap_or(i64::MAX);
        if first_bad.is_none() {
            first_bad = match &head {
                None => Some((None, "the chain head is missing".to_string())),
                Some(h) if h.count > found => Some((
                    Some(last_id + 1),
                    format!(
                        "chain head says {} rows, found {found}: the last rows were deleted",
                        h.count
                    ),
                )),
                Some(h) if h.count < found => Some((
                    Some(h.count + 1),
                    format!(
                        "chain head says {} rows, found {found}: rows were added outside ClearFrame",
                        h.count
                    ),
                )),
                Some(h) if h.last_hash != expected_prev => Some((
                    Some(last_id),
                    "the chain head's hash differs from the last row's row_hash".to_string(),
                )),
                Some(_) => None,
            };
        }
        if let (None, Some(p)) = (&first_bad, pin) {
            let stored = if p.count == 0 {
                Some(GENESIS_HASH.to_string())
            } else {
                hash_at_pin
            };
            first_bad = match stored {
                None => Some((
                    Some(last_id + 1),
                    format!(
                        "the pinned head has {} rows, the ledger only {found}",
                        p.count
                    ),
                )),
                Some(h) if h != p.last_hash => Some((
                    Some(p.count),
                    format!(
                        "row {}'s hash differs from the pinned head: the ledger was rewritten since it was pinned",
                        p.count
                    ),
                )),
                Some(_) => None,
            };
        }
        let (first_bad_row, problem) = match first_bad {
            Some((id, p)) => (id, Some(p)),
            None => (None, None),
        };
        Ok(VerifyReport {
            rows_checked: n,
            ok: problem.is_none(),
            first_bad_row,
            problem,
            head,
        })
    }
}

/// Every problem with one row, given the previous row's id and hash.
fn check_row(row: &StoredRow, last_id: i64, expected_prev: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if row.id != last_id + 1 {
        problems.push(if row.id > last_id + 1 && last_id > 0 {
            format!(
                "ids jump from {last_id} to {}: rows were deleted or renumbered",
                row.id
            )
        } else {
            format!(
                "id should be {}: rows were deleted or renumbered",
                last_id + 1
            )
        });
    }
    let json = text(&row.entry, "entry", &mut problems);
    let prev = text(&row.prev_hash, "prev_hash", &mut problems);
    let hash = text(&row.row_hash, "row_hash", &mut problems);
    if chain_hash(prev, json) != hash {
        problems.push("row_hash does not match the row's content: the row was edited".into());
    }
    if prev != expected_prev {
        problems.push(if last_id == 0 {
            "prev_hash is not the genesis hash (64 zeros): earlier rows were deleted or the row was edited"
                .to_string()
        } else {
            format!(
                "prev_hash does not match row {last_id}'s row_hash: a row before it was deleted, \
                 rows were reordered, or row {last_id} was edited and rehashed"
            )
        });
    }
    match serde_json::from_str::<AuditEntry>(json) {
        Err(e) => problems.push(format!("the stored entry does not parse: {e}")),
        Ok(entry) => {
            let differing: Vec<&str> = COLUMNS
                .iter()
                .zip(&row.columns)
                .zip(column_values(&entry))
                .filter(|((_, cell), expected)| !cell.matches(*expected))
                .map(|((name, _), _)| *name)
                .collect();
            if !differing.is_empty() {
                problems.push(format!(
                    "column{} `{}` differ{} from the hashed entry: the row was edited",
                    if differing.len() == 1 { "" } else { "s" },
                    differing.join("`, `"),
                    if differing.len() == 1 { "s" } else { "" },
                ));
            }
        }
    }
    problems
}
