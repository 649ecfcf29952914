//! The redaction plan (what the reviewer edits) and its irreversible application to pixels.

use image::RgbImage;
use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Kind, Rect};
use crate::polygon::Polygon;

mod coverage;
mod edit;
mod preview;
pub use coverage::Coverage;
pub use edit::{EditError, EditHistory, PlanEdit, HISTORY_LIMIT, MIN_REGION_SIDE};
pub use preview::{Preview, PREVIEW_MAX_SIDE};

/// How a region is made unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Method {
    /// Solid black. The default for text and barcodes: nothing to recover.
    Fill,
    /// Reduced to an 8-cell grid then smoothly interpolated: no detail survives, and the face
    /// detector no longer finds a face. The default for faces.
    Blur,
    /// Large blocks of the region's mean colour. Never the default for text (pixelated text
    /// can be recovered by search attacks such as Depix).
    Pixelate,
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fill" => Ok(Method::Fill),
            "blur" => Ok(Method::Blur),
            "pixelate" => Ok(Method::Pixelate),
            other => Err(format!(
                "unknown method `{other}` (expected fill, blur, pixelate)"
            )),
        }
    }
}

impl Method {
    /// The lowercase id.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Fill => "fill",
            Method::Blur => "blur",
            Method::Pixelate => "pixelate",
        }
    }
}

/// Per-kind defaults used to turn findings into a plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlanDefaults {
    /// Method for faces.
    pub face: Method,
    /// Method for text.
    pub text: Method,
    /// Method for barcodes.
    pub barcode: Method,
    /// Method for crowds (absent in older serialised defaults: blur).
    #[serde(default = "blur")]
    pub crowd: Method,
    /// Faces are grown by this fraction of their size on every side (hair, ears, chin).
    pub face_margin: f32,
    /// Text and barcode regions are grown by this many pixels on every side.
    pub text_margin_px: u32,
}

fn blur() -> Method {
    Method::Blur
}

impl Default for PlanDefaults {
    fn default() -> Self {
        PlanDefaults {
            face: Method::Blur,
            text: Method::Fill,
            barcode: Method::Fill,
            crowd: Method::Blur,
            face_margin: 0.2,
            text_margin_px: 2,
        }
    }
}

impl PlanDefaults {
    /// The method for a kind.
    pub fn method_for(&self, kind: Kind) -> Method {
        match kind {
            Kind::Face => self.face,
            Kind::Text => self.text,
            Kind::Barcode | Kind::Manual => self.barcode,
            Kind::Crowd => self.crowd,
        }
    }

    /// The region redaction covers for a finding in a `width`×`height` image (for a crowd,
    /// or a face in a framed photo, the rectangle around its polygon).
    pub fn redact_rect(&self, f: &Finding, width: u32, height: u32) -> Rect {
        match (f.kind, &f.polygon) {
            (Kind::Face | Kind::Crowd, Some(p)) => p.bounds(width, height),
            (Kind::Face, None) => f.rect.grown(self.face_margin, 1, width, height),
            (Kind::Text | Kind::Barcode, _) => {
                f.rect.grown(0.0, self.text_margin_px, width, height)
            }
            (Kind::Manual | Kind::Crowd, _) => f.rect.grown(0.0, 0, width, height),
        }
    }
}

/// What the reviewer decided for one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum Decision {
    /// Redact it.
    Redact,
    /// Leave it, for a recorded reason (e.g. "not a person: a poster").
    Dismiss {
        /// Why.
        reason: String,
    },
}

/// One entry of a plan: a finding, the region that will be redacted and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    /// The finding (detected or drawn by hand).
    pub finding: Finding,
    /// The region redaction covers (usually the finding grown by a margin); for a polygon,
    /// the rectangle around it.
    pub redact_rect: Rect,
    /// When the region is a polygon (a crowd): only its pixels are redacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polygon: Option<Polygon>,
    /// How it is redacted.
    pub method: Method,
    /// Redact or dismiss.
    pub decision: Decision,
}

/// The editable list of regions for one image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedactionPlan {
    /// Image width the rectangles refer to.
    pub width: u32,
    /// Image height the rectangles refer to.
    pub height: u32,
    /// One entry per finding.
    pub items: Vec<PlanItem>,
}

impl RedactionPlan {
    /// How many items of each kind the plan holds, by the kind's id (`face`, `text`…).
    pub fn count_by_kind(&self) -> std::collections::BTreeMap<String, usize> {
        let mut by_kind = std::collections::BTreeMap::new();
        for item in &self.items {
            *by_kind
                .entry(item.finding.kind.as_str().to_string())
                .or_default() += 1;
        }
        by_kind
    }

    /// A plan that redacts every finding with the default method for its kind.
    pub fn from_findings(
        findings: &[Finding],
        width: u32,
        height: u32,
        defaults: &PlanDefaults,
    ) -> Self {
        let items = findings
            .iter()
            .map(|f| PlanItem {
                finding: f.clone(),
                redact_rect: defaults.redact_rect(f, width, height),
                polygon: f.polygon.clone(),
                method: defaults.method_for(f.kind),
                decision: Decision::Redact,
            })
            .collect();
        RedactionPlan {
            width,
            height,
            items,
        }
    }

    /// The items that will be redacted, in order.
    pub fn redacted_items(&self) -> impl Iterator<Item = &PlanItem> + '_ {
        self.items.iter().filter(|i| i.decision == Decision::Redact)
    }

    /// The regions that will be redacted, in order (a polygon's by the rectangle around it).
    pub fn regions(&self) -> impl Iterator<Item = (Rect, Method)> + '_ {
        self.redacted_items().map(|i| (i.redact_rect, i.method))
    }
}

/// Pixels after redaction, with the regions that were changed.
#[derive(Debug, Clone)]
pub struct RedactedImage {
    /// The redacted pixels.
    pub pixels: RgbImage,
    /// Each region redacted, clipped to the image, in the order applied.
    pub regions: Vec<(Rect, Method)>,
}

/// Apply a plan to a copy of `img`. Regions are applied in order; later ones see earlier
/// results, so an overlapping blur never brings back filled pixels.
pub fn apply(img: &RgbImage, plan: &RedactionPlan) -> RedactedImage {
    let mut pixels = img.clone();
    let (w, h) = pixels.dimensions();
    let mut regions = Vec::new();
    // Fill last so that solid regions stay solid where they overlap a blurred face.
    let mut ordered: Vec<&PlanItem> = plan.redacted_items().collect();
    ordered.sort_by_key(|i| matches!(i.method, Method::Fill));
    for item in ordered {
        let (r, m) = (item.redact_rect, item.method);
        let r = Rect::covering(
            r.x as f32,
            r.y as f32,
            r.right() as f32,
            r.bottom() as f32,
            w,
            h,
        );
        if r.is_empty() {
            continue;
        }
        match &item.polygon {
            None => redact_region(&mut pixels, r, m),
            Some(p) => redact_polygon(&mut pixels, r, p, m),
        }
        regions.push((r, m));
    }
    RedactedImage { pixels, regions }
}

/// Redact the pixels of `polygon` inside the rectangle `r` in place: the method is applied
/// to the whole rectangle (a blur's cells are the rectangle's), then every pixel outside the
/// polygon gets back what it held before.
pub fn redact_polygon(img: &mut RgbImage, r: Rect, polygon: &Polygon, method: Method) {
    let before = image::imageops::crop_imm(img, r.x, r.y, r.w, r.h).to_image();
    redact_region(img, r, method);
    let mask = polygon.mask(r);
    for (i, inside) in mask.into_iter().enumerate() {
        if !inside {
            let (x, y) = (i as u32 % r.w, i as u32 / r.w);
            img.put_pixel(r.x + x, r.y + y, *before.get_pixel(x, y));
        }
    }
}

/// Redact one region in place (the rectangle must lie inside the image).
pub fn redact_region(img: &mut RgbImage, r: Rect, method: Method) {
    match method {
        Method::Fill => {
            for y in r.y..r.bottom() {
                for x in r.x..r.right() {
                    img.put_pixel(x, y, image::Rgb([0, 0, 0]));
                }
            }
        }
        Method::Pixelate => {
            let cell = r.w.max(r.h).div_ceil(10).max(2);
            let grid = cell_means(img, r, cell);
            let gw = r.w.div_ceil(cell);
            for y in r.y..r.bottom() {
                for x in r.x..r.right() {
                    let gi = ((y - r.y) / cell * gw + (x - r.x) / cell) as usize;
                    img.put_pixel(x, y, image::Rgb(grid[gi]));
                }
            }
        }
        Method::Blur => {
            // Average into a coarse grid (at most 8 cells on the long side), then interpolate
            // bilinearly between cell centres: smooth like a blur, but only ~64 values of
            // information remain, so nothing can be deconvolved back.
            let cell = r.w.max(r.h).div_ceil(8).max(2);
            let grid = cell_means(img, r, cell);
            let (gw, gh) = (r.w.div_ceil(cell), r.h.div_ceil(cell));
            let at = |gx: u32, gy: u32| grid[(gy.min(gh - 1) * gw + gx.min(gw - 1)) as usize];
            for y in r.y..r.bottom() {
                let fy = (((y - r.y) as f32 + 0.5) / cell as f32 - 0.5).max(0.0);
                let (gy, ty) = (fy.floor() as u32, fy.fract());
                for x in r.x..r.right() {
                    let fx = (((x - r.x) as f32 + 0.5) / cell as f32 - 0.5).max(0.0);
                    let (gx, tx) = (fx.floor() as u32, fx.fract());
                    let (a, b, c, d) = (
                        at(gx, gy),
                        at(gx + 1, gy),
                        at(gx, gy + 1),
                        at(gx + 1, gy + 1),
                    );
                    let mut px = [0u8; 3];
                    for ch in 0..3 {
                        let top = f32::from(a[ch]) * (1.0 - tx) + f32::from(b[ch]) * tx;
                        let bot = f32::from(c[ch]) * (1.0 - tx) + f32::from(d[ch]) * tx;
                        px[ch] = (top * (1.0 - ty) + bot * ty).round() as u8;
                    }
                    img.put_pixel(x, y, image::Rgb(px));
                }
            }
        }
    }
}

/// Mean colour of each `cell`×`cell` block of `r`, row-major.
fn cell_means(img: &RgbImage, r: Rect, cell: u32) -> Vec<[u8; 3]> {
    let (gw, gh) = (r.w.div_ceil(cell), r.h.div_ceil(cell));
    let mut sums = vec![[0u64; 4]; (gw * gh) as usize];
    for y in r.y..r.bottom() {
        let row = ((y - r.y) / cell * gw) as usize;
        for x in r.x..r.right() {
            let p = img.get_pixel(x, y);
            let s = &mut sums[row + ((x - r.x) / cell) as usize];
            s[0] += u64::from(p[0]);
            s[1] += u64::from(p[1]);
            s[2] += u64::from(p[2]);
            s[3] += 1;
        }
    }
    sums.iter()
        .map(|s| {
            let n = s[3].max(1);
            [
                ((s[0] + n / 2) / n) as u8,
                ((s[1] + n / 2) / n) as u8,
                ((s[2] + n / 2) / n) as u8,
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(w: u32, h: u32) -> RgbImage {
        let mut s = 12345u32;
        RgbImage::from_fn(w, h, |_, _| {
            s = s.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let v = (s >> 16) as u8;
            image::Rgb([v, v.wrapping_mul(3), v.wrapping_add(77)])
        })
    }

    fn face(x: u32, y: u32, w: u32, h: u32) -> Finding {
        Finding::new(Kind::Face, Rect::new(x, y, w, h), 0.9)
    }

    #[test]
    fn fill_is_solid_and_stays_inside() {
        let img = noise(64, 64);
        let mut plan =
            RedactionPlan::from_findings(&[face(10, 10, 20, 20)], 64, 64, &PlanDefaults::default());
        plan.items[0].method = Method::Fill;
        let out = apply(&img, &plan);
        let r = out.regions[0].0;
        assert_eq!(r, Rect::new(5, 5, 30, 30)); // 20% + 1 px margin
        for y in 0..64 {
            for x in 0..64 {
                let inside = x >= r.x && x < r.right() && y >= r.y && y < r.bottom();
                if inside {
                    assert_eq!(out.pixels.get_pixel(x, y).0, [0, 0, 0]);
                } else {
                    assert_eq!(out.pixels.get_pixel(x, y), img.get_pixel(x, y));
                }
            }
        }
    }

    #[test]
    fn blur_and_pixelate_leave_little_detail() {
        let img = noise(200, 200);
        for m in [Method::Blur, Method::Pixelate] {
            let mut copy = img.clone();
            let r = Rect::new(20, 20, 160, 160);
            redact_region(&mut copy, r, m);
            // Neighbouring pixels inside are nearly equal: high-frequency detail is gone.
            let mut grad = 0u64;
            for y in r.y..r.bottom() {
                for x in r.x..r.right() - 1 {
                    grad +=
                        u64::from(copy.get_pixel(x, y)[0].abs_diff(copy.get_pixel(x + 1, y)[0]));
                }
            }
            let mean_grad = grad as f64 / (160.0 * 159.0);
            assert!(mean_grad < 2.0, "{m:?}: mean gradient {mean_grad}");
        }
    }

    #[test]
    fn a_crowd_is_blurred_inside_its_polygon_only() {
        let img = noise(120, 100);
        let tri = Polygon(vec![[10.0, 10.0], [110.0, 10.0], [10.0, 90.0]]);
        let crowd = Finding {
            polygon: Some(tri.clone()),
            ..Finding::new(Kind::Crowd, tri.bounds(120, 100), 0.3)
        };
        let plan = RedactionPlan::from_findings(&[crowd], 120, 100, &PlanDefaults::default());
        assert_eq!(plan.items[0].method, Method::Blur);
        let out = apply(&img, &plan);
        assert_eq!(
            out.regions,
            vec![(Rect::new(10, 10, 100, 80), Method::Blur)]
        );
        let (mut inside, mut changed) = (0, 0);
        for y in 0..100 {
            for x in 0..120 {
                let same = out.pixels.get_pixel(x, y) == img.get_pixel(x, y);
                if tri.contains(x as f32 + 0.5, y as f32 + 0.5) {
                    inside += 1;
                    changed += usize::from(!same);
                } else {
                    assert!(same, "({x}, {y}) is outside the crowd but changed");
                }
            }
        }
        assert!(changed * 100 > inside * 95, "{changed} of {inside} changed");
    }

    #[test]
    fn dismissed_findings_are_not_redacted() {
        let img = noise(32, 32);
        let mut plan =
            RedactionPlan::from_findings(&[face(4, 4, 8, 8)], 32, 32, &PlanDefaults::default());
        plan.items[0].decision = Decision::Dismiss {
            reason: "a poster, not a person".into(),
        };
        let out = apply(&img, &plan);
        assert!(out.regions.is_empty());
        assert_eq!(out.pixels, img);
    }
}
