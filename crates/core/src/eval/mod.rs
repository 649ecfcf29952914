//! Detection quality measured against ground truth, so every change to thresholds, scales or
//! tiling is measured, not guessed. Label formats: WIDER FACE (RetinaFace style: `# path` then
//! `x y w h` lines) and MMOCR 1.x text-detection JSON (ICDAR 2015).

use serde::Serialize;

use crate::detect::Rect;
use crate::redact::Coverage;

/// Ground truth for one image.
#[derive(Debug, Clone, PartialEq)]
pub struct GroundTruth {
    /// Image path relative to the images folder.
    pub image: String,
    /// Labelled boxes, with whether each counts (false = "don't care": ignored text, or a face
    /// smaller than the minimum size). Detections on don't-care boxes are not false positives.
    pub boxes: Vec<(Rect, bool)>,
}

/// Parse WIDER-style face labels. Faces whose longer side is below `min_side` pixels are kept
/// as don't-care.
pub fn parse_wider(text: &str, min_side: u32) -> Result<Vec<GroundTruth>, String> {
    let mut out: Vec<GroundTruth> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(path) = line.strip_prefix('#') {
            out.push(GroundTruth {
                image: path.trim().to_string(),
                boxes: Vec::new(),
            });
            continue;
        }
        let v: Vec<f32> = line
            .split_whitespace()
            .take(4)
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("line {}: {e}", n + 1))?;
        let (Some(gt), [x, y, w, h]) = (out.last_mut(), v.as_slice()) else {
            return Err(format!(
                "line {}: expected `# path` before `x y w h`",
                n + 1
            ));
        };
        let r = Rect::new(
            x.max(0.0) as u32,
            y.max(0.0) as u32,
            w.max(0.0) as u32,
            h.max(0.0) as u32,
        );
        if !r.is_empty() {
            gt.boxes.push((r, r.w.max(r.h) >= min_side));
        }
    }
    Ok(out)
}

/// Parse MMOCR 1.x text-detection JSON (`data_list[].img_path`, `instances[].bbox`, `ignore`).
pub fn parse_mmocr(json: &str) -> Result<Vec<GroundTruth>, String> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let list = v["data_list"].as_array().ok_or("no data_list")?;
    list.iter()
        .map(|item| {
            let image = item["img_path"]
                .as_str()
                .ok_or("data_list item without img_path")?;
            let image = image.rsplit('/').next().unwrap_or(image).to_string();
            let boxes = item["instances"]
                .as_array()
                .ok_or("item without instances")?
                .iter()
                .filter_map(|inst| {
                    let b: Vec<f32> = inst["bbox"]
                        .as_array()?
                        .iter()
                        .filter_map(|x| x.as_f64().map(|f| f as f32))
                        .collect();
                    let [x0, y0, x1, y1] = b.as_slice() else {
                        return None;
                    };
                    let r = Rect::new(
                        *x0 as u32,
                        *y0 as u32,
                        (x1 - x0).max(1.0) as u32,
                        (y1 - y0).max(1.0) as u32,
                    );
                    Some((r, !inst["ignore"].as_bool().unwrap_or(false)))
                })
                .collect();
            Ok(GroundTruth { image, boxes })
        })
        .collect()
}

/// Counts accumulated over images.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Images evaluated.
    pub images: usize,
    /// Ground-truth boxes that count.
    pub gt: usize,
    /// Of those, matched one-to-one by a detection at IoU ≥ 0.5.
    pub matched: usize,
    /// Of those, with at least 80 % of their area inside the redaction regions.
    pub covered: usize,
    /// Of those, with at least 80 % of their area inside the face boxes' regions alone (no
    /// crowd region): what the detector covers face by face.
    pub covered_by_boxes: usize,
    /// Detections, not counting those on don't-care boxes.
    pub detections: usize,
    /// Of those, matching a counted ground-truth box at IoU ≥ 0.5.
    pub true_positives: usize,
    /// The share of each image's area inside the redaction regions, summed over the images,
    /// in millionths ([`Counts::redacted_share`] is the mean): what redaction costs a photo.
    pub redacted_ppm: u64,
    /// Pixels outside every labelled box (counted or not), over all images.
    pub background_pixels: u64,
    /// Of those, inside the redaction regions: what was covered that is not a face.
    pub background_redacted: u64,
}

impl Counts {
    /// matched / gt.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gt)
    }
    /// covered / gt.
    pub fn coverage(&self) -> f64 {
        ratio(self.covered, self.gt)
    }
    /// covered_by_boxes / gt.
    pub fn box_coverage(&self) -> f64 {
        ratio(self.covered_by_boxes, self.gt)
    }
    /// true positives / detections.
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.detections)
    }
    /// The mean share of an image's area that redaction covers (0–1).
    pub fn redacted_share(&self) -> f64 {
        if self.images == 0 {
            return 0.0;
        }
        self.redacted_ppm as f64 / 1e6 / self.images as f64
    }
    /// The share of the pixels outside every labelled box that redaction covers (0–1).
    pub fn background_redacted_share(&self) -> f64 {
        if self.background_pixels == 0 {
            return 0.0;
        }
        self.background_redacted as f64 / self.background_pixels as f64
    }
    /// Add another image's counts.
    pub fn add(&mut self, o: &Counts) {
        self.images += o.images;
        self.gt += o.gt;
        self.matched += o.matched;
        self.covered += o.covered;
        self.covered_by_boxes += o.covered_by_boxes;
        self.detections += o.detections;
        self.true_positives += o.true_positives;
        self.redacted_ppm += o.redacted_ppm;
        self.background_pixels += o.background_pixels;
        self.background_redacted += o.background_redacted;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Score one image: `dets` are detector boxes, `covered` what redaction covers (of the
/// image's size), `by_boxes` what the detector's own boxes cover (no crowd region).
pub fn score_image(
    gt: &[(Rect, bool)],
    dets: &[Rect],
    covered: &Coverage,
    by_boxes: &Coverage,
) -> Counts {
    let mut c = Counts {
        images: 1,
        gt: gt.iter().filter(|(_, care)| *care).count(),
        ..Counts::default()
    };
    let cost = redaction_cost(gt, covered);
    c.redacted_ppm = cost.0;
    c.background_pixels = cost.1;
    c.background_redacted = cost.2;
    // Greedy one-to-one matching by IoU, best pairs first.
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (i, (g, _)) in gt.iter().enumerate() {
        for (j, d) in dets.iter().enumerate() {
            let iou = g.iou(d);
            if iou >= 0.5 {
                pairs.push((iou, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut gt_used, mut det_used) = (vec![false; gt.len()], vec![None::<bool>; dets.len()]);
    for (_, i, j) in pairs {
        if gt_used[i] || det_used[j].is_some() {
            continue;
        }
        gt_used[i] = true;
        det_used[j] = Some(gt[i].1);
        if gt[i].1 {
            c.matched += 1;
        }
    }
    for (j, d) in dets.iter().enumerate() {
        match det_used[j] {
            Some(true) => {
                c.detections += 1;
                c.true_positives += 1;
            }
            Some(false) => {} // on a don't-care box
            None => {
                // Unmatched: a false positive unless it mostly lies on a don't-care box.
                let on_dont_care = gt
                    .iter()
                    .any(|(g, care)| !care && g.intersection_area(d) * 2 >= d.area());
                if !on_dont_care {
                    c.detections += 1;
                }
            }
        }
    }
    let covered_count = |cov: &Coverage| {
        (gt.iter())
            .filter(|(g, care)| *care && cov.fraction_of(*g) >= 0.8)
            .count()
    };
    c.covered = covered_count(covered);
    c.covered_by_boxes = covered_count(by_boxes);
    c
}

/// What `regions` cover in a `width`×`height` image (rectangles only).
pub fn coverage_of_rects(regions: &[Rect], width: u32, height: u32) -> Coverage {
    let mut c = Coverage::new(width, height);
    for r in regions {
        c.add(*r, None);
    }
    c
}

/// The folder part of a label's image path: `0--Parade` for `0--Parade/0_Parade_1.jpg`, `""`
/// for a file at the top. WIDER FACE groups its images by event this way (a parade, surgeons,
/// a family group), so counts per folder show which kinds of photo a detector misses.
pub fn folder_of(image: &str) -> &str {
    image.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// Counts over every image and per folder of the images' label paths ([`folder_of`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Every image.
    pub total: Counts,
    /// Per folder, by name.
    pub folders: std::collections::BTreeMap<String, Counts>,
}

impl Tally {
    /// Add the counts of the image at label path `image`.
    pub fn add(&mut self, image: &str, c: &Counts) {
        self.total.add(c);
        self.folders
            .entry(folder_of(image).to_string())
            .or_default()
            .add(c);
    }
}

/// What redaction costs one image: the share of its area `covered` (millionths), its pixels
/// outside every labelled box, and how many of those are covered.
fn redaction_cost(gt: &[(Rect, bool)], covered: &Coverage) -> (u64, u64, u64) {
    let (width, height) = covered.size();
    let (w, h) = (width as usize, height as usize);
    if w == 0 || h == 0 {
        return (0, 0, 0);
    }
    let labelled = coverage_of_rects(
        &gt.iter().map(|(g, _)| *g).collect::<Vec<_>>(),
        width,
        height,
    );
    let (mut redacted, mut background, mut background_redacted) = (0u64, 0u64, 0u64);
    for (&c, &l) in covered.bits().iter().zip(labelled.bits()) {
        redacted += u64::from(c);
        if !l {
            background += 1;
            background_redacted += u64::from(c);
        }
    }
    let ppm = redacted * 1_000_000 / (w * h) as u64;
    (ppm, background, background_redacted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_kept_per_folder_and_in_total() {
        assert_eq!(folder_of("0--Parade/0_Parade_1.jpg"), "0--Parade");
        assert_eq!(folder_of("a/b/c.jpg"), "a/b");
        assert_eq!(folder_of("img_1.jpg"), "");
        let one = |gt, matched| Counts {
            images: 1,
            gt,
            matched,
            covered: matched,
            detections: gt,
            true_positives: matched,
            ..Counts::default()
        };
        let mut t = Tally::default();
        t.add("0--Parade/a.jpg", &one(4, 1));
        t.add("30--Surgeons/b.jpg", &one(2, 2));
        t.add("0--Parade/c.jpg", &one(6, 5));
        assert_eq!(t.total.images, 3);
        assert_eq!((t.total.gt, t.total.matched), (12, 8));
        let parade = &t.folders["0--Parade"];
        assert_eq!((parade.images, parade.gt, parade.matched), (2, 10, 6));
        assert_eq!(t.folders["30--Surgeons"].coverage(), 1.0);
        assert_eq!(
            t.folders.keys().collect::<Vec<_>>(),
            ["0--Parade", "30--Surgeons"]
        );
    }

    #[test]
    fn wider_labels_parse_with_small_faces_as_dont_care() {
        let gt = parse_wider("# a/b.jpg\n10 10 20 20\n5 5 4 6\n# c.jpg\n", 10).unwrap();
        assert_eq!(gt.len(), 2);
        assert_eq!(gt[0].image, "a/b.jpg");
        assert_eq!(
            gt[0].boxes,
            vec![
                (Rect::new(10, 10, 20, 20), true),
                (Rect::new(5, 5, 4, 6), false)
            ]
        );
        assert!(parse_wider("1 2 3 4\n", 10).is_err());
    }

    #[test]
    fn scoring_counts_matches_coverage_and_false_positives() {
        let gt = vec![
            (Rect::new(0, 0, 10, 10), true),
            (Rect::new(50, 50, 10, 10), true),
            (Rect::new(90, 90, 4, 4), false),
        ];
        let dets = vec![
            Rect::new(1, 1, 10, 10),
            Rect::new(30, 30, 5, 5),
            Rect::new(90, 90, 4, 4),
        ];
        let regions = vec![Rect::new(0, 0, 12, 12), Rect::new(48, 48, 9, 14)];
        let cov = coverage_of_rects(&regions, 1000, 1000);
        let c = score_image(
            &gt,
            &dets,
            &cov,
            &coverage_of_rects(&regions[..1], 1000, 1000),
        );
        assert_eq!(c.gt, 2);
        assert_eq!(c.matched, 1);
        assert_eq!(c.covered, 1); // the second face is only 70 % covered
        assert_eq!(c.covered_by_boxes, 1);
        assert_eq!(c.detections, 2); // the don't-care match is not counted
        assert_eq!(c.true_positives, 1);
        assert!((c.recall() - 0.5).abs() < 1e-9 && (c.precision() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn mmocr_json_parses_ignore_flags() {
        let j = r#"{"data_list":[{"img_path":"imgs/test/img_1.jpg","instances":[{"bbox":[1,2,11,12],"ignore":true},{"bbox":[0,0,5,5],"ignore":false}]}]}"#;
        let gt = parse_mmocr(j).unwrap();
        assert_eq!(gt[0].image, "img_1.jpg");
        assert_eq!(
            gt[0].boxes,
            vec![
                (Rect::new(1, 2, 10, 10), false),
                (Rect::new(0, 0, 5, 5), true)
            ]
        );
    }

    #[test]
    fn the_cost_of_redaction_is_the_area_covered_and_the_background_covered() {
        let face = Rect::new(0, 0, 10, 10);
        let small = Rect::new(50, 50, 4, 4);
        let gt = [(face, true), (small, false)];
        // A region over the face and grown around it, another over nothing, overlapping.
        let regions = [Rect::new(0, 0, 20, 20), Rect::new(10, 10, 20, 20)];
        let cov = coverage_of_rects(&regions, 100, 100);
        let c = score_image(&gt, &[face], &cov, &cov);
        // Union: 400 + 400 - 100 = 700 px of 10 000.
        assert_eq!(c.redacted_ppm, 70_000);
        assert!((c.redacted_share() - 0.07).abs() < 1e-9);
        // Outside both labelled boxes: 10 000 - 100 - 16 px, of which 700 - 100 are covered.
        assert_eq!(c.background_pixels, 9_884);
        assert_eq!(c.background_redacted, 600);
        // Over two images the share is the mean of theirs; regions outside the image are clipped.
        let mut t = c;
        let corner = coverage_of_rects(&[Rect::new(90, 90, 50, 50)], 100, 100);
        t.add(&score_image(&[], &[], &corner, &corner));
        assert!((t.redacted_share() - (0.07 + 0.01) / 2.0).abs() < 1e-9);
        assert_eq!(t.background_pixels, 9_884 + 10_000);
    }
}
