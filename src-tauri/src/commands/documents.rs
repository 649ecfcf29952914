//! Slide decks and PDFs: vetting one, reviewing its pictures in the canvas, and exporting its
//! redacted copy through the gate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clearframe_core::audit::Ledger;
use clearframe_core::document::{self, DocumentExportOutcome};
use clearframe_core::l10n::Lang;
use clearframe_core::pipeline::ScanReport;
use clearframe_core::redact::RedactionPlan;
use serde::Serialize;
use tauri::State;

use super::export::ConsentForm;
use super::images::{summarize, ImageSummary};
use super::{absolute, background, file_name};
use crate::error::{AppError, AppResult};
use crate::state::{lock, AppState, DocumentOrigin, OpenImage};

/// A vetted slide deck or PDF, as the document view shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DocumentView {
    /// The document.
    pub path: PathBuf,
    /// Its file name, for display.
    pub file_name: String,
    /// One short line per concern (properties naming people, pictures with findings, crops
    /// or metadata, identifier-like text, comments), in every language by its id (`en`, `fr`:
    /// the view follows a change of language without vetting again); empty when nothing was
    /// found.
    pub concerns: BTreeMap<String, Vec<String>>,
    /// `kind` (`pptx` or `pdf`) and the whole `report`, as `clearframe vet --json` prints it.
    #[serde(flatten)]
    pub document: document::DocumentReport,
}

/// Vet a slide deck or PDF (its pictures scanned with the shared detector) on a background
/// thread: what `clearframe vet` reports.
#[tauri::command]
pub async fn vet_document(state: State<'_, AppState>, path: String) -> AppResult<DocumentView> {
    let state = state.inner().clone();
    let path = absolute(&path, "app-what-document")?;
    background("clearframe-vet", move || vet_document_at(&state, &path)).await
}

/// See [`vet_document`] (blocking).
pub fn vet_document_at(state: &AppState, path: &Path) -> AppResult<DocumentView> {
    let detector = state.detector()?;
    let report = document::vet(path, Some(&detector), &document::VetOptions::default())?;
    Ok(DocumentView {
        path: path.to_path_buf(),
        file_name: file_name(path),
        concerns: (Lang::ALL.iter())
            .map(|&lang| (lang.id().to_string(), report.concerns_in(lang)))
            .collect(),
        document: report,
    })
}

/// Open one picture of a document in the review canvas: a deck's picture (by part name, as
/// the report lists it) or a PDF's page (`page N`), drawn as the document's copy draws it and
/// scanned, with what the copy would cover. Its plan is edited like a photo's and goes into the
/// document's copy ([`export_document`]); it is not exported on its own. Opening the same
/// picture again returns the one already open (with its edits).
#[tauri::command]
pub async fn open_document_picture(
    state: State<'_, AppState>,
    path: String,
    key: String,
) -> AppResult<ImageSummary> {
    let state = state.inner().clone();
    let path = absolute(&path, "app-what-document")?;
    background("clearframe-review", move || {
        open_document_picture_at(&state, &path, &key)
    })
    .await
}

/// See [`open_document_picture`] (blocking).
pub fn open_document_picture_at(
    state: &AppState,
    path: &Path,
    key: &str,
) -> AppResult<ImageSummary> {
    if let Some(id) = state.document_picture(path, key) {
        let img = state.image(id)?;
        let guard = lock(&img);
        return Ok(summarize(id, &guard));
    }
    let detector = state.detector()?;
    let opts = document::DocumentRedactOptions::default();
    let pic = document::picture_for_review(path, key, &detector, &opts)?;
    let (width, height) = pic.image.pixels.dimensions();
    let report = ScanReport {
        path: path.to_path_buf(),
        width,
        height,
        orientation: 1,
        plan: RedactionPlan::from_findings(&pic.findings, width, height, &opts.deck.defaults),
        metadata: pic.image.metadata.report.clone(),
    };
    let mut open = OpenImage::new(pic.image, report, detector.model_sha256());
    open.origin = Some(DocumentOrigin {
        path: path.to_path_buf(),
        key: key.to_string(),
        pixels_sha256: pic.pixels_sha256,
    });
    let id = state.insert(open);
    let img = state.image(id)?;
    let guard = lock(&img);
    Ok(summarize(id, &guard))
}

/// Write a redacted copy of a slide deck or PDF into `out_dir` through the consent gate, with
/// its ledger row (the core's `document::write_redacted_document` and `RedactedDocument::export`,
/// as `clearframe redact` and `vet --out`). A deck: every picture redacted whole,
/// identifier-like text replaced (but what the reviewer keeps, with a reason), notes,
/// comments, hidden slides and embedded objects removed, properties and thumbnail cleaned. A
/// PDF: every page drawn, scanned and redacted (identifier-like lines of its text covered, but
/// those kept), written as an image-only PDF. The copy is verified before it is written.
#[tauri::command]
pub async fn export_document(
    state: State<'_, AppState>,
    path: String,
    out_dir: String,
    form: ConsentForm,
    keep_text: Option<Vec<document::KeepText>>,
) -> AppResult<DocumentExportOutcome> {
    let state = state.inner().clone();
    let path = absolute(&path, "app-what-document")?;
    let out_dir = absolute(&out_dir, "app-what-output-folder")?;
    let keep = keep_text.unwrap_or_default();
    background("clearframe-copy", move || {
        export_document_at(&state, &path, out_dir, &form, keep)
    })
    .await
}

/// See [`export_document`] (blocking). `keep` is the flagged text the reviewer keeps visible,
/// each with a reason (a blank reason is refused: `invalid`).
pub fn export_document_at(
    state: &AppState,
    path: &Path,
    out_dir: PathBuf,
    form: &ConsentForm,
    keep: Vec<document::KeepText>,
) -> AppResult<DocumentExportOutcome> {
    if let Some(k) = keep.iter().find(|k| k.reason.trim().is_empty()) {
        return Err(AppError::invalid(super::locale::text(
            "app-keep-reason",
            &[("text", (&k.text).into())],
        )));
    }
    let policy = state.policy(&form.policy)?;
    // Refuse before the slow part (and before loading a model) when the request itself cannot
    // pass; the refusal is recorded, as always.
    let mut ledger = Ledger::open(state.ledger_path())?;
    form.request(&policy, out_dir.clone(), Default::default())
        .gate_or_record_refusal(None, None, &mut ledger)?;
    let detector = state.detector()?;
    // Every model the copy is scanned with is recorded in the ledger row.
    detector.preload()?;
    let req = form.request(&policy, out_dir, detector.model_sha256());
    let mut opts = document::DocumentRedactOptions::default();
    opts.deck.keep_text = keep.clone();
    opts.pdf.keep_text = keep;
    // The pictures reviewed in the canvas are covered as the reviewer left them.
    let reviewed = state.reviewed_pictures(path);
    opts.deck.reviewed = reviewed.clone();
    opts.pdf.reviewed = reviewed;
    let copy = document::write_redacted_document(path, &detector, &opts)?;
    Ok(copy.export(&req, None, &mut ledger)?)
}
