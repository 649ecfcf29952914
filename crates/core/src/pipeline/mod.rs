//! The one pipeline the CLI and the app share: collect inputs, scan, plan, gate, redact,
//! encode, verify, write. Progress and cancellation are passed in.
//!
//! - [`batch`]: inputs, progress, cancellation, one or several workers;
//! - [`scan`]: decode and detect one file;
//! - [`request`]: the export request and the gate;
//! - [`verify`]: the per-picture stage (redact, encode, verify) photos, decks and PDFs share;
//! - [`export`]: the one writer of exports and their ledger rows.

mod batch;
mod export;
mod request;
mod scan;
mod verify;
mod workers;

pub use batch::{
    collect_export_inputs, collect_inputs, run_batch, run_batch_parallel, BatchSummary,
    CancelToken, Progress, ProgressSink,
};
pub use export::{export, ExportOutcome};
pub(crate) use export::{export_document, DocumentCopy};
pub use request::{plan_summary, ExportRequest};
pub use scan::{scan_file, scan_file_staged, ScanReport};
pub use verify::{redact_encode_verify, verify_output, EncodedPicture, VerificationReport};
pub use workers::{load_workers, workers, workers_memory_allows, WORKER_MEMORY};
