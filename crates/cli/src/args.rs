//! The command line: every command's arguments (clap), their shared groups and parsers.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clearframe_core::audit;
use clearframe_core::detect::{CrowdParams, DetectKinds, DetectorConfig, FaceModel, Kind};
use clearframe_core::pipeline::ExportRequest;
use clearframe_core::policy;
use clearframe_core::redact::Method;

#[derive(Parser, Debug)]
#[command(
    name = "clearframe",
    version,
    about = "De-identify clinical photos on this machine: faces, text and metadata removed, export gated by your institution's consent policy."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
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
    Eval(EvalArgs),
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
pub(crate) enum AuditCommand {
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
pub(crate) struct AuditListArgs {
    /// Only `exported` or `refused` rows.
    #[arg(long)]
    pub(crate) outcome: Option<audit::Outcome>,
    /// Only rows under this policy id.
    #[arg(long)]
    pub(crate) policy: Option<String>,
    /// Only rows at or after this time (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse_time)]
    pub(crate) since: Option<std::time::SystemTime>,
    /// Only rows before this time (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse_time)]
    pub(crate) until: Option<std::time::SystemTime>,
    /// Only the most recent N rows.
    #[arg(long)]
    pub(crate) limit: Option<usize>,
}

impl AuditListArgs {
    pub(crate) fn filter(&self) -> audit::AuditFilter {
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
    audit::parse_rfc3339(s).ok_or_else(|| crate::l10n::t!("not-a-time", value = s))
}

/// `eval`'s arguments: the ground truth, and overrides of the detector's tuning.
#[derive(Args, Debug)]
pub(crate) struct EvalArgs {
    /// `faces` (WIDER-style labels) or `text` (MMOCR / ICDAR 2015 JSON).
    #[arg(value_parser = ["faces", "text"])]
    pub(crate) set: String,
    /// The label file.
    pub(crate) labels: PathBuf,
    /// The folder the label paths are relative to.
    pub(crate) images: PathBuf,
    /// Faces smaller than this (longer side, px) are "don't care".
    #[arg(long, default_value_t = 10)]
    pub(crate) min_face: u32,
    /// Override the face detector's score threshold (for tuning).
    #[arg(long)]
    pub(crate) face_threshold: Option<f32>,
    /// Override the long side small images are scaled up to for face detection (for tuning).
    #[arg(long)]
    pub(crate) face_min_side: Option<u32>,
    /// Override the long side of the fine (tiled) face pass; 0 turns it off (for tuning).
    #[arg(long)]
    pub(crate) face_fine_side: Option<u32>,
    /// Override the fine face pass's longest tile side, in model pixels (for tuning).
    #[arg(long)]
    pub(crate) face_tile: Option<u32>,
    /// Run the fine face pass over the whole image, not only around what the coarse pass
    /// saw (for comparison).
    #[arg(long)]
    pub(crate) face_fine_everywhere: bool,
    /// Override the score a coarse-pass box needs to seed the fine face pass (for tuning).
    #[arg(long)]
    pub(crate) face_seed_floor: Option<f32>,
    /// Override the fine face pass's cell (model pixels): the largest face it judges and
    /// the grain of its seeded tiles (for tuning).
    #[arg(long)]
    pub(crate) face_cell: Option<u32>,
    /// Report face boxes only: no crowd regions (for comparison).
    #[arg(long)]
    pub(crate) no_crowd: bool,
    /// Do not look for the framed photo around each face (for comparison).
    #[arg(long)]
    pub(crate) no_photo_frames: bool,
    /// Override the longest side (coarse-pass pixels) of a face box that is crowd evidence
    /// (for tuning).
    #[arg(long)]
    pub(crate) crowd_small_face: Option<f32>,
    /// Override the lowest fused score of a face box that is crowd evidence (for tuning).
    #[arg(long)]
    pub(crate) crowd_evidence_floor: Option<f32>,
    /// Override how many face sizes apart two pieces of crowd evidence may be (for tuning).
    #[arg(long)]
    pub(crate) crowd_link: Option<f32>,
    /// Override the fewest boxes of a crowd (for tuning).
    #[arg(long)]
    pub(crate) crowd_min_faces: Option<usize>,
    /// Override how many of a crowd's boxes must score as faces (for tuning).
    #[arg(long)]
    pub(crate) crowd_min_confident: Option<usize>,
    /// Override how many face sizes each crowd box is grown by (for tuning).
    #[arg(long)]
    pub(crate) crowd_grow: Option<f32>,
    #[command(flatten)]
    pub(crate) models: ModelArgs,
    /// Also give the counts per folder of the label paths (WIDER FACE's events: a parade,
    /// surgeons, a family group...).
    #[arg(long)]
    pub(crate) by_folder: bool,
    /// Print the counts as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

impl EvalArgs {
    /// The detector configuration: these models, the tuning flags given, the rest the defaults.
    pub(crate) fn config(&self) -> DetectorConfig {
        let mut config = self.models.config(DetectKinds::default());
        config.face_threshold = self.face_threshold.unwrap_or(config.face_threshold);
        config.face_min_side = self.face_min_side.unwrap_or(config.face_min_side);
        config.face_fine_side = self.face_fine_side.unwrap_or(config.face_fine_side);
        config.face_tile = self.face_tile.unwrap_or(config.face_tile);
        config.face_fine_seeded = !self.face_fine_everywhere;
        config.face_seed_floor = self.face_seed_floor.unwrap_or(config.face_seed_floor);
        config.face_tile_overlap = self.face_cell.unwrap_or(config.face_tile_overlap);
        config.photo_frames = !self.no_photo_frames;
        config.crowd = (!self.no_crowd).then(|| {
            let d = CrowdParams::default();
            CrowdParams {
                small_face: self.crowd_small_face.unwrap_or(d.small_face),
                evidence_floor: self.crowd_evidence_floor.unwrap_or(d.evidence_floor),
                link: self.crowd_link.unwrap_or(d.link),
                min_faces: self.crowd_min_faces.unwrap_or(d.min_faces),
                min_confident: self.crowd_min_confident.unwrap_or(d.min_confident),
                grow: self.crowd_grow.unwrap_or(d.grow),
            }
        });
        config
    }
}

#[derive(Args, Debug)]
pub(crate) struct CommonArgs {
    /// Refuse images larger than this many megapixels (decompression-bomb guard).
    #[arg(long, default_value_t = clearframe_core::image_io::DEFAULT_MAX_MEGAPIXELS)]
    pub(crate) max_megapixels: u64,
    /// One JSON object per line per image on stdout (no progress bar).
    #[arg(long)]
    pub(crate) json: bool,
    /// Files processed at once, each worker with its own models and its share of the cores
    /// (output stays in input order). Default: one worker per core when there are several
    /// files (each with one ONNX Runtime thread: CenterFace's layers are too small to keep
    /// two threads busy, so two files at once go 1.2-1.5x faster than one file on two
    /// threads), as many as the available memory allows at 2 GiB each; one worker with every
    /// core for a single file.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..=64))]
    pub(crate) jobs: Option<u16>,
    #[command(flatten)]
    pub(crate) models: ModelArgs,
}

/// Which copies of the models detect: shared by every command that scans pictures.
#[derive(Args, Debug, Clone, Copy)]
pub(crate) struct ModelArgs {
    /// Which copy of the face model: `float` (the default) or `int8`, quantized: 1.3-1.5x
    /// faster face detection, the same share of faces covered on the WIDER subset but about
    /// one point less recall and precision (see models/MODELS.md).
    #[arg(long, default_value = "float", value_parser = parse_face_model)]
    pub(crate) face_model: FaceModel,
}

impl ModelArgs {
    /// The detector configuration for `kinds` with these models, the rest the defaults.
    pub(crate) fn config(self, kinds: DetectKinds) -> DetectorConfig {
        DetectorConfig {
            kinds,
            face_model: self.face_model,
            ..DetectorConfig::default()
        }
    }
}

#[derive(Args, Debug)]
pub(crate) struct ScanArgs {
    /// Image files or folders (searched recursively).
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Detectors to run, comma-separated: face, text, barcode (barcodes and QR codes, read
    /// without a model).
    #[arg(long, default_value = "face,text,barcode", value_parser = parse_kinds)]
    pub(crate) detect: DetectKinds,
    #[command(flatten)]
    pub(crate) common: CommonArgs,
}

/// What the consent gate needs to know, and where the decision is recorded: shared by
/// `redact` and `vet --out`.
#[derive(Args, Debug)]
pub(crate) struct ConsentArgs {
    /// Policy preset id (see `clearframe policies`); required to export.
    #[arg(long)]
    pub(crate) policy: Option<String>,
    /// Extra folder of institution policy presets (*.toml); may be repeated.
    #[arg(long = "policy-dir")]
    pub(crate) policy_dirs: Vec<PathBuf>,
    /// What the images show: clinical, staff or event [default: clinical].
    #[arg(long)]
    pub(crate) subject: Option<String>,
    /// Where the images are going (e.g. teaching-site); required to export.
    #[arg(long)]
    pub(crate) destination: Option<String>,
    /// An attestation id the policy asks for (repeat for each).
    #[arg(long = "attest")]
    pub(crate) attestations: Vec<String>,
    /// Consent reference (form number or record id; never a patient name).
    #[arg(long = "consent-ref")]
    pub(crate) consent_ref: Option<String>,
    /// Confirm you checked each picture yourself for faces the detector missed: the policies
    /// ask for it when no face was found in a picture (a face in profile, small, or in a
    /// mirror, a screen or a photo is easily missed).
    #[arg(long = "confirm-no-face")]
    pub(crate) confirm_no_face: bool,
    /// Who reviewed the de-identification (recorded in the audit ledger).
    #[arg(long)]
    pub(crate) reviewer: Option<String>,
    /// The audit ledger (SQLite) to record exports and refusals in [default: the user's data
    /// folder, clearframe/ledger.sqlite3].
    #[arg(long)]
    pub(crate) ledger: Option<PathBuf>,
}

impl ConsentArgs {
    /// The policy and destination, which the gate cannot do without; `None` after printing a
    /// usage error. (Not `required` for clap: `vet` takes these arguments only with `--out`.)
    pub(crate) fn required(&self, command: &str) -> Option<(&str, &str)> {
        match (&self.policy, &self.destination) {
            (Some(p), Some(d)) => Some((p, d)),
            _ => {
                eprintln!("{}", crate::l10n::t!("needs-policy", command = command));
                None
            }
        }
    }

    /// The ledger to use: `--ledger`, else the default one.
    pub(crate) fn ledger(&self) -> PathBuf {
        self.ledger
            .clone()
            .unwrap_or_else(audit::default_ledger_path)
    }

    /// The export request for `policy`, writing into `out_dir`.
    pub(crate) fn request<'a>(
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
        .lang(crate::l10n::lang())
    }
}

#[derive(Args, Debug)]
pub(crate) struct RedactArgs {
    /// Image files, decks (.pptx), PDFs or folders (searched recursively for all of them).
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Output folder (created if missing). Nothing is ever overwritten.
    #[arg(long)]
    pub(crate) out: PathBuf,
    #[command(flatten)]
    pub(crate) consent: ConsentArgs,
    /// Name outputs after their inputs instead of neutrally (input names often carry patient
    /// names; off by default).
    #[arg(long)]
    pub(crate) keep_names: bool,
    /// Method for faces.
    #[arg(long, default_value = "blur")]
    pub(crate) face: Method,
    /// Method for text.
    #[arg(long, default_value = "fill")]
    pub(crate) text: Method,
    #[command(flatten)]
    pub(crate) common: CommonArgs,
}

#[derive(Args, Debug)]
pub(crate) struct VetArgs {
    /// The deck (.pptx).
    pub(crate) path: PathBuf,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also write the report as a self-contained HTML page (never overwrites a file).
    #[arg(long, value_name = "OUT.html")]
    pub(crate) html: Option<PathBuf>,
    /// Do not scan pictures for faces and text (no models needed; metadata is still read).
    #[arg(long)]
    pub(crate) no_scan: bool,
    /// Refuse pictures larger than this many megapixels (decompression-bomb guard).
    #[arg(long, default_value_t = clearframe_core::image_io::DEFAULT_MAX_MEGAPIXELS)]
    pub(crate) max_megapixels: u64,
    /// Write a redacted copy of the deck into this folder (created if missing), through the
    /// policy's consent gate: needs --policy and --destination (and what the policy asks).
    /// Named `redacted-<hash>.pptx` (`<deck name>.pptx` with --keep-names); never overwrites.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub(crate) out: Option<PathBuf>,
    /// Write the redacted copy to exactly this file (must not exist), through the gate.
    #[arg(long, value_name = "FILE.pptx")]
    pub(crate) output: Option<PathBuf>,
    /// With --out: name the copy after the deck (deck names often carry patient names).
    #[arg(long, requires = "out")]
    pub(crate) keep_names: bool,
    /// Keep the speaker notes in the copy, their identifier-like text replaced (by default
    /// notes are removed, as Document Inspector does).
    #[arg(long)]
    pub(crate) keep_notes: bool,
    /// Write the reviewer's plan for the deck's flagged text to this new file (JSON): every
    /// piece a copy would replace, each with `"keep": false, "reason": ""` to edit.
    #[arg(long, value_name = "PLAN.json", conflicts_with_all = ["out", "output"])]
    pub(crate) plan_template: Option<PathBuf>,
    /// With --out/--output: the reviewed plan; flagged text marked `"keep": true` with a reason
    /// stays visible in the copy, the reason recorded in the ledger row.
    #[arg(long, value_name = "PLAN.json")]
    pub(crate) plan: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) consent: ConsentArgs,
    #[command(flatten)]
    pub(crate) models: ModelArgs,
}

fn parse_kinds(s: &str) -> Result<DetectKinds, String> {
    DetectKinds::parse(s)
}

fn parse_face_model(s: &str) -> Result<FaceModel, String> {
    FaceModel::parse(s)
}
