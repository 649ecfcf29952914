//! The commands the front end invokes. Each is a thin typed wrapper over `clearframe-core`:
//! scanning, previews and exports run on blocking worker threads, never on the UI thread.
//!
//! One file per area, each returning core types or small view types: [`policies`] (the
//! presets), [`images`] (opening and scanning images, their summaries),
//! [`preview`](mod@preview) (the review canvas's pictures), [`plan`] (editing a plan, undo and
//! redo), [`export`](mod@export) (the consent form, the gate and exporting an image),
//! [`audit`] (the ledger), [`documents`] (slide decks and PDFs) and [`locale`] (the system's
//! language). Everything public is
//! re-exported here.

use std::path::{Path, PathBuf};

use crate::error::{AppError, AppResult};
use crate::state::OpenImage;

pub mod audit;
pub mod documents;
pub mod export;
pub mod images;
pub mod locale;
pub mod plan;
pub mod policies;
pub mod preview;

pub use audit::{audit_export, audit_rows, audit_verify, export_ledger, ledger_path};
pub use documents::{
    export_document, export_document_at, open_document_picture, open_document_picture_at,
    vet_document, vet_document_at, DocumentView,
};
pub use export::{check_gate, export, export_image, ConsentForm};
pub use images::{
    cancel_scans, get_image, open_images, scan_paths, summarize, FindingView, ImageSummary,
    ScanEvent, ScanSummary,
};
pub use plan::{edit_plan, redo_edit, undo_edit};
pub use policies::{list_policies, PolicyView};
pub use preview::{get_preview, preview};

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Run blocking work on a worker thread.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| AppError::internal(format!("background task failed: {e}")))?
}

/// Run long background work (a scan) on a thread of its own at background CPU priority
/// ([`crate::priority::background_priority`]), so the window gets the CPU first while both cores
/// scan. A thread of its own: the lowered priority must not stay on a pooled thread that
/// later serves a preview or an export the user is waiting for.
async fn background<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let thread = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            crate::priority::background_priority();
            work()
        })
        .map_err(|e| AppError::internal(format!("could not start a background thread: {e}")))?;
    blocking(move || {
        thread
            .join()
            .unwrap_or_else(|_| Err(AppError::internal("background task failed")))
    })
    .await
}

/// `path` when it is a full path; else an `invalid` error naming `what` it should be (a
/// message id: `app-what-document`, `app-what-output-folder`, `app-what-file-to-write`).
fn absolute(path: &str, what: &str) -> AppResult<PathBuf> {
    let p = PathBuf::from(path.trim());
    let what = locale::text(what, &[]);
    if p.as_os_str().is_empty() {
        return Err(AppError::invalid(locale::text(
            "app-nothing-given",
            &[("what", (&what).into())],
        )));
    }
    if !p.is_absolute() {
        let path = p.display().to_string();
        return Err(AppError::invalid(locale::text(
            "app-not-full-path",
            &[("what", (&what).into()), ("path", (&path).into())],
        )));
    }
    Ok(p)
}

/// Refuse to change or export an image whose scan is not finished.
fn scanned(id: u64, img: &OpenImage) -> AppResult<()> {
    if img.scanning {
        let id = id.to_string();
        return Err(AppError::new(
            "scanning",
            locale::text("app-scanning", &[("id", (&id).into())]),
        ));
    }
    Ok(())
}
