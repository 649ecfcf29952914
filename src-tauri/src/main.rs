//! `clearframe-app`: the ClearFrame desktop app.
//!
//! `clearframe-app --self-check` opens no window: it loads the detector the way the app does
//! (models and ONNX Runtime found by the core's search paths, each model checked against its
//! pinned sha256), prints where it found them, and exits 0, or 1 with the error. Packaging
//! tests use it to prove an installed copy finds its own files without environment variables.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clearframe_core::detect::{models, DetectKinds, Detector, DetectorConfig, FaceModel};

fn main() -> ExitCode {
    clearframe_core::memory::tune_allocator();
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == "--self-check")
    {
        return match self_check() {
            Ok(()) => {
                println!("self-check: ok");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("self-check: failed: {e}");
                ExitCode::FAILURE
            }
        };
    }
    clearframe_app::run();
    ExitCode::SUCCESS
}

/// A path with `..` and symlinks resolved (as found, when it cannot be resolved).
fn resolved(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Load the detector as the app does and report what was used.
fn self_check() -> clearframe_core::Result<()> {
    println!("clearframe-app {} self-check", env!("CARGO_PKG_VERSION"));
    if let Ok(exe) = std::env::current_exe() {
        println!("executable: {}", exe.display());
    }
    let dir = models::models_dir()?;
    println!("models: {}", resolved(&dir).display());
    let lib = models::ort_library()?;
    let lib_sha = std::fs::read(&lib)
        .map(|b| models::sha256_hex(&b))
        .unwrap_or_else(|e| format!("unreadable ({e})"));
    let pin = match models::pinned_sha256(models::ORT_LIBRARY) {
        Some(p) if p == lib_sha => "matches the pinned hash",
        _ => "not the pinned build",
    };
    println!("onnxruntime: {}", resolved(&lib).display());
    println!("sha256 {lib_sha}  {} ({pin})", models::ORT_LIBRARY);
    // Loads the runtime and the models the app uses, each checked against its pinned sha256.
    let detector = Detector::load(DetectorConfig::default())?;
    // And the quantized face model the CLI offers (`--face-model int8`), loaded the same way.
    let int8 = Detector::load(DetectorConfig {
        kinds: DetectKinds {
            face: true,
            text: false,
            barcode: false,
        },
        face_model: FaceModel::Int8,
        ..DetectorConfig::default()
    })?;
    for (file, sha) in detector.model_sha256().iter().chain(&int8.model_sha256()) {
        println!("sha256 {sha}  {file} (matches the pinned hash)");
    }
    Ok(())
}
