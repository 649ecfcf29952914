//! Throughput benchmark: images/second for `scan` (decode + detect faces and text) and for
//! `redact` (scan + redact + encode + verify + write) over a folder of real photos.
//!
//! `cargo bench -p clearframe-core --bench throughput -- [FOLDER] [--limit N]`
//! FOLDER defaults to `../shared/corpus/faces` (beside the repository), else `tests/fixtures`.
//! Models are loaded once, before timing, as in a long-running app or a batch CLI run.

use std::path::PathBuf;
use std::time::Instant;

use clearframe_core::detect::{Detector, DetectorConfig};
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::pipeline;
use clearframe_core::policy;
use clearframe_core::redact::PlanDefaults;

#[path = "common/args.rs"]
mod args;
#[path = "common/export.rs"]
mod export;

use args::BenchArgs;

fn main() {
    // As the CLI and the app do, so the figures are theirs (crate::memory).
    clearframe_core::memory::tune_allocator();
    let args = BenchArgs::from_env();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let limit = args.flag("--limit", usize::MAX);
    let folder = (args.files().into_iter().next()).unwrap_or_else(|| {
        let corpus = repo.join("../shared/corpus/faces");
        if corpus.is_dir() {
            corpus
        } else {
            repo.join("tests/fixtures")
        }
    });
    let files: Vec<PathBuf> = pipeline::collect_inputs(std::slice::from_ref(&folder))
        .into_iter()
        .filter_map(Result::ok)
        .take(limit)
        .collect();
    assert!(!files.is_empty(), "no images in {}", folder.display());

    let t = Instant::now();
    let detector =
        Detector::load(DetectorConfig::default()).expect("models (run scripts/setup.sh)");
    println!("models loaded in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let decode = DecodeOptions::default();
    let defaults = PlanDefaults::default();
    let megapixels: f64 = files
        .iter()
        .filter_map(|f| image::image_dimensions(f).ok())
        .map(|(w, h)| f64::from(w) * f64::from(h) / 1e6)
        .sum();
    // Warm-up: one file through the whole path.
    let _ = pipeline::scan_file(&detector, &files[0], &decode, &defaults);

    let t = Instant::now();
    let mut ok = 0;
    for f in &files {
        ok += usize::from(pipeline::scan_file(&detector, f, &decode, &defaults).is_ok());
    }
    let scan_s = t.elapsed().as_secs_f64();

    let out = tempfile::tempdir().expect("temp dir");
    let policy = policy::find_policy("stanford-peds", &[]).expect("stanford-peds preset");
    let req =
        export::teaching_site_request(&policy, out.path().to_path_buf(), detector.model_sha256());
    let mut ledger =
        clearframe_core::audit::Ledger::open(out.path().join("ledger.sqlite3")).expect("ledger");
    let t = Instant::now();
    let mut exported = 0;
    for f in &files {
        if let Ok((img, report)) = pipeline::scan_file(&detector, f, &decode, &defaults) {
            exported +=
                usize::from(pipeline::export(&img, &report.plan, &req, &mut ledger).is_ok());
        }
    }
    let redact_s = t.elapsed().as_secs_f64();
    let n = files.len() as f64;
    println!(
        "folder: {} ({} images, {:.1} MP in all, {} scanned ok, {} exported)",
        folder.display(),
        files.len(),
        megapixels,
        ok,
        exported
    );
    println!(
        "scan   (face+text): {:6.2} images/s  ({:.0} ms/image)",
        n / scan_s,
        scan_s / n * 1e3
    );
    println!(
        "redact (full path): {:6.2} images/s  ({:.0} ms/image)",
        n / redact_s,
        redact_s / n * 1e3
    );
    println!(
        "threads: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}
