//! The redacted copy of a deck: every embedded picture replaced by its redacted, re-encoded
//! version, the person-naming document properties blanked, the thumbnail removed, every other
//! part copied byte for byte. The copy is verified by reopening it before anyone may write it;
//! [`export_pptx`] adds the consent gate, the ledger row and the atomic write.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use zip::write::SimpleFileOptions;

use super::parts::{self, RemovalReason, RemovedPart};
use super::shapes::{self, HiddenShape};
use super::text::{self, TextPlace, REDACTED_MARK};
use super::{picture, resolve, vet_pptx_bytes};
use crate::audit::Ledger;
use crate::detect::Detector;
use crate::document::archive::read_archive;
use crate::document::xml::{self, ContentTypes, RelEdit};
use crate::document::{Comment, DocumentProperty, TextHit, VetOptions};
use crate::hash::sha256_hex;
use crate::image_io::{self, OutputFormat};
use crate::metadata::{self, ContainerFormat};
use crate::pipeline::{self, EncodedPicture, ExportRequest};
use crate::policy::PlanSummary;
use crate::redact::{PlanDefaults, RedactionPlan};
use crate::{Error, Result};

/// `docProps/core.xml` properties a redacted copy blanks: (local name, qualified name). All
/// free text that may name the author or the patient; dates and the revision are kept.
pub const CORE_PROPERTIES_BLANKED: &[(&str, &str)] = &[
    ("title", "dc:title"),
    ("subject", "dc:subject"),
    ("creator", "dc:creator"),
    ("keywords", "cp:keywords"),
    ("description", "dc:description"),
    ("lastModifiedBy", "cp:lastModifiedBy"),
    ("category", "cp:category"),
];

/// `docProps/app.xml` properties a redacted copy blanks.
pub const APP_PROPERTIES_BLANKED: &[(&str, &str)] = &[
    ("Company", "Company"),
    ("Manager", "Manager"),
    ("HyperlinkBase", "HyperlinkBase"),
];

/// Options for writing a redacted copy of a deck.
#[derive(Debug, Clone, Default)]
pub struct DeckRedactOptions {
    /// Limits for opening the container and decoding its pictures.
    pub vet: VetOptions,
    /// Redaction methods and margins for the pictures' findings.
    pub defaults: PlanDefaults,
    /// Keep the speaker notes (their identifier-like text replaced) instead of removing them.
    pub keep_notes: bool,
    /// Flagged text the reviewer keeps visible, each with the reason recorded in the ledger
    /// (the reviewed plan, `vet --plan`).
    pub keep_text: Vec<KeepText>,
    /// The reviewer's plans for pictures, by part name, made in the review canvas on the
    /// pixels [`crate::document::picture_for_review`] drew: used instead of a scan.
    pub reviewed: Vec<crate::document::ReviewedPicture>,
}

/// One piece of flagged text the reviewer keeps in the copy: the text as flagged (a line of a
/// paragraph, an alt text, a chart value or a title; compared trimmed) and why it may stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeepText {
    /// The flagged text, as `vet` lists it in `flagged_text`.
    pub text: String,
    /// Why it may stay (required; recorded in the ledger row as a dismissal).
    pub reason: String,
}

/// Flagged text kept in the copy, where it is and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeptText {
    /// The part it is in.
    pub part: String,
    /// The slide the part belongs to, when it belongs to one.
    pub slide: Option<usize>,
    /// Paragraph, alt text, chart value or document title.
    pub place: TextPlace,
    /// What it was flagged as.
    pub category: crate::detect::TextCategory,
    /// The text (kept visible in the copy).
    pub text: String,
    /// The reviewer's reason.
    pub reason: String,
}

/// Identifier-like text in a deck, as the copy would replace it: where, what, and the text
/// (for the reviewer deciding what may stay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlaggedText {
    /// The part it is in, e.g. `ppt/charts/chart1.xml`.
    pub part: String,
    /// The slide the part belongs to, when it belongs to one.
    pub slide: Option<usize>,
    /// Paragraph, alt text, chart value or document title.
    pub place: TextPlace,
    /// What it probably is.
    pub category: crate::detect::TextCategory,
    /// The text.
    pub text: String,
}

/// How a picture of the deck was made safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PictureTreatment {
    /// Decoded, scanned, redacted and re-encoded.
    Redacted,
    /// An SVG drawn to pixels, then scanned, redacted and written as PNG.
    RenderedSvg,
    /// Nothing here can draw it (EMF/WMF, a picture that does not decode or is too large): a
    /// neutral grey picture of its size stands in its place.
    Placeholder,
}

/// One piece of text the copy no longer holds. The text itself is not kept: it is the
/// identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TextReplacement {
    /// The part it was in, e.g. `ppt/slides/slide2.xml`, `ppt/charts/chart1.xml`.
    pub part: String,
    /// The slide the part belongs to, when it belongs to one.
    pub slide: Option<usize>,
    /// Paragraph, alt text, chart value or document title.
    pub place: TextPlace,
    /// What it probably was.
    pub category: crate::detect::TextCategory,
    /// What the copy says instead.
    pub replacement: &'static str,
}

/// One picture of the deck as redacted.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RedactedPicture {
    /// The part in the original deck, e.g. `ppt/media/image1.png`.
    pub name: String,
    /// The part in the copy: the same name, unless the format changed (a TIFF, GIF, WebP or
    /// HEIC picture is written as PNG or JPEG under the matching extension, its relationships
    /// and content type updated).
    pub output_name: String,
    /// The original's container format.
    pub format: ContainerFormat,
    /// The copy's format.
    pub output_format: OutputFormat,
    /// Redacted, drawn from SVG, or replaced by a placeholder.
    pub treatment: PictureTreatment,
    /// Why it was drawn or replaced, when it was not simply redacted.
    pub note: Option<String>,
    /// Width of the whole stored picture (upright), all of which was scanned and redacted,
    /// including what slides crop away.
    pub width: u32,
    /// Height of the whole stored picture.
    pub height: u32,
    /// sha256 of the original picture.
    pub sha256: String,
    /// sha256 of the redacted picture.
    pub output_sha256: String,
    /// Findings by kind (`face`, `text`, `barcode`).
    pub findings: BTreeMap<String, usize>,
    /// Regions redacted.
    pub regions_redacted: usize,
    /// Whether the reviewer's plan for it was used (made in the review canvas), rather than
    /// the scan's.
    pub reviewed: bool,
    /// Metadata the original carried (none of it is in the copy).
    pub metadata_removed: Vec<String>,
}

/// What checking a written copy found.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeckVerification {
    /// Pictures reopened, decoded and checked.
    pub pictures_checked: usize,
    /// Each problem (empty when the copy is clean).
    pub problems: Vec<String>,
}

impl DeckVerification {
    /// True when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A redacted copy of a deck, built and verified in memory (nothing written yet).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RedactedDeck {
    /// The copy's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The original deck (never modified).
    pub input: PathBuf,
    /// sha256 of the original deck.
    pub input_sha256: String,
    /// sha256 of the copy.
    pub output_sha256: String,
    /// Every picture, in part-name order.
    pub pictures: Vec<RedactedPicture>,
    /// Every picture's findings together, as the consent gate sees them.
    #[serde(skip)]
    pub plan: PlanSummary,
    /// Document properties blanked, with the values they had.
    pub properties_cleared: Vec<DocumentProperty>,
    /// Thumbnail parts removed (with their relationships and content-type overrides).
    pub thumbnail_removed: Vec<String>,
    /// Every piece of identifier-like text replaced by [`REDACTED_MARK`], in part order.
    pub text_replaced: Vec<TextReplacement>,
    /// Flagged text the reviewer kept visible, with the reasons (`DeckRedactOptions::keep_text`).
    pub text_kept: Vec<KeptText>,
    /// Every part left out of the copy (hidden slides, notes, comments, embedded objects,
    /// media…), in part-name order.
    pub parts_removed: Vec<RemovedPart>,
    /// Shapes hidden or wholly off their slide (left out of the copy) and partly off it (kept,
    /// their pictures redacted whole and their text judged like the rest).
    pub hidden_shapes: Vec<HiddenShape>,
    /// Identifier-like text the copy still holds, found by vetting the copy as any deck is
    /// vetted, less what the reviewer kept (`text_kept`): empty unless something was missed.
    pub text_left: Vec<TextHit>,
    /// Comments the copy still holds (none: comments are removed).
    pub comments_left: Vec<Comment>,
    /// The check of the copy, reopened from its bytes.
    pub verification: DeckVerification,
}

impl RedactedDeck {
    /// True when the copy still holds something to edit by hand (slide text, notes, comments,
    /// alt text or embedded objects).
    pub fn needs_manual_editing(&self) -> bool {
        !self.text_left.is_empty() || !self.comments_left.is_empty()
    }
}

fn archive_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Archive {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// The part whose relationships a `.rels` part holds: `ppt/slides/_rels/slide1.xml.rels` →
/// `ppt/slides/slide1.xml`; `_rels/.rels` → `` (the package).
pub(super) fn rels_source(rels_part: &str) -> Option<String> {
    let file = rels_part.strip_suffix(".rels")?;
    let (dir, file) = match file.rsplit_once('/') {
        Some((dir, file)) => (dir, file),
        None => return None,
    };
    let parent = if dir == "_rels" {
        ""
    } else {
        dir.strip_suffix("/_rels")?
    };
    Some(if parent.is_empty() {
        file.to_string()
    } else {
        format!("{parent}/{file}")
    })
}

/// True for a part that holds a picture: anything under `ppt/media/`, anything whose content
/// type is `image/*`, anything whose bytes are an image container.
fn is_picture(name: &str, types: &ContentTypes, bytes: &[u8]) -> bool {
    name.starts_with("ppt/media/")
        || types.of(name).is_some_and(|t| t.starts_with("image/"))
        || metadata::inspect_detailed(bytes).format != ContainerFormat::Unknown
}

fn content_type(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Jpeg { .. } => "image/jpeg",
        OutputFormat::Png => "image/png",
    }
}

/// The copy's name for picture `name` written as `format`: the same when its extension fits,
/// else the same stem with the format's extension (`-redacted`, `-2`… if that is taken).
pub(super) fn output_name(name: &str, format: OutputFormat, taken: &BTreeSet<String>) -> String {
    let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let ext = ext.to_ascii_lowercase();
    let fits = match format {
        OutputFormat::Jpeg { .. } => matches!(ext.as_str(), "jpg" | "jpeg" | "jpe"),
        OutputFormat::Png => ext == "png",
    };
    if fits {
        return name.to_string();
    }
    let new_ext = format.extension();
    let join = |f: String| {
        if dir.is_empty() {
            f
        } else {
            format!("{dir}/{f}")
        }
    };
    let mut candidate = join(format!("{stem}.{new_ext}"));
    let mut n = 1;
    while taken.contains(&candidate) {
        candidate = if n == 1 {
            join(format!("{stem}-redacted.{new_ext}"))
        } else {
            join(format!("{stem}-redacted-{n}.{new_ext}"))
        };
        n += 1;
    }
    candidate
}

/// Build a redacted copy of the deck in `bytes` (`path` names it in errors and reports) and
/// verify it; nothing is written. In one pass, with no hand edits needed:
/// - every picture is decoded whole, scanned with `detector`, redacted with the default plan
///   and re-encoded from its pixels alone; an SVG is drawn to pixels first
///   ([`PictureTreatment::RenderedSvg`]); a picture nothing here can draw (EMF/WMF, one that
///   does not decode or is over the pixel limit) becomes a neutral placeholder of its size
///   ([`PictureTreatment::Placeholder`]);
/// - identifier-like text in slides, layouts, masters, notes, tables, SmartArt, charts, alt
///   text and document titles is replaced by [`REDACTED_MARK`], keeping the run's formatting;
/// - hidden slides, notes (unless [`DeckRedactOptions::keep_notes`]), comments and their
///   authors, custom XML, tags, macros, ink, embedded objects, video, audio and the other parts
///   of [`RemovalReason`] are left out, with every relationship and element that pointed at
///   them;
/// - every core and extended properties part (found by content type) has its person-naming
///   fields blanked, custom properties and the thumbnail are removed.
///
/// The copy is then reopened as untrusted input and checked ([`verify_redacted`]).
pub fn write_redacted(
    bytes: &[u8],
    path: &Path,
    detector: &Detector,
    opts: &DeckRedactOptions,
) -> Result<RedactedDeck> {
    let archive = read_archive(Cursor::new(bytes), path, &opts.vet.limits, |_| true)?;
    if archive.get("ppt/presentation.xml").is_none() {
        return Err(archive_error(
            path,
            "not a PowerPoint deck (no ppt/presentation.xml)",
        ));
    }
    let types_part = archive
        .get("[Content_Types].xml")
        .ok_or_else(|| archive_error(path, "no [Content_Types].xml"))?;
    let types = xml::content_types(types_part)
        .map_err(|e| archive_error(path, format!("[Content_Types].xml: {e}")))?;

    // The thumbnail: what the package relationship points at, and any docProps/thumbnail.*.
    let package_rels = match archive.get("_rels/.rels") {
        Some(b) => xml::rels(b).map_err(|e| archive_error(path, format!("_rels/.rels: {e}")))?,
        None => Vec::new(),
    };
    let mut thumbnails: BTreeSet<String> = (package_rels.iter())
        .filter(|r| !r.external && r.kind() == "thumbnail")
        .map(|r| resolve("", &r.target))
        .collect();
    thumbnails.extend(
        (archive.names.iter())
            .filter(|n| n.starts_with("docProps/thumbnail"))
            .cloned(),
    );
    thumbnails.retain(|t| archive.names.contains(t));

    // What the copy leaves out.
    let slides = slide_parts(&archive);
    let keep = parts::Keep {
        notes: opts.keep_notes,
    };
    let removed =
        parts::removals(&archive, &types, &slides, keep).map_err(|e| archive_error(path, e))?;
    let mut drop = parts::dropped_names(&removed, &archive);
    drop.extend(thumbnails.iter().cloned());

    let mut taken: BTreeSet<String> = archive.names.iter().cloned().collect();
    let mut replaced: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut ct_remove: BTreeSet<String> = drop.clone();
    let mut ct_add: Vec<(String, String)> = Vec::new();
    let mut pictures = Vec::new();
    let mut plan = PlanSummary::default();
    let mut names: Vec<&String> = (archive.names.iter())
        .filter(|n| !drop.contains(*n) && !n.ends_with('/'))
        .filter(|n| is_picture(n, &types, archive.get(n).unwrap_or_default()))
        .collect();
    names.sort();
    for name in names {
        let original = archive.get(name).unwrap_or_default();
        let (pic, out) = redact_picture(path, name, original, detector, opts, &mut plan)?;
        let new_name = output_name(name, pic.output_format, &taken);
        let wanted = content_type(pic.output_format);
        if &new_name != name {
            taken.insert(new_name.clone());
            renamed.insert(name.clone(), new_name.clone());
            ct_remove.insert(name.clone());
        }
        if types.of(&new_name) != Some(wanted) {
            ct_remove.insert(new_name.clone());
            ct_add.push((new_name.clone(), wanted.to_string()));
        }
        replaced.insert(name.clone(), (new_name.clone(), out));
        pictures.push(RedactedPicture {
            output_name: new_name,
            ..pic
        });
    }

    // Relationships: drop those to removed parts, point those to renamed pictures at the new
    // names; remember which ids each part lost, to take out the elements that used them.
    let mut lost_ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // Targets that name no part of the original (real decks carry such dangling links, e.g.
    // `Target="NULL"`): the copy's check does not blame the copy for them.
    let mut missing_before: BTreeSet<String> = BTreeSet::new();
    for rels_part in archive.names.iter().filter(|n| n.ends_with(".rels")) {
        if drop.contains(rels_part) {
            continue;
        }
        let Some(source) = rels_source(rels_part) else {
            continue;
        };
        let part_bytes = archive.get(rels_part).unwrap_or_default();
        let edit = |r: &xml::Rel| {
            if r.external {
                return RelEdit::Keep;
            }
            let target = resolve(&source, &r.target);
            if drop.contains(&target) {
                RelEdit::Drop
            } else if let Some(new) = renamed.get(&target) {
                let new_file = new.rsplit('/').next().unwrap_or(new);
                RelEdit::Retarget(match r.target.rsplit_once('/') {
                    Some((dir, _)) => format!("{dir}/{new_file}"),
                    None => new_file.to_string(),
                })
            } else {
                RelEdit::Keep
            }
        };
        let list =
            xml::rels(part_bytes).map_err(|e| archive_error(path, format!("{rels_part}: {e}")))?;
        missing_before.extend(
            (list.iter().filter(|r| !r.external))
                .map(|r| resolve(&source, &r.target))
                .filter(|t| !archive.names.contains(t)),
        );
        if list.iter().all(|r| edit(r) == RelEdit::Keep) {
            continue;
        }
        for r in list.iter().filter(|r| edit(r) == RelEdit::Drop) {
            lost_ids
                .entry(source.clone())
                .or_default()
                .insert(r.id.clone());
        }
        let new = xml::rewrite_rels(part_bytes, edit)
            .map_err(|e| archive_error(path, format!("{rels_part}: {e}")))?;
        replaced.insert(rels_part.clone(), (rels_part.clone(), new));
    }
    // The elements that used a lost relationship (a hidden slide's `p:sldId`, a video's
    // `a:videoFile`, a tag list entry, an ink `p:contentPart`…); hidden slides' numeric ids in
    // the section lists.
    let hidden_ids: BTreeSet<String> = {
        let pres_rels = lost_ids
            .get("ppt/presentation.xml")
            .cloned()
            .unwrap_or_default();
        xml::slide_numeric_ids(archive.get("ppt/presentation.xml").unwrap_or_default())
            .map_err(|e| archive_error(path, format!("ppt/presentation.xml: {e}")))?
            .into_iter()
            .filter(|(rid, _)| pres_rels.contains(rid))
            .map(|(_, id)| id)
            .collect()
    };
    for (source, ids) in &lost_ids {
        if source.is_empty() || drop.contains(source) || !source.ends_with(".xml") {
            continue;
        }
        let Some(b) = archive.get(source) else {
            continue;
        };
        let none = BTreeSet::new();
        let numbers = if source == "ppt/presentation.xml" {
            &hidden_ids
        } else {
            &none
        };
        let (new, n) = xml::drop_references(b, ids, numbers)
            .map_err(|e| archive_error(path, format!("{source}: {e}")))?;
        if n > 0 {
            replaced.insert(source.clone(), (source.clone(), new));
        }
    }

    let mut types_new = None;
    if !ct_remove.is_empty() || !ct_add.is_empty() {
        types_new = Some(
            xml::rewrite_content_types(types_part, &ct_remove, &ct_add)
                .map_err(|e| archive_error(path, format!("[Content_Types].xml: {e}")))?,
        );
    }
    // A macro-enabled deck without its macros is a plain deck.
    if removed.values().any(|r| r.reason == RemovalReason::Macros)
        && types
            .of("ppt/presentation.xml")
            .is_some_and(|t| t.contains("macroEnabled"))
    {
        let current = types_new.as_deref().unwrap_or(types_part);
        types_new = Some(
            xml::set_override(current, "ppt/presentation.xml", PRESENTATION_MAIN)
                .map_err(|e| archive_error(path, format!("[Content_Types].xml: {e}")))?,
        );
    }
    if let Some(new) = types_new {
        replaced.insert(
            "[Content_Types].xml".into(),
            ("[Content_Types].xml".into(), new),
        );
    }

    // Shapes the slide show never shows: hidden, or wholly off the slide.
    let size = shapes::slide_size(current_bytes(&archive, &replaced, "ppt/presentation.xml"));
    let mut hidden_shapes = Vec::new();
    for (i, slide) in slides.iter().enumerate() {
        if drop.contains(slide) {
            continue;
        }
        let current = current_bytes(&archive, &replaced, slide);
        let (new, found) = shapes::hidden_shapes(current, i + 1, size, true)
            .map_err(|e| archive_error(path, format!("{slide}: {e}")))?;
        hidden_shapes.extend(found);
        if let Some(new) = new {
            replaced.insert(slide.clone(), (slide.clone(), new));
        }
    }

    // Document properties: every core and extended properties part, whatever its name.
    let mut properties_cleared = Vec::new();
    for (part, names) in property_parts(&archive, &types) {
        if drop.contains(&part) {
            continue;
        }
        let current = current_bytes(&archive, &replaced, &part);
        let locals: Vec<&str> = names.iter().map(|(l, _)| *l).collect();
        let (new, removed_values) = xml::blank_root_children(current, &locals)
            .map_err(|e| archive_error(path, format!("{part}: {e}")))?;
        if removed_values.is_empty() {
            continue;
        }
        for (local, value) in removed_values {
            let name = names
                .iter()
                .find(|(l, _)| *l == local)
                .map_or(local.as_str(), |(_, q)| q);
            properties_cleared.push(DocumentProperty {
                name: name.to_string(),
                value,
            });
        }
        replaced.insert(part.clone(), (part, new));
    }

    // Identifier-like text, in every remaining XML part that can hold text; what the reviewer
    // keeps stays, with its reason.
    let slide_of = slide_numbers(&archive, &slides);
    let mut text_replaced = Vec::new();
    let mut text_kept = Vec::new();
    let kept_now: std::cell::RefCell<
        Vec<(String, TextPlace, crate::detect::TextCategory, String)>,
    > = Default::default();
    let judge = |t: &str, place: TextPlace| {
        let category = text::identifier(t)?;
        match keep_reason(&opts.keep_text, t) {
            Some(reason) => {
                kept_now
                    .borrow_mut()
                    .push((t.to_string(), place, category, reason.to_string()));
                None
            }
            None => Some(category),
        }
    };
    for part in text_parts(&archive, &types, &drop) {
        let current = current_bytes(&archive, &replaced, &part);
        let (new, found) = text::redact_part(current, &judge)
            .map_err(|e| archive_error(path, format!("{part}: {e}")))?;
        text_kept.extend(
            kept_now
                .borrow_mut()
                .drain(..)
                .map(|(text, place, category, reason)| KeptText {
                    part: part.clone(),
                    slide: slide_of.get(&part).copied(),
                    place,
                    category,
                    text,
                    reason,
                }),
        );
        let Some(new) = new else {
            continue;
        };
        text_replaced.extend(found.into_iter().map(|r| TextReplacement {
            part: part.clone(),
            slide: slide_of.get(&part).copied(),
            place: r.place,
            category: r.category,
            replacement: REDACTED_MARK,
        }));
        replaced.insert(part.clone(), (part, new));
    }

    let out = build_zip(bytes, path, &drop, &replaced)?;

    // What is left for a person to look at: the copy, vetted as any deck is.
    let left = vet_pptx_bytes(&out, path, None, &opts.vet)?;
    let changed: BTreeSet<String> = (pictures.iter())
        .filter(|p| p.sha256 != p.output_sha256)
        .map(|p| p.sha256.clone())
        .collect();
    let verification = verify_redacted(
        &out,
        path,
        &changed,
        &drop,
        &missing_before,
        &opts.keep_text,
        &opts.vet,
    );
    Ok(RedactedDeck {
        input: path.to_path_buf(),
        input_sha256: sha256_hex(bytes),
        output_sha256: sha256_hex(&out),
        bytes: out,
        pictures,
        plan,
        properties_cleared,
        thumbnail_removed: thumbnails.into_iter().collect(),
        text_replaced,
        text_kept,
        parts_removed: removed.into_values().collect(),
        hidden_shapes,
        text_left: (left.identifiers.into_iter())
            .filter(|h| keep_reason(&opts.keep_text, &h.text).is_none())
            .collect(),
        comments_left: left.comments,
        verification,
    })
}

/// The content type of a deck's main part without macros.
const PRESENTATION_MAIN: &str =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";
const CORE_PROPERTIES_TYPE: &str = "application/vnd.openxmlformats-package.core-properties+xml";
const EXTENDED_PROPERTIES_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.extended-properties+xml";

/// The judge of the copy's text by default: every identifier-like piece is replaced.
fn default_judge(text: &str, _: TextPlace) -> Option<crate::detect::TextCategory> {
    text::identifier(text)
}

/// The reviewer's reason for keeping `text`, when the plan keeps it (compared trimmed); the
/// same rule for a deck's text and a PDF's page lines.
pub(crate) fn keep_reason<'k>(keep: &'k [KeepText], text: &str) -> Option<&'k str> {
    let t = text.trim();
    keep.iter()
        .find(|k| k.text.trim() == t)
        .map(|k| k.reason.as_str())
}

/// Every piece of identifier-like text the copy of this deck would replace, for the reviewer's
/// plan; `drop` is what the copy leaves out (its text is not listed).
pub(crate) fn flagged_text(
    archive: &crate::document::archive::Archive,
    types: &ContentTypes,
    slides: &[String],
    drop: &BTreeSet<String>,
) -> std::result::Result<Vec<FlaggedText>, String> {
    let slide_of = slide_numbers(archive, slides);
    let mut out = Vec::new();
    for part in text_parts(archive, types, drop) {
        let (_, found) = text::redact_part(archive.get(&part).unwrap_or_default(), &default_judge)
            .map_err(|e| format!("{part}: {e}"))?;
        out.extend(found.into_iter().map(|r| FlaggedText {
            part: part.clone(),
            slide: slide_of.get(&part).copied(),
            place: r.place,
            category: r.category,
            text: r.text,
        }));
    }
    Ok(out)
}

/// A part's bytes as the copy has them so far.
fn current_bytes<'a>(
    archive: &'a crate::document::archive::Archive,
    replaced: &'a BTreeMap<String, (String, Vec<u8>)>,
    part: &str,
) -> &'a [u8] {
    match replaced.get(part) {
        Some((_, b)) => b,
        None => archive.get(part).unwrap_or_default(),
    }
}

/// Every core and extended properties part, by content type, by the package relationship that
/// names it, or by its usual name, with the fields blanked in each.
fn property_parts(
    archive: &crate::document::archive::Archive,
    types: &ContentTypes,
) -> Vec<(String, &'static [(&'static str, &'static str)])> {
    let package_rels = archive
        .get("_rels/.rels")
        .and_then(|b| xml::rels(b).ok())
        .unwrap_or_default();
    let by_rel = |kind: &str| -> BTreeSet<String> {
        (package_rels.iter())
            .filter(|r| !r.external && r.kind() == kind)
            .map(|r| resolve("", &r.target))
            .collect()
    };
    let (core_rels, app_rels) = (by_rel("core-properties"), by_rel("extended-properties"));
    let mut out = Vec::new();
    for name in &archive.names {
        let ct = types.of(name).unwrap_or("");
        if ct == CORE_PROPERTIES_TYPE || core_rels.contains(name) || name == "docProps/core.xml" {
            out.push((name.clone(), CORE_PROPERTIES_BLANKED));
        } else if ct == EXTENDED_PROPERTIES_TYPE
            || app_rels.contains(name)
            || name == "docProps/app.xml"
        {
            out.push((name.clone(), APP_PROPERTIES_BLANKED));
        }
    }
    out
}

/// The XML parts whose text is judged: every part under `ppt/` and every extended properties
/// part (slide titles), less what the copy leaves out.
fn text_parts(
    archive: &crate::document::archive::Archive,
    types: &ContentTypes,
    drop: &BTreeSet<String>,
) -> Vec<String> {
    (archive.names.iter())
        .filter(|n| !drop.contains(*n) && text_parts_filter(n, types))
        .cloned()
        .collect()
}

/// True for an XML part whose text is judged (see [`text_parts`]).
fn text_parts_filter(name: &str, types: &ContentTypes) -> bool {
    name.ends_with(".xml")
        && (name.starts_with("ppt/")
            || types.of(name) == Some(EXTENDED_PROPERTIES_TYPE)
            || name == "docProps/app.xml")
}

/// The slide a part belongs to: slides themselves, and what a slide's relationships reach
/// (notes, charts, SmartArt parts), the first slide that uses it.
fn slide_numbers(
    archive: &crate::document::archive::Archive,
    slides: &[String],
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, slide) in slides.iter().enumerate() {
        out.entry(slide.clone()).or_insert(i + 1);
        let rels = archive
            .get(&super::rels_name(slide))
            .and_then(|b| xml::rels(b).ok())
            .unwrap_or_default();
        for r in rels.iter().filter(|r| !r.external) {
            if matches!(
                r.kind(),
                "notesSlide" | "chart" | "diagramData" | "diagramDrawing" | "diagramLayout"
            ) {
                out.entry(resolve(slide, &r.target)).or_insert(i + 1);
            }
        }
    }
    out
}

/// Slide parts in presentation order (as the report numbers them).
fn slide_parts(archive: &crate::document::archive::Archive) -> Vec<String> {
    super::Deck {
        archive,
        warnings: Vec::new(),
    }
    .slide_parts()
}

/// A deck's picture drawn as its copy draws it: decoded, or an SVG drawn, or a grey placeholder
/// of its size when it cannot be drawn.
pub(crate) struct DrawnPicture {
    /// The pixels.
    pub pixels: std::sync::Arc<image::RgbImage>,
    /// The format the copy writes it in.
    pub format: OutputFormat,
    /// The decoded format, for a raster picture.
    pub source_format: Option<image_io::SourceFormat>,
    /// How it was drawn.
    pub treatment: PictureTreatment,
    /// Why it could not be drawn, for a placeholder.
    pub note: Option<String>,
    /// The metadata the part carries.
    pub details: metadata::MetadataDetails,
}

impl DrawnPicture {
    /// What the detector finds in it (nothing in a placeholder).
    pub(crate) fn scan(&self, detector: &Detector) -> Result<Vec<crate::detect::Finding>> {
        if self.treatment == PictureTreatment::Placeholder {
            Ok(Vec::new())
        } else {
            detector.detect(&self.pixels)
        }
    }
}

/// Draw one picture part as the copy does.
fn draw_picture(name: &str, original: &[u8], opts: &DeckRedactOptions) -> Result<DrawnPicture> {
    let details = metadata::inspect_detailed(original);
    let mut note = None;
    let decoded = if details.format == ContainerFormat::Unknown {
        None
    } else {
        match image_io::decode_bytes(original, Path::new(name), &opts.vet.decode) {
            Ok(img) => Some((img.pixels, img.format)),
            Err(
                e @ (Error::Decode { .. }
                | Error::TooLarge { .. }
                | Error::UnsupportedFormat { .. }),
            ) => {
                note = Some(e.to_string());
                None
            }
            Err(e) => return Err(e),
        }
    };
    let (pixels, format, source_format, treatment) = match decoded {
        Some((pixels, source)) => (
            pixels,
            OutputFormat::for_source(source),
            Some(source),
            PictureTreatment::Redacted,
        ),
        None if note.is_none() && picture::is_svg(original) => {
            match picture::render_svg(original) {
                Some(img) => (
                    std::sync::Arc::new(img),
                    OutputFormat::Png,
                    None,
                    PictureTreatment::RenderedSvg,
                ),
                None => {
                    note = Some("an SVG that does not parse".into());
                    (
                        std::sync::Arc::new(picture::placeholder(None)),
                        OutputFormat::Png,
                        None,
                        PictureTreatment::Placeholder,
                    )
                }
            }
        }
        None => {
            let size = picture::metafile_size(original);
            if note.is_none() {
                note = Some(match size {
                    Some(_) => "a vector metafile (EMF/WMF) with no renderer here".into(),
                    None => "a picture format ClearFrame cannot draw".into(),
                });
            }
            (
                std::sync::Arc::new(picture::placeholder(size)),
                OutputFormat::Png,
                None,
                PictureTreatment::Placeholder,
            )
        }
    };
    Ok(DrawnPicture {
        pixels,
        format,
        source_format,
        treatment,
        note,
        details,
    })
}

/// The picture part `key` of the deck in `bytes`, drawn as the copy draws it, with the part's
/// bytes (for review: [`crate::document::picture_for_review`]). A key that names no picture
/// the copy redacts is `Error::Archive`.
pub(crate) fn draw_picture_of(
    bytes: &[u8],
    path: &Path,
    key: &str,
    opts: &DeckRedactOptions,
) -> Result<(DrawnPicture, Vec<u8>)> {
    let archive = read_archive(Cursor::new(bytes), path, &opts.vet.limits, |n| {
        n == key || n == "[Content_Types].xml"
    })?;
    let types = match archive.get("[Content_Types].xml") {
        Some(t) => xml::content_types(t)
            .map_err(|e| archive_error(path, format!("[Content_Types].xml: {e}")))?,
        None => return Err(archive_error(path, "no [Content_Types].xml")),
    };
    let original = match archive.get(key) {
        Some(b) if is_picture(key, &types, b) => b.to_vec(),
        _ => return Err(archive_error(path, format!("no picture named {key}"))),
    };
    Ok((draw_picture(key, &original, opts)?, original))
}

/// Redact, re-encode and check one picture (scanned, or as the reviewer's plan for it says);
/// its plan goes into `plan`.
fn redact_picture(
    path: &Path,
    name: &str,
    original: &[u8],
    detector: &Detector,
    opts: &DeckRedactOptions,
    plan: &mut PlanSummary,
) -> Result<(RedactedPicture, Vec<u8>)> {
    let drawn = draw_picture(name, original, opts)?;
    let (w, h) = drawn.pixels.dimensions();
    let reviewed =
        crate::document::review::reviewed_plan(&opts.reviewed, name, &drawn.pixels, path)?;
    let picture_plan = match reviewed {
        Some(p) => p.clone(),
        None => RedactionPlan::from_findings(&drawn.scan(detector)?, w, h, &opts.defaults),
    };
    let DrawnPicture {
        pixels,
        format,
        treatment,
        note,
        details,
        ..
    } = drawn;
    plan.add(pipeline::plan_summary(&picture_plan));
    let EncodedPicture {
        redacted,
        bytes: out,
        ..
    } = pipeline::redact_encode_verify(&pixels, &picture_plan, format, path, Some(name))?;
    let by_kind = picture_plan.count_by_kind();
    Ok((
        RedactedPicture {
            name: name.to_string(),
            output_name: name.to_string(),
            format: details.format,
            output_format: format,
            treatment,
            note,
            width: w,
            height: h,
            sha256: sha256_hex(original),
            output_sha256: sha256_hex(&out),
            findings: by_kind,
            regions_redacted: redacted.regions.len(),
            reviewed: reviewed.is_some(),
            metadata_removed: details.report.problems(),
        },
        out,
    ))
}

/// The copy's container: the original's entries in order, the thumbnail left out, replaced
/// parts written fresh (under their new names), every other entry copied raw (its compressed
/// bytes as they were).
fn build_zip(
    bytes: &[u8],
    path: &Path,
    drop: &BTreeSet<String>,
    replaced: &BTreeMap<String, (String, Vec<u8>)>,
) -> Result<Vec<u8>> {
    let zip_err = |e: zip::result::ZipError| archive_error(path, format!("writing the copy: {e}"));
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflate = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut written = 0usize;
    for i in 0..src.len() {
        let entry = src.by_index_raw(i).map_err(zip_err)?;
        let name = entry.name().to_string();
        if drop.contains(&name) {
            continue;
        }
        if let Some((new_name, data)) = replaced.get(&name) {
            let is_xml = new_name.ends_with(".xml") || new_name.ends_with(".rels");
            w.start_file(new_name.as_str(), if is_xml { deflate } else { stored })
                .map_err(zip_err)?;
            w.write_all(data)
                .map_err(|e| archive_error(path, format!("writing the copy: {e}")))?;
            written += 1;
            continue;
        }
        w.raw_copy_file(entry).map_err(zip_err)?;
    }
    if written != replaced.len() {
        return Err(archive_error(
            path,
            "writing the copy: a replaced part was not found in the container",
        ));
    }
    Ok(w.finish().map_err(zip_err)?.into_inner())
}

/// Reopen a written copy and check it as untrusted input: it opens within the limits; every
/// picture (under `ppt/media/`, `image/*` or an image by its bytes) has an `image/*` content
/// type, decodes, carries no metadata and no orientation, and is none of `originals` (the
/// sha256 of each original picture that redaction changed); no thumbnail part or
/// relationship; every image relationship points at a part that exists (unless it already
/// pointed nowhere in the original: `missing_before`, e.g. PowerPoint's `Target="NULL"`);
/// none of `removed`
/// (the parts left out) is there or pointed at; the blanked properties are empty in every
/// properties part; and no XML part holds identifier-like text (the text pass, run again on
/// the copy, finds nothing but what `keep` keeps).
pub fn verify_redacted(
    bytes: &[u8],
    path: &Path,
    originals: &BTreeSet<String>,
    removed: &BTreeSet<String>,
    missing_before: &BTreeSet<String>,
    keep: &[KeepText],
    opts: &VetOptions,
) -> DeckVerification {
    let mut v = DeckVerification::default();
    let archive = match read_archive(Cursor::new(bytes), path, &opts.limits, |_| true) {
        Ok(a) => a,
        Err(e) => {
            v.problems.push(format!("the copy does not reopen: {e}"));
            return v;
        }
    };
    let types = match archive.get("[Content_Types].xml").map(xml::content_types) {
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            v.problems.push(format!("[Content_Types].xml: {e}"));
            ContentTypes::default()
        }
        None => {
            v.problems.push("no [Content_Types].xml".into());
            ContentTypes::default()
        }
    };
    let names: BTreeSet<&String> = archive.names.iter().collect();
    for name in &archive.names {
        if name == "[Content_Types].xml" || name.ends_with('/') {
            continue;
        }
        if name.starts_with("docProps/thumbnail") {
            v.problems.push(format!("thumbnail {name} is still there"));
        }
        if removed.contains(name) {
            v.problems
                .push(format!("{name} was to be removed but is still there"));
        }
        if text_parts_filter(name, &types) {
            let judge = |t: &str, _: TextPlace| {
                text::identifier(t).filter(|_| keep_reason(keep, t).is_none())
            };
            match text::redact_part(archive.get(name).unwrap_or_default(), &judge) {
                Ok((_, found)) if !found.is_empty() => v.problems.push(format!(
                    "{name} still holds {} piece(s) of identifier-like text",
                    found.len()
                )),
                Ok(_) => {}
                Err(e) => v.problems.push(format!("{name}: {e}")),
            }
        }
        let data = archive.get(name).unwrap_or_default();
        if !is_picture(name, &types, data) {
            continue;
        }
        v.pictures_checked += 1;
        if !types.of(name).is_some_and(|t| t.starts_with("image/")) {
            v.problems.push(format!("{name} has no image content type"));
        }
        if originals.contains(&sha256_hex(data)) {
            v.problems
                .push(format!("{name} is an original picture, not its redaction"));
        }
        match image_io::decode_bytes(data, Path::new(name), &opts.decode) {
            Err(e) => v.problems.push(format!("{name} does not decode: {e}")),
            Ok(img) => {
                let problems = img.metadata.report.problems();
                if !problems.is_empty() {
                    v.problems
                        .push(format!("{name} carries metadata: {}", problems.join(", ")));
                }
                if img.orientation != 1 {
                    v.problems
                        .push(format!("{name} carries orientation {}", img.orientation));
                }
            }
        }
    }
    for rels_part in archive.names.iter().filter(|n| n.ends_with(".rels")) {
        let Some(source) = rels_source(rels_part) else {
            continue;
        };
        match xml::rels(archive.get(rels_part).unwrap_or_default()) {
            Err(e) => v.problems.push(format!("{rels_part}: {e}")),
            Ok(list) => {
                for r in list.iter().filter(|r| !r.external) {
                    if r.kind() == "thumbnail" {
                        v.problems
                            .push(format!("{rels_part} still points at a thumbnail"));
                    }
                    let target = resolve(&source, &r.target);
                    if removed.contains(&target) {
                        v.problems
                            .push(format!("{rels_part} still points at removed part {target}"));
                    }
                    if r.kind() == "image"
                        && !names.contains(&target)
                        && !missing_before.contains(&target)
                    {
                        v.problems.push(format!(
                            "{rels_part}: image {} is not in the copy",
                            r.target
                        ));
                    }
                }
            }
        }
    }
    for (part, list) in property_parts(&archive, &types) {
        let Some(b) = archive.get(&part) else {
            continue;
        };
        let locals: Vec<&str> = list.iter().map(|(l, _)| *l).collect();
        match xml::root_children_text(b, &locals) {
            Ok(found) => {
                for (name, value) in found {
                    v.problems
                        .push(format!("{part}: {name} still says \"{value}\""));
                }
            }
            Err(e) => v.problems.push(format!("{part}: {e}")),
        }
    }
    v
}

/// A written redacted copy.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeckExportOutcome {
    /// The copy and what was done to it.
    #[serde(flatten)]
    pub deck: RedactedDeck,
    /// The file written.
    pub output: PathBuf,
    /// The ledger row recording this export.
    pub ledger_row: i64,
}

/// Write a redacted copy of the deck at `input` through the consent gate, with its ledger
/// record, like [`pipeline::export`] does for one image: the copy is built and verified
/// ([`write_redacted`]), then exported ([`RedactedDeck::export`]). The input is only read.
pub fn export_pptx(
    input: &Path,
    detector: &Detector,
    req: &ExportRequest<'_>,
    output_file: Option<&Path>,
    opts: &DeckRedactOptions,
    ledger: &mut Ledger,
) -> Result<DeckExportOutcome> {
    let bytes = std::fs::read(input).map_err(|e| Error::io(input, e))?;
    write_redacted(&bytes, input, detector, opts)?.export(req, output_file, ledger)
}

impl RedactedDeck {
    /// Export this built and checked copy through the consent gate: the gate is asked with
    /// every picture's findings together (a refusal is recorded and nothing is written); the
    /// ledger row (input = the deck's sha256, output = the copy's; finding counts over all its
    /// pictures, kept text as dismissals, the document counts) is inserted in an open
    /// transaction; the copy goes to a temporary name and is renamed without clobbering — to
    /// `output_file` when given (which must not exist), else into `req.out_dir` as
    /// `redacted-<sha256 prefix>.pptx` (`<input stem>.pptx` with `keep_names`, then `-2`,
    /// `-3`…); it is read back and compared; only then is the row committed
    /// ([`pipeline::write_export`]). Building (the slow part) needs no ledger, so a batch
    /// builds copies in parallel and exports them one at a time.
    pub fn export(
        self,
        req: &ExportRequest<'_>,
        output_file: Option<&Path>,
        ledger: &mut Ledger,
    ) -> Result<DeckExportOutcome> {
        let deck = self;
        let (output, ledger_row) = pipeline::export_document(
            req,
            &pipeline::DocumentCopy {
                input: &deck.input,
                input_sha256: &deck.input_sha256,
                output_sha256: &deck.output_sha256,
                bytes: &deck.bytes,
                extension: "pptx",
                plan: &deck.plan,
                problems: &deck.verification.problems,
                kept_reasons: deck.text_kept.iter().map(|k| k.reason.as_str()).collect(),
                counts: crate::audit::DocumentCounts {
                    text_replaced: deck.text_replaced.len() as u64,
                    parts_removed: deck.parts_removed.len() as u64,
                    shapes_removed: deck.hidden_shapes.iter().filter(|h| h.removed()).count()
                        as u64,
                    placeholders: (deck.pictures.iter())
                        .filter(|p| p.treatment == PictureTreatment::Placeholder)
                        .count() as u64,
                },
            },
            output_file,
            ledger,
        )?;
        Ok(DeckExportOutcome {
            deck,
            output,
            ledger_row,
        })
    }
}
