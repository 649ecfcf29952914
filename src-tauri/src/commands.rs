//! The commands the front end invokes. Each is a thin typed wrapper over `clearframe-core`:
//! scanning, previews and exports run on blocking worker threads, never on the UI thread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use clearframe_core::audit::{AuditFilter, AuditRow, ExportFormat, Ledger, VerifyReport};
use clearframe_core::document::{self, DocumentExportOutcome};
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::metadata::{ContainerFormat, MetadataItem, MetadataReport};
use clearframe_core::pipeline::{self, ExportOutcome, ExportRequest, Progress, ScanReport};
use clearframe_core::policy::{self, Attestation, Choice, GateDecision, Rule, UnmetCondition};
use clearframe_core::redact::{
    Decision, EditError, EditHistory, PlanDefaults, PlanEdit, Preview, RedactionPlan,
    PREVIEW_MAX_SIDE,
};
use clearframe_core::{Kind, TextCategory};
use image::RgbImage;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::{AppError, AppResult};
use crate::state::{lock, AppState, DocumentOrigin, OpenImage, PreviewCache};

/// A policy preset as the consent panel shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyView {
    /// Stable id, e.g. `stanford-peds`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The institution it belongs to.
    pub institution: String,
    /// One-paragraph summary, when the preset has one.
    pub summary: Option<String>,
    /// The source policy text it was built from.
    pub source_file: String,
    /// What a picture can show.
    pub subjects: Vec<Choice>,
    /// Where a picture can go.
    pub destinations: Vec<Choice>,
    /// Every attestation, with its exact checkbox text and source clause.
    pub attestations: Vec<Attestation>,
    /// One rule per (subject, destination): forbidden or allowed, its conditions and source.
    pub rules: Vec<Rule>,
}

/// One finding of an image's plan.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// Position in the plan (what `edit_plan` takes).
    pub index: usize,
    /// `face`, `text`, `barcode` or `manual`.
    pub kind: Kind,
    /// The detector's box `[x, y, w, h]` in displayed-image pixels.
    #[serde(rename = "box")]
    pub rect: [u32; 4],
    /// Detector confidence, 0–1.
    pub score: f32,
    /// The region redaction covers `[x, y, w, h]`.
    pub redact_box: [u32; 4],
    /// `fill`, `blur` or `pixelate`.
    pub method: &'static str,
    /// `redact` or `dismiss`.
    pub decision: &'static str,
    /// Why it was dismissed.
    pub reason: Option<String>,
    /// Text read (or a barcode's content), when recognition ran and read it.
    pub text: Option<String>,
    /// What the text probably is (`name`, `date`, `id_number`, …), when it was read.
    pub category: Option<TextCategory>,
    /// That category for people ("person name", …).
    pub category_label: Option<&'static str>,
    /// A barcode's symbology (`qr`, `code128`, …).
    pub format: Option<String>,
    /// The region covers the whole detected box (false once a detection's region is moved
    /// or shrunk off it; the gate then counts it as not redacted).
    pub covers: bool,
}

/// An opened image as the queue and the review canvas show it.
#[derive(Debug, Clone, Serialize)]
pub struct ImageSummary {
    /// Id for later commands.
    pub id: u64,
    /// The file.
    pub path: PathBuf,
    /// Its name, for display.
    pub file_name: String,
    /// Width as displayed (orientation applied).
    pub width: u32,
    /// Height as displayed.
    pub height: u32,
    /// EXIF orientation found (1–8).
    pub orientation: u16,
    /// The plan's findings.
    pub findings: Vec<FindingView>,
    /// Number of findings by kind.
    pub counts: BTreeMap<Kind, usize>,
    /// Metadata in the file (an export removes all of it).
    pub metadata: MetadataReport,
    /// The container format read.
    pub container: ContainerFormat,
    /// Each metadata block in the file, described for people (GPS spelled out).
    pub metadata_items: Vec<MetadataItem>,
    /// Decimal latitude and longitude, when the file carries a GPS position.
    pub gps: Option<[f64; 2]>,
    /// Files exported from this image in this session.
    pub exported: Vec<PathBuf>,
    /// Edits that can be undone.
    pub undo: usize,
    /// Edits that can be redone.
    pub redo: usize,
    /// The document this picture belongs to (opened from the document view), if any: its
    /// plan goes into the document's copy.
    pub document: Option<DocumentOrigin>,
}

/// Progress of `open_images`, streamed on its channel.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ScanEvent {
    /// The batch has `total` files (folders expanded).
    Started {
        /// Number of files.
        total: usize,
    },
    /// File `index` is being decoded and scanned.
    FileStarted {
        /// Position in the batch.
        index: usize,
        /// The file.
        path: PathBuf,
        /// Its name, for display.
        file_name: String,
    },
    /// The faces of file `index` are known (text detection goes on): `image` holds them, and
    /// the image can be shown; edits and exports wait for `FileDone`.
    FileFindings {
        /// Position in the batch.
        index: usize,
        /// The file.
        path: PathBuf,
        /// Its name, for display.
        file_name: String,
        /// The image with its faces.
        image: Box<ImageSummary>,
    },
    /// File `index` is done: `image` when it was scanned, `error` when not.
    FileDone {
        /// Position in the batch.
        index: usize,
        /// The file.
        path: PathBuf,
        /// Its name, for display.
        file_name: String,
        /// The scan.
        image: Option<Box<ImageSummary>>,
        /// Why it could not be scanned.
        error: Option<AppError>,
    },
}

/// How a scan batch ended.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ScanSummary {
    /// Files in the batch.
    pub total: usize,
    /// Files scanned.
    pub ok: usize,
    /// Files that failed.
    pub failed: usize,
    /// The batch was cancelled before every file was scanned.
    pub cancelled: bool,
}

/// What the consent panel submits: the policy, subject, destination, ticked attestations,
/// consent reference and reviewer.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentForm {
    /// Policy preset id.
    pub policy: String,
    /// Subject id (`clinical`, `staff`, `event`).
    pub subject: String,
    /// Destination id.
    pub destination: String,
    /// Ticked attestation ids.
    #[serde(default)]
    pub attestations: Vec<String>,
    /// Consent reference (blank counts as none).
    #[serde(default)]
    pub consent_ref: Option<String>,
    /// Who reviewed the de-identification (blank counts as none).
    #[serde(default)]
    pub reviewer: Option<String>,
    /// Kinds the reviewer confirmed having looked for in the whole picture themselves (the
    /// "no face was found" check the policies ask for).
    #[serde(default)]
    pub checked: Vec<Kind>,
}

impl ConsentForm {
    fn request<'a>(
        &self,
        policy: &'a policy::Policy,
        out_dir: PathBuf,
        models: BTreeMap<String, String>,
    ) -> ExportRequest<'a> {
        ExportRequest::new(policy, &self.destination, out_dir)
            .subject(Some(&self.subject))
            .attest(&self.attestations)
            .checked(self.checked.iter().copied())
            .consent_ref(self.consent_ref.as_deref())
            .reviewer(self.reviewer.as_deref())
            .models(models)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The summary of an open image.
pub fn summarize(id: u64, img: &OpenImage) -> ImageSummary {
    let report = &img.report;
    let mut counts = BTreeMap::new();
    let findings = report
        .plan
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            *counts.entry(item.finding.kind).or_insert(0) += 1;
            let (decision, reason) = match &item.decision {
                Decision::Redact => ("redact", None),
                Decision::Dismiss { reason } => ("dismiss", Some(reason.clone())),
            };
            FindingView {
                index,
                kind: item.finding.kind,
                rect: item.finding.rect.to_array(),
                score: item.finding.score,
                redact_box: item.redact_rect.to_array(),
                method: item.method.as_str(),
                decision,
                reason,
                text: item.finding.text.clone(),
                category: item.finding.category,
                category_label: item.finding.category.map(TextCategory::label),
                format: item.finding.format.clone(),
                covers: item.covers_finding(),
            }
        })
        .collect();
    ImageSummary {
        id,
        path: report.path.clone(),
        file_name: file_name(&report.path),
        width: report.width,
        height: report.height,
        orientation: report.orientation,
        findings,
        counts,
        metadata: report.metadata.clone(),
        container: img.image.metadata.format,
        metadata_items: img.image.metadata.items.clone(),
        gps: img.image.metadata.gps_position.map(|(lat, lon)| [lat, lon]),
        exported: img.exports.iter().map(|e| e.output.clone()).collect(),
        undo: img.history.undo_len(),
        redo: img.history.redo_len(),
        document: img.origin.clone(),
    }
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

fn absolute(path: &str, what: &str) -> AppResult<PathBuf> {
    let p = PathBuf::from(path.trim());
    if p.as_os_str().is_empty() {
        return Err(AppError::invalid(format!("no {what} given")));
    }
    if !p.is_absolute() {
        return Err(AppError::invalid(format!(
            "{what} must be a full path (starting with /): {}",
            p.display()
        )));
    }
    Ok(p)
}

/// The policy presets, with their subjects, destinations, attestations and rules.
#[tauri::command]
pub fn list_policies(state: State<'_, AppState>) -> Vec<PolicyView> {
    state
        .policies()
        .iter()
        .map(|p| PolicyView {
            id: p.id.clone(),
            name: p.name.clone(),
            institution: p.institution.clone(),
            summary: p.summary.clone(),
            source_file: p.source_file.clone(),
            subjects: p.subjects.clone(),
            destinations: p.destinations.clone(),
            attestations: p.attestations.clone(),
            rules: p.rules.clone(),
        })
        .collect()
}

/// The ledger file exports and refusals are recorded in.
#[tauri::command]
pub fn ledger_path(state: State<'_, AppState>) -> PathBuf {
    state.ledger_path().to_path_buf()
}

/// Open and scan files or folders (searched recursively) on a worker thread, streaming
/// progress on `on_event`. One bad file never stops the batch.
#[tauri::command]
pub async fn open_images(
    state: State<'_, AppState>,
    paths: Vec<String>,
    on_event: Channel<ScanEvent>,
) -> AppResult<ScanSummary> {
    let state = state.inner().clone();
    let paths: Vec<PathBuf> = paths
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .collect();
    if paths.is_empty() {
        return Err(AppError::invalid("no file or folder given"));
    }
    background("clearframe-scan", move || {
        scan_paths(&state, &paths, &on_event)
    })
    .await
}

/// Forwards the core's progress to the channel (file completion is sent with its result) and
/// remembers which file is in progress.
struct ChannelSink<'a> {
    channel: &'a Channel<ScanEvent>,
    current: std::sync::atomic::AtomicUsize,
}

impl pipeline::ProgressSink for ChannelSink<'_> {
    fn report(&self, event: Progress) {
        let event = match event {
            Progress::Started { total } => ScanEvent::Started { total },
            Progress::FileStarted { index, path } => {
                self.current
                    .store(index, std::sync::atomic::Ordering::Relaxed);
                ScanEvent::FileStarted {
                    index,
                    file_name: file_name(&path),
                    path,
                }
            }
            Progress::FileDone { .. } => return,
        };
        // The window may have gone away; the scan result is still kept.
        let _ = self.channel.send(event);
    }
}

/// Resident memory above which the app gives the heap's free pages back after a scanned file
/// (see [`clearframe_core::memory::release_free_memory_above`]).
const TRIM_ABOVE: u64 = 3 << 29;

/// Scan `paths` into `state`, reporting on `channel` (blocking).
pub fn scan_paths(
    state: &AppState,
    paths: &[PathBuf],
    channel: &Channel<ScanEvent>,
) -> AppResult<ScanSummary> {
    let inputs = pipeline::collect_inputs(paths);
    let detector = state.detector()?;
    let decode = DecodeOptions::default();
    let defaults = PlanDefaults::default();
    let mut input_paths = Vec::with_capacity(inputs.len());
    for input in &inputs {
        input_paths.push(match input {
            Ok(p) => p.clone(),
            Err(e) => e.path().map(Path::to_path_buf).unwrap_or_default(),
        });
    }
    let sink = ChannelSink {
        channel,
        current: std::sync::atomic::AtomicUsize::new(0),
    };
    // The image shown with its faces while its text is still being detected.
    let partial: Mutex<Option<u64>> = Mutex::new(None);
    let summary = pipeline::run_batch(
        inputs,
        &sink,
        &state.scan_token(),
        |p| {
            let index = sink.current.load(std::sync::atomic::Ordering::Relaxed);
            pipeline::scan_file_staged(&detector, p, &decode, &defaults, |image, report| {
                // Shares the pixels (an `Arc`): nothing is copied.
                let mut open =
                    OpenImage::new(image.clone(), report.clone(), detector.model_sha256());
                open.scanning = true;
                let id = state.insert(open);
                *lock(&partial) = Some(id);
                if let Ok(img) = state.image(id) {
                    let summary = summarize(id, &lock(&img));
                    let _ = channel.send(ScanEvent::FileFindings {
                        index,
                        file_name: file_name(p),
                        path: p.to_path_buf(),
                        image: Box::new(summary),
                    });
                }
            })
        },
        |index, result| {
            let path = input_paths[index].clone();
            let shown = lock(&partial).take();
            let (image, error) = match result {
                Ok((image, report)) => {
                    let id = match shown.and_then(|id| state.image(id).ok().map(|m| (id, m))) {
                        Some((id, m)) => {
                            let mut open = lock(&m);
                            open.report = report;
                            // The text models may have loaded since the faces were shown.
                            open.models = detector.model_sha256();
                            open.scanning = false;
                            id
                        }
                        None => {
                            state.insert(OpenImage::new(image, report, detector.model_sha256()))
                        }
                    };
                    let img = state.image(id).map(|m| summarize(id, &lock(&m)));
                    (img.ok().map(Box::new), None)
                }
                Err(e) => {
                    if let Some(id) = shown {
                        state.remove(id);
                    }
                    (None, Some(AppError::from(e)))
                }
            };
            let _ = channel.send(ScanEvent::FileDone {
                index,
                file_name: file_name(&path),
                path,
                image,
                error,
            });
            clearframe_core::memory::release_free_memory_above(TRIM_ABOVE);
        },
    );
    Ok(ScanSummary {
        total: summary.total,
        ok: summary.ok,
        failed: summary.failed,
        cancelled: summary.cancelled,
    })
}

/// Stop the running scans after the file each is on (the files already scanned stay open).
#[tauri::command]
pub fn cancel_scans(state: State<'_, AppState>) {
    state.cancel_scans();
}

/// Refuse to change or export an image whose scan is not finished.
fn scanned(id: u64, img: &OpenImage) -> AppResult<()> {
    if img.scanning {
        return Err(AppError::new(
            "scanning",
            format!("image {id} is still being scanned (text and barcodes): wait for the scan to finish"),
        ));
    }
    Ok(())
}

/// The current summary of an open image.
#[tauri::command]
pub fn get_image(state: State<'_, AppState>, id: u64) -> AppResult<ImageSummary> {
    let img = state.image(id)?;
    let guard = lock(&img);
    Ok(summarize(id, &guard))
}

/// A JPEG data URL of the image, scaled so its long side is at most [`PREVIEW_MAX_SIDE`]:
/// the original (`redacted = false`) or with the current plan applied.
#[tauri::command]
pub async fn get_preview(state: State<'_, AppState>, id: u64, redacted: bool) -> AppResult<String> {
    let img = state.image(id)?;
    state.used(id);
    blocking(move || preview(&img, redacted)).await
}

/// See [`get_preview`] (blocking). The first call makes the image's [`PreviewCache`]; after
/// that the original is served as encoded, and the redacted view applies the plan, scaled, to
/// the small copy — the same regions and methods the export applies at full size.
pub fn preview(img: &Arc<Mutex<OpenImage>>, redacted: bool) -> AppResult<String> {
    let (cache, plan) = {
        let mut guard = lock(img);
        if guard.preview.is_none() {
            let cache = make_preview_cache(&guard.decoded()?.pixels)?;
            guard.preview = Some(Arc::new(cache));
        }
        let cache = Arc::clone(guard.preview.as_ref().expect("made above"));
        if !redacted {
            return Ok(cache.original_url.clone());
        }
        (cache, guard.report.plan.clone())
    };
    jpeg_data_url(&cache.preview.redacted(&plan))
}

/// The downscaled copy of `pixels` and its encoded original.
fn make_preview_cache(pixels: &RgbImage) -> AppResult<PreviewCache> {
    let preview = Preview::new(pixels, PREVIEW_MAX_SIDE);
    let original_url = jpeg_data_url(&preview.pixels)?;
    Ok(PreviewCache {
        preview,
        original_url,
    })
}

fn jpeg_data_url(pixels: &RgbImage) -> AppResult<String> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 88)
        .encode_image(pixels)
        .map_err(|e| AppError::new("encode", format!("cannot encode preview: {e}")))?;
    Ok(format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    ))
}

impl From<EditError> for AppError {
    fn from(e: EditError) -> Self {
        let code = match e {
            EditError::NoSuchItem { .. } => "not_found",
            _ => "invalid",
        };
        AppError::new(code, e.to_string())
    }
}

/// Change the plan of an image: dismiss or cover a finding, choose its method, move or resize
/// its region, draw a region, remove a drawn one (see [`PlanEdit`]). Undoable. Returns the
/// updated summary; a refused edit (`invalid`, `not_found`) changes nothing.
#[tauri::command]
pub fn edit_plan(state: State<'_, AppState>, id: u64, edit: PlanEdit) -> AppResult<ImageSummary> {
    with_plan(&state, id, |plan, history| Ok(history.apply(plan, &edit)?))
}

/// Undo the image's last edit (nothing happens when there is none). Returns the summary.
#[tauri::command]
pub fn undo_edit(state: State<'_, AppState>, id: u64) -> AppResult<ImageSummary> {
    with_plan(&state, id, |plan, history| {
        history.undo(plan);
        Ok(())
    })
}

/// Redo the image's last undone edit (nothing happens when there is none). Returns the summary.
#[tauri::command]
pub fn redo_edit(state: State<'_, AppState>, id: u64) -> AppResult<ImageSummary> {
    with_plan(&state, id, |plan, history| {
        history.redo(plan);
        Ok(())
    })
}

/// Change the plan of a fully scanned image with `change`, then summarise it.
fn with_plan(
    state: &AppState,
    id: u64,
    change: impl FnOnce(&mut RedactionPlan, &mut EditHistory) -> AppResult<()>,
) -> AppResult<ImageSummary> {
    let img = state.image(id)?;
    let mut guard = lock(&img);
    scanned(id, &guard)?;
    let OpenImage {
        report, history, ..
    } = &mut *guard;
    change(&mut report.plan, history)?;
    Ok(summarize(id, &guard))
}

/// Ask the policy's gate whether this image may be exported with this form. With no `id`,
/// the form alone is checked (before any image is open). Refusals are not recorded here: only
/// an export attempt is.
#[tauri::command]
pub fn check_gate(
    state: State<'_, AppState>,
    id: Option<u64>,
    form: ConsentForm,
) -> AppResult<GateDecision> {
    let policy = state.policy(&form.policy)?;
    let req = form.request(policy, PathBuf::new(), BTreeMap::new());
    let gate = match id {
        Some(id) => {
            let img = state.image(id)?;
            let guard = lock(&img);
            if guard.scanning {
                return Ok(GateDecision {
                    allowed: false,
                    unmet: vec![UnmetCondition {
                        id: "scanning".into(),
                        message: "The scan is not finished: text and barcodes are still being looked for."
                            .into(),
                        source: None,
                    }],
                });
            }
            req.gate_request(Some(&guard.report.plan))
        }
        None => req.gate_request(None),
    };
    Ok(policy::evaluate(policy, &gate))
}

/// Export one image into `out_dir` (created if missing) through the gate, recording the export
/// (or the refusal) in the ledger. Returns the file written and its verification report.
#[tauri::command]
pub async fn export(
    state: State<'_, AppState>,
    id: u64,
    out_dir: String,
    form: ConsentForm,
) -> AppResult<ExportOutcome> {
    let state = state.inner().clone();
    let out_dir = absolute(&out_dir, "output folder")?;
    blocking(move || export_image(&state, id, out_dir, &form)).await
}

/// See [`export`] (blocking).
pub fn export_image(
    state: &AppState,
    id: u64,
    out_dir: PathBuf,
    form: &ConsentForm,
) -> AppResult<ExportOutcome> {
    let policy = state.policy(&form.policy)?;
    let img = state.image(id)?;
    state.used(id);
    let mut guard = lock(&img);
    scanned(id, &guard)?;
    if let Some(o) = &guard.origin {
        return Err(AppError::invalid(format!(
            "This picture ({}) is part of {}: export the document's redacted copy from its view (it uses this review).",
            o.key,
            file_name(&o.path)
        )));
    }
    let req = form.request(policy, out_dir, guard.models.clone());
    // The core gates, creates the folder only once the gate passes, and records a refusal.
    let mut ledger = Ledger::open(state.ledger_path())?;
    guard.decoded()?;
    let outcome = pipeline::export(&guard.image, &guard.report.plan, &req, &mut ledger)?;
    guard.exports.push(outcome.clone());
    Ok(outcome)
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
    let out = absolute(&path, "file to write")?;
    blocking(move || export_ledger(&ledger_path, &out, &format)).await
}

/// See [`audit_export`] (blocking).
pub fn export_ledger(ledger_path: &Path, out: &Path, format: &str) -> AppResult<usize> {
    let format = ExportFormat::parse(format).ok_or_else(|| {
        AppError::invalid(format!("unknown format `{format}` (expected csv or json)"))
    })?;
    let ledger = Ledger::open(ledger_path)?;
    let rows = ledger.list(&AuditFilter::default())?;
    ledger.export_file(&rows, out, format)?;
    Ok(rows.len())
}

/// A vetted slide deck or PDF, as the document view shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// `pptx` or `pdf`.
    pub kind: document::DocumentKind,
    /// The document.
    pub path: PathBuf,
    /// Its file name, for display.
    pub file_name: String,
    /// One short line per concern (properties naming people, pictures with findings, crops
    /// or metadata, identifier-like text, comments); empty when nothing was found.
    pub concerns: Vec<String>,
    /// The whole report, as `clearframe vet --json` prints it.
    pub report: serde_json::Value,
}

/// Vet a slide deck or PDF (its pictures scanned with the shared detector) on a background
/// thread: what `clearframe vet` reports.
#[tauri::command]
pub async fn vet_document(state: State<'_, AppState>, path: String) -> AppResult<DocumentView> {
    let state = state.inner().clone();
    let path = absolute(&path, "document")?;
    background("clearframe-vet", move || vet_document_at(&state, &path)).await
}

/// See [`vet_document`] (blocking).
pub fn vet_document_at(state: &AppState, path: &Path) -> AppResult<DocumentView> {
    let detector = state.detector()?;
    let report = document::vet(path, Some(&detector), &document::VetOptions::default())?;
    let kind = report.kind();
    let concerns = report.concerns();
    let report =
        serde_json::to_value(&report).map_err(|e| AppError::internal(format!("report: {e}")))?;
    Ok(DocumentView {
        kind,
        path: path.to_path_buf(),
        file_name: file_name(path),
        concerns,
        report,
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
    let path = absolute(&path, "document")?;
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
    let path = absolute(&path, "document")?;
    let out_dir = absolute(&out_dir, "output folder")?;
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
        return Err(AppError::invalid(format!(
            "Give a reason to keep “{}” visible.",
            k.text
        )));
    }
    let policy = state.policy(&form.policy)?;
    // Refuse before the slow part (and before loading a model) when the request itself cannot
    // pass; the refusal is recorded, as always.
    let mut ledger = Ledger::open(state.ledger_path())?;
    form.request(policy, out_dir.clone(), Default::default())
        .gate_or_record_refusal(None, None, &mut ledger)?;
    let detector = state.detector()?;
    // Every model the copy is scanned with is recorded in the ledger row.
    detector.preload()?;
    let req = form.request(policy, out_dir, detector.model_sha256());
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
