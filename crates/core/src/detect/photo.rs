//! The photo a face sits in: an ID badge's portrait, a picture on a monitor, a printed photo.
//! There the face detector's box is not what identifies the person: hair, outline and the
//! rest of the portrait do too, so the whole photo area is covered.
//!
//! A framed photo is four straight edges around the face, at right angles, at any angle of
//! the card. Around each face (at least [`PhotoParams::min_face`] pixels) a window of
//! [`PhotoParams::reach`] face sizes is resampled to [`WINDOW`] pixels and its edges (Sobel)
//! voted, for each rotation in 1° steps over a quarter turn, into lines across and along
//! that rotation. On each side of the face the nearest line that runs alongside the face
//! (edge pixels along at least [`PhotoParams::beside`] of the face's extent) is that side of
//! the frame; the four must then each run along most of the frame
//! ([`PhotoParams::along`]), and the frame be no longer than three times its width.
//! The best-supported rotation wins. Without a frame the face keeps its own region.

use image::RgbImage;

use crate::finding::Rect;
use crate::polygon::Polygon;

/// Side of the square window a face's surroundings are resampled to, in pixels.
const WINDOW: usize = 160;

/// Tuning of the frame search; the defaults are what the generated badge set was measured
/// with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PhotoParams {
    /// Smallest face (longer side, image pixels) whose photo is looked for.
    pub min_face: u32,
    /// How far from the face's centre a frame may lie, in face sizes (longer side).
    pub reach: f32,
    /// Share of the face's extent a side must run along, next to the face.
    pub beside: f32,
    /// Share of the frame's side that must be edge, from corner to corner.
    pub along: f32,
    /// Weakest edge, in grey levels per pixel of the window.
    pub min_gradient: f32,
    /// Most faces of one picture looked at, largest first (a badge or a screen shows a few;
    /// a crowd's faces are in no frame).
    pub max_faces: usize,
}

impl Default for PhotoParams {
    fn default() -> Self {
        PhotoParams {
            min_face: 24,
            reach: 2.6,
            beside: 0.7,
            along: 0.6,
            min_gradient: 4.0,
            max_faces: 16,
        }
    }
}

/// The framed photo around the face `face`, as a polygon in image pixels that also holds the
/// face's box, or `None` when no frame surrounds it.
pub(crate) fn photo_around(img: &RgbImage, face: &Rect, p: &PhotoParams) -> Option<Polygon> {
    let size = face.w.max(face.h);
    if size < p.min_face || face.is_empty() {
        return None;
    }
    let centre = [
        face.x as f32 + face.w as f32 / 2.0,
        face.y as f32 + face.h as f32 / 2.0,
    ];
    let half = p.reach * size as f32;
    let k = WINDOW as f32 / (2.0 * half); // window pixels per image pixel
    let grey = window(img, centre, half, k);
    let edges = edge_pixels(&grey, p.min_gradient);
    // The face, in window pixels from the centre: the circle inside its box.
    let face_r = 0.5 * face.w.min(face.h) as f32 * k;
    let frame = best_frame(&edges, face_r, p)?;
    let to_image = |u: f32, v: f32| {
        let (s, c) = frame.angle.sin_cos();
        [
            centre[0] + (u * c - v * s) / k,
            centre[1] + (u * s + v * c) / k,
        ]
    };
    // A side is found one pixel early (a line counts its neighbours' edges), and the edge
    // pixels belong to the photo's border: two window pixels more.
    let (l, r, t, b) = (
        frame.sides[0] - 2.0,
        frame.sides[1] + 2.0,
        frame.sides[2] - 2.0,
        frame.sides[3] + 2.0,
    );
    let mut points = vec![
        to_image(l, t),
        to_image(r, t),
        to_image(r, b),
        to_image(l, b),
    ];
    let (fx0, fy0) = (face.x as f32, face.y as f32);
    let (fx1, fy1) = (fx0 + face.w as f32, fy0 + face.h as f32);
    points.extend([[fx0, fy0], [fx1, fy0], [fx1, fy1], [fx0, fy1]]);
    let (w, h) = img.dimensions();
    Some(Polygon::convex_hull(&points).clip_to_image(w, h))
}

/// A frame found in the window: its rotation (radians) and the offsets of its left, right,
/// top and bottom sides from the centre along the rotated axes, in window pixels.
#[derive(Debug, Clone, Copy)]
struct Frame {
    angle: f32,
    sides: [f32; 4],
}

/// An edge pixel of the window: position from the centre and the orientation of its gradient
/// in whole degrees, 0..180 (a direction and its opposite are one orientation).
struct Edge {
    x: f32,
    y: f32,
    degree: usize,
}

/// The window: `WINDOW`² grey pixels centred on `centre`, `k` window pixels per image pixel,
/// each the mean of a few image samples (NaN outside the image).
fn window(img: &RgbImage, centre: [f32; 2], half: f32, k: f32) -> Vec<f32> {
    let (w, h) = (img.width() as f32, img.height() as f32);
    let ss = ((1.0 / k).ceil() as usize).clamp(1, 4);
    let raw = img.as_raw();
    let luma = |x: f32, y: f32| -> f32 {
        let (xi, yi) = (x as usize, y as usize);
        let i = (yi * img.width() as usize + xi) * 3;
        0.299 * f32::from(raw[i]) + 0.587 * f32::from(raw[i + 1]) + 0.114 * f32::from(raw[i + 2])
    };
    let mut out = vec![f32::NAN; WINDOW * WINDOW];
    for j in 0..WINDOW {
        for i in 0..WINDOW {
            let (mut sum, mut n) = (0.0f32, 0usize);
            for sy in 0..ss {
                for sx in 0..ss {
                    let x = centre[0] - half + (i as f32 + (sx as f32 + 0.5) / ss as f32) / k;
                    let y = centre[1] - half + (j as f32 + (sy as f32 + 0.5) / ss as f32) / k;
                    if x >= 0.0 && y >= 0.0 && x < w && y < h {
                        sum += luma(x, y);
                        n += 1;
                    }
                }
            }
            if n == ss * ss {
                out[j * WINDOW + i] = sum / n as f32;
            }
        }
    }
    out
}

/// The window's edge pixels: Sobel gradient at least `min` grey levels per pixel.
fn edge_pixels(g: &[f32], min: f32) -> Vec<Edge> {
    let n = WINDOW;
    let c = n as f32 / 2.0;
    let mut out = Vec::new();
    for y in 1..n - 1 {
        for x in 1..n - 1 {
            let p = |dx: isize, dy: isize| {
                g[(y as isize + dy) as usize * n + (x as isize + dx) as usize]
            };
            let gx = (p(1, -1) + 2.0 * p(1, 0) + p(1, 1)) - (p(-1, -1) + 2.0 * p(-1, 0) + p(-1, 1));
            let gy = (p(-1, 1) + 2.0 * p(0, 1) + p(1, 1)) - (p(-1, -1) + 2.0 * p(0, -1) + p(1, -1));
            // Sobel sums 8 differences over 2 pixels: /8 gives grey levels per pixel.
            let (gx, gy) = (gx / 8.0, gy / 8.0);
            let m = (gx * gx + gy * gy).sqrt();
            if m >= min {
                let degree = gy.atan2(gx).to_degrees().rem_euclid(180.0) as usize % 180;
                out.push(Edge {
                    x: x as f32 + 0.5 - c,
                    y: y as f32 + 0.5 - c,
                    degree,
                });
            }
        }
    }
    out
}

/// Lines of one family (perpendicular to one axis) in the window: for each offset along the
/// axis, which 1-pixel bins along the line hold an edge pixel whose gradient runs along the
/// axis, as bits.
struct Lines {
    /// `OFFSETS` rows of `WORDS` words: bit `b` of a row is bin `b` (positions along the line,
    /// from −WINDOW).
    hit: Vec<[u64; WORDS]>,
}

const OFFSETS: usize = 2 * WINDOW + 1;
const BINS: usize = 2 * WINDOW;
const WORDS: usize = BINS.div_ceil(64);

impl Lines {
    fn new() -> Lines {
        Lines {
            hit: vec![[0; WORDS]; OFFSETS],
        }
    }

    /// Forget every mark (a new rotation).
    fn clear(&mut self) {
        self.hit.iter_mut().for_each(|r| *r = [0; WORDS]);
    }

    fn mark(&mut self, offset: f32, along: f32) {
        // Offsets rounded half away from the centre (pixel centres fall on halves at 0°: both
        // sides alike), positions floored; |offset|, |along| < WINDOW always. (Casts, not
        // `round`/`floor`, which are calls here and this runs ~10⁶ times a face.)
        let o = ((offset + 0.5f32.copysign(offset)) as isize + WINDOW as isize) as usize;
        let b = (along + WINDOW as f32) as usize;
        if o < OFFSETS && b < BINS {
            self.hit[o][b / 64] |= 1 << (b % 64);
        }
    }

    /// Share of the bins from `a` to `b` (window pixels along the line) holding an edge at
    /// `offset` or a pixel either side of it.
    fn coverage(&self, offset: isize, a: f32, b: f32) -> f32 {
        let (lo, hi) = (
            (a.min(b).floor() as isize + WINDOW as isize).max(0) as usize,
            ((a.max(b).ceil() as isize + WINDOW as isize).max(0) as usize).min(BINS),
        );
        if hi <= lo {
            return 0.0;
        }
        let o = offset + WINDOW as isize;
        let mut row = [0u64; WORDS];
        for r in (o - 1).max(0)..=(o + 1).min(OFFSETS as isize - 1) {
            for (w, bits) in row.iter_mut().zip(&self.hit[r as usize]) {
                *w |= bits;
            }
        }
        let mut covered = 0;
        for (i, w) in row.iter().enumerate() {
            let (start, end) = (i * 64, i * 64 + 64);
            if end <= lo || start >= hi {
                continue;
            }
            let from = lo.max(start) - start;
            let to = hi.min(end) - start;
            let mask = if to - from == 64 {
                u64::MAX
            } else {
                ((1u64 << (to - from)) - 1) << from
            };
            covered += (w & mask).count_ones();
        }
        covered as f32 / (hi - lo) as f32
    }
}

/// The best frame around the centre over rotations of a quarter turn (1° steps), if any.
fn best_frame(edges: &[Edge], face_r: f32, p: &PhotoParams) -> Option<Frame> {
    /// Orientations within this many degrees of a side's count as that side's edges.
    const TOLERANCE: i32 = 10;
    let max_off = WINDOW as f32 / 2.0 - 1.0;
    let first = (face_r + 2.0).ceil() as isize;
    // Edge pixels by orientation: each rotation reads only the few degrees around its axes.
    let mut by_degree: Vec<Vec<(f32, f32)>> = vec![Vec::new(); 180];
    for e in edges {
        by_degree[e.degree].push((e.x, e.y));
    }
    let (mut across, mut along) = (Lines::new(), Lines::new());
    let mut best: Option<(f32, Frame)> = None;
    for step in -45i32..45 {
        let angle = (step as f32).to_radians();
        let (s, c) = angle.sin_cos();
        across.clear();
        along.clear();
        for d in -TOLERANCE..=TOLERANCE {
            // Gradients along u: edges of a line across u, a left or right side.
            for &(x, y) in &by_degree[(step + d).rem_euclid(180) as usize] {
                across.mark(x * c + y * s, -x * s + y * c);
            }
            // Gradients along v: a top or bottom side.
            for &(x, y) in &by_degree[(step + 90 + d).rem_euclid(180) as usize] {
                along.mark(-x * s + y * c, x * c + y * s);
            }
        }
        // The nearest line each side that runs beside the face.
        let nearest = |lines: &Lines, sign: isize| -> Option<isize> {
            (first..=max_off as isize)
                .map(|o| o * sign)
                .find(|&o| lines.coverage(o, -face_r, face_r) >= p.beside)
        };
        let (Some(l), Some(r), Some(t), Some(b)) = (
            nearest(&across, -1),
            nearest(&across, 1),
            nearest(&along, -1),
            nearest(&along, 1),
        ) else {
            continue;
        };
        let (l, r, t, b) = (l as f32, r as f32, t as f32, b as f32);
        let (w, h) = (r - l, b - t);
        if w > 3.0 * h || h > 3.0 * w {
            continue;
        }
        let cover = [
            across.coverage(l as isize, t, b),
            across.coverage(r as isize, t, b),
            along.coverage(t as isize, l, r),
            along.coverage(b as isize, l, r),
        ];
        if cover.iter().any(|&c| c < p.along) {
            continue;
        }
        let score: f32 = cover.iter().sum();
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((
                score,
                Frame {
                    angle,
                    sides: [l, r, t, b],
                },
            ));
        }
    }
    best.map(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A light card with a darker photo of `pw`×`ph` centred at (`cx`, `cy`), turned by
    /// `degrees`, holding a face-like blob; returns the image and the photo's corners.
    fn card(degrees: f32, pw: f32, ph: f32) -> (RgbImage, [[f32; 2]; 4]) {
        let (cx, cy) = (400.0f32, 300.0f32);
        let (s, c) = degrees.to_radians().sin_cos();
        let img = RgbImage::from_fn(800, 600, |x, y| {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
            let v_face = v + 0.12 * ph;
            if (u / (0.25 * pw)).powi(2) + (v_face / (0.3 * ph)).powi(2) <= 1.0 {
                image::Rgb([220, 180, 150]) // the face
            } else if u.abs() <= pw / 2.0 && v.abs() <= ph / 2.0 {
                image::Rgb([150, 165, 180]) // the photo's background
            } else {
                image::Rgb([238, 240, 244]) // the card
            }
        });
        let corners = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)].map(|(a, b)| {
            [
                cx + a * pw / 2.0 * c - b * ph / 2.0 * s,
                cy + a * pw / 2.0 * s + b * ph / 2.0 * c,
            ]
        });
        (img, corners)
    }

    fn face_box(pw: f32, ph: f32) -> Rect {
        let (w, h) = (0.5 * pw, 0.6 * ph);
        Rect {
            x: (400.0 - w / 2.0) as u32,
            y: (300.0 - 0.12 * ph - h / 2.0) as u32,
            w: w as u32,
            h: h as u32,
        }
    }

    /// Share of the polygon `truth`'s pixels inside `p`.
    fn covered(p: &Polygon, truth: &[[f32; 2]; 4]) -> f64 {
        let t = Polygon(truth.to_vec());
        let (mut n, mut inside) = (0, 0);
        for y in 0..600 {
            for x in 0..800 {
                let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
                if t.contains(fx, fy) {
                    n += 1;
                    inside += usize::from(p.contains(fx, fy));
                }
            }
        }
        inside as f64 / n as f64
    }

    #[test]
    fn a_badge_photo_is_found_whole_at_any_angle() {
        for degrees in [0.0, 12.0, -25.0, 40.0] {
            let (img, truth) = card(degrees, 160.0, 190.0);
            let poly = photo_around(&img, &face_box(160.0, 190.0), &PhotoParams::default())
                .unwrap_or_else(|| panic!("no photo at {degrees}°"));
            let share = covered(&poly, &truth);
            assert!(share >= 0.98, "{degrees}°: {share:.3} covered");
            let area = poly.area();
            assert!(area <= 1.25 * 160.0 * 190.0, "{degrees}°: {area} px²");
        }
    }

    #[test]
    fn a_face_without_a_frame_keeps_its_own_region() {
        // A face on a plain background, and one on a striped one (lines, but not a frame).
        let plain = RgbImage::from_fn(800, 600, |x, y| {
            let (dx, dy) = (x as f32 - 400.0, y as f32 - 280.0);
            if (dx / 40.0).powi(2) + (dy / 57.0).powi(2) <= 1.0 {
                image::Rgb([220, 180, 150])
            } else {
                image::Rgb([120, 140, 160])
            }
        });
        let face = face_box(160.0, 190.0);
        assert!(photo_around(&plain, &face, &PhotoParams::default()).is_none());
        let striped = RgbImage::from_fn(800, 600, |x, y| {
            let (dx, dy) = (x as f32 - 400.0, y as f32 - 280.0);
            if (dx / 40.0).powi(2) + (dy / 57.0).powi(2) <= 1.0 {
                image::Rgb([220, 180, 150])
            } else if (x / 30) % 2 == 0 {
                image::Rgb([60, 60, 60])
            } else {
                image::Rgb([200, 200, 200])
            }
        });
        assert!(photo_around(&striped, &face, &PhotoParams::default()).is_none());
        // Too small a face to look for a photo around.
        let tiny = Rect {
            x: 10,
            y: 10,
            w: 12,
            h: 15,
        };
        assert!(photo_around(&plain, &tiny, &PhotoParams::default()).is_none());
    }
}
