//! The extent of a decoded code: readers report where they decoded, not the whole symbol, so
//! each hit is grown to cover it (1D bars tracked along their length, 2D corners completed and
//! padded), plus the profile and box arithmetic this shares.

use rxing::BarcodeFormat;

use super::luma::{Luma, Pixels};
use super::Hit;

/// The region of a 2D code from its reader points. Data Matrix, Aztec and PDF417 readers, and
/// rxing's main QR reader, report the symbol's corners; its older QR reader reports the three
/// finder-pattern centres (3.5 modules inside the symbol) and perhaps the alignment pattern.
/// Centres (three points, or four that are no parallelogram) are completed into the square
/// and enlarged 1.5× about its centre (a version 1 symbol's edge); then the box is padded.
pub(super) fn matrix_hit(
    pts: &[[f32; 2]],
    format: Option<BarcodeFormat>,
    text: Option<&str>,
    full: &impl Pixels,
) -> Option<Hit> {
    if pts.is_empty() {
        return None;
    }
    let qr = matches!(
        format,
        Some(BarcodeFormat::QR_CODE | BarcodeFormat::MICRO_QR_CODE)
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
            text: text.map(str::to_string),
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

/// The first and last bar edge of the barcode crossing row `y` of an upright crop (bars
/// vertical) near `xa`..`xb`: the row band's profile is binarised at mid-contrast and edges
/// are followed outwards while they are closer than a quiet zone (6 modules, the module being
/// estimated from the short runs).
pub(super) fn bar_ends(crop: &Luma, y: f32, xa: f32, xb: f32) -> Option<(f32, f32)> {
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
pub(super) fn linear_hit(
    pts: &[[f32; 2]],
    format: Option<BarcodeFormat>,
    text: Option<&str>,
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
            text: text.map(str::to_string),
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
pub(super) fn normalise(mut v: Vec<f32>) -> Vec<f32> {
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

pub(super) fn correlation(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

pub(super) fn bounds(pts: &[[f32; 2]]) -> (f32, f32, f32, f32) {
    pts.iter().fold(
        (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
        |(x0, y0, x1, y1), p| (x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1])),
    )
}

pub(super) fn clip(mut h: Hit, full: &impl Pixels) -> Hit {
    let (w, h_) = full.dims();
    h.x0 = h.x0.clamp(0.0, w as f32);
    h.x1 = h.x1.clamp(0.0, w as f32);
    h.y0 = h.y0.clamp(0.0, h_ as f32);
    h.y1 = h.y1.clamp(0.0, h_ as f32);
    h
}
