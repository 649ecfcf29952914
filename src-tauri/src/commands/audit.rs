//! The audit ledger: where it is, its rows, its verification and its export.

use std::path::{Path, PathBuf};

use clearframe_core::audit::{AuditFilter, AuditRow, ExportFormat, Ledger, VerifyReport};
use tauri::State;

use super::{absolute, blocking};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The ledger file exports and refusals are recorded in.
#[tauri::command]
pub fn ledger_path(state: State<'_, AppState>) -> PathBuf {
    state.ledger_path().to_path_buf()
}

/// The most recent ledger rows (oldest first), at most `limit` (default 1000). An absent
/// ledger (nothing exported yet) has no rows.
#[tauri::command]
pub async fn audit_rows(
    state: State<'_, AppState>,
    limit: Option<usize>,
) -> AppResult<Vec<AuditRow>> {
    let path = state.ledger_path().to_path_buf();
    blocking(move || {
        if !path.exists() {
            return Ok(Vec::new());
        }
        let ledger = Ledger::open(&path)?;
        let filter = AuditFilter {
            limit: Some(limit.unwrap_or(1000)),
            ..AuditFilter::default()
        };
        Ok(ledger.list(&filter)?)
    })
    .await
}

/// Check the ledger's hash chain and chain head (what `clearframe audit verify` does).
#[tauri::command]
pub async fn audit_verify(state: State<'_, AppState>) -> AppResult<VerifyReport> {
    let path = state.ledger_path().to_path_buf();
    blocking(move || Ok(Ledger::open(&path)?.verify()?)).await
}

/// Write every ledger row to `path` as CSV (`format = "csv"`) or JSON (`"json"`), replacing
/// the file the user chose in the save dialog. Written to a temporary file in the same
/// folder and renamed, so a failure leaves no half-written file. Returns the rows written.
#[tauri::command]
pub async fn audit_export(
    state: State<'_, AppState>,
    path: String,
    format: String,
) -> AppResult<usize> {
    let ledger_path = state.ledger_path().to_path_buf();
    let out = absolute(&path, "app-what-file-to-write")?;
    blocking(move || export_ledger(&ledger_path, &out, &format)).await
}

/// See [`audit_export`] (blocking).
pub fn export_ledger(ledger_path: &Path, out: &Path, format: &str) -> AppResult<usize> {
    let format = ExportFormat::parse(format).ok_or_else(|| {
        AppError::invalid(super::locale::text(
            "app-unknown-format",
            &[("format", format.into())],
        ))
    })?;
    let ledger = Ledger::open(ledger_path)?;
    let rows = ledger.list(&AuditFilter::default())?;
    ledger.export_file(&rows, out, format)?;
    Ok(rows.len())
}
