//! Finding the model files and the ONNX Runtime library, and checking models against the
//! sha256 pinned in `models/MODELS.md` (embedded at build time).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::{Error, Result};

/// `models/MODELS.md` as it was when this binary was built: the source of the pinned hashes.
const MODELS_MD: &str = include_str!("../../../../models/MODELS.md");

/// The ONNX Runtime library file name this build expects.
pub const ORT_LIBRARY: &str = "libonnxruntime.so.1.32.0";

/// The face model's file name (CenterFace, float weights).
pub const FACE_MODEL: &str = "centerface.onnx";
/// CenterFace quantized to integers (`scripts/quantize_centerface.py`), chosen with
/// [`crate::detect::FaceModel::Int8`].
pub const FACE_MODEL_INT8: &str = "centerface-int8.onnx";
/// The text detector's file name.
pub const TEXT_DET_MODEL: &str = "PP-OCRv6_det_small.onnx";
/// The text recogniser's file name.
pub const TEXT_REC_MODEL: &str = "PP-OCRv6_rec_small.onnx";

/// The sha256 pinned for `file` in MODELS.md, if it is listed.
pub fn pinned_sha256(file: &str) -> Option<&'static str> {
    MODELS_MD.lines().find_map(|line| {
        let mut cells = line.split('|').map(str::trim).filter(|c| !c.is_empty());
        let name = cells.next()?;
        let hash = cells.next()?;
        (name == file && hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
            .then_some(hash)
    })
}

pub use crate::hash::sha256_hex;

/// Candidate folders, most specific first: `$CLEARFRAME_MODELS`, `models/` next to the
/// executable, `../share/clearframe/models` (installed), the source tree's `models/`.
fn model_dir_candidates() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(d) = std::env::var_os("CLEARFRAME_MODELS") {
        v.push(PathBuf::from(d));
    }
    if let Some(exe_dir) = exe_dir() {
        v.push(exe_dir.join("models"));
        v.push(exe_dir.join("../share/clearframe/models"));
        v.push(exe_dir.join("../lib/clearframe/models"));
    }
    v.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"));
    v
}

fn exe_dir() -> Option<PathBuf> {
    std::env::current_exe()
        .ok()?
        .parent()
        .map(Path::to_path_buf)
}

/// The folder holding the models: the first candidate that has the face model.
pub fn models_dir() -> Result<PathBuf> {
    let cands = model_dir_candidates();
    cands
        .iter()
        .find(|d| d.join(FACE_MODEL).is_file())
        .cloned()
        .ok_or_else(|| Error::Model {
            path: PathBuf::from(FACE_MODEL),
            message: format!(
                "not found; looked in {} (set CLEARFRAME_MODELS to the folder holding the models)",
                cands
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
}

/// Read a model file and check it against its pinned sha256. Returns the bytes and the hash.
pub fn load_verified(dir: &Path, file: &str) -> Result<(Vec<u8>, String)> {
    let path = dir.join(file);
    let expected = pinned_sha256(file).ok_or_else(|| Error::Model {
        path: path.clone(),
        message: "not listed in models/MODELS.md".into(),
    })?;
    let bytes = std::fs::read(&path).map_err(|e| Error::Model {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let actual = sha256_hex(&bytes);
    if actual != expected {
        return Err(Error::Model {
            path,
            message: format!("sha256 {actual} does not match the pinned {expected}; the file is altered or not the one this build ships"),
        });
    }
    Ok((bytes, actual))
}

/// Where the ONNX Runtime library is: `$ORT_DYLIB_PATH`, next to the executable,
/// `../lib/clearframe/` beside it, or the source tree's `vendor/onnxruntime/`.
pub fn ort_library() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("ORT_DYLIB_PATH").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let mut cands = Vec::new();
    if let Some(exe_dir) = exe_dir() {
        cands.push(exe_dir.join(ORT_LIBRARY));
        cands.push(exe_dir.join("../lib/clearframe").join(ORT_LIBRARY));
    }
    cands.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../vendor/onnxruntime")
            .join(ORT_LIBRARY),
    );
    cands.iter().find(|p| p.is_file()).cloned().ok_or_else(|| {
        Error::Runtime(format!(
            "{ORT_LIBRARY} not found; looked in {} (run scripts/setup.sh, or set ORT_DYLIB_PATH)",
            cands
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

static ENVIRONMENT: OnceLock<std::result::Result<ort::environment::Environment, String>> =
    OnceLock::new();

/// The process-wide ONNX Runtime environment, loading the library on first use.
pub fn environment() -> Result<&'static ort::environment::Environment> {
    ENVIRONMENT
        .get_or_init(|| {
            let lib = ort_library().map_err(|e| e.to_string())?;
            ort::init_from(&lib)
                .map_err(|e| format!("cannot load {}: {e}", lib.display()))?
                .with_name("clearframe")
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Runtime(e.clone()))
}

/// A session for a verified model, with intra-op threads set for this machine.
///
/// Neither ONNX Runtime's CPU arena nor its memory pattern: with them (the face models had the
/// pattern, which saved 7 % CPU on the WIDER subset's face-only scan), a full scan of a
/// 4032×3024 photo peaked at 1.15-1.37 GB and three of them in one batch at 1.80 GB (one
/// worker) and 2.84 GB (two); without them, and with [`crate::memory::tune_allocator`], at
/// 0.90-1.21, 1.07 and 1.88 GB, at the same speed (`scripts/bench-memory.sh`, 2026-12-04). The
/// face-only scan of the WIDER subset peaks 12 % higher (1.10-1.16 GB against 0.98-1.02, two
/// workers) and takes 1-3 % longer.
pub fn session(dir: &Path, file: &str, threads: usize) -> Result<(ort::session::Session, String)> {
    let (bytes, sha) = load_verified(dir, file)?;
    let env = environment()?;
    let path = dir.join(file);
    let model_err = |e: String| Error::Model {
        path: path.clone(),
        message: e,
    };
    let session = ort::session::Session::builder(env)
        .map_err(|e| model_err(e.to_string()))?
        .with_optimization_level(ort::session::builder::GraphOptimizationLevel::All)
        .map_err(|e| model_err(e.to_string()))?
        .with_intra_threads(threads.max(1))
        .map_err(|e| model_err(e.to_string()))?
        .with_intra_op_spinning(false)
        .map_err(|e| model_err(e.to_string()))?
        // No CPU arena and no memory pattern: the models run on inputs of every size (whole
        // photos, tiles, line strips), and the arena grows by powers of two and keeps its peak
        // for the process's life (a pattern is planned per input shape, in it). The allocator
        // keeps freed buffers for reuse instead (`crate::memory`): 12 MP full scans peak 20-40 %
        // lower at the same speed (scripts/bench-memory.sh).
        .with_memory_pattern(false)
        .map_err(|e| model_err(e.to_string()))?
        .with_execution_providers([ort::ep::CPU::default().with_arena_allocator(false).build()])
        .map_err(|e| model_err(e.to_string()))?
        .commit_from_memory(&bytes)
        .map_err(|e| model_err(e.to_string()))?;
    Ok((session, sha))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_model_is_pinned() {
        for f in [
            FACE_MODEL,
            FACE_MODEL_INT8,
            TEXT_DET_MODEL,
            TEXT_REC_MODEL,
            ORT_LIBRARY,
        ] {
            assert!(pinned_sha256(f).is_some(), "{f} has no sha256 in MODELS.md");
        }
    }

    #[test]
    fn altered_model_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FACE_MODEL), b"not the model").unwrap();
        let err = load_verified(dir.path(), FACE_MODEL).unwrap_err();
        assert!(
            err.to_string().contains("does not match the pinned"),
            "{err}"
        );
        let err = load_verified(dir.path(), TEXT_DET_MODEL).unwrap_err();
        assert!(err.to_string().contains(TEXT_DET_MODEL), "{err}");
    }
}
