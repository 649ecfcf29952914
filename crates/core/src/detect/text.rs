//! PP-OCR DB text detection: a per-pixel text probability map turned into rotated boxes.

use image::RgbImage;

use super::{resize_rgb, with_nchw};
use crate::image_io::resize_rgb_tile;
use crate::{Error, Result};

/// A detected text region: a quadrilateral (clockwise from top-left) in image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextBox {
    pub quad: [[f32; 2]; 4],
    pub score: f32,
}

/// Parameters of the DB post-processing (PaddleOCR / RapidOCR defaults) and of the finer pass.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DbParams {
    /// Pixels above this probability are text.
    pub thresh: f32,
    /// Regions whose mean probability is below this are dropped.
    pub box_thresh: f32,
    /// Vatti unclip ratio: how far the shrunk text kernel is grown back.
    pub unclip_ratio: f32,
    /// The shorter side is scaled up to at least this.
    pub limit_min_side: u32,
    /// The longer side is capped at this (RapidOCR caps at 2000; 1920 keeps a 12 MP photo at
    /// 2.8 MP of model input, the cost that dominates a scan). The finer pass upscales a small
    /// image up to this too, and a large one to at most its own pixels.
    pub limit_max_side: u32,
    /// The finer pass scales the image by up to this many times the first pass's scale.
    pub fine_max_gain: f32,
    /// The finer pass runs only when it would scale the image by at least this many times the
    /// first pass's scale (a photo already near `limit_max_side` gets none).
    pub fine_min_gain: f32,
    /// First-pass pixels at or above this probability, outside the boxes it kept, are where
    /// the finer pass looks. On the 12 MP wristband/badge canvases (`scripts/idset_12mp.py`)
    /// 0.2 / 0.1 / 0.05 covered 179 / 196 / 202 of 216 identifiers, at 1.0 / 1.3 / 2.1 s of
    /// text detection per 12 MP photo; 0.05 also made tiles so large that ICDAR 2015 lost 2
    /// words (context, see [`FINE_CONTEXT_CELLS`]).
    pub seed_thresh: f32,
    /// A finer-pass box whose shorter side, in the first pass's pixels, is longer than this is
    /// dropped: that pass is for text too small for the first pass; what it finds larger than
    /// this was, in the shared corpus's photos, eyes, ties and whole clothes.
    pub fine_max_height: f32,
}

impl Default for DbParams {
    fn default() -> Self {
        DbParams {
            thresh: 0.3,
            box_thresh: 0.5,
            unclip_ratio: 1.6,
            limit_min_side: 736,
            limit_max_side: 1920,
            fine_max_gain: 2.0,
            fine_min_gain: 1.3,
            seed_thresh: 0.1,
            fine_max_height: 32.0,
        }
    }
}

/// The model input size for an image: short side scaled up to `limit_min_side`, long side capped
/// at `limit_max_side`, each rounded to a multiple of 32.
fn input_size(w: u32, h: u32, p: &DbParams) -> (usize, usize) {
    let mut r = if w.min(h) < p.limit_min_side {
        p.limit_min_side as f32 / w.min(h) as f32
    } else {
        1.0
    };
    if w.max(h) as f32 * r > p.limit_max_side as f32 {
        r = p.limit_max_side as f32 / w.max(h) as f32;
    }
    round32_size(w, h, r)
}

/// `w`×`h` scaled by `r`, each side rounded to a multiple of 32 (at least 32).
fn round32_size(w: u32, h: u32, r: f32) -> (usize, usize) {
    let round32 = |v: f32| ((v / 32.0).round().max(1.0) as usize) * 32;
    (round32(w as f32 * r), round32(h as f32 * r))
}

/// The finer pass's input size, when it runs: the first pass's scale times up to
/// `fine_max_gain`, no larger than the image itself or, for a small image, a long side of
/// `limit_max_side`; `None` when that gains less than `fine_min_gain`.
fn fine_size(w: u32, h: u32, first: (usize, usize), p: &DbParams) -> Option<(usize, usize)> {
    let r1 = first.0 as f32 / w as f32;
    let cap = (p.limit_max_side as f32 / w.max(h) as f32).max(1.0);
    let r = cap.min(r1 * p.fine_max_gain);
    (r >= r1 * p.fine_min_gain).then(|| round32_size(w, h, r))
}

/// Side of the cells the finer pass's search area is made of (its pixels).
const FINE_CELL: usize = 32;
/// How many cells of context the finer pass's tiles keep around each cell it searches (256 px).
/// The DB model's squeeze-and-excitation blocks pool over their whole input, so what a tile
/// holds changes what it sees: on the ICDAR 2015 images 2–4 cells of context found nothing
/// new, 6 found 2 of the 5 missed words, 8 found 3, and 12 (tiles as large as the image) none.
const FINE_CONTEXT_CELLS: usize = 8;

/// Tiles `(x, y, w, h)` of the finer pass (its pixels, multiples of [`FINE_CELL`]) covering the
/// selected cells of a `cols`×`rows` grid, each grown by [`FINE_CONTEXT_CELLS`]: the bounding
/// rectangles of the connected groups of grown cells, merged until none overlap, so a line of
/// text that was seeded lies whole in one tile.
fn fine_tiles(
    selected: &[bool],
    cols: usize,
    rows: usize,
    w2: usize,
    h2: usize,
) -> Vec<[usize; 4]> {
    let g = FINE_CONTEXT_CELLS;
    let mut grown = vec![false; cols * rows];
    for (i, _) in selected.iter().enumerate().filter(|(_, &s)| s) {
        let (cx, cy) = (i % cols, i / cols);
        for y in cy.saturating_sub(g)..(cy + g + 1).min(rows) {
            for x in cx.saturating_sub(g)..(cx + g + 1).min(cols) {
                grown[y * cols + x] = true;
            }
        }
    }
    // Bounding rectangles (in cells, end-exclusive) of 8-connected groups.
    let mut rects: Vec<[usize; 4]> = Vec::new();
    let mut seen = vec![false; cols * rows];
    let mut stack = Vec::new();
    for start in 0..cols * rows {
        if !grown[start] || seen[start] {
            continue;
        }
        let mut r = [cols, rows, 0, 0];
        seen[start] = true;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % cols, i / cols);
            r = [r[0].min(x), r[1].min(y), r[2].max(x + 1), r[3].max(y + 1)];
            for ny in y.saturating_sub(1)..(y + 2).min(rows) {
                for nx in x.saturating_sub(1)..(x + 2).min(cols) {
                    let j = ny * cols + nx;
                    if grown[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        rects.push(r);
    }
    // Merge overlapping rectangles until none overlap.
    let mut merged = true;
    while merged {
        merged = false;
        'outer: for i in 0..rects.len() {
            for j in i + 1..rects.len() {
                let (a, b) = (rects[i], rects[j]);
                if a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3] {
                    rects[i] = [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ];
                    rects.swap_remove(j);
                    merged = true;
                    break 'outer;
                }
            }
        }
    }
    rects
        .into_iter()
        .map(|[x0, y0, x1, y1]| {
            let (x0, y0) = (x0 * FINE_CELL, y0 * FINE_CELL);
            let (x1, y1) = ((x1 * FINE_CELL).min(w2), (y1 * FINE_CELL).min(h2));
            [x0, y0, x1 - x0, y1 - y0]
        })
        .collect()
}

/// Pieces `(x, y, w, h)` of a finer-pass tile, each no larger than `max_px` pixels: the tile
/// itself when it is no larger than `split_px`, else a grid of equal pieces (multiples of
/// [`FINE_CELL`]) overlapping by the context a tile keeps ([`FINE_CONTEXT_CELLS`]), so what a
/// seeded cell needs around it lies in one piece. A tile is as large as what it holds, and a
/// blurred or upscaled photo can seed the whole of it (3840×2880 at a 12 MP photo's finer
/// scale): the model's feature maps for that one input took 3 GB. Pieces keep each model run
/// to about the first pass's size; boxes found twice in an overlap are merged by the caller.
fn split_tile([x, y, w, h]: [usize; 4], split_px: usize, max_px: usize) -> Vec<[usize; 4]> {
    if w * h <= split_px {
        return vec![[x, y, w, h]];
    }
    let overlap = FINE_CONTEXT_CELLS * FINE_CELL;
    // Piece side for `n` pieces along `len`, a multiple of FINE_CELL.
    let side = |len: usize, n: usize| {
        (len + (n - 1) * overlap)
            .div_ceil(n)
            .next_multiple_of(FINE_CELL)
            .min(len)
    };
    let (mut nx, mut ny) = (1, 1);
    while side(w, nx) * side(h, ny) > max_px && (side(w, nx) > overlap || side(h, ny) > overlap) {
        if side(w, nx) >= side(h, ny) {
            nx += 1;
        } else {
            ny += 1;
        }
    }
    let (pw, ph) = (side(w, nx), side(h, ny));
    // Starts spread evenly from the tile's start to its end, on FINE_CELL.
    let starts = |len: usize, piece: usize, n: usize| -> Vec<usize> {
        (0..n)
            .map(|i| {
                if n == 1 {
                    0
                } else {
                    ((len - piece) * i / (n - 1)) / FINE_CELL * FINE_CELL
                }
            })
            .collect()
    };
    let mut pieces = Vec::with_capacity(nx * ny);
    for py in starts(h, ph, ny) {
        for px in starts(w, pw, nx) {
            pieces.push([x + px, y + py, pw.min(w - px), ph.min(h - py)]);
        }
    }
    pieces
}

/// The DB model's text probability map for `img`, whose sides must be multiples of 32.
fn probability(session: &mut ort::session::Session, img: &RgbImage) -> Result<Vec<f32>> {
    let plane = img.width() as usize * img.height() as usize;
    // BGR order, (x/255 - 0.5) / 0.5.
    let norm = |v: u8| f32::from(v) / 127.5 - 1.0;
    with_nchw(
        img,
        |p| [norm(p[2]), norm(p[1]), norm(p[0])],
        |view| run_db(session, view, plane),
    )
}

/// Run the DB model on `view` and return its probability map (`plane` values).
fn run_db(
    session: &mut ort::session::Session,
    view: ndarray::ArrayView4<f32>,
    plane: usize,
) -> Result<Vec<f32>> {
    let rt = |e: ort::Error| Error::Runtime(format!("text detector: {e}"));
    let out = session
        .run(ort::inputs!["x" => ort::value::TensorRef::from_array_view(view).map_err(rt)?])
        .map_err(rt)?;
    let prob = out[0].try_extract_tensor::<f32>().map_err(rt)?.1;
    if prob.len() < plane {
        return Err(Error::Runtime(
            "text detector: unexpected output shape".into(),
        ));
    }
    Ok(prob[..plane].to_vec())
}

/// Map-pixel boxes → `img` pixels: scaled by `sx`, `sy` after moving by `(dx, dy)`, clamped.
fn to_image(
    boxes: Vec<TextBox>,
    (dx, dy): (f32, f32),
    (sx, sy): (f32, f32),
    w: u32,
    h: u32,
) -> Vec<TextBox> {
    boxes
        .into_iter()
        .map(|mut b| {
            for c in &mut b.quad {
                c[0] = ((c[0] + dx) * sx).clamp(0.0, w as f32);
                c[1] = ((c[1] + dy) * sy).clamp(0.0, h as f32);
            }
            b
        })
        .collect()
}

/// The share of rectangle `r`'s area (`[x0, y0, x1, y1]`) that lies inside `k`.
fn overlap_share(r: [f32; 4], k: [f32; 4]) -> f32 {
    let iw = (r[2].min(k[2]) - r[0].max(k[0])).max(0.0);
    let ih = (r[3].min(k[3]) - r[1].max(k[1])).max(0.0);
    iw * ih / rect_area(r).max(1e-3)
}

/// The area of a rectangle `[x0, y0, x1, y1]`.
fn rect_area(r: [f32; 4]) -> f32 {
    (r[2] - r[0]) * (r[3] - r[1])
}

/// The axis-aligned bounds `[x0, y0, x1, y1]` of a quadrilateral.
pub(crate) fn quad_bounds(q: &[[f32; 2]; 4]) -> [f32; 4] {
    let xs = q.map(|p| p[0]);
    let ys = q.map(|p| p[1]);
    [
        xs.iter().copied().fold(f32::MAX, f32::min),
        ys.iter().copied().fold(f32::MAX, f32::min),
        xs.iter().copied().fold(f32::MIN, f32::max),
        ys.iter().copied().fold(f32::MIN, f32::max),
    ]
}

/// Run the DB detector on `img`: once over the whole image at the usual size and, when a finer
/// look gains at least `fine_min_gain`, again at up to `fine_max_gain` times that scale (a small
/// image up to a long side of `limit_max_side`, a large one up to its own pixels: a 12 MP photo
/// at 3840×2880) over only the parts the first pass saw some text probability in
/// (≥ `seed_thresh`) but kept no box for, plus context (see [`fine_tiles`]). Small or faint
/// text that the first pass only glimpses becomes a box there: a low-contrast station sign and
/// 15 px type in ICDAR 2015; wristband names and numbers 20–28 px tall in a 12 MP photo, which
/// are 10–13 px at the first pass's scale. A finer box taller than `fine_max_height` or mostly
/// (≥ 60 %) inside a first-pass box is dropped; every first-pass box is kept, so the finer pass
/// only ever adds.
pub(crate) fn detect(
    session: &mut ort::session::Session,
    img: &RgbImage,
    p: &DbParams,
) -> Result<Vec<TextBox>> {
    let (w, h) = img.dimensions();
    let (w2, h2) = input_size(w, h, p);
    let prob = probability(session, &resize_rgb(img, w2 as u32, h2 as u32))?;
    let (sx, sy) = (w as f32 / w2 as f32, h as f32 / h2 as f32);
    let mut out = to_image(
        boxes_from_prob(&prob, w2, h2, p),
        (0.0, 0.0),
        (sx, sy),
        w,
        h,
    );
    let Some((fw, fh)) = fine_size(w, h, (w2, h2), p) else {
        return Ok(out);
    };
    // Cells of the finer pass holding a first-pass pixel that is faintly text but in no box.
    let kept: Vec<[f32; 4]> = out.iter().map(|b| quad_bounds(&b.quad)).collect();
    let (cols, rows) = (fw.div_ceil(FINE_CELL), fh.div_ceil(FINE_CELL));
    let mut selected = vec![false; cols * rows];
    let (fx, fy) = (fw as f32 / w2 as f32, fh as f32 / h2 as f32);
    for (i, _) in prob.iter().enumerate().filter(|(_, &v)| v >= p.seed_thresh) {
        let (mx, my) = ((i % w2) as f32 + 0.5, (i / w2) as f32 + 0.5);
        let (ix, iy) = (mx * sx, my * sy);
        if kept
            .iter()
            .any(|k| ix >= k[0] && ix <= k[2] && iy >= k[1] && iy <= k[3])
        {
            continue;
        }
        let (cx, cy) = (
            (mx * fx) as usize / FINE_CELL,
            (my * fy) as usize / FINE_CELL,
        );
        selected[cy.min(rows - 1) * cols + cx.min(cols - 1)] = true;
    }
    if !selected.contains(&true) {
        return Ok(out);
    }
    let (fsx, fsy) = (w as f32 / fw as f32, h as f32 / fh as f32);
    // Each box with its bounds, the tile it came from and its piece of that tile.
    let mut found: Vec<(TextBox, [f32; 4], usize, usize)> = Vec::new();
    let first_px = w2 * h2;
    let pieces = fine_tiles(&selected, cols, rows, fw, fh)
        .into_iter()
        .enumerate()
        .flat_map(|(t, tile)| {
            split_tile(tile, first_px + first_px / 4, first_px)
                .into_iter()
                .enumerate()
                .map(move |(i, piece)| (t, i, piece))
        });
    for (tile_index, piece_index, [x, y, tw, th]) in pieces {
        // Each tile resized from its own part of the photo, not the whole photo at the finer
        // scale.
        let tile = resize_rgb_tile(
            img,
            (fw as u32, fh as u32),
            (x as u32, y as u32, tw as u32, th as u32),
        );
        let tprob = probability(session, &tile)?;
        found.extend(
            to_image(
                boxes_from_prob(&tprob, tw, th, p),
                (x as f32, y as f32),
                (fsx, fsy),
                w,
                h,
            )
            .into_iter()
            .map(|b| (b, quad_bounds(&b.quad), tile_index, piece_index)),
        );
    }
    // A line in the overlap of two pieces of a tile is found in both (whole in one, perhaps
    // cut in the other): of two such boxes, the smaller is dropped when ≥ 90 % of it lies
    // inside the larger.
    found.sort_by(|a, b| rect_area(b.1).total_cmp(&rect_area(a.1)));
    let mut unique: Vec<(TextBox, [f32; 4], usize, usize)> = Vec::with_capacity(found.len());
    for (b, r, t, i) in found {
        let twin =
            (unique.iter()).any(|&(_, u, ut, ui)| ut == t && ui != i && overlap_share(r, u) >= 0.9);
        if !twin {
            unique.push((b, r, t, i));
        }
    }
    for (b, r, _, _) in unique {
        let q = b.quad;
        // Sides in first-pass pixels.
        let side = |a: [f32; 2], c: [f32; 2]| ((a[0] - c[0]) / sx).hypot((a[1] - c[1]) / sy);
        if side(q[0], q[1]).min(side(q[0], q[3])) > p.fine_max_height {
            continue;
        }
        let inside = kept.iter().any(|&k| overlap_share(r, k) >= 0.6);
        if !inside {
            out.push(b);
        }
    }
    Ok(out)
}

/// Probability map → text boxes in map coordinates: threshold, dilate 2×2, 8-connected
/// components, minimum-area rectangle of each, mean probability filter, unclip.
pub(crate) fn boxes_from_prob(prob: &[f32], w: usize, h: usize, p: &DbParams) -> Vec<TextBox> {
    // Threshold then 2x2 dilation (as PaddleOCR's use_dilation).
    let raw: Vec<bool> = prob.iter().map(|&v| v > p.thresh).collect();
    let mut mask = raw.clone();
    for y in 0..h {
        for x in 0..w {
            if raw[y * w + x] {
                continue;
            }
            let l = x > 0 && raw[y * w + x - 1];
            let u = y > 0 && raw[(y - 1) * w + x];
            let lu = x > 0 && y > 0 && raw[(y - 1) * w + x - 1];
            if l || u || lu {
                mask[y * w + x] = true;
            }
        }
    }
    let mut label = vec![0u32; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    let mut next = 0u32;
    for start in 0..w * h {
        if !mask[start] || label[start] != 0 {
            continue;
        }
        next += 1;
        if next > 4000 {
            break; // pathological maps: bounded work
        }
        // Flood fill this component, collecting its pixels.
        let mut pts: Vec<imageproc::point::Point<f32>> = Vec::new();
        let mut sum = 0f64;
        label[start] = next;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            pts.push(imageproc::point::Point::new(x as f32, y as f32));
            sum += f64::from(prob[i]);
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                        continue;
                    }
                    let j = ny as usize * w + nx as usize;
                    if mask[j] && label[j] == 0 {
                        label[j] = next;
                        stack.push(j);
                    }
                }
            }
        }
        let score = (sum / pts.len() as f64) as f32;
        if score < p.box_thresh || pts.len() < 4 {
            continue;
        }
        let r = imageproc::geometry::min_area_rect(&pts);
        // Rectangle through pixel centres → grow by half a pixel to cover the pixels.
        let c = [(r[0].x + r[2].x) / 2.0, (r[0].y + r[2].y) / 2.0];
        let e1 = [r[1].x - r[0].x, r[1].y - r[0].y];
        let e2 = [r[3].x - r[0].x, r[3].y - r[0].y];
        let l1 = (e1[0] * e1[0] + e1[1] * e1[1]).sqrt();
        let l2 = (e2[0] * e2[0] + e2[1] * e2[1]).sqrt();
        let (u, v) = (unit(e1, [1.0, 0.0]), unit(e2, [0.0, 1.0]));
        let (rw, rh) = (l1 + 1.0, l2 + 1.0);
        if rw.min(rh) < 3.0 {
            continue;
        }
        // Vatti offset of a rectangle: area * ratio / perimeter.
        let d = rw * rh * p.unclip_ratio / (2.0 * (rw + rh));
        let (hw, hh) = ((rw + 2.0 * d) / 2.0, (rh + 2.0 * d) / 2.0);
        if hw.min(hh) * 2.0 < 5.0 {
            continue;
        }
        let corner = |a: f32, b: f32| {
            [
                c[0] + a * hw * u[0] + b * hh * v[0],
                c[1] + a * hw * u[1] + b * hh * v[1],
            ]
        };
        let quad = order_clockwise([
            corner(-1.0, -1.0),
            corner(1.0, -1.0),
            corner(1.0, 1.0),
            corner(-1.0, 1.0),
        ]);
        out.push(TextBox { quad, score });
    }
    out
}

fn unit(e: [f32; 2], fallback: [f32; 2]) -> [f32; 2] {
    let l = (e[0] * e[0] + e[1] * e[1]).sqrt();
    if l < 1e-6 {
        fallback
    } else {
        [e[0] / l, e[1] / l]
    }
}

/// Order four corners clockwise (in image coordinates, y down) starting at the top-left.
fn order_clockwise(mut q: [[f32; 2]; 4]) -> [[f32; 2]; 4] {
    let cx = q.iter().map(|p| p[0]).sum::<f32>() / 4.0;
    let cy = q.iter().map(|p| p[1]).sum::<f32>() / 4.0;
    q.sort_by(|a, b| {
        let aa = (a[1] - cy).atan2(a[0] - cx);
        let bb = (b[1] - cy).atan2(b[0] - cx);
        aa.total_cmp(&bb)
    });
    // Start at the corner with the smallest x + y.
    let start = (0..4)
        .min_by(|&i, &j| (q[i][0] + q[i][1]).total_cmp(&(q[j][0] + q[j][1])))
        .unwrap_or(0);
    q.rotate_left(start);
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rectangle_becomes_one_unclipped_box() {
        let (w, h) = (64, 32);
        let mut prob = vec![0f32; w * h];
        for y in 10..20 {
            for x in 8..50 {
                prob[y * w + x] = 0.9;
            }
        }
        let boxes = boxes_from_prob(&prob, w, h, &DbParams::default());
        assert_eq!(boxes.len(), 1);
        let q = boxes[0].quad;
        let xs: Vec<f32> = q.iter().map(|p| p[0]).collect();
        let ys: Vec<f32> = q.iter().map(|p| p[1]).collect();
        let (x0, x1) = (
            xs.iter().cloned().fold(f32::MAX, f32::min),
            xs.iter().cloned().fold(f32::MIN, f32::max),
        );
        let (y0, y1) = (
            ys.iter().cloned().fold(f32::MAX, f32::min),
            ys.iter().cloned().fold(f32::MIN, f32::max),
        );
        // The kernel (x 8..51 after dilation, y 10..21) grows by the unclip distance on every side.
        assert!(x0 < 8.0 && x1 > 51.0 && y0 < 10.0 && y1 > 21.0, "{q:?}");
        assert!(
            q[0][0] <= q[1][0] && q[0][1] <= q[3][1],
            "clockwise from top-left: {q:?}"
        );
    }

    #[test]
    fn the_finer_pass_runs_only_where_it_gains_enough() {
        let p = DbParams::default();
        // (image, first pass, finer pass)
        let cases = [
            // ICDAR 2015 frames: finer 1.5× (up to the long-side cap of 1920).
            ((1280, 720), (1312, 736), Some((1920, 1088))),
            // Small pictures: up to the long-side cap, or twice the first pass's scale.
            ((400, 300), (992, 736), Some((1920, 1440))),
            ((500, 500), (736, 736), Some((1472, 1472))),
            // A 12 MP photo: the first pass at the cap, the finer one at twice that, never
            // above the photo's own pixels.
            ((4032, 3024), (1920, 1440), Some((3840, 2880))),
            ((2880, 2160), (1920, 1440), Some((2880, 2176))),
            // A 4.3 MP photo would gain only 1.25×: no finer pass.
            ((2400, 1800), (1920, 1440), None),
        ];
        for ((w, h), first, fine) in cases {
            assert_eq!(input_size(w, h, &p), first, "{w}×{h}");
            assert_eq!(fine_size(w, h, first, &p), fine, "{w}×{h}");
        }
    }

    #[test]
    fn a_tile_larger_than_the_first_pass_is_cut_into_overlapping_pieces_that_cover_it() {
        let first = 1920 * 1440;
        // As large as the first pass, or a little more: one piece, the tile itself.
        assert_eq!(
            split_tile([64, 96, 1856, 1536], first + first / 4, first),
            vec![[64, 96, 1856, 1536]]
        );
        // The whole photo at the finer scale (a blurred photo seeds everything).
        for tile in [[0, 0, 3840, 2880], [32, 64, 3200, 1088], [0, 0, 960, 3840]] {
            let pieces = split_tile(tile, first + first / 4, first);
            assert!(pieces.len() > 1, "{tile:?}");
            let [x, y, w, h] = tile;
            let overlap = FINE_CONTEXT_CELLS * FINE_CELL;
            for p in &pieces {
                assert!(
                    p[2] * p[3] <= first,
                    "{p:?} of {tile:?} is larger than the first pass"
                );
                assert!(
                    p.iter().all(|v| v % FINE_CELL == 0),
                    "{p:?} is off the cell grid"
                );
                assert!(p[0] >= x && p[1] >= y && p[0] + p[2] <= x + w && p[1] + p[3] <= y + h);
            }
            // Every cell of the tile is in a piece, with the context a tile keeps around it
            // wherever the tile has it.
            for cy in (y..y + h).step_by(FINE_CELL) {
                for cx in (x..x + w).step_by(FINE_CELL) {
                    let held = pieces.iter().any(|p| {
                        let room = |c: usize, start: usize, len: usize, t0: usize, tl: usize| {
                            let before = (c - t0).min(overlap / 2);
                            let after = (t0 + tl - c - FINE_CELL).min(overlap / 2);
                            c - before >= start && c + FINE_CELL + after <= start + len
                        };
                        room(cx, p[0], p[2], x, w) && room(cy, p[1], p[3], y, h)
                    });
                    assert!(
                        held,
                        "cell ({cx}, {cy}) of {tile:?} is in no piece with its context"
                    );
                }
            }
        }
    }

    #[test]
    fn fine_tiles_hold_each_group_of_cells_whole_with_context_and_never_overlap() {
        let (cols, rows) = (60, 34); // 1920×1088 in 32 px cells
        let mut sel = vec![false; cols * rows];
        // A line of text three cells long near the top left, a lone cell in the middle and
        // another one three cells from it (their context overlaps: one tile).
        for x in 2..5 {
            sel[3 * cols + x] = true;
        }
        sel[20 * cols + 30] = true;
        sel[20 * cols + 33] = true;
        let tiles = fine_tiles(&sel, cols, rows, 1920, 1088);
        assert_eq!(tiles.len(), 2, "{tiles:?}");
        let g = FINE_CONTEXT_CELLS * FINE_CELL;
        for (i, _) in sel.iter().enumerate().filter(|(_, &s)| s) {
            let (x, y) = ((i % cols) * FINE_CELL, (i / cols) * FINE_CELL);
            // Every selected cell lies in a tile with its context (clipped at the image).
            assert!(tiles.iter().any(|t| {
                t[0] <= x.saturating_sub(g)
                    && t[1] <= y.saturating_sub(g)
                    && t[0] + t[2] >= (x + FINE_CELL + g).min(1920)
                    && t[1] + t[3] >= (y + FINE_CELL + g).min(1088)
            }));
        }
        for (i, a) in tiles.iter().enumerate() {
            assert!(a.iter().all(|v| v % 32 == 0), "multiples of 32: {a:?}");
            assert!(a[0] + a[2] <= 1920 && a[1] + a[3] <= 1088);
            for b in &tiles[i + 1..] {
                let apart = a[0] + a[2] <= b[0]
                    || b[0] + b[2] <= a[0]
                    || a[1] + a[3] <= b[1]
                    || b[1] + b[3] <= a[1];
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        assert!(fine_tiles(&vec![false; cols * rows], cols, rows, 1920, 1088).is_empty());
    }

    #[test]
    fn faint_regions_are_dropped() {
        let (w, h) = (32, 32);
        let mut prob = vec![0f32; w * h];
        for y in 5..15 {
            for x in 5..25 {
                prob[y * w + x] = 0.35; // above thresh, below box_thresh
            }
        }
        assert!(boxes_from_prob(&prob, w, h, &DbParams::default()).is_empty());
    }
}
