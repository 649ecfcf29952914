//! The parts a redacted copy leaves out, and why: what PowerPoint's Document Inspector removes
//! (notes, comments and their authors, custom XML, tags, macros, ink, hidden slides, custom
//! properties) and what ClearFrame cannot check (embedded objects, video, audio and other
//! media, ActiveX controls, revision and co-authoring records, printer settings). A part is
//! found by the relationship that points at it and, for parts no relationship reaches, by its
//! folder or content type, so a renamed part is found all the same.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{rels_name, resolve};
use crate::document::archive::Archive;
use crate::document::xml::{self, ContentTypes, Rel};

/// Why a part is not in the copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RemovalReason {
    /// A slide marked hidden (`show="0"`).
    HiddenSlide,
    /// Speaker notes.
    Notes,
    /// Comments on a slide.
    Comments,
    /// The list of comment authors (names, initials).
    CommentAuthors,
    /// Custom XML data (often document-management fields: author, patient or case ids).
    CustomXml,
    /// Tags added by add-ins.
    Tags,
    /// A VBA macro project.
    Macros,
    /// Ink (pen annotations).
    Ink,
    /// An embedded object (workbook behind a chart, document, another deck…); its preview
    /// picture stays, redacted.
    EmbeddedObject,
    /// A video clip (its poster picture stays, redacted).
    Video,
    /// An audio clip.
    Audio,
    /// Another media part ClearFrame cannot check (3-D model, PDF…).
    OtherMedia,
    /// An ActiveX control.
    ActiveX,
    /// Revision or co-authoring records (who changed what).
    Revisions,
    /// Printer settings (may name a printer or a user).
    PrinterSettings,
    /// Custom document properties.
    CustomProperties,
    /// Ribbon customisation.
    Customization,
}

impl RemovalReason {
    /// A short label for people in `lang` (`speaker notes`, `embedded object`…).
    pub fn label_in(self, lang: crate::l10n::Lang) -> String {
        crate::l10n::enum_label(lang, "removed", &self)
    }
}

/// One part left out of the copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemovedPart {
    /// The part's name in the original deck.
    pub name: String,
    /// Why it was left out.
    pub reason: RemovalReason,
    /// The slide it belonged to (1-based, presentation order), when it belonged to one.
    pub slide: Option<usize>,
}

/// What to keep that is removed by default.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Keep {
    /// Speaker notes (their identifiers are replaced all the same).
    pub notes: bool,
}

const MEDIA_EXTENSIONS: &[(&str, RemovalReason)] = &[
    ("mp4", RemovalReason::Video),
    ("m4v", RemovalReason::Video),
    ("mov", RemovalReason::Video),
    ("wmv", RemovalReason::Video),
    ("avi", RemovalReason::Video),
    ("mpg", RemovalReason::Video),
    ("mpeg", RemovalReason::Video),
    ("webm", RemovalReason::Video),
    ("mkv", RemovalReason::Video),
    ("mp3", RemovalReason::Audio),
    ("m4a", RemovalReason::Audio),
    ("wav", RemovalReason::Audio),
    ("wma", RemovalReason::Audio),
    ("aac", RemovalReason::Audio),
    ("ogg", RemovalReason::Audio),
    ("mid", RemovalReason::Audio),
    ("midi", RemovalReason::Audio),
    ("aif", RemovalReason::Audio),
    ("aiff", RemovalReason::Audio),
];

/// The reason a part is removed, from the relationship that points at it.
fn by_relationship(
    rel: &Rel,
    target: &str,
    types: &ContentTypes,
    keep: Keep,
) -> Option<RemovalReason> {
    Some(match rel.kind() {
        "notesSlide" if !keep.notes => RemovalReason::Notes,
        "comments" => RemovalReason::Comments,
        "commentAuthors" | "authors" => RemovalReason::CommentAuthors,
        "tags" => RemovalReason::Tags,
        "vbaProject" | "wordVbaData" | "vbaProjectSignature" => RemovalReason::Macros,
        "oleObject" | "package" => RemovalReason::EmbeddedObject,
        "video" => RemovalReason::Video,
        "audio" => RemovalReason::Audio,
        "media" => match types.of(target) {
            Some(t) if t.starts_with("audio/") => RemovalReason::Audio,
            _ => RemovalReason::Video,
        },
        "control" | "activeXControl" | "activeXControlBinary" => RemovalReason::ActiveX,
        "revisionInfo" | "changesInfo" => RemovalReason::Revisions,
        "printerSettings" => RemovalReason::PrinterSettings,
        "custom-properties" => RemovalReason::CustomProperties,
        "ui/extensibility" | "extensibility" => RemovalReason::Customization,
        "customXml" | "customXmlProps" => by_name(target, types, keep)?,
        "model3D" | "model3d" => RemovalReason::OtherMedia,
        _ => return None,
    })
}

/// The reason a part is removed, from its name or content type alone.
fn by_name(name: &str, types: &ContentTypes, keep: Keep) -> Option<RemovalReason> {
    let ct = types.of(name).unwrap_or("");
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let under = |dir: &str| name.starts_with(dir);
    Some(if under("customXml/") {
        RemovalReason::CustomXml
    } else if under("ppt/ink/") || ct == "application/inkml+xml" {
        RemovalReason::Ink
    } else if under("ppt/embeddings/") {
        RemovalReason::EmbeddedObject
    } else if under("ppt/comments/") {
        RemovalReason::Comments
    } else if name == "ppt/commentAuthors.xml" || name == "ppt/authors.xml" {
        RemovalReason::CommentAuthors
    } else if under("ppt/tags/") {
        RemovalReason::Tags
    } else if name == "ppt/vbaProject.bin" || name == "ppt/vbaData.xml" || ct.contains("vbaProject")
    {
        RemovalReason::Macros
    } else if under("ppt/activeX/") {
        RemovalReason::ActiveX
    } else if under("ppt/changesInfos/") || name == "ppt/revisionInfo.xml" {
        RemovalReason::Revisions
    } else if under("ppt/printerSettings/") {
        RemovalReason::PrinterSettings
    } else if ct == "application/vnd.openxmlformats-officedocument.custom-properties+xml"
        || name == "docProps/custom.xml"
    {
        RemovalReason::CustomProperties
    } else if under("customUI/") || under("userCustomization/") {
        RemovalReason::Customization
    } else if under("ppt/notesSlides/") && !keep.notes {
        RemovalReason::Notes
    } else if ct.starts_with("video/") {
        RemovalReason::Video
    } else if ct.starts_with("audio/") {
        RemovalReason::Audio
    } else if let Some(r) = ext.and_then(|e| MEDIA_EXTENSIONS.iter().find(|(x, _)| *x == e)) {
        r.1
    } else {
        return None;
    })
}

/// Every part the copy leaves out, in part-name order. `slides` are the slide parts in
/// presentation order. The relationships parts of removed parts go too (they are not listed).
pub(crate) fn removals(
    archive: &Archive,
    types: &ContentTypes,
    slides: &[String],
    keep: Keep,
) -> XmlOk<BTreeMap<String, RemovedPart>> {
    let mut out: BTreeMap<String, RemovedPart> = BTreeMap::new();
    let slide_of: BTreeMap<&str, usize> = (slides.iter().enumerate())
        .map(|(i, s)| (s.as_str(), i + 1))
        .collect();
    let add = |out: &mut BTreeMap<String, RemovedPart>, name: String, reason, slide| {
        out.entry(name.clone()).or_insert(RemovedPart {
            name,
            reason,
            slide,
        });
    };
    // Hidden slides first: they and everything that belongs to them only.
    for (i, slide) in slides.iter().enumerate() {
        let hidden = archive
            .get(slide)
            .map(xml::is_hidden_slide)
            .transpose()
            .map_err(|e| format!("{slide}: {e}"))?
            .unwrap_or(false);
        if hidden {
            add(
                &mut out,
                slide.clone(),
                RemovalReason::HiddenSlide,
                Some(i + 1),
            );
            for rel in rels_of(archive, slide)?.iter().filter(|r| !r.external) {
                let target = resolve(slide, &rel.target);
                if matches!(rel.kind(), "notesSlide" | "comments")
                    && archive.names.contains(&target)
                {
                    let reason = if rel.kind() == "notesSlide" {
                        RemovalReason::Notes
                    } else {
                        RemovalReason::Comments
                    };
                    add(&mut out, target, reason, Some(i + 1));
                }
            }
        }
    }
    // Whatever a relationship reaches that must go.
    for rels_part in archive.names.iter().filter(|n| n.ends_with(".rels")) {
        let Some(source) = super::write::rels_source(rels_part) else {
            continue;
        };
        let list = xml::rels(archive.get(rels_part).unwrap_or_default())
            .map_err(|e| format!("{rels_part}: {e}"))?;
        for rel in list.iter().filter(|r| !r.external) {
            let target = resolve(&source, &rel.target);
            if !archive.names.contains(&target) {
                continue;
            }
            if let Some(reason) = by_relationship(rel, &target, types, keep) {
                add(
                    &mut out,
                    target,
                    reason,
                    slide_of.get(source.as_str()).copied(),
                );
            }
        }
    }
    // And whatever no relationship reaches, by its folder or content type.
    for name in &archive.names {
        if name.ends_with(".rels") || name.ends_with('/') {
            continue;
        }
        if let Some(reason) = by_name(name, types, keep) {
            add(&mut out, name.clone(), reason, None);
        }
    }
    Ok(out)
}

type XmlOk<T> = std::result::Result<T, String>;

fn rels_of(archive: &Archive, part: &str) -> XmlOk<Vec<Rel>> {
    let name = rels_name(part);
    match archive.get(&name) {
        Some(b) => xml::rels(b).map_err(|e| format!("{name}: {e}")),
        None => Ok(Vec::new()),
    }
}

/// The names of everything left out: the removed parts and their relationships parts.
pub(crate) fn dropped_names(
    removed: &BTreeMap<String, RemovedPart>,
    archive: &Archive,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for name in removed.keys() {
        out.insert(name.clone());
        let rels = rels_name(name);
        if archive.names.contains(&rels) {
            out.insert(rels);
        }
    }
    out
}
