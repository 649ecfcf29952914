//! The two searches (2D codes over the search image, 1D barcodes and PDF417s from upright
//! full-resolution crops) and the guarded rxing decode they share.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use image::RgbImage;
use rxing::common::{DetectorRXingResult, HybridBinarizer};
use rxing::qrcode::cpp_port::detector as qr;
use rxing::{
    BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source, MultiFormatReader, Point, RXingResult,
    Reader,
};

use super::extent::{bar_ends, clip, linear_hit, matrix_hit};
use super::locate::{locate_bars, refine_bars};
use super::luma::{Crop, Luma};
use super::pattern::unread_bars;
use super::{is_linear, BarcodeParams, Hit, ReaderPanicked, LINEAR_AND_STACKED, MATRIX};

/// 2D codes over the whole search image: read one, paint it out, search again.
pub(super) fn matrix_codes(
    search: &Luma,
    sx: f32,
    sy: f32,
    full: &RgbImage,
    p: &BarcodeParams,
) -> Result<Vec<Hit>, ReaderPanicked> {
    let mut hits = Vec::new();
    let mut masked = search.clone();
    for _ in 0..p.max_2d {
        let Some(r) = guarded(|| decode_one(&masked, &MATRIX, true))? else {
            // Nothing more decodes; a QR code's finder patterns on a consistent module grid
            // are covered all the same (damaged, or too blurred to read).
            let Some(pts) = guarded(|| unread_qr(&masked))? else {
                break;
            };
            let pts: Vec<[f32; 2]> = pts.iter().map(|q| [q.x / sx, q.y / sy]).collect();
            let Some(mut hit) = matrix_hit(&pts, Some(BarcodeFormat::QR_CODE), None, full) else {
                break;
            };
            hit.format = None;
            masked.fill_rect(hit.x0 * sx, hit.y0 * sy, hit.x1 * sx, hit.y1 * sy, 255);
            hits.push(hit);
            continue;
        };
        let pts: Vec<[f32; 2]> = r.getPoints().iter().map(|q| [q.x / sx, q.y / sy]).collect();
        let Some(hit) = matrix_hit(&pts, Some(*r.getBarcodeFormat()), Some(r.getText()), full)
        else {
            break;
        };
        // Paint the symbol out of the search image so the next search finds the next one.
        masked.fill_rect(hit.x0 * sx, hit.y0 * sy, hit.x1 * sx, hit.y1 * sy, 255);
        hits.push(hit);
    }
    Ok(hits)
}

/// 1D barcodes (and PDF417s): candidate regions of parallel bars, each cut from full
/// resolution, upright, and decoded.
pub(super) fn linear_codes(
    search: &Luma,
    sx: f32,
    sy: f32,
    full: &RgbImage,
    p: &BarcodeParams,
) -> Result<Vec<Hit>, ReaderPanicked> {
    let mut hits: Vec<Hit> = Vec::new();
    let regions = locate_bars(search);
    // Lengths are measured in the search image; both axes share (almost) one scale.
    let s = (sx + sy) / 2.0;
    for c in regions
        .iter()
        .filter_map(|c| refine_bars(search, c))
        .take(p.max_1d_candidates)
    {
        let centre = [c.cx / sx, c.cy / sy];
        if hits.iter().any(|h| h.contains(centre)) {
            continue;
        }
        let (len, height) = (c.len / s, c.height / s);
        // When the crop does not decode, it is cut again slightly turned either way.
        let mut decoded = None;
        let mut upright = None;
        for turn in [0.0f32, 3.0, -3.0] {
            let a = c.angle + turn.to_radians();
            let crop = Crop::new(
                centre,
                [a.cos(), a.sin()],
                len * 1.3 + 32.0,
                height + 16.0 + len * 0.1,
                p.max_crop_len,
            );
            let pixels = crop.sample(full);
            if let Some(r) = guarded(|| decode_one(&pixels, &LINEAR_AND_STACKED, false))? {
                decoded = Some((crop, pixels, r));
                break;
            }
            if upright.is_none() {
                upright = Some((crop, pixels));
            }
        }
        let Some((crop, pixels, r)) = decoded else {
            // Not read: covered all the same when its bars look like a barcode's.
            if let Some((crop, pixels)) = upright {
                if let Some((x0, x1)) = unread_bars(&pixels) {
                    let y = pixels.h as f32 / 2.0;
                    let ends = [
                        crop.to_image(Point { x: x0, y }),
                        crop.to_image(Point { x: x1, y }),
                    ];
                    hits.extend(linear_hit(&ends, None, None, full));
                }
            }
            continue;
        };
        let format = *r.getBarcodeFormat();
        let hit = if is_linear(format) {
            // Reader points are unreliable along the bars (some readers report the middle
            // of the start pattern, some a single point): measure the bars' ends in the
            // crop, where the bars are vertical.
            let (a, b) = scanline(r.getPoints());
            let (x0, x1) = bar_ends(&pixels, a.y, a.x, b.x).unwrap_or((a.x, b.x));
            let ends = [
                crop.to_image(Point { x: x0, y: a.y }),
                crop.to_image(Point { x: x1, y: a.y }),
            ];
            linear_hit(&ends, Some(format), Some(r.getText()), full)
        } else {
            let pts: Vec<[f32; 2]> = r.getPoints().iter().map(|q| crop.to_image(*q)).collect();
            matrix_hit(&pts, Some(format), Some(r.getText()), full).map(|mut h| {
                // A PDF417 decodes from part of its columns (error correction): cover every
                // region of bars this piece belongs to.
                for g in &regions {
                    if g.same_way(&c) && g.contains([c.cx, c.cy]) {
                        for q in g.corners() {
                            h.include([q[0] / sx, q[1] / sy]);
                        }
                    }
                }
                clip(h, full)
            })
        };
        hits.extend(hit);
    }
    Ok(hits)
}

/// Run a reader, turning a panic inside it into an error.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, ReaderPanicked> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| ReaderPanicked)
}

/// One decode of `img` restricted to `formats`; `None` when nothing decodes.
pub(crate) fn decode_one(
    img: &Luma,
    formats: &[BarcodeFormat],
    try_harder: bool,
) -> Option<RXingResult> {
    let source = Luma8Source::new_with_slice(&img.px, img.w as u32, img.h as u32).ok()?;
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let hints = DecodeHints {
        TryHarder: Some(try_harder),
        PossibleFormats: Some(formats.iter().copied().collect::<HashSet<_>>()),
        ..DecodeHints::default()
    };
    MultiFormatReader::default()
        .decode_with_hints(&mut bitmap, &hints)
        .ok()
        .filter(|r| !r.getText().is_empty() && !r.getPoints().is_empty())
}

/// Where a QR code is when none decodes: the finder patterns (concentric 1:1:3:1:1 squares,
/// zxing-cpp's search as ported in rxing) of which three, of one size, make a plausible
/// symbol, and the module grid can be sampled over them. Their corners (or the centres)
/// are returned.
fn unread_qr(img: &Luma) -> Option<Vec<Point>> {
    let source = Luma8Source::new_with_slice(&img.px, img.w as u32, img.h as u32).ok()?;
    let bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let bits = bitmap.get_black_matrix();
    let mut patterns = qr::FindFinderPatterns(bits, true, 0);
    qr::GenerateFinderPatternSets(&mut patterns)
        .iter()
        .find_map(|set| qr::SampleQR(bits, set).ok())
        .map(|found| found.getPoints().to_vec())
}

/// The two reader points farthest apart (a 1D reader's scanline ends), left one first.
fn scanline(pts: &[Point]) -> (Point, Point) {
    let mut best = (pts[0], pts[pts.len() - 1]);
    let mut d = -1.0;
    for (i, a) in pts.iter().enumerate() {
        for b in &pts[i + 1..] {
            let e = (a.x - b.x).powi(2) + (a.y - b.y).powi(2);
            if e > d {
                (d, best) = (e, (*a, *b));
            }
        }
    }
    if best.0.x <= best.1.x {
        best
    } else {
        (best.1, best.0)
    }
}
