//! The detector's stages: each finds one kind of region, with the models it names. A
//! [`super::Detector`] holds a list of them, built from its configuration, and one shared
//! [`Models`] set; adding a kind of finding adds a stage here, not a field and a match arm.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use image::RgbImage;

use super::{
    barcode, category, crowd, face, models, photo, recognize, text, DetectorConfig, FloatBox,
};
use crate::finding::{Finding, Kind, Rect};
use crate::{Error, Result};

/// One detection stage.
pub(crate) trait Stage: Send + Sync {
    /// The kind of finding it reports (the face stage also reports the crowds it builds
    /// from its faces, `crowd.rs`).
    fn kind(&self) -> Kind;
    /// The model files it runs, in the order it uses them (none: it runs beside the stages
    /// that do, on a thread of its own).
    fn models(&self) -> Vec<&'static str>;
    /// Its findings in `img`'s pixels.
    fn detect(&self, img: &RgbImage, models: &Models) -> Result<Vec<Finding>>;
}

/// The stages a configuration asks for, in the order a scan runs them: faces, text,
/// barcodes.
pub(crate) fn stages(config: &DetectorConfig) -> Vec<Box<dyn Stage>> {
    let mut stages: Vec<Box<dyn Stage>> = Vec::new();
    if config.kinds.face {
        stages.push(Box::new(FaceStage { config: *config }));
    }
    if config.kinds.text {
        stages.push(Box::new(TextStage {
            read: config.read_text,
            min_read_score: config.text_min_read_score,
        }));
    }
    if config.kinds.barcode {
        stages.push(Box::new(BarcodeStage));
    }
    stages
}

/// A model loaded into an ONNX Runtime session.
pub(crate) struct LoadedModel {
    session: Mutex<ort::session::Session>,
    pub(crate) sha256: String,
    /// The recogniser's vocabulary (empty for the detectors).
    vocab: Vec<String>,
}

impl LoadedModel {
    /// The session, for one run at a time.
    fn session(&self, file: &str) -> Result<std::sync::MutexGuard<'_, ort::session::Session>> {
        self.session
            .lock()
            .map_err(|_| Error::Runtime(format!("{file} session poisoned")))
    }
}

/// A model a stage needs, loaded on first use (or by [`Models::preload`]).
struct ModelSlot {
    file: &'static str,
    loaded: Mutex<Option<Arc<LoadedModel>>>,
}

/// The models of a detector's stages, each loaded once (and its sha256 verified) on first
/// use; a caller needing a model another thread is loading waits for that one only.
pub(crate) struct Models {
    dir: PathBuf,
    threads: usize,
    slots: Vec<ModelSlot>,
}

impl Models {
    /// The models `stages` name, in order, each once, to be loaded from `dir` with `threads`
    /// intra-op threads each.
    pub(crate) fn new(dir: PathBuf, threads: usize, stages: &[Box<dyn Stage>]) -> Self {
        let mut slots: Vec<ModelSlot> = Vec::new();
        for file in stages.iter().flat_map(|s| s.models()) {
            if !slots.iter().any(|s| s.file == file) {
                slots.push(ModelSlot {
                    file,
                    loaded: Mutex::new(None),
                });
            }
        }
        Models {
            dir,
            threads,
            slots,
        }
    }

    /// The folder the models load from.
    pub(crate) fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Load every model, in order.
    pub(crate) fn preload(&self) -> Result<()> {
        for slot in &self.slots {
            self.load(slot)?;
        }
        Ok(())
    }

    /// sha256 of each model loaded so far, by file name.
    pub(crate) fn loaded_sha256(&self) -> impl Iterator<Item = (&'static str, String)> + '_ {
        self.slots.iter().filter_map(|slot| {
            let loaded = slot.loaded.lock().ok().and_then(|l| l.clone());
            loaded.map(|m| (slot.file, m.sha256.clone()))
        })
    }

    /// The model `file`, loading it if needed.
    pub(crate) fn get(&self, file: &str) -> Result<Arc<LoadedModel>> {
        let slot = (self.slots.iter())
            .find(|s| s.file == file)
            .ok_or_else(|| {
                Error::Runtime(format!("{file} is not one of this detector's models"))
            })?;
        self.load(slot)
    }

    /// A failed load is not kept: the next call tries again.
    fn load(&self, slot: &ModelSlot) -> Result<Arc<LoadedModel>> {
        let mut loaded = slot
            .loaded
            .lock()
            .map_err(|_| Error::Runtime(format!("{} loader poisoned", slot.file)))?;
        if let Some(m) = loaded.as_ref() {
            return Ok(Arc::clone(m));
        }
        let (session, sha256) = models::session(&self.dir, slot.file, self.threads)?;
        let vocab = if slot.file == models::TEXT_REC_MODEL {
            recognize::vocabulary(&session)?
        } else {
            Vec::new()
        };
        let m = Arc::new(LoadedModel {
            session: Mutex::new(session),
            sha256,
            vocab,
        });
        *loaded = Some(Arc::clone(&m));
        Ok(m)
    }
}

/// Faces: CenterFace, a coarse pass and a seeded finer one, fused (see `face.rs`); then the
/// crowd regions built from the small and weak boxes (see `crowd.rs`).
struct FaceStage {
    config: DetectorConfig,
}

impl Stage for FaceStage {
    fn kind(&self) -> Kind {
        Kind::Face
    }

    fn models(&self) -> Vec<&'static str> {
        vec![self.config.face_model.file()]
    }

    fn detect(&self, img: &RgbImage, models: &Models) -> Result<Vec<Finding>> {
        let (w, h) = img.dimensions();
        let file = self.config.face_model.file();
        let face = models.get(file)?;
        let mut session = face.session(file)?;
        let mut passes = Vec::new();
        let mut raw: Vec<FloatBox> = Vec::new();
        for (i, pass) in self.config.face_passes(w, h).iter().enumerate() {
            // A finer pass looks only where the pass before saw something face-like
            // small enough for it to judge (see `face.rs`), unless told to look everywhere.
            let seeds: Option<Vec<(f32, f32)>> =
                (i > 0 && self.config.face_fine_seeded).then(|| {
                    raw.iter()
                        .filter(|b| {
                            b.score >= self.config.face_seed_floor
                                && (b.x1 - b.x0).max(b.y1 - b.y0) <= pass.max_face
                        })
                        .map(|b| ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0))
                        .collect()
                });
            let (boxes, all) = face::detect_pass(&mut session, img, pass, seeds.as_deref())?;
            raw = all;
            passes.push((boxes, pass.max_face));
        }
        // Fused down to the crowd's evidence floor: the faces are those above the threshold.
        let threshold = self.config.face_threshold;
        let floor =
            (self.config.crowd.as_ref()).map_or(threshold, |c| c.evidence_floor.min(threshold));
        let fused = face::fuse(&passes, floor);
        let mut findings = Vec::new();
        for b in fused.iter().filter(|b| b.score > threshold) {
            let rect = Rect::covering(b.x0, b.y0, b.x1, b.y1, w, h);
            if rect.is_empty() {
                continue;
            }
            findings.push(Finding::new(Kind::Face, rect, b.score));
        }
        if self.config.photo_frames {
            let params = photo::PhotoParams::default();
            let mut largest: Vec<&mut Finding> = findings.iter_mut().collect();
            largest.sort_by_key(|f| std::cmp::Reverse(f.rect.w.max(f.rect.h)));
            for face in largest.into_iter().take(params.max_faces) {
                face.polygon = photo::photo_around(img, &face.rect, &params);
            }
        }
        if let Some(params) = &self.config.crowd {
            let scale = self.config.face_passes(w, h)[0].scale;
            findings.extend(crowd::crowd_regions(&fused, scale, threshold, w, h, params));
        }
        Ok(findings)
    }
}

/// Text: PP-OCR DB regions, each read by the recogniser when `read` (text, category, words).
struct TextStage {
    read: bool,
    min_read_score: f32,
}

impl Stage for TextStage {
    fn kind(&self) -> Kind {
        Kind::Text
    }

    fn models(&self) -> Vec<&'static str> {
        let mut files = vec![models::TEXT_DET_MODEL];
        if self.read {
            files.push(models::TEXT_REC_MODEL);
        }
        files
    }

    fn detect(&self, img: &RgbImage, models: &Models) -> Result<Vec<Finding>> {
        let (w, h) = img.dimensions();
        let mut boxes = {
            let det = models.get(models::TEXT_DET_MODEL)?;
            let mut session = det.session(models::TEXT_DET_MODEL)?;
            text::detect(&mut session, img, &text::DbParams::default())?
        };
        boxes.sort_by(|a, b| b.score.total_cmp(&a.score));
        let mut findings: Vec<Finding> = boxes
            .iter()
            .filter_map(|b| {
                let rect = super::quad_rect(&b.quad, w, h);
                (!rect.is_empty()).then(|| Finding {
                    quad: Some(b.quad),
                    ..Finding::new(Kind::Text, rect, b.score)
                })
            })
            .collect();
        if self.read && !findings.is_empty() {
            let quads: Vec<_> = findings.iter().filter_map(|f| f.quad).collect();
            let rec = models.get(models::TEXT_REC_MODEL)?;
            let readings = {
                let mut session = rec.session(models::TEXT_REC_MODEL)?;
                recognize::recognize(&mut session, &rec.vocab, img, &quads)?
            };
            for (f, r) in findings.iter_mut().zip(readings) {
                if r.text.is_empty() || r.score < self.min_read_score {
                    continue;
                }
                f.category = Some(category::classify(&r.text));
                f.text = Some(r.text);
                f.words = super::word_rects(&r.words, f.quad.as_ref().expect("text quad"), w, h);
            }
        }
        Ok(findings)
    }
}

/// Barcodes and QR codes, read with rxing (no model; see `barcode/`).
struct BarcodeStage;

impl Stage for BarcodeStage {
    fn kind(&self) -> Kind {
        Kind::Barcode
    }

    fn models(&self) -> Vec<&'static str> {
        Vec::new()
    }

    fn detect(&self, img: &RgbImage, _models: &Models) -> Result<Vec<Finding>> {
        let (w, h) = img.dimensions();
        let hits = barcode::detect(img, &barcode::BarcodeParams::default())
            .map_err(|_| Error::Detection("the barcode reader failed on this image".into()))?;
        Ok(hits
            .into_iter()
            .map(|b| Finding {
                text: b.text,
                format: b.format.map(|f| barcode::format_name(f).to_string()),
                ..Finding::new(
                    Kind::Barcode,
                    Rect::covering(b.x0, b.y0, b.x1, b.y1, w, h),
                    1.0,
                )
            })
            .filter(|f| !f.rect.is_empty())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{DetectKinds, FaceModel};

    #[test]
    fn the_stages_and_their_models_follow_the_configuration() {
        let all = DetectorConfig::default();
        let list = stages(&all);
        let kinds: Vec<Kind> = list.iter().map(|s| s.kind()).collect();
        assert_eq!(kinds, [Kind::Face, Kind::Text, Kind::Barcode]);
        let models = Models::new(PathBuf::from("/nowhere"), 1, &list);
        let files: Vec<&str> = models.slots.iter().map(|s| s.file).collect();
        assert_eq!(
            files,
            [
                models::FACE_MODEL,
                models::TEXT_DET_MODEL,
                models::TEXT_REC_MODEL
            ]
        );
        assert_eq!(
            models.loaded_sha256().count(),
            0,
            "nothing loads until asked"
        );
        let err = models
            .get("other.onnx")
            .err()
            .expect("not a model of these stages");
        assert!(err.to_string().contains("other.onnx"), "{err}");

        let some = DetectorConfig {
            kinds: DetectKinds {
                face: true,
                text: false,
                barcode: true,
            },
            face_model: FaceModel::Int8,
            ..DetectorConfig::default()
        };
        let list = stages(&some);
        let kinds: Vec<Kind> = list.iter().map(|s| s.kind()).collect();
        assert_eq!(kinds, [Kind::Face, Kind::Barcode]);
        let models = Models::new(PathBuf::from("/nowhere"), 1, &list);
        let files: Vec<&str> = models.slots.iter().map(|s| s.file).collect();
        assert_eq!(files, [models::FACE_MODEL_INT8]);
    }

    #[test]
    fn a_barcode_only_detector_loads_no_model_and_finds_nothing_in_a_blank_picture() {
        let config = DetectorConfig {
            kinds: DetectKinds {
                face: false,
                text: false,
                barcode: true,
            },
            ..DetectorConfig::default()
        };
        let d = crate::detect::Detector::load(config).unwrap();
        let blank = RgbImage::from_pixel(64, 48, image::Rgb([255, 255, 255]));
        assert!(d.detect(&blank).unwrap().is_empty());
        assert!(d.detect_faces(&blank).unwrap().is_empty());
        assert!(d.model_sha256().is_empty());
    }
}
