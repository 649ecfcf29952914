//! The per-picture stage every export shares (a photo, a deck's picture, a PDF's page):
//! redact by the plan, encode fresh pixels, and prove the bytes clean and redacted.

use std::path::Path;

use image::RgbImage;
use serde::Serialize;

use crate::finding::Rect;
use crate::image_io::{self, DecodeOptions, OutputFormat};
use crate::metadata::{self, MetadataReport};
use crate::redact::{self, RedactedImage, RedactionPlan};
use crate::{Error, Result};

/// What verification of a written output established.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// A picture redacted by its plan, encoded from fresh pixels and verified.
#[derive(Debug, Clone)]
pub struct EncodedPicture {
    /// The redacted pixels and the regions applied.
    pub redacted: RedactedImage,
    /// The encoded bytes (nothing of the source's container or metadata).
    pub bytes: Vec<u8>,
    /// What decoding `bytes` back established.
    pub verification: VerificationReport,
}

/// The per-picture stage of every export: redact `pixels` by `plan`, encode the result as
/// `format`, and verify the bytes ([`verify_output`]). Photos, a deck's pictures and a PDF's
/// pages all go through it. `path` is the file errors name; `part` (a deck's picture, a PDF's
/// page), when given, prefixes each problem. A plan made for another size is
/// `Error::PlanMismatch`; bytes that fail verification are `Error::Verify`.
pub fn redact_encode_verify(
    pixels: &RgbImage,
    plan: &RedactionPlan,
    format: OutputFormat,
    path: &Path,
    part: Option<&str>,
) -> Result<EncodedPicture> {
    if (plan.width, plan.height) != pixels.dimensions() {
        let (w, h) = pixels.dimensions();
        let of = part.map(|p| format!("{p}: ")).unwrap_or_default();
        return Err(Error::PlanMismatch {
            path: path.to_path_buf(),
            message: format!(
                "{of}plan is for {}x{}, image is {w}x{h}",
                plan.width, plan.height
            ),
        });
    }
    let redacted = redact::apply(pixels, plan);
    let bytes = image_io::encode(&redacted.pixels, format, path)?;
    let verification = verify_output(&bytes, &redacted, pixels);
    if !verification.ok() {
        return Err(Error::Verify {
            path: path.to_path_buf(),
            problems: match part {
                Some(p) => (verification.problems.iter())
                    .map(|problem| format!("{p}: {problem}"))
                    .collect(),
                None => verification.problems,
            },
        });
    }
    Ok(EncodedPicture {
        redacted,
        bytes,
        verification,
    })
}
