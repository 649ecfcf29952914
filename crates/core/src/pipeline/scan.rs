//! Scanning one file: decode, detect, and the default plan.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::detect::Detector;
use crate::image_io::{self, DecodeOptions, DecodedImage};
use crate::metadata::MetadataReport;
use crate::redact::{PlanDefaults, RedactionPlan};
use crate::Result;

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
