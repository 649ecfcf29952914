//! `clearframe eval`: detection measured against ground truth.

use std::io::Write;

use anyhow::{Context, Result};
use clearframe_core::detect::{DetectKinds, Detector, DetectorConfig};
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::pipeline;
use clearframe_core::redact::{Coverage, PlanDefaults};
use clearframe_core::Kind;

use crate::args::EvalArgs;
use crate::batch::progress_bar;

/// `eval SET LABELS IMAGES`: the detector, tuned by the flags given, scored on the labelled images.
pub(crate) fn run(a: EvalArgs) -> Result<u8> {
    let config = a.config();
    eval(
        &a.set,
        &a.labels,
        &a.images,
        a.min_face,
        config,
        a.by_folder,
        a.json,
    )
}

fn eval(
    set: &str,
    labels: &std::path::Path,
    images: &std::path::Path,
    min_face: u32,
    config: DetectorConfig,
    by_folder: bool,
    json: bool,
) -> Result<u8> {
    use clearframe_core::eval;
    let text = std::fs::read_to_string(labels)
        .with_context(|| format!("cannot read {}", labels.display()))?;
    let (truth, kind) = if set == "faces" {
        (
            eval::parse_wider(&text, min_face),
            clearframe_core::Kind::Face,
        )
    } else {
        (eval::parse_mmocr(&text), clearframe_core::Kind::Text)
    };
    let truth = truth.map_err(|e| anyhow::anyhow!("{}: {e}", labels.display()))?;
    let kinds = DetectKinds {
        face: kind == clearframe_core::Kind::Face,
        text: kind == clearframe_core::Kind::Text,
        barcode: false,
    };
    let detector = Detector::load(DetectorConfig { kinds, ..config })?;
    let defaults = PlanDefaults::default();
    let pb = progress_bar(truth.len(), json);
    let mut tally = eval::Tally::default();
    let start = std::time::Instant::now();
    for gt in &truth {
        let path = images.join(&gt.image);
        pb.set_message(gt.image.clone());
        let (_, report) =
            pipeline::scan_file(&detector, &path, &DecodeOptions::default(), &defaults)?;
        let items: Vec<_> = (report.plan.items.iter())
            .filter(|i| i.finding.kind == kind)
            .collect();
        // Faces are covered by their boxes and by crowd regions.
        let crowds = (report.plan.items.iter()).filter(|i| i.finding.kind == Kind::Crowd);
        let (w, h) = (report.width, report.height);
        let by_boxes = Coverage::of_items(items.iter().copied(), w, h);
        let mut covered = by_boxes.clone();
        for c in crowds {
            covered.add(c.redact_rect, c.polygon.as_ref());
        }
        // A line that was read counts as its words (labels are per word); its region is
        // what redaction covers either way.
        let dets: Vec<_> = (items.iter())
            .flat_map(|i| match i.finding.words.as_slice() {
                [] => vec![i.finding.rect],
                words => words.to_vec(),
            })
            .collect();
        tally.add(
            &gt.image,
            &eval::score_image(&gt.boxes, &dets, &covered, &by_boxes),
        );
        pb.inc(1);
    }
    pb.finish_and_clear();
    let secs = start.elapsed().as_secs_f64();
    let total = tally.total;
    let mut out = std::io::stdout().lock();
    if json {
        let scores = |c: &eval::Counts| {
            serde_json::json!({
                "counts": c, "recall": c.recall(), "coverage": c.coverage(),
                "precision": c.precision(), "box_coverage": c.box_coverage(),
                "redacted_share": c.redacted_share(),
                "background_redacted_share": c.background_redacted_share(),
            })
        };
        let mut v = scores(&total);
        v["set"] = set.into();
        v["seconds"] = secs.into();
        if by_folder {
            v["folders"] = (tally.folders.iter())
                .map(|(f, c)| (f.clone(), scores(c)))
                .collect::<serde_json::Map<_, _>>()
                .into();
        }
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "{set}: {} images, {} labelled ({} detections)",
            total.images, total.gt, total.detections
        )?;
        writeln!(
            out,
            "  recall@IoU0.5 {:.3}  coverage(>=80% area) {:.3} ({:.3} by the boxes alone)  precision {:.3}",
            total.recall(),
            total.coverage(),
            total.box_coverage(),
            total.precision()
        )?;
        writeln!(
            out,
            "  redacted: {:.1} % of each image's area on average, {:.1} % of the pixels outside every labelled box",
            100.0 * total.redacted_share(),
            100.0 * total.background_redacted_share()
        )?;
        writeln!(out, "  {:.2} images/s", total.images as f64 / secs)?;
        if by_folder {
            let width = (tally.folders.keys().map(String::len).max().unwrap_or(0)).max(6);
            writeln!(
                out,
                "  {:width$}  images  labelled  recall  coverage  (boxes)  precision  area  background",
                "folder"
            )?;
            for (folder, c) in &tally.folders {
                writeln!(
                    out,
                    "  {:width$}  {:>6}  {:>8}  {:>6.3}  {:>8.3}  {:>7.3}  {:>9.3}  {:>4.1}%  {:>9.1}%",
                    if folder.is_empty() { "." } else { folder },
                    c.images,
                    c.gt,
                    c.recall(),
                    c.coverage(),
                    c.box_coverage(),
                    c.precision(),
                    100.0 * c.redacted_share(),
                    100.0 * c.background_redacted_share()
                )?;
            }
        }
    }
    Ok(0)
}
