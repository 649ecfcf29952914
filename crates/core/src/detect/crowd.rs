//! Crowd regions: where many small faces are, one polygon over all of them, so that the faces
//! too small for the face detector to find one by one are covered too.
//!
//! Why a region and not a better detector: in a crowd most faces are 10–24 px and CenterFace
//! (like every detector in a registry reachable here) misses many of them; but it does see a
//! crowd, as a cluster of small boxes, confident and weak. Those boxes are the evidence: they
//! are joined into clusters (two boxes are neighbours when their centres are within a few face
//! sizes of each other), and a cluster with enough faces becomes the convex hull of its boxes,
//! each grown by its own size (a face missed at the edge of a crowd sits about one face from
//! the ones found). Faces large enough to stand out are never evidence: they keep their own
//! boxes, and a reviewer can leave one visible without the crowd region covering it whole.

use super::FloatBox;
use crate::finding::{Finding, Kind};
use crate::polygon::Polygon;

/// Most vertices of a crowd's polygon (a hull of many boxes has dozens, nearly in line): fewer
/// points for a reviewer to drag…
const MAX_VERTICES: usize = 12;
/// …as long as that adds at most this share of its area (the polygon only ever grows).
const MAX_GROWTH: f64 = 0.05;

/// How crowd regions are built (see [`super::DetectorConfig::crowd`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrowdParams {
    /// A face box is crowd evidence when its longer side, in pixels of the coarse face pass
    /// (the image scaled so its long side is 1024–1920), is below this.
    pub small_face: f32,
    /// …and its fused score is at least this (below the face threshold: weak responses are
    /// evidence too).
    pub evidence_floor: f32,
    /// Two evidence boxes are neighbours when their centres are at most this many times the
    /// larger one's longer side apart.
    pub link: f32,
    /// A cluster becomes a crowd region when it holds at least this many boxes that do not
    /// overlap one another (weak responses around one face overlap; faces in a crowd do not)…
    pub min_faces: usize,
    /// …of which at least this many score as faces (above the face threshold).
    pub min_confident: usize,
    /// Each box of a crowd is grown by this many times its longer side on every side before
    /// the hull is taken.
    pub grow: f32,
}

impl Default for CrowdParams {
    fn default() -> Self {
        CrowdParams {
            small_face: 32.0,
            evidence_floor: 0.05,
            link: 3.5,
            min_faces: 5,
            min_confident: 1,
            grow: 0.5,
        }
    }
}

/// The crowd regions of a `width`×`height` image from the fused face boxes `boxes` (image
/// pixels, every score down to the evidence floor), the coarse pass's `scale` (image to model
/// pixels) and the face `threshold`. Each region is a [`Kind::Crowd`] finding: its polygon,
/// the rectangle around it, and as score the mean of its boxes' scores.
pub(crate) fn crowd_regions(
    boxes: &[FloatBox],
    scale: f32,
    threshold: f32,
    width: u32,
    height: u32,
    p: &CrowdParams,
) -> Vec<Finding> {
    let side = |b: &FloatBox| (b.x1 - b.x0).max(b.y1 - b.y0);
    let evidence: Vec<&FloatBox> = (boxes.iter())
        .filter(|b| b.score >= p.evidence_floor && side(b) * scale < p.small_face)
        .collect();
    // Single-linkage clusters (union-find).
    let mut parent: Vec<usize> = (0..evidence.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let centre = |b: &FloatBox| ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
    for i in 0..evidence.len() {
        for j in i + 1..evidence.len() {
            let ((xi, yi), (xj, yj)) = (centre(evidence[i]), centre(evidence[j]));
            let reach = p.link * side(evidence[i]).max(side(evidence[j]));
            if (xi - xj).hypot(yi - yj) <= reach {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut clusters: std::collections::BTreeMap<usize, Vec<&FloatBox>> = Default::default();
    for (i, b) in evidence.iter().enumerate() {
        let r = root(&mut parent, i);
        clusters.entry(r).or_default().push(b);
    }
    let mut out = Vec::new();
    for mut members in clusters.into_values() {
        let confident = members.iter().filter(|b| b.score > threshold).count();
        if distinct(&mut members) < p.min_faces || confident < p.min_confident {
            continue;
        }
        let mut corners = Vec::with_capacity(members.len() * 4);
        for b in &members {
            let g = p.grow * side(b);
            let (x0, y0, x1, y1) = (b.x0 - g, b.y0 - g, b.x1 + g, b.y1 + g);
            corners.extend([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]);
        }
        let hull = Polygon::convex_hull(&corners)
            .enclosing_simplified(MAX_VERTICES, MAX_GROWTH)
            .clip_to_image(width, height)
            .rounded();
        let rect = hull.bounds(width, height);
        if !hull.is_valid() || rect.is_empty() {
            continue;
        }
        let score = members.iter().map(|b| b.score).sum::<f32>() / members.len() as f32;
        out.push(Finding {
            polygon: Some(hull),
            ..Finding::new(Kind::Crowd, rect, score)
        });
    }
    out
}

/// How many of `boxes` are left when, best first, every box overlapping one already kept is
/// left out (sorts `boxes` best first).
fn distinct(boxes: &mut [&FloatBox]) -> usize {
    boxes.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<&FloatBox> = Vec::new();
    for b in boxes.iter() {
        let overlaps =
            |k: &&FloatBox| b.x0.max(k.x0) < b.x1.min(k.x1) && b.y0.max(k.y0) < b.y1.min(k.y1);
        if !kept.iter().any(overlaps) {
            kept.push(b);
        }
    }
    kept.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(x: f32, y: f32, side: f32, score: f32) -> FloatBox {
        FloatBox {
            x0: x,
            y0: y,
            x1: x + side,
            y1: y + side,
            score,
        }
    }

    #[test]
    fn a_cluster_of_small_faces_becomes_one_region_and_a_lone_face_none() {
        let mut boxes: Vec<FloatBox> = (0..8)
            .map(|i| {
                face(
                    100.0 + 30.0 * i as f32,
                    200.0,
                    16.0,
                    if i % 2 == 0 { 0.5 } else { 0.12 },
                )
            })
            .collect();
        boxes.push(face(800.0, 600.0, 16.0, 0.9)); // alone
        boxes.push(face(300.0, 150.0, 120.0, 0.95)); // stands out: not evidence
        let p = CrowdParams::default();
        let found = crowd_regions(&boxes, 1.0, 0.18, 1024, 768, &p);
        assert_eq!(found.len(), 1, "{found:?}");
        let crowd = &found[0];
        assert_eq!(crowd.kind, Kind::Crowd);
        let poly = crowd.polygon.as_ref().unwrap();
        // Every member, grown by half its size, is inside; the lone face is not.
        for b in &boxes[..8] {
            assert!(poly.contains(b.x0 - 7.0, b.y0 - 7.0) && poly.contains(b.x1 + 7.0, b.y1 + 7.0));
        }
        assert!(!poly.contains(808.0, 608.0));
        assert_eq!(crowd.rect, poly.bounds(1024, 768));
        // Weak responses piled around one spot are not a crowd, however many.
        let pile: Vec<FloatBox> = (0..8)
            .map(|i| face(500.0 + 3.0 * i as f32, 500.0, 16.0, 0.3))
            .collect();
        assert!(crowd_regions(&pile, 1.0, 0.18, 1024, 768, &p).is_empty());
        // Too few confident faces: no crowd.
        let weak: Vec<FloatBox> = boxes[..8]
            .iter()
            .map(|b| FloatBox { score: 0.12, ..*b })
            .collect();
        assert!(crowd_regions(&weak, 1.0, 0.18, 1024, 768, &p).is_empty());
        // At a coarse scale of ½ the faces count as 8 px: still small; at 4× as 64: too large.
        assert_eq!(crowd_regions(&boxes, 0.5, 0.18, 1024, 768, &p).len(), 1);
        assert!(crowd_regions(&boxes, 4.0, 0.18, 1024, 768, &p).is_empty());
    }
}
