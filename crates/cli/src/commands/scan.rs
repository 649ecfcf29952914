//! `clearframe scan`: find faces, text and metadata in images; nothing is written.

use std::io::Write;

use anyhow::Result;
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::pipeline;
use clearframe_core::redact::PlanDefaults;

use crate::args::ScanArgs;
use crate::batch::{exit_code, load_detectors, progress_bar, report_error, run_printed};
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
    let summary = run_printed(
        inputs,
        detectors.len(),
        &pb,
        |w, p| pipeline::scan_file(&detectors[w], p, &decode, &defaults).map(|(_, r)| r),
        |out, input, result| match result {
            Ok(report) if a.common.json => writeln!(out, "{}", output::scan_json(&report)),
            Ok(report) => pb.suspend(|| output::print_scan(out, &report)),
            Err(e) => report_error(out, &pb, a.common.json, input, &e),
        },
    )?;
    Ok(exit_code(&summary, 0))
}
