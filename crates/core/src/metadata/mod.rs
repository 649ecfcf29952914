//! Reading what metadata a file carries, straight from its container bytes (not through a
//! decoder, which would hide what it skips). Used by `scan`, `inspect` and output verification.
//!
//! Two entry points:
//! - [`inspect`] gives the flat [`MetadataReport`] (the `scan --json` contract and what output
//!   verification checks with [`MetadataReport::is_clean`]);
//! - [`inspect_detailed`] also names the container ([`ContainerFormat`]), lists every block found
//!   as a human-readable [`MetadataItem`] (what `clearframe inspect` prints) and decodes the GPS
//!   position when there is one.
//!
//! Both are infallible and never panic: every offset and length read from the file is checked
//! against the bytes actually present, every loop advances through the input or is capped, so
//! garbage, truncated or hostile files cost at most a few linear passes over their bytes.
//! Structural problems met on the way (truncation, offsets pointing outside the file) are
//! reported as [`MetadataDetails::warnings`] rather than errors.
//!
//! One private submodule per container: `jpeg`, `png`, `webp`, `tiff` (also the EXIF reader
//! every other container uses), `gif`, `heif`; `payload` decodes the blocks containers share
//! (ICC profiles, XMP packets, Photoshop IRB / IPTC, text previews).

use serde::Serialize;

mod gif;
mod heif;
mod jpeg;
mod payload;
mod png;
mod tiff;
mod webp;

#[cfg(test)]
mod tests;

/// Which metadata blocks a file carries. Field names are the `scan --json` contract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MetadataReport {
    /// An EXIF block (JPEG APP1 `Exif`, PNG `eXIf`, WebP `EXIF`, TIFF/HEIF EXIF).
    pub exif: bool,
    /// GPS tags inside EXIF (a GPS IFD with at least one entry), or GPS in XMP.
    pub gps: bool,
    /// An XMP packet.
    pub xmp: bool,
    /// IPTC / Photoshop IRB data.
    pub iptc: bool,
    /// An embedded ICC colour profile.
    pub icc: bool,
    /// An embedded thumbnail or preview image (EXIF IFD1, MPF secondary image...).
    pub thumbnail: bool,
    /// Comments or free text (JPEG COM, PNG tEXt/zTXt/iTXt other than XMP, GIF comments).
    pub comment: bool,
    /// Bytes after the end of the image data.
    pub trailing_bytes: u64,
}

impl MetadataReport {
    /// True when the file carries none of the blocks this report tracks and nothing follows the
    /// end of the image. Items of [`Block::Other`] (unknown segments or chunks) are not part of
    /// the report and do not make a file unclean.
    pub fn is_clean(&self) -> bool {
        self.problems().is_empty()
    }

    /// One short phrase per block present (e.g. `"EXIF"`, `"GPS position"`,
    /// `"12 trailing bytes after end of image"`), in a fixed order; empty when
    /// [`is_clean`](Self::is_clean). Meant for verification error messages.
    pub fn problems(&self) -> Vec<String> {
        self.problems_in(crate::l10n::Lang::En)
    }

    /// [`problems`](Self::problems) in `lang`.
    pub fn problems_in(&self, lang: crate::l10n::Lang) -> Vec<String> {
        use crate::l10n::tr;
        let flags = [
            (self.exif, "meta-exif"),
            (self.gps, "meta-gps"),
            (self.xmp, "meta-xmp"),
            (self.iptc, "meta-iptc"),
            (self.icc, "meta-icc"),
            (self.thumbnail, "meta-thumbnail"),
            (self.comment, "meta-comment"),
        ];
        let mut out: Vec<String> = (flags.iter())
            .filter(|(present, _)| *present)
            .map(|(_, id)| tr(lang, id, &[]))
            .collect();
        if self.trailing_bytes > 0 {
            let n = self.trailing_bytes.to_string();
            out.push(tr(lang, "meta-trailing", &[("n", (&n).into())]));
        }
        out
    }
}

/// The container format recognised from a file's leading bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ContainerFormat {
    /// JPEG / JFIF / EXIF JPEG (including MPO, which is JPEG with an MPF segment).
    Jpeg,
    /// PNG (including APNG).
    Png,
    /// WebP (RIFF container).
    #[serde(rename = "webp")]
    WebP,
    /// Classic TIFF, either byte order.
    Tiff,
    /// GIF87a / GIF89a.
    Gif,
    /// HEIF family in an ISO-BMFF container: HEIC, AVIF and other `mif1` brands.
    Heif,
    /// Not recognised; nothing was inspected.
    Unknown,
}

/// The kind of a metadata block found in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Block {
    /// An EXIF block (sets [`MetadataReport::exif`]).
    Exif,
    /// GPS data (sets [`MetadataReport::gps`]).
    Gps,
    /// An XMP packet (sets [`MetadataReport::xmp`]).
    Xmp,
    /// IPTC or Photoshop IRB data (sets [`MetadataReport::iptc`]).
    Iptc,
    /// An ICC colour profile (sets [`MetadataReport::icc`]).
    Icc,
    /// An embedded thumbnail, preview or secondary image (sets [`MetadataReport::thumbnail`]).
    Thumbnail,
    /// A comment or free text (sets [`MetadataReport::comment`]).
    Comment,
    /// Bytes after the end of the image (sets [`MetadataReport::trailing_bytes`]).
    TrailingBytes,
    /// Anything else worth listing (unknown segments or chunks); not part of the report.
    Other,
}

/// One metadata block found in a file, described for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MetadataItem {
    /// What kind of block this is.
    pub block: Block,
    /// A one-line human-readable description, e.g. `"GPS: 43.4674° N, 11.8819° E"`.
    pub summary: String,
}

/// Everything [`inspect_detailed`] found: the flat report plus a description of each block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetadataDetails {
    /// The flat report (same as [`inspect`] returns).
    pub report: MetadataReport,
    /// The container format recognised.
    pub format: ContainerFormat,
    /// Each block found, in file order (collected multi-segment blocks such as ICC profiles
    /// split over several JPEG APP2 segments are listed once, where they end).
    pub items: Vec<MetadataItem>,
    /// Decimal latitude and longitude (negative south / west) when GPS coordinates were found
    /// and could be decoded (EXIF GPS IFD first, XMP `exif:GPSLatitude`/`GPSLongitude` second).
    pub gps_position: Option<(f64, f64)>,
    /// Structural problems met while reading (truncation, offsets outside the file, unknown
    /// format...). Informational: the report is still the best reading of what is there.
    pub warnings: Vec<String>,
    /// The container ends before its end marker (JPEG EOI, PNG IEND, GIF trailer, RIFF size):
    /// the image data is incomplete, whatever a lenient decoder makes of it.
    pub truncated: bool,
}

/// Inspect a file's bytes and report which metadata blocks it carries. Never fails or panics;
/// an unrecognised format gives an all-clear report (see [`inspect_detailed`] to tell).
pub fn inspect(bytes: &[u8]) -> MetadataReport {
    inspect_detailed(bytes).report
}

/// Inspect a file's bytes: the report, the container format, a human-readable item per block
/// and the GPS position. Never fails or panics.
pub fn inspect_detailed(bytes: &[u8]) -> MetadataDetails {
    let format = detect_format(bytes);
    let mut out = Collector::default();
    match format {
        ContainerFormat::Jpeg => jpeg::inspect(bytes, &mut out),
        ContainerFormat::Png => png::inspect(bytes, &mut out),
        ContainerFormat::WebP => webp::inspect(bytes, &mut out),
        ContainerFormat::Tiff => tiff::inspect_file(bytes, &mut out),
        ContainerFormat::Gif => gif::inspect(bytes, &mut out),
        ContainerFormat::Heif => heif::inspect(bytes, &mut out),
        ContainerFormat::Unknown => {
            out.warn("unrecognised file format: nothing inspected");
        }
    }
    out.finish(format)
}

/// For a HEIF-family file, the orientation its primary image's `irot`/`imir` properties amount
/// to, as an EXIF orientation value (1 when none, or for any other format). Informational:
/// libheif applies the transforms to the pixels itself.
pub(crate) fn heif_orientation(bytes: &[u8]) -> u16 {
    if detect_format(bytes) == ContainerFormat::Heif {
        heif::primary_orientation(bytes)
    } else {
        1
    }
}

/// Recognise the container from its magic bytes.
fn detect_format(b: &[u8]) -> ContainerFormat {
    if b.starts_with(&[0xFF, 0xD8]) {
        ContainerFormat::Jpeg
    } else if b.starts_with(png::SIGNATURE) {
        ContainerFormat::Png
    } else if b.len() >= 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        ContainerFormat::WebP
    } else if b.starts_with(b"II") || b.starts_with(b"MM") {
        if b.len() >= 4 && (&b[0..4] == b"II*\0" || &b[0..4] == b"MM\0*") {
            ContainerFormat::Tiff
        } else if b.len() >= 4 && (&b[0..4] == b"II+\0" || &b[0..4] == b"MM\0+") {
            // BigTIFF: recognised, but tiff::inspect_file says it cannot read it.
            ContainerFormat::Tiff
        } else {
            ContainerFormat::Unknown
        }
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        ContainerFormat::Gif
    } else if heif::is_heif(b) {
        ContainerFormat::Heif
    } else {
        ContainerFormat::Unknown
    }
}

/// Most items listed for one file; beyond it flags are still set but items are only counted
/// (keeps the output of a hostile file with thousands of segments bounded).
const MAX_ITEMS: usize = 256;
/// Most warnings kept for one file.
const MAX_WARNINGS: usize = 32;

/// Accumulates what the container walkers find. Adding an item sets the matching report flag,
/// so the report and the item list cannot disagree.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    report: MetadataReport,
    items: Vec<MetadataItem>,
    dropped_items: usize,
    gps_position: Option<(f64, f64)>,
    warnings: Vec<String>,
    truncated: bool,
    depth: u8,
}

/// How deep blocks may nest inside one another (EXIF inside Photoshop resources inside a TIFF
/// tag...). Real files nest two levels at most; the cap keeps hostile ones off the stack.
const MAX_NESTING: u8 = 4;

impl Collector {
    /// Enter a nested block; false (and a warning) when nesting is too deep, in which case the
    /// caller must not descend and must not call [`leave`](Self::leave).
    pub(crate) fn enter(&mut self) -> bool {
        if self.depth >= MAX_NESTING {
            self.warn("metadata blocks nested too deeply; inner blocks not inspected");
            false
        } else {
            self.depth += 1;
            true
        }
    }

    /// Leave a nested block entered with [`enter`](Self::enter).
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Record a block: set its report flag and list it.
    pub(crate) fn add(&mut self, block: Block, summary: impl Into<String>) {
        match block {
            Block::Exif => self.report.exif = true,
            Block::Gps => self.report.gps = true,
            Block::Xmp => self.report.xmp = true,
            Block::Iptc => self.report.iptc = true,
            Block::Icc => self.report.icc = true,
            Block::Thumbnail => self.report.thumbnail = true,
            Block::Comment => self.report.comment = true,
            Block::TrailingBytes | Block::Other => {}
        }
        self.push_item(block, summary.into());
    }

    /// Record `count` bytes after the end of the image (no-op for 0).
    pub(crate) fn add_trailing(&mut self, count: u64, what: &str) {
        if count == 0 {
            return;
        }
        self.report.trailing_bytes = self.report.trailing_bytes.saturating_add(count);
        let summary = if what.is_empty() {
            format!("Trailing bytes: {count} after end of image")
        } else {
            format!("Trailing bytes: {count} after end of image ({what})")
        };
        self.push_item(Block::TrailingBytes, summary);
    }

    /// Record a decoded GPS position; the first one found wins.
    pub(crate) fn set_gps_position(&mut self, pos: (f64, f64)) {
        if self.gps_position.is_none() {
            self.gps_position = Some(pos);
        }
    }

    /// Record that the container ends before its end marker (also a warning).
    pub(crate) fn truncated(&mut self, message: impl Into<String>) {
        self.truncated = true;
        self.warn(message);
    }

    /// Record a structural problem.
    pub(crate) fn warn(&mut self, message: impl Into<String>) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(message.into());
        }
    }

    fn push_item(&mut self, block: Block, summary: String) {
        if self.items.len() < MAX_ITEMS {
            self.items.push(MetadataItem { block, summary });
        } else {
            self.dropped_items += 1;
        }
    }

    fn finish(mut self, format: ContainerFormat) -> MetadataDetails {
        if self.dropped_items > 0 {
            self.items.push(MetadataItem {
                block: Block::Other,
                summary: format!("… and {} more blocks not listed", self.dropped_items),
            });
        }
        MetadataDetails {
            report: self.report,
            format,
            items: self.items,
            gps_position: self.gps_position,
            warnings: self.warnings,
            truncated: self.truncated,
        }
    }
}

/// Bounds-checked big/little-endian readers over a byte slice. All return `None` out of range.
pub(crate) mod bytes {
    /// `len` bytes at `off`, if all present.
    pub(crate) fn slice(b: &[u8], off: usize, len: usize) -> Option<&[u8]> {
        b.get(off..off.checked_add(len)?)
    }

    /// Big-endian u16 at `off`.
    pub(crate) fn be16(b: &[u8], off: usize) -> Option<u16> {
        slice(b, off, 2).map(|s| u16::from_be_bytes([s[0], s[1]]))
    }

    /// Big-endian u32 at `off`.
    pub(crate) fn be32(b: &[u8], off: usize) -> Option<u32> {
        slice(b, off, 4).map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    }

    /// Big-endian u64 at `off`.
    pub(crate) fn be64(b: &[u8], off: usize) -> Option<u64> {
        let s = slice(b, off, 8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Some(u64::from_be_bytes(a))
    }

    /// Little-endian u32 at `off`.
    pub(crate) fn le32(b: &[u8], off: usize) -> Option<u32> {
        slice(b, off, 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    /// Index of the first occurrence of `needle` in `hay`.
    pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        if needle.is_empty() || needle.len() > hay.len() {
            return None;
        }
        hay.windows(needle.len()).position(|w| w == needle)
    }
}
