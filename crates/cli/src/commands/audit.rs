//! `clearframe audit`: read, verify and export the audit ledger.

use std::io::Write;

use anyhow::Result;
use clearframe_core::{audit, Error};

use crate::args::AuditCommand;
use crate::{output, EXIT_FILE_ERRORS};

/// `audit COMMAND` on the ledger at `path`, which must exist.
pub(crate) fn run(command: AuditCommand, path: &std::path::Path) -> Result<u8> {
    if !path.exists() {
        anyhow::bail!(
            "no audit ledger at {} (nothing has been exported or refused yet)",
            path.display()
        );
    }
    let ledger = audit::Ledger::open(path).map_err(Error::from)?;
    let mut out = std::io::stdout().lock();
    match command {
        AuditCommand::List(args) => {
            let rows = ledger.list(&args.filter()).map_err(Error::from)?;
            for row in &rows {
                output::print_audit_row(&mut out, row)?;
            }
            if rows.is_empty() {
                writeln!(out, "no rows")?;
            }
            Ok(0)
        }
        AuditCommand::Show { id } => match ledger.get(id).map_err(Error::from)? {
            Some(row) => {
                writeln!(out, "{}", serde_json::to_string_pretty(&row)?)?;
                Ok(0)
            }
            None => anyhow::bail!("{}: no row {id}", path.display()),
        },
        AuditCommand::Verify => {
            let report = ledger.verify().map_err(Error::from)?;
            if report.ok {
                writeln!(out, "ok: {} rows, hash chain intact", report.rows_checked)?;
                if let Some(head) = &report.head {
                    writeln!(
                        out,
                        "head: {} rows, last hash {} (record it elsewhere to pin the ledger)",
                        head.count, head.last_hash
                    )?;
                }
                Ok(0)
            } else {
                eprintln!(
                    "clearframe: ledger {} FAILED verification at row {}: {}",
                    path.display(),
                    report.first_bad_row.map_or("?".into(), |r| r.to_string()),
                    report.problem.as_deref().unwrap_or("unknown problem")
                );
                Ok(EXIT_FILE_ERRORS)
            }
        }
        AuditCommand::Export { format, filter } => {
            let rows = ledger.list(&filter.filter()).map_err(Error::from)?;
            if format == "json" {
                ledger.export_json(&rows, &mut out).map_err(Error::from)?;
            } else {
                ledger.export_csv(&rows, &mut out).map_err(Error::from)?;
            }
            Ok(0)
        }
    }
}
