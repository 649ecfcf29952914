//! CenterFace: anchor-free face detection (heatmap, log-scale and offset maps at stride 4).

use image::RgbImage;

use super::{nms, resize_rgb, FloatBox};
use crate::{Error, Result};

/// Run CenterFace on `img` scaled by `scale` (sides rounded to multiples of 32).
/// Returns boxes in `img` pixels with their scores, after NMS.
pub(crate) fn detect(
    session: &mut ort::session::Session,
    img: &RgbImage,
    scale: f32,
    threshold: f32,
) -> Result<Vec<FloatBox>> {
    let (w, h) = img.dimensions();
    let w2 = ((w as f32 * scale / 32.0).round().max(1.0) as usize) * 32;
    let h2 = ((h as f32 * scale / 32.0).round().max(1.0) as usize) * 32;
    let resized = resize_rgb(img, w2 as u32, h2 as u32);
    let plane = w2 * h2;
    let mut input = vec![0f32; 3 * plane];
    for (i, p) in resized.pixels().enumerate() {
        input[i] = f32::from(p[0]);
        input[plane + i] = f32::from(p[1]);
        input[2 * plane + i] = f32::from(p[2]);
    }
    let rt = |e: ort::Error| Error::Runtime(format!("CenterFace: {e}"));
    let view = ndarray::ArrayView4::from_shape((1, 3, h2, w2), &input)
        .map_err(|e| Error::Runtime(e.to_string()))?;
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
    let (sx, sy) = (w2 as f32 / w as f32, h2 as f32 / h as f32);
    let mut dets = Vec::new();
    for y in 0..fh {
        for x in 0..fw {
            let i = y * fw + x;
            let s = hm[i];
            if s <= threshold {
                continue;
            }
            let bh = sc[i].exp() * 4.0;
            let bw = sc[n + i].exp() * 4.0;
            let (oy, ox) = (off[i], off[n + i]);
            let cx = (x as f32 + ox + 0.5) * 4.0;
            let cy = (y as f32 + oy + 0.5) * 4.0;
            let x0 = (cx - bw / 2.0).max(0.0);
            let y0 = (cy - bh / 2.0).max(0.0);
            let x1 = (cx + bw / 2.0).min(w2 as f32);
            let y1 = (cy + bh / 2.0).min(h2 as f32);
            dets.push(FloatBox {
                x0: x0 / sx,
                y0: y0 / sy,
                x1: x1 / sx,
                y1: y1 / sy,
                score: s,
            });
        }
    }
    Ok(nms(dets, 0.3))
}
