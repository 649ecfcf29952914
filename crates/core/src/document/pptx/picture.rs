//! Pictures a deck holds that are not raster images ClearFrame decodes: SVG, drawn to pixels
//! with `resvg` and then redacted like any picture; EMF/WMF and other vector or unknown
//! picture formats, for which no renderer is at hand, replaced by a neutral placeholder of the
//! same proportions (the slide keeps the shape's place; nothing of the original survives).

use std::sync::{Arc, LazyLock};

use image::{Rgb, RgbImage};
use resvg::{tiny_skia, usvg};

/// Longest side, in pixels, an SVG is drawn at (its own size when smaller) and a placeholder
/// is made at.
pub(crate) const MAX_SIDE: u32 = 2048;

/// The placeholder's colour: a light neutral grey.
pub(crate) const PLACEHOLDER_GREY: Rgb<u8> = Rgb([217, 217, 217]);

/// True when the bytes look like an SVG document (after an optional byte-order mark, XML
/// declaration, comments and doctype, the root is `<svg`).
pub(crate) fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}');
    let mut rest = text.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>").map_or("", |(_, r)| r).trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->").map_or("", |(_, r)| r).trim_start();
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = r.split_once('>').map_or("", |(_, r)| r).trim_start();
        } else {
            // `<svg …>` or a prefixed `<svg:svg …>`.
            return rest.starts_with("<svg");
        }
    }
}

/// The system fonts, loaded once per process (text in SVG pictures is drawn with them).
static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    db.load_system_fonts();
    Arc::new(db)
});

/// Draw an SVG on white at its own size, the longest side at most [`MAX_SIDE`] (and at least
/// 256 px, so small icons still show their text to the detectors). Nothing outside the SVG is
/// loaded: an `<image href>` naming a file or URL is left out (a hostile deck must not pull a
/// local file into the copy); `data:` images are drawn. `None` when it does not parse or has
/// no area.
pub(crate) fn render_svg(bytes: &[u8]) -> Option<RgbImage> {
    let opt = usvg::Options {
        resources_dir: None,
        fontdb: FONTS.clone(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(bytes, &opt).ok()?;
    let (w, h) = (tree.size().width(), tree.size().height());
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return None;
    }
    let long = w.max(h);
    let scale = (MAX_SIDE as f32 / long).min((256.0 / long).max(1.0));
    let (pw, ph) = (
        ((w * scale).round() as u32).clamp(1, MAX_SIDE),
        ((h * scale).round() as u32).clamp(1, MAX_SIDE),
    );
    let mut pixmap = tiny_skia::Pixmap::new(pw, ph)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(pw as f32 / w, ph as f32 / h),
        &mut pixmap.as_mut(),
    );
    // Opaque (drawn on white), so the premultiplied channels are the colours.
    let rgb: Vec<u8> = (pixmap.data().chunks_exact(4))
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    RgbImage::from_raw(pw, ph, rgb)
}

/// The size a metafile says it has, in pixels at 96 dpi: an EMF's frame (`EMR_HEADER`
/// `rclFrame`, 0.01 mm) or a placeable WMF's bounding box (in its units per inch). `None` for
/// anything else.
pub(crate) fn metafile_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let i32_at = |o: usize| -> Option<i64> {
        Some(i32::from_le_bytes(bytes.get(o..o + 4)?.try_into().ok()?) as i64)
    };
    let i16_at = |o: usize| -> Option<i64> {
        Some(i16::from_le_bytes(bytes.get(o..o + 2)?.try_into().ok()?) as i64)
    };
    let (w, h) = if i32_at(0)? == 1 && bytes.get(40..44) == Some(b" EMF") {
        let (l, t, r, b) = (i32_at(24)?, i32_at(28)?, i32_at(32)?, i32_at(36)?);
        // 0.01 mm → px at 96 dpi.
        let px = |v: i64| v as f64 / 2540.0 * 96.0;
        (px(r - l), px(b - t))
    } else if bytes.get(0..4) == Some(&[0xd7, 0xcd, 0xc6, 0x9a]) {
        let (l, t, r, b) = (i16_at(6)?, i16_at(8)?, i16_at(10)?, i16_at(12)?);
        let inch = i16_at(14)?.max(1) as f64;
        ((r - l) as f64 / inch * 96.0, (b - t) as f64 / inch * 96.0)
    } else {
        return None;
    };
    let (w, h) = (w.abs(), h.abs());
    (w >= 1.0 && h >= 1.0).then(|| fit(w, h))
}

/// `(w, h)` scaled to fit within [`MAX_SIDE`], each side at least 1.
fn fit(w: f64, h: f64) -> (u32, u32) {
    let scale = (MAX_SIDE as f64 / w.max(h)).min(1.0);
    (
        ((w * scale).round() as u32).max(1),
        ((h * scale).round() as u32).max(1),
    )
}

/// A flat grey picture of `size` (640×480 when the original's size is unknown).
pub(crate) fn placeholder(size: Option<(u32, u32)>) -> RgbImage {
    let (w, h) = size.unwrap_or((640, 480));
    RgbImage::from_pixel(w, h, PLACEHOLDER_GREY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_recognised_and_drawn() {
        let svg = br##"<?xml version="1.0"?><!-- x --><svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect x="0" y="0" width="20" height="20" fill="#ff0000"/></svg>"##;
        assert!(is_svg(svg));
        assert!(!is_svg(b"\x89PNG\r\n"));
        let img = render_svg(svg).unwrap();
        // Drawn at least 256 px on the long side, proportions kept.
        assert_eq!(img.dimensions(), (256, 128));
        assert_eq!(img.get_pixel(10, 64).0, [255, 0, 0]);
        assert_eq!(img.get_pixel(250, 64).0, [255, 255, 255]);
    }

    #[test]
    fn an_svg_never_loads_a_file_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("secret.png");
        RgbImage::from_pixel(10, 10, Rgb([0, 0, 0]))
            .save(&png)
            .unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="300"><image x="0" y="0" width="300" height="300" xlink:href="{}"/><image x="0" y="0" width="300" height="300" href="file://{}"/></svg>"#,
            png.display(),
            png.display()
        );
        let img = render_svg(svg.as_bytes()).unwrap();
        assert!(
            img.pixels().all(|p| p.0 == [255, 255, 255]),
            "a local file was drawn"
        );
    }

    #[test]
    fn metafile_sizes() {
        // EMF header: type 1, size, bounds, frame 0..2540 × 0..1270 (25.4 × 12.7 mm), " EMF".
        let mut emf = vec![0u8; 88];
        emf[0..4].copy_from_slice(&1i32.to_le_bytes());
        emf[32..36].copy_from_slice(&2540i32.to_le_bytes());
        emf[36..40].copy_from_slice(&1270i32.to_le_bytes());
        emf[40..44].copy_from_slice(b" EMF");
        assert_eq!(metafile_size(&emf), Some((96, 48)));
        // Placeable WMF: 2 inches × 1 inch at 1440 units per inch.
        let mut wmf = vec![0u8; 22];
        wmf[0..4].copy_from_slice(&[0xd7, 0xcd, 0xc6, 0x9a]);
        wmf[10..12].copy_from_slice(&2880i16.to_le_bytes());
        wmf[12..14].copy_from_slice(&1440i16.to_le_bytes());
        wmf[14..16].copy_from_slice(&1440i16.to_le_bytes());
        assert_eq!(metafile_size(&wmf), Some((192, 96)));
        assert_eq!(metafile_size(b"not a metafile"), None);
        assert_eq!(placeholder(None).dimensions(), (640, 480));
    }
}
