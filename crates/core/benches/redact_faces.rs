//! `clearframe redact` for a batch of photos, faces only: the ClearFrame side of
//! scripts/bench-deface.sh's detect + blur + write comparison (deface's CLI finds and blurs
//! faces only; `clearframe redact` always looks for text and barcodes too).
//!
//! `cargo bench -p clearframe-core --bench redact_faces -- OUT_DIR FILE_OR_FOLDER...`
//!
//! The whole process is the measurement (time it from outside): it does what `redact` does for
//! a batch of photos, with `DetectKinds` face only. The consent gate is asked once before any
//! image is read (stanford-peds, clinical subject, teaching-site, both attestations, a consent
//! reference), a detector per worker is loaded side by side, then `pipeline::run_batch_parallel`
//! scans each photo (`pipeline::scan_file`: decode + faces, default plan: blur) and exports it
//! (`pipeline::export`: gate, redact, encode at the source's format, here JPEG quality 92,
//! verify, write atomically under a neutral name in OUT_DIR, commit a ledger row; exports one
//! at a time as in the CLI). The ledger is a fresh one in a temp dir. Workers as the CLI's
//! batches (`pipeline::load_workers`): one single-threaded worker per core by default.
//! Nothing is printed per image; one summary line at the end; exit 1 if any file failed.

use std::path::PathBuf;
use std::sync::Mutex;

use clearframe_core::audit::Ledger;
use clearframe_core::detect::{DetectKinds, DetectorConfig};
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::pipeline::{self, CancelToken};
use clearframe_core::policy;
use clearframe_core::redact::PlanDefaults;

#[path = "common/export.rs"]
mod export;

fn main() {
    clearframe_core::memory::tune_allocator();
    let args: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .map(PathBuf::from)
        .collect();
    let Some((out_dir, paths)) = args.split_first().filter(|(_, p)| !p.is_empty()) else {
        eprintln!("usage: redact_faces OUT_DIR FILE_OR_FOLDER...");
        std::process::exit(2);
    };
    std::fs::create_dir_all(out_dir).expect("output folder");
    let scratch = tempfile::tempdir().expect("temp dir");
    let mut ledger = Ledger::open(scratch.path().join("ledger.sqlite3")).expect("ledger");

    let policy = policy::find_policy("stanford-peds", &[]).expect("stanford-peds preset");
    let req = export::teaching_site_request(&policy, out_dir.clone(), Default::default());
    req.gate_or_record_refusal(None, None, &mut ledger)
        .expect("the request meets the policy");

    let inputs = pipeline::collect_inputs(paths);
    let config = DetectorConfig {
        kinds: DetectKinds {
            face: true,
            text: false,
            barcode: false,
        },
        ..DetectorConfig::default()
    };
    let detectors =
        pipeline::load_workers(config, None, inputs.len()).expect("models (run scripts/setup.sh)");
    let req = req.models(detectors[0].model_sha256());
    let ledger = Mutex::new(ledger);
    let decode = DecodeOptions::default();
    let defaults = PlanDefaults::default();
    let mut failed = Vec::new();
    let summary = pipeline::run_batch_parallel(
        inputs,
        &(),
        &CancelToken::new(),
        detectors.len(),
        |w, p| {
            let (img, report) = pipeline::scan_file(&detectors[w], p, &decode, &defaults)?;
            let mut ledger = ledger
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            pipeline::export(&img, &report.plan, &req, &mut ledger)
        },
        |i, result| {
            if let Err(e) = result {
                failed.push(format!("input {i}: {e}"));
            }
        },
    );
    println!(
        "redact_faces: {} images, {} written to {}, {} failed; {} worker(s)",
        summary.total,
        summary.ok,
        out_dir.display(),
        summary.failed,
        detectors.len()
    );
    if !failed.is_empty() {
        for f in &failed {
            eprintln!("redact_faces: {f}");
        }
        std::process::exit(1);
    }
}
