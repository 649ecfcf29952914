//! Shapes nobody sees in the slide show: hidden ones (`cNvPr hidden="1"`) and ones that lie
//! wholly off the slide. A reviewer paging through the deck never sees them, so a redacted copy
//! leaves them out. A shape only partly off the slide stays (its picture is redacted whole and
//! its text judged like any other, so the part off the edge holds nothing unchecked) and is
//! reported.

use quick_xml::events::Event;
use serde::Serialize;

use crate::document::xml::{self, XmlResult};
use crate::l10n::{tr, Lang};

/// Why a shape is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ShapeIssue {
    /// Marked hidden: left out of the copy.
    Hidden,
    /// Wholly off the slide: left out of the copy.
    OffSlide,
    /// Partly off the slide: kept (redacted like the rest), reported.
    PartlyOffSlide,
}

/// A shape a slide holds that the slide show does not (fully) show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HiddenShape {
    /// The slide (1-based, presentation order).
    pub slide: usize,
    /// The shape's id on the slide (`cNvPr id`).
    pub id: String,
    /// The kind of shape: `sp`, `pic`, `grpSp`, `graphicFrame`, `cxnSp`, `contentPart`…
    pub kind: String,
    /// Hidden, off the slide, or partly off.
    pub issue: ShapeIssue,
}

impl HiddenShape {
    /// True when a redacted copy leaves the shape out.
    pub fn removed(&self) -> bool {
        self.issue != ShapeIssue::PartlyOffSlide
    }

    /// `shape 6 (pic) on slide 1: wholly off the slide, left out of a redacted copy`.
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// [`describe`](Self::describe) in `lang`.
    pub fn describe_in(&self, lang: Lang) -> String {
        let issue = match self.issue {
            ShapeIssue::Hidden => "shape-hidden",
            ShapeIssue::OffSlide => "shape-off-slide",
            ShapeIssue::PartlyOffSlide => "shape-partly-off-slide",
        };
        let (issue, slide) = (tr(lang, issue, &[]), self.slide.to_string());
        tr(
            lang,
            "concern-shape",
            &[
                ("id", (&self.id).into()),
                ("kind", (&self.kind).into()),
                ("slide", (&slide).into()),
                ("issue", (&issue).into()),
            ],
        )
    }
}

/// The slide size in EMU from `presentation.xml` (`p:sldSz`), 4:3 (9 144 000 × 6 858 000)
/// when it does not say.
pub(crate) fn slide_size(presentation: &[u8]) -> (i64, i64) {
    let mut r = xml::reader(presentation);
    loop {
        match xml::next(&mut r) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == b"sldSz" => {
                let n = |k: &[u8]| xml::attr(&e, k).and_then(|v| v.trim().parse::<i64>().ok());
                if let (Some(cx), Some(cy)) = (n(b"cx"), n(b"cy")) {
                    return (cx, cy);
                }
            }
            Ok(Event::Eof) | Err(_) => return (9_144_000, 6_858_000),
            _ => {}
        }
    }
}

/// The top-level shapes of a slide's shape tree that are hidden or (partly) off the slide, and,
/// when `remove` is true, the slide without those a copy leaves out (`None` when none is).
pub(crate) fn hidden_shapes(
    bytes: &[u8],
    slide: usize,
    size: (i64, i64),
    remove: bool,
) -> XmlResult<(Option<Vec<u8>>, Vec<HiddenShape>)> {
    let mut r = xml::reader(bytes);
    let mut w = xml::writer();
    let mut found = Vec::new();
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut removed_any = false;
    loop {
        let event = xml::next(&mut r)?;
        match &event {
            Event::Start(e) if open.last().is_some_and(|p| p == b"spTree") => {
                let kind = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let shape = xml::collect_element(&mut r, event)?;
                if let Some(h) = judge(&shape, &kind, slide, size) {
                    let drop = remove && h.removed();
                    found.push(h);
                    if drop {
                        removed_any = true;
                        continue;
                    }
                }
                for e in shape {
                    xml::write(&mut w, e)?;
                }
                continue;
            }
            Event::Start(e) => open.push(e.local_name().as_ref().to_vec()),
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        xml::write(&mut w, event)?;
    }
    Ok((removed_any.then(|| w.into_inner()), found))
}

/// Whether one top-level shape is hidden or off the slide: its first `cNvPr` says hidden; its
/// first `off`/`ext` pair (the shape's or group's own transform) places it.
fn judge(events: &[Event<'_>], kind: &str, slide: usize, size: (i64, i64)) -> Option<HiddenShape> {
    let mut id = String::new();
    let mut hidden = false;
    let mut seen_nv = false;
    let (mut off, mut ext) = (None, None);
    for e in events {
        let (Event::Start(s) | Event::Empty(s)) = e else {
            continue;
        };
        let n = |k: &[u8]| xml::attr(s, k).and_then(|v| v.trim().parse::<i64>().ok());
        match s.local_name().as_ref() {
            b"cNvPr" if !seen_nv => {
                seen_nv = true;
                id = xml::attr(s, b"id").unwrap_or_default();
                hidden = xml::attr(s, b"hidden").is_some_and(|v| v == "1" || v == "true");
            }
            b"off" if off.is_none() => off = n(b"x").zip(n(b"y")),
            b"ext" if ext.is_none() && off.is_some() => ext = n(b"cx").zip(n(b"cy")),
            _ => {}
        }
    }
    let issue = if hidden {
        ShapeIssue::Hidden
    } else {
        let ((x, y), (cx, cy)) = (off?, ext?);
        let (w, h) = size;
        if x + cx <= 0 || y + cy <= 0 || x >= w || y >= h {
            ShapeIssue::OffSlide
        } else if x < 0 || y < 0 || x + cx > w || y + cy > h {
            ShapeIssue::PartlyOffSlide
        } else {
            return None;
        }
    };
    Some(HiddenShape {
        slide,
        id,
        kind: kind.to_string(),
        issue,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(id: u32, hidden: bool, x: i64, y: i64) -> String {
        let h = if hidden { r#" hidden="1""# } else { "" };
        format!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="S"{h}/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="1000" cy="1000"/></a:xfrm></p:spPr></p:sp>"#
        )
    }

    #[test]
    fn hidden_and_off_slide_shapes_are_found_and_removed() {
        let body = [
            shape(2, false, 0, 0),
            shape(3, true, 0, 0),
            shape(4, false, 20_000, 0),
            shape(5, false, 9_500, 0),
            shape(6, false, -1_000, 5_000),
        ]
        .concat();
        let xml = format!(
            r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/></p:nvGrpSpPr>{body}</p:spTree></p:cSld></p:sld>"#
        );
        let (new, found) = hidden_shapes(xml.as_bytes(), 3, (10_000, 8_000), true).unwrap();
        let got: Vec<(&str, ShapeIssue)> = found.iter().map(|h| (h.id.as_str(), h.issue)).collect();
        assert_eq!(
            got,
            [
                ("3", ShapeIssue::Hidden),
                ("4", ShapeIssue::OffSlide),
                ("5", ShapeIssue::PartlyOffSlide),
                ("6", ShapeIssue::OffSlide),
            ]
        );
        let new = String::from_utf8(new.unwrap()).unwrap();
        for (id, kept) in [(2, true), (3, false), (4, false), (5, true), (6, false)] {
            assert_eq!(new.contains(&format!(r#"id="{id}""#)), kept, "{id}: {new}");
        }
        // Reported only, nothing removed.
        let (none, again) = hidden_shapes(xml.as_bytes(), 3, (10_000, 8_000), false).unwrap();
        assert!(none.is_none() && again.len() == 4);
        assert_eq!(
            slide_size(
                br#"<p:presentation><p:sldSz cx="12192000" cy="6858000"/></p:presentation>"#
            ),
            (12_192_000, 6_858_000)
        );
    }
}
