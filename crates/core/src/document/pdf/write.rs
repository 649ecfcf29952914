//! A redacted copy of a PDF: every page drawn to pixels ([`super::render`]), scanned and redacted
//! like a photo, and written as a fresh image-only PDF with the original page sizes. Nothing of
//! the original's structure is carried over: no text layer, document information, XMP,
//! annotations, form fields, attachments, JavaScript, outline, links or earlier revisions.
//!
//! Text the page draws as text is judged by what it says, like a deck's text: an
//! identifier-like line (a name with its label or a known given name, a date, a record number,
//! a phone number, an email, an address) is covered where it is drawn, the rest stays legible.
//! Text the page does not hold as readable, upright text (text in pictures, text drawn as
//! outlines, rotated text, glyphs with no Unicode) is covered wherever the text detector finds
//! it, as in a photo: redaction never depends on reading it. Faces and barcodes are always
//! covered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use image::RgbImage;
use lopdf::{dictionary, Document, Object, Stream};
use serde::Serialize;

use super::render::{self, PageLine, DEFAULT_DPI};
use super::{read_report, revisions, PdfReport};
use crate::audit::Ledger;
use crate::detect::category::classify_document;
use crate::detect::{Detector, Finding, Kind, Rect, TextCategory};
use crate::document::pptx::keep_reason;
use crate::document::{review, KeepText, VetOptions};
use crate::hash::sha256_hex;
use crate::image_io::OutputFormat;
use crate::pipeline::{self, EncodedPicture, ExportRequest};
use crate::policy::PlanSummary;
use crate::redact::{Decision, PlanDefaults, RedactionPlan};
use crate::{Error, Result};

/// Options for a redacted copy of a PDF.
#[derive(Debug, Clone)]
pub struct PdfRedactOptions {
    /// Pixel limit for one page (a larger page is drawn at a lower resolution).
    pub vet: VetOptions,
    /// Redaction methods and margins.
    pub defaults: PlanDefaults,
    /// The resolution pages are drawn and written at (default 200 dpi).
    pub dpi: f32,
    /// JPEG quality of the page images (default 90).
    pub jpeg_quality: u8,
    /// Flagged lines the reviewer keeps legible, each with a reason (the reviewed plan).
    pub keep_text: Vec<KeepText>,
    /// The reviewer's plans for pages (`page N`), made in the review canvas on the pixels
    /// [`crate::document::picture_for_review`] drew: used instead of a scan (a line of
    /// `keep_text` in such a plan still stays legible).
    pub reviewed: Vec<crate::document::ReviewedPicture>,
}

impl Default for PdfRedactOptions {
    fn default() -> Self {
        PdfRedactOptions {
            vet: VetOptions::default(),
            defaults: PlanDefaults::default(),
            dpi: DEFAULT_DPI,
            jpeg_quality: 90,
            keep_text: Vec::new(),
            reviewed: Vec::new(),
        }
    }
}

/// A line of page text the copy covers. The text itself is not kept: it is the identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdfTextRedaction {
    /// The page (1-based).
    pub page: usize,
    /// What it probably was; `None` for text whose glyphs have no Unicode (unreadable, covered
    /// because it cannot be judged).
    pub category: Option<TextCategory>,
}

/// A flagged line the reviewer kept legible, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdfKeptText {
    /// The page (1-based).
    pub page: usize,
    /// What it was flagged as.
    pub category: TextCategory,
    /// The line (legible in the copy).
    pub text: String,
    /// The reviewer's reason.
    pub reason: String,
}

/// One page of the copy.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RedactedPage {
    /// The page (1-based).
    pub page: usize,
    /// Its size in points as displayed (crop box, rotation applied); the copy's page has it.
    pub width_pt: f32,
    /// Height in points.
    pub height_pt: f32,
    /// The resolution it was drawn at.
    pub dpi: f32,
    /// The page image's width in pixels.
    pub width: u32,
    /// The page image's height in pixels.
    pub height: u32,
    /// Lines of the page's own text read.
    pub lines_read: usize,
    /// Findings by kind (`face`, `text`, `barcode`), text-layer lines among the text.
    pub findings: BTreeMap<String, usize>,
    /// Regions redacted.
    pub regions_redacted: usize,
    /// Whether the reviewer's plan for it was used (made in the review canvas), rather than
    /// the scan's.
    pub reviewed: bool,
    /// sha256 of the page image (JPEG) in the copy.
    pub output_sha256: String,
}

/// What checking a written PDF copy found.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdfVerification {
    /// Pages reopened and checked.
    pub pages_checked: usize,
    /// Each problem (empty when the copy is clean).
    pub problems: Vec<String>,
}

impl PdfVerification {
    /// True when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A redacted copy of a PDF, built and verified in memory (nothing written yet).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RedactedPdf {
    /// The copy's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The original (never modified).
    pub input: PathBuf,
    /// sha256 of the original.
    pub input_sha256: String,
    /// sha256 of the copy.
    pub output_sha256: String,
    /// Every page, in order.
    pub pages: Vec<RedactedPage>,
    /// Lines of page text covered, in page order.
    pub text_redacted: Vec<PdfTextRedaction>,
    /// Flagged lines kept legible, with the reasons.
    pub text_kept: Vec<PdfKeptText>,
    /// What the original held that the copy leaves out (document information, XMP,
    /// annotations, form fields, attachments, earlier revisions, the text layer…), one line each.
    pub removed: Vec<String>,
    /// Every page's findings together, as the consent gate sees them.
    #[serde(skip)]
    pub plan: PlanSummary,
    /// The check of the copy, reopened from its bytes.
    pub verification: PdfVerification,
}

fn err(path: &Path, message: impl Into<String>) -> Error {
    Error::Archive {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// How a page's text line is treated.
enum LineJudgement<'k> {
    /// Judged by what it says and not identifier-like: legible.
    Legible,
    /// Identifier-like: covered.
    Identifier(TextCategory),
    /// Identifier-like, kept by the reviewer for this reason.
    Kept(TextCategory, &'k str),
    /// Glyphs with no Unicode: it cannot be judged, so it is covered.
    Unreadable,
}

fn judge<'k>(line: &PageLine, keep: &'k [KeepText]) -> LineJudgement<'k> {
    let unknown = line.text.chars().filter(|&c| c == '\u{FFFD}').count();
    if unknown * 3 >= line.text.chars().count().max(1) {
        return LineJudgement::Unreadable;
    }
    let category = classify_document(&line.text);
    if !category.is_identifier() {
        return LineJudgement::Legible;
    }
    match keep_reason(keep, &line.text) {
        Some(reason) => LineJudgement::Kept(category, reason),
        None => LineJudgement::Identifier(category),
    }
}

/// The findings that decide a page's redaction: the detector's faces and barcodes; its text
/// regions except those lying mostly in legible, upright text-layer lines (judged by what they
/// say instead); and every identifier-like or unreadable text-layer line.
fn page_findings(
    detected: Vec<Finding>,
    lines: &[PageLine],
    keep: &[KeepText],
    page: usize,
    redactions: &mut Vec<PdfTextRedaction>,
    kept: &mut Vec<PdfKeptText>,
) -> Vec<Finding> {
    let judged: Vec<(&PageLine, LineJudgement<'_>)> =
        lines.iter().map(|l| (l, judge(l, keep))).collect();
    let read_here: Vec<_> = judged
        .iter()
        .filter(|(l, j)| {
            l.upright_visible && matches!(j, LineJudgement::Legible | LineJudgement::Kept(..))
        })
        .map(|(l, _)| l.rect)
        .collect();
    let mut findings: Vec<Finding> = detected
        .into_iter()
        .filter(|f| {
            if f.kind != Kind::Text || f.rect.is_empty() {
                return true;
            }
            !mostly_inside(&f.rect, &read_here)
        })
        .collect();
    for (line, j) in judged {
        let category = match j {
            LineJudgement::Legible => continue,
            LineJudgement::Kept(category, reason) => {
                kept.push(PdfKeptText {
                    page,
                    category,
                    text: line.text.clone(),
                    reason: reason.to_string(),
                });
                continue;
            }
            LineJudgement::Identifier(category) => Some(category),
            LineJudgement::Unreadable => None,
        };
        redactions.push(PdfTextRedaction { page, category });
        // The detector's own box for this line is the same text: one finding, covering both
        // (a reviewer who leaves the line visible would otherwise find its twin still covering).
        let mut rect = line.rect;
        findings.retain(|f| {
            let twin =
                f.kind == Kind::Text && f.rect.intersection_area(&line.rect) * 2 >= f.rect.area();
            if twin {
                rect = union(&rect, &f.rect);
            }
            !twin
        });
        let mut f = Finding::new(Kind::Text, rect, 1.0);
        f.category = category;
        // What the line says, for the reviewer (the canvas shows it; a kept line is matched by
        // it). Never recorded in the ledger, which counts findings.
        f.text = Some(line.text.clone());
        findings.push(f);
    }
    findings
}

/// The smallest rectangle holding both.
fn union(a: &Rect, b: &Rect) -> Rect {
    let x0 = a.x.min(b.x);
    let y0 = a.y.min(b.y);
    let x1 = (a.x + a.w).max(b.x + b.w);
    let y1 = (a.y + a.h).max(b.y + b.h);
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// The share of `r` lying in `boxes` is at least a half.
fn mostly_inside(r: &Rect, boxes: &[Rect]) -> bool {
    let inside: u64 = boxes.iter().map(|b| b.intersection_area(r)).sum();
    inside * 2 >= r.area()
}

/// `f` found in a crop whose corner is at (`dx`, `dy`) of the page, in page pixels.
fn shifted(mut f: Finding, dx: u32, dy: u32) -> Finding {
    f.rect.x += dx;
    f.rect.y += dy;
    for w in &mut f.words {
        w.x += dx;
        w.y += dy;
    }
    if let Some(q) = &mut f.quad {
        for p in q.iter_mut() {
            p[0] += dx as f32;
            p[1] += dy as f32;
        }
    }
    if let Some(p) = &mut f.polygon {
        for v in &mut p.0 {
            v[0] += dx as f32;
            v[1] += dy as f32;
        }
    }
    f
}

/// The detector's findings on a drawn page. Each picture on the page is scanned on its own,
/// as a deck's picture is (a photo set on a white page misleads the text detector, which then
/// takes the whole photo for one block of text); then the whole page, for what is drawn
/// otherwise (text drawn as outlines, barcodes drawn as bars, a face across pictures). A text
/// region of the whole page lying mostly in a picture scanned on its own is left to that
/// picture's scan. A picture covering most of the page (a scanned page) is scanned with it.
fn scan_page(detector: &Detector, pixels: &RgbImage, pictures: &[Rect]) -> Result<Vec<Finding>> {
    let page = Rect::new(0, 0, pixels.width(), pixels.height());
    let mut own: Vec<Rect> = pictures
        .iter()
        .filter(|r| r.w >= 24 && r.h >= 24 && r.area() * 10 < page.area() * 9)
        .copied()
        .collect();
    own.sort_by_key(|r| (r.y, r.x, r.w, r.h));
    own.dedup();
    let mut out = Vec::new();
    for r in &own {
        let crop = image::imageops::crop_imm(pixels, r.x, r.y, r.w, r.h).to_image();
        out.extend(
            detector
                .detect(&crop)?
                .into_iter()
                .map(|f| shifted(f, r.x, r.y)),
        );
    }
    let in_pictures = out.len();
    for f in detector.detect(pixels)? {
        if f.kind == Kind::Text && mostly_inside(&f.rect, &own) {
            continue;
        }
        // A face or code the picture's own scan found is not listed twice (a reviewer who
        // dismisses it would find it still covered by its twin).
        let twin = out[..in_pictures]
            .iter()
            .any(|g| g.kind == f.kind && g.rect.iou(&f.rect) >= 0.5);
        if f.kind != Kind::Text && twin {
            continue;
        }
        out.push(f);
    }
    Ok(out)
}

/// What the original holds that an image-only copy leaves out, from its report.
fn removed_items(report: &PdfReport, lines: usize) -> Vec<String> {
    let mut out = Vec::new();
    if !report.properties.is_empty() {
        let names: Vec<&str> = report.properties.iter().map(|p| p.name.as_str()).collect();
        out.push(format!("document information ({})", names.join(", ")));
    }
    if let Some(n) = report.xmp_bytes {
        out.push(format!("XMP metadata ({n} bytes)"));
    }
    if !report.annotations.is_empty() {
        out.push(format!("{} annotation(s)", report.annotations.len()));
    }
    if !report.form_fields.is_empty() {
        out.push(format!("{} filled form field(s)", report.form_fields.len()));
    }
    if !report.attachments.is_empty() {
        out.push(format!("{} attached file(s)", report.attachments.len()));
    }
    if report.revisions > 1 {
        out.push(format!("{} earlier revision(s)", report.revisions - 1));
    }
    if lines > 0 {
        out.push(format!(
            "the text layer ({lines} line(s); pages are pictures now)"
        ));
    }
    out
}

/// Build a redacted copy of the PDF in `bytes` (`path` names it in errors and reports) and
/// verify it; nothing is written. Every page is drawn at [`PdfRedactOptions::dpi`], scanned
/// with `detector`, redacted (see the module's notes on text) and encoded as a JPEG; the copy is
/// a new PDF of those pictures alone, each page the size of the original's. The copy is then
/// reopened as untrusted input and checked ([`verify_pdf_copy`]).
///
/// A file encrypted with an empty user password is read like any other; one that needs a
/// password is refused.
pub fn write_redacted_pdf(
    bytes: &[u8],
    path: &Path,
    detector: &Detector,
    opts: &PdfRedactOptions,
) -> Result<RedactedPdf> {
    let pdf = render::open(bytes, path)?;
    // The report names what the copy leaves out (its page text is not read here: each page's
    // lines are read as it is drawn). The copy itself never needs it: it is made from the
    // drawn pages alone, so a file whose structure lopdf cannot read (some RC4 files it cannot
    // decrypt with the empty password hayro opens them with) still gets one.
    let report = read_report(bytes, path, None, &opts.vet, None);
    // But a file cut short (a partial download, a full disk) is not copied as whatever part of
    // it can still be drawn: its pages would come out blank or half-drawn without a word.
    if let Err(e) = &report {
        if !ends_with_eof_marker(bytes) {
            return Err(Error::Archive {
                path: path.to_path_buf(),
                message: format!(
                    "the PDF is truncated (it stops before its end-of-file marker) and its structure cannot be read ({})",
                    match e {
                        Error::Archive { message, .. } => message.clone(),
                        other => other.to_string(),
                    }
                ),
            });
        }
    }
    let cache = hayro::RenderCache::new();
    let max_pixels = opts.vet.decode.max_megapixels.saturating_mul(1_000_000);
    let mut pages = Vec::new();
    let mut images = Vec::new();
    let mut plan = PlanSummary::default();
    let mut text_redacted = Vec::new();
    let mut text_kept = Vec::new();
    let mut lines_total = 0;
    for (i, page) in pdf.pages().iter().enumerate() {
        let number = i + 1;
        let drawn = render::render_page(page, &cache, opts.dpi, max_pixels);
        let (w, h) = drawn.pixels.dimensions();
        lines_total += drawn.lines.len();
        let name = format!("page {number}");
        let reviewed = review::reviewed_plan(&opts.reviewed, &name, &drawn.pixels, path)?;
        let page_plan = match reviewed {
            Some(p) => {
                // The reviewer's plan. Lines kept in the document view (`keep_text`) stay
                // legible here too: taken out of the plan, listed as kept with their reason
                // (as on a page not reviewed, where a kept line never becomes a finding).
                let mut p = p.clone();
                p.items.retain(|i| {
                    let text =
                        i.finding.text.as_deref().filter(|_| {
                            i.finding.kind == Kind::Text && i.decision == Decision::Redact
                        });
                    let Some(reason) = text.and_then(|t| keep_reason(&opts.keep_text, t)) else {
                        return true;
                    };
                    let text = text.unwrap_or_default();
                    // The line and the detector's reading of it are one kept line.
                    if !(text_kept.iter()).any(|k: &PdfKeptText| k.page == number && k.text == text)
                    {
                        text_kept.push(PdfKeptText {
                            page: number,
                            category: i.finding.category.unwrap_or(TextCategory::Other),
                            text: text.to_string(),
                            reason: reason.to_string(),
                        });
                    }
                    false
                });
                // The identifier-like (or unreadable) lines of the text layer it covers are
                // the lines covered.
                for line in &drawn.lines {
                    let category = match judge(line, &opts.keep_text) {
                        LineJudgement::Identifier(c) => Some(c),
                        LineJudgement::Unreadable => None,
                        LineJudgement::Legible | LineJudgement::Kept(..) => continue,
                    };
                    let covered = (p.items.iter())
                        .filter(|i| i.decision == Decision::Redact)
                        .any(|i| {
                            i.redact_rect.intersection_area(&line.rect) * 2 >= line.rect.area()
                        });
                    if covered {
                        text_redacted.push(PdfTextRedaction {
                            page: number,
                            category,
                        });
                    }
                }
                p
            }
            None => {
                let detected = scan_page(detector, &drawn.pixels, &drawn.pictures)?;
                let findings = page_findings(
                    detected,
                    &drawn.lines,
                    &opts.keep_text,
                    number,
                    &mut text_redacted,
                    &mut text_kept,
                );
                RedactionPlan::from_findings(&findings, w, h, &opts.defaults)
            }
        };
        plan.add(pipeline::plan_summary(&page_plan));
        let EncodedPicture {
            redacted,
            bytes: jpeg,
            ..
        } = pipeline::redact_encode_verify(
            &drawn.pixels,
            &page_plan,
            OutputFormat::Jpeg {
                quality: opts.jpeg_quality,
            },
            path,
            Some(&name),
        )?;
        let by_kind = page_plan.count_by_kind();
        pages.push(RedactedPage {
            page: number,
            width_pt: drawn.width_pt,
            height_pt: drawn.height_pt,
            dpi: drawn.dpi,
            width: w,
            height: h,
            lines_read: drawn.lines.len(),
            findings: by_kind,
            regions_redacted: redacted.regions.len(),
            reviewed: reviewed.is_some(),
            output_sha256: sha256_hex(&jpeg),
        });
        images.push(jpeg);
    }
    if pages.is_empty() {
        return Err(err(path, "the PDF has no pages"));
    }
    let out = image_pdf(&pages, images).map_err(|e| err(path, format!("cannot write: {e}")))?;
    let verification = verify_pdf_copy(&out, path, &pages);
    Ok(RedactedPdf {
        input_sha256: sha256_hex(bytes),
        output_sha256: sha256_hex(&out),
        bytes: out,
        input: path.to_path_buf(),
        pages,
        text_redacted,
        text_kept,
        removed: match &report {
            Ok(r) => removed_items(r, lines_total),
            Err(e) => vec![format!(
                "everything but the pages as drawn (the file's structure could not be listed: {e})"
            )],
        },
        plan,
        verification,
    })
}

/// A new PDF holding one JPEG per page, drawn over the whole page: a catalog, a page tree and,
/// per page, the page, its content stream and its picture. No document information, no ID.
fn image_pdf(pages: &[RedactedPage], images: Vec<Vec<u8>>) -> lopdf::Result<Vec<u8>> {
    let mut doc = Document::with_version("1.4");
    // A classic cross-reference table: every reader takes it, and the trailer holds no more
    // than `Root` and `Size`.
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for (p, jpeg) in pages.iter().zip(images) {
        let image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => i64::from(p.width),
                "Height" => i64::from(p.height),
                "ColorSpace" => "DeviceRGB",
                "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            jpeg,
        )
        .with_compression(false);
        let image_id = doc.add_object(image);
        let content = format!(
            "q {} 0 0 {} 0 0 cm /P Do Q",
            fmt_pt(p.width_pt),
            fmt_pt(p.height_pt)
        );
        let content_id = doc
            .add_object(Stream::new(dictionary! {}, content.into_bytes()).with_compression(false));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(p.width_pt), Object::Real(p.height_pt)],
            "Resources" => dictionary! { "XObject" => dictionary! { "P" => image_id } },
            "Contents" => content_id,
        });
        kids.push(Object::Reference(page_id));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Count" => kids.len() as i64,
            "Kids" => kids,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

fn fmt_pt(v: f32) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Check a PDF copy from its bytes alone, as untrusted input: it opens (with lopdf and with the
/// renderer); it holds exactly one revision, no document information, encryption, XMP, outline,
/// names, forms or actions; its pages are `expected` in number and size, each with no
/// annotations and exactly one picture (the very JPEG written) drawn by a content stream of
/// one drawing command; and no page holds any text.
pub fn verify_pdf_copy(bytes: &[u8], path: &Path, expected: &[RedactedPage]) -> PdfVerification {
    let mut v = PdfVerification::default();
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => {
            v.problems.push(format!("the copy does not open: {e}"));
            return v;
        }
    };
    if revisions(bytes) != 1 {
        v.problems
            .push("the copy holds more than one revision".into());
    }
    for key in doc.trailer.iter().map(|(k, _)| k) {
        if !matches!(key.as_slice(), b"Root" | b"Size") {
            v.problems
                .push(format!("trailer holds /{}", String::from_utf8_lossy(key)));
        }
    }
    match doc.catalog() {
        Ok(c) => {
            for (k, _) in c.iter() {
                if !matches!(k.as_slice(), b"Type" | b"Pages") {
                    v.problems
                        .push(format!("catalog holds /{}", String::from_utf8_lossy(k)));
                }
            }
        }
        Err(e) => v.problems.push(format!("no catalog: {e}")),
    }
    let pages = doc.get_pages();
    if pages.len() != expected.len() {
        v.problems.push(format!(
            "{} pages, expected {}",
            pages.len(),
            expected.len()
        ));
    }
    // Catalog, page tree, and per page: page, content, picture.
    if doc.objects.len() != 2 + 3 * expected.len() {
        v.problems.push(format!(
            "{} objects, expected {}",
            doc.objects.len(),
            2 + 3 * expected.len()
        ));
    }
    for ((number, page_id), want) in pages.iter().zip(expected) {
        let Ok(page) = doc.get_dictionary(*page_id) else {
            v.problems.push(format!("page {number}: not a dictionary"));
            continue;
        };
        for (k, _) in page.iter() {
            if !matches!(
                k.as_slice(),
                b"Type" | b"Parent" | b"MediaBox" | b"Resources" | b"Contents"
            ) {
                v.problems.push(format!(
                    "page {number} holds /{}",
                    String::from_utf8_lossy(k)
                ));
            }
        }
        let size = page
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| {
                let n: Vec<f32> = a.iter().filter_map(|o| o.as_float().ok()).collect();
                (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]))
            });
        match size {
            Some((w, h))
                if (w - want.width_pt).abs() < 0.01 && (h - want.height_pt).abs() < 0.01 => {}
            other => v.problems.push(format!(
                "page {number}: size {other:?}, expected {}x{} pt",
                want.width_pt, want.height_pt
            )),
        }
        let images: Vec<&lopdf::Stream> = page
            .get(b"Resources")
            .and_then(Object::as_dict)
            .and_then(|r| r.get(b"XObject"))
            .and_then(Object::as_dict)
            .map(|x| {
                x.iter()
                    .filter_map(|(_, o)| o.as_reference().ok())
                    .filter_map(|id| doc.get_object(id).ok()?.as_stream().ok())
                    .collect()
            })
            .unwrap_or_default();
        match images.as_slice() {
            [img] if sha256_hex(&img.content) == want.output_sha256 => {}
            [_] => v
                .problems
                .push(format!("page {number}: its picture is not the one written")),
            other => v.problems.push(format!(
                "page {number}: {} pictures, expected 1",
                other.len()
            )),
        }
        match doc.get_page_content(*page_id) {
            Ok(c) if c.starts_with(b"q ") && c.ends_with(b" cm /P Do Q") => {}
            Ok(_) => v
                .problems
                .push(format!("page {number}: unexpected drawing commands")),
            Err(e) => v.problems.push(format!("page {number}: content: {e}")),
        }
        v.pages_checked += 1;
    }
    match render::open(bytes, path) {
        Ok(pdf) => {
            for (i, page) in pdf.pages().iter().enumerate() {
                let lines = render::page_lines(page, 10.0, u64::MAX);
                if !lines.is_empty() {
                    v.problems.push(format!(
                        "page {}: holds {} line(s) of text",
                        i + 1,
                        lines.len()
                    ));
                }
            }
        }
        Err(e) => v
            .problems
            .push(format!("the renderer cannot open the copy: {e}")),
    }
    v
}

/// A written redacted copy of a PDF.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdfExportOutcome {
    /// The copy and what was done to it.
    #[serde(flatten)]
    pub pdf: RedactedPdf,
    /// The file written.
    pub output: PathBuf,
    /// The ledger row recording this export.
    pub ledger_row: i64,
}

/// Page `key` (`page N`) of the PDF in `bytes`, drawn as the copy draws it, with what the copy
/// would cover on it (every flagged line: what stays is the reviewer's to dismiss).
pub(crate) fn draw_page_for_review(
    bytes: &[u8],
    path: &Path,
    key: &str,
    detector: &Detector,
    opts: &PdfRedactOptions,
) -> Result<(RgbImage, Vec<Finding>)> {
    let number: usize = (key.strip_prefix("page "))
        .and_then(|n| n.parse().ok())
        .filter(|n| *n >= 1)
        .ok_or_else(|| err(path, format!("no page named {key}")))?;
    let pdf = render::open(bytes, path)?;
    let pages = pdf.pages();
    let page = (pages.get(number - 1))
        .ok_or_else(|| err(path, format!("no {key}: the PDF has {} pages", pages.len())))?;
    let max_pixels = opts.vet.decode.max_megapixels.saturating_mul(1_000_000);
    let drawn = render::render_page(page, &hayro::RenderCache::new(), opts.dpi, max_pixels);
    let detected = scan_page(detector, &drawn.pixels, &drawn.pictures)?;
    let findings = page_findings(
        detected,
        &drawn.lines,
        &[],
        number,
        &mut Vec::new(),
        &mut Vec::new(),
    );
    Ok((drawn.pixels, findings))
}

/// Whether a PDF's last kilobyte holds the `%%EOF` marker every complete file ends with (a
/// truncated file has lost it; readers tolerate a little junk after it, and padding: a file
/// filled out with zero bytes, as some copies are, still ends with it before the zeros).
fn ends_with_eof_marker(bytes: &[u8]) -> bool {
    let end = bytes
        .iter()
        .rposition(|&b| b != 0 && !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let tail = &bytes[end.saturating_sub(1024)..end];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// Write a redacted copy of the PDF at `input` through the consent gate, with its ledger
/// record: the copy is built and verified ([`write_redacted_pdf`]), then exported
/// ([`RedactedPdf::export`]). The input is only read.
pub fn export_pdf(
    input: &Path,
    detector: &Detector,
    req: &ExportRequest<'_>,
    output_file: Option<&Path>,
    opts: &PdfRedactOptions,
    ledger: &mut Ledger,
) -> Result<PdfExportOutcome> {
    let bytes = std::fs::read(input).map_err(|e| Error::io(input, e))?;
    write_redacted_pdf(&bytes, input, detector, opts)?.export(req, output_file, ledger)
}

impl RedactedPdf {
    /// Export this built and checked copy through the consent gate: the gate is asked with
    /// every page's findings together (a refusal is recorded and nothing is written); then the
    /// copy is written like any export ([`pipeline::write_export`]: `redacted-<sha256
    /// prefix>.pdf` in `req.out_dir`, or `output_file`), its ledger row carrying the kept
    /// lines as dismissals and the document counts.
    pub fn export(
        self,
        req: &ExportRequest<'_>,
        output_file: Option<&Path>,
        ledger: &mut Ledger,
    ) -> Result<PdfExportOutcome> {
        let pdf = self;
        let (output, ledger_row) = pipeline::export_document(
            req,
            &pipeline::DocumentCopy {
                input: &pdf.input,
                input_sha256: &pdf.input_sha256,
                output_sha256: &pdf.output_sha256,
                bytes: &pdf.bytes,
                extension: "pdf",
                plan: &pdf.plan,
                problems: &pdf.verification.problems,
                kept_reasons: pdf.text_kept.iter().map(|k| k.reason.as_str()).collect(),
                counts: crate::audit::DocumentCounts {
                    text_replaced: pdf.text_redacted.len() as u64,
                    parts_removed: pdf.removed.len() as u64,
                    shapes_removed: 0,
                    placeholders: 0,
                },
            },
            output_file,
            ledger,
        )?;
        Ok(PdfExportOutcome {
            pdf,
            output,
            ledger_row,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(w: u32, h: u32, jpeg: &[u8]) -> RedactedPage {
        RedactedPage {
            page: 1,
            width_pt: w as f32 * 72.0 / 200.0,
            height_pt: h as f32 * 72.0 / 200.0,
            dpi: 200.0,
            width: w,
            height: h,
            lines_read: 0,
            findings: BTreeMap::new(),
            regions_redacted: 0,
            reviewed: false,
            output_sha256: sha256_hex(jpeg),
        }
    }

    #[test]
    fn a_file_cut_short_has_lost_its_end_of_file_marker() {
        assert!(ends_with_eof_marker(
            b"%PDF-1.4\n...\nstartxref\n9\n%%EOF\n"
        ));
        assert!(ends_with_eof_marker(b"%PDF-1.4\n%%EOF\r\n\0\0 junk"));
        assert!(!ends_with_eof_marker(b"%PDF-1.4\n1 0 obj\n<< /Type /Cat"));
        assert!(!ends_with_eof_marker(b""));
        // Zero padding after the marker (seen in a real file: 20 KB of zeros).
        let mut padded = b"%PDF-1.4\n%%EOF\n".to_vec();
        padded.resize(30_000, 0);
        assert!(ends_with_eof_marker(&padded));
    }

    #[test]
    fn an_image_pdf_passes_its_own_check_and_a_changed_one_does_not() {
        let img = image::RgbImage::from_pixel(40, 60, image::Rgb([200, 10, 10]));
        let jpeg =
            crate::image_io::encode(&img, OutputFormat::Jpeg { quality: 90 }, Path::new("p"))
                .unwrap();
        let pages = [page(40, 60, &jpeg)];
        let bytes = image_pdf(&pages, vec![jpeg]).unwrap();
        let v = verify_pdf_copy(&bytes, Path::new("copy.pdf"), &pages);
        assert!(v.ok(), "{:?}", v.problems);
        assert_eq!(v.pages_checked, 1);

        // Another picture than the one written.
        let mut other = pages.clone();
        other[0].output_sha256 = "0".repeat(64);
        let v = verify_pdf_copy(&bytes, Path::new("copy.pdf"), &other);
        assert!(
            v.problems.iter().any(|p| p.contains("not the one written")),
            "{:?}",
            v.problems
        );

        // Document information added and saved again: the check names it.
        let mut doc = Document::load_mem(&bytes).unwrap();
        let info = doc.add_object(dictionary! { "Author" => Object::string_literal("Jane Roe") });
        doc.trailer.set("Info", info);
        let mut changed = Vec::new();
        doc.save_to(&mut changed).unwrap();
        let v = verify_pdf_copy(&changed, Path::new("copy.pdf"), &pages);
        assert!(
            v.problems.iter().any(|p| p.contains("/Info")),
            "{:?}",
            v.problems
        );
    }
}
