//! Detection of identifying regions: faces (CenterFace) and text (PP-OCR DB detector), run
//! locally through ONNX Runtime, and barcodes / QR codes (read with `rxing`, no model).

pub use crate::finding::{Finding, Kind, Rect, TextCategory};
pub use config::{DetectKinds, DetectorConfig, FaceModel};
pub use crowd::CrowdParams;

mod barcode;
pub mod category;
mod config;
mod crowd;
mod face;
pub mod models;
mod photo;
mod recognize;
mod stage;
mod text;

use std::collections::BTreeMap;

use image::RgbImage;

use crate::{Error, Result};

/// The detector: its stages ([`stage`]: faces, text, barcodes, as configured) and their
/// models. Create once per process and share: each model is loaded (and its sha256 verified)
/// once, on first use or by [`Detector::preload`]; a caller needing a model that another
/// thread is loading waits for it, not for the others.
pub struct Detector {
    config: DetectorConfig,
    stages: Vec<Box<dyn stage::Stage>>,
    models: stage::Models,
}

impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detector")
            .field("config", &self.config)
            .field("dir", &self.models.dir())
            .field("models", &self.model_sha256())
            .finish()
    }
}

impl Detector {
    /// Load the models the configuration needs from [`models::models_dir`]. Barcodes need none:
    /// a barcode-only detector loads nothing (and needs neither models nor ONNX Runtime).
    pub fn load(config: DetectorConfig) -> Result<Self> {
        if !config.kinds.face && !config.kinds.text {
            return Self::load_from(std::path::Path::new(""), config);
        }
        Self::load_from(&models::models_dir()?, config)
    }

    /// Load the models from a given folder (all of them now: a missing or altered model is
    /// an error here, not at the first image).
    pub fn load_from(dir: &std::path::Path, config: DetectorConfig) -> Result<Self> {
        let d = Self::lazy_from(dir, config);
        d.preload()?;
        Ok(d)
    }

    /// A detector whose models load on first use, from [`models::models_dir`]. For an app
    /// that wants its window up at once: call [`Detector::preload`] on a background thread.
    pub fn lazy(config: DetectorConfig) -> Result<Self> {
        Ok(Self::lazy_from(&models::models_dir()?, config))
    }

    /// [`Detector::lazy`] from a given folder.
    pub fn lazy_from(dir: &std::path::Path, config: DetectorConfig) -> Self {
        let threads = if config.threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            config.threads
        };
        let stages = stage::stages(&config);
        let models = stage::Models::new(dir.to_path_buf(), threads, &stages);
        Detector {
            config,
            stages,
            models,
        }
    }

    /// Load every model the configuration needs, in the order a scan uses them (faces, text
    /// detection, recognition).
    pub fn preload(&self) -> Result<()> {
        self.models.preload()
    }

    /// The configuration in force.
    pub fn config(&self) -> &DetectorConfig {
        &self.config
    }

    /// sha256 of each model loaded so far, by file name (for the audit record). After a
    /// scan, the models that produced its findings are all in it.
    pub fn model_sha256(&self) -> BTreeMap<String, String> {
        self.models
            .loaded_sha256()
            .map(|(file, sha)| (file.to_string(), sha))
            .collect()
    }

    /// Detect faces, text and barcodes (as configured) in upright sRGB pixels. Findings are in
    /// `img`'s pixels: faces, then text, each by descending score, then barcodes top to bottom.
    pub fn detect(&self, img: &RgbImage) -> Result<Vec<Finding>> {
        let mut findings = self.detect_faces(img)?;
        findings.extend(self.detect_text_and_barcodes(img)?);
        Ok(findings)
    }

    /// Every stage after the face stage, found at once: the stages that need no model (the
    /// barcode search) run on a thread of their own beside the ones that do (text detection),
    /// filling the gaps ONNX Runtime's threads leave between operators (12 MP photos: 90–180
    /// ms less where the barcode search is slow, `benches/scan_stages.rs`). Findings in stage
    /// order. The thread inherits the caller's CPU priority.
    pub fn detect_text_and_barcodes(&self, img: &RgbImage) -> Result<Vec<Finding>> {
        let rest: Vec<&dyn stage::Stage> = (self.stages.iter())
            .map(|s| s.as_ref())
            .filter(|s| s.kind() != Kind::Face)
            .collect();
        let results: Vec<Result<Vec<Finding>>> = std::thread::scope(|scope| {
            let beside: Vec<_> = (rest.iter())
                .map(|s| {
                    (s.models().is_empty()).then(|| scope.spawn(|| s.detect(img, &self.models)))
                })
                .collect();
            // The stages with models run here meanwhile, in order; then the others are joined.
            let mut results: Vec<_> = (rest.iter())
                .map(|s| (!s.models().is_empty()).then(|| s.detect(img, &self.models)))
                .collect();
            for (result, thread) in results.iter_mut().zip(beside) {
                if let Some(t) = thread {
                    *result = Some(t.join().unwrap_or_else(|_| {
                        Err(Error::Detection("a detection stage failed".into()))
                    }));
                }
            }
            results.into_iter().flatten().collect()
        });
        let mut findings = Vec::new();
        for r in results {
            findings.extend(r?);
        }
        Ok(findings)
    }

    /// The findings of the stage for `kind` (none when it is not configured).
    fn detect_kind(&self, img: &RgbImage, kind: Kind) -> Result<Vec<Finding>> {
        match self.stages.iter().find(|s| s.kind() == kind) {
            Some(s) => s.detect(img, &self.models),
            None => Ok(Vec::new()),
        }
    }

    /// Barcodes and QR codes only (none when `kinds.barcode` is off), top to bottom. Each
    /// finding is [`Kind::Barcode`] with score 1, `text` what it encodes and `format` its
    /// symbology, both `None` for bars that look printed for a scanner (quiet zones, widths
    /// quantised to a module) but did not decode; `rect` covers the whole symbol
    /// (a 1D reader only reports the scanline it decoded: the bars are followed to their ends)
    /// with its quiet zone. Needs no model. See `barcode/` for what is searched and how.
    pub fn detect_barcodes(&self, img: &RgbImage) -> Result<Vec<Finding>> {
        self.detect_kind(img, Kind::Barcode)
    }

    /// Faces only (none when the face detector is not loaded), by descending score. With
    /// [`Detector::detect_text`], lets a caller show faces before text detection finishes.
    pub fn detect_faces(&self, img: &RgbImage) -> Result<Vec<Finding>> {
        self.detect_kind(img, Kind::Face)
    }

    /// Text regions only (none when the text detector is not loaded), by descending score.
    /// When the recogniser is loaded, each region carries what was read (if read with
    /// confidence), its category and its words.
    pub fn detect_text(&self, img: &RgbImage) -> Result<Vec<Finding>> {
        self.detect_kind(img, Kind::Text)
    }
}

/// The axis-aligned box covering a quadrilateral, clipped to the image.
fn quad_rect(q: &[[f32; 2]; 4], w: u32, h: u32) -> Rect {
    let [x0, y0, x1, y1] = text::quad_bounds(q);
    Rect::covering(x0, y0, x1, y1, w, h)
}

/// Word boxes from the recogniser's word spans (fractions of the line's length) on the
/// line's quadrilateral. Lines read top-to-bottom (turned a quarter) run along their height.
fn word_rects(spans: &[(f32, f32)], q: &[[f32; 2]; 4], w: u32, h: u32) -> Vec<Rect> {
    use recognize::dist;
    // Reading order of the corners, as the recogniser rectified them.
    let ([p0, p1, p2, p3], _, _) = recognize::reading_order(q);
    let lerp =
        |a: [f32; 2], b: [f32; 2], t: f32| [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    // The line's region was grown (DB "unclip") well past the letters: a word box keeps the
    // middle 1/unclip_ratio of its thickness, which is where the letters are.
    let keep = 1.0 / text::DbParams::default().unclip_ratio;
    let (v0, v1) = (0.5 - keep / 2.0, 0.5 + keep / 2.0);
    let (top0, top1) = (lerp(p0, p3, v0), lerp(p1, p2, v0));
    let (bot0, bot1) = (lerp(p0, p3, v1), lerp(p1, p2, v1));
    spans
        .iter()
        .map(|&(a, b)| {
            // CTC places a character at one time step (8 px of a 48 px strip): widen each
            // word by a quarter of the letters' height on both ends.
            let pad = 0.25 * keep * dist(p0, p3) / dist(p0, p1).max(1.0);
            let (a, b) = ((a - pad).max(0.0), (b + pad).min(1.0));
            let corners = [
                lerp(top0, top1, a),
                lerp(top0, top1, b),
                lerp(bot0, bot1, b),
                lerp(bot0, bot1, a),
            ];
            quad_rect(&corners, w, h)
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// A scored box in float pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FloatBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub score: f32,
}

impl FloatBox {
    /// Intersection over union.
    pub(crate) fn iou(&self, o: &FloatBox) -> f32 {
        let iw = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0);
        let ih = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0);
        let inter = iw * ih;
        let union =
            (self.x1 - self.x0) * (self.y1 - self.y0) + (o.x1 - o.x0) * (o.y1 - o.y0) - inter;
        if union <= 0.0 {
            0.0
        } else {
            inter / union
        }
    }
}

/// Greedy non-maximum suppression: keep the best box, drop those overlapping it by more than `thr`.
pub(crate) fn nms(mut boxes: Vec<FloatBox>, thr: f32) -> Vec<FloatBox> {
    boxes.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut keep: Vec<FloatBox> = Vec::new();
    for b in boxes {
        if keep.iter().all(|k| k.iou(&b) <= thr) {
            keep.push(b);
        }
    }
    keep
}

/// Run `run` on `img` as a 1×3×H×W float tensor whose three planes hold `channels` of each
/// pixel. The tensor lives in a buffer kept per thread between calls (tens of MB for a
/// detector's input: a fresh one each time costs page faults and zeroing); `run` must not
/// call this again.
pub(crate) fn with_nchw<T>(
    img: &RgbImage,
    channels: impl Fn(&image::Rgb<u8>) -> [f32; 3],
    run: impl FnOnce(ndarray::ArrayView4<f32>) -> Result<T>,
) -> Result<T> {
    thread_local! {
        static INPUT: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let (w, h) = (img.width() as usize, img.height() as usize);
    let plane = w * h;
    INPUT.with_borrow_mut(|input| {
        input.resize(3 * plane, 0.0);
        let (c0, rest) = input.split_at_mut(plane);
        let (c1, c2) = rest.split_at_mut(plane);
        for (i, p) in img.pixels().enumerate() {
            [c0[i], c1[i], c2[i]] = channels(p);
        }
        let view = ndarray::ArrayView4::from_shape((1, 3, h, w), &input[..])
            .map_err(|e| Error::Runtime(e.to_string()))?;
        run(view)
    })
}

/// Resize with a bilinear (triangle) filter; returns a clone when the size is unchanged.
pub(crate) fn resize_rgb(img: &RgbImage, w: u32, h: u32) -> RgbImage {
    crate::image_io::resize_rgb(img, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nms_keeps_best_of_overlapping() {
        let a = FloatBox {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
            score: 0.9,
        };
        let b = FloatBox {
            x0: 1.0,
            y0: 1.0,
            x1: 11.0,
            y1: 11.0,
            score: 0.8,
        };
        let c = FloatBox {
            x0: 50.0,
            y0: 50.0,
            x1: 60.0,
            y1: 60.0,
            score: 0.7,
        };
        let kept = nms(vec![b, c, a], 0.3);
        assert_eq!(kept, vec![a, c]);
    }

    #[test]
    fn face_passes_add_a_fine_pass_only_where_it_is_finer() {
        let c = DetectorConfig::default();
        // WIDER-sized: coarse 1×, fine 2× judging faces up to 96 / 2 px.
        let p = c.face_passes(1024, 768);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].scale, p[0].tile, p[0].max_face),
            (1.0, u32::MAX, f32::MAX)
        );
        assert_eq!((p[1].scale, p[1].tile, p[1].max_face), (2.0, 2048, 48.0));
        // 12 MP: coarse at 1920, a 2048 fine pass would be barely finer: skipped.
        let p = c.face_passes(4000, 3000);
        assert_eq!(p.len(), 1);
        assert!((p[0].scale - 0.48).abs() < 1e-6);
        // Small: coarse at most 2×, fine at most twice that.
        let p = c.face_passes(400, 300);
        assert_eq!((p[0].scale, p[1].scale), (2.0, 4.0));
        // Disabled.
        let off = DetectorConfig {
            face_fine_side: 0,
            ..c
        };
        assert_eq!(off.face_passes(1024, 768).len(), 1);
    }

    #[test]
    fn lazy_detector_loads_each_model_when_first_needed() {
        // Only the face model in the folder: faces work, text fails naming its model.
        let dir = tempfile::tempdir().unwrap();
        let src = models::models_dir().unwrap();
        std::fs::copy(
            src.join(models::FACE_MODEL),
            dir.path().join(models::FACE_MODEL),
        )
        .unwrap();
        let d = Detector::lazy_from(dir.path(), DetectorConfig::default());
        assert!(d.model_sha256().is_empty(), "nothing loaded before use");
        let img = RgbImage::from_pixel(64, 48, image::Rgb([128, 128, 128]));
        assert!(d.detect_faces(&img).unwrap().is_empty());
        let loaded: Vec<_> = d.model_sha256().into_keys().collect();
        assert_eq!(loaded, [models::FACE_MODEL]);
        let err = d.detect_text(&img).unwrap_err().to_string();
        assert!(err.contains(models::TEXT_DET_MODEL), "{err}");
        let err = d.preload().unwrap_err().to_string();
        assert!(err.contains(models::TEXT_DET_MODEL), "{err}");
        // The failure is not kept: once the models are there, the same detector loads them.
        for f in [models::TEXT_DET_MODEL, models::TEXT_REC_MODEL] {
            std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
        }
        d.preload().unwrap();
        assert_eq!(d.model_sha256().len(), 3);
    }

    #[test]
    fn the_face_model_choice_names_its_file_and_the_ledger_records_it() {
        assert_eq!(DetectorConfig::default().face_model, FaceModel::Float);
        assert_eq!(FaceModel::parse("int8"), Ok(FaceModel::Int8));
        assert_eq!(FaceModel::parse(" Float "), Ok(FaceModel::Float));
        assert!(FaceModel::parse("int4").is_err());
        let dir = models::models_dir().unwrap();
        for (model, file) in [
            (FaceModel::Float, models::FACE_MODEL),
            (FaceModel::Int8, models::FACE_MODEL_INT8),
        ] {
            assert_eq!(model.file(), file);
            let d = Detector::lazy_from(
                &dir,
                DetectorConfig {
                    face_model: model,
                    ..DetectorConfig::default()
                },
            );
            let img = RgbImage::from_pixel(64, 48, image::Rgb([128, 128, 128]));
            assert!(d.detect_faces(&img).unwrap().is_empty());
            let loaded: Vec<_> = d.model_sha256().into_iter().collect();
            assert_eq!(
                loaded,
                [(
                    file.to_string(),
                    models::pinned_sha256(file).unwrap().to_string()
                )]
            );
        }
    }

    #[test]
    fn rect_helpers() {
        let r = Rect::new(10, 10, 10, 10);
        assert_eq!(r.grown(0.5, 0, 100, 100), Rect::new(5, 5, 20, 20));
        assert_eq!(r.grown(0.0, 20, 25, 25), Rect::new(0, 0, 25, 25));
        assert!((r.iou(&Rect::new(15, 10, 10, 10)) - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(
            DetectKinds::parse("face").unwrap(),
            DetectKinds {
                face: true,
                text: false,
                barcode: false,
            }
        );
        assert_eq!(
            DetectKinds::parse("faces, barcodes").unwrap(),
            DetectKinds {
                face: true,
                text: false,
                barcode: true,
            }
        );
        assert!(DetectKinds::parse("barcode").unwrap().barcode);
        assert!(DetectKinds::parse("faces,qr").is_err());
        assert!(DetectKinds::parse(" , ").is_err());
        assert!(DetectKinds::default().barcode);
        // Settings serialised before barcodes existed still turn them on.
        let old: DetectKinds = serde_json::from_str(r#"{"face":true,"text":false}"#).unwrap();
        assert!(old.barcode);
    }
}
