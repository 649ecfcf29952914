//! A document's pictures in the review canvas: each picture of a deck (by part name) and each
//! page of a PDF (`page N`) drawn exactly as its redacted copy draws it, with the findings the
//! copy would cover ([`picture_for_review`]). The reviewer edits that plan like a photo's
//! (dismiss with a reason, add a region, change a method) and hands it back as a
//! [`ReviewedPicture`]; the copy then covers what the plan says for that picture instead of
//! scanning it again. A reviewed plan only applies to the pixels it was made on: the copy
//! checks their hash and refuses a plan made on other pixels (the document changed since).

use std::path::Path;
use std::sync::Arc;

use image::RgbImage;
use sha2::{Digest, Sha256};

use super::{DocumentKind, DocumentRedactOptions};
use crate::detect::{Detector, Finding};
use crate::image_io::{DecodedImage, SourceFormat};
use crate::redact::RedactionPlan;
use crate::{Error, Result};

/// The reviewer's plan for one picture of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewedPicture {
    /// Which picture: a deck's part name (`ppt/media/image1.jpeg`) or a PDF's `page N`.
    pub key: String,
    /// [`pixels_sha256`] of the pixels the plan was made on.
    pub pixels_sha256: String,
    /// The plan (its size is the picture's).
    pub plan: RedactionPlan,
}

/// One picture of a document as its copy draws it, with what the copy would cover.
#[derive(Debug, Clone)]
pub struct PictureForReview {
    /// Which picture: a deck's part name or a PDF's `page N`.
    pub key: String,
    /// The pixels as the copy draws them (`path` is the document's; `sha256` the picture
    /// part's bytes for a deck, the pixels' for a PDF page; `metadata` the part's).
    pub image: DecodedImage,
    /// What the copy would cover (a PDF page's text-layer judgement included).
    pub findings: Vec<Finding>,
    /// [`pixels_sha256`] of `image.pixels`, for the [`ReviewedPicture`] made from it.
    pub pixels_sha256: String,
}

/// sha256 over a picture's size and RGB pixels, lowercase hex: what a reviewed plan is tied to.
pub fn pixels_sha256(pixels: &RgbImage) -> String {
    let mut h = Sha256::new();
    h.update(pixels.width().to_le_bytes());
    h.update(pixels.height().to_le_bytes());
    h.update(pixels.as_raw());
    crate::hash::hex(&h.finalize())
}

/// Draw the picture `key` of the document at `path` as its copy would, and scan it (a deck's
/// picture: decoded, or an SVG drawn, or the placeholder of a picture that cannot be drawn,
/// scanned like any picture; a PDF page: drawn at the copy's resolution, scanned and its text
/// layer judged). Errors name the document; an unknown key is `Error::Archive`.
pub fn picture_for_review(
    path: &Path,
    key: &str,
    detector: &Detector,
    opts: &DocumentRedactOptions,
) -> Result<PictureForReview> {
    let kind = DocumentKind::of(path).ok_or_else(|| Error::UnsupportedFormat {
        path: path.to_path_buf(),
    })?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let (pixels_sha256, format, metadata, sha256, findings, pixels) = match kind {
        DocumentKind::Pptx => {
            let (drawn, original) = super::pptx::draw_picture_of(&bytes, path, key, &opts.deck)?;
            let findings = drawn.scan(detector)?;
            (
                pixels_sha256(&drawn.pixels),
                drawn.source_format.unwrap_or(SourceFormat::Png),
                drawn.details,
                crate::hash::sha256_hex(&original),
                findings,
                drawn.pixels,
            )
        }
        DocumentKind::Pdf => {
            let (pixels, findings) =
                super::pdf::draw_page_for_review(&bytes, path, key, detector, &opts.pdf)?;
            // A page has no file of its own: its pixels' hash stands for it.
            let sha = pixels_sha256(&pixels);
            (
                sha.clone(),
                SourceFormat::Png,
                crate::metadata::inspect_detailed(&[]),
                sha,
                findings,
                Arc::new(pixels),
            )
        }
    };
    Ok(PictureForReview {
        key: key.to_string(),
        image: DecodedImage {
            path: path.to_path_buf(),
            pixels,
            format,
            orientation: 1,
            icc_converted: false,
            had_alpha: false,
            metadata,
            sha256,
        },
        findings,
        pixels_sha256,
    })
}

/// The reviewed plan for `key`, if the reviewer made one, checked against the pixels the copy
/// drew: made on other pixels (or for another size) is an error, never silently used or
/// ignored.
pub(crate) fn reviewed_plan<'a>(
    reviewed: &'a [ReviewedPicture],
    key: &str,
    pixels: &RgbImage,
    path: &Path,
) -> Result<Option<&'a RedactionPlan>> {
    let Some(r) = reviewed.iter().find(|r| r.key == key) else {
        return Ok(None);
    };
    let (w, h) = pixels.dimensions();
    if (r.plan.width, r.plan.height) != (w, h) || r.pixels_sha256 != pixels_sha256(pixels) {
        return Err(Error::Verify {
            path: path.to_path_buf(),
            problems: vec![format!(
                "{key}: the reviewed plan was made on other pixels than the copy draws (the document changed since it was reviewed): review it again"
            )],
        });
    }
    Ok(Some(&r.plan))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reviewed_plan_applies_only_to_the_pixels_it_was_made_on() {
        let a = RgbImage::from_pixel(4, 3, image::Rgb([1, 2, 3]));
        let mut b = a.clone();
        b.put_pixel(0, 0, image::Rgb([9, 9, 9]));
        let plan = RedactionPlan::from_findings(&[], 4, 3, &Default::default());
        let reviewed = vec![ReviewedPicture {
            key: "page 1".into(),
            pixels_sha256: pixels_sha256(&a),
            plan,
        }];
        let p = Path::new("doc.pdf");
        assert!(reviewed_plan(&reviewed, "page 1", &a, p).unwrap().is_some());
        assert!(reviewed_plan(&reviewed, "page 2", &a, p).unwrap().is_none());
        let e = reviewed_plan(&reviewed, "page 1", &b, p).unwrap_err();
        assert!(e.to_string().contains("review it again"), "{e}");
        // The same bytes in another shape are other pixels.
        let c = RgbImage::from_raw(3, 4, a.as_raw().clone()).unwrap();
        assert_ne!(pixels_sha256(&a), pixels_sha256(&c));
    }
}
