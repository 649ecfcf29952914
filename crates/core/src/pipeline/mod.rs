//! The one pipeline the CLI and the app share: collect inputs, scan, plan, gate, redact,
//! encode, verify, write. Progress and cancellation are passed in.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use image::RgbImage;
use serde::Serialize;

use std::collections::BTreeMap;

use crate::audit::{AuditEntry, Ledger};
use crate::detect::Detector;
use crate::finding::Rect;
use crate::hash::sha256_hex;
use crate::image_io::{self, DecodeOptions, DecodedImage, OutputFormat};
use crate::metadata::{self, MetadataReport};
use crate::policy::{self, GateDecision, GateRequest, PlanSummary, PlannedFinding, Policy};
use crate::redact::{self, Decision, PlanDefaults, RedactedImage, RedactionPlan};
use crate::{Error, Result};

mod workers;
pub use workers::{load_workers, workers, workers_memory_allows, WORKER_MEMORY};

/// A cancellation flag shared between the caller (a Ctrl-C handler, the app's Cancel button)
/// and the work.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A fresh, not-cancelled token.
    pub fn new() -> Self {
        Self::default()
    }
    /// Ask the work to stop at the next file boundary.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// Whether cancellation was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Progress of a batch.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Progress {
    /// The batch has `total` files.
    Started {
        /// Number of files.
        total: usize,
    },
    /// File `index` (0-based) is starting.
    FileStarted {
        /// Position in the batch.
        index: usize,
        /// The file.
        path: PathBuf,
    },
    /// File `index` (0-based) is done, successfully or not.
    FileDone {
        /// Position in the batch.
        index: usize,
        /// The file.
        path: PathBuf,
        /// Whether it succeeded.
        ok: bool,
    },
}

/// How a batch ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchSummary {
    /// Inputs in the batch.
    pub total: usize,
    /// Inputs processed successfully.
    pub ok: usize,
    /// Inputs that failed (each reported to the caller with its error).
    pub failed: usize,
    /// True when the batch stopped early because it was cancelled.
    pub cancelled: bool,
}

/// Run `work` over each input in order. Progress goes to `sink`; each result (or the input's
/// own error, such as a missing path) goes to `on_result` with its index. One bad file never
/// stops the batch; cancellation stops it at the next file boundary, so a file is either
/// wholly processed or not started.
pub fn run_batch<T>(
    inputs: Vec<Result<PathBuf>>,
    sink: &dyn ProgressSink,
    cancel: &CancelToken,
    mut work: impl FnMut(&Path) -> Result<T>,
    mut on_result: impl FnMut(usize, Result<T>),
) -> BatchSummary {
    let mut summary = BatchSummary {
        total: inputs.len(),
        ..BatchSummary::default()
    };
    sink.report(Progress::Started {
        total: inputs.len(),
    });
    for (index, input) in inputs.into_iter().enumerate() {
        if cancel.is_cancelled() {
            summary.cancelled = true;
            break;
        }
        let path = match &input {
            Ok(p) => p.clone(),
            Err(e) => e.path().map(Path::to_path_buf).unwrap_or_default(),
        };
        sink.report(Progress::FileStarted {
            index,
            path: path.clone(),
        });
        let result = input.and_then(|p| work(&p));
        let ok = result.is_ok();
        if ok {
            summary.ok += 1;
        } else {
            summary.failed += 1;
        }
        on_result(index, result);
        sink.report(Progress::FileDone { index, path, ok });
    }
    summary
}

/// [`run_batch`] with up to `jobs` files in flight: `work` runs on `jobs` threads and is told
/// which worker it runs on (so each worker can use its own detector: one ONNX Runtime
/// session runs one image at a time). Results reach `on_result` on the calling thread in
/// input order, each followed by its `FileDone`. Cancellation stops workers taking new files;
/// the files in flight finish. `jobs` ≤ 1 is [`run_batch`].
pub fn run_batch_parallel<T: Send>(
    inputs: Vec<Result<PathBuf>>,
    sink: &dyn ProgressSink,
    cancel: &CancelToken,
    jobs: usize,
    work: impl Fn(usize, &Path) -> Result<T> + Sync,
    mut on_result: impl FnMut(usize, Result<T>),
) -> BatchSummary {
    if jobs <= 1 {
        return run_batch(inputs, sink, cancel, |p| work(0, p), on_result);
    }
    let total = inputs.len();
    let mut summary = BatchSummary {
        total,
        ..BatchSummary::default()
    };
    sink.report(Progress::Started { total });
    let path_of = |input: &Result<PathBuf>| match input {
        Ok(p) => p.clone(),
        Err(e) => e.path().map(Path::to_path_buf).unwrap_or_default(),
    };
    let paths: Vec<PathBuf> = inputs.iter().map(path_of).collect();
    let slots: Vec<Mutex<Option<Result<PathBuf>>>> =
        inputs.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Result<T>)>();
    std::thread::scope(|scope| {
        for worker in 0..jobs.min(total) {
            let tx = tx.clone();
            let (slots, next, paths, work) = (&slots, &next, &paths, &work);
            scope.spawn(move || loop {
                if cancel.is_cancelled() {
                    break;
                }
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= total {
                    break;
                }
                let input = slots[index]
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take()
                    .expect("each input is taken once");
                sink.report(Progress::FileStarted {
                    index,
                    path: paths[index].clone(),
                });
                let result = input.and_then(|p| work(worker, &p));
                if tx.send((index, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // Hand results over in input order.
        let mut waiting = BTreeMap::new();
        let mut emit = 0usize;
        for (index, result) in rx {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&emit) {
                let ok = result.is_ok();
                if ok {
                    summary.ok += 1;
                } else {
                    summary.failed += 1;
                }
                on_result(emit, result);
                sink.report(Progress::FileDone {
                    index: emit,
                    path: paths[emit].clone(),
                    ok,
                });
                emit += 1;
            }
        }
    });
    summary.cancelled = summary.ok + summary.failed < total;
    summary
}

/// Receives progress events; the CLI draws a bar, the app forwards them on a channel.
pub trait ProgressSink: Send + Sync {
    /// Called for each event.
    fn report(&self, event: Progress);
}

/// A sink that ignores everything.
impl ProgressSink for () {
    fn report(&self, _event: Progress) {}
}

/// Expand the given paths into image files: folders are walked recursively for the supported
/// extensions (sorted); files are taken as given whatever their name. Paths that do not exist
/// are returned as errors, in order, so the caller can report them and go on.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<Result<PathBuf>> {
    collect(paths, &[image_io::SUPPORTED_EXTENSIONS])
}

/// Like [`collect_inputs`], for a command that exports documents too (`redact`): folders are
/// walked for images and for the documents ClearFrame copies
/// ([`crate::document::DocumentKind::EXTENSIONS`]: `.pptx`, `.pdf`).
pub fn collect_export_inputs(paths: &[PathBuf]) -> Vec<Result<PathBuf>> {
    collect(
        paths,
        &[
            image_io::SUPPORTED_EXTENSIONS,
            &crate::document::DocumentKind::EXTENSIONS,
        ],
    )
}

fn collect(paths: &[PathBuf], extensions: &[&[&str]]) -> Vec<Result<PathBuf>> {
    let wanted = |f: &Path| {
        f.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            let e = e.to_ascii_lowercase();
            extensions.iter().any(|list| list.contains(&e.as_str()))
        })
    };
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(false)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(walkdir::DirEntry::into_path)
                .filter(|f| wanted(f))
                .collect();
            found.sort();
            out.extend(found.into_iter().map(Ok));
        } else if p.is_file() {
            out.push(Ok(p.clone()));
        } else {
            out.push(Err(Error::io(
                p,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            )));
        }
    }
    out
}

/// What scanning one file found.
#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    /// The file.
    pub path: PathBuf,
    /// Width as displayed (orientation applied).
    pub width: u32,
    /// Height as displayed.
    pub height: u32,
    /// EXIF orientation found (1–8).
    pub orientation: u16,
    /// The findings with the default plan (what redaction will cover).
    pub plan: RedactionPlan,
    /// Metadata in the file (all of which an export removes).
    pub metadata: MetadataReport,
}

/// Decode and scan one file. Returns the decoded image (for a following export) and the report.
pub fn scan_file(
    detector: &Detector,
    path: &Path,
    decode: &DecodeOptions,
    defaults: &PlanDefaults,
) -> Result<(DecodedImage, ScanReport)> {
    scan_file_staged(detector, path, decode, defaults, |_, _| {})
}

/// [`scan_file`], calling `faces_found` with the decoded image and a report holding only the
/// faces as soon as they are known, before text and barcode detection run (the app draws them
/// while the rest of the scan goes on). The final report holds the same face items, then the
/// text, then the barcodes.
pub fn scan_file_staged(
    detector: &Detector,
    path: &Path,
    decode: &DecodeOptions,
    defaults: &PlanDefaults,
    faces_found: impl FnOnce(&DecodedImage, &ScanReport),
) -> Result<(DecodedImage, ScanReport)> {
    let img = image_io::decode_file(path, decode)?;
    let report = |findings: &[crate::finding::Finding]| ScanReport {
        path: path.to_path_buf(),
        width: img.width(),
        height: img.height(),
        orientation: img.orientation,
        plan: RedactionPlan::from_findings(findings, img.width(), img.height(), defaults),
        metadata: img.metadata.report.clone(),
    };
    let mut findings = detector.detect_faces(&img.pixels)?;
    faces_found(&img, &report(&findings));
    findings.extend(detector.detect_text_and_barcodes(&img.pixels)?);
    let report = report(&findings);
    Ok((img, report))
}

/// Who exports, under which policy, with which attestations, to where.
#[derive(Debug, Clone)]
pub struct ExportRequest<'a> {
    /// The policy preset.
    pub policy: &'a Policy,
    /// Subject id (`clinical`, `staff`, `event`).
    pub subject: String,
    /// Destination id (e.g. `teaching-site`).
    pub destination: String,
    /// Attestation ids the user ticked.
    pub attestations: Vec<String>,
    /// Consent reference (e.g. a consent form number); never a patient name.
    pub consent_ref: Option<String>,
    /// Who reviewed the de-identification (recorded in the ledger).
    pub reviewer: Option<String>,
    /// Output folder.
    pub out_dir: PathBuf,
    /// Name outputs after their inputs (`<stem>.jpg`) instead of neutrally
    /// (`redacted-<hash>.jpg`). Off by default: input names often carry patient names.
    pub keep_names: bool,
    /// sha256 of each model used, by file name (for the ledger).
    pub models: BTreeMap<String, String>,
}

impl ExportRequest<'_> {
    /// The gate's input for a given plan.
    pub fn gate_request(&self, plan: Option<&RedactionPlan>) -> GateRequest {
        self.gate_request_for(plan.map(plan_summary).unwrap_or_default())
    }

    /// The ledger row of an export of `input_sha256` as `output_sha256` whose findings are
    /// `plan`: the gate's request, the reviewer and the models.
    pub fn audit_entry(
        &self,
        plan: PlanSummary,
        input_sha256: &str,
        output_sha256: &str,
    ) -> AuditEntry {
        let mut entry = AuditEntry::exported(self.policy, &self.gate_request_for(plan));
        entry.reviewer = self.reviewer.clone();
        entry.input_sha256 = Some(input_sha256.to_string());
        entry.output_sha256 = Some(output_sha256.to_string());
        entry.models = self.models.clone();
        entry
    }

    /// The gate's input for a plan already reduced to what the gate sees (a deck's pictures'
    /// plans together).
    pub fn gate_request_for(&self, plan: PlanSummary) -> GateRequest {
        GateRequest {
            subject: self.subject.clone(),
            destination: self.destination.clone(),
            attestations: self.attestations.clone(),
            consent_ref: self.consent_ref.clone(),
            plan,
        }
    }

    /// Evaluate the gate; `Err(Error::Refused)` names each unmet condition.
    pub fn check_gate(&self, plan: Option<&RedactionPlan>) -> Result<GateDecision> {
        let decision = policy::evaluate(self.policy, &self.gate_request(plan));
        if decision.allowed {
            Ok(decision)
        } else {
            Err(Error::Refused(Box::new(decision)))
        }
    }

    /// Check the gate and, when it refuses, record the refusal in the ledger before returning
    /// `Err(Error::Refused)`. `input_sha256` is the file concerned, when one was read.
    pub fn gate_or_record_refusal(
        &self,
        plan: Option<&RedactionPlan>,
        input_sha256: Option<&str>,
        ledger: &mut Ledger,
    ) -> Result<GateDecision> {
        self.gate_summary_or_record_refusal(plan.map(plan_summary), input_sha256, ledger)
    }

    /// [`gate_or_record_refusal`](Self::gate_or_record_refusal) for a plan already reduced to
    /// what the gate sees (`None` before anything was read).
    pub fn gate_summary_or_record_refusal(
        &self,
        plan: Option<PlanSummary>,
        input_sha256: Option<&str>,
        ledger: &mut Ledger,
    ) -> Result<GateDecision> {
        let scanned = plan.is_some();
        let gate = self.gate_request_for(plan.unwrap_or_default());
        let decision = policy::evaluate(self.policy, &gate);
        if decision.allowed {
            return Ok(decision);
        }
        let mut entry = AuditEntry::refused(self.policy, &gate, &decision);
        entry.reviewer = self.reviewer.clone();
        entry.input_sha256 = input_sha256.map(str::to_string);
        if scanned {
            entry.models = self.models.clone();
        }
        ledger.append(&entry)?;
        Err(Error::Refused(Box::new(decision)))
    }
}

/// The plan as the gate sees it: each finding, whether it is redacted (its whole detected box
/// covered), and any dismissal reason.
pub fn plan_summary(plan: &RedactionPlan) -> PlanSummary {
    PlanSummary {
        findings: plan
            .items
            .iter()
            .map(|i| PlannedFinding {
                kind: i.finding.kind,
                // A detection whose region was moved or shrunk off it is not redacted.
                redacted: i.decision == Decision::Redact && i.covers_finding(),
                dismissed_reason: match &i.decision {
                    Decision::Dismiss { reason } => Some(reason.clone()),
                    Decision::Redact => None,
                },
            })
            .collect(),
    }
}

/// What verification of a written output established.
#[derive(Debug, Clone, Serialize)]
pub struct VerificationReport {
    /// Metadata found in the output (all false / 0 when clean).
    pub metadata: MetadataReport,
    /// Redacted regions checked against the expected pixels.
    pub regions_checked: usize,
    /// Largest mean absolute difference (0–255) between a region in the decoded output and the
    /// redacted pixels it should hold.
    pub max_region_error: f32,
    /// The output decoded at the expected size with orientation 1.
    pub decoded_ok: bool,
    /// Each problem found (empty when the output is clean and redacted).
    pub problems: Vec<String>,
}

impl VerificationReport {
    /// True when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Largest tolerated mean error in a redacted region after lossy encoding.
const REGION_TOLERANCE: f32 = 6.0;

/// Decode encoded output bytes and prove they are clean and redacted: no metadata blocks or
/// trailing bytes, same size, orientation 1, and every redacted region holds the redacted
/// pixels (within JPEG tolerance) and not the original ones.
pub fn verify_output(
    bytes: &[u8],
    expected: &RedactedImage,
    original: &RgbImage,
) -> VerificationReport {
    let decoded = image_io::decode_bytes(bytes, Path::new("output"), &DecodeOptions::default());
    // Decoding already inspected the container; inspect again only when it failed.
    let metadata = match &decoded {
        Ok(out) => out.metadata.report.clone(),
        Err(_) => metadata::inspect(bytes),
    };
    let mut problems = metadata.problems();
    let mut max_err = 0f32;
    let mut decoded_ok = false;
    match decoded {
        Err(e) => problems.push(format!("output does not decode: {e}")),
        Ok(out) => {
            if out.orientation != 1 {
                problems.push(format!("output carries orientation {}", out.orientation));
            }
            if out.pixels.dimensions() != expected.pixels.dimensions() {
                problems.push(format!(
                    "output is {}x{}, expected {}x{}",
                    out.width(),
                    out.height(),
                    expected.pixels.width(),
                    expected.pixels.height()
                ));
            } else {
                decoded_ok = out.orientation == 1;
                for (r, m) in &expected.regions {
                    let err = mean_abs_diff(&out.pixels, &expected.pixels, *r);
                    max_err = max_err.max(err);
                    if err > REGION_TOLERANCE {
                        problems.push(format!(
                            "{} region {:?} differs from the redaction (mean error {err:.1})",
                            m.as_str(),
                            r.to_array()
                        ));
                    }
                    // The output must be nearer the redaction than the original was.
                    let change = mean_abs_diff(&expected.pixels, original, *r);
                    if change > 2.0 * REGION_TOLERANCE {
                        let from_original = mean_abs_diff(&out.pixels, original, *r);
                        if from_original < change / 2.0 {
                            problems.push(format!(
                                "region {:?} still looks like the original",
                                r.to_array()
                            ));
                        }
                    }
                }
            }
        }
    }
    VerificationReport {
        metadata,
        regions_checked: expected.regions.len(),
        max_region_error: max_err,
        decoded_ok,
        problems,
    }
}

fn mean_abs_diff(a: &RgbImage, b: &RgbImage, r: Rect) -> f32 {
    let mut sum = 0u64;
    for y in r.y..r.bottom() {
        for x in r.x..r.right() {
            let (p, q) = (a.get_pixel(x, y), b.get_pixel(x, y));
            sum += u64::from(p[0].abs_diff(q[0]))
                + u64::from(p[1].abs_diff(q[1]))
                + u64::from(p[2].abs_diff(q[2]));
        }
    }
    (sum as f64 / (3 * r.area().max(1)) as f64) as f32
}

/// A finished export.
#[derive(Debug, Clone, Serialize)]
pub struct ExportOutcome {
    /// The input file (never modified).
    pub input: PathBuf,
    /// The file written.
    pub output: PathBuf,
    /// sha256 of the input file's bytes.
    pub input_sha256: String,
    /// sha256 of the output file's bytes.
    pub output_sha256: String,
    /// Regions redacted.
    pub redacted: usize,
    /// Findings the reviewer dismissed.
    pub dismissed: usize,
    /// The verification of the written file.
    pub verification: VerificationReport,
    /// The ledger row recording this export.
    pub ledger_row: i64,
}

/// Redact, encode, verify and write one image through the gate, with its ledger record.
///
/// Nothing is written unless the gate allows it (a refusal is recorded in the ledger) and the
/// encoded bytes pass verification. The export and its record stand or fall together: the
/// ledger row is inserted in an open transaction, the file is written atomically under a name
/// that clobbers nothing, read back and compared, and only then is the row committed; if the
/// commit fails the file is removed, and if the write fails the row is rolled back.
pub fn export(
    img: &DecodedImage,
    plan: &RedactionPlan,
    req: &ExportRequest<'_>,
    ledger: &mut Ledger,
) -> Result<ExportOutcome> {
    req.gate_or_record_refusal(Some(plan), Some(&img.sha256), ledger)?;
    if (plan.width, plan.height) != (img.width(), img.height()) {
        return Err(Error::PlanMismatch {
            path: img.path.clone(),
            message: format!(
                "plan is for {}x{}, image is {}x{}",
                plan.width,
                plan.height,
                img.width(),
                img.height()
            ),
        });
    }
    let redacted = redact::apply(&img.pixels, plan);
    let format = OutputFormat::for_source(img.format);
    let bytes = image_io::encode(&redacted.pixels, format, &img.path)?;
    let verification = verify_output(&bytes, &redacted, &img.pixels);
    if !verification.ok() {
        return Err(Error::Verify {
            path: img.path.clone(),
            problems: verification.problems,
        });
    }
    let output_sha256 = sha256_hex(&bytes);
    let entry = req.audit_entry(plan_summary(plan), &img.sha256, &output_sha256);
    let (output, row) = write_export(
        req,
        &entry,
        &img.path,
        &bytes,
        format.extension(),
        None,
        ledger,
    )?;
    Ok(ExportOutcome {
        input: img.path.clone(),
        output,
        input_sha256: img.sha256.clone(),
        output_sha256,
        redacted: redacted.regions.len(),
        dismissed: plan
            .items
            .iter()
            .filter(|i| i.decision != Decision::Redact)
            .count(),
        verification,
        ledger_row: row,
    })
}

/// A document's redacted copy (a deck's, a PDF's), built and checked in memory, as
/// [`export_document`] takes it.
pub(crate) struct DocumentCopy<'a> {
    /// The original (only read).
    pub input: &'a Path,
    /// sha256 of the original.
    pub input_sha256: &'a str,
    /// sha256 of the copy.
    pub output_sha256: &'a str,
    /// The copy.
    pub bytes: &'a [u8],
    /// The copy's file extension (`pptx`, `pdf`).
    pub extension: &'a str,
    /// Every finding of the copy's pictures or pages together, as the gate sees them.
    pub plan: &'a PlanSummary,
    /// What checking the copy found wrong (empty when it is clean).
    pub problems: &'a [String],
    /// The reviewer's reason for each flagged text kept legible (a text dismissal each).
    pub kept_reasons: Vec<&'a str>,
    /// What the copy changed, for the ledger row (counts, never text).
    pub counts: crate::audit::DocumentCounts,
}

/// Export a document's copy through the consent gate: the gate is asked with all its findings
/// (a refusal is recorded and nothing is written); a copy whose check found problems is
/// refused (`Error::Verify`); the ledger row carries the kept text as dismissals and the
/// document counts; the copy is written by [`write_export`]. Returns the file and the row id.
pub(crate) fn export_document(
    req: &ExportRequest<'_>,
    copy: &DocumentCopy<'_>,
    output_file: Option<&Path>,
    ledger: &mut Ledger,
) -> Result<(PathBuf, i64)> {
    req.gate_summary_or_record_refusal(Some(copy.plan.clone()), Some(copy.input_sha256), ledger)?;
    if !copy.problems.is_empty() {
        return Err(Error::Verify {
            path: copy.input.to_path_buf(),
            problems: copy.problems.to_vec(),
        });
    }
    let mut entry = req.audit_entry(copy.plan.clone(), copy.input_sha256, copy.output_sha256);
    entry
        .dismissals
        .extend(copy.kept_reasons.iter().map(|r| crate::audit::Dismissal {
            kind: crate::finding::Kind::Text,
            reason: Some(r.to_string()),
        }));
    entry.document = Some(copy.counts);
    write_export(
        req,
        &entry,
        copy.input,
        copy.bytes,
        copy.extension,
        output_file,
        ledger,
    )
}

/// Write a verified copy and its ledger row: the one place that names an export and writes it,
/// for photos, decks and PDFs alike. Only call it once the gate has passed and the copy's
/// `bytes` are verified. The row (`entry`) is inserted in an open transaction; the copy goes to a
/// temporary name and is renamed without clobbering: to `output_file` when given (which must not
/// exist), else into `req.out_dir` (created if missing) as `redacted-<sha256 prefix>.<extension>`
/// (`<input stem>.<extension>` with `keep_names`, then `-2`, `-3`…); it is read back and
/// compared; only then is the row committed. Returns the file written and the row's id.
pub(crate) fn write_export(
    req: &ExportRequest<'_>,
    entry: &AuditEntry,
    input: &Path,
    bytes: &[u8],
    extension: &str,
    output_file: Option<&Path>,
    ledger: &mut Ledger,
) -> Result<(PathBuf, i64)> {
    if output_file.is_none() {
        std::fs::create_dir_all(&req.out_dir).map_err(|e| Error::io(&req.out_dir, e))?;
    }
    let pending = ledger.begin_export(entry)?;
    // From here on the row is pending: any error drops it (rollback) and removes the file.
    let output = match output_file {
        Some(file) => crate::fs::write_new_file_at(file, bytes)?,
        None => {
            let stem = if req.keep_names {
                (input.file_stem())
                    .and_then(|s| s.to_str())
                    .unwrap_or("file")
                    .to_string()
            } else {
                let sha = entry.output_sha256.as_deref().unwrap_or_default();
                format!("redacted-{}", &sha[..sha.len().min(12)])
            };
            crate::fs::write_new_file(&req.out_dir, &stem, extension, bytes)?
        }
    };
    let keep_name = req.keep_names && output_file.is_none();
    let row = commit_written(pending, &output, bytes, keep_name)?;
    Ok((output, row.id))
}

/// Finish an export whose ledger row is `pending` and whose verified `bytes` were just written
/// to `output`: record the output's file name when `keep_name`, read the file back (it must be
/// exactly `bytes`) and commit the row. On any error the row is dropped (rolled back) and the
/// file removed, so a file is never left without its row, nor a row without its file.
pub(crate) fn commit_written(
    mut pending: crate::audit::Pending<'_>,
    output: &Path,
    bytes: &[u8],
    keep_name: bool,
) -> Result<crate::audit::AppendedRow> {
    let mut finish = || -> Result<()> {
        if keep_name {
            let name = (output.file_name())
                .and_then(|n| n.to_str())
                .map(str::to_string);
            pending.set_output_name(name)?;
        }
        // Read back what landed on disk: it must be exactly the verified bytes.
        let written = std::fs::read(output).map_err(|e| Error::io(output, e))?;
        if written != bytes {
            return Err(Error::Verify {
                path: output.to_path_buf(),
                problems: vec!["file on disk differs from the verified bytes".into()],
            });
        }
        Ok(())
    };
    let committed = finish().and_then(|()| pending.commit().map_err(Error::from));
    if committed.is_err() {
        let _ = std::fs::remove_file(output);
    }
    committed
}

/// The scheduling niceness [`background_priority`] gives a thread (Linux: 0 normal, 19 lowest).
pub const BACKGROUND_NICENESS: i32 = 10;

/// Lower the calling thread's CPU priority for background work, so a desktop window that
/// shares the machine with a scan stays responsive: on Linux the thread's niceness becomes
/// [`BACKGROUND_NICENESS`] (only this thread; threads it starts later, such as an ONNX
/// Runtime session's pool created while loading a model, inherit it). The priority cannot be
/// raised back without privilege, so call it on a thread of its own, not a pooled one.
/// Returns whether the thread now runs at that priority or lower (elsewhere it is a no-op
/// returning `false`).
pub fn background_priority() -> bool {
    #[cfg(target_os = "linux")]
    {
        let tid = Some(rustix::thread::gettid());
        match rustix::process::getpriority_process(tid) {
            // Already as low (a niced process): leave it.
            Ok(now) if now >= BACKGROUND_NICENESS => true,
            _ => rustix::process::setpriority_process(tid, BACKGROUND_NICENESS).is_ok(),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl ProgressSink for Recorder {
        fn report(&self, event: Progress) {
            let line = match event {
                Progress::Started { total } => format!("start {total}"),
                Progress::FileStarted { index, .. } => format!("begin {index}"),
                Progress::FileDone { index, ok, .. } => format!("done {index} {ok}"),
            };
            self.0.lock().unwrap().push(line);
        }
    }

    #[test]
    fn a_bad_file_does_not_stop_the_batch_and_cancel_stops_at_a_boundary() {
        let inputs = vec![
            Ok(PathBuf::from("a")),
            Err(Error::Cancelled),
            Ok(PathBuf::from("c")),
            Ok(PathBuf::from("d")),
        ];
        let sink = Recorder::default();
        let cancel = CancelToken::new();
        let mut seen = Vec::new();
        let summary = run_batch(
            inputs,
            &sink,
            &cancel,
            |p| {
                if p == Path::new("c") {
                    cancel.cancel(); // cancelled while c is in progress: c completes, d never starts
                }
                Ok(p.display().to_string())
            },
            |i, r| seen.push((i, r.is_ok())),
        );
        assert_eq!(seen, vec![(0, true), (1, false), (2, true)]);
        assert_eq!(
            summary,
            BatchSummary {
                total: 4,
                ok: 2,
                failed: 1,
                cancelled: true
            }
        );
        assert_eq!(
            *sink.0.lock().unwrap(),
            vec![
                "start 4",
                "begin 0",
                "done 0 true",
                "begin 1",
                "done 1 false",
                "begin 2",
                "done 2 true"
            ]
        );
    }

    #[test]
    fn parallel_batches_run_files_at_once_and_report_them_in_order() {
        let inputs: Vec<Result<PathBuf>> = (0..12)
            .map(|i| {
                if i == 5 {
                    Err(Error::Cancelled)
                } else {
                    Ok(PathBuf::from(i.to_string()))
                }
            })
            .collect();
        let sink = Recorder::default();
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let workers = Mutex::new(std::collections::BTreeSet::new());
        let mut seen = Vec::new();
        let summary = run_batch_parallel(
            inputs,
            &sink,
            &CancelToken::new(),
            3,
            |worker, p| {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                workers.lock().unwrap().insert(worker);
                // Later files finish first, so results arrive out of order.
                let n: u64 = p.to_str().unwrap().parse().unwrap();
                std::thread::sleep(std::time::Duration::from_millis(40 - 3 * n));
                in_flight.fetch_sub(1, Ordering::SeqCst);
                if n == 7 {
                    return Err(Error::Cancelled);
                }
                Ok(n)
            },
            |i, r| seen.push((i, r.ok())),
        );
        let want: Vec<(usize, Option<u64>)> = (0..12)
            .map(|i| (i, (i != 5 && i != 7).then_some(i as u64)))
            .collect();
        assert_eq!(seen, want);
        assert_eq!(
            (summary.ok, summary.failed, summary.cancelled),
            (10, 2, false)
        );
        assert!(most.load(Ordering::SeqCst) > 1, "files ran at once");
        assert!(workers.lock().unwrap().iter().all(|&w| w < 3));
        let events = sink.0.lock().unwrap();
        let done: Vec<_> = events.iter().filter(|e| e.starts_with("done")).collect();
        assert_eq!(done.len(), 12);
        assert!(done.windows(2).all(|w| {
            let n = |e: &str| e.split(' ').nth(1).unwrap().parse::<usize>().unwrap();
            n(w[0]) < n(w[1])
        }));
    }

    #[test]
    fn a_cancelled_parallel_batch_finishes_the_files_in_flight_only() {
        let inputs: Vec<Result<PathBuf>> =
            (0..50).map(|i| Ok(PathBuf::from(i.to_string()))).collect();
        let cancel = CancelToken::new();
        let mut seen = Vec::new();
        let summary = run_batch_parallel(
            inputs,
            &(),
            &cancel,
            2,
            |_, p| {
                if p == Path::new("3") {
                    cancel.cancel();
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
                Ok(())
            },
            |i, _| seen.push(i),
        );
        assert!(summary.cancelled);
        assert!(seen.len() < 10, "{seen:?}");
        assert_eq!(
            seen,
            (0..seen.len()).collect::<Vec<_>>(),
            "a prefix, in order"
        );
    }

    #[test]
    fn the_gate_counts_a_detection_moved_off_its_box_as_not_redacted() {
        use crate::finding::{Finding, Kind, Rect};
        use crate::redact::{PlanDefaults, PlanEdit};
        let face = Finding::new(Kind::Face, Rect::new(20, 20, 30, 30), 0.9);
        let mut plan = RedactionPlan::from_findings(&[face], 200, 200, &PlanDefaults::default());
        assert!(plan_summary(&plan).findings[0].redacted);
        plan.edit(&PlanEdit::SetRegion {
            index: 0,
            rect: Rect::new(100, 100, 40, 40),
        })
        .unwrap();
        let summary = plan_summary(&plan);
        assert!(!summary.findings[0].redacted);
        assert!(!summary.findings[0].is_handled());
    }

    #[test]
    fn a_plan_made_for_another_size_is_a_plan_mismatch_naming_the_file_and_nothing_is_written() {
        use crate::finding::{Finding, Kind, Rect};
        use crate::redact::PlanDefaults;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("photo.png");
        image::RgbImage::from_pixel(64, 48, image::Rgb([90, 120, 150]))
            .save(&path)
            .unwrap();
        let img = image_io::decode_file(&path, &DecodeOptions::default()).unwrap();
        let face = Finding::new(Kind::Face, Rect::new(10, 10, 20, 20), 0.9);
        let plan = RedactionPlan::from_findings(&[face], 128, 96, &PlanDefaults::default());
        let policies = crate::policy::builtin_policies();
        let policy = policies.iter().find(|p| p.id == "stanford-peds").unwrap();
        let out_dir = dir.path().join("out");
        let req = ExportRequest {
            policy,
            subject: "clinical".into(),
            destination: "teaching-site".into(),
            attestations: vec!["patient-consent".into(), "deidentification-reviewed".into()],
            consent_ref: Some("C-1".into()),
            reviewer: None,
            out_dir: out_dir.clone(),
            keep_names: false,
            models: Default::default(),
        };
        let mut ledger = Ledger::open(dir.path().join("ledger.sqlite3")).unwrap();
        let err = export(&img, &plan, &req, &mut ledger).unwrap_err();
        assert_eq!(err.code(), "plan_mismatch");
        assert_eq!(err.path(), Some(path.as_path()));
        assert!(
            err.to_string()
                .contains("plan is for 128x96, image is 64x48"),
            "{err}"
        );
        assert!(!out_dir.exists());
        let rows = ledger.list(&crate::audit::AuditFilter::default()).unwrap();
        assert!(
            rows.is_empty(),
            "a request the gate allowed records nothing when not written"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn background_priority_lowers_only_this_thread_and_its_children() {
        let me = || rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap();
        let before = me();
        let (own, child) = std::thread::spawn(move || {
            assert!(background_priority());
            let own = me();
            let child = std::thread::spawn(me).join().unwrap();
            (own, child)
        })
        .join()
        .unwrap();
        assert_eq!(own, BACKGROUND_NICENESS.max(before));
        assert_eq!(child, own, "threads started afterwards inherit it");
        assert_eq!(
            me(),
            before,
            "the calling thread of the test is not changed"
        );
    }
}
