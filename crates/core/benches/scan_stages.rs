//! Full-scan latency per photo, by stage: decode, faces, text (detection + reading),
//! barcodes, and the whole `pipeline::scan_file`, as medians over repeated runs.
//!
//! `cargo bench -p clearframe-core --bench scan_stages -- FILE... [--repeat N]`
//! (default 7 runs per file, after one warm-up). Models are loaded once, before timing, as in
//! the app or a batch CLI run. This is the benchmark behind the README's "12 MP full scan"
//! figure; it prints numbers and never fails on them.

use std::time::Instant;

use clearframe_core::detect::{Detector, DetectorConfig};
use clearframe_core::image_io::{self, DecodeOptions};
use clearframe_core::pipeline;
use clearframe_core::redact::PlanDefaults;

#[path = "common/args.rs"]
mod args;

use args::BenchArgs;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    // As the CLI and the app do, so the figures are theirs (crate::memory).
    clearframe_core::memory::tune_allocator();
    let args = BenchArgs::from_env();
    let repeat = args.flag("--repeat", 7).max(1);
    let files = args.files();
    assert!(!files.is_empty(), "usage: scan_stages FILE... [--repeat N]");

    let t = Instant::now();
    let detector =
        Detector::load(DetectorConfig::default()).expect("models (run scripts/setup.sh)");
    println!("models loaded in {:.0} ms", ms(t));
    let decode = DecodeOptions::default();
    let defaults = PlanDefaults::default();
    println!(
        "{:<28} {:>9} {:>8} {:>8} {:>8} {:>8} {:>10}  (medians of {repeat}, ms)",
        "file", "size", "decode", "faces", "text", "barcode", "scan_file"
    );
    for f in &files {
        let img = image_io::decode_file(f, &decode).expect("decodes");
        let _ = pipeline::scan_file(&detector, f, &decode, &defaults); // warm-up
        let (mut dec, mut faces, mut text, mut codes, mut whole) =
            (vec![], vec![], vec![], vec![], vec![]);
        for _ in 0..repeat {
            let t = Instant::now();
            let _ = image_io::decode_file(f, &decode).expect("decodes");
            dec.push(ms(t));
            let t = Instant::now();
            detector.detect_faces(&img.pixels).expect("faces");
            faces.push(ms(t));
            let t = Instant::now();
            detector.detect_text(&img.pixels).expect("text");
            text.push(ms(t));
            let t = Instant::now();
            detector.detect_barcodes(&img.pixels).expect("barcodes");
            codes.push(ms(t));
            let t = Instant::now();
            pipeline::scan_file(&detector, f, &decode, &defaults).expect("scan");
            whole.push(ms(t));
        }
        let name = f
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        println!(
            "{:<28} {:>9} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>10.0}",
            name,
            format!("{}x{}", img.width(), img.height()),
            median(dec),
            median(faces),
            median(text),
            median(codes),
            median(whole)
        );
    }
    println!(
        "threads: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}
