//! `clearframe audit`: read, verify and export the audit ledger.

use std::io::Write;

use anyhow::Result;
use clearframe_core::{audit, Error};

use crate::args::AuditCommand;
use crate::l10n::t;
use crate::{output, EXIT_FILE_ERRORS};

/// `audit COMMAND` on the ledger at `path`, which must exist.
pub(crate) fn run(command: AuditCommand, path: &std::path::Path) -> Result<u8> {
    if !path.exists() {
        anyhow::bail!(t!("audit-no-ledger", path = path.display()));
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
                writeln!(out, "{}", t!("audit-no-rows"))?;
            }
            Ok(0)
        }
        AuditCommand::Show { id } => match ledger.get(id).map_err(Error::from)? {
            Some(row) => {
                writeln!(out, "{}", serde_json::to_string_pretty(&row)?)?;
                Ok(0)
            }
            None => anyhow::bail!(t!("audit-no-row", path = path.display(), id = id)),
        },
        AuditCommand::Verify => {
            let report = ledger.verify().map_err(Error::from)?;
            if report.ok {
                writeln!(out, "{}", t!("audit-ok", rows = report.rows_checked))?;
                if let Some(head) = &report.head {
                    let line = t!("audit-head", rows = head.count, hash = &head.last_hash);
                    writeln!(out, "{line}")?;
                }
                Ok(0)
            } else {
                let line = t!(
                    "audit-failed",
                    path = path.display(),
                    row = report.first_bad_row.map_or("?".into(), |r| r.to_string()),
                    problem =
                        (report.problem.clone()).unwrap_or_else(|| t!("audit-unknown-problem"))
                );
                eprintln!("{line}");
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
