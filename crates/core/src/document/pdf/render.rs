//! PDF pages drawn to pixels with `hayro` (pure Rust, no unsafe code), and the page's own text
//! (its text layer) as lines, each with the pixel box it is drawn in.
//!
//! Both come from one interpretation of the page's content stream with one transform, so a line
//! of text and its pixels always agree. Annotations and form widgets are not drawn: the copy
//! leaves them out, as Acrobat's Sanitize does.

use std::path::Path;

use hayro::hayro_interpret::font::{Glyph, GlyphRun};
use hayro::hayro_interpret::hayro_syntax::page::Page;
use hayro::hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image,
    ImageDrawProps, InterpreterCache, InterpreterSettings, RenderContent, SoftMask,
};
use hayro::kurbo::{Affine, BezPath, Point, Rect as KRect};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use image::RgbImage;

use crate::detect::Rect;
use crate::{Error, Result};

/// The resolution pages are drawn at unless told otherwise.
pub const DEFAULT_DPI: f32 = 200.0;

/// The largest side hayro draws (its pixmaps are `u16` wide and high).
const MAX_SIDE: f32 = 65_535.0;

/// Open a PDF for drawing. A file encrypted with an empty user password (owner password only)
/// opens like any other; one that needs a password is refused with an error that says so.
pub(crate) fn open(bytes: &[u8], path: &Path) -> Result<Pdf> {
    Pdf::new(bytes.to_vec()).map_err(|e| Error::Archive {
        path: path.to_path_buf(),
        message: match e {
            LoadPdfError::Decryption(d) => {
                format!("the PDF is encrypted and needs a password to open ({d:?})")
            }
            LoadPdfError::Invalid => "not a readable PDF".into(),
        },
    })
}

/// Interpreter settings shared by drawing and reading: the standard 14 fonts from hayro's
/// embedded set, and only the page's own content (no annotations, no form widgets).
fn settings() -> InterpreterSettings {
    InterpreterSettings {
        render_content: RenderContent::PAGE,
        ..Default::default()
    }
}

/// One page as pixels, with its text lines.
pub(crate) struct RenderedPage {
    /// The page, drawn on white.
    pub pixels: RgbImage,
    /// Its size in points as displayed (crop box, rotation applied): the copy's page size.
    pub width_pt: f32,
    /// Height in points.
    pub height_pt: f32,
    /// The resolution it was drawn at (below the one asked for when the page is so large that
    /// it would pass `max_pixels`).
    pub dpi: f32,
    /// The page's text, as lines in drawing order.
    pub lines: Vec<PageLine>,
    /// Where each picture (image XObject or inline image) is drawn, in the page's pixels.
    pub pictures: Vec<Rect>,
}

/// A line of the page's own text and where it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageLine {
    /// The text (its glyphs' Unicode; `\u{FFFD}` for a glyph with none).
    pub text: String,
    /// Its box in the page's pixels (the glyphs' em boxes together).
    pub rect: Rect,
    /// Drawn upright and visible (fill or stroke, not rotated): only such text is judged by
    /// what it says instead of by the text detector.
    pub upright_visible: bool,
}

/// The drawing scale for a page of `w`×`h` points at `dpi`, lowered so the page stays within
/// `max_pixels` and hayro's side limit.
fn scale_for(w: f32, h: f32, dpi: f32, max_pixels: u64) -> f32 {
    let mut scale = dpi / 72.0;
    let pixels = (w * scale) as f64 * (h * scale) as f64;
    if pixels > max_pixels as f64 {
        scale *= (max_pixels as f64 / pixels).sqrt() as f32;
    }
    let side = w.max(h) * scale;
    if side > MAX_SIDE {
        scale *= MAX_SIDE / side;
    }
    scale
}

/// Where a page goes in pixels: its displayed size in points, the drawing scale, and the
/// transform from the page's space to pixels (rotation and crop box applied) that drawing and
/// reading share.
struct Placement {
    width_pt: f32,
    height_pt: f32,
    scale: f32,
    transform: Affine,
}

fn placement(page: &Page<'_>, dpi: f32, max_pixels: u64) -> Placement {
    let (width_pt, height_pt) = page.render_dimensions();
    let scale = scale_for(width_pt, height_pt, dpi, max_pixels);
    Placement {
        width_pt,
        height_pt,
        scale,
        transform: Affine::scale(f64::from(scale)) * page.initial_transform(true).to_kurbo(),
    }
}

/// Draw `page` at `dpi` (at most `max_pixels` pixels) and read its text lines.
pub(crate) fn render_page<'a>(
    page: &'a Page<'a>,
    cache: &RenderCache<'a>,
    dpi: f32,
    max_pixels: u64,
) -> RenderedPage {
    let at = placement(page, dpi, max_pixels);
    let scale = at.scale;
    let settings = settings();
    let pixmap = hayro::render(
        page,
        cache,
        &settings,
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    let (pw, ph) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    let mut raw = Vec::with_capacity(pw as usize * ph as usize * 3);
    // Drawn on opaque white, so premultiplied and straight colour are the same.
    for p in pixmap.data() {
        raw.extend_from_slice(&[p.r, p.g, p.b]);
    }
    drop(pixmap);
    let pixels = RgbImage::from_raw(pw, ph, raw).expect("buffer sized from the pixmap");
    let reader = read(page, at.transform, pw, ph);
    RenderedPage {
        pixels,
        width_pt: at.width_pt,
        height_pt: at.height_pt,
        dpi: scale * 72.0,
        lines: lines(&reader.glyphs, pw, ph),
        pictures: (reader.pictures.iter())
            .map(|r| Rect::covering(r.x0 as f32, r.y0 as f32, r.x1 as f32, r.y1 as f32, pw, ph))
            .filter(|r| !r.is_empty())
            .collect(),
    }
}

/// The text lines of `page` as drawn at `dpi` (no drawing).
pub(crate) fn page_lines<'a>(page: &'a Page<'a>, dpi: f32, max_pixels: u64) -> Vec<PageLine> {
    let at = placement(page, dpi, max_pixels);
    // The pixel size hayro gives a page drawn at this scale (truncated).
    let (pw, ph) = (
        (at.width_pt * at.scale) as u32,
        (at.height_pt * at.scale) as u32,
    );
    lines(&read(page, at.transform, pw, ph).glyphs, pw, ph)
}

fn read<'a>(page: &'a Page<'a>, transform: Affine, width: u32, height: u32) -> PageReader {
    let cache = InterpreterCache::new();
    let target = KRect::new(0.0, 0.0, width as f64, height as f64);
    let mut ctx = Context::new(transform, target, &cache, page.xref(), settings());
    let mut reader = PageReader::default();
    interpret_page(page, &mut ctx, &mut reader);
    reader
}

/// One glyph as drawn: its text, its em box in pixels, its direction.
#[derive(Debug, Clone)]
struct DrawnGlyph {
    text: String,
    bounds: KRect,
    /// The em height in pixels.
    size: f64,
    upright_visible: bool,
    /// First glyph of a text-showing operation.
    starts_run: bool,
}

/// A [`Device`] that draws nothing and keeps every glyph it is shown and where every picture
/// goes.
#[derive(Default)]
struct PageReader {
    glyphs: Vec<DrawnGlyph>,
    /// Device-space boxes of the pictures drawn.
    pictures: Vec<KRect>,
}

fn bounds(t: Affine, corners: [Point; 4]) -> KRect {
    let c = corners.map(|p| t * p);
    c.iter()
        .skip(1)
        .fold(KRect::from_points(c[0], c[0]), |r, p| r.union_pt(*p))
}

impl<'a> Device<'a> for PageReader {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        // The transform places the image's pixel grid.
        let (w, h) = (f64::from(image.width()), f64::from(image.height()));
        let grid = [(0.0, 0.0), (w, 0.0), (0.0, h), (w, h)].map(Point::from);
        self.pictures.push(bounds(props.transform, grid));
    }
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        for (i, positioned) in run.glyphs().iter().enumerate() {
            let t = props.transform * positioned.transform();
            let glyph: &Glyph<'_> = positioned;
            let advance = match glyph {
                Glyph::Outline(g) => g.advance_width(),
                Glyph::Type3(g) => g.advance_width(),
            }
            .filter(|a| a.is_finite() && *a > 0.0)
            .unwrap_or(500.0) as f64;
            // The em box in glyph space (1000 units to the em): baseline at 0, descender about
            // a fifth of the em below it, ascender about nine tenths above.
            let em = [
                (0.0, -220.0),
                (advance, -220.0),
                (0.0, 900.0),
                (advance, 900.0),
            ];
            let bounds = bounds(t, em.map(Point::from));
            let [a, b, c, d, _, _] = t.as_coeffs();
            // Upright: no rotation or skew, y flipped (device y grows downwards), x forward.
            let upright = a > 0.0
                && d < 0.0
                && b.abs() <= 1e-3 * a.abs().max(1e-9)
                && c.abs() <= 1e-3 * d.abs().max(1e-9);
            let size = (b * b + d * d).sqrt() * 1000.0;
            let text = match glyph.as_unicode() {
                Some(hayro::hayro_interpret::hayro_cmap::BfString::Char(c)) => c.to_string(),
                Some(hayro::hayro_interpret::hayro_cmap::BfString::String(s)) => s,
                None => '\u{FFFD}'.to_string(),
            };
            self.glyphs.push(DrawnGlyph {
                text,
                bounds,
                size,
                upright_visible: upright && !matches!(mode, DrawMode::Invisible),
                starts_run: i == 0,
            });
        }
    }
}

/// Group glyphs into lines: a glyph continues the line when it sits on the same baseline band
/// and starts at most a couple of ems after the previous glyph ends (a space is put in where
/// the gap is wider than a fifth of an em and the text has none).
fn lines(glyphs: &[DrawnGlyph], width: u32, height: u32) -> Vec<PageLine> {
    let mut out: Vec<PageLine> = Vec::new();
    let mut current: Option<(String, KRect, f64, bool)> = None;
    let flush = |cur: Option<(String, KRect, f64, bool)>, out: &mut Vec<PageLine>| {
        if let Some((text, r, _, upright)) = cur {
            let text = text.trim().to_string();
            let rect = Rect::covering(
                r.x0 as f32,
                r.y0 as f32,
                r.x1 as f32,
                r.y1 as f32,
                width,
                height,
            );
            if !text.is_empty() && !rect.is_empty() {
                out.push(PageLine {
                    text,
                    rect,
                    upright_visible: upright,
                });
            }
        }
    };
    for g in glyphs {
        let joins = match &current {
            Some((_, r, size, upright)) if *upright == g.upright_visible => {
                let size = size.max(g.size).max(1.0);
                if g.upright_visible {
                    let mid = (g.bounds.y0 + g.bounds.y1) / 2.0;
                    let line_mid = (r.y0 + r.y1) / 2.0;
                    (mid - line_mid).abs() < size * 0.5
                        && g.bounds.x0 > r.x1 - size * 0.5
                        && g.bounds.x0 < r.x1 + size * 2.0
                } else {
                    // Rotated text: glyphs of one showing operation form a line.
                    !g.starts_run || r.inflate(size, size).overlaps(g.bounds)
                }
            }
            _ => false,
        };
        if joins {
            let (text, r, size, _) = current.as_mut().expect("joins only with a line");
            let gap = g.bounds.x0 - r.x1;
            let blank = |s: &str| s.chars().all(char::is_whitespace);
            if g.upright_visible
                && gap > size.max(g.size) * 0.2
                && !text.ends_with(char::is_whitespace)
                && !blank(&g.text)
            {
                text.push(' ');
            }
            text.push_str(&g.text);
            *r = r.union(g.bounds);
            *size = size.max(g.size);
        } else {
            flush(current.take(), &mut out);
            current = Some((g.text.clone(), g.bounds, g.size, g.upright_visible));
        }
    }
    flush(current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x0: f64, x1: f64, y: f64) -> DrawnGlyph {
        DrawnGlyph {
            text: text.into(),
            bounds: KRect::new(x0, y - 9.0, x1, y + 2.0),
            size: 10.0,
            upright_visible: true,
            starts_run: false,
        }
    }

    #[test]
    fn glyphs_join_into_lines_with_spaces_where_they_are_apart() {
        let g = [
            glyph("J", 0.0, 5.0, 20.0),
            glyph("o", 5.0, 10.0, 20.0),
            glyph("e", 14.0, 19.0, 20.0),
            // Next line.
            glyph("M", 0.0, 8.0, 40.0),
            // Far to the right: a second column.
            glyph("X", 200.0, 208.0, 40.0),
        ];
        let l = lines(&g, 300, 100);
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Jo e", "M", "X"]);
        assert_eq!(l[0].rect, Rect::new(0, 11, 19, 11));
    }

    #[test]
    fn a_huge_page_is_drawn_smaller() {
        let s = scale_for(14_400.0, 14_400.0, 200.0, 100_000_000);
        let side = 14_400.0 * s;
        assert!(side * side <= 100_000_000.0 * 1.001, "{side}");
        assert!(scale_for(595.0, 842.0, 200.0, 100_000_000) == 200.0 / 72.0);
    }
}
