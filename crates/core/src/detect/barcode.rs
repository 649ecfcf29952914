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

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;
use rxing::common::HybridBinarizer;
use rxing::{
    BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source, MultiFormatReader, Point, RXingResult,
    Reader,
};

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
/// format and what it encodes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub format: BarcodeFormat,
    pub text: String,
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

const LINEAR: [BarcodeFormat; 9] = [
    BarcodeFormat::CODE_128,
    BarcodeFormat::CODE_39,
    BarcodeFormat::CODE_93,
    BarcodeFormat::EAN_13,
    BarcodeFormat::EAN_8,
    BarcodeFormat::UPC_A,
    BarcodeFormat::UPC_E,
    BarcodeFormat::ITF,
    BarcodeFormat::CODABAR,
];

/// Read over the whole search image. PDF417 is not among them: its bars make it a bar region,
/// read upright from a crop at any angle (the whole-image PDF417 reader is the slowest of all
/// and tilt-sensitive).
pub(crate) const MATRIX: [BarcodeFormat; 3] = [
    BarcodeFormat::QR_CODE,
    BarcodeFormat::DATA_MATRIX,
    BarcodeFormat::AZTEC,
];

fn is_linear(f: BarcodeFormat) -> bool {
    LINEAR.contains(&f)
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

/// The image the searches run on: luma with the long side at most `side`, and its scale on
/// each axis. A large photo is first halved with a 2×2 box while converting (one pass over
/// the RGB bytes), which is all a 12 MP photo needs.
fn search_image(img: &RgbImage, side: u32) -> (Luma, f32, f32) {
    let long = img.width().max(img.height());
    let (base, scale) = if long > side && long / 2 >= side * 9 / 10 {
        // Box means leave more pixel noise than a resize's wider filter, and noise makes the
        // 2D finders slow (many false finder candidates): smooth it.
        let mut half = Luma::half_from_rgb(img);
        half.blur121();
        (half, 0.5)
    } else {
        (Luma::from_rgb(img), 1.0)
    };
    let base_long = base.w.max(base.h) as f32;
    if base_long <= side as f32 {
        return (base, scale, scale);
    }
    let r = side as f32 / base_long;
    let (w, h) = (
        ((base.w as f32 * r).round() as usize).max(1),
        ((base.h as f32 * r).round() as usize).max(1),
    );
    let (rx, ry) = (w as f32 / base.w as f32, h as f32 / base.h as f32);
    (base.resized(w, h), scale * rx, scale * ry)
}

/// 2D codes over the whole search image: read one, paint it out, search again.
fn matrix_codes(
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
            break;
        };
        let pts: Vec<[f32; 2]> = r.getPoints().iter().map(|q| [q.x / sx, q.y / sy]).collect();
        let Some(hit) = matrix_hit(&pts, *r.getBarcodeFormat(), r.getText(), full) else {
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
fn linear_codes(
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
        }
        let Some((crop, pixels, r)) = decoded else {
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
            linear_hit(&ends, format, r.getText(), full)
        } else {
            let pts: Vec<[f32; 2]> = r.getPoints().iter().map(|q| crop.to_image(*q)).collect();
            matrix_hit(&pts, format, r.getText(), full).map(|mut h| {
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

/// The region of a 2D code from its reader points. Data Matrix, Aztec and PDF417 readers, and
/// rxing's main QR reader, report the symbol's corners; its older QR reader reports the three
/// finder-pattern centres (3.5 modules inside the symbol) and perhaps the alignment pattern.
/// Centres (three points, or four that are no parallelogram) are completed into the square
/// and enlarged 1.5× about its centre (a version 1 symbol's edge); then the box is padded.
fn matrix_hit(
    pts: &[[f32; 2]],
    format: BarcodeFormat,
    text: &str,
    full: &impl Pixels,
) -> Option<Hit> {
    if pts.is_empty() {
        return None;
    }
    let qr = matches!(
        format,
        BarcodeFormat::QR_CODE | BarcodeFormat::MICRO_QR_CODE
    );
    let centres = qr && (pts.len() == 3 || (pts.len() >= 4 && !is_parallelogram(&pts[..4])));
    let mut corners = pts.to_vec();
    if pts.len() == 3 {
        // Bottom-left, top-left, top-right: the fourth is bottom-right.
        let (a, b, c) = (pts[0], pts[1], pts[2]);
        corners.push([a[0] + c[0] - b[0], a[1] + c[1] - b[1]]);
    }
    let (x0, y0, x1, y1) = bounds(&corners);
    let grow = if centres { 0.25 } else { 0.0 };
    let pad = grow * (x1 - x0).max(y1 - y0) + 0.06 * (x1 - x0).max(y1 - y0) + 3.0;
    Some(clip(
        Hit {
            x0: x0 - pad,
            y0: y0 - pad,
            x1: x1 + pad,
            y1: y1 + pad,
            format,
            text: text.to_string(),
        },
        full,
    ))
}

/// Whether four points, in any order, are the corners of a parallelogram (the diagonals of
/// one pairing share their midpoint, within 3 % of the size).
fn is_parallelogram(p: &[[f32; 2]]) -> bool {
    let (x0, y0, x1, y1) = bounds(p);
    let size = (x1 - x0).max(y1 - y0).max(1.0);
    let mid = |a: [f32; 2], b: [f32; 2]| [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
    [(0, 1, 2, 3), (0, 2, 1, 3), (0, 3, 1, 2)]
        .iter()
        .any(|&(a, b, c, d)| dist(mid(p[a], p[b]), mid(p[c], p[d])) < 0.03 * size)
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

/// The first and last bar edge of the barcode crossing row `y` of an upright crop (bars
/// vertical) near `xa`..`xb`: the row band's profile is binarised at mid-contrast and edges
/// are followed outwards while they are closer than a quiet zone (6 modules, the module being
/// estimated from the short runs).
fn bar_ends(crop: &Luma, y: f32, xa: f32, xb: f32) -> Option<(f32, f32)> {
    let (w, h) = (crop.w, crop.h);
    let yc = (y.round().max(0.0) as usize).min(h - 1);
    let (r0, r1) = (yc.saturating_sub(2), (yc + 3).min(h));
    let profile: Vec<f32> = (0..w)
        .map(|x| (r0..r1).map(|r| f32::from(crop.px[r * w + x])).sum::<f32>() / (r1 - r0) as f32)
        .collect();
    // Contrast from the decoded span (or the middle of the crop when it is degenerate).
    let (mut lo, mut hi) = (
        xa.min(xb).max(0.0) as usize,
        (xa.max(xb).max(0.0) as usize).min(w - 1),
    );
    if hi < lo + 8 {
        (lo, hi) = (w / 4, 3 * w / 4);
    }
    let (min, max) = profile[lo..=hi]
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    if max - min < 20.0 {
        return None;
    }
    let mid = (min + max) / 2.0;
    let edges: Vec<f32> = (1..w)
        .filter(|&x| (profile[x - 1] < mid) != (profile[x] < mid))
        .map(|x| {
            // Sub-pixel: where the profile crosses `mid` (pixel centres at +0.5).
            let (a, b) = (profile[x - 1], profile[x]);
            x as f32 - 0.5 + (mid - a) / (b - a)
        })
        .collect();
    if edges.len() < 8 {
        return None;
    }
    // Module: the 20th percentile of run lengths inside the decoded span.
    let mut runs: Vec<f32> = edges
        .windows(2)
        .filter(|e| e[0] >= lo as f32 && e[1] <= hi as f32)
        .map(|e| e[1] - e[0])
        .collect();
    if runs.len() < 6 {
        runs = edges.windows(2).map(|e| e[1] - e[0]).collect();
    }
    runs.sort_by(f32::total_cmp);
    let module = runs[runs.len() / 5].max(1.0);
    let gap = 6.0 * module;
    let centre = (lo + hi) as f32 / 2.0;
    let start = edges
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - centre).abs().total_cmp(&(b.1 - centre).abs()))?
        .0;
    let (mut first, mut last) = (start, start);
    while first > 0 && edges[first] - edges[first - 1] <= gap {
        first -= 1;
    }
    while last + 1 < edges.len() && edges[last + 1] - edges[last] <= gap {
        last += 1;
    }
    (last > first).then(|| (edges[first], edges[last]))
}

/// The region of a 1D barcode from a scanline across all its bars: the bars are followed
/// across the scanline in both directions, the height made at least a quarter of the length,
/// and both ends extended by a quiet-zone margin.
fn linear_hit(
    pts: &[[f32; 2]],
    format: BarcodeFormat,
    text: &str,
    full: &impl Pixels,
) -> Option<Hit> {
    // The two points farthest apart are the scanline's ends.
    let mut best = (0.0, 0, 0);
    for i in 0..pts.len() {
        for j in i + 1..pts.len() {
            let d = dist(pts[i], pts[j]);
            if d > best.0 {
                best = (d, i, j);
            }
        }
    }
    let (len, i, j) = best;
    if len < 4.0 {
        return matrix_hit(pts, format, text, full);
    }
    let (p0, p1) = (pts[i], pts[j]);
    let t = [(p1[0] - p0[0]) / len, (p1[1] - p0[1]) / len];
    let n = [-t[1], t[0]];
    // A quiet-zone margin (≈ 6 modules of a short code) at both ends.
    let ext = 0.06 * len + 4.0;
    let a = [p0[0] - ext * t[0], p0[1] - ext * t[1]];
    let b = [p1[0] + ext * t[0], p1[1] + ext * t[1]];
    let mut ends = vec![a, b];
    let (up, down) = (
        track_bars(full, p0, p1, -1.0, &mut ends),
        track_bars(full, p0, p1, 1.0, &mut ends),
    );
    // At least a quarter of the length tall, centred on what was measured, plus a margin.
    let min_h = 0.25 * len;
    let extra = ((min_h - (up + down)) / 2.0).max(0.0) + 0.05 * len + 3.0;
    for (side, d) in [(-1.0f32, up), (1.0, down)] {
        let o = side * (d + extra);
        for e in [a, b] {
            ends.push([e[0] + o * n[0], e[1] + o * n[1]]);
        }
    }
    let (x0, y0, x1, y1) = bounds(&ends);
    Some(clip(
        Hit {
            x0,
            y0,
            x1,
            y1,
            format,
            text: text.to_string(),
        },
        full,
    ))
}

/// How far the bar pattern under the scanline `p0`→`p1` continues on one side (`side` = ±1
/// along the normal), in pixels. The pattern is tracked with a small sideways shift at each
/// step, so bars that are not quite perpendicular to the scanline are followed too. The
/// extended scanline ends of every accepted step are pushed to `ends`.
fn track_bars(
    full: &impl Pixels,
    p0: [f32; 2],
    p1: [f32; 2],
    side: f32,
    ends: &mut Vec<[f32; 2]>,
) -> f32 {
    let len = dist(p0, p1);
    let t = [(p1[0] - p0[0]) / len, (p1[1] - p0[1]) / len];
    let n = [-t[1] * side, t[0] * side];
    let samples = (len.round() as usize).clamp(32, 400);
    let spacing = len / samples as f32;
    let step = spacing.max(1.0);
    let profile = |offset: f32, shift: f32| -> Vec<f32> {
        let o = [
            p0[0] + offset * n[0] + shift * t[0],
            p0[1] + offset * n[1] + shift * t[1],
        ];
        let v: Vec<f32> = (0..samples)
            .map(|k| {
                let s = k as f32 * spacing;
                full.sample(o[0] + s * t[0], o[1] + s * t[1])
            })
            .collect();
        normalise(v)
    };
    let reference = profile(0.0, 0.0);
    if reference.iter().all(|v| *v == 0.0) {
        return 0.0;
    }
    let (mut last_good, mut shift, mut misses) = (0.0f32, 0.0f32, 0);
    let mut offset = step;
    while offset <= len && misses < 3 {
        let (mut best, mut best_shift) = (f32::MIN, shift);
        for k in -2..=2 {
            let s = shift + k as f32 * spacing;
            let c = correlation(&reference, &profile(offset, s));
            if c > best {
                (best, best_shift) = (c, s);
            }
        }
        if best >= 0.5 {
            (last_good, shift, misses) = (offset, best_shift, 0);
            for e in [p0, p1] {
                ends.push([
                    e[0] + offset * n[0] + shift * t[0],
                    e[1] + offset * n[1] + shift * t[1],
                ]);
            }
        } else {
            misses += 1;
        }
        offset += step;
    }
    last_good
}

/// Zero mean, unit norm (all zeros for a flat profile).
fn normalise(mut v: Vec<f32>) -> Vec<f32> {
    let mean = v.iter().sum::<f32>() / v.len().max(1) as f32;
    let mut norm = 0.0;
    for x in &mut v {
        *x -= mean;
        norm += *x * *x;
    }
    let norm = norm.sqrt();
    if norm < 1e-3 * v.len() as f32 {
        v.iter_mut().for_each(|x| *x = 0.0);
    } else {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

fn correlation(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

fn bounds(pts: &[[f32; 2]]) -> (f32, f32, f32, f32) {
    pts.iter().fold(
        (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
        |(x0, y0, x1, y1), p| (x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1])),
    )
}

fn clip(mut h: Hit, full: &impl Pixels) -> Hit {
    let (w, h_) = full.dims();
    h.x0 = h.x0.clamp(0.0, w as f32);
    h.x1 = h.x1.clamp(0.0, w as f32);
    h.y0 = h.y0.clamp(0.0, h_ as f32);
    h.y1 = h.y1.clamp(0.0, h_ as f32);
    h
}

/// Grey values to sample: the full-resolution photo is read through this straight from its
/// RGB bytes (only crops and scanlines of it are ever needed).
pub(crate) trait Pixels {
    /// Width and height.
    fn dims(&self) -> (usize, usize);
    /// Bilinear luma at pixel-centre coordinates, the edge pixels repeated outside.
    fn sample(&self, x: f32, y: f32) -> f32;
}

/// BT.601 luma of one sRGB pixel, ×256.
fn luma256(p: &[u8]) -> u32 {
    77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])
}

impl Pixels for RgbImage {
    fn dims(&self) -> (usize, usize) {
        (self.width() as usize, self.height() as usize)
    }

    fn sample(&self, x: f32, y: f32) -> f32 {
        let (w, h) = self.dims();
        let x = x.clamp(0.0, (w - 1) as f32);
        let y = y.clamp(0.0, (h - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let raw = self.as_raw();
        let p = |x: usize, y: usize| {
            let i = (y * w + x) * 3;
            luma256(&raw[i..i + 3]) as f32 / 256.0
        };
        let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * fx;
        let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * fx;
        top + (bottom - top) * fy
    }
}

impl Pixels for Luma {
    fn dims(&self) -> (usize, usize) {
        (self.w, self.h)
    }

    fn sample(&self, x: f32, y: f32) -> f32 {
        Luma::sample(self, x, y)
    }
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

/// An 8-bit grey image.
#[derive(Debug, Clone)]
pub(crate) struct Luma {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Luma {
    /// A [1 2 1]/4 blur along both axes (edges repeated).
    fn blur121(&mut self) {
        let (w, h) = (self.w, self.h);
        if w < 3 || h < 3 {
            return;
        }
        let mut tmp = vec![0u16; w * h];
        for y in 0..h {
            let r = &self.px[y * w..(y + 1) * w];
            let t = &mut tmp[y * w..(y + 1) * w];
            t[0] = 3 * u16::from(r[0]) + u16::from(r[1]);
            for x in 1..w - 1 {
                t[x] = u16::from(r[x - 1]) + 2 * u16::from(r[x]) + u16::from(r[x + 1]);
            }
            t[w - 1] = u16::from(r[w - 2]) + 3 * u16::from(r[w - 1]);
        }
        for y in 0..h {
            let (a, b, c) = (y.saturating_sub(1), y, (y + 1).min(h - 1));
            for x in 0..w {
                let v = tmp[a * w + x] + 2 * tmp[b * w + x] + tmp[c * w + x];
                self.px[y * w + x] = ((v + 8) >> 4) as u8;
            }
        }
    }

    /// Half the size (2×2 box means; an odd last row or column is dropped), from sRGB.
    pub(crate) fn half_from_rgb(img: &RgbImage) -> Luma {
        let (w, h) = (img.width() as usize, img.height() as usize);
        let (hw, hh) = (w / 2, h / 2);
        let raw = img.as_raw();
        let mut px = Vec::with_capacity(hw * hh);
        for y in 0..hh {
            let r0 = &raw[2 * y * w * 3..(2 * y + 1) * w * 3];
            let r1 = &raw[(2 * y + 1) * w * 3..(2 * y + 2) * w * 3];
            px.extend(r0.chunks_exact(6).zip(r1.chunks_exact(6)).map(|(a, b)| {
                let sum = luma256(&a[..3]) + luma256(&a[3..]) + luma256(&b[..3]) + luma256(&b[3..]);
                ((sum + 512) >> 10) as u8
            }));
        }
        Luma { w: hw, h: hh, px }
    }

    /// BT.601 luma of sRGB pixels.
    pub(crate) fn from_rgb(img: &RgbImage) -> Luma {
        let px = img
            .as_raw()
            .chunks_exact(3)
            .map(|p| {
                ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2]) + 128) >> 8)
                    as u8
            })
            .collect();
        Luma {
            w: img.width() as usize,
            h: img.height() as usize,
            px,
        }
    }

    /// A resized copy (bilinear, antialiased when shrinking).
    pub(crate) fn resized(&self, w: usize, h: usize) -> Luma {
        let fast = || -> Option<Vec<u8>> {
            let src = ImageRef::new(self.w as u32, self.h as u32, &self.px, PixelType::U8).ok()?;
            let mut dst = Image::new(w as u32, h as u32, PixelType::U8);
            let options =
                ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
            Resizer::new().resize(&src, &mut dst, &options).ok()?;
            Some(dst.into_vec())
        };
        let px = fast().unwrap_or_else(|| {
            let gx = self.w as f32 / w as f32;
            let gy = self.h as f32 / h as f32;
            (0..w * h)
                .map(|i| {
                    let (x, y) = ((i % w) as f32, (i / w) as f32);
                    self.sample((x + 0.5) * gx - 0.5, (y + 0.5) * gy - 0.5) as u8
                })
                .collect()
        });
        Luma { w, h, px }
    }

    /// Bilinear sample at pixel-centre coordinates, the edge pixels repeated outside.
    fn sample(&self, x: f32, y: f32) -> f32 {
        let x = x.clamp(0.0, (self.w - 1) as f32);
        let y = y.clamp(0.0, (self.h - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(self.w - 1), (y0 + 1).min(self.h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let p = |x: usize, y: usize| f32::from(self.px[y * self.w + x]);
        let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * fx;
        let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * fx;
        top + (bottom - top) * fy
    }

    /// Set the pixels of the float box `[x0,x1)×[y0,y1)` to `v`.
    fn fill_rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, v: u8) {
        let cx = |x: f32| (x.max(0.0) as usize).min(self.w);
        let cy = |y: f32| (y.max(0.0) as usize).min(self.h);
        let (x0, x1, y0, y1) = (cx(x0.floor()), cx(x1.ceil()), cy(y0.floor()), cy(y1.ceil()));
        for y in y0..y1 {
            self.px[y * self.w + x0..y * self.w + x1].fill(v);
        }
    }
}

/// A rotated rectangle cut out of an image and resampled upright: its x axis runs along `dir`.
pub(crate) struct Crop {
    centre: [f32; 2],
    dir: [f32; 2],
    /// Crop pixels per image pixel.
    k: f32,
    w: usize,
    h: usize,
}

impl Crop {
    /// Up to 2× the image's resolution (bilinear upsampling keeps edges where they are, so
    /// thin bars survive the rotation), less when the crop would be longer than `max_len`.
    pub(crate) fn new(
        centre: [f32; 2],
        dir: [f32; 2],
        len: f32,
        height: f32,
        max_len: f32,
    ) -> Crop {
        // At most ~1.5 MP (a region the size of the photo is still cut, coarser).
        let k = (max_len / len)
            .min(2.0)
            .min((1.5e6 / (len * height).max(1.0)).sqrt());
        Crop {
            centre,
            dir,
            k,
            w: ((len * k).ceil() as usize).max(8),
            h: ((height * k).ceil() as usize).max(8),
        }
    }

    /// Crop pixel → image pixel.
    fn to_image(&self, p: Point) -> [f32; 2] {
        let u = (p.x - self.w as f32 / 2.0) / self.k;
        let v = (p.y - self.h as f32 / 2.0) / self.k;
        [
            self.centre[0] + u * self.dir[0] - v * self.dir[1],
            self.centre[1] + u * self.dir[1] + v * self.dir[0],
        ]
    }

    pub(crate) fn sample(&self, img: &impl Pixels) -> Luma {
        let mut px = Vec::with_capacity(self.w * self.h);
        for y in 0..self.h {
            for x in 0..self.w {
                let [ix, iy] = self.to_image(Point {
                    x: x as f32 + 0.5,
                    y: y as f32 + 0.5,
                });
                px.push(img.sample(ix - 0.5, iy - 0.5).round() as u8);
            }
        }
        Luma {
            w: self.w,
            h: self.h,
            px,
        }
    }
}

/// A region of parallel bars in the search image: centre, the direction across the bars
/// (radians; the barcode's length runs along it), its length and the bars' height, in search
/// pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BarRegion {
    pub(crate) cx: f32,
    pub(crate) cy: f32,
    pub(crate) angle: f32,
    pub(crate) len: f32,
    pub(crate) height: f32,
    pub(crate) cells: usize,
}

impl BarRegion {
    fn axes(&self) -> ([f32; 2], [f32; 2]) {
        let (s, c) = self.angle.sin_cos();
        ([c, s], [-s, c])
    }

    /// The corners of its oriented box.
    fn corners(&self) -> [[f32; 2]; 4] {
        let (u, v) = self.axes();
        [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)].map(|(su, sv)| {
            [
                self.cx + su * self.len / 2.0 * u[0] + sv * self.height / 2.0 * v[0],
                self.cy + su * self.len / 2.0 * u[1] + sv * self.height / 2.0 * v[1],
            ]
        })
    }

    /// Whether `p` lies in its oriented box.
    fn contains(&self, p: [f32; 2]) -> bool {
        let (u, v) = self.axes();
        let (dx, dy) = (p[0] - self.cx, p[1] - self.cy);
        (dx * u[0] + dy * u[1]).abs() <= self.len / 2.0
            && (dx * v[0] + dy * v[1]).abs() <= self.height / 2.0
    }

    /// Orientations within 10°.
    fn same_way(&self, o: &BarRegion) -> bool {
        let d = (self.angle - o.angle).abs() % std::f32::consts::PI;
        d.min(std::f32::consts::PI - d) <= 10f32.to_radians()
    }
}

/// The region with its orientation refined, if it reads like bars: its middle profile
/// crosses its mean often (at least 8 bars), and, turned by the angle (within ±6° of the
/// structure tensor's, which is biased by a few degrees on thin bars) that fits best, profiles a
/// quarter of its height above and below the middle still correlate with it (bars are straight
/// and long; hair, fabric and foliage are not). Lenient enough for a PDF417, whose rows share
/// only their start and stop patterns.
pub(crate) fn refine_bars(img: &Luma, r: &BarRegion) -> Option<BarRegion> {
    let n = (r.len.round() as usize).clamp(32, 512);
    let profile = |angle: f32, off: f32| -> Vec<f32> {
        let (s, c) = angle.sin_cos();
        normalise(
            (0..n)
                .map(|k| {
                    let t = ((k as f32 + 0.5) / n as f32 - 0.5) * r.len;
                    img.sample(r.cx + t * c - off * s - 0.5, r.cy + t * s + off * c - 0.5)
                })
                .collect(),
        )
    };
    let mid = profile(r.angle, 0.0);
    let crossings = mid
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    if crossings < 16 {
        return None;
    }
    let q = r.height / 4.0;
    let (score, angle) = (-6..=6)
        .map(|d| {
            let a = r.angle + (d as f32).to_radians();
            let mid = profile(a, 0.0);
            let score = correlation(&mid, &profile(a, -q)).min(correlation(&mid, &profile(a, q)));
            (score, a)
        })
        .fold((f32::MIN, r.angle), |b, x| if x.0 > b.0 { x } else { b });
    (score >= 0.3).then_some(BarRegion { angle, ..*r })
}

/// Side of a structure-tensor cell, in search pixels.
const CELL: usize = 8;

/// Regions of strong, parallel edges, largest first: the structure tensor (sums of gx², gy²,
/// gx·gy) over 3×3 cells; a cell is "barred" when its edges are strong and all run one way
/// (coherence), and barred neighbours with the same orientation are joined.
pub(crate) fn locate_bars(img: &Luma) -> Vec<BarRegion> {
    let (w, h) = (img.w, img.h);
    let (gw, gh) = (w / CELL, h / CELL);
    if gw < 3 || gh < 3 {
        return Vec::new();
    }
    // Per cell: Σgx², Σgy², Σgx·gy (the structure tensor) and the signed squares Σgx·|gx|,
    // Σgy·|gy|.
    let mut sums = vec![[0f32; 5]; gw * gh];
    for y in 1..(gh * CELL).min(h - 1) {
        let (up, row, down) = (
            &img.px[(y - 1) * w..y * w],
            &img.px[y * w..(y + 1) * w],
            &img.px[(y + 1) * w..(y + 2) * w],
        );
        let base = (y / CELL) * gw;
        for cx in 0..gw {
            let (x0, x1) = ((cx * CELL).max(1), (cx * CELL + CELL).min(w - 1));
            let mut acc = [0i32; 5];
            for x in x0..x1 {
                let gx = i32::from(row[x + 1]) - i32::from(row[x - 1]);
                let gy = i32::from(down[x]) - i32::from(up[x]);
                acc[0] += gx * gx;
                acc[1] += gy * gy;
                acc[2] += gx * gy;
                acc[3] += gx * gx.abs();
                acc[4] += gy * gy.abs();
            }
            let cell = &mut sums[base + cx];
            for k in 0..5 {
                cell[k] += acc[k] as f32;
            }
        }
    }
    // 3×3 cell windows.
    let mut win = vec![[0f32; 5]; gw * gh];
    for y in 0..gh {
        for x in 0..gw {
            let out = &mut win[y * gw + x];
            for yy in y.saturating_sub(1)..(y + 2).min(gh) {
                for xx in x.saturating_sub(1)..(x + 2).min(gw) {
                    for k in 0..5 {
                        out[k] += sums[yy * gw + xx][k];
                    }
                }
            }
        }
    }
    // A window of bars has strong edges (mean squared gradient), nearly all one way
    // (coherence), and as many rising as falling (balance of the signed squares: one long
    // edge, a label's or a table's border, is coherent too but all of one sign).
    const MIN_ENERGY: f32 = 300.0;
    const MIN_COHERENCE: f32 = 0.6;
    const MAX_BALANCE: f32 = 0.4;
    let window = (9 * CELL * CELL) as f32;
    let mut angle = vec![f32::NAN; gw * gh];
    let mut energy = vec![0f32; gw * gh];
    for (i, [sxx, syy, sxy, sgx, sgy]) in win.iter().copied().enumerate() {
        let e = sxx + syy;
        if e / window < MIN_ENERGY || (sgx * sgx + sgy * sgy).sqrt() > MAX_BALANCE * e {
            continue;
        }
        let d = sxx - syy;
        let coherence = (d * d + 4.0 * sxy * sxy).sqrt() / e;
        if coherence >= MIN_COHERENCE {
            angle[i] = 0.5 * (2.0 * sxy).atan2(d);
            energy[i] = e;
        }
    }
    // Join neighbours (8-connected) whose orientations differ by less than 20°.
    let same_way = |a: f32, b: f32| {
        let d = (a - b).abs() % std::f32::consts::PI;
        d.min(std::f32::consts::PI - d) < 20f32.to_radians()
    };
    let mut seen = vec![false; gw * gh];
    let mut regions = Vec::new();
    for start in 0..gw * gh {
        if seen[start] || angle[start].is_nan() {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![start];
        let mut cells = Vec::new();
        while let Some(i) = stack.pop() {
            cells.push(i);
            let (x, y) = (i % gw, i / gw);
            for yy in y.saturating_sub(1)..(y + 2).min(gh) {
                for xx in x.saturating_sub(1)..(x + 2).min(gw) {
                    let j = yy * gw + xx;
                    if !seen[j] && !angle[j].is_nan() && same_way(angle[i], angle[j]) {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        if cells.len() < 6 {
            continue;
        }
        // Energy-weighted mean orientation (angles doubled: θ and θ+π are one orientation).
        let (mut c2, mut s2) = (0.0f32, 0.0f32);
        for &i in &cells {
            c2 += energy[i] * (2.0 * angle[i]).cos();
            s2 += energy[i] * (2.0 * angle[i]).sin();
        }
        let a = 0.5 * s2.atan2(c2);
        let (u, v) = ([a.cos(), a.sin()], [-a.sin(), a.cos()]);
        let (mut umin, mut umax, mut vmin, mut vmax) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        for &i in &cells {
            let (px, py) = (
                ((i % gw) * CELL) as f32 + CELL as f32 / 2.0,
                ((i / gw) * CELL) as f32 + CELL as f32 / 2.0,
            );
            let pu = px * u[0] + py * u[1];
            let pv = px * v[0] + py * v[1];
            umin = umin.min(pu);
            umax = umax.max(pu);
            vmin = vmin.min(pv);
            vmax = vmax.max(pv);
        }
        let (mu, mv) = ((umin + umax) / 2.0, (vmin + vmax) / 2.0);
        regions.push(BarRegion {
            cx: mu * u[0] + mv * v[0],
            cy: mu * u[1] + mv * v[1],
            angle: a,
            len: umax - umin + CELL as f32,
            height: vmax - vmin + CELL as f32,
            cells: cells.len(),
        });
    }
    regions.sort_by_key(|r| std::cmp::Reverse(r.cells));
    let mut merged = merge_collinear(&regions);
    merged.extend(regions);
    merged
}

/// Regions that are pieces of one barcode (the same orientation, side by side along it, a
/// gap shorter than their height: wide bars or the data rows of a PDF417 leave cells with
/// weak or mixed edges), joined. Each group of two or more pieces is one more region, listed
/// largest first; the pieces stay candidates too (two barcodes side by side are joined as
/// well, and the second is then read from its own piece).
fn merge_collinear(regions: &[BarRegion]) -> Vec<BarRegion> {
    let n = regions.len().min(64);
    let mut group: Vec<usize> = (0..n).collect();
    fn root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&regions[i], &regions[j]);
            if !a.same_way(b) {
                continue;
            }
            let (du, dv) = (
                (b.cx - a.cx) * a.angle.cos() + (b.cy - a.cy) * a.angle.sin(),
                -(b.cx - a.cx) * a.angle.sin() + (b.cy - a.cy) * a.angle.cos(),
            );
            let height = a.height.max(b.height);
            if dv.abs() < 0.5 * height && du.abs() - (a.len + b.len) / 2.0 < height {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri] = rj;
            }
        }
    }
    let mut out = Vec::new();
    for r in 0..n {
        let members: Vec<&BarRegion> = (0..n)
            .filter(|&i| root(&mut group, i) == r)
            .map(|i| &regions[i])
            .collect();
        if members.len() < 2 {
            continue;
        }
        let (mut c2, mut s2) = (0.0f32, 0.0f32);
        for m in &members {
            c2 += m.cells as f32 * (2.0 * m.angle).cos();
            s2 += m.cells as f32 * (2.0 * m.angle).sin();
        }
        let a = 0.5 * s2.atan2(c2);
        let (u, v) = ([a.cos(), a.sin()], [-a.sin(), a.cos()]);
        let (mut umin, mut umax, mut vmin, mut vmax) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        for m in &members {
            for [x, y] in m.corners() {
                let (pu, pv) = (x * u[0] + y * u[1], x * v[0] + y * v[1]);
                (umin, umax) = (umin.min(pu), umax.max(pu));
                (vmin, vmax) = (vmin.min(pv), vmax.max(pv));
            }
        }
        let (mu, mv) = ((umin + umax) / 2.0, (vmin + vmax) / 2.0);
        out.push(BarRegion {
            cx: mu * u[0] + mv * v[0],
            cy: mu * u[1] + mv * v[1],
            angle: a,
            len: umax - umin,
            height: vmax - vmin,
            cells: members.iter().map(|m| m.cells).sum(),
        });
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.cells));
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rxing::{MultiFormatWriter, Writer};

    /// A code as a grey image, dark modules on white with a quiet zone of `quiet` modules, and
    /// the box of its dark modules (the symbol) in that image.
    pub(crate) struct Rendered {
        pub img: Vec<u8>,
        pub w: usize,
        pub h: usize,
        pub symbol: [f32; 4],
    }

    /// Render `text` as `format`, `module` pixels per module; a 1D code's bars are `bar_h`
    /// pixels tall.
    pub(crate) fn render(
        text: &str,
        format: BarcodeFormat,
        module: usize,
        bar_h: usize,
        quiet: usize,
    ) -> Rendered {
        let m = MultiFormatWriter
            .encode(text, &format, 0, 0)
            .unwrap_or_else(|e| panic!("encode {format:?} {text}: {e:?}"));
        let [l, t, mw, mh] = m.getEnclosingRectangle().expect("dark modules");
        let (mw, mh) = (mw as usize, mh as usize);
        let one_d = mh == 1;
        let sym_w = mw * module;
        let sym_h = if one_d { bar_h } else { mh * module };
        let q = quiet * module;
        let (w, h) = (sym_w + 2 * q, sym_h + 2 * q);
        let mut img = vec![255u8; w * h];
        for y in 0..sym_h {
            let my = if one_d { 0 } else { y / module };
            for x in 0..sym_w {
                if m.get(l + (x / module) as u32, t + my as u32) {
                    img[(y + q) * w + x + q] = 0;
                }
            }
        }
        Rendered {
            img,
            w,
            h,
            symbol: [q as f32, q as f32, (q + sym_w) as f32, (q + sym_h) as f32],
        }
    }

    /// A `w`×`h` scene: a colour gradient with noise (deterministic).
    pub(crate) fn background(w: u32, h: u32, seed: u32) -> RgbImage {
        let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
        RgbImage::from_fn(w, h, |x, y| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let n = ((state >> 24) % 41) as i32 - 20;
            let gx = (x * 120 / w.max(1)) as i32;
            let gy = (y * 80 / h.max(1)) as i32;
            let c = |base: i32| (base + n).clamp(0, 255) as u8;
            image::Rgb([c(90 + gx), c(110 + gy), c(70 + (gx + gy) / 2)])
        })
    }

    /// Paste `r` rotated by `degrees` (clockwise on screen) about its centre, centred at
    /// (`cx`, `cy`); returns the axis-aligned box of the rotated symbol in the scene.
    pub(crate) fn paste(
        scene: &mut RgbImage,
        r: &Rendered,
        degrees: f32,
        cx: f32,
        cy: f32,
    ) -> [f32; 4] {
        let (s, c) = degrees.to_radians().sin_cos();
        let (hw, hh) = (r.w as f32 / 2.0, r.h as f32 / 2.0);
        // Source (u, v) about the centre → scene: (cx + c·u − s·v, cy + s·u + c·v).
        let to_scene = |u: f32, v: f32| [cx + c * u - s * v, cy + s * u + c * v];
        let corners = [[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]].map(|p| to_scene(p[0], p[1]));
        let (x0, y0, x1, y1) = bounds(&corners);
        let src = Luma {
            w: r.w,
            h: r.h,
            px: r.img.clone(),
        };
        for y in (y0.floor().max(0.0) as u32)..(y1.ceil() as u32).min(scene.height()) {
            for x in (x0.floor().max(0.0) as u32)..(x1.ceil() as u32).min(scene.width()) {
                let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
                let (u, v) = (c * dx + s * dy + hw, -s * dx + c * dy + hh);
                if u < 0.0 || v < 0.0 || u > r.w as f32 || v > r.h as f32 {
                    continue;
                }
                let g = src.sample(u - 0.5, v - 0.5).round() as u8;
                scene.put_pixel(x, y, image::Rgb([g, g, g]));
            }
        }
        let [sx0, sy0, sx1, sy1] = r.symbol;
        let sym = [[sx0, sy0], [sx1, sy0], [sx1, sy1], [sx0, sy1]]
            .map(|p| to_scene(p[0] - hw, p[1] - hh));
        let (a, b, c2, d) = bounds(&sym);
        [a, b, c2, d]
    }

    /// Fraction of `truth` covered by the hit's region.
    pub(crate) fn coverage(h: &Hit, truth: [f32; 4]) -> f32 {
        let iw = (h.x1.min(truth[2]) - h.x0.max(truth[0])).max(0.0);
        let ih = (h.y1.min(truth[3]) - h.y0.max(truth[1])).max(0.0);
        let tw = (truth[2] - truth[0].max(0.0)).max(1e-3);
        let th = (truth[3] - truth[1].max(0.0)).max(1e-3);
        iw * ih / (tw * th)
    }

    fn run(scene: &RgbImage) -> Vec<Hit> {
        detect(scene, &BarcodeParams::default()).expect("no reader panic")
    }

    /// Assert exactly one hit of `format` reading `text`, covering ≥ 95 % of `truth` and not
    /// absurdly larger; returns it.
    fn expect_hit(hits: &[Hit], format: BarcodeFormat, text: &str, truth: [f32; 4], what: &str) {
        let found: Vec<&Hit> = hits
            .iter()
            .filter(|h| h.format == format && h.text == text)
            .collect();
        assert_eq!(found.len(), 1, "{what}: hits {hits:?}");
        let h = found[0];
        let cov = coverage(h, truth);
        assert!(cov >= 0.95, "{what}: covers {cov:.3} of {truth:?}: {h:?}");
        let area = (h.x1 - h.x0) * (h.y1 - h.y0);
        let truth_area = (truth[2] - truth[0]) * (truth[3] - truth[1]);
        assert!(
            area <= 4.0 * truth_area + 2000.0,
            "{what}: region {area} px² for a {truth_area} px² symbol: {h:?}"
        );
    }

    #[test]
    fn code128_mrn_is_read_and_covered_at_wristband_angles() {
        for (module, bar_h) in [(2, 50), (4, 90)] {
            let r = render("MRN 00123456", BarcodeFormat::CODE_128, module, bar_h, 10);
            for degrees in [0.0, 15.0, 30.0, 40.0, -25.0] {
                let mut scene = background(1400, 1000, module as u32);
                let truth = paste(&mut scene, &r, degrees, 620.0, 480.0);
                let what = format!("code128 module {module} at {degrees}°");
                expect_hit(
                    &run(&scene),
                    BarcodeFormat::CODE_128,
                    "MRN 00123456",
                    truth,
                    &what,
                );
            }
        }
    }

    #[test]
    fn qr_dob_is_read_and_covered_at_any_angle() {
        for module in [4, 7] {
            let r = render("DOB 1984-03-07", BarcodeFormat::QR_CODE, module, 0, 4);
            for degrees in [0.0, 15.0, 30.0, 40.0] {
                let mut scene = background(1200, 900, 7 + module as u32);
                let truth = paste(&mut scene, &r, degrees, 700.0, 380.0);
                let what = format!("qr module {module} at {degrees}°");
                expect_hit(
                    &run(&scene),
                    BarcodeFormat::QR_CODE,
                    "DOB 1984-03-07",
                    truth,
                    &what,
                );
            }
        }
    }

    #[test]
    fn datamatrix_is_read_and_covered_at_any_angle() {
        for module in [5, 8] {
            let r = render("SPECIMEN 42-7781", BarcodeFormat::DATA_MATRIX, module, 0, 3);
            for degrees in [0.0, 15.0, 30.0, 40.0] {
                let mut scene = background(1000, 800, 3 + module as u32);
                let truth = paste(&mut scene, &r, degrees, 450.0, 420.0);
                let what = format!("datamatrix module {module} at {degrees}°");
                expect_hit(
                    &run(&scene),
                    BarcodeFormat::DATA_MATRIX,
                    "SPECIMEN 42-7781",
                    truth,
                    &what,
                );
            }
        }
    }

    #[test]
    fn several_codes_in_one_photo_are_all_found() {
        let mut scene = background(1600, 1200, 99);
        let code = render("MRN 00123456", BarcodeFormat::CODE_128, 3, 70, 10);
        let qr = render("DOB 1984-03-07", BarcodeFormat::QR_CODE, 5, 0, 4);
        let dm = render("SPECIMEN 42-7781", BarcodeFormat::DATA_MATRIX, 6, 0, 3);
        let t_code = paste(&mut scene, &code, 20.0, 500.0, 300.0);
        let t_qr = paste(&mut scene, &qr, -10.0, 1250.0, 350.0);
        let t_dm = paste(&mut scene, &dm, 35.0, 900.0, 900.0);
        let hits = run(&scene);
        assert_eq!(hits.len(), 3, "{hits:?}");
        expect_hit(
            &hits,
            BarcodeFormat::CODE_128,
            "MRN 00123456",
            t_code,
            "code128",
        );
        expect_hit(&hits, BarcodeFormat::QR_CODE, "DOB 1984-03-07", t_qr, "qr");
        expect_hit(
            &hits,
            BarcodeFormat::DATA_MATRIX,
            "SPECIMEN 42-7781",
            t_dm,
            "datamatrix",
        );
    }

    #[test]
    fn a_large_photo_is_searched_downscaled_and_mapped_back() {
        // 12 MP: the search image is about half size; the 1D crop comes from full resolution.
        let mut scene = background(4000, 3000, 5);
        let code = render("MRN 00123456", BarcodeFormat::CODE_128, 3, 120, 10);
        let qr = render("DOB 1984-03-07", BarcodeFormat::QR_CODE, 9, 0, 4);
        let t_code = paste(&mut scene, &code, 30.0, 2900.0, 2200.0);
        let t_qr = paste(&mut scene, &qr, 12.0, 900.0, 700.0);
        let hits = run(&scene);
        assert_eq!(hits.len(), 2, "{hits:?}");
        expect_hit(
            &hits,
            BarcodeFormat::CODE_128,
            "MRN 00123456",
            t_code,
            "code128 12 MP",
        );
        expect_hit(
            &hits,
            BarcodeFormat::QR_CODE,
            "DOB 1984-03-07",
            t_qr,
            "qr 12 MP",
        );
    }

    #[test]
    fn other_formats_are_read() {
        // (format, contents, what is read back, module, angles). rxing's Aztec reader only
        // reads upright symbols (a few degrees of tilt already defeat it).
        let tilted: &[f32] = &[0.0, 30.0, -20.0];
        let cases: [(BarcodeFormat, &str, &str, usize, &[f32]); 9] = [
            (BarcodeFormat::CODE_39, "MRN123456", "MRN123456", 3, tilted),
            (BarcodeFormat::CODE_93, "MRN123456", "MRN123456", 3, tilted),
            (
                BarcodeFormat::EAN_13,
                "5901234123457",
                "5901234123457",
                3,
                tilted,
            ),
            (BarcodeFormat::EAN_8, "96385074", "96385074", 3, tilted),
            (
                BarcodeFormat::UPC_A,
                "036000291452",
                "036000291452",
                3,
                tilted,
            ),
            (BarcodeFormat::ITF, "00123456", "00123456", 3, tilted),
            (BarcodeFormat::CODABAR, "A123456A", "123456", 3, tilted),
            (
                BarcodeFormat::PDF_417,
                "DOB 1984-03-07",
                "DOB 1984-03-07",
                3,
                tilted,
            ),
            (
                BarcodeFormat::AZTEC,
                "DOB 1984-03-07",
                "DOB 1984-03-07",
                6,
                &[0.0, 90.0],
            ),
        ];
        let mut failed = Vec::new();
        for (format, contents, read, module, angles) in cases {
            let bar_h = 80;
            let r = render(contents, format, module, bar_h, 10);
            for &degrees in angles {
                let mut scene = background(1200, 900, 1);
                let truth = paste(&mut scene, &r, degrees, 600.0, 450.0);
                let hits = run(&scene);
                let ok = hits
                    .iter()
                    .any(|h| h.format == format && h.text == read && coverage(h, truth) >= 0.95);
                if !ok {
                    failed.push(format!("{format:?} at {degrees}°: {hits:?}"));
                }
            }
        }
        assert!(failed.is_empty(), "not read: {failed:#?}");
    }

    #[test]
    fn nothing_is_found_in_noise_gradients_and_stripes() {
        assert!(run(&background(1500, 1100, 3)).is_empty());
        // Regular stripes are coherent edges (a bar candidate) but decode as nothing.
        let stripes = RgbImage::from_fn(800, 600, |x, _| {
            let v = if (x / 6) % 2 == 0 { 30 } else { 220 };
            image::Rgb([v, v, v])
        });
        assert!(run(&stripes).is_empty());
        assert!(run(&RgbImage::new(5, 5)).is_empty());
        assert!(run(&RgbImage::new(1, 4000)).is_empty());
    }

    #[test]
    fn format_names_are_stable() {
        assert_eq!(format_name(BarcodeFormat::CODE_128), "code128");
        assert_eq!(format_name(BarcodeFormat::QR_CODE), "qr");
        assert_eq!(format_name(BarcodeFormat::DATA_MATRIX), "datamatrix");
        assert_eq!(format_name(BarcodeFormat::RSS_14), "other");
    }
}
