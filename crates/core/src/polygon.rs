//! Polygons: the shape of a region that is not a rectangle (a crowd). A pixel belongs to a
//! polygon when its centre lies inside it (even-odd rule), so a polygon and the pixels it
//! redacts are one and the same everywhere: the redaction, its verification, the evaluation
//! and the app's drawing.

use serde::{Deserialize, Serialize};

use crate::finding::Rect;

/// A polygon in displayed-image pixels: its vertices in order (the last joins the first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Polygon(pub Vec<[f32; 2]>);

/// Fewest vertices of a polygon.
pub const MIN_VERTICES: usize = 3;

impl Polygon {
    /// The vertices.
    pub fn points(&self) -> &[[f32; 2]] {
        &self.0
    }

    /// At least [`MIN_VERTICES`] vertices, all finite.
    pub fn is_valid(&self) -> bool {
        self.0.len() >= MIN_VERTICES && self.0.iter().flatten().all(|v| v.is_finite())
    }

    /// The polygon's area (shoelace formula; 0 for an invalid polygon).
    pub fn area(&self) -> f64 {
        if !self.is_valid() {
            return 0.0;
        }
        let n = self.0.len();
        let twice: f64 = (0..n)
            .map(|i| {
                let ([x0, y0], [x1, y1]) = (self.0[i], self.0[(i + 1) % n]);
                f64::from(x0) * f64::from(y1) - f64::from(x1) * f64::from(y0)
            })
            .sum();
        twice.abs() / 2.0
    }

    /// The smallest rectangle of whole pixels around the polygon, clipped to a
    /// `width`×`height` image (empty for an invalid polygon).
    pub fn bounds(&self, width: u32, height: u32) -> Rect {
        if !self.is_valid() {
            return Rect::new(0, 0, 0, 0);
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for &[x, y] in &self.0 {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        Rect::covering(x0, y0, x1, y1, width, height)
    }

    /// Every vertex clamped into a `width`×`height` image.
    pub fn clipped(&self, width: u32, height: u32) -> Polygon {
        Polygon(
            (self.0.iter())
                .map(|&[x, y]| [x.clamp(0.0, width as f32), y.clamp(0.0, height as f32)])
                .collect(),
        )
    }

    /// The polygon with every coordinate multiplied by `sx` (x) and `sy` (y) after moving
    /// `from`'s corner to the origin, then moved to `to`: the polygon carried from one
    /// rectangle to another (a region moved or resized by its box).
    pub fn mapped(&self, from: Rect, to: Rect) -> Polygon {
        let sx = if from.w == 0 {
            1.0
        } else {
            to.w as f32 / from.w as f32
        };
        let sy = if from.h == 0 {
            1.0
        } else {
            to.h as f32 / from.h as f32
        };
        Polygon(
            (self.0.iter())
                .map(|&[x, y]| {
                    [
                        to.x as f32 + (x - from.x as f32) * sx,
                        to.y as f32 + (y - from.y as f32) * sy,
                    ]
                })
                .collect(),
        )
    }

    /// The polygon scaled by `s` about the origin (a plan carried to a preview).
    pub fn scaled(&self, s: f32) -> Polygon {
        Polygon(self.0.iter().map(|&[x, y]| [x * s, y * s]).collect())
    }

    /// True when the point lies inside (even-odd rule).
    pub fn contains(&self, x: f32, y: f32) -> bool {
        let n = self.0.len();
        if n < MIN_VERTICES {
            return false;
        }
        let mut inside = false;
        for i in 0..n {
            let ([xa, ya], [xb, yb]) = (self.0[i], self.0[(i + n - 1) % n]);
            if (ya > y) != (yb > y) && x < xa + (y - ya) / (yb - ya) * (xb - xa) {
                inside = !inside;
            }
        }
        inside
    }

    /// The pixels of row `y` whose centres lie inside, as `[x0, x1)` spans in order, clipped
    /// to `0..width`.
    pub fn row_spans(&self, y: u32, width: u32) -> Vec<(u32, u32)> {
        let n = self.0.len();
        if !self.is_valid() {
            return Vec::new();
        }
        let yc = y as f32 + 0.5;
        let mut xs: Vec<f32> = Vec::new();
        for i in 0..n {
            let ([xa, ya], [xb, yb]) = (self.0[i], self.0[(i + 1) % n]);
            if (ya > yc) != (yb > yc) {
                xs.push(xa + (yc - ya) / (yb - ya) * (xb - xa));
            }
        }
        xs.sort_by(f32::total_cmp);
        // A pixel x is inside when its centre x + 0.5 lies in [a, b).
        let first = |v: f32| ((v - 0.5).ceil().max(0.0) as u32).min(width);
        xs.chunks_exact(2)
            .map(|p| (first(p[0]), first(p[1])))
            .filter(|(a, b)| a < b)
            .collect()
    }

    /// The pixels of `r` inside the polygon, row-major (`r.w × r.h`).
    pub fn mask(&self, r: Rect) -> Vec<bool> {
        let mut mask = vec![false; r.area() as usize];
        for row in 0..r.h {
            for (a, b) in self.row_spans(r.y + row, r.right()) {
                let (a, b) = (a.max(r.x), b.max(r.x));
                let start = (row * r.w) as usize;
                mask[start + (a - r.x) as usize..start + (b - r.x) as usize].fill(true);
            }
        }
        mask
    }

    /// How many pixels lie inside, within a `width`×`height` image.
    pub fn pixel_count(&self, width: u32, height: u32) -> u64 {
        let b = self.bounds(width, height);
        (b.y..b.bottom())
            .flat_map(|y| self.row_spans(y, width))
            .map(|(a, b)| u64::from(b - a))
            .sum()
    }

    /// The convex hull of `points` (Andrew's monotone chain), counter-clockwise in image
    /// coordinates from the leftmost point; collinear points dropped.
    pub fn convex_hull(points: &[[f32; 2]]) -> Polygon {
        let mut p: Vec<[f32; 2]> = points
            .iter()
            .copied()
            .filter(|v| v[0].is_finite() && v[1].is_finite())
            .collect();
        p.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
        p.dedup();
        if p.len() < 3 {
            return Polygon(p);
        }
        let cross = |o: [f32; 2], a: [f32; 2], b: [f32; 2]| {
            (f64::from(a[0]) - f64::from(o[0])) * (f64::from(b[1]) - f64::from(o[1]))
                - (f64::from(a[1]) - f64::from(o[1])) * (f64::from(b[0]) - f64::from(o[0]))
        };
        let mut hull: Vec<[f32; 2]> = Vec::with_capacity(2 * p.len());
        for pass in [&p[..], &p.iter().rev().copied().collect::<Vec<_>>()[..]] {
            let start = hull.len();
            for &v in pass {
                while hull.len() >= start + 2
                    && cross(hull[hull.len() - 2], hull[hull.len() - 1], v) <= 0.0
                {
                    hull.pop();
                }
                hull.push(v);
            }
            hull.pop();
        }
        Polygon(hull)
    }

    /// The part of the polygon inside a `width`×`height` image (Sutherland–Hodgman against
    /// the image's four sides; exact for any polygon whose inside part is one piece, such as a
    /// convex one).
    pub fn clip_to_image(&self, width: u32, height: u32) -> Polygon {
        let (w, h) = (width as f32, height as f32);
        // How far inside each side a point is (negative: outside).
        let sides = [
            |p: [f32; 2], _: f32, _: f32| p[0],
            |p: [f32; 2], w: f32, _: f32| w - p[0],
            |p: [f32; 2], _: f32, _: f32| p[1],
            |p: [f32; 2], _: f32, h: f32| h - p[1],
        ];
        let mut pts = self.0.clone();
        for inside in sides {
            if pts.is_empty() {
                break;
            }
            let d = |p: [f32; 2]| inside(p, w, h);
            let mut out = Vec::with_capacity(pts.len() + 2);
            for i in 0..pts.len() {
                let (a, b) = (pts[i], pts[(i + 1) % pts.len()]);
                let (da, db) = (d(a), d(b));
                if da >= 0.0 {
                    out.push(a);
                }
                if (da >= 0.0) != (db >= 0.0) {
                    let t = da / (da - db);
                    out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
                }
            }
            pts = out;
        }
        Polygon(pts)
    }

    /// A convex polygon with at most `max_vertices` vertices that contains this convex one:
    /// while there are too many, the edge whose removal adds the least area goes (its two
    /// neighbouring edges extended to meet), as long as all that was added stays within
    /// `max_growth` of the area. Fewer points to drag for the reviewer, nothing uncovered.
    pub fn enclosing_simplified(&self, max_vertices: usize, max_growth: f64) -> Polygon {
        let mut p = self.0.clone();
        let budget = self.area() * max_growth;
        let mut added = 0.0;
        let cross = |a: [f64; 2], b: [f64; 2]| a[0] * b[1] - a[1] * b[0];
        let f = |v: [f32; 2]| [f64::from(v[0]), f64::from(v[1])];
        while p.len() > max_vertices.max(MIN_VERTICES) {
            let n = p.len();
            // (added area, edge index, meeting point) of the cheapest removable edge.
            let mut best: Option<(f64, usize, [f64; 2])> = None;
            for i in 0..n {
                let (a0, a, b, b1) = (
                    f(p[(i + n - 1) % n]),
                    f(p[i]),
                    f(p[(i + 1) % n]),
                    f(p[(i + 2) % n]),
                );
                let d1 = [a[0] - a0[0], a[1] - a0[1]];
                let d2 = [b[0] - b1[0], b[1] - b1[1]];
                let e = [b[0] - a[0], b[1] - a[1]];
                let den = cross(d1, d2);
                if den.abs() < 1e-9 {
                    continue;
                }
                let (t, s) = (cross(e, d2) / den, cross(e, d1) / den);
                if t <= 0.0 || s <= 0.0 {
                    continue;
                }
                let q = [a[0] + t * d1[0], a[1] + t * d1[1]];
                let tri = cross([q[0] - a[0], q[1] - a[1]], [b[0] - a[0], b[1] - a[1]]).abs() / 2.0;
                if best.is_none_or(|(area, _, _)| tri < area) {
                    best = Some((tri, i, q));
                }
            }
            let Some((tri, i, q)) = best else { break };
            if added + tri > budget {
                break;
            }
            added += tri;
            let q = [q[0] as f32, q[1] as f32];
            if i + 1 < n {
                p[i] = q;
                p.remove(i + 1);
            } else {
                // The edge from the last vertex back to the first.
                p[i] = q;
                p.remove(0);
            }
        }
        Polygon(p)
    }

    /// The vertices rounded to a tenth of a pixel, so the JSON stays short.
    pub fn rounded(&self) -> Polygon {
        Polygon(
            (self.0.iter())
                .map(|&[x, y]| [(x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0])
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> Polygon {
        Polygon(vec![[2.0, 2.0], [8.0, 2.0], [8.0, 8.0], [2.0, 8.0]])
    }

    #[test]
    fn a_square_polygon_holds_the_pixels_of_the_same_rectangle() {
        let p = square();
        assert_eq!(p.bounds(100, 100), Rect::new(2, 2, 6, 6));
        assert_eq!(p.pixel_count(100, 100), 36);
        assert!((p.area() - 36.0).abs() < 1e-9);
        let mask = p.mask(Rect::new(0, 0, 10, 10));
        for y in 0..10 {
            for x in 0..10 {
                let inside = (2..8).contains(&x) && (2..8).contains(&y);
                assert_eq!(mask[y * 10 + x], inside, "({x}, {y})");
                assert_eq!(p.contains(x as f32 + 0.5, y as f32 + 0.5), inside);
            }
        }
        // Clipped to a smaller image.
        assert_eq!(p.pixel_count(5, 100), 18);
        assert_eq!(p.row_spans(3, 5), vec![(2, 5)]);
    }

    #[test]
    fn a_triangle_holds_about_its_area_and_a_concave_polygon_its_notch_out() {
        let t = Polygon(vec![[0.0, 0.0], [100.0, 0.0], [0.0, 100.0]]);
        let n = t.pixel_count(200, 200) as f64;
        assert!((n - 5000.0).abs() < 100.0, "{n}");
        // A U shape: the notch (x 30..70, y 0..60) is outside.
        let u = Polygon(vec![
            [0.0, 0.0],
            [30.0, 0.0],
            [30.0, 60.0],
            [70.0, 60.0],
            [70.0, 0.0],
            [100.0, 0.0],
            [100.0, 100.0],
            [0.0, 100.0],
        ]);
        assert!(!u.contains(50.0, 30.0));
        assert!(u.contains(10.0, 30.0) && u.contains(50.0, 80.0));
        assert_eq!(u.row_spans(30, 200), vec![(0, 30), (70, 100)]);
        assert_eq!(u.pixel_count(200, 200), 10_000 - 40 * 60);
    }

    #[test]
    fn the_convex_hull_drops_inner_and_collinear_points() {
        let pts = [
            [0.0, 0.0],
            [5.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [0.0, 10.0],
            [4.0, 6.0],
            [0.0, 10.0],
        ];
        let h = Polygon::convex_hull(&pts);
        assert_eq!(h.0.len(), 4, "{h:?}");
        assert!((h.area() - 100.0).abs() < 1e-9);
        for p in [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]] {
            assert!(h.0.contains(&p));
        }
        assert!(!Polygon::convex_hull(&[[1.0, 1.0], [2.0, 2.0]]).is_valid());
    }

    #[test]
    fn a_simplified_hull_has_fewer_points_and_holds_every_original_one() {
        // A 40-gon close to a circle of radius 100.
        let circle: Vec<[f32; 2]> = (0..40)
            .map(|i| {
                let a = i as f32 / 40.0 * std::f32::consts::TAU;
                [200.0 + 100.0 * a.cos(), 200.0 + 100.0 * a.sin()]
            })
            .collect();
        let p = Polygon(circle.clone());
        let s = p.enclosing_simplified(12, 0.08);
        assert!(s.0.len() <= 12, "{}", s.0.len());
        for v in &circle {
            // On or outside each original vertex: inside the simplified polygon, with a hair of
            // tolerance for the vertices that stay.
            let inside = s.contains(v[0], v[1])
                || s.contains(v[0] + 0.01, v[1])
                || s.contains(v[0] - 0.01, v[1])
                || s.0
                    .iter()
                    .any(|q| (q[0] - v[0]).abs() < 1e-3 && (q[1] - v[1]).abs() < 1e-3);
            assert!(inside, "{v:?} left out of {s:?}");
        }
        assert!(s.area() <= p.area() * 1.08 + 1e-6);
        // With no budget nothing changes; a square cannot lose an edge.
        assert_eq!(p.enclosing_simplified(12, 0.0).0.len(), 40);
        assert_eq!(square().enclosing_simplified(3, 1.0), square());
    }

    #[test]
    fn a_polygon_clipped_to_the_image_keeps_its_inside_part_exactly() {
        // (No pixel centre lies exactly on an edge, where rounding may decide either way.)
        let t = Polygon(vec![[-50.3, 10.2], [50.1, 10.2], [50.1, 113.7]]);
        let c = t.clip_to_image(100, 100);
        assert_eq!(c.bounds(100, 100), Rect::new(0, 10, 51, 90));
        // Same pixels inside the image as the unclipped triangle.
        let (a, b) = (
            c.mask(Rect::new(0, 0, 100, 100)),
            t.mask(Rect::new(0, 0, 100, 100)),
        );
        let differ: Vec<(usize, usize)> = (0..a.len())
            .filter(|&i| a[i] != b[i])
            .map(|i| (i % 100, i / 100))
            .collect();
        assert!(differ.is_empty(), "{c:?}: {differ:?}");
        assert!(Polygon(vec![[200.0, 0.0], [300.0, 0.0], [300.0, 50.0]])
            .clip_to_image(100, 100)
            .0
            .is_empty());
    }

    #[test]
    fn a_polygon_maps_from_one_box_to_another() {
        let p = square().mapped(Rect::new(2, 2, 6, 6), Rect::new(10, 20, 12, 3));
        assert_eq!(p.bounds(100, 100), Rect::new(10, 20, 12, 3));
        assert_eq!(square().scaled(0.5).bounds(100, 100), Rect::new(1, 1, 3, 3));
        let nan = Polygon(vec![[0.0, 0.0], [f32::NAN, 1.0], [1.0, 1.0]]);
        assert!(!nan.is_valid());
        assert!(nan.bounds(10, 10).is_empty() && nan.mask(Rect::new(0, 0, 2, 2)) == [false; 4]);
    }
}
