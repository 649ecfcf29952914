//! Opening and scanning images (progress streamed on a channel), cancelling scans, and the
//! summary of an open image the queue and the review canvas show.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clearframe_core::image_io::DecodeOptions;
use clearframe_core::metadata::{ContainerFormat, MetadataItem, MetadataReport};
use clearframe_core::pipeline::{self, Progress};
use clearframe_core::polygon::Polygon;
use clearframe_core::redact::{Decision, Method, PlanDefaults};
use clearframe_core::{Kind, TextCategory};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use super::{background, file_name};
use crate::error::{AppError, AppResult};
use crate::state::{lock, AppState, DocumentOrigin, OpenImage};

/// One finding of an image's plan.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FindingView {
    /// Position in the plan (what `edit_plan` takes).
    pub index: usize,
    /// `face`, `text`, `barcode`, `manual` or `crowd`.
    pub kind: Kind,
    /// The detector's box `[x, y, w, h]` in displayed-image pixels.
    #[serde(rename = "box")]
    pub rect: [u32; 4],
    /// Detector confidence, 0–1.
    pub score: f32,
    /// The region redaction covers `[x, y, w, h]` (for a polygon, the box around it).
    pub redact_box: [u32; 4],
    /// For a crowd: the polygon redaction covers, `[x, y]` vertices in displayed-image
    /// pixels (only its pixels are redacted).
    pub polygon: Option<Polygon>,
    /// For a crowd: the polygon the detector found (the region must keep covering it).
    pub detected_polygon: Option<Polygon>,
    /// How the region is made unreadable.
    pub method: Method,
    /// `redact` or `dismiss`.
    #[cfg_attr(test, ts(type = "\"redact\" | \"dismiss\""))]
    pub decision: &'static str,
    /// Why it was dismissed.
    pub reason: Option<String>,
    /// Text read (or a barcode's content), when recognition ran and read it.
    pub text: Option<String>,
    /// What the text probably is (`name`, `date`, `id_number`, …), when it was read.
    pub category: Option<TextCategory>,
    /// That category for people ("person name", …).
    pub category_label: Option<String>,
    /// A barcode's symbology (`qr`, `code128`, …).
    pub format: Option<String>,
    /// The region covers the whole detected box (false once a detection's region is moved
    /// or shrunk off it; the gate then counts it as not redacted).
    pub covers: bool,
}

/// An opened image as the queue and the review canvas show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[cfg_attr(test, derive(ts_rs::TS))]
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
                polygon: item.polygon.clone(),
                detected_polygon: item.finding.polygon.clone(),
                method: item.method,
                decision,
                reason,
                text: item.finding.text.clone(),
                category: item.finding.category,
                category_label: (item.finding.category)
                    .map(|c| c.label_in(clearframe_core::l10n::Lang::En)),
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
        return Err(AppError::invalid(super::locale::text("app-no-paths", &[])));
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

/// The current summary of an open image.
#[tauri::command]
pub fn get_image(state: State<'_, AppState>, id: u64) -> AppResult<ImageSummary> {
    let img = state.image(id)?;
    let guard = lock(&img);
    Ok(summarize(id, &guard))
}
