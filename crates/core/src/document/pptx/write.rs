//! The redacted copy of a deck: every embedded picture replaced by its redacted, re-encoded
//! version, the person-naming document properties blanked, the thumbnail removed, every other
//! part copied byte for byte. The copy is verified by reopening it before anyone may write it;
//! [`export_pptx`] adds the consent gate, the ledger row and the atomic write.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use zip::write::SimpleFileOptions;

use super::{resolve, vet_pptx_bytes};
use crate::audit::{AuditEntry, Ledger};
use crate::detect::models::sha256_hex;
use crate::detect::Detector;
use crate::document::archive::read_archive;
use crate::document::xml::{self, ContentTypes, RelEdit};
use crate::document::{Comment, DocumentProperty, TextHit, VetOptions};
use crate::image_io::{self, OutputFormat};
use crate::metadata::{self, ContainerFormat};
use crate::pipeline::{self, ExportRequest};
use crate::policy::PlanSummary;
use crate::redact::{self, PlanDefaults, RedactionPlan};
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
}

/// One picture of the deck as redacted.
#[derive(Debug, Clone, Serialize)]
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
    /// Metadata the original carried (none of it is in the copy).
    pub metadata_removed: Vec<String>,
}

/// What checking a written copy found.
#[derive(Debug, Clone, Default, Serialize)]
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
    /// Identifier-like text on slides, in notes, comments and alt text: **left as is** — it
    /// must be edited by hand before the deck is shared.
    pub text_left: Vec<TextHit>,
    /// Comments (with their authors' names): left as is.
    pub comments_left: Vec<Comment>,
    /// Embedded objects (`ppt/embeddings/*`: spreadsheets, documents…), copied as they are;
    /// pictures inside them are not redacted.
    pub embedded_objects_left: Vec<String>,
    /// The check of the copy, reopened from its bytes.
    pub verification: DeckVerification,
}

impl RedactedDeck {
    /// True when the copy still holds something to edit by hand (slide text, notes, comments,
    /// alt text or embedded objects).
    pub fn needs_manual_editing(&self) -> bool {
        !self.text_left.is_empty()
            || !self.comments_left.is_empty()
            || !self.embedded_objects_left.is_empty()
    }
}

fn archive_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Archive {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn unredactable(path: &Path, message: impl Into<String>) -> Error {
    Error::Unredactable {
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
/// verify it; nothing is written. Every picture is decoded whole, scanned with `detector`,
/// redacted with the default plan and re-encoded from its pixels alone. A picture ClearFrame
/// cannot redact (EMF/WMF, SVG, video, one that does not decode or is over the pixel limit)
/// refuses the whole copy with [`Error::Unredactable`]: no copy is better than one that still
/// holds an original picture.
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

    let mut taken: BTreeSet<String> = archive.names.iter().cloned().collect();
    let mut replaced: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut ct_remove: BTreeSet<String> = thumbnails.clone();
    let mut ct_add: Vec<(String, String)> = Vec::new();
    let mut pictures = Vec::new();
    let mut plan = PlanSummary::default();
    let mut names: Vec<&String> = (archive.names.iter())
        .filter(|n| !thumbnails.contains(*n) && !n.ends_with('/'))
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

    // Relationships: drop those to the thumbnail, point those to renamed pictures at the new
    // names. A part whose relationships do not change is copied as it is.
    for rels_part in archive.names.iter().filter(|n| n.ends_with(".rels")) {
        let Some(source) = rels_source(rels_part) else {
            continue;
        };
        let part_bytes = archive.get(rels_part).unwrap_or_default();
        let edit = |r: &xml::Rel| {
            if r.external {
                return RelEdit::Keep;
            }
            let target = resolve(&source, &r.target);
            if thumbnails.contains(&target) {
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
        if list.iter().all(|r| edit(r) == RelEdit::Keep) {
            continue;
        }
        let new = xml::rewrite_rels(part_bytes, edit)
            .map_err(|e| archive_error(path, format!("{rels_part}: {e}")))?;
        replaced.insert(rels_part.clone(), (rels_part.clone(), new));
    }
    if !ct_remove.is_empty() || !ct_add.is_empty() {
        let new = xml::rewrite_content_types(types_part, &ct_remove, &ct_add)
            .map_err(|e| archive_error(path, format!("[Content_Types].xml: {e}")))?;
        replaced.insert(
            "[Content_Types].xml".into(),
            ("[Content_Types].xml".into(), new),
        );
    }

    // Document properties.
    let mut properties_cleared = Vec::new();
    for (part, names) in [
        ("docProps/core.xml", CORE_PROPERTIES_BLANKED),
        ("docProps/app.xml", APP_PROPERTIES_BLANKED),
    ] {
        let Some(b) = archive.get(part) else {
            continue;
        };
        let locals: Vec<&str> = names.iter().map(|(l, _)| *l).collect();
        let (new, removed) = xml::blank_root_children(b, &locals)
            .map_err(|e| archive_error(path, format!("{part}: {e}")))?;
        if removed.is_empty() {
            continue;
        }
        for (local, value) in removed {
            let name = names
                .iter()
                .find(|(l, _)| *l == local)
                .map_or(local.as_str(), |(_, q)| q);
            properties_cleared.push(DocumentProperty {
                name: name.to_string(),
                value,
            });
        }
        replaced.insert(part.to_string(), (part.to_string(), new));
    }

    let out = build_zip(bytes, path, &thumbnails, &replaced)?;

    // What is left for a person to edit: slide text, notes, comments, alt text (read the same
    // way `vet` reads them).
    let left = vet_pptx_bytes(bytes, path, None, &opts.vet)?;
    let changed: BTreeSet<String> = (pictures.iter())
        .filter(|p| p.sha256 != p.output_sha256)
        .map(|p| p.sha256.clone())
        .collect();
    let verification = verify_redacted(&out, path, &changed, &opts.vet);
    Ok(RedactedDeck {
        input: path.to_path_buf(),
        input_sha256: sha256_hex(bytes),
        output_sha256: sha256_hex(&out),
        bytes: out,
        pictures,
        plan,
        properties_cleared,
        thumbnail_removed: thumbnails.into_iter().collect(),
        text_left: left.identifiers,
        comments_left: left.comments,
        embedded_objects_left: (archive.names.iter())
            .filter(|n| n.starts_with("ppt/embeddings/") && !n.ends_with('/'))
            .cloned()
            .collect(),
        verification,
    })
}

/// Scan, redact, re-encode and check one picture; its plan goes into `plan`.
fn redact_picture(
    path: &Path,
    name: &str,
    original: &[u8],
    detector: &Detector,
    opts: &DeckRedactOptions,
    plan: &mut PlanSummary,
) -> Result<(RedactedPicture, Vec<u8>)> {
    let details = metadata::inspect_detailed(original);
    if details.format == ContainerFormat::Unknown {
        return Err(unredactable(
            path,
            format!(
                "{name} is not a picture ClearFrame can redact (EMF/WMF, SVG, video or audio?); \
                 replace it with a PNG or JPEG, or remove it, in PowerPoint, then run again"
            ),
        ));
    }
    let img =
        image_io::decode_bytes(original, Path::new(name), &opts.vet.decode).map_err(
            |e| match e {
                Error::Decode { .. } | Error::TooLarge { .. } | Error::UnsupportedFormat { .. } => {
                    unredactable(path, format!("{e}"))
                }
                e => e,
            },
        )?;
    let findings = detector.detect(&img.pixels)?;
    let picture_plan =
        RedactionPlan::from_findings(&findings, img.width(), img.height(), &opts.defaults);
    plan.findings
        .extend(pipeline::plan_summary(&picture_plan).findings);
    let redacted = redact::apply(&img.pixels, &picture_plan);
    let format = OutputFormat::for_source(img.format);
    let out = image_io::encode(&redacted.pixels, format, Path::new(name))?;
    let check = pipeline::verify_output(&out, &redacted, &img.pixels);
    if !check.ok() {
        return Err(Error::Verify {
            path: path.to_path_buf(),
            problems: check
                .problems
                .iter()
                .map(|p| format!("{name}: {p}"))
                .collect(),
        });
    }
    let mut by_kind = BTreeMap::new();
    for f in &findings {
        *by_kind.entry(f.kind.as_str().to_string()).or_default() += 1;
    }
    Ok((
        RedactedPicture {
            name: name.to_string(),
            output_name: name.to_string(),
            format: details.format,
            output_format: format,
            width: img.width(),
            height: img.height(),
            sha256: sha256_hex(original),
            output_sha256: sha256_hex(&out),
            findings: by_kind,
            regions_redacted: redacted.regions.len(),
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
/// relationship; every image relationship points at a part that exists; the blanked
/// properties are empty.
pub fn verify_redacted(
    bytes: &[u8],
    path: &Path,
    originals: &BTreeSet<String>,
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
                    if r.kind() == "image" && !names.contains(&target) {
                        v.problems.push(format!(
                            "{rels_part}: image {} is not in the copy",
                            r.target
                        ));
                    }
                }
            }
        }
    }
    for (part, list) in [
        ("docProps/core.xml", CORE_PROPERTIES_BLANKED),
        ("docProps/app.xml", APP_PROPERTIES_BLANKED),
    ] {
        let Some(b) = archive.get(part) else {
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
/// ([`write_redacted`]); the gate is asked with every picture's findings together (a refusal
/// is recorded and nothing is written); the ledger row (input = the deck's sha256, output =
/// the copy's; finding counts over all its pictures) is inserted in an open transaction; the
/// copy goes to a temporary name and is renamed without clobbering — to `output_file` when
/// given (which must not exist), else into `req.out_dir` as `redacted-<sha256 prefix>.pptx`
/// (`<input stem>.pptx` with `keep_names`, then `-2`, `-3`…); it is read back and compared;
/// only then is the row committed. The input is only read.
pub fn export_pptx(
    input: &Path,
    detector: &Detector,
    req: &ExportRequest<'_>,
    output_file: Option<&Path>,
    opts: &DeckRedactOptions,
    ledger: &mut Ledger,
) -> Result<DeckExportOutcome> {
    let bytes = std::fs::read(input).map_err(|e| Error::io(input, e))?;
    let deck = write_redacted(&bytes, input, detector, opts)?;
    req.gate_summary_or_record_refusal(Some(deck.plan.clone()), Some(&deck.input_sha256), ledger)?;
    if !deck.verification.ok() {
        return Err(Error::Verify {
            path: input.to_path_buf(),
            problems: deck.verification.problems.clone(),
        });
    }
    let mut entry = AuditEntry::exported(req.policy, &req.gate_request_for(deck.plan.clone()));
    entry.reviewer = req.reviewer.clone();
    entry.input_sha256 = Some(deck.input_sha256.clone());
    entry.output_sha256 = Some(deck.output_sha256.clone());
    entry.models = req.models.clone();
    if output_file.is_none() {
        std::fs::create_dir_all(&req.out_dir).map_err(|e| Error::io(&req.out_dir, e))?;
    }
    let pending = ledger.begin_export(&entry)?;
    // From here on the row is pending: any error drops it (rollback) and removes the file.
    let output = match output_file {
        Some(file) => image_io::write_new_file_at(file, &deck.bytes)?,
        None => {
            let stem = if req.keep_names {
                input
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("deck")
                    .to_string()
            } else {
                format!("redacted-{}", &deck.output_sha256[..12])
            };
            image_io::write_new_file(&req.out_dir, &stem, "pptx", &deck.bytes)?
        }
    };
    let keep_name = req.keep_names && output_file.is_none();
    let row = crate::pipeline::commit_written(pending, &output, &deck.bytes, keep_name)?;
    Ok(DeckExportOutcome {
        deck,
        output,
        ledger_row: row.id,
    })
}
