//! PP-OCR DB text detection: a per-pixel text probability map turned into rotated boxes.

use image::RgbImage;

use super::resize_rgb;
use crate::{Error, Result};

/// A detected text region: a quadrilateral (clockwise from top-left) in image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextBox {
    pub quad: [[f32; 2]; 4],
    pub score: f32,
}

/// Parameters of the DB post-processing (PaddleOCR / RapidOCR defaults).
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
    /// 2.8 MP of model input, the cost that dominates a scan).
    pub limit_max_side: u32,
}

impl Default for DbParams {
    fn default() -> Self {
        DbParams {
            thresh: 0.3,
            box_thresh: 0.5,
            unclip_ratio: 1.6,
            limit_min_side: 736,
            limit_max_side: 1920,
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
    let round32 = |v: f32| ((v / 32.0).round().max(1.0) as usize) * 32;
    (round32(w as f32 * r), round32(h as f32 * r))
}

/// Run the DB detector on `img`.
pub(crate) fn detect(
    session: &mut ort::session::Session,
    img: &RgbImage,
    p: &DbParams,
) -> Result<Vec<TextBox>> {
    let (w, h) = img.dimensions();
    let (w2, h2) = input_size(w, h, p);
    let resized = resize_rgb(img, w2 as u32, h2 as u32);
    let plane = w2 * h2;
    let mut input = vec![0f32; 3 * plane];
    // BGR order, (x/255 - 0.5) / 0.5.
    for (i, px) in resized.pixels().enumerate() {
        input[i] = f32::from(px[2]) / 127.5 - 1.0;
        input[plane + i] = f32::from(px[1]) / 127.5 - 1.0;
        input[2 * plane + i] = f32::from(px[0]) / 127.5 - 1.0;
    }
    let rt = |e: ort::Error| Error::Runtime(format!("text detector: {e}"));
    let view = ndarray::ArrayView4::from_shape((1, 3, h2, w2), &input)
        .map_err(|e| Error::Runtime(e.to_string()))?;
    let out = session
        .run(ort::inputs!["x" => ort::value::TensorRef::from_array_view(view).map_err(rt)?])
        .map_err(rt)?;
    let prob = out[0].try_extract_tensor::<f32>().map_err(rt)?.1;
    if prob.len() < plane {
        return Err(Error::Runtime(
            "text detector: unexpected output shape".into(),
        ));
    }
    let (sx, sy) = (w as f32 / w2 as f32, h as f32 / h2 as f32);
    Ok(boxes_from_prob(&prob[..plane], w2, h2, p)
        .into_iter()
        .map(|mut b| {
            for c in &mut b.quad {
                c[0] = (c[0] * sx).clamp(0.0, w as f32);
                c[1] = (c[1] * sy).clamp(0.0, h as f32);
            }
            b
        })
        .collect())
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
