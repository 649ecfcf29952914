//! Vetting documents for identifiers before they leave the building: PowerPoint decks
//! (`.pptx`, [`vet_pptx`]) and, report only, PDF files ([`vet_pdf`]). A deck is opened as untrusted input ([`ZipLimits`]), and the
//! report ([`VetReport`]) lists what could identify a patient or a person: every embedded
//! picture (scanned with the image pipeline: faces, text, metadata; noting crops, since a
//! cropped picture still carries its whole original), identifier-like text on slides, in
//! speaker notes and in comments, the document properties (authors, company) and the deck
//! thumbnail. Nothing is written by vetting. [`write_redacted`] builds a redacted copy that
//! needs no hand edits (every picture redacted and re-encoded, SVG drawn first, EMF/WMF
//! replaced by a placeholder; identifier-like text replaced by [`REDACTED_MARK`]; hidden
//! slides, notes, comments, embedded objects, media, macros and the like removed
//! ([`RemovalReason`]); person-naming properties blanked, thumbnail removed; the rest copied
//! byte for byte) and [`export_pptx`] writes it through the consent gate with its ledger row.

mod archive;
mod pdf;
mod pptx;
mod review;
mod xml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use archive::ZipLimits;
pub use pdf::{
    export_pdf, is_pdf, verify_pdf_copy, vet_pdf, vet_pdf_bytes, write_redacted_pdf, PdfAnnotation,
    PdfExportOutcome, PdfImage, PdfKeptText, PdfRedactOptions, PdfReport, PdfTextHit,
    PdfTextRedaction, PdfVerification, RedactedPage, RedactedPdf, DEFAULT_DPI,
};
pub use pptx::{
    export_pptx, verify_redacted, vet_pptx, vet_pptx_bytes, write_redacted, DeckExportOutcome,
    DeckRedactOptions, DeckVerification, FlaggedText, HiddenShape, KeepText, KeptText,
    PictureTreatment, RedactedDeck, RedactedPicture, RemovalReason, RemovedPart, ShapeIssue,
    TextPlace, TextReplacement, APP_PROPERTIES_BLANKED, CORE_PROPERTIES_BLANKED, REDACTED_MARK,
};
pub use review::{picture_for_review, pixels_sha256, PictureForReview, ReviewedPicture};

use crate::audit::Ledger;
use crate::detect::{Detector, TextCategory};
use crate::l10n::{self, tr, Lang};
use crate::metadata::{ContainerFormat, MetadataReport};
use crate::pipeline::ExportRequest;
use crate::{Error, Result};

/// Options for vetting a document.
#[derive(Debug, Clone, Default)]
pub struct VetOptions {
    /// Limits for opening the zip container.
    pub limits: ZipLimits,
    /// Pixel limit and other decoding options for embedded pictures.
    pub decode: crate::image_io::DecodeOptions,
}

/// Everything found in one document. Field names are the `vet --json` contract.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VetReport {
    /// The document.
    pub path: PathBuf,
    /// sha256 of the document's bytes, lowercase hex.
    pub sha256: String,
    /// The document's size in bytes.
    pub size_bytes: u64,
    /// Number of slides, in presentation order.
    pub slides: usize,
    /// Non-empty document properties (docProps/core.xml and docProps/app.xml).
    pub properties: Vec<DocumentProperty>,
    /// Embedded pictures (`ppt/media/*`), in name order.
    pub pictures: Vec<PictureReport>,
    /// The deck thumbnail (`docProps/thumbnail.*`, a picture of the first slide), when present.
    pub thumbnail: Option<PictureReport>,
    /// Paragraphs of slide text, speaker notes and comments that look like identifiers.
    pub identifiers: Vec<TextHit>,
    /// Paragraphs of text read (slides, notes and comments together).
    pub paragraphs_checked: usize,
    /// Comments, with their authors.
    pub comments: Vec<Comment>,
    /// Parts a redacted copy leaves out (hidden slides, notes, comments, embedded objects,
    /// video, macros…), with why; empty for a PDF.
    pub removed_on_export: Vec<RemovedPart>,
    /// Shapes hidden or (partly) off their slide: the slide show does not show them; a
    /// redacted copy leaves out the hidden and wholly-off ones.
    pub hidden_shapes: Vec<HiddenShape>,
    /// Every piece of identifier-like text a redacted copy replaces (slides, tables, SmartArt,
    /// charts, masters and layouts, alt text, titles), with its text: what a reviewed plan
    /// (`vet --plan`) may keep, with a reason. Empty for a PDF.
    pub flagged_text: Vec<FlaggedText>,
    /// Whether embedded pictures were scanned for faces and text (false when no detector was
    /// given; metadata is always read).
    pub pictures_scanned: bool,
    /// Things that could not be read (a malformed slide, a picture that does not decode…);
    /// the rest of the report stands.
    pub warnings: Vec<String>,
}

impl VetReport {
    /// One short line per concern, for a human summary (empty when nothing was found).
    pub fn concerns(&self) -> Vec<String> {
        self.concerns_in(Lang::En)
    }

    /// [`concerns`](Self::concerns) in `lang`.
    pub fn concerns_in(&self, lang: Lang) -> Vec<String> {
        let mut out = property_concerns(&self.properties, lang);
        for pic in self.pictures.iter().chain(&self.thumbnail) {
            for c in pic.concerns_in(lang) {
                out.push(concern_in(lang, &pic.name, &c));
            }
        }
        let slide = |s: Option<usize>| s.map_or("?".into(), |s| s.to_string());
        for hit in &self.identifiers {
            let (location, slide) = (hit.location.label_in(lang), slide(hit.slide));
            let category = hit.category.label_in(lang);
            out.push(tr(
                lang,
                "concern-identifier",
                &[
                    ("location", (&location).into()),
                    ("slide", (&slide).into()),
                    ("category", (&category).into()),
                    ("text", (&hit.text).into()),
                ],
            ));
        }
        for c in &self.comments {
            let author = c
                .author
                .clone()
                .unwrap_or_else(|| tr(lang, "unknown-author", &[]));
            let slide = slide(c.slide);
            out.push(tr(
                lang,
                "concern-comment",
                &[("author", (&author).into()), ("slide", (&slide).into())],
            ));
        }
        out.extend(self.hidden_shapes.iter().map(|h| h.describe_in(lang)));
        for r in &self.removed_on_export {
            if matches!(
                r.reason,
                RemovalReason::Notes | RemovalReason::Comments | RemovalReason::CommentAuthors
            ) {
                continue; // their text is listed above
            }
            let reason = r.reason.label_in(lang);
            let mut args = vec![("reason", (&reason).into()), ("name", (&r.name).into())];
            let slide = r.slide.map(|s| s.to_string());
            let id = match &slide {
                Some(s) => {
                    args.push(("slide", s.into()));
                    "concern-removed-slide"
                }
                None => "concern-removed",
            };
            out.push(tr(lang, id, &args));
        }
        out
    }
}

/// `where: concern` in `lang` (a picture's or an image's concern).
pub(crate) fn concern_in(lang: Lang, place: &str, concern: &str) -> String {
    tr(
        lang,
        "concern-in",
        &[("where", place.into()), ("concern", concern.into())],
    )
}

/// The document properties that name a person, as concerns in `lang`.
pub(crate) fn property_concerns(properties: &[DocumentProperty], lang: Lang) -> Vec<String> {
    (properties.iter())
        .filter(|p| p.identifies_person())
        .map(|p| {
            tr(
                lang,
                "concern-property",
                &[("name", (&p.name).into()), ("value", (&p.value).into())],
            )
        })
        .collect()
}

/// A picture's or an image's findings by kind and the identifier-like text it reads, as
/// concerns in `lang`.
pub(crate) fn picture_concerns(
    lang: Lang,
    findings: &BTreeMap<String, usize>,
    text: &[PictureText],
) -> Vec<String> {
    let mut out = Vec::new();
    for (kind, n) in findings.iter().filter(|(_, n)| **n > 0) {
        let (kind, n) = (l10n::kind_noun(lang, kind), n.to_string());
        out.push(tr(
            lang,
            "concern-findings",
            &[("n", (&n).into()), ("kind", (&kind).into())],
        ));
    }
    for t in text.iter().filter(|t| t.category.is_identifier()) {
        let category = t.category.label_in(lang);
        out.push(tr(
            lang,
            "concern-reads",
            &[("category", (&category).into()), ("text", (&t.text).into())],
        ));
    }
    out
}

/// The metadata a picture carries, as a concern in `lang` (`None` when it has none).
pub(crate) fn metadata_concern(lang: Lang, metadata: &MetadataReport) -> Option<String> {
    let problems = metadata.problems_in(lang);
    (!problems.is_empty()).then(|| {
        let list = problems.join(", ");
        tr(lang, "concern-metadata", &[("list", (&list).into())])
    })
}

/// One document property with a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentProperty {
    /// The property's XML name, e.g. `dc:creator`, `cp:lastModifiedBy`, `Company`.
    pub name: String,
    /// Its value, whitespace-trimmed.
    pub value: String,
}

impl DocumentProperty {
    /// True for the properties that name people (author, last modified by, manager; a PDF's
    /// `Author`).
    pub fn identifies_person(&self) -> bool {
        matches!(
            self.name.as_str(),
            "dc:creator" | "cp:lastModifiedBy" | "Manager" | "Author"
        )
    }
}

/// Where a piece of document text was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TextLocation {
    /// On the slide itself.
    Slide,
    /// In the slide's speaker notes (not projected, but in the file and often printed).
    Notes,
    /// In a comment on the slide.
    Comment,
    /// In a picture's alternative text (`descr`/`title`), often its original file name.
    AltText,
}

impl TextLocation {
    /// A short label for people in `lang` (`notes of slide`, `comment on slide`…).
    pub fn label_in(self, lang: Lang) -> String {
        l10n::enum_label(lang, "location", &self)
    }
}

/// A paragraph (or line) of document text classified as an identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TextHit {
    /// The slide number (1-based, presentation order), when known.
    pub slide: Option<usize>,
    /// Slide, notes or comment.
    pub location: TextLocation,
    /// The text.
    pub text: String,
    /// What it probably is.
    pub category: TextCategory,
}

/// A comment on a slide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comment {
    /// The slide number, when known.
    pub slide: Option<usize>,
    /// The author's name from the comment authors part, when found.
    pub author: Option<String>,
    /// The comment's text.
    pub text: String,
}

/// Text read inside a picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PictureText {
    /// What was read.
    pub text: String,
    /// What it probably is.
    pub category: TextCategory,
}

/// One embedded picture.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PictureReport {
    /// The entry name inside the document, e.g. `ppt/media/image1.png`.
    pub name: String,
    /// Size of the entry in bytes.
    pub size_bytes: u64,
    /// The container format recognised from its bytes (`unknown` for EMF, video…).
    pub format: ContainerFormat,
    /// sha256 of the picture's bytes, lowercase hex.
    pub sha256: String,
    /// Slides (1-based, presentation order, ascending, no repeats) that show it.
    pub slides: Vec<usize>,
    /// Slides where at least one use crops it (`a:srcRect`): the file still holds the whole
    /// uncropped original, which anyone can restore.
    pub cropped_on_slides: Vec<usize>,
    /// The alternative text of the shapes that show it (`descr`, else `title`), without
    /// repeats: often the picture's original file name, which may name the patient.
    pub alt_text: Vec<String>,
    /// Decoded size (upright), when it decoded.
    pub width: Option<u32>,
    /// Decoded height, when it decoded.
    pub height: Option<u32>,
    /// Metadata blocks the picture carries.
    pub metadata: MetadataReport,
    /// One line per metadata block, e.g. `GPS: 43.4674° N, 11.8819° E`.
    pub metadata_items: Vec<String>,
    /// Findings by kind (`face`, `text`…), when scanned.
    pub findings: BTreeMap<String, usize>,
    /// Text read in the picture with its category, when scanned.
    pub text: Vec<PictureText>,
    /// Why the picture was not scanned (not an image format ClearFrame decodes, too large…).
    pub scan_error: Option<String>,
}

impl PictureReport {
    /// The picture's concerns, one short phrase each.
    pub fn concerns(&self) -> Vec<String> {
        self.concerns_in(Lang::En)
    }

    /// [`concerns`](Self::concerns) in `lang`.
    pub fn concerns_in(&self, lang: Lang) -> Vec<String> {
        let mut out = picture_concerns(lang, &self.findings, &self.text);
        for a in &self.alt_text {
            out.push(tr(lang, "concern-alt-text", &[("text", a.into())]));
        }
        out.extend(metadata_concern(lang, &self.metadata));
        if !self.cropped_on_slides.is_empty() {
            let slides = join_numbers(&self.cropped_on_slides);
            out.push(tr(lang, "concern-cropped", &[("slides", (&slides).into())]));
        }
        out
    }
}

/// The documents ClearFrame writes redacted copies of, told apart by the file's extension
/// (a file that is not what its name says fails to open with a clear error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DocumentKind {
    /// A PowerPoint deck (`.pptx`).
    Pptx,
    /// A PDF file.
    Pdf,
}

impl DocumentKind {
    /// The extensions (lowercase) of the documents ClearFrame reads.
    pub const EXTENSIONS: [&'static str; 2] = ["pptx", "pdf"];

    /// The kind of document at `path`, by its extension (any case); `None` for anything else
    /// (an image, or a file ClearFrame does not read).
    pub fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pptx" => Some(DocumentKind::Pptx),
            "pdf" => Some(DocumentKind::Pdf),
            _ => None,
        }
    }
}

/// What vetting a document found: a deck's report or a PDF's, serialised as
/// `{"kind": "pptx" | "pdf", "report": …}` (the report as `vet --json` prints it).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "report", rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DocumentReport {
    /// A deck's report.
    Pptx(Box<VetReport>),
    /// A PDF's report.
    Pdf(Box<PdfReport>),
}

impl DocumentReport {
    /// Which kind of document was vetted.
    pub fn kind(&self) -> DocumentKind {
        match self {
            DocumentReport::Pptx(_) => DocumentKind::Pptx,
            DocumentReport::Pdf(_) => DocumentKind::Pdf,
        }
    }

    /// What could identify someone, one line each ([`VetReport::concerns`],
    /// [`PdfReport::concerns`]).
    pub fn concerns(&self) -> Vec<String> {
        self.concerns_in(Lang::En)
    }

    /// [`concerns`](Self::concerns) in `lang`.
    pub fn concerns_in(&self, lang: Lang) -> Vec<String> {
        match self {
            DocumentReport::Pptx(r) => r.concerns_in(lang),
            DocumentReport::Pdf(r) => r.concerns_in(lang),
        }
    }
}

/// Vet the document at `path`, a deck or a PDF by [`DocumentKind::of`] ([`vet_pptx`],
/// [`vet_pdf`]); any other file is `Error::UnsupportedFormat`. With a detector, its pictures
/// are scanned too. Only reads.
pub fn vet(path: &Path, detector: Option<&Detector>, opts: &VetOptions) -> Result<DocumentReport> {
    match DocumentKind::of(path) {
        Some(DocumentKind::Pptx) => Ok(DocumentReport::Pptx(Box::new(vet_pptx(
            path, detector, opts,
        )?))),
        Some(DocumentKind::Pdf) => Ok(DocumentReport::Pdf(Box::new(vet_pdf(
            path, detector, opts,
        )?))),
        None => Err(Error::UnsupportedFormat {
            path: path.to_path_buf(),
        }),
    }
}

/// How to build a document's redacted copy, for each kind.
#[derive(Debug, Clone, Default)]
pub struct DocumentRedactOptions {
    /// For a deck.
    pub deck: DeckRedactOptions,
    /// For a PDF.
    pub pdf: PdfRedactOptions,
}

/// A document's redacted copy, built and checked in memory (nothing written yet).
#[derive(Debug, Clone)]
pub enum RedactedDocument {
    /// A deck's copy.
    Pptx(RedactedDeck),
    /// A PDF's copy.
    Pdf(RedactedPdf),
}

/// A document's written copy: its kind (`"document": "pptx"` or `"pdf"` in JSON) with what
/// was done to it, the file written and the ledger row.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "document", rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DocumentExportOutcome {
    /// A deck's copy.
    Pptx(DeckExportOutcome),
    /// A PDF's copy.
    Pdf(PdfExportOutcome),
}

/// Read the document at `path` (a deck or a PDF, by [`DocumentKind::of`]) and build its
/// redacted copy ([`write_redacted`] or [`write_redacted_pdf`]). The original is only read.
pub fn write_redacted_document(
    path: &Path,
    detector: &Detector,
    opts: &DocumentRedactOptions,
) -> Result<RedactedDocument> {
    let kind = DocumentKind::of(path).ok_or_else(|| Error::UnsupportedFormat {
        path: path.to_path_buf(),
    })?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(match kind {
        DocumentKind::Pptx => {
            RedactedDocument::Pptx(write_redacted(&bytes, path, detector, &opts.deck)?)
        }
        DocumentKind::Pdf => {
            RedactedDocument::Pdf(write_redacted_pdf(&bytes, path, detector, &opts.pdf)?)
        }
    })
}

impl RedactedDocument {
    /// Export the copy through the consent gate with its ledger row ([`RedactedDeck::export`],
    /// [`RedactedPdf::export`]).
    pub fn export(
        self,
        req: &ExportRequest<'_>,
        output_file: Option<&Path>,
        ledger: &mut Ledger,
    ) -> Result<DocumentExportOutcome> {
        Ok(match self {
            RedactedDocument::Pptx(d) => {
                DocumentExportOutcome::Pptx(d.export(req, output_file, ledger)?)
            }
            RedactedDocument::Pdf(p) => {
                DocumentExportOutcome::Pdf(p.export(req, output_file, ledger)?)
            }
        })
    }
}

/// `1, 2, 5`.
pub fn join_numbers(v: &[usize]) -> String {
    v.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
