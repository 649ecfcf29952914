//! The commands the front end invokes. Each is a thin typed wrapper over `clearframe-core`:
//! scanning, previews and exports run on blocking worker threads, never on the UI thread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use clearframe_core::audit::Ledger;
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::metadata::MetadataReport;
use clearframe_core::pipeline::{self, CancelToken, ExportOutcome, ExportRequest, Progress};
use clearframe_core::policy::{self, Attestation, Choice, GateDecision, Rule};
use clearframe_core::redact::{self, Decision, PlanDefaults};
use clearframe_core::Kind;
use image::RgbImage;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::{AppError, AppResult};
use crate::state::{lock, AppState, OpenImage};

/// Previews are scaled down so their long side is at most this many pixels.
pub const PREVIEW_MAX_SIDE: u32 = 1600;

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
    /// Position in the plan (what `set_decision` takes).
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
    /// Text read, when recognition ran.
    pub text: Option<String>,
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
    /// Files exported from this image in this session.
    pub exported: Vec<PathBuf>,
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
}

/// Trimmed, `None` when blank.
fn non_blank(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl ConsentForm {
    fn request<'a>(
        &self,
        policy: &'a policy::Policy,
        out_dir: PathBuf,
        models: BTreeMap<String, String>,
    ) -> ExportRequest<'a> {
        ExportRequest {
            policy,
            subject: self.subject.clone(),
            destination: self.destination.clone(),
            attestations: self.attestations.clone(),
            consent_ref: non_blank(&self.consent_ref),
            reviewer: non_blank(&self.reviewer),
            out_dir,
            format: None,
            keep_names: false,
            models,
        }
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
        exported: img.exports.iter().map(|e| e.output.clone()).collect(),
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
    blocking(move || scan_paths(&state, &paths, &on_event)).await
}

/// Forwards the core's progress to the channel (file completion is sent with its result).
struct ChannelSink<'a>(&'a Channel<ScanEvent>);

impl pipeline::ProgressSink for ChannelSink<'_> {
    fn report(&self, event: Progress) {
        let event = match event {
            Progress::Started { total } => ScanEvent::Started { total },
            Progress::FileStarted { index, path } => ScanEvent::FileStarted {
                index,
                file_name: file_name(&path),
                path,
            },
            Progress::FileDone { .. } => return,
        };
        // The window may have gone away; the scan result is still kept.
        let _ = self.0.send(event);
    }
}

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
    let summary = pipeline::run_batch(
        inputs,
        &ChannelSink(channel),
        &CancelToken::new(),
        |p| pipeline::scan_file(&detector, p, &decode, &defaults),
        |index, result| {
            let path = input_paths[index].clone();
            let (image, error) = match result {
                Ok((image, report)) => {
                    let open = OpenImage {
                        image,
                        report,
                        models: detector.model_sha256().clone(),
                        exports: Vec::new(),
                    };
                    let id = state.insert(open);
                    let img = state.image(id).map(|m| summarize(id, &lock(&m)));
                    (img.ok().map(Box::new), None)
                }
                Err(e) => (None, Some(AppError::from(e))),
            };
            let _ = channel.send(ScanEvent::FileDone {
                index,
                file_name: file_name(&path),
                path,
                image,
                error,
            });
        },
    );
    Ok(ScanSummary {
        total: summary.total,
        ok: summary.ok,
        failed: summary.failed,
    })
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
    blocking(move || preview(&img, redacted)).await
}

/// See [`get_preview`] (blocking).
pub fn preview(img: &Arc<Mutex<OpenImage>>, redacted: bool) -> AppResult<String> {
    let pixels: RgbImage = {
        let guard = lock(img);
        if redacted {
            redact::apply(&guard.image.pixels, &guard.report.plan).pixels
        } else {
            guard.image.pixels.clone()
        }
    };
    let (w, h) = pixels.dimensions();
    let long = w.max(h);
    let pixels = if long > PREVIEW_MAX_SIDE {
        let scale = f64::from(PREVIEW_MAX_SIDE) / f64::from(long);
        let nw = ((f64::from(w) * scale).round() as u32).max(1);
        let nh = ((f64::from(h) * scale).round() as u32).max(1);
        image::imageops::resize(&pixels, nw, nh, image::imageops::FilterType::Triangle)
    } else {
        pixels
    };
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 88)
        .encode_image(&pixels)
        .map_err(|e| AppError::new("encode", format!("cannot encode preview: {e}")))?;
    Ok(format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    ))
}

/// Redact (`decision = "redact"`) or dismiss (`"dismiss"`, with a non-blank `reason`) the
/// finding at `index`. Returns the updated summary.
#[tauri::command]
pub fn set_decision(
    state: State<'_, AppState>,
    id: u64,
    index: usize,
    decision: String,
    reason: Option<String>,
) -> AppResult<ImageSummary> {
    let decision = match decision.as_str() {
        "redact" => Decision::Redact,
        "dismiss" => match non_blank(&reason) {
            Some(reason) => Decision::Dismiss { reason },
            None => {
                return Err(AppError::invalid(
                    "a dismissal needs a reason (it is recorded in the audit ledger)",
                ))
            }
        },
        other => {
            return Err(AppError::invalid(format!(
                "unknown decision `{other}` (expected redact or dismiss)"
            )))
        }
    };
    let img = state.image(id)?;
    let mut guard = lock(&img);
    let count = guard.report.plan.items.len();
    let item = guard.report.plan.items.get_mut(index).ok_or_else(|| {
        AppError::new(
            "not_found",
            format!("image {id} has {count} findings, no finding {index}"),
        )
    })?;
    item.decision = decision;
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
    let mut guard = lock(&img);
    let req = form.request(policy, out_dir, guard.models.clone());
    // The core gates, creates the folder only once the gate passes, and records a refusal.
    let mut ledger = Ledger::open(state.ledger_path())?;
    let outcome = pipeline::export(&guard.image, &guard.report.plan, &req, &mut ledger)?;
    guard.exports.push(outcome.clone());
    Ok(outcome)
}
