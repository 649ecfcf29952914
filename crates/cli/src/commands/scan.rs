//! `clearframe scan`: find faces, text and metadata in images; nothing is written.

use std::io::Write;

use anyhow::Result;
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::pipeline;
use clearframe_core::redact::PlanDefaults;

use crate::args::ScanArgs;
use crate::batch::{
    cancel_on_ctrl_c, exit_code, load_detectors, progress_bar, report_error, BarSink,
};
use crate::output;

/// `scan PATHS`: each image's findings and metadata, in input order; 1 if a file failed or
/// the batch was cancelled.
pub(crate) fn run(a: ScanArgs) -> Result<u8> {
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
