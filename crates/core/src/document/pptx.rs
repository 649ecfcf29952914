//! PowerPoint (`.pptx`) decks: slide order from `ppt/presentation.xml` through its
//! relationships, pictures and their uses from each slide's relationships and blip fills,
//! text from slides, notes and comments, document properties and the thumbnail.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::Path;

use super::archive::{read_archive, Archive};
use super::xml::{self, Rel};
use super::{
    Comment, DocumentProperty, PictureReport, PictureText, TextHit, TextLocation, VetOptions,
    VetReport,
};
use crate::detect::category::{classify, classify_document};
use crate::detect::Detector;
use crate::hash::sha256_hex;
use crate::{image_io, metadata, Error, Result};

/// Vet the PowerPoint deck at `path`. Embedded pictures are scanned for faces and text when a
/// `detector` is given (their metadata always is). Fails when the file cannot be read, is not
/// a deck, or its container is refused as unsafe ([`Error::UnsafeArchive`]); smaller problems
/// (a malformed slide, a picture that does not decode) become warnings in the report.
pub fn vet_pptx(path: &Path, detector: Option<&Detector>, opts: &VetOptions) -> Result<VetReport> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    vet_pptx_bytes(&bytes, path, detector, opts)
}

/// [`vet_pptx`] on bytes already read; `path` names the deck in the report and in errors.
pub fn vet_pptx_bytes(
    bytes: &[u8],
    path: &Path,
    detector: Option<&Detector>,
    opts: &VetOptions,
) -> Result<VetReport> {
    let archive = read_archive(Cursor::new(bytes), path, &opts.limits, |name| {
        name.ends_with(".xml")
            || name.ends_with(".rels")
            || name.starts_with("ppt/media/")
            || name.starts_with("docProps/thumbnail")
    })?;
    if archive.get("ppt/presentation.xml").is_none() {
        return Err(Error::Archive {
            path: path.to_path_buf(),
            message: "not a PowerPoint deck (no ppt/presentation.xml)".into(),
        });
    }
    let mut deck = Deck {
        archive: &archive,
        warnings: Vec::new(),
    };
    let slides = deck.slide_parts();

    let mut identifiers = Vec::new();
    let mut paragraphs_checked = 0;
    // Picture part → (slides using it, slides cropping it).
    let mut uses: BTreeMap<String, (BTreeSet<usize>, BTreeSet<usize>)> = BTreeMap::new();
    let mut alt_texts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut comment_slide: BTreeMap<String, usize> = BTreeMap::new();
    for (index, slide) in slides.iter().enumerate() {
        let number = index + 1;
        let rels = deck.rels_of(slide);
        let by_id: BTreeMap<&str, &Rel> = rels.iter().map(|r| (r.id.as_str(), r)).collect();
        let Some(xml_bytes) = archive.get(slide) else {
            deck.warn(format!("slide {number}: part {slide} is missing"));
            continue;
        };
        match xml::blip_uses(xml_bytes) {
            Ok(blips) => {
                for b in blips {
                    let Some(rel) = by_id.get(b.rel_id.as_str()) else {
                        continue;
                    };
                    if rel.external {
                        continue;
                    }
                    let target = resolve(slide, &rel.target);
                    if let Some(alt) = b.alt {
                        let category = classify_document(&alt);
                        if category.is_identifier() {
                            identifiers.push(TextHit {
                                slide: Some(number),
                                location: TextLocation::AltText,
                                text: alt.clone(),
                                category,
                            });
                        }
                        let list = alt_texts.entry(target.clone()).or_default();
                        if !list.contains(&alt) {
                            list.push(alt);
                        }
                    }
                    let entry = uses.entry(target).or_default();
                    entry.0.insert(number);
                    if b.cropped {
                        entry.1.insert(number);
                    }
                }
            }
            Err(e) => deck.warn(format!("{slide}: {e}")),
        }
        paragraphs_checked += deck.text_hits(slide, number, TextLocation::Slide, &mut identifiers);
        for rel in rels.iter().filter(|r| !r.external) {
            let target = resolve(slide, &rel.target);
            match rel.kind() {
                "notesSlide" => {
                    paragraphs_checked +=
                        deck.text_hits(&target, number, TextLocation::Notes, &mut identifiers);
                }
                "comments" => {
                    comment_slide.insert(target, number);
                }
                _ => {}
            }
        }
    }

    let comments = deck.comments(&comment_slide);
    for c in &comments {
        paragraphs_checked += 1;
        let category = classify_document(&c.text);
        if category.is_identifier() {
            identifiers.push(TextHit {
                slide: c.slide,
                location: TextLocation::Comment,
                text: c.text.clone(),
                category,
            });
        }
    }

    let mut pictures = Vec::new();
    let mut media: Vec<&String> = (archive.names.iter())
        .filter(|n| n.starts_with("ppt/media/"))
        .collect();
    media.sort();
    for name in media {
        let (on, cropped) = uses.remove(name).unwrap_or_default();
        let mut pic = scan_picture(name, archive.get(name).unwrap_or_default(), detector, opts)?;
        pic.slides = on.into_iter().collect();
        pic.cropped_on_slides = cropped.into_iter().collect();
        pic.alt_text = alt_texts.remove(name.as_str()).unwrap_or_default();
        pictures.push(pic);
    }
    for (name, (on, _)) in &uses {
        deck.warn(format!(
            "slide(s) {} use picture {name}, which is not in the file",
            super::join_numbers(&on.iter().copied().collect::<Vec<_>>())
        ));
    }
    let thumbnail = match archive
        .names
        .iter()
        .find(|n| n.starts_with("docProps/thumbnail"))
    {
        Some(name) => Some(scan_picture(
            name,
            archive.get(name).unwrap_or_default(),
            detector,
            opts,
        )?),
        None => None,
    };
    let properties = deck.properties();
    let size = shapes::slide_size(archive.get("ppt/presentation.xml").unwrap_or_default());
    let mut hidden_shapes = Vec::new();
    for (i, slide) in slides.iter().enumerate() {
        match shapes::hidden_shapes(archive.get(slide).unwrap_or_default(), i + 1, size, false) {
            Ok((_, found)) => hidden_shapes.extend(found),
            Err(e) => deck.warn(format!("{slide}: {e}")),
        }
    }
    // What a copy (with the default options) leaves out, and the text it replaces.
    let types = xml::content_types(archive.get("[Content_Types].xml").unwrap_or_default())
        .unwrap_or_else(|e| {
            deck.warn(format!("[Content_Types].xml: {e}"));
            Default::default()
        });
    let removed = parts::removals(&archive, &types, &slides, parts::Keep::default())
        .unwrap_or_else(|e| {
            deck.warn(e);
            Default::default()
        });
    let drop = parts::dropped_names(&removed, &archive);
    let flagged_text = write::flagged_text(&archive, &types, &slides, &drop).unwrap_or_else(|e| {
        deck.warn(e);
        Vec::new()
    });
    let removed_on_export = removed.into_values().collect();

    Ok(VetReport {
        path: path.to_path_buf(),
        sha256: sha256_hex(bytes),
        size_bytes: bytes.len() as u64,
        slides: slides.len(),
        properties,
        pictures,
        thumbnail,
        identifiers,
        paragraphs_checked,
        comments,
        pictures_scanned: detector.is_some(),
        removed_on_export,
        hidden_shapes,
        flagged_text,
        warnings: deck.warnings,
    })
}

/// The part a relationship target names, from the part that holds the relationship:
/// `ppt/slides/slide1.xml` + `../media/image1.png` → `ppt/media/image1.png`.
pub(crate) fn resolve(source_part: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return normalise(abs.split('/').collect());
    }
    let mut parts: Vec<&str> = source_part.split('/').collect();
    parts.pop();
    parts.extend(target.split('/'));
    normalise(parts)
}

fn normalise(parts: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        match p {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

/// The relationships part of `part`: `ppt/slides/slide1.xml` → `ppt/slides/_rels/slide1.xml.rels`.
fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

struct Deck<'a> {
    archive: &'a Archive,
    warnings: Vec<String>,
}

impl Deck<'_> {
    fn warn(&mut self, w: String) {
        self.warnings.push(w);
    }

    fn rels_of(&mut self, part: &str) -> Vec<Rel> {
        let name = rels_name(part);
        match self.archive.get(&name).map(xml::rels) {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                self.warn(format!("{name}: {e}"));
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Slide parts in presentation order; by the number in their names when the presentation
    /// part does not list them.
    fn slide_parts(&mut self) -> Vec<String> {
        let pres = "ppt/presentation.xml";
        let archive = self.archive;
        let rels = self.rels_of(pres);
        let ids = match xml::slide_ids(archive.get(pres).unwrap_or_default()) {
            Ok(ids) => ids,
            Err(e) => {
                self.warn(format!("{pres}: {e}"));
                Vec::new()
            }
        };
        let ordered: Vec<String> = ids
            .iter()
            .filter_map(|id| rels.iter().find(|r| &r.id == id && r.kind() == "slide"))
            .map(|r| resolve(pres, &r.target))
            .filter(|p| archive.get(p).is_some())
            .collect();
        if !ordered.is_empty() {
            return ordered;
        }
        let mut numbered: Vec<(u32, String)> = (archive.names.iter())
            .filter_map(|n| {
                let num = n
                    .strip_prefix("ppt/slides/slide")?
                    .strip_suffix(".xml")?
                    .parse()
                    .ok()?;
                Some((num, n.clone()))
            })
            .collect();
        numbered.sort();
        numbered.into_iter().map(|(_, n)| n).collect()
    }

    /// Classify each line of each paragraph of `part`; push identifiers; return the number of
    /// paragraphs read.
    fn text_hits(
        &mut self,
        part: &str,
        slide: usize,
        location: TextLocation,
        out: &mut Vec<TextHit>,
    ) -> usize {
        let archive = self.archive;
        let Some(bytes) = archive.get(part) else {
            return 0;
        };
        let paragraphs = match xml::paragraphs(bytes) {
            Ok(p) => p,
            Err(e) => {
                self.warn(format!("{part}: {e}"));
                return 0;
            }
        };
        for p in &paragraphs {
            for line in p
                .split(['\n', '\u{b}'])
                .map(str::trim)
                .filter(|l| !l.is_empty())
            {
                let category = classify_document(line);
                if category.is_identifier() {
                    out.push(TextHit {
                        slide: Some(slide),
                        location,
                        text: line.to_string(),
                        category,
                    });
                }
            }
        }
        paragraphs.len()
    }

    fn comments(&mut self, slide_of: &BTreeMap<String, usize>) -> Vec<Comment> {
        let archive = self.archive;
        let mut authors = BTreeMap::new();
        for part in ["ppt/commentAuthors.xml", "ppt/authors.xml"] {
            if let Some(bytes) = archive.get(part) {
                match xml::comment_authors(bytes) {
                    Ok(a) => authors.extend(a),
                    Err(e) => self.warn(format!("{part}: {e}")),
                }
            }
        }
        let mut out = Vec::new();
        let parts: Vec<&String> = (archive.names.iter())
            .filter(|n| n.starts_with("ppt/comments/") && n.ends_with(".xml"))
            .collect();
        for part in parts {
            let Some(bytes) = archive.get(part) else {
                continue;
            };
            match xml::comments(bytes) {
                Ok(list) => out.extend(list.into_iter().map(|(author_id, text)| Comment {
                    slide: slide_of.get(part.as_str()).copied(),
                    author: author_id.and_then(|id| authors.get(&id).cloned()),
                    text,
                })),
                Err(e) => self.warn(format!("{part}: {e}")),
            }
        }
        out
    }

    fn properties(&mut self) -> Vec<DocumentProperty> {
        let mut out = Vec::new();
        // The properties reported are the ones a redacted copy blanks.
        let sources = [
            ("docProps/core.xml", CORE_PROPERTIES_BLANKED),
            ("docProps/app.xml", APP_PROPERTIES_BLANKED),
        ];
        let archive = self.archive;
        for (part, names) in sources {
            let Some(bytes) = archive.get(part) else {
                continue;
            };
            let wanted: Vec<&str> = names.iter().map(|(local, _)| *local).collect();
            match xml::root_children_text(bytes, &wanted) {
                Ok(found) => {
                    for (local, value) in found {
                        let name = names.iter().find(|(l, _)| *l == local).map(|(_, q)| *q);
                        out.push(DocumentProperty {
                            name: name.unwrap_or(local.as_str()).to_string(),
                            value,
                        });
                    }
                }
                Err(e) => self.warn(format!("{part}: {e}")),
            }
        }
        out
    }
}

/// Read one embedded picture: metadata always; decoded and, with a detector, scanned for faces
/// and text. A picture that is not an image ClearFrame decodes gets a `scan_error`; only a
/// model or runtime failure is an error.
fn scan_picture(
    name: &str,
    bytes: &[u8],
    detector: Option<&Detector>,
    opts: &VetOptions,
) -> Result<PictureReport> {
    let details = metadata::inspect_detailed(bytes);
    let mut pic = PictureReport {
        name: name.to_string(),
        size_bytes: bytes.len() as u64,
        format: details.format,
        sha256: sha256_hex(bytes),
        slides: Vec::new(),
        cropped_on_slides: Vec::new(),
        alt_text: Vec::new(),
        width: None,
        height: None,
        metadata: details.report.clone(),
        metadata_items: details.items.iter().map(|i| i.summary.clone()).collect(),
        findings: BTreeMap::new(),
        text: Vec::new(),
        scan_error: None,
    };
    if details.format == metadata::ContainerFormat::Unknown {
        pic.scan_error =
            Some("not an image format ClearFrame reads (EMF/WMF, SVG, video…?)".into());
        return Ok(pic);
    }
    let img = match image_io::decode_bytes(bytes, Path::new(name), &opts.decode) {
        Ok(img) => img,
        Err(e) => {
            pic.scan_error = Some(e.to_string());
            return Ok(pic);
        }
    };
    pic.width = Some(img.width());
    pic.height = Some(img.height());
    if let Some(detector) = detector {
        let findings = detector.detect(&img.pixels)?;
        for f in findings {
            *pic.findings.entry(f.kind.as_str().to_string()).or_default() += 1;
            if let Some(text) = f.text {
                pic.text.push(PictureText {
                    category: f.category.unwrap_or_else(|| classify(&text)),
                    text,
                });
            }
        }
    }
    Ok(pic)
}

mod parts;
mod picture;
mod shapes;
mod text;
mod write;

pub use parts::{RemovalReason, RemovedPart};
pub use shapes::{HiddenShape, ShapeIssue};
pub use text::{TextPlace, REDACTED_MARK};
pub(crate) use write::{draw_picture_of, keep_reason};
pub use write::{
    export_pptx, verify_redacted, write_redacted, DeckExportOutcome, DeckRedactOptions,
    DeckVerification, FlaggedText, KeepText, KeptText, PictureTreatment, RedactedDeck,
    RedactedPicture, TextReplacement, APP_PROPERTIES_BLANKED, CORE_PROPERTIES_BLANKED,
};

#[cfg(test)]
mod tests;
