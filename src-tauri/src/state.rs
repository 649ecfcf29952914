//! What the app holds between commands: the policies, the detector (models loaded on first
//! use and shared), the open images with their scan and the reviewer's plan, and where the ledger is.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use clearframe_core::audit;
use clearframe_core::detect::{Detector, DetectorConfig};
use clearframe_core::image_io::{self, DecodeOptions};
use clearframe_core::pipeline::{CancelToken, ExportOutcome, ScanReport};
use clearframe_core::policy::{self, Policy};
use clearframe_core::redact::EditHistory;
use clearframe_core::DecodedImage;
use image::RgbImage;
use serde::Serialize;

use crate::commands::locale::text;
use crate::error::{AppError, AppResult};
use crate::settings::{default_settings_path, Settings};

/// The environment variable that overrides the ledger location (tests set it).
pub const LEDGER_ENV: &str = "CLEARFRAME_LEDGER";

/// How many bytes of full-resolution pixels the open images keep in memory: about three 12 MP
/// photos (36 MB each). Beyond it, the pixels of the images used least recently are let go and
/// decoded again from their file when they are next needed (a preview made, an export); their
/// scan, plan, history and preview stay. A folder of 100 12 MP photos would otherwise hold
/// 3.6 GB of pixels once scanned.
pub const PIXEL_BUDGET: usize = 128 << 20;

/// One opened and scanned image.
#[derive(Debug)]
pub struct OpenImage {
    /// The decoded pixels (upright, sRGB) and what the file carried. The pixels may have been
    /// let go (see [`PIXEL_BUDGET`]): use [`OpenImage::decoded`] for them; the rest is always here.
    pub image: DecodedImage,
    /// The pixels were let go: `image.pixels` is empty until [`OpenImage::decoded`] reads them
    /// again from the file.
    released: bool,
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
#[cfg_attr(test, derive(ts_rs::TS))]
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
            released: false,
            report,
            models,
            exports: Vec::new(),
            history: EditHistory::default(),
            preview: None,
            scanning: false,
            origin: None,
        }
    }

    /// Whether the full-resolution pixels are in memory.
    pub fn pixels_in_memory(&self) -> bool {
        !self.released
    }

    /// The bytes the full-resolution pixels take while in memory.
    fn pixel_bytes(&self) -> usize {
        3 * self.report.width as usize * self.report.height as usize
    }

    /// Let the full-resolution pixels go, when they can be read again: not while the image is
    /// still being scanned, nor for a document's picture (drawn from the document, not a file
    /// of its own). Returns whether they were let go.
    fn release_pixels(&mut self) -> bool {
        if self.released || self.scanning || self.origin.is_some() {
            return false;
        }
        self.image.pixels = Arc::new(RgbImage::new(0, 0));
        self.released = true;
        true
    }

    /// The decoded image with its full-resolution pixels, decoded again from its file (as a
    /// scan decodes it) when they were let go. A file whose bytes are no longer the ones
    /// scanned is refused (`changed`): its findings would not be its own.
    pub fn decoded(&mut self) -> AppResult<&DecodedImage> {
        if self.released {
            let path = &self.image.path;
            let again = image_io::decode_file(path, &DecodeOptions::default())?;
            if again.sha256 != self.image.sha256
                || (again.width(), again.height()) != (self.report.width, self.report.height)
            {
                let path = path.display().to_string();
                return Err(AppError::new(
                    "changed",
                    text("app-changed", &[("path", (&path).into())]),
                ));
            }
            self.image.pixels = again.pixels;
            self.released = false;
        }
        Ok(&self.image)
    }
}

/// A downscaled copy of an image for the review canvas: the redacted preview applies the plan,
/// scaled, to this copy instead of redacting the full-resolution pixels on every edit.
#[derive(Debug, Clone)]
pub struct PreviewCache {
    /// The downscaled pixels and their scale.
    pub preview: clearframe_core::redact::Preview,
    /// The original as a JPEG data URL (encoded once).
    pub original_url: String,
}

/// The presets offered and where they came from.
struct PolicySet {
    policies: Arc<Vec<Policy>>,
    dirs: Vec<PathBuf>,
    problem: Option<String>,
}

impl PolicySet {
    fn builtin() -> Self {
        PolicySet {
            policies: Arc::new(policy::builtin_policies()),
            dirs: Vec::new(),
            problem: None,
        }
    }

    /// The built-in presets and those in `dirs`; when those cannot all be loaded, the built-in
    /// ones only, with the problem (the folders are kept, to show and to fix).
    fn load(dirs: Vec<PathBuf>) -> Self {
        match policy::all_policies(&dirs) {
            Ok(policies) => PolicySet {
                policies: Arc::new(policies),
                dirs,
                problem: None,
            },
            Err(e) => PolicySet {
                problem: Some(format!(
                    "The institution presets were not loaded: {e}. Only the built-in presets are offered."
                )),
                dirs,
                ..PolicySet::builtin()
            },
        }
    }
}

/// The institution preset folders, as the settings show them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PolicySettings {
    /// The folders whose presets are offered beside the built-in ones.
    pub dirs: Vec<PathBuf>,
    /// Why they are not offered, when they could not be loaded.
    pub problem: Option<String>,
    /// How many presets are offered in all.
    pub count: usize,
}

/// Shared state behind every command. Cheap to clone (an `Arc`), so background tasks take a
/// copy.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    ledger_path: PathBuf,
    /// Where the settings are kept (`None`: not kept, as in most tests).
    settings_path: Option<PathBuf>,
    /// The presets offered and the institution folders they came from.
    policies: Mutex<PolicySet>,
    detector: Mutex<Option<Arc<Detector>>>,
    images: Mutex<HashMap<u64, Arc<Mutex<OpenImage>>>>,
    /// Open images by last use, the most recent first (see [`PIXEL_BUDGET`]).
    recent: Mutex<VecDeque<u64>>,
    pixel_budget: usize,
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
        Self::with_pixel_budget(ledger_path, PIXEL_BUDGET)
    }

    /// [`AppState::new`] with open images keeping at most `pixel_budget` bytes of pixels in
    /// memory (the most recently used image always keeps its own).
    pub fn with_pixel_budget(ledger_path: PathBuf, pixel_budget: usize) -> Self {
        Self::build(ledger_path, None, PolicySet::builtin(), pixel_budget)
    }

    /// State whose settings are kept in `settings_path`: the presets are the built-in ones and
    /// those in the settings' institution folders. A settings file or preset that cannot be
    /// read leaves the built-in presets, with the problem to show ([`PolicySettings`]).
    pub fn with_settings(ledger_path: PathBuf, settings_path: PathBuf) -> Self {
        let policies = match Settings::load(&settings_path) {
            Ok(settings) => PolicySet::load(settings.policy_dirs),
            Err(e) => PolicySet {
                problem: Some(e.message),
                ..PolicySet::builtin()
            },
        };
        Self::build(ledger_path, Some(settings_path), policies, PIXEL_BUDGET)
    }

    fn build(
        ledger_path: PathBuf,
        settings_path: Option<PathBuf>,
        policies: PolicySet,
        pixel_budget: usize,
    ) -> Self {
        AppState {
            inner: Arc::new(Inner {
                ledger_path,
                settings_path,
                policies: Mutex::new(policies),
                detector: Mutex::new(None),
                images: Mutex::new(HashMap::new()),
                recent: Mutex::new(VecDeque::new()),
                pixel_budget,
                next_id: AtomicU64::new(1),
                cancel: Mutex::new(CancelToken::new()),
            }),
        }
    }

    /// State for the running app: the ledger is `$CLEARFRAME_LEDGER` when set, else the
    /// core's default location (the same one the CLI uses); the settings are
    /// [`default_settings_path`]'s.
    pub fn from_env() -> Self {
        let ledger = std::env::var_os(LEDGER_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(audit::default_ledger_path);
        AppState::with_settings(ledger, default_settings_path())
    }

    /// The audit ledger file.
    pub fn ledger_path(&self) -> &std::path::Path {
        &self.inner.ledger_path
    }

    /// The policy presets offered: the built-in ones, then the institution folders' ones.
    pub fn policies(&self) -> Arc<Vec<Policy>> {
        Arc::clone(&lock(&self.inner.policies).policies)
    }

    /// The preset with this id.
    pub fn policy(&self, id: &str) -> AppResult<Policy> {
        Ok(policy::policy_in(&self.policies(), id)?.clone())
    }

    /// The institution preset folders and any problem loading them.
    pub fn policy_settings(&self) -> PolicySettings {
        let set = lock(&self.inner.policies);
        PolicySettings {
            dirs: set.dirs.clone(),
            problem: set.problem.clone(),
            count: set.policies.len(),
        }
    }

    /// Offer the presets of these folders (beside the built-in ones) from now on, and keep
    /// the choice in the settings. Every preset is loaded and checked first: a folder that
    /// cannot be read, a malformed preset (named with its line) or an id defined twice is an
    /// error (code `policy`) and nothing changes.
    pub fn set_policy_dirs(&self, dirs: Vec<PathBuf>) -> AppResult<PolicySettings> {
        let mut unique: Vec<PathBuf> = Vec::new();
        for d in dirs {
            if !d.is_absolute() {
                let path = d.display().to_string();
                return Err(AppError::invalid(text(
                    "app-not-folder-path",
                    &[("path", (&path).into())],
                )));
            }
            if !unique.contains(&d) {
                unique.push(d);
            }
        }
        let policies = policy::all_policies(&unique)?;
        if let Some(path) = &self.inner.settings_path {
            Settings {
                policy_dirs: unique.clone(),
            }
            .save(path)?;
        }
        *lock(&self.inner.policies) = PolicySet {
            policies: Arc::new(policies),
            dirs: unique,
            problem: None,
        };
        Ok(self.policy_settings())
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
        self.used(id);
        id
    }

    /// Record that image `id` is in use now (call it without holding any image's lock): the
    /// images used least recently let their pixels go until those still in memory fit in the
    /// budget; `id` keeps its own, and an image busy in another command is left as it is.
    pub fn used(&self, id: u64) {
        let mut recent = lock(&self.inner.recent);
        let images = lock(&self.inner.images);
        recent.retain(|i| *i != id && images.contains_key(i));
        recent.push_front(id);
        let mut kept = 0usize;
        for (n, i) in recent.iter().enumerate() {
            let Some(Ok(mut img)) = images.get(i).map(|m| m.try_lock()) else {
                continue;
            };
            let bytes = img.pixel_bytes();
            // The image in use (n = 0) counts whether its pixels are in memory or about to be
            // read; the others count only while in memory, and are let go past the budget.
            let over = kept + bytes > self.inner.pixel_budget;
            if n > 0 && (!img.pixels_in_memory() || (over && img.release_pixels())) {
                continue;
            }
            kept += bytes;
        }
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
