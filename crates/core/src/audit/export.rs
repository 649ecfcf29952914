//! CSV and JSON export of ledger rows.

use std::io::{self, Write};

use super::{AuditRow, KindCounts};
use crate::finding::Kind;

/// The columns before the finding counts.
const LEADING: [&str; 13] = [
    "id",
    "time",
    "outcome",
    "reviewer",
    "policy_id",
    "policy_sha256",
    "subject",
    "destination",
    "attestations",
    "consent_ref",
    "input_sha256",
    "output_sha256",
    "output_name",
];

/// The columns after the finding counts.
const TRAILING: [&str; 6] = [
    "dismissals",
    "unmet",
    "models",
    "app_version",
    "prev_hash",
    "row_hash",
];

/// The CSV header, in column order: three counts for each kind of [`Kind::ALL`]
/// (`face_found`, `face_redacted`, `face_dismissed`, …) between the fixed columns.
pub(crate) fn csv_header() -> Vec<String> {
    let counts = Kind::ALL
        .iter()
        .flat_map(|k| ["found", "redacted", "dismissed"].map(|c| format!("{}_{c}", k.as_str())));
    (LEADING.iter().map(|c| c.to_string()))
        .chain(counts)
        .chain(TRAILING.iter().map(|c| c.to_string()))
        .collect()
}

/// One CSV cell: quoted when needed (RFC 4180); a leading `=`, `+`, `-`, `@`, tab or CR gets a
/// `'` so spreadsheets do not evaluate it as a formula.
fn cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn counts(c: KindCounts) -> [String; 3] {
    [
        c.found.to_string(),
        c.redacted.to_string(),
        c.dismissed.to_string(),
    ]
}

pub(crate) fn write_csv<W: Write>(rows: &[AuditRow], writer: W) -> io::Result<()> {
    let mut w = io::BufWriter::new(writer);
    let header = csv_header();
    w.write_all(header.join(",").as_bytes())?;
    w.write_all(b"\r\n")?;
    for r in rows {
        let e = &r.entry;
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let mut cells: Vec<String> = vec![
            r.id.to_string(),
            e.time.clone(),
            e.outcome.as_str().to_string(),
            opt(&e.reviewer),
            e.policy_id.clone(),
            e.policy_sha256.clone(),
            e.subject.clone(),
            e.destination.clone(),
            json(&e.attestations),
            opt(&e.consent_ref),
            opt(&e.input_sha256),
            opt(&e.output_sha256),
            opt(&e.output_name),
        ];
        for kind in Kind::ALL {
            cells.extend(counts(e.findings.get(kind)));
        }
        cells.extend([
            json(&e.dismissals),
            json(&e.unmet),
            json(&e.models),
            e.app_version.clone(),
            r.prev_hash.clone(),
            r.row_hash.clone(),
        ]);
        debug_assert_eq!(cells.len(), header.len());
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        w.write_all(line.join(",").as_bytes())?;
        w.write_all(b"\r\n")?;
    }
    w.flush()
}

pub(crate) fn write_json<W: Write>(rows: &[AuditRow], writer: W) -> io::Result<()> {
    let mut w = io::BufWriter::new(writer);
    serde_json::to_writer_pretty(&mut w, rows).map_err(io::Error::from)?;
    w.write_all(b"\n")?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formula_guarded() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell(""), "");
    }
}
