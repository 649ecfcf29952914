//! What the app holds between commands: the policies, the detector (models loaded on first
//! use and shared), the open images with their scan and the reviewer's plan, and where the ledger is.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use clearframe_core::audit;
use clearframe_core::detect::{Detector, DetectorConfig};
use clearframe_core::pipeline::{CancelToken, ExportOutcome, ScanReport};
use clearframe_core::policy::{self, Policy};
use clearframe_core::redact::EditHistory;
use clearframe_core::DecodedImage;
use image::RgbImage;

use crate::error::{AppError, AppResult};

/// The environment variable that overrides the ledger location (tests set it).
pub const LEDGER_ENV: &str = "CLEARFRAME_LEDGER";

/// One opened and scanned image.
#[derive(Debug)]
pub struct OpenImage {
    /// The decoded pixels (upright, sRGB) and what the file carried.
    pub image: DecodedImage,
    /// The scan, whose `plan` the reviewer edits.
    pub report: ScanReport,
    /// sha256 of each model that produced the findings (for the ledger).
    pub models: BTreeMap<String, String>,
    /// Exports made from this image in this session.
    pub exports: Vec<ExportOutcome>,
    /// Undo/redo of the reviewer's edits to `report.plan`.
    pub history: EditHistory,
    /// The downscaled copy previews are drawn from (made on first use; shared, so a preview
    /// request copies no pixels).
    pub preview: Option<Arc<PreviewCache>>,
    /// Only the faces are known yet: text detection is still running. Edits and exports are
    /// refused until the scan completes (the plan is not complete).
    pub scanning: bool,
    /// When this is one picture of a document (a deck's picture, a PDF's page) opened for
    /// review: which. Its plan goes into the document's copy; it is not exported on its own.
    pub origin: Option<DocumentOrigin>,
}

/// Which picture of which document an open image is, as the document's copy names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocumentOrigin {
    /// The document.
    pub path: PathBuf,
    /// The picture: a deck's part name (`ppt/media/image1.jpeg`) or a PDF's `page N`.
    pub key: String,
    /// The hash of the pixels the plan is made on (`document::pixels_sha256`).
    #[serde(skip)]
    pub pixels_sha256: String,
}

impl OpenImage {
    /// A freshly scanned image: no edits, no exports, no preview yet.
    pub fn new(image: DecodedImage, report: ScanReport, models: BTreeMap<String, String>) -> Self {
        OpenImage {
            image,
            report,
            models,
            exports: Vec::new(),
            history: EditHistory::default(),
            preview: None,
            scanning: false,
            origin: None,
        }
    }
}

/// A downscaled copy of an image for the review canvas: the redacted preview applies the plan,
/// scaled, to this copy instead of redacting the full-resolution pixels on every edit.
#[derive(Debug, Clone)]
pub struct PreviewCache {
    /// The pixels, long side at most the preview size.
    pub pixels: RgbImage,
    /// Preview pixels per image pixel (≤ 1).
    pub scale: f64,
    /// The original as a JPEG data URL (encoded once).
    pub original_url: String,
}

/// Shared state behind every command. Cheap to clone (an `Arc`), so background tasks take a
/// copy.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    ledger_path: PathBuf,
    policies: Vec<Policy>,
    detector: Mutex<Option<Arc<Detector>>>,
    images: Mutex<HashMap<u64, Arc<Mutex<OpenImage>>>>,
    next_id: AtomicU64,
    cancel: Mutex<CancelToken>,
}

/// Lock a mutex, recovering the data if a panicking thread poisoned it (every write here
/// leaves the data consistent, so poisoning carries no meaning).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl AppState {
    /// State with the built-in policies and the given ledger file.
    pub fn new(ledger_path: PathBuf) -> Self {
        AppState {
            inner: Arc::new(Inner {
                ledger_path,
                policies: policy::builtin_policies(),
                detector: Mutex::new(None),
                images: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
                cancel: Mutex::new(CancelToken::new()),
            }),
        }
    }

    /// State for the running app: the ledger is `$CLEARFRAME_LEDGER` when set, else the
    /// core's default location (the same one the CLI uses).
    pub fn from_env() -> Self {
        let ledger = std::env::var_os(LEDGER_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(audit::default_ledger_path);
        AppState::new(ledger)
    }

    /// The audit ledger file.
    pub fn ledger_path(&self) -> &std::path::Path {
        &self.inner.ledger_path
    }

    /// The policy presets offered.
    pub fn policies(&self) -> &[Policy] {
        &self.inner.policies
    }

    /// The preset with this id.
    pub fn policy(&self, id: &str) -> AppResult<&Policy> {
        self.inner
            .policies
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| {
                AppError::from(policy::PolicyError::NotFound {
                    id: id.to_string(),
                    available: self.inner.policies.iter().map(|p| p.id.clone()).collect(),
                })
            })
    }

    /// The detector. Its models load on first use, each when a scan first needs it (or all
    /// by [`Detector::preload`], which `run` starts at launch); a failed load is not kept, so
    /// the next scan tries again.
    pub fn detector(&self) -> AppResult<Arc<Detector>> {
        let mut slot = lock(&self.inner.detector);
        if let Some(d) = slot.as_ref() {
            return Ok(Arc::clone(d));
        }
        let d = Arc::new(Detector::lazy(DetectorConfig::default())?);
        *slot = Some(Arc::clone(&d));
        Ok(d)
    }

    /// The token scans started now watch; [`AppState::cancel_scans`] trips it.
    pub fn scan_token(&self) -> CancelToken {
        lock(&self.inner.cancel).clone()
    }

    /// Stop every running scan at its next file boundary (later scans are not affected).
    pub fn cancel_scans(&self) {
        let mut slot = lock(&self.inner.cancel);
        slot.cancel();
        *slot = CancelToken::new();
    }

    /// Keep a scanned image; returns its id.
    pub fn insert(&self, image: OpenImage) -> u64 {
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        lock(&self.inner.images).insert(id, Arc::new(Mutex::new(image)));
        id
    }

    /// Forget an image (its scan failed after the faces were shown).
    pub fn remove(&self, id: u64) {
        lock(&self.inner.images).remove(&id);
    }

    /// The open image that is picture `key` of the document at `path`, if one is open.
    pub fn document_picture(&self, path: &std::path::Path, key: &str) -> Option<u64> {
        let images = lock(&self.inner.images);
        let mut found: Vec<u64> = (images.iter())
            .filter(|(_, img)| {
                lock(img)
                    .origin
                    .as_ref()
                    .is_some_and(|o| o.path == path && o.key == key)
            })
            .map(|(id, _)| *id)
            .collect();
        found.sort_unstable();
        found.first().copied()
    }

    /// The reviewer's plans for the pictures of the document at `path` opened for review, as
    /// its copy takes them.
    pub fn reviewed_pictures(
        &self,
        path: &std::path::Path,
    ) -> Vec<clearframe_core::document::ReviewedPicture> {
        let images = lock(&self.inner.images);
        let mut out: Vec<_> = (images.values())
            .filter_map(|img| {
                let img = lock(img);
                let o = img.origin.as_ref().filter(|o| o.path == path)?;
                Some(clearframe_core::document::ReviewedPicture {
                    key: o.key.clone(),
                    pixels_sha256: o.pixels_sha256.clone(),
                    plan: img.report.plan.clone(),
                })
            })
            .collect();
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    }

    /// The image with this id.
    pub fn image(&self, id: u64) -> AppResult<Arc<Mutex<OpenImage>>> {
        lock(&self.inner.images)
            .get(&id)
            .cloned()
            .ok_or_else(|| AppError::no_image(id))
    }
}
