//! Which pixels of an image a plan's regions cover, rectangles and polygons alike: what the
//! evaluation scores (a face is covered when 80 % of its pixels are) and what redaction costs.

use super::PlanItem;
use crate::finding::Rect;
use crate::polygon::Polygon;

/// A `width`×`height` mask of covered pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    width: u32,
    height: u32,
    bits: Vec<bool>,
}

impl Coverage {
    /// Nothing covered.
    pub fn new(width: u32, height: u32) -> Self {
        Coverage {
            width,
            height,
            bits: vec![false; width as usize * height as usize],
        }
    }

    /// What `items` cover (each whole, whatever its decision) in a `width`×`height` image.
    pub fn of_items<'a>(
        items: impl IntoIterator<Item = &'a PlanItem>,
        width: u32,
        height: u32,
    ) -> Self {
        let mut c = Coverage::new(width, height);
        for item in items {
            c.add(item.redact_rect, item.polygon.as_ref());
        }
        c
    }

    /// Cover `rect`, or only the pixels of `polygon` inside it.
    pub fn add(&mut self, rect: Rect, polygon: Option<&Polygon>) {
        let r = self.clip(rect);
        let w = self.width as usize;
        for y in r.y..r.bottom() {
            let row = &mut self.bits[y as usize * w..(y as usize + 1) * w];
            match polygon {
                None => row[r.x as usize..r.right() as usize].fill(true),
                Some(p) => {
                    for (a, b) in p.row_spans(y, r.right()) {
                        row[a.max(r.x) as usize..b.max(r.x) as usize].fill(true);
                    }
                }
            }
        }
    }

    /// Is the pixel at `(x, y)` covered?
    pub fn contains(&self, x: u32, y: u32) -> bool {
        x < self.width && y < self.height && self.bits[(y * self.width + x) as usize]
    }

    /// Covered pixels inside `rect`.
    pub fn count_in(&self, rect: Rect) -> u64 {
        let r = self.clip(rect);
        let w = self.width as usize;
        (r.y..r.bottom())
            .map(|y| {
                let row =
                    &self.bits[y as usize * w + r.x as usize..y as usize * w + r.right() as usize];
                row.iter().filter(|&&b| b).count() as u64
            })
            .sum()
    }

    /// Covered pixels in all.
    pub fn count(&self) -> u64 {
        self.bits.iter().filter(|&&b| b).count() as u64
    }

    /// The share of `rect`'s pixels covered (1 for an empty rectangle).
    pub fn fraction_of(&self, rect: Rect) -> f64 {
        if rect.is_empty() {
            return 1.0;
        }
        self.count_in(rect) as f64 / rect.area() as f64
    }

    /// The mask, row-major.
    pub fn bits(&self) -> &[bool] {
        &self.bits
    }

    /// Image size.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn clip(&self, r: Rect) -> Rect {
        Rect::covering(
            r.x as f32,
            r.y as f32,
            r.right() as f32,
            r.bottom() as f32,
            self.width,
            self.height,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rectangles_and_polygons_cover_their_pixels_once() {
        let mut c = Coverage::new(100, 50);
        c.add(Rect::new(0, 0, 10, 10), None);
        c.add(Rect::new(5, 5, 10, 10), None);
        assert_eq!(c.count(), 100 + 100 - 25);
        // A triangle over the right half: only its pixels, not its box.
        let t = Polygon(vec![[50.0, 0.0], [100.0, 0.0], [100.0, 50.0]]);
        c.add(t.bounds(100, 50), Some(&t));
        assert!(c.contains(99, 1) && !c.contains(51, 48));
        assert_eq!(c.count_in(Rect::new(50, 0, 50, 50)), t.pixel_count(100, 50));
        assert!((c.fraction_of(Rect::new(0, 0, 10, 10)) - 1.0).abs() < 1e-12);
        // (0..20)×(0..10): the first square whole, the second's 5×5 beside it.
        assert!((c.fraction_of(Rect::new(0, 0, 20, 10)) - 0.625).abs() < 1e-12);
        // Outside the image: clipped.
        c.add(Rect::new(95, 45, 50, 50), None);
        assert!(c.contains(99, 49) && !c.contains(100, 49));
    }
}
