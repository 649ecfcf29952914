//! `clearframe`: de-identify clinical photos from the command line, offline.
//!
//! Exit codes: 0 success; 1 one or more files failed (the others were processed);
//! 2 usage error; 3 the policy's gate refused the export (nothing was written);
//! 4 the models or ONNX Runtime could not be loaded.
//!
//! `vet` is a report: it exits 0 whenever the deck was read, whatever it found; 1 when the deck
//! could not be read or was refused as unsafe (zip bomb, escaping entry names). `vet --out`
//! (a redacted copy) exits like `redact`: 0 written, 1 not written (unreadable deck, a picture
//! that cannot be redacted), 3 refused by the gate, 4 models unavailable.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use clearframe_core::detect::{DetectKinds, Detector, DetectorConfig, FaceModel, Kind};
use clearframe_core::document::{self, DocumentExportOutcome, DocumentKind, DocumentRedactOptions};
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::pipeline::{
    self, BatchSummary, CancelToken, ExportRequest, Progress, ProgressSink,
};
use clearframe_core::redact::{Method, PlanDefaults};
use clearframe_core::{audit, metadata, policy, Error};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

mod output;
mod vet;

/// Exit code: some files failed.
const EXIT_FILE_ERRORS: u8 = 1;
/// Exit code: usage error (as clap's own).
const EXIT_USAGE: u8 = 2;
/// Exit code: the gate refused.
const EXIT_REFUSED: u8 = 3;
/// Exit code: models or runtime unavailable.
const EXIT_SETUP: u8 = 4;

#[derive(Parser, Debug)]
#[command(
    name = "clearframe",
    version,
    about = "De-identify clinical photos on this machine: faces, text and metadata removed, export gated by your institution's consent policy."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Find faces, text and metadata in images (nothing is written).
    Scan(ScanArgs),
    /// Redact photos, decks (.pptx) and PDFs into a folder, through the policy's consent gate
    /// (each file the kind it is: a deck or PDF gets the copy `vet --out` writes).
    Redact(RedactArgs),
    /// List the policy presets, or explain one (its destinations, conditions and sources).
    Policies {
        /// A preset id to explain in full.
        id: Option<String>,
        /// Extra folder of institution policy presets (*.toml); may be repeated.
        #[arg(long = "policy-dir")]
        policy_dirs: Vec<PathBuf>,
        /// Print the table of every preset's rules as Markdown (as in the README).
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
        /// Print the presets as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Read, verify and export the audit ledger.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
        /// The audit ledger (SQLite).
        #[arg(long, global = true, default_value_os_t = audit::default_ledger_path())]
        ledger: PathBuf,
    },
    /// Measure detection against ground truth: recall at IoU 0.5, area coverage, precision.
    Eval {
        /// `faces` (WIDER-style labels) or `text` (MMOCR / ICDAR 2015 JSON).
        #[arg(value_parser = ["faces", "text"])]
        set: String,
        /// The label file.
        labels: PathBuf,
        /// The folder the label paths are relative to.
        images: PathBuf,
        /// Faces smaller than this (longer side, px) are "don't care".
        #[arg(long, default_value_t = 10)]
        min_face: u32,
        /// Override the face detector's score threshold (for tuning).
        #[arg(long)]
        face_threshold: Option<f32>,
        /// Override the long side small images are scaled up to for face detection (for tuning).
        #[arg(long)]
        face_min_side: Option<u32>,
        /// Override the long side of the fine (tiled) face pass; 0 turns it off (for tuning).
        #[arg(long)]
        face_fine_side: Option<u32>,
        /// Override the fine face pass's longest tile side, in model pixels (for tuning).
        #[arg(long)]
        face_tile: Option<u32>,
        /// Run the fine face pass over the whole image, not only around what the coarse pass
        /// saw (for comparison).
        #[arg(long)]
        face_fine_everywhere: bool,
        /// Override the score a coarse-pass box needs to seed the fine face pass (for tuning).
        #[arg(long)]
        face_seed_floor: Option<f32>,
        /// Override the fine face pass's cell (model pixels): the largest face it judges and
        /// the grain of its seeded tiles (for tuning).
        #[arg(long)]
        face_cell: Option<u32>,
        #[command(flatten)]
        models: ModelArgs,
        /// Also give the counts per folder of the label paths (WIDER FACE's events: a parade,
        /// surgeons, a family group...).
        #[arg(long)]
        by_folder: bool,
        /// Print the counts as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Vet a PowerPoint deck (.pptx) for identifiers before it is shared: pictures (faces,
    /// text, metadata, crops that hide but keep the original), slide text, speaker notes,
    /// comments, document properties and the thumbnail. Reads only; exits 0 whatever it finds.
    /// With --out DIR or --output FILE, also writes a redacted copy through the policy's
    /// consent gate (pictures redacted, properties blanked, thumbnail removed; slide text,
    /// notes and comments are left and listed for editing by hand).
    Vet(VetArgs),
    /// List the metadata a file carries (what an export removes).
    Inspect {
        /// Image files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// One line per row, oldest first.
    List(AuditListArgs),
    /// One row in full, as JSON.
    Show {
        /// Row id.
        id: i64,
    },
    /// Check the hash chain; exits 1 and names the first bad row if anything was edited,
    /// deleted or reordered.
    Verify,
    /// Write rows as CSV or JSON to stdout.
    Export {
        /// Output format.
        #[arg(long, value_parser = ["csv", "json"], default_value = "csv")]
        format: String,
        #[command(flatten)]
        filter: AuditListArgs,
    },
}

#[derive(Args, Debug)]
struct AuditListArgs {
    /// Only `exported` or `refused` rows.
    #[arg(long)]
    outcome: Option<audit::Outcome>,
    /// Only rows under this policy id.
    #[arg(long)]
    policy: Option<String>,
    /// Only rows at or after this time (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse_time)]
    since: Option<std::time::SystemTime>,
    /// Only rows before this time (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse_time)]
    until: Option<std::time::SystemTime>,
    /// Only the most recent N rows.
    #[arg(long)]
    limit: Option<usize>,
}

impl AuditListArgs {
    fn filter(&self) -> audit::AuditFilter {
        audit::AuditFilter {
            outcome: self.outcome,
            policy_id: self.policy.clone(),
            since: self.since,
            until: self.until,
            limit: self.limit,
        }
    }
}

fn parse_time(s: &str) -> Result<std::time::SystemTime, String> {
    audit::parse_rfc3339(s)
        .ok_or_else(|| format!("`{s}` is not a time (use 2026-11-23 or 2026-11-23T10:00:00Z)"))
}

#[derive(Args, Debug)]
struct CommonArgs {
    /// Refuse images larger than this many megapixels (decompression-bomb guard).
    #[arg(long, default_value_t = clearframe_core::image_io::DEFAULT_MAX_MEGAPIXELS)]
    max_megapixels: u64,
    /// One JSON object per line per image on stdout (no progress bar).
    #[arg(long)]
    json: bool,
    /// Files processed at once, each worker with its own models and its share of the cores
    /// (output stays in input order). Default: one worker per core when there are several
    /// files (each with one ONNX Runtime thread: CenterFace's layers are too small to keep
    /// two threads busy, so two files at once go 1.2-1.5x faster than one file on two
    /// threads), as many as the available memory allows at 2 GiB each; one worker with every
    /// core for a single file.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: Option<u16>,
    #[command(flatten)]
    models: ModelArgs,
}

/// Which copies of the models detect: shared by every command that scans pictures.
#[derive(Args, Debug, Clone, Copy)]
struct ModelArgs {
    /// Which copy of the face model: `float` (the default) or `int8`, quantized: 1.3-1.5x
    /// faster face detection, the same share of faces covered on the WIDER subset but about
    /// one point less recall and precision (see models/MODELS.md).
    #[arg(long, default_value = "float", value_parser = parse_face_model)]
    face_model: FaceModel,
}

impl ModelArgs {
    /// The detector configuration for `kinds` with these models, the rest the defaults.
    fn config(self, kinds: DetectKinds) -> DetectorConfig {
        DetectorConfig {
            kinds,
            face_model: self.face_model,
            ..DetectorConfig::default()
        }
    }
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// Image files or folders (searched recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Detectors to run, comma-separated: face, text, barcode (barcodes and QR codes, read
    /// without a model).
    #[arg(long, default_value = "face,text,barcode", value_parser = parse_kinds)]
    detect: DetectKinds,
    #[command(flatten)]
    common: CommonArgs,
}

/// What the consent gate needs to know, and where the decision is recorded: shared by
/// `redact` and `vet --out`.
#[derive(Args, Debug)]
struct ConsentArgs {
    /// Policy preset id (see `clearframe policies`); required to export.
    #[arg(long)]
    policy: Option<String>,
    /// Extra folder of institution policy presets (*.toml); may be repeated.
    #[arg(long = "policy-dir")]
    policy_dirs: Vec<PathBuf>,
    /// What the images show: clinical, staff or event [default: clinical].
    #[arg(long)]
    subject: Option<String>,
    /// Where the images are going (e.g. teaching-site); required to export.
    #[arg(long)]
    destination: Option<String>,
    /// An attestation id the policy asks for (repeat for each).
    #[arg(long = "attest")]
    attestations: Vec<String>,
    /// Consent reference (form number or record id; never a patient name).
    #[arg(long = "consent-ref")]
    consent_ref: Option<String>,
    /// Confirm you checked each picture yourself for faces the detector missed: the policies
    /// ask for it when no face was found in a picture (a face in profile, small, or in a
    /// mirror, a screen or a photo is easily missed).
    #[arg(long = "confirm-no-face")]
    confirm_no_face: bool,
    /// Who reviewed the de-identification (recorded in the audit ledger).
    #[arg(long)]
    reviewer: Option<String>,
    /// The audit ledger (SQLite) to record exports and refusals in [default: the user's data
    /// folder, clearframe/ledger.sqlite3].
    #[arg(long)]
    ledger: Option<PathBuf>,
}

impl ConsentArgs {
    /// The policy and destination, which the gate cannot do without; `None` after printing a
    /// usage error. (Not `required` for clap: `vet` takes these arguments only with `--out`.)
    fn required(&self, command: &str) -> Option<(&str, &str)> {
        match (&self.policy, &self.destination) {
            (Some(p), Some(d)) => Some((p, d)),
            _ => {
                eprintln!(
                    "clearframe: {command} needs --policy and --destination (and what the policy asks for: see `clearframe policies ID`)"
                );
                None
            }
        }
    }

    /// The ledger to use: `--ledger`, else the default one.
    fn ledger(&self) -> PathBuf {
        self.ledger
            .clone()
            .unwrap_or_else(audit::default_ledger_path)
    }

    /// The export request for `policy`, writing into `out_dir`.
    fn request<'a>(
        &self,
        policy: &'a policy::Policy,
        out_dir: PathBuf,
        keep_names: bool,
    ) -> ExportRequest<'a> {
        ExportRequest::new(
            policy,
            self.destination.as_deref().unwrap_or_default(),
            out_dir,
        )
        .subject(self.subject.as_deref())
        .attest(&self.attestations)
        .checked(self.confirm_no_face.then_some(Kind::Face))
        .consent_ref(self.consent_ref.as_deref())
        .reviewer(self.reviewer.as_deref())
        .keep_names(keep_names)
    }
}

#[derive(Args, Debug)]
struct RedactArgs {
    /// Image files, decks (.pptx), PDFs or folders (searched recursively for all of them).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output folder (created if missing). Nothing is ever overwritten.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    consent: ConsentArgs,
    /// Name outputs after their inputs instead of neutrally (input names often carry patient
    /// names; off by default).
    #[arg(long)]
    keep_names: bool,
    /// Method for faces.
    #[arg(long, default_value = "blur")]
    face: Method,
    /// Method for text.
    #[arg(long, default_value = "fill")]
    text: Method,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args, Debug)]
struct VetArgs {
    /// The deck (.pptx).
    path: PathBuf,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
    /// Also write the report as a self-contained HTML page (never overwrites a file).
    #[arg(long, value_name = "OUT.html")]
    html: Option<PathBuf>,
    /// Do not scan pictures for faces and text (no models needed; metadata is still read).
    #[arg(long)]
    no_scan: bool,
    /// Refuse pictures larger than this many megapixels (decompression-bomb guard).
    #[arg(long, default_value_t = clearframe_core::image_io::DEFAULT_MAX_MEGAPIXELS)]
    max_megapixels: u64,
    /// Write a redacted copy of the deck into this folder (created if missing), through the
    /// policy's consent gate: needs --policy and --destination (and what the policy asks).
    /// Named `redacted-<hash>.pptx` (`<deck name>.pptx` with --keep-names); never overwrites.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    out: Option<PathBuf>,
    /// Write the redacted copy to exactly this file (must not exist), through the gate.
    #[arg(long, value_name = "FILE.pptx")]
    output: Option<PathBuf>,
    /// With --out: name the copy after the deck (deck names often carry patient names).
    #[arg(long, requires = "out")]
    keep_names: bool,
    /// Keep the speaker notes in the copy, their identifier-like text replaced (by default
    /// notes are removed, as Document Inspector does).
    #[arg(long)]
    keep_notes: bool,
    /// Write the reviewer's plan for the deck's flagged text to this new file (JSON): every
    /// piece a copy would replace, each with `"keep": false, "reason": ""` to edit.
    #[arg(long, value_name = "PLAN.json", conflicts_with_all = ["out", "output"])]
    plan_template: Option<PathBuf>,
    /// With --out/--output: the reviewed plan; flagged text marked `"keep": true` with a reason
    /// stays visible in the copy, the reason recorded in the ledger row.
    #[arg(long, value_name = "PLAN.json")]
    plan: Option<PathBuf>,
    #[command(flatten)]
    consent: ConsentArgs,
    #[command(flatten)]
    models: ModelArgs,
}

fn parse_kinds(s: &str) -> Result<DetectKinds, String> {
    DetectKinds::parse(s)
}

fn parse_face_model(s: &str) -> Result<FaceModel, String> {
    FaceModel::parse(s)
}

fn main() -> ExitCode {
    clearframe_core::memory::tune_allocator();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(a) => scan(a),
        Command::Redact(a) => redact(a),
        Command::Inspect { paths } => inspect(&paths),
        Command::Vet(a) => vet_deck(a),
        Command::Eval {
            set,
            labels,
            images,
            min_face,
            face_threshold,
            face_min_side,
            face_fine_side,
            face_tile,
            face_fine_everywhere,
            face_seed_floor,
            face_cell,
            models,
            by_folder,
            json,
        } => {
            let mut config = models.config(DetectKinds::default());
            config.face_threshold = face_threshold.unwrap_or(config.face_threshold);
            config.face_min_side = face_min_side.unwrap_or(config.face_min_side);
            config.face_fine_side = face_fine_side.unwrap_or(config.face_fine_side);
            config.face_tile = face_tile.unwrap_or(config.face_tile);
            config.face_fine_seeded = !face_fine_everywhere;
            config.face_seed_floor = face_seed_floor.unwrap_or(config.face_seed_floor);
            config.face_tile_overlap = face_cell.unwrap_or(config.face_tile_overlap);
            eval(&set, &labels, &images, min_face, config, by_folder, json)
        }
        Command::Audit { command, ledger } => audit_command(command, &ledger),
        Command::Policies {
            id,
            policy_dirs,
            markdown,
            json,
        } => policies(id.as_deref(), &policy_dirs, markdown, json),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("clearframe: {e:#}");
            let code = match e.downcast_ref::<Error>() {
                Some(Error::Refused(_)) => EXIT_REFUSED,
                Some(Error::Model { .. } | Error::Runtime(_)) => EXIT_SETUP,
                _ => EXIT_FILE_ERRORS,
            };
            ExitCode::from(code)
        }
    }
}

/// One detector per worker for `files` files (see [`pipeline::load_workers`]), `-j` honoured.
fn load_detectors(kinds: DetectKinds, common: &CommonArgs, files: usize) -> Result<Vec<Detector>> {
    let requested = common.jobs.map(usize::from);
    Ok(pipeline::load_workers(
        common.models.config(kinds),
        requested,
        files,
    )?)
}

/// A progress bar on stderr, hidden with `--json` or when stderr is not a terminal.
fn progress_bar(len: usize, json: bool) -> ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
    }
    let pb = ProgressBar::new(len as u64);
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {wide_msg}",
        )
        .expect("valid template"),
    );
    pb
}

/// Draws batch progress with indicatif.
struct BarSink(ProgressBar);

impl ProgressSink for BarSink {
    fn report(&self, event: Progress) {
        match event {
            Progress::Started { total } => self.0.set_length(total as u64),
            Progress::FileStarted { path, .. } => self.0.set_message(path.display().to_string()),
            Progress::FileDone { .. } => self.0.inc(1),
        }
    }
}

/// A cancellation token set by Ctrl-C: the batch stops after the file in progress (which is
/// written whole or not at all). A second Ctrl-C exits at once.
fn cancel_on_ctrl_c() -> CancelToken {
    let token = CancelToken::new();
    let t = token.clone();
    let _ = ctrlc::set_handler(move || {
        if t.is_cancelled() {
            std::process::exit(130);
        }
        eprintln!("clearframe: stopping after the current file (Ctrl-C again to quit now)");
        t.cancel();
    });
    token
}

fn scan(a: ScanArgs) -> Result<u8> {
    let inputs = pipeline::collect_inputs(&a.paths);
    let detectors = load_detectors(a.detect, &a.common, inputs.len())?;
    let decode = DecodeOptions {
        max_megapixels: a.common.max_megapixels,
    };
    let defaults = PlanDefaults::default();
    let pb = progress_bar(inputs.len(), a.common.json);
    let stdout = std::io::stdout();
    let mut io_result = Ok(());
    let summary = pipeline::run_batch_parallel(
        inputs,
        &BarSink(pb.clone()),
        &cancel_on_ctrl_c(),
        detectors.len(),
        |w, p| pipeline::scan_file(&detectors[w], p, &decode, &defaults).map(|(_, r)| r),
        |_, result| {
            let mut out = stdout.lock();
            let written = match result {
                Ok(report) if a.common.json => writeln!(out, "{}", output::scan_json(&report)),
                Ok(report) => pb.suspend(|| output::print_scan(&mut out, &report)),
                Err(e) => report_error(&mut out, &pb, a.common.json, &e),
            };
            if io_result.is_ok() {
                io_result = written;
            }
        },
    );
    pb.finish_and_clear();
    io_result?;
    Ok(exit_code(&summary, 0))
}

/// A file's error: a JSON line on stdout with `--json`, else a line on stderr.
fn report_error(
    out: &mut impl Write,
    pb: &ProgressBar,
    json: bool,
    e: &Error,
) -> std::io::Result<()> {
    if json {
        writeln!(out, "{}", output::error_json(e))
    } else {
        pb.suspend(|| {
            eprintln!("error: {e}");
            if let Error::Refused(decision) = e {
                output::print_refusal_hints(decision);
            }
        });
        Ok(())
    }
}

/// 1 when any file failed or the batch was cancelled, else `otherwise`.
fn exit_code(summary: &BatchSummary, otherwise: u8) -> u8 {
    if summary.failed > 0 || summary.cancelled {
        EXIT_FILE_ERRORS
    } else {
        otherwise
    }
}

fn redact(a: RedactArgs) -> Result<u8> {
    let c = &a.consent;
    let Some((policy_id, _)) = c.required("redact") else {
        return Ok(EXIT_USAGE);
    };
    let policy = policy::find_policy(policy_id, &c.policy_dirs).map_err(Error::from)?;
    let req = c.request(&policy, a.out.clone(), a.keep_names);
    let mut ledger = audit::Ledger::open(c.ledger()).map_err(Error::from)?;
    // Refuse before reading any image when the request itself does not meet the policy;
    // the refused attempt is recorded in the ledger.
    if let Err(Error::Refused(decision)) = req.gate_or_record_refusal(None, None, &mut ledger) {
        output::print_refusal(&policy, &decision, a.common.json)?;
        return Ok(EXIT_REFUSED);
    }
    let inputs = pipeline::collect_export_inputs(&a.paths);
    let detectors = load_detectors(DetectKinds::default(), &a.common, inputs.len())?;
    let req = req.models(detectors[0].model_sha256());
    // Exports (gate, write, ledger row) one at a time; scans, and building a document's copy,
    // in parallel.
    let ledger = std::sync::Mutex::new(ledger);
    let lock = || {
        ledger
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let decode = DecodeOptions {
        max_megapixels: a.common.max_megapixels,
    };
    let defaults = PlanDefaults {
        face: a.face,
        text: a.text,
        ..PlanDefaults::default()
    };
    let documents = document_options(decode, defaults);
    let pb = progress_bar(inputs.len(), a.common.json);
    let mut refused = 0usize;
    let stdout = std::io::stdout();
    let mut io_result = Ok(());
    let summary = pipeline::run_batch_parallel(
        inputs,
        &BarSink(pb.clone()),
        &cancel_on_ctrl_c(),
        detectors.len(),
        |w, p| {
            if DocumentKind::of(p).is_some() {
                let copy = document::write_redacted_document(p, &detectors[w], &documents)?;
                return Ok(Exported::Document(copy.export(&req, None, &mut lock())?));
            }
            let (img, report) = pipeline::scan_file(&detectors[w], p, &decode, &defaults)?;
            let outcome = pipeline::export(&img, &report.plan, &req, &mut lock())?;
            Ok(Exported::Photo(report, outcome))
        },
        |_, result| {
            let mut out = stdout.lock();
            let written = match result {
                Ok(exported) => pb.suspend(|| exported.print(&mut out, a.common.json)),
                Err(e) => {
                    refused += usize::from(matches!(e, Error::Refused(_)));
                    report_error(&mut out, &pb, a.common.json, &e)
                }
            };
            if io_result.is_ok() {
                io_result = written;
            }
        },
    );
    pb.finish_and_clear();
    io_result?;
    // Refusals (a finding the policy requires redacted left as is) are failures of their own kind.
    if summary.failed > refused || summary.cancelled {
        return Ok(EXIT_FILE_ERRORS);
    }
    Ok(if refused > 0 { EXIT_REFUSED } else { 0 })
}

/// How a document's copy is built: this pixel limit and these methods, every other choice the
/// default (notes removed, every flagged text replaced). `redact` uses it as it is; `vet --out`
/// adds `--keep-notes` and the reviewed plan.
fn document_options(decode: DecodeOptions, defaults: PlanDefaults) -> DocumentRedactOptions {
    let vet = document::VetOptions {
        decode,
        ..Default::default()
    };
    DocumentRedactOptions {
        deck: document::DeckRedactOptions {
            vet: vet.clone(),
            defaults,
            ..Default::default()
        },
        pdf: document::PdfRedactOptions {
            vet,
            defaults,
            ..Default::default()
        },
    }
}

/// One file `redact` exported: a photo, or a deck's or PDF's copy.
enum Exported {
    Photo(pipeline::ScanReport, pipeline::ExportOutcome),
    Document(DocumentExportOutcome),
}

impl Exported {
    /// Its JSON line (`--json`) or its human summary.
    fn print(&self, out: &mut impl Write, json: bool) -> std::io::Result<()> {
        match self {
            Exported::Photo(report, outcome) if json => {
                writeln!(out, "{}", output::export_json(report, outcome))
            }
            Exported::Photo(report, outcome) => output::print_export(out, report, outcome),
            Exported::Document(d) if json => writeln!(
                out,
                "{}",
                serde_json::to_string(d).map_err(std::io::Error::other)?
            ),
            Exported::Document(DocumentExportOutcome::Pptx(o)) => vet::print_export(out, o),
            Exported::Document(DocumentExportOutcome::Pdf(o)) => vet::print_pdf_export(out, o),
        }
    }
}

fn policies(id: Option<&str>, dirs: &[PathBuf], markdown: bool, json: bool) -> Result<u8> {
    let all = match id {
        Some(id) => vec![policy::find_policy(id, dirs).map_err(Error::from)?],
        None => policy::all_policies(dirs).map_err(Error::from)?,
    };
    let mut out = std::io::stdout().lock();
    if markdown {
        write!(out, "{}", policy::markdown_table(&all))?;
    } else if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
    } else if id.is_some() {
        write!(out, "{}", all[0].explain())?;
    } else {
        for p in &all {
            writeln!(out, "{:<20} {}", p.id, p.name)?;
            if let Some(summary) = &p.summary {
                writeln!(out, "{:<20} {}", "", summary)?;
            }
        }
        writeln!(out, "\n`clearframe policies ID` explains one preset: every destination, its conditions and sources.")?;
    }
    Ok(0)
}

fn audit_command(command: AuditCommand, path: &std::path::Path) -> Result<u8> {
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

fn eval(
    set: &str,
    labels: &std::path::Path,
    images: &std::path::Path,
    min_face: u32,
    config: DetectorConfig,
    by_folder: bool,
    json: bool,
) -> Result<u8> {
    use clearframe_core::eval;
    let text = std::fs::read_to_string(labels)
        .with_context(|| format!("cannot read {}", labels.display()))?;
    let (truth, kind) = if set == "faces" {
        (
            eval::parse_wider(&text, min_face),
            clearframe_core::Kind::Face,
        )
    } else {
        (eval::parse_mmocr(&text), clearframe_core::Kind::Text)
    };
    let truth = truth.map_err(|e| anyhow::anyhow!("{}: {e}", labels.display()))?;
    let kinds = DetectKinds {
        face: kind == clearframe_core::Kind::Face,
        text: kind == clearframe_core::Kind::Text,
        barcode: false,
    };
    let detector = Detector::load(DetectorConfig { kinds, ..config })?;
    let defaults = PlanDefaults::default();
    let pb = progress_bar(truth.len(), json);
    let mut tally = eval::Tally::default();
    let start = std::time::Instant::now();
    for gt in &truth {
        let path = images.join(&gt.image);
        pb.set_message(gt.image.clone());
        let (_, report) =
            pipeline::scan_file(&detector, &path, &DecodeOptions::default(), &defaults)?;
        let items: Vec<_> = (report.plan.items.iter())
            .filter(|i| i.finding.kind == kind)
            .collect();
        // A line that was read counts as its words (labels are per word); its region is
        // what redaction covers either way.
        let dets: Vec<_> = (items.iter())
            .flat_map(|i| match i.finding.words.as_slice() {
                [] => vec![i.finding.rect],
                words => words.to_vec(),
            })
            .collect();
        let regions: Vec<_> = items.iter().map(|i| i.redact_rect).collect();
        tally.add(&gt.image, &eval::score_image(&gt.boxes, &dets, &regions));
        pb.inc(1);
    }
    pb.finish_and_clear();
    let secs = start.elapsed().as_secs_f64();
    let total = tally.total;
    let mut out = std::io::stdout().lock();
    if json {
        let scores = |c: &eval::Counts| {
            serde_json::json!({
                "counts": c, "recall": c.recall(), "coverage": c.coverage(),
                "precision": c.precision(),
            })
        };
        let mut v = scores(&total);
        v["set"] = set.into();
        v["seconds"] = secs.into();
        if by_folder {
            v["folders"] = (tally.folders.iter())
                .map(|(f, c)| (f.clone(), scores(c)))
                .collect::<serde_json::Map<_, _>>()
                .into();
        }
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "{set}: {} images, {} labelled ({} detections)",
            total.images, total.gt, total.detections
        )?;
        writeln!(
            out,
            "  recall@IoU0.5 {:.3}  coverage(>=80% area) {:.3}  precision {:.3}",
            total.recall(),
            total.coverage(),
            total.precision()
        )?;
        writeln!(out, "  {:.2} images/s", total.images as f64 / secs)?;
        if by_folder {
            let width = (tally.folders.keys().map(String::len).max().unwrap_or(0)).max(6);
            writeln!(
                out,
                "  {:width$}  images  labelled  recall  coverage  precision",
                "folder"
            )?;
            for (folder, c) in &tally.folders {
                writeln!(
                    out,
                    "  {:width$}  {:>6}  {:>8}  {:>6.3}  {:>8.3}  {:>9.3}",
                    if folder.is_empty() { "." } else { folder },
                    c.images,
                    c.gt,
                    c.recall(),
                    c.coverage(),
                    c.precision()
                )?;
            }
        }
    }
    Ok(0)
}

fn inspect(paths: &[PathBuf]) -> Result<u8> {
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for p in paths {
        match std::fs::read(p) {
            Ok(bytes) => output::print_inspect(&mut out, p, &metadata::inspect_detailed(&bytes))?,
            Err(e) => {
                failed += 1;
                eprintln!("error: {}: {e}", p.display());
            }
        }
    }
    Ok(if failed > 0 { EXIT_FILE_ERRORS } else { 0 })
}

fn vet_deck(a: VetArgs) -> Result<u8> {
    let is_pdf = a
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if a.out.is_some() || a.output.is_some() {
        return vet_redact(a, is_pdf);
    }
    if a.consent.policy.is_some() || a.consent.destination.is_some() {
        eprintln!("clearframe: --policy and --destination go with --out or --output (a redacted copy); the report alone needs neither");
        return Ok(EXIT_USAGE);
    }
    if is_pdf {
        return vet_pdf(a);
    }
    let report = match vet_report(&a, document::vet_pptx)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    if let Some(plan_path) = &a.plan_template {
        vet::write_plan_template(
            plan_path,
            &report.path,
            &report.sha256,
            &report.flagged_text,
        )?;
    }
    if let Some(html_path) = &a.html {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(html_path)
            .with_context(|| format!("cannot create {}", html_path.display()))?;
        f.write_all(vet::html(&report).as_bytes())
            .with_context(|| format!("cannot write {}", html_path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        vet::print_human(&mut out, &report)?;
    }
    Ok(0)
}

/// `vet DECK|FILE.pdf --out DIR` / `--output FILE`: the redacted copy, through the consent gate.
fn vet_redact(a: VetArgs, is_pdf: bool) -> Result<u8> {
    let c = &a.consent;
    let Some((policy_id, _)) = c.required("a redacted copy (vet --out/--output)") else {
        return Ok(EXIT_USAGE);
    };
    if a.no_scan || a.html.is_some() {
        eprintln!("clearframe: --out/--output cannot be combined with --no-scan or --html (run vet without --out for the report)");
        return Ok(EXIT_USAGE);
    }
    if is_pdf && a.keep_notes {
        eprintln!("clearframe: --keep-notes is for decks (a PDF has no speaker notes)");
        return Ok(EXIT_USAGE);
    }
    let policy = policy::find_policy(policy_id, &c.policy_dirs).map_err(Error::from)?;
    let out_dir = match (&a.out, &a.output) {
        (Some(dir), _) => dir.clone(),
        (None, Some(file)) => file.parent().map(PathBuf::from).unwrap_or_default(),
        (None, None) => unreachable!("checked by the caller"),
    };
    let req = c.request(&policy, out_dir, a.keep_names);
    let mut ledger = audit::Ledger::open(c.ledger()).map_err(Error::from)?;
    // Refuse before reading the deck when the request itself does not meet the policy.
    if let Err(Error::Refused(decision)) = req.gate_or_record_refusal(None, None, &mut ledger) {
        output::print_refusal(&policy, &decision, a.json)?;
        return Ok(EXIT_REFUSED);
    }
    let detector = Detector::load(a.models.config(DetectKinds::default()))?;
    let req = req.models(detector.model_sha256());
    let keep_text = match &a.plan {
        Some(p) => match vet::read_plan(p) {
            Ok(keep) => keep,
            Err(e) => {
                eprintln!("clearframe: {e:#}");
                return Ok(EXIT_USAGE);
            }
        },
        None => Vec::new(),
    };
    let mut opts = document_options(
        DecodeOptions {
            max_megapixels: a.max_megapixels,
        },
        PlanDefaults::default(),
    );
    opts.deck.keep_notes = a.keep_notes;
    opts.deck.keep_text = keep_text.clone();
    opts.pdf.keep_text = keep_text;
    let output = a.output.as_deref();
    let printed = if is_pdf {
        let outcome =
            document::export_pdf(&a.path, &detector, &req, output, &opts.pdf, &mut ledger);
        print_copy(&a, outcome, vet::print_pdf_export)
    } else {
        let outcome =
            document::export_pptx(&a.path, &detector, &req, output, &opts.deck, &mut ledger);
        print_copy(&a, outcome, vet::print_export)
    };
    match printed? {
        Err(Error::Refused(decision)) => {
            output::print_refusal(&policy, &decision, a.json)?;
            Ok(EXIT_REFUSED)
        }
        Err(e @ (Error::Model { .. } | Error::Runtime(_))) => Err(e.into()),
        Err(e) if a.json => {
            let v =
                serde_json::json!({"path": a.path, "error": e.to_string(), "error_code": e.code()});
            writeln!(std::io::stdout().lock(), "{v}")?;
            Ok(EXIT_FILE_ERRORS)
        }
        Err(e) => Err(e.into()),
        Ok(()) => Ok(0),
    }
}

/// Print a written copy (JSON with `--json`, else the human summary); an export error is handed
/// back for the caller to map to an exit code.
fn print_copy<T: serde::Serialize>(
    a: &VetArgs,
    outcome: std::result::Result<T, Error>,
    human: fn(&mut std::io::StdoutLock<'static>, &T) -> std::io::Result<()>,
) -> Result<std::result::Result<(), Error>> {
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => return Ok(Err(e)),
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string(&outcome)?)?;
    } else {
        human(&mut out, &outcome)?;
    }
    Ok(Ok(()))
}

/// Vet `a.path` with `vet` (a deck's or a PDF's): the detector (none with `--no-scan`; models
/// load only if there is a picture to scan) and the pixel limit from the arguments. A
/// document that cannot be read is, with `--json`, one JSON error line and the exit code
/// (`Ok(Err(code))`); a model or runtime failure is always an error.
fn vet_report<R>(
    a: &VetArgs,
    vet: impl FnOnce(
        &std::path::Path,
        Option<&Detector>,
        &clearframe_core::document::VetOptions,
    ) -> std::result::Result<R, Error>,
) -> Result<std::result::Result<R, u8>> {
    let detector = if a.no_scan {
        None
    } else {
        Some(Detector::lazy(a.models.config(DetectKinds::default()))?)
    };
    let opts = clearframe_core::document::VetOptions {
        decode: DecodeOptions {
            max_megapixels: a.max_megapixels,
        },
        ..Default::default()
    };
    match vet(&a.path, detector.as_ref(), &opts) {
        Ok(r) => Ok(Ok(r)),
        Err(e @ (Error::Model { .. } | Error::Runtime(_))) => Err(e.into()),
        Err(e) if a.json => {
            let v =
                serde_json::json!({"path": a.path, "error": e.to_string(), "error_code": e.code()});
            writeln!(std::io::stdout().lock(), "{v}")?;
            Ok(Err(EXIT_FILE_ERRORS))
        }
        Err(e) => Err(e.into()),
    }
}

/// `vet FILE.pdf`: the report (images with pages, scanned; page text, annotations, form
/// fields, attachments, XMP, revisions, Info dictionary).
fn vet_pdf(a: VetArgs) -> Result<u8> {
    if a.html.is_some() {
        eprintln!("clearframe: --html is for decks; for a PDF use the text or --json report");
        return Ok(EXIT_USAGE);
    }
    let report = match vet_report(&a, document::vet_pdf)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    if let Some(plan_path) = &a.plan_template {
        vet::write_plan_template(plan_path, &report.path, &report.sha256, &report.text)?;
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        vet::print_pdf(&mut out, &report)?;
    }
    Ok(0)
}
