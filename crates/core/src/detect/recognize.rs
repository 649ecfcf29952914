//! PP-OCR CTC text recognition: each detected text quadrilateral is rectified to a 48-pixel-high
//! strip and read by the recogniser; the result carries where each character was read, so a
//! line can be split into words.
//!
//! Pre/post-processing as PaddleOCR / RapidOCR: BGR, `(x/255 − 0.5)/0.5`, height 48, width
//! `ceil(48·w/h)` padded with zeros to the widest strip of the batch (at least 320); strips
//! at least 1.5× taller than wide are turned a quarter counter-clockwise first. Output
//! `[N, T, C]` softmax; greedy CTC decoding (argmax, collapse repeats, drop blank). The
//! vocabulary is `blank` + the model's metadata `character` lines + a space.

use image::RgbImage;

use crate::{Error, Result};

/// Height of the recogniser's input strips.
const STRIP_H: usize = 48;
/// Narrowest strip width (PaddleOCR's default input is 48×320).
const MIN_STRIP_W: usize = 320;
/// Widest strip: a very long line is squeezed to this (bounds memory and time).
const MAX_STRIP_W: usize = 48 * 40;
/// Strips per model run.
const BATCH: usize = 8;

/// What the recogniser read in one region.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    /// The text, spaces included, trimmed.
    pub text: String,
    /// Mean probability of the characters read (0 when nothing was read).
    pub score: f32,
    /// Words (runs of non-space characters) as fractions `[start, end)` of the strip's width,
    /// along the reading direction.
    pub words: Vec<(f32, f32)>,
}

/// The recogniser's vocabulary, from the model's metadata.
pub(crate) fn vocabulary(session: &ort::session::Session) -> Result<Vec<String>> {
    let meta = session
        .metadata()
        .map_err(|e| Error::Runtime(format!("text recogniser metadata: {e}")))?;
    let chars = meta.custom("character").ok_or_else(|| {
        Error::Runtime("text recogniser: no `character` vocabulary in the model metadata".into())
    })?;
    let mut vocab = vec![String::new()];
    vocab.extend(chars.lines().map(str::to_string));
    vocab.push(" ".to_string());
    Ok(vocab)
}

/// Read every quadrilateral (corners clockwise from top-left, in `img` pixels).
pub(crate) fn recognize(
    session: &mut ort::session::Session,
    vocab: &[String],
    img: &RgbImage,
    quads: &[[[f32; 2]; 4]],
) -> Result<Vec<Reading>> {
    // Rectified strips, read in order of aspect ratio so each batch pads little.
    let strips: Vec<Strip> = quads.iter().map(Strip::new).collect();
    let mut order: Vec<usize> = (0..strips.len()).collect();
    order.sort_by(|&a, &b| strips[a].ratio.total_cmp(&strips[b].ratio));
    let mut out = vec![
        Reading {
            text: String::new(),
            score: 0.0,
            words: Vec::new(),
        };
        strips.len()
    ];
    let rt = |e: ort::Error| Error::Runtime(format!("text recogniser: {e}"));
    let mut input = Vec::new();
    for batch in order.chunks(BATCH) {
        let width = batch
            .iter()
            .map(|&i| strips[i].width)
            .max()
            .unwrap_or(MIN_STRIP_W)
            .max(MIN_STRIP_W);
        let plane = STRIP_H * width;
        input.clear();
        input.resize(batch.len() * 3 * plane, 0f32);
        for (n, &i) in batch.iter().enumerate() {
            strips[i].fill(img, &mut input[n * 3 * plane..(n + 1) * 3 * plane], width);
        }
        let view = ndarray::ArrayView4::from_shape((batch.len(), 3, STRIP_H, width), &input)
            .map_err(|e| Error::Runtime(e.to_string()))?;
        let res = session
            .run(ort::inputs!["x" => ort::value::TensorRef::from_array_view(view).map_err(rt)?])
            .map_err(rt)?;
        let (shape, probs) = res[0].try_extract_tensor::<f32>().map_err(rt)?;
        if shape.len() != 3 || shape[0] as usize != batch.len() {
            return Err(Error::Runtime(format!(
                "text recogniser: unexpected output shape {shape:?}"
            )));
        }
        let (t, c) = (shape[1] as usize, shape[2] as usize);
        for (n, &i) in batch.iter().enumerate() {
            let steps = &probs[n * t * c..(n + 1) * t * c];
            // Time steps cover the padded width; the strip fills the first `strips[i].width`.
            let filled = strips[i].width as f32 / width as f32;
            out[i] = decode(steps, t, c, vocab, filled);
        }
    }
    Ok(out)
}

/// Greedy CTC decoding of `t` steps of `c` class probabilities. `filled` is the fraction of
/// the steps that the strip (not padding) occupies, to express word positions in strip width.
fn decode(steps: &[f32], t: usize, c: usize, vocab: &[String], filled: f32) -> Reading {
    let mut text = String::new();
    let mut score_sum = 0f32;
    let mut count = 0usize;
    let mut words: Vec<(f32, f32)> = Vec::new();
    let mut word_open = false;
    let mut prev = 0usize;
    let step_frac = 1.0 / (t as f32 * filled.max(1e-6));
    for s in 0..t {
        let row = &steps[s * c..(s + 1) * c];
        let (best, p) = row
            .iter()
            .copied()
            .enumerate()
            .fold(
                (0usize, f32::MIN),
                |a, (i, v)| if v > a.1 { (i, v) } else { a },
            );
        if best != 0 && best != prev {
            let ch = vocab.get(best).map(String::as_str).unwrap_or("");
            text.push_str(ch);
            score_sum += p;
            count += 1;
            let x0 = (s as f32 * step_frac).min(1.0);
            let x1 = ((s + 1) as f32 * step_frac).min(1.0);
            if ch.trim().is_empty() {
                word_open = false;
            } else if word_open {
                if let Some(w) = words.last_mut() {
                    w.1 = x1;
                }
            } else {
                words.push((x0, x1));
                word_open = true;
            }
        }
        prev = best;
    }
    let score = if count == 0 {
        0.0
    } else {
        score_sum / count as f32
    };
    Reading {
        text: text.trim().to_string(),
        score,
        words,
    }
}

/// Distance between two points.
pub(crate) fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// A quadrilateral's corners in the order the recogniser reads it (top-left, top-right,
/// bottom-right, bottom-left of the strip), with the strip's length and thickness. A region
/// at least 1.5× taller than wide is vertical text: it is turned a quarter counter-clockwise
/// (as np.rot90), so its first corner is the quad's top-right.
pub(crate) fn reading_order(q: &[[f32; 2]; 4]) -> ([[f32; 2]; 4], f32, f32) {
    let w = dist(q[0], q[1]).max(dist(q[2], q[3])).max(1.0);
    let h = dist(q[0], q[3]).max(dist(q[1], q[2])).max(1.0);
    if h / w >= 1.5 {
        ([q[1], q[2], q[3], q[0]], h, w)
    } else {
        (*q, w, h)
    }
}

/// One region to read: its corners in reading order and its strip size.
struct Strip {
    /// Corners: top-left, top-right, bottom-right, bottom-left of the strip, in image pixels.
    corners: [[f32; 2]; 4],
    /// Width of the strip in model pixels (height is [`STRIP_H`]).
    width: usize,
    /// Width / height.
    ratio: f32,
}

impl Strip {
    fn new(q: &[[f32; 2]; 4]) -> Strip {
        let (corners, w, h) = reading_order(q);
        let ratio = w / h;
        let width = ((STRIP_H as f32 * ratio).ceil() as usize).clamp(8, MAX_STRIP_W);
        Strip {
            corners,
            width,
            ratio,
        }
    }

    /// Write the strip, normalised, BGR planes, into `dst` (3 × 48 × `padded`), bilinear
    /// sampling with edge replication; columns past the strip's width stay 0.
    fn fill(&self, img: &RgbImage, dst: &mut [f32], padded: usize) {
        let (iw, ih) = img.dimensions();
        let raw = img.as_raw();
        let [p0, p1, p2, p3] = self.corners;
        let plane = STRIP_H * padded;
        for v in 0..STRIP_H {
            let t = (v as f32 + 0.5) / STRIP_H as f32;
            // Left and right edges at this height.
            let l = [p0[0] + (p3[0] - p0[0]) * t, p0[1] + (p3[1] - p0[1]) * t];
            let r = [p1[0] + (p2[0] - p1[0]) * t, p1[1] + (p2[1] - p1[1]) * t];
            for u in 0..self.width {
                let s = (u as f32 + 0.5) / self.width as f32;
                let x = l[0] + (r[0] - l[0]) * s - 0.5;
                let y = l[1] + (r[1] - l[1]) * s - 0.5;
                let px = bilinear(raw, iw, ih, x, y);
                let o = v * padded + u;
                dst[o] = px[2] / 127.5 - 1.0;
                dst[plane + o] = px[1] / 127.5 - 1.0;
                dst[2 * plane + o] = px[0] / 127.5 - 1.0;
            }
        }
    }
}

/// The RGB value at `(x, y)` (pixel centres at integers), edges replicated.
fn bilinear(raw: &[u8], w: u32, h: u32, x: f32, y: f32) -> [f32; 3] {
    let xf = x.clamp(0.0, (w - 1) as f32);
    let yf = y.clamp(0.0, (h - 1) as f32);
    let x0 = xf.floor() as usize;
    let y0 = yf.floor() as usize;
    let x1 = (x0 + 1).min(w as usize - 1);
    let y1 = (y0 + 1).min(h as usize - 1);
    let (fx, fy) = (xf - x0 as f32, yf - y0 as f32);
    let at = |xx: usize, yy: usize, c: usize| f32::from(raw[(yy * w as usize + xx) * 3 + c]);
    let mut out = [0f32; 3];
    for (c, o) in out.iter_mut().enumerate() {
        let top = at(x0, y0, c) * (1.0 - fx) + at(x1, y0, c) * fx;
        let bottom = at(x0, y1, c) * (1.0 - fx) + at(x1, y1, c) * fx;
        *o = top * (1.0 - fy) + bottom * fy;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vec<String> {
        ["", "A", "B", "1", " "]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// One-hot steps for a sequence of class indices.
    fn steps(seq: &[usize], c: usize) -> Vec<f32> {
        let mut v = vec![0.0; seq.len() * c];
        for (s, &k) in seq.iter().enumerate() {
            v[s * c + k] = 0.9;
        }
        v
    }

    #[test]
    fn ctc_collapses_repeats_drops_blanks_and_finds_words() {
        // A A _ A B _ space space 1 1 _ _   (12 steps, all of them the strip)
        let seq = [1, 1, 0, 1, 2, 0, 4, 4, 3, 3, 0, 0];
        let r = decode(&steps(&seq, 5), seq.len(), 5, &vocab(), 1.0);
        assert_eq!(r.text, "AAB 1");
        assert!((r.score - 0.9).abs() < 1e-6);
        assert_eq!(r.words.len(), 2);
        assert!((r.words[0].0 - 0.0).abs() < 1e-6);
        assert!((r.words[0].1 - 5.0 / 12.0).abs() < 1e-6);
        assert!((r.words[1].0 - 8.0 / 12.0).abs() < 1e-6);
        // Half the steps are padding: positions double.
        let r = decode(&steps(&seq, 5), seq.len(), 5, &vocab(), 0.5);
        assert!((r.words[0].1 - 10.0 / 12.0).abs() < 1e-6);
        assert_eq!(r.words[1].0, 1.0);
        // Nothing read.
        let r = decode(&steps(&[0, 0, 0], 5), 3, 5, &vocab(), 1.0);
        assert_eq!((r.text.as_str(), r.score, r.words.len()), ("", 0.0, 0));
    }

    #[test]
    fn tall_regions_are_turned_and_strips_sampled_from_their_quad() {
        let mut img = RgbImage::new(100, 100);
        // Left half black, right half white.
        for (x, _, p) in img.enumerate_pixels_mut() {
            *p = if x < 50 {
                image::Rgb([0, 0, 0])
            } else {
                image::Rgb([255, 255, 255])
            };
        }
        let wide = Strip::new(&[[0.0, 40.0], [100.0, 40.0], [100.0, 60.0], [0.0, 60.0]]);
        assert_eq!(wide.width, 240);
        let mut buf = vec![0f32; 3 * STRIP_H * MIN_STRIP_W];
        wide.fill(&img, &mut buf, MIN_STRIP_W);
        assert!(buf[0] < -0.99, "left edge is black: {}", buf[0]);
        assert!(buf[239] > 0.99, "right edge is white: {}", buf[239]);
        assert_eq!(buf[300], 0.0, "padding stays 0");
        // A tall quad (20 wide, 100 high): read along its height, bottom-to-top turned.
        let tall = Strip::new(&[[40.0, 0.0], [60.0, 0.0], [60.0, 100.0], [40.0, 100.0]]);
        assert_eq!(tall.width, 240);
        assert!((tall.ratio - 5.0).abs() < 1e-6);
        assert_eq!(tall.corners[0], [60.0, 0.0]);
    }
}
