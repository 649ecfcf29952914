//! The review canvas's pictures: the original and the redacted preview, as JPEG data URLs.

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use clearframe_core::redact::{Preview, PREVIEW_MAX_SIDE};
use image::RgbImage;
use tauri::State;

use super::blocking;
use crate::error::{AppError, AppResult};
use crate::state::{lock, AppState, OpenImage, PreviewCache};

/// A JPEG data URL of the image, scaled so its long side is at most [`PREVIEW_MAX_SIDE`]:
/// the original (`redacted = false`) or with the current plan applied.
#[tauri::command]
pub async fn get_preview(state: State<'_, AppState>, id: u64, redacted: bool) -> AppResult<String> {
    let img = state.image(id)?;
    state.used(id);
    blocking(move || preview(&img, redacted)).await
}

/// See [`get_preview`] (blocking). The first call makes the image's [`PreviewCache`]; after
/// that the original is served as encoded, and the redacted view applies the plan, scaled, to
/// the small copy — the same regions and methods the export applies at full size.
pub fn preview(img: &Arc<Mutex<OpenImage>>, redacted: bool) -> AppResult<String> {
    let (cache, plan) = {
        let mut guard = lock(img);
        if guard.preview.is_none() {
            let cache = make_preview_cache(&guard.decoded()?.pixels)?;
            guard.preview = Some(Arc::new(cache));
        }
        let cache = Arc::clone(guard.preview.as_ref().expect("made above"));
        if !redacted {
            return Ok(cache.original_url.clone());
        }
        (cache, guard.report.plan.clone())
    };
    jpeg_data_url(&cache.preview.redacted(&plan))
}

/// The downscaled copy of `pixels` and its encoded original.
fn make_preview_cache(pixels: &RgbImage) -> AppResult<PreviewCache> {
    let preview = Preview::new(pixels, PREVIEW_MAX_SIDE);
    let original_url = jpeg_data_url(&preview.pixels)?;
    Ok(PreviewCache {
        preview,
        original_url,
    })
}

fn jpeg_data_url(pixels: &RgbImage) -> AppResult<String> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 88)
        .encode_image(pixels)
        .map_err(|e| AppError::new("encode", format!("cannot encode preview: {e}")))?;
    Ok(format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    ))
}
