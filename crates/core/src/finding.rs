//! The vocabulary every stage shares: what a finding is ([`Kind`], [`TextCategory`]), where it
//! is ([`Rect`]) and the finding itself ([`Finding`]). Detectors make findings, the plan and
//! the redaction use them, the policy gate and the ledger count them by kind; none of those
//! needs the detectors to name them.

use serde::{Deserialize, Serialize};

use crate::polygon::Polygon;

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Kind {
    /// A human face.
    Face,
    /// A region of visible text (read or not).
    Text,
    /// A barcode or QR code.
    Barcode,
    /// A region the reviewer drew by hand.
    Manual,
    /// Where a crowd is: a polygon over many small faces, most too small to be found one by
    /// one (see `detect/crowd.rs`).
    Crowd,
}

impl Kind {
    /// Every kind, in the order the ledger and its CSV list them.
    pub const ALL: [Kind; 5] = [
        Kind::Face,
        Kind::Text,
        Kind::Barcode,
        Kind::Manual,
        Kind::Crowd,
    ];

    /// The lowercase id used in JSON, policies and the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Face => "face",
            Kind::Text => "text",
            Kind::Barcode => "barcode",
            Kind::Manual => "manual",
            Kind::Crowd => "crowd",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An axis-aligned rectangle in pixels of the displayed (orientation-applied) image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width (> 0 for a meaningful rectangle).
    pub w: u32,
    /// Height (> 0 for a meaningful rectangle).
    pub h: u32,
}

impl Rect {
    /// A rectangle from its corner and size.
    pub const fn new(x: u32, y: u32, w: u32, h: u32) -> Self {
        Rect { x, y, w, h }
    }

    /// The smallest rectangle of whole pixels covering the float box `[x0,x1)×[y0,y1)`,
    /// clipped to a `width`×`height` image.
    pub fn covering(x0: f32, y0: f32, x1: f32, y1: f32, width: u32, height: u32) -> Self {
        let cx0 = x0.floor().clamp(0.0, width as f32) as u32;
        let cy0 = y0.floor().clamp(0.0, height as f32) as u32;
        let cx1 = x1.ceil().clamp(0.0, width as f32) as u32;
        let cy1 = y1.ceil().clamp(0.0, height as f32) as u32;
        Rect::new(cx0, cy0, cx1.saturating_sub(cx0), cy1.saturating_sub(cy0))
    }

    /// Right edge (exclusive).
    pub const fn right(&self) -> u32 {
        self.x + self.w
    }

    /// Bottom edge (exclusive).
    pub const fn bottom(&self) -> u32 {
        self.y + self.h
    }

    /// Area in pixels.
    pub const fn area(&self) -> u64 {
        self.w as u64 * self.h as u64
    }

    /// True when the rectangle covers no pixel.
    pub const fn is_empty(&self) -> bool {
        self.w == 0 || self.h == 0
    }

    /// Pixels shared with `other`.
    pub fn intersection_area(&self, other: &Rect) -> u64 {
        let w = self
            .right()
            .min(other.right())
            .saturating_sub(self.x.max(other.x));
        let h = self
            .bottom()
            .min(other.bottom())
            .saturating_sub(self.y.max(other.y));
        w as u64 * h as u64
    }

    /// Intersection over union.
    pub fn iou(&self, other: &Rect) -> f32 {
        let i = self.intersection_area(other) as f64;
        let u = self.area() as f64 + other.area() as f64 - i;
        if u <= 0.0 {
            0.0
        } else {
            (i / u) as f32
        }
    }

    /// Grow by `fraction` of the width/height on every side plus `pixels`, clipped to the image.
    pub fn grown(&self, fraction: f32, pixels: u32, width: u32, height: u32) -> Rect {
        let dx = self.w as f32 * fraction + pixels as f32;
        let dy = self.h as f32 * fraction + pixels as f32;
        Rect::covering(
            self.x as f32 - dx,
            self.y as f32 - dy,
            self.right() as f32 + dx,
            self.bottom() as f32 + dy,
            width,
            height,
        )
    }

    /// `[x, y, w, h]`, the JSON form.
    pub const fn to_array(&self) -> [u32; 4] {
        [self.x, self.y, self.w, self.h]
    }
}

/// One detected (or hand-drawn) region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// The detector's box, in displayed-image pixels.
    pub rect: Rect,
    /// Detector confidence in 0..=1 (1 for manual regions).
    pub score: f32,
    /// For text: the quadrilateral the detector found (corners clockwise from top-left),
    /// in displayed-image pixels. `rect` always covers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quad: Option<[[f32; 2]; 4]>,
    /// For text: what was read, when recognition ran and read something with confidence.
    /// For a barcode: what it encodes (absent for bars that look like a barcode but did not
    /// decode: they are covered all the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For text that was read: what it probably is (a name, a date, a record number…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<TextCategory>,
    /// For text that was read: the box of each word, located by the recogniser (the finding's
    /// `rect` covers the whole line).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Rect>,
    /// For a barcode: its symbology (`code128`, `code39`, `code93`, `ean13`, `ean8`, `upca`,
    /// `upce`, `itf`, `codabar`, `qr`, `datamatrix`, `aztec`, `pdf417`); absent when it did
    /// not decode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// For a crowd: the polygon it covers (`rect` is the rectangle around it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polygon: Option<Polygon>,
}

impl Finding {
    /// A finding of `kind` at `rect` with no quadrilateral, text, category or format.
    pub fn new(kind: Kind, rect: Rect, score: f32) -> Self {
        Finding {
            kind,
            rect,
            score,
            quad: None,
            text: None,
            category: None,
            words: Vec::new(),
            format: None,
            polygon: None,
        }
    }
}

/// The category of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TextCategory {
    /// A person's name.
    Name,
    /// A date, including a date of birth.
    Date,
    /// A medical record number or other identifying number.
    IdNumber,
    /// A telephone or fax number.
    Phone,
    /// An email address.
    Email,
    /// A postal address.
    Address,
    /// The name of a hospital, clinic, university or department (often logo text).
    Institution,
    /// Anything else.
    Other,
}

impl TextCategory {
    /// Every category, in display order.
    pub const ALL: [TextCategory; 8] = [
        TextCategory::Name,
        TextCategory::Date,
        TextCategory::IdNumber,
        TextCategory::Phone,
        TextCategory::Email,
        TextCategory::Address,
        TextCategory::Institution,
        TextCategory::Other,
    ];

    /// The snake_case id used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TextCategory::Name => "name",
            TextCategory::Date => "date",
            TextCategory::IdNumber => "id_number",
            TextCategory::Phone => "phone",
            TextCategory::Email => "email",
            TextCategory::Address => "address",
            TextCategory::Institution => "institution",
            TextCategory::Other => "other",
        }
    }

    /// A short label for people in `lang` (`person name`, `record or ID number`…).
    pub fn label_in(self, lang: crate::l10n::Lang) -> String {
        crate::l10n::label(lang, "category", self.as_str())
    }

    /// True for the categories that identify a person directly (names, dates of birth, record
    /// numbers, phone, email, address).
    pub fn is_identifier(self) -> bool {
        !matches!(self, TextCategory::Institution | TextCategory::Other)
    }
}

impl std::fmt::Display for TextCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
