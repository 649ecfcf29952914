//! Barcodes and QR codes (wristbands, badges, specimen labels), found and read with `rxing`, a
//! pure Rust port of ZXing. No model is involved.
//!
//! Two searches run, on two threads, on a luma copy of the image with the long side brought
//! down to at most [`BarcodeParams::search_side`] (a 12 MP photo is halved with a 2×2 box and
//! lightly smoothed: pixel noise makes the 2D finders slow):
//!
//! 1. **2D codes** (QR, Data Matrix, Aztec): rxing's readers with try-harder over the whole
//!    search image. QR and Data Matrix finders are rotation invariant; rxing's Aztec reader
//!    only reads upright symbols. After each hit the symbol is painted white and the search
//!    repeated, so several codes in one photo are all found.
//! 2. **1D barcodes** (Code 128, Code 39, Code 93, EAN/UPC, ITF, Codabar) **and PDF417** at any
//!    angle: a structure-tensor pass finds regions of strong, parallel, balanced edges (bars);
//!    pieces of one barcode are joined; a region is kept when profiles across it correlate a
//!    quarter of its height apart (which also refines its angle). Each is cut out of the
//!    *full-resolution* pixels rotated so its bars are vertical (upsampled up to 2×), and only
//!    that crop is decoded. This reads barcodes at any angle, and thin bars that the
//!    downscaled search image would have blurred away, for the price of a few small crops.
//!
//! A reader reports where it decoded, not the whole symbol: 1D readers give two points on the
//! one scanline that decoded, QR readers the finder-pattern centres (or the corners). So every
//! hit is grown: a 1D barcode is followed along its bars in both directions (the bar pattern is
//! tracked, scanline by scanline, while it still correlates with the decoded one), given at
//! least a quarter of its length as height, and extended at both ends for the start/stop
//! patterns and quiet zones; a 2D code's parallelogram is enlarged about its centre. Hits seen
//! twice (same format and text, overlapping) are merged.
//!
//! A bar region that no reader decodes is still covered when its bars look printed for a
//! scanner (isolated by quiet zones, widths quantised to a module and varied, straight: see
//! [`pattern`]): a 1D barcode reads from any slice, so half of one is not safe, and redaction
//! never depends on reading. It is reported with no format and no text.

mod extent;
mod locate;
mod luma;
mod pattern;
mod read;

#[cfg(test)]
pub(crate) mod tests;

use image::RgbImage;
use rxing::BarcodeFormat;

use self::luma::search_image;
use self::read::{linear_codes, matrix_codes};

/// Tuning of the barcode search. The defaults are what the tests and the bench were run with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BarcodeParams {
    /// Long side of the search image (larger images are scaled down for both searches; the 1D
    /// crops are still cut from full resolution).
    pub search_side: u32,
    /// Most 2D codes read from one image (each needs one more search).
    pub max_2d: usize,
    /// Most 1D candidate regions decoded (largest first).
    pub max_1d_candidates: usize,
    /// Longest 1D crop, in pixels along the barcode (a larger barcode is cut at a lower scale).
    pub max_crop_len: f32,
}

impl Default for BarcodeParams {
    fn default() -> Self {
        BarcodeParams {
            search_side: 2048,
            max_2d: 8,
            max_1d_candidates: 12,
            max_crop_len: 2048.0,
        }
    }
}

/// A code found: the region to redact (in image pixels, grown to cover the whole symbol), its
/// format and what it encodes, both `None` for bars that look like a barcode but did not
/// decode (see [`pattern`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub format: Option<BarcodeFormat>,
    pub text: Option<String>,
}

impl Hit {
    fn contains(&self, p: [f32; 2]) -> bool {
        p[0] >= self.x0 && p[0] < self.x1 && p[1] >= self.y0 && p[1] < self.y1
    }

    fn include(&mut self, p: [f32; 2]) {
        self.x0 = self.x0.min(p[0]);
        self.y0 = self.y0.min(p[1]);
        self.x1 = self.x1.max(p[0]);
        self.y1 = self.y1.max(p[1]);
    }
}

/// The stable lowercase name of a format, as written in findings (`code128`, `qr`, …).
pub(crate) fn format_name(f: BarcodeFormat) -> &'static str {
    match f {
        BarcodeFormat::AZTEC => "aztec",
        BarcodeFormat::CODABAR => "codabar",
        BarcodeFormat::CODE_39 => "code39",
        BarcodeFormat::CODE_93 => "code93",
        BarcodeFormat::CODE_128 => "code128",
        BarcodeFormat::DATA_MATRIX => "datamatrix",
        BarcodeFormat::EAN_8 => "ean8",
        BarcodeFormat::EAN_13 => "ean13",
        BarcodeFormat::ITF => "itf",
        BarcodeFormat::PDF_417 => "pdf417",
        BarcodeFormat::QR_CODE => "qr",
        BarcodeFormat::MICRO_QR_CODE => "microqr",
        BarcodeFormat::UPC_A => "upca",
        BarcodeFormat::UPC_E => "upce",
        _ => "other",
    }
}

/// Read over the whole search image. PDF417 is not among them: its bars make it a bar region,
/// read upright from a crop at any angle (the whole-image PDF417 reader is the slowest of all
/// and tilt-sensitive).
pub(crate) const MATRIX: [BarcodeFormat; 3] = [
    BarcodeFormat::QR_CODE,
    BarcodeFormat::DATA_MATRIX,
    BarcodeFormat::AZTEC,
];

/// Read from upright crops of bar regions: the 1D formats and PDF417, the one stacked format.
pub(crate) const LINEAR_AND_STACKED: [BarcodeFormat; 10] = [
    BarcodeFormat::CODE_128,
    BarcodeFormat::CODE_39,
    BarcodeFormat::CODE_93,
    BarcodeFormat::EAN_13,
    BarcodeFormat::EAN_8,
    BarcodeFormat::UPC_A,
    BarcodeFormat::UPC_E,
    BarcodeFormat::ITF,
    BarcodeFormat::CODABAR,
    BarcodeFormat::PDF_417,
];

/// A 1D format: one of [`LINEAR_AND_STACKED`] but PDF417.
fn is_linear(f: BarcodeFormat) -> bool {
    f != BarcodeFormat::PDF_417 && LINEAR_AND_STACKED.contains(&f)
}

/// Why the search failed (a reader panicked: the caller must not take "nothing found" for an
/// answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReaderPanicked;

/// Find and read every barcode and QR code in upright pixels. The 2D and the 1D search run
/// on two threads.
pub(crate) fn detect(img: &RgbImage, p: &BarcodeParams) -> Result<Vec<Hit>, ReaderPanicked> {
    if img.width() < 8 || img.height() < 8 {
        return Ok(Vec::new());
    }
    let (search, sx, sy) = search_image(img, p.search_side);
    let (two_d, one_d) = std::thread::scope(|scope| {
        let two_d = scope.spawn(|| matrix_codes(&search, sx, sy, img, p));
        let one_d = linear_codes(&search, sx, sy, img, p);
        (two_d.join(), one_d)
    });
    let mut hits = two_d.map_err(|_| ReaderPanicked)??;
    hits.extend(one_d?);
    Ok(merge(hits))
}

/// Merge hits of the same format and text whose regions overlap (one code read twice).
fn merge(hits: Vec<Hit>) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    for h in hits {
        if let Some(o) = out.iter_mut().find(|o| {
            o.format == h.format
                && o.text == h.text
                && o.x0 < h.x1
                && h.x0 < o.x1
                && o.y0 < h.y1
                && h.y0 < o.y1
        }) {
            o.x0 = o.x0.min(h.x0);
            o.y0 = o.y0.min(h.y0);
            o.x1 = o.x1.max(h.x1);
            o.y1 = o.y1.max(h.y1);
        } else {
            out.push(h);
        }
    }
    out.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    out
}
