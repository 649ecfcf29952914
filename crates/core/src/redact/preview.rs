//! A downscaled copy of a picture for review, redacted exactly where the export redacts it.

use image::RgbImage;

use super::{apply, RedactionPlan};
use crate::finding::Rect;

/// The long side of a review preview, in pixels.
pub const PREVIEW_MAX_SIDE: u32 = 1600;

/// A picture downscaled for review (long side at most a given size), with its scale.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The downscaled pixels (the picture itself when it is already small enough).
    pub pixels: RgbImage,
    /// Preview pixels per picture pixel (≤ 1).
    pub scale: f64,
}

impl Preview {
    /// `pixels` downscaled so the long side is at most `max_side`.
    pub fn new(pixels: &RgbImage, max_side: u32) -> Self {
        let (w, h) = pixels.dimensions();
        let long = w.max(h);
        if long <= max_side {
            return Preview {
                pixels: pixels.clone(),
                scale: 1.0,
            };
        }
        let scale = f64::from(max_side) / f64::from(long);
        let nw = ((f64::from(w) * scale).round() as u32).max(1);
        let nh = ((f64::from(h) * scale).round() as u32).max(1);
        Preview {
            pixels: crate::image_io::resize_rgb(pixels, nw, nh),
            scale: f64::from(nw) / f64::from(w),
        }
    }

    /// The preview with `plan` (made for the full-size picture) applied: the same regions and
    /// methods the export applies, each grown to whole preview pixels.
    pub fn redacted(&self, plan: &RedactionPlan) -> RgbImage {
        let small = plan.scaled(self.scale, self.pixels.width(), self.pixels.height());
        apply(&self.pixels, &small).pixels
    }
}

impl RedactionPlan {
    /// The plan for the picture scaled by `scale` to `width`×`height`: each region grown to
    /// whole pixels so it covers at least what it covers at full size.
    pub fn scaled(&self, scale: f64, width: u32, height: u32) -> RedactionPlan {
        let mut out = self.clone();
        out.width = width;
        out.height = height;
        if scale == 1.0 {
            return out;
        }
        let s = scale as f32;
        for item in &mut out.items {
            item.polygon = item.polygon.as_ref().map(|p| p.scaled(s));
            let r = item.redact_rect;
            item.redact_rect = Rect::covering(
                r.x as f32 * s,
                r.y as f32 * s,
                r.right() as f32 * s,
                r.bottom() as f32 * s,
                width,
                height,
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Kind};
    use crate::redact::{Decision, Method, PlanItem};

    #[test]
    fn a_scaled_plan_covers_at_least_what_it_covers_at_full_size() {
        let finding = Finding::new(Kind::Manual, Rect::new(101, 33, 7, 9), 1.0);
        let plan = RedactionPlan {
            width: 1000,
            height: 500,
            items: vec![PlanItem {
                redact_rect: finding.rect,
                polygon: None,
                finding,
                method: Method::Fill,
                decision: Decision::Redact,
            }],
        };
        let small = plan.scaled(0.25, 250, 125);
        let r = small.items[0].redact_rect;
        // [101, 108) × [33, 42) at 1/4 is [25.25, 27) × [8.25, 10.5): whole pixels 25..27, 8..11.
        assert_eq!(r, Rect::new(25, 8, 2, 3));
        assert_eq!((small.width, small.height), (250, 125));
    }

    #[test]
    fn a_preview_is_at_most_its_size_and_filled_where_the_plan_fills() {
        let big = RgbImage::from_pixel(4000, 1000, image::Rgb([200, 180, 160]));
        let preview = Preview::new(&big, PREVIEW_MAX_SIDE);
        assert_eq!(preview.pixels.dimensions(), (1600, 400));
        assert!((preview.scale - 0.4).abs() < 1e-9);
        let finding = Finding::new(Kind::Manual, Rect::new(1000, 500, 500, 250), 1.0);
        let mut plan = RedactionPlan::from_findings(
            &[finding],
            4000,
            1000,
            &crate::redact::PlanDefaults::default(),
        );
        plan.items[0].method = Method::Fill;
        let shown = preview.redacted(&plan);
        assert_eq!(shown.dimensions(), (1600, 400));
        assert_eq!(shown.get_pixel(500, 250).0, [0, 0, 0]);
        assert_eq!(shown.get_pixel(100, 100).0, [200, 180, 160]);
        let small = RgbImage::new(20, 10);
        assert_eq!(Preview::new(&small, PREVIEW_MAX_SIDE).scale, 1.0);
    }
}
