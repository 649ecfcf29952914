//! What the detector runs and how: which kinds ([`DetectKinds`]), which face model
//! ([`FaceModel`]), and every tuning ([`DetectorConfig`]).

use serde::{Deserialize, Serialize};

use super::{face, models, CrowdParams};

/// Which copy of CenterFace finds faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FaceModel {
    /// The float weights as published (`models/centerface.onnx`): the default, since a missed
    /// face costs more than time.
    #[default]
    Float,
    /// Weights (7-bit) and activations (8-bit) quantized to integers
    /// (`models/centerface-int8.onnx`): 1.3–1.5× faster face detection on 2 cores, as large a
    /// share of the WIDER subset's faces covered, about one point less recall and precision
    /// (measured in `models/MODELS.md`).
    Int8,
}

impl FaceModel {
    /// The model file.
    pub fn file(self) -> &'static str {
        match self {
            FaceModel::Float => models::FACE_MODEL,
            FaceModel::Int8 => models::FACE_MODEL_INT8,
        }
    }

    /// `float` or `int8`.
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "float" | "fp32" => Ok(FaceModel::Float),
            "int8" => Ok(FaceModel::Int8),
            other => Err(format!("unknown face model '{other}' (float or int8)")),
        }
    }
}

/// Which detectors to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectKinds {
    /// Run the face detector.
    pub face: bool,
    /// Run the text detector.
    pub text: bool,
    /// Read barcodes and QR codes (no model needed). Absent in older serialised settings:
    /// defaults to on.
    #[serde(default = "yes")]
    pub barcode: bool,
}

fn yes() -> bool {
    true
}

impl Default for DetectKinds {
    fn default() -> Self {
        DetectKinds {
            face: true,
            text: true,
            barcode: true,
        }
    }
}

impl DetectKinds {
    /// Parse a comma-separated list such as `face,text,barcode`.
    pub fn parse(list: &str) -> std::result::Result<Self, String> {
        let mut k = DetectKinds {
            face: false,
            text: false,
            barcode: false,
        };
        for part in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match part {
                "face" | "faces" => k.face = true,
                "text" => k.text = true,
                "barcode" | "barcodes" => k.barcode = true,
                other => {
                    return Err(format!(
                        "unknown detector `{other}` (expected face, text, barcode)"
                    ))
                }
            }
        }
        if !k.face && !k.text && !k.barcode {
            return Err("no detector selected".into());
        }
        Ok(k)
    }
}

/// Detector settings. The defaults favour recall: a missed face is worse than an extra box.
///
/// Faces are searched in two passes fused by score (see `face.rs`): a coarse pass over the
/// whole image (long side brought into `face_min_side..=face_max_side`) and, when that is
/// well below `face_fine_side`, a finer pass at up to twice the coarse scale, in overlapping
/// tiles, for faces of 10–30 px. Defaults chosen with `clearframe eval faces` on the WIDER
/// FACE subset.
#[derive(Debug, Clone, Copy)]
pub struct DetectorConfig {
    /// Which detectors run.
    pub kinds: DetectKinds,
    /// Which copy of the face model runs.
    pub face_model: FaceModel,
    /// Face score threshold, applied to the score fused over the passes (a face seen by one
    /// pass of two counts half its score).
    pub face_threshold: f32,
    /// Images are scaled down so their long side is at most this for the coarse face pass…
    pub face_max_side: u32,
    /// …and small images scaled up (at most 2×) so their long side reaches this.
    pub face_min_side: u32,
    /// Long side of the fine face pass (at most twice the coarse pass's scale); the pass is
    /// skipped when it would not be at least 1.25× the coarse scale. 0 = no fine pass.
    pub face_fine_side: u32,
    /// Longest tile side of the fine pass, in model input pixels (bounds its memory).
    pub face_tile: u32,
    /// Overlap of neighbouring fine-pass tiles, in model input pixels: the largest face the
    /// fine pass judges (larger ones are left to the coarse pass), and the cell of its seeded
    /// tiles. On the WIDER subset (threshold 0.18, seed floor 0.15), cells of 64 / 96 / 128
    /// gave coverage 0.859 / 0.871 / 0.870, recall 0.787 / 0.802 / 0.799, precision 0.633 /
    /// 0.643 / 0.642, at 11.9 / 9.8 / 8.5 images/s: 96 searches less than 128 (a lone seed's
    /// tile is 224² instead of 320²) and loses nothing; at 64 faces of 32–64 px lose the fine
    /// pass's vote.
    pub face_tile_overlap: u32,
    /// Run the fine pass only around what the coarse pass saw (any box it decoded, however
    /// weak, small enough for the fine pass), in cells of `face_tile_overlap` model pixels;
    /// `false` searches the whole image at the fine scale. On the WIDER subset, seeded at
    /// threshold 0.18 scores about as the whole-image pass at 0.175 (see `face.rs`), on 0.43
    /// of its pixels.
    pub face_fine_seeded: bool,
    /// A coarse-pass box seeds the fine pass only when it scores at least this. Faces the
    /// coarse pass scores lower are rarely confirmed by the fine pass (the fused score is the
    /// mean of the two). On the WIDER subset (cells of 128), floors of 0.05 / 0.10 / 0.15 / 0.20 / 0.25 gave
    /// coverage 0.872 / 0.871 / 0.870 / 0.868 / 0.854 with recall 0.801 / 0.801 / 0.799 /
    /// 0.798 / 0.794, and 6.4 / 7.2 / 8.0 / 8.2 / 8.1 images/s.
    pub face_seed_floor: f32,
    /// Build crowd regions from the small and weak face boxes (see `crowd.rs`); `None`
    /// reports faces only.
    pub crowd: Option<CrowdParams>,
    /// Cover the whole framed photo a face sits in (a badge portrait, a photo on a screen or
    /// in print), not only the face (see `photo.rs`).
    pub photo_frames: bool,
    /// Read each text region with the recogniser (text, category and words on findings).
    pub read_text: bool,
    /// A reading whose mean character probability is below this is not reported (the region
    /// is still redacted).
    pub text_min_read_score: f32,
    /// ONNX Runtime intra-op threads per model (0 = one per core).
    pub threads: usize,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        DetectorConfig {
            kinds: DetectKinds::default(),
            face_model: FaceModel::default(),
            face_threshold: 0.18,
            face_max_side: 1920,
            face_min_side: 1024,
            face_fine_side: 2048,
            face_tile: 2048,
            face_tile_overlap: 96,
            face_fine_seeded: true,
            face_seed_floor: 0.15,
            crowd: Some(CrowdParams::default()),
            photo_frames: true,
            read_text: true,
            text_min_read_score: 0.5,
            threads: 0,
        }
    }
}

impl DetectorConfig {
    /// The face passes for a `width`×`height` image: the coarse pass, then the fine one if any.
    pub(crate) fn face_passes(&self, width: u32, height: u32) -> Vec<face::Pass> {
        let long = width.max(height).max(1) as f32;
        let mut scale = (self.face_max_side as f32 / long).min(1.0);
        if long * scale < self.face_min_side as f32 {
            scale = (self.face_min_side as f32 / long).min(2.0);
        }
        let mut passes = vec![face::Pass {
            scale,
            tile: u32::MAX,
            overlap: 0,
            max_face: f32::MAX,
        }];
        let fine = (self.face_fine_side as f32 / long).min(2.0 * scale);
        if fine >= 1.25 * scale {
            passes.push(face::Pass {
                scale: fine,
                tile: self.face_tile.max(64),
                overlap: self.face_tile_overlap,
                max_face: self.face_tile_overlap.max(32) as f32 / fine,
            });
        }
        passes
    }
}
