//! PDF files. Vetting ([`vet_pdf`], with `lopdf` for the structure and `hayro` for the page
//! text): the document information dictionary (author, creator…), identifier-like lines of the
//! pages' own text, annotations and their authors, form field values, attachments, XMP,
//! revisions, and every embedded raster image (`/XObject` streams with `/Subtype /Image`) with
//! the pages that use it, decoded where ClearFrame can (`/DCTDecode`: the stream is a JPEG file
//! as it is; `/FlateDecode` or unfiltered: raw 8-bit `DeviceRGB`/`DeviceGray` samples) and
//! scanned like any photo. Nothing is written by vetting; [`write_redacted_pdf`] builds an
//! image-only redacted copy and [`export_pdf`] writes it through the consent gate.

mod render;
mod write;

pub use render::DEFAULT_DPI;
pub(crate) use write::draw_page_for_review;
pub use write::{
    export_pdf, verify_pdf_copy, write_redacted_pdf, PdfExportOutcome, PdfKeptText,
    PdfRedactOptions, PdfTextRedaction, PdfVerification, RedactedPage, RedactedPdf,
};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use image::RgbImage;
use lopdf::{Document, Object, ObjectId};
use serde::Serialize;

use super::{DocumentProperty, PictureText, VetOptions};
use crate::detect::category::{classify, classify_document};
use crate::detect::Detector;
use crate::hash::sha256_hex;
use crate::l10n::{tr, Lang};
use crate::metadata::{self, MetadataReport};
use crate::{image_io, Error, Result};

/// Everything found in one PDF. Field names are the `vet --json` contract for PDFs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdfReport {
    /// The file.
    pub path: PathBuf,
    /// sha256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// Number of pages.
    pub pages: usize,
    /// Non-empty entries of the document information dictionary (`Author`, `Creator`,
    /// `Producer`, `Title`, `Subject`, `Keywords`).
    pub properties: Vec<DocumentProperty>,
    /// Embedded raster images, by object number.
    pub images: Vec<PdfImage>,
    /// Identifier-like lines of the pages' own text (their text layer), with page numbers.
    pub text: Vec<PdfTextHit>,
    /// Lines of page text read (all of them, identifier-like or not).
    pub lines_checked: usize,
    /// Annotations other than links and form widgets (comments, highlights, stamps, file
    /// attachments…), with their authors.
    pub annotations: Vec<PdfAnnotation>,
    /// Interactive form fields that hold a value.
    pub form_fields: Vec<DocumentProperty>,
    /// Embedded files (the document's `EmbeddedFiles` and file-attachment annotations), by name.
    pub attachments: Vec<String>,
    /// Size of the document's XMP metadata stream (`/Metadata` in the catalog), when present.
    pub xmp_bytes: Option<u64>,
    /// How many times the file was saved: 1 + its incremental updates (each leaves the earlier
    /// revision readable in the file).
    pub revisions: usize,
    /// Whether images were scanned for faces and text.
    pub images_scanned: bool,
    /// Things that could not be read.
    pub warnings: Vec<String>,
}

impl PdfReport {
    /// One short line per concern (empty when nothing was found).
    pub fn concerns(&self) -> Vec<String> {
        self.concerns_in(Lang::En)
    }

    /// [`concerns`](Self::concerns) in `lang`.
    pub fn concerns_in(&self, lang: Lang) -> Vec<String> {
        let mut out = super::property_concerns(&self.properties, lang);
        for t in &self.text {
            let (page, category) = (t.page.to_string(), t.category.label_in(lang));
            out.push(tr(
                lang,
                "concern-page-text",
                &[
                    ("page", (&page).into()),
                    ("category", (&category).into()),
                    ("text", (&t.text).into()),
                ],
            ));
        }
        out.extend(self.annotations.iter().map(|a| a.describe_in(lang)));
        for f in &self.form_fields {
            out.push(tr(
                lang,
                "concern-form-field",
                &[("name", (&f.name).into()), ("value", (&f.value).into())],
            ));
        }
        for a in &self.attachments {
            out.push(tr(lang, "concern-attachment", &[("name", a.into())]));
        }
        if let Some(n) = self.xmp_bytes {
            let n = n.to_string();
            out.push(tr(lang, "concern-xmp", &[("n", (&n).into())]));
        }
        if self.revisions > 1 {
            let n = self.revisions.to_string();
            out.push(tr(lang, "concern-revisions", &[("n", (&n).into())]));
        }
        for img in &self.images {
            let image = tr(lang, "concern-image", &[("object", (&img.object).into())]);
            let own = super::picture_concerns(lang, &img.findings, &img.text);
            for c in own
                .iter()
                .chain(&super::metadata_concern(lang, &img.metadata))
            {
                out.push(super::concern_in(lang, &image, c));
            }
        }
        out
    }
}

/// A line of page text that looks like an identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdfTextHit {
    /// The page (1-based).
    pub page: usize,
    /// The line.
    pub text: String,
    /// What it probably is.
    pub category: crate::detect::TextCategory,
}

/// An annotation on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdfAnnotation {
    /// The page (1-based).
    pub page: usize,
    /// `/Subtype`: `Text`, `Highlight`, `FreeText`, `FileAttachment`…
    pub subtype: String,
    /// `/T`: usually the author's name.
    pub author: Option<String>,
    /// `/Contents`: the note's text.
    pub contents: Option<String>,
}

impl PdfAnnotation {
    /// `page 1: Text annotation by "Dr. Jane Roe": "check the MRN"`.
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// [`describe`](Self::describe) in `lang`.
    pub fn describe_in(&self, lang: Lang) -> String {
        let page = self.page.to_string();
        let author = (self.author.clone()).unwrap_or_else(|| tr(lang, "unknown-author", &[]));
        let mut args = vec![
            ("page", (&page).into()),
            ("subtype", (&self.subtype).into()),
            ("author", (&author).into()),
        ];
        let id = match &self.contents {
            Some(text) => {
                args.push(("text", text.into()));
                "concern-annotation-text"
            }
            None => "concern-annotation",
        };
        tr(lang, id, &args)
    }
}

/// One embedded image.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdfImage {
    /// The object, `12 0`.
    pub object: String,
    /// Pages (1-based) whose resources use it, ascending.
    pub pages: Vec<usize>,
    /// `/Width`.
    pub width: u32,
    /// `/Height`.
    pub height: u32,
    /// `/Filter` names, in decoding order (e.g. `DCTDecode`).
    pub filters: Vec<String>,
    /// `/ColorSpace` when it is a name (or the family of an array, e.g. `ICCBased`).
    pub color_space: Option<String>,
    /// `/BitsPerComponent`.
    pub bits_per_component: Option<u8>,
    /// Size of the stream as stored.
    pub size_bytes: u64,
    /// sha256 of the stream as stored.
    pub sha256: String,
    /// Metadata blocks inside the image (a JPEG's EXIF/XMP…); empty for raw samples.
    pub metadata: MetadataReport,
    /// One line per metadata block.
    pub metadata_items: Vec<String>,
    /// Findings by kind, when scanned.
    pub findings: BTreeMap<String, usize>,
    /// Text read in the image with its category, when scanned.
    pub text: Vec<PictureText>,
    /// Why the image was not scanned (a filter or colour space ClearFrame does not decode…).
    pub scan_error: Option<String>,
}

/// Vet the PDF at `path`. Images are scanned when a `detector` is given. Fails when the file
/// cannot be read or parsed, or is encrypted.
pub fn vet_pdf(path: &Path, detector: Option<&Detector>, opts: &VetOptions) -> Result<PdfReport> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    vet_pdf_bytes(&bytes, path, detector, opts)
}

/// True when `bytes` start like a PDF (`%PDF-`, possibly after a little junk, as readers allow).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.windows(5).take(1024).any(|w| w == b"%PDF-")
}

fn name_of(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

/// [`vet_pdf`] on bytes already read.
pub fn vet_pdf_bytes(
    bytes: &[u8],
    path: &Path,
    detector: Option<&Detector>,
    opts: &VetOptions,
) -> Result<PdfReport> {
    // The page text is read as the renderer draws it (fonts' Unicode maps, glyph positions):
    // the very lines a redacted copy judges.
    let drawn = render::open(bytes, path)?;
    read_report(bytes, path, detector, opts, Some(&drawn))
}

/// The report of [`vet_pdf_bytes`]; the pages' text lines are read only when `drawn` (the
/// file opened by the renderer) is given (a redacted copy reads them as it draws each page).
fn read_report(
    bytes: &[u8],
    path: &Path,
    detector: Option<&Detector>,
    opts: &VetOptions,
    drawn: Option<&hayro::hayro_syntax::Pdf>,
) -> Result<PdfReport> {
    let err = |message: String| Error::Archive {
        path: path.to_path_buf(),
        message,
    };
    let doc = Document::load_mem(bytes).map_err(|e| err(format!("not a readable PDF: {e}")))?;
    // lopdf decrypts on load when the user password is empty (an owner password alone only
    // restricts printing or copying); otherwise the file cannot be read without its password.
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(err(
            "the PDF is encrypted and needs a password to open".into()
        ));
    }
    let mut warnings = Vec::new();

    // Document information dictionary.
    let mut properties = Vec::new();
    if let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_dict())
    {
        for key in [
            "Title", "Author", "Subject", "Keywords", "Creator", "Producer",
        ] {
            let Ok((_, v)) = info.get(key.as_bytes()).and_then(|o| doc.dereference(o)) else {
                continue;
            };
            match lopdf::decode_text_string(v) {
                Ok(s) if !s.trim().is_empty() => properties.push(DocumentProperty {
                    name: key.to_string(),
                    value: s.trim().to_string(),
                }),
                Ok(_) => {}
                Err(e) => warnings.push(format!("Info /{key}: {e}")),
            }
        }
    }

    // Which pages use which image objects (through their own or inherited resources).
    let pages = doc.get_pages();
    let mut used_on: BTreeMap<ObjectId, BTreeSet<usize>> = BTreeMap::new();
    for (number, page_id) in &pages {
        let (own, inherited) = match doc.get_page_resources(*page_id) {
            Ok(r) => r,
            Err(e) => {
                warnings.push(format!("page {number}: {e}"));
                continue;
            }
        };
        let mut dicts: Vec<&lopdf::Dictionary> = own.into_iter().collect();
        dicts.extend(
            inherited
                .iter()
                .filter_map(|id| doc.get_dictionary(*id).ok()),
        );
        for res in dicts {
            let Ok((_, xobjects)) = res.get(b"XObject").and_then(|o| doc.dereference(o)) else {
                continue;
            };
            let Ok(xobjects) = xobjects.as_dict() else {
                continue;
            };
            for (_, v) in xobjects.iter() {
                if let Ok(id) = v.as_reference() {
                    used_on.entry(id).or_default().insert(*number as usize);
                }
            }
        }
    }

    let mut images = Vec::new();
    for (id, object) in &doc.objects {
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        if stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(name_of)
            .as_deref()
            != Some("Image")
        {
            continue;
        }
        images.push(scan_image(
            &doc,
            *id,
            stream,
            used_on
                .get(id)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default(),
            detector,
            opts,
        )?);
    }

    // Page text, annotations, form fields, attachments, XMP, revisions.
    let mut text = Vec::new();
    let mut lines_checked = 0;
    let mut annotations = Vec::new();
    let mut attachments = Vec::new();
    for (number, page_id) in &pages {
        if let Some(page) = drawn.and_then(|d| d.pages().get(*number as usize - 1)) {
            for line in render::page_lines(page, 72.0, u64::MAX) {
                lines_checked += 1;
                let category = classify_document(&line.text);
                if category.is_identifier() {
                    text.push(PdfTextHit {
                        page: *number as usize,
                        text: line.text,
                        category,
                    });
                }
            }
        }
        for a in doc.get_page_annotations(*page_id).unwrap_or_default() {
            let subtype = a.get(b"Subtype").ok().and_then(name_of).unwrap_or_default();
            if matches!(subtype.as_str(), "Link" | "Widget" | "Popup") {
                continue;
            }
            let string = |key: &[u8]| {
                a.get(key)
                    .and_then(|o| doc.dereference(o))
                    .ok()
                    .and_then(|(_, o)| lopdf::decode_text_string(o).ok())
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            if subtype == "FileAttachment" {
                let name = a
                    .get(b"FS")
                    .and_then(|o| doc.dereference(o))
                    .ok()
                    .and_then(|(_, o)| o.as_dict().ok())
                    .and_then(|fs| file_spec_name(&doc, fs));
                attachments.push(name.unwrap_or_else(|| "(unnamed)".into()));
            }
            annotations.push(PdfAnnotation {
                page: *number as usize,
                subtype,
                author: string(b"T"),
                contents: string(b"Contents"),
            });
        }
    }
    let catalog = doc.catalog().ok();
    let mut form_fields = Vec::new();
    if let Some(fields) = catalog
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|f| f.get(b"Fields").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
    {
        collect_fields(&doc, fields, "", 0, &mut form_fields);
    }
    if let Some(names) = catalog
        .and_then(|c| c.get(b"Names").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|n| n.get(b"EmbeddedFiles").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
    {
        collect_embedded(&doc, names, 0, &mut attachments);
    }
    let xmp_bytes = catalog
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_stream().ok())
        .map(|s| s.content.len() as u64);
    let revisions = revisions(bytes);

    Ok(PdfReport {
        path: path.to_path_buf(),
        sha256: sha256_hex(bytes),
        size_bytes: bytes.len() as u64,
        pages: pages.len(),
        properties,
        text,
        lines_checked,
        annotations,
        form_fields,
        attachments,
        xmp_bytes,
        revisions,
        images,
        images_scanned: detector.is_some(),
        warnings,
    })
}

/// How many times the file was written: each save, the first and every incremental update,
/// ends with its own `startxref` … `%%EOF` (a linearized file's first-page section adds one
/// without an update, so this counts `startxref` keywords followed by an offset past 0).
fn revisions(bytes: &[u8]) -> usize {
    let key = b"startxref";
    let mut n = 0;
    let mut i = 0;
    while let Some(p) = bytes[i..].windows(key.len()).position(|w| w == key) {
        let at = i + p + key.len();
        let digits: String = bytes[at..bytes.len().min(at + 24)]
            .iter()
            .map(|&b| b as char)
            .skip_while(|c| c.is_ascii_whitespace())
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.parse::<u64>().is_ok_and(|v| v > 0) {
            n += 1;
        }
        i = at;
    }
    n.max(1)
}

/// A file specification's name (`/UF`, else `/F`).
fn file_spec_name(doc: &Document, fs: &lopdf::Dictionary) -> Option<String> {
    [&b"UF"[..], b"F"].iter().find_map(|k| {
        fs.get(k)
            .and_then(|o| doc.dereference(o))
            .ok()
            .and_then(|(_, o)| lopdf::decode_text_string(o).ok())
    })
}

/// Form fields with a value, `parent.child` names, through `/Kids` (at most 32 deep).
fn collect_fields(
    doc: &Document,
    fields: &[Object],
    prefix: &str,
    depth: usize,
    out: &mut Vec<DocumentProperty>,
) {
    if depth > 32 {
        return;
    }
    for f in fields {
        let Some(d) = doc.dereference(f).ok().and_then(|(_, o)| o.as_dict().ok()) else {
            continue;
        };
        let part = d
            .get(b"T")
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .unwrap_or_default();
        let name = match (prefix.is_empty(), part.is_empty()) {
            (true, _) => part.clone(),
            (false, true) => prefix.to_string(),
            (false, false) => format!("{prefix}.{part}"),
        };
        if let Some(value) = d
            .get(b"V")
            .and_then(|o| doc.dereference(o))
            .ok()
            .and_then(|(_, o)| lopdf::decode_text_string(o).ok().or_else(|| name_of(o)))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty() && v != "Off")
        {
            out.push(DocumentProperty {
                name: name.clone(),
                value,
            });
        }
        if let Some(kids) = d
            .get(b"Kids")
            .and_then(|o| doc.dereference(o))
            .ok()
            .and_then(|(_, o)| o.as_array().ok())
        {
            collect_fields(doc, kids, &name, depth + 1, out);
        }
    }
}

/// The names in an `EmbeddedFiles` name tree (`/Names` pairs, through `/Kids`, at most 32
/// deep).
fn collect_embedded(doc: &Document, node: &lopdf::Dictionary, depth: usize, out: &mut Vec<String>) {
    if depth > 32 {
        return;
    }
    if let Some(names) = node
        .get(b"Names")
        .and_then(|o| doc.dereference(o))
        .ok()
        .and_then(|(_, o)| o.as_array().ok())
    {
        for pair in names.chunks(2) {
            let key = lopdf::decode_text_string(&pair[0]).ok();
            let spec = pair
                .get(1)
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok())
                .and_then(|fs| file_spec_name(doc, fs));
            out.push(spec.or(key).unwrap_or_else(|| "(unnamed)".into()));
        }
    }
    if let Some(kids) = node
        .get(b"Kids")
        .and_then(|o| doc.dereference(o))
        .ok()
        .and_then(|(_, o)| o.as_array().ok())
    {
        for k in kids {
            if let Some(d) = doc.dereference(k).ok().and_then(|(_, o)| o.as_dict().ok()) {
                collect_embedded(doc, d, depth + 1, out);
            }
        }
    }
}

fn scan_image(
    doc: &Document,
    id: ObjectId,
    stream: &lopdf::Stream,
    pages: Vec<usize>,
    detector: Option<&Detector>,
    opts: &VetOptions,
) -> Result<PdfImage> {
    let dict = &stream.dict;
    let int = |key: &[u8]| {
        dict.get(key)
            .and_then(|o| doc.dereference(o))
            .and_then(|(_, o)| o.as_i64())
            .ok()
    };
    let filters: Vec<String> = stream
        .filters()
        .map(|f| {
            f.iter()
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let color_space = dict
        .get(b"ColorSpace")
        .and_then(|o| doc.dereference(o))
        .ok()
        .and_then(|(_, o)| name_of(o).or_else(|| o.as_array().ok()?.first().and_then(name_of)));
    let name = format!("{} {}", id.0, id.1);
    let mut img = PdfImage {
        object: name.clone(),
        pages,
        width: int(b"Width")
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0),
        height: int(b"Height")
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0),
        filters: filters.clone(),
        color_space: color_space.clone(),
        bits_per_component: int(b"BitsPerComponent").and_then(|v| u8::try_from(v).ok()),
        size_bytes: stream.content.len() as u64,
        sha256: sha256_hex(&stream.content),
        metadata: MetadataReport::default(),
        metadata_items: Vec::new(),
        findings: BTreeMap::new(),
        text: Vec::new(),
        scan_error: None,
    };
    let pixels = match decode(stream, &img, &filters, &opts.decode) {
        Ok(p) => p,
        Err(e) => {
            img.scan_error = Some(e);
            return Ok(img);
        }
    };
    if filters.last().map(String::as_str) == Some("DCTDecode") {
        let details = metadata::inspect_detailed(&stream.content);
        img.metadata = details.report;
        img.metadata_items = details.items.iter().map(|i| i.summary.clone()).collect();
    }
    if let Some(detector) = detector {
        for f in detector.detect(&pixels)? {
            *img.findings.entry(f.kind.as_str().to_string()).or_default() += 1;
            if let Some(text) = f.text {
                img.text.push(PictureText {
                    category: f.category.unwrap_or_else(|| classify(&text)),
                    text,
                });
            }
        }
    }
    Ok(img)
}

/// The image's upright sRGB-ish pixels: a JPEG stream through the image pipeline's decoder
/// (pixel limit, orientation, ICC); raw 8-bit RGB or gray samples (after Flate) as they are.
fn decode(
    stream: &lopdf::Stream,
    img: &PdfImage,
    filters: &[String],
    decode: &image_io::DecodeOptions,
) -> std::result::Result<RgbImage, String> {
    let last = filters.last().map(String::as_str);
    if last == Some("DCTDecode") {
        if filters.len() > 1 {
            return Err(format!("filter chain {filters:?} is not decoded"));
        }
        return image_io::decode_bytes(&stream.content, Path::new(&img.object), decode)
            .map(|d| std::sync::Arc::unwrap_or_clone(d.pixels))
            .map_err(|e| e.to_string());
    }
    if !filters.iter().all(|f| f == "FlateDecode") {
        return Err(format!(
            "filter {filters:?} is not decoded (JPEG 2000, CCITT, JBIG2…)"
        ));
    }
    let channels = match img.color_space.as_deref() {
        Some("DeviceRGB" | "CalRGB") => 3usize,
        Some("DeviceGray" | "CalGray") => 1,
        other => return Err(format!("colour space {other:?} is not decoded")),
    };
    if img.bits_per_component != Some(8) {
        return Err(format!(
            "{:?} bits per component is not decoded",
            img.bits_per_component
        ));
    }
    let (w, h) = (img.width, img.height);
    if w == 0 || h == 0 {
        return Err("no /Width or /Height".into());
    }
    image_io::check_size(Path::new(&img.object), w, h, decode).map_err(|e| e.to_string())?;
    let data = if filters.is_empty() {
        stream.content.clone()
    } else {
        stream.decompressed_content().map_err(|e| e.to_string())?
    };
    let need = w as usize * h as usize * channels;
    if data.len() < need {
        return Err(format!("{} bytes of samples, {need} needed", data.len()));
    }
    Ok(RgbImage::from_fn(w, h, |x, y| {
        let i = (y as usize * w as usize + x as usize) * channels;
        if channels == 3 {
            image::Rgb([data[i], data[i + 1], data[i + 2]])
        } else {
            image::Rgb([data[i]; 3])
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// A one-page PDF with a JPEG (with EXIF) and a raw Flate RGB image, and an author.
    fn pdf() -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let rgb = RgbImage::from_pixel(4, 3, image::Rgb([10, 200, 30]));
        let mut jpeg = std::io::Cursor::new(Vec::new());
        rgb.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
        let jpeg = jpeg.into_inner();
        let mut with_exif = jpeg[..2].to_vec();
        let payload = b"Exif\0\0II*\0\x08\0\0\0\0\0\0\0\0\0";
        with_exif.extend_from_slice(&[0xFF, 0xE1]);
        with_exif.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        with_exif.extend_from_slice(payload);
        with_exif.extend_from_slice(&jpeg[2..]);
        let jpeg_id = doc.add_object(Stream::new(
            dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 4, "Height" => 3, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode"},
            with_exif,
        ));
        let mut raw = Stream::new(
            dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 4, "Height" => 3, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8},
            rgb.as_raw().clone(),
        );
        raw.compress().unwrap();
        let raw_id = doc.add_object(raw);
        let resources = doc.add_object(dictionary! {"XObject" => dictionary! {"Im1" => jpeg_id}});
        let page = doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id, "Resources" => resources, "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()]});
        let page2 = doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id, "Resources" => dictionary! {"XObject" => dictionary! {"Im2" => raw_id, "Im1" => jpeg_id}}, "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()]});
        doc.objects.insert(pages_id, Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => vec![page.into(), page2.into()], "Count" => 2}));
        let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
        let info = doc.add_object(dictionary! {"Author" => Object::string_literal("Dr. Jane Roe"), "Producer" => Object::string_literal("test")});
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn lists_images_with_pages_and_the_author() {
        let bytes = pdf();
        assert!(is_pdf(&bytes));
        let r = vet_pdf_bytes(&bytes, Path::new("a.pdf"), None, &VetOptions::default()).unwrap();
        assert_eq!(r.pages, 2);
        assert!(r
            .properties
            .iter()
            .any(|p| p.name == "Author" && p.value == "Dr. Jane Roe"));
        assert_eq!(r.images.len(), 2, "{:?}", r.images);
        let jpeg = r
            .images
            .iter()
            .find(|i| i.filters == ["DCTDecode"])
            .unwrap();
        assert_eq!(jpeg.pages, [1, 2]);
        assert!(jpeg.metadata.exif, "{:?}", jpeg.metadata);
        assert!(jpeg.scan_error.is_none());
        let raw = r
            .images
            .iter()
            .find(|i| i.filters == ["FlateDecode"])
            .unwrap();
        assert_eq!(raw.pages, [2]);
        assert!(raw.scan_error.is_none(), "{:?}", raw.scan_error);
        assert_eq!((raw.width, raw.height), (4, 3));
        assert!(r.concerns().iter().any(|c| c.contains("EXIF")));
        let err = vet_pdf_bytes(
            b"%PDF-1.4 garbage",
            Path::new("b.pdf"),
            None,
            &VetOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "archive");
    }

    #[test]
    fn document_vet_reads_a_pdf_as_a_pdf() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("letter.pdf");
        std::fs::write(&path, pdf_with_everything()).unwrap();
        let report = crate::document::vet(&path, None, &VetOptions::default()).unwrap();
        assert_eq!(report.kind(), crate::document::DocumentKind::Pdf);
        assert!(!report.concerns().is_empty());
    }

    /// A PDF with the patient's name in its page text, an annotation by a named author, a filled
    /// form field, an attached file, XMP, and an incremental update (a second revision).
    fn pdf_with_everything() -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(
            dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica"},
        );
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"BT /F1 18 Tf 72 700 Td (Patient: John Smith) Tj ET BT /F1 18 Tf 72 670 Td (Wound care, day 14) Tj ET"
                .to_vec(),
        ));
        let note = doc.add_object(dictionary! {"Type" => "Annot", "Subtype" => "Text", "Rect" => vec![10.into(), 10.into(), 30.into(), 30.into()], "T" => Object::string_literal("Dr. Jane Roe"), "Contents" => Object::string_literal("check the MRN")});
        let link = doc.add_object(dictionary! {"Type" => "Annot", "Subtype" => "Link", "Rect" => vec![0.into(), 0.into(), 1.into(), 1.into()]});
        let page = doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => dictionary! {"Font" => dictionary! {"F1" => font}}, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()], "Annots" => vec![note.into(), link.into()]});
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1},
            ),
        );
        let file = doc.add_object(Stream::new(
            dictionary! {"Type" => "EmbeddedFile"},
            b"John Smith, DOB 03/14/1962".to_vec(),
        ));
        let spec = doc.add_object(dictionary! {"Type" => "Filespec", "F" => Object::string_literal("smith-labs.txt"), "EF" => dictionary! {"F" => file}});
        let xmp = doc.add_object(Stream::new(
            dictionary! {"Type" => "Metadata", "Subtype" => "XML"},
            b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc:creator>Jane Roe</dc:creator></x:xmpmeta>"
                .to_vec(),
        ));
        let field = doc.add_object(dictionary! {"FT" => "Tx", "T" => Object::string_literal("patient"), "V" => Object::string_literal("John Smith")});
        let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id, "Metadata" => xmp, "AcroForm" => dictionary! {"Fields" => vec![field.into()]}, "Names" => dictionary! {"EmbeddedFiles" => dictionary! {"Names" => vec![Object::string_literal("smith-labs.txt"), spec.into()]}}});
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        // An incremental update: a new Info dictionary appended with its own xref and trailer.
        let prev = {
            let text = String::from_utf8_lossy(&out);
            let at = text.rfind("startxref").unwrap() + "startxref".len();
            text[at..]
                .split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        };
        let n = doc.max_id + 1;
        let obj_at = out.len() + 1;
        out.extend_from_slice(
            format!("\n{n} 0 obj\n<< /Title (Revision 2) >>\nendobj\n").as_bytes(),
        );
        let xref_at = out.len();
        out.extend_from_slice(
            format!(
                "xref\n0 1\n0000000000 65535 f \n{n} 1\n{obj_at:010} 00000 n \ntrailer\n<< /Size {} /Root {} 0 R /Info {n} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n",
                n + 1,
                catalog.0
            )
            .as_bytes(),
        );
        out
    }

    #[test]
    fn reports_page_text_annotations_fields_attachments_xmp_and_revisions() {
        let bytes = pdf_with_everything();
        let r = vet_pdf_bytes(&bytes, Path::new("x.pdf"), None, &VetOptions::default()).unwrap();
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let text: Vec<(usize, &str)> = r.text.iter().map(|t| (t.page, t.text.as_str())).collect();
        assert_eq!(text, [(1, "Patient: John Smith")], "{:?}", r.text);
        assert_eq!(r.lines_checked, 2);
        assert_eq!(
            r.annotations.len(),
            1,
            "links are not listed: {:?}",
            r.annotations
        );
        let a = &r.annotations[0];
        assert_eq!((a.page, a.subtype.as_str()), (1, "Text"));
        assert_eq!(a.author.as_deref(), Some("Dr. Jane Roe"));
        assert_eq!(a.contents.as_deref(), Some("check the MRN"));
        assert_eq!(r.form_fields.len(), 1);
        assert_eq!(
            (
                r.form_fields[0].name.as_str(),
                r.form_fields[0].value.as_str()
            ),
            ("patient", "John Smith")
        );
        assert_eq!(r.attachments, ["smith-labs.txt"]);
        assert!(r.xmp_bytes.is_some_and(|n| n > 20));
        assert_eq!(r.revisions, 2);
        assert!(
            r.properties.iter().any(|p| p.value == "Revision 2"),
            "the update is read"
        );
        let concerns = r.concerns().join("\n");
        for needle in [
            "John Smith",
            "Dr. Jane Roe",
            "smith-labs.txt",
            "XMP",
            "2 revisions",
        ] {
            assert!(concerns.contains(needle), "{needle} not in {concerns}");
        }
        let fr = r.concerns_in(Lang::Fr).join("\n");
        for needle in [
            "John Smith",
            "smith-labs.txt",
            "métadonnées XMP",
            "2 révisions",
        ] {
            assert!(fr.contains(needle), "{needle} not in {fr}");
        }
        // The first PDF has one revision and no page text.
        let plain =
            vet_pdf_bytes(&pdf(), Path::new("y.pdf"), None, &VetOptions::default()).unwrap();
        assert_eq!(
            (plain.revisions, plain.text.len(), plain.xmp_bytes),
            (1, 0, None)
        );
    }
}
