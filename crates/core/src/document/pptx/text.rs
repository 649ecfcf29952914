//! Identifier-like text in a deck's XML parts, replaced in the copy by a neutral mark that
//! keeps the run's formatting. One streaming pass per part finds every place PowerPoint keeps
//! visible or searchable text: DrawingML paragraphs (`a:p`: slide text, tables, grouped
//! shapes, SmartArt data and drawings, chart titles and labels, notes), chart caches (`c:v`
//! in a `c:strCache`/`c:multiLvlStrCache` point), document titles (`vt:lpstr` in `app.xml`)
//! and alternative text (`descr`/`title` on `cNvPr`/`docPr`). Everything else is written back
//! as it was read.

use quick_xml::events::{BytesStart, BytesText, Event};
use serde::Serialize;

use crate::detect::category::classify_document;
use crate::detect::TextCategory;
use crate::document::xml::{self, XmlResult};

/// What replaced text reads in the copy.
pub const REDACTED_MARK: &str = "[redacted]";

/// Where in a part a piece of text was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TextPlace {
    /// A line of a DrawingML paragraph (shape, table cell, SmartArt node, chart title…).
    Paragraph,
    /// A shape's or picture's alternative text (`descr` or `title`).
    AltText,
    /// A cached string value of a chart (series name, category label).
    ChartValue,
    /// A title listed in the document properties (`app.xml` `TitlesOfParts`).
    DocumentTitle,
}

impl TextPlace {
    /// A short label for people in `lang` (`text`, `alt text`, `chart value`, `document title`).
    pub fn label_in(self, lang: crate::l10n::Lang) -> String {
        crate::l10n::enum_label(lang, "place", &self)
    }
}

/// One piece of text the copy no longer holds: where it was and what it probably was (never
/// the text itself, which is the identifier).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Replaced {
    /// The kind of place.
    pub place: TextPlace,
    /// Its category.
    pub category: TextCategory,
    /// The text that was replaced (for the reviewer's plan; never written to a report of the
    /// copy).
    pub text: String,
}

/// The category of `text` when it should be replaced: the first line (split at line and
/// vertical-tab breaks) that [`classify_document`] calls an identifier.
pub(crate) fn identifier(text: &str) -> Option<TextCategory> {
    text.split(['\n', '\u{b}'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(classify_document)
        .find(|c| c.is_identifier())
}

/// Decides for one piece of text (with the place it is in) whether it is replaced: `Some`
/// with its category when it is.
pub(crate) type Judge<'j> = &'j dyn Fn(&str, TextPlace) -> Option<TextCategory>;

/// Rewrite one XML part with identifier-like text replaced by [`REDACTED_MARK`]. Returns the
/// new part (`None` when nothing changed, so the caller copies the original bytes) and what was
/// replaced, in document order.
pub(crate) fn redact_part(
    bytes: &[u8],
    judge: Judge<'_>,
) -> XmlResult<(Option<Vec<u8>>, Vec<Replaced>)> {
    let mut r = xml::reader(bytes);
    let mut w = xml::writer();
    let mut replaced = Vec::new();
    // Local names of the open elements (outside paragraphs).
    let mut open: Vec<Vec<u8>> = Vec::new();
    loop {
        let event = xml::next(&mut r)?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == b"p" && is_drawingml(e) => {
                let para = xml::collect_element(&mut r, event)?;
                redact_paragraph(para, judge, &mut w, &mut replaced)?;
                continue;
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(e.local_name().as_ref(), b"cNvPr" | b"docPr") =>
            {
                if let Some(new) = redact_alt(e, judge, &mut replaced) {
                    if matches!(event, Event::Start(_)) {
                        open.push(e.local_name().as_ref().to_vec());
                        xml::write(&mut w, Event::Start(new))?;
                    } else {
                        xml::write(&mut w, Event::Empty(new))?;
                    }
                    continue;
                }
                if matches!(event, Event::Start(_)) {
                    open.push(e.local_name().as_ref().to_vec());
                }
            }
            Event::Start(e) => open.push(e.local_name().as_ref().to_vec()),
            Event::End(_) => {
                open.pop();
            }
            Event::Text(t) => {
                if let Some(place) = value_place(&open) {
                    let text = xml::text_of(t)?;
                    if let Some(category) = judge(&text, place) {
                        replaced.push(Replaced {
                            place,
                            category,
                            text,
                        });
                        xml::write(&mut w, Event::Text(BytesText::new(REDACTED_MARK)))?;
                        continue;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        xml::write(&mut w, event)?;
    }
    Ok(if replaced.is_empty() {
        (None, replaced)
    } else {
        (Some(w.into_inner()), replaced)
    })
}

/// Only DrawingML's `a:p` holds runs; a `p` element of another vocabulary (none is known in a
/// deck) is left alone. Unprefixed `p` (a default DrawingML namespace) counts too.
fn is_drawingml(e: &BytesStart<'_>) -> bool {
    match e.name().prefix() {
        Some(p) => p.as_ref() == b"a",
        None => true,
    }
}

/// The place a text node is in, when it is a single value to judge whole: a chart's cached
/// string (`…Cache/pt/v`, `lvl/pt/v`) or a title in `app.xml` (`lpstr`).
fn value_place(open: &[Vec<u8>]) -> Option<TextPlace> {
    let n = open.len();
    let last = open.last()?.as_slice();
    if last == b"lpstr" {
        return Some(TextPlace::DocumentTitle);
    }
    if last == b"v" && n >= 3 && open[n - 2] == b"pt" {
        let holder = open[n - 3].as_slice();
        if matches!(holder, b"strCache" | b"lvl") {
            return Some(TextPlace::ChartValue);
        }
    }
    None
}

/// Write one paragraph, each identifier-like line replaced: its first text run reads
/// [`REDACTED_MARK`] (keeping that run's formatting), its other runs are emptied. Lines are
/// separated by `a:br`.
fn redact_paragraph(
    events: Vec<Event<'_>>,
    judge: Judge<'_>,
    w: &mut quick_xml::Writer<Vec<u8>>,
    replaced: &mut Vec<Replaced>,
) -> XmlResult<()> {
    // For each line: its text and the indices of its text events inside `a:t`.
    let mut lines: Vec<(String, Vec<usize>)> = vec![(String::new(), Vec::new())];
    let mut in_t = false;
    // Inside a date/time or slide-number field: PowerPoint recomputes its text on display
    // (the cached value is the last save's date), so it is not the deck's own text.
    let mut in_auto_field = false;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(s) if s.local_name().as_ref() == b"fld" => {
                in_auto_field = xml::attr(s, b"type")
                    .is_some_and(|t| t.starts_with("datetime") || t == "slidenum");
            }
            Event::End(s) if s.local_name().as_ref() == b"fld" => in_auto_field = false,
            _ if in_auto_field => {}
            Event::Start(s) if s.local_name().as_ref() == b"t" => in_t = true,
            Event::End(s) if s.local_name().as_ref() == b"t" => in_t = false,
            Event::Start(s) | Event::Empty(s) if s.local_name().as_ref() == b"br" => {
                lines.push((String::new(), Vec::new()));
            }
            Event::Start(s) | Event::Empty(s) if s.local_name().as_ref() == b"tab" => {
                lines.last_mut().expect("one line").0.push(' ');
            }
            Event::Text(t) if in_t => {
                let line = lines.last_mut().expect("one line");
                line.0.push_str(&xml::text_of(t)?);
                line.1.push(i);
            }
            Event::CData(t) if in_t => {
                let line = lines.last_mut().expect("one line");
                line.0.push_str(&String::from_utf8_lossy(t));
                line.1.push(i);
            }
            _ => {}
        }
    }
    // Event index → its new text.
    let mut new_text: std::collections::BTreeMap<usize, &str> = Default::default();
    for (text, indices) in &lines {
        if indices.is_empty() {
            continue;
        }
        if let Some(category) = judge(text, TextPlace::Paragraph) {
            replaced.push(Replaced {
                place: TextPlace::Paragraph,
                category,
                text: text.clone(),
            });
            for (k, i) in indices.iter().enumerate() {
                new_text.insert(*i, if k == 0 { REDACTED_MARK } else { "" });
            }
        }
    }
    for (i, e) in events.into_iter().enumerate() {
        match new_text.get(&i) {
            Some(t) => xml::write(w, Event::Text(BytesText::new(t)))?,
            None => xml::write(w, e)?,
        }
    }
    Ok(())
}

/// A `cNvPr`/`docPr` with identifier-like `descr` or `title` rewritten, or `None` when it
/// needs no change.
fn redact_alt(
    e: &BytesStart<'_>,
    judge: Judge<'_>,
    replaced: &mut Vec<Replaced>,
) -> Option<BytesStart<'static>> {
    let mut changed = false;
    let mut new = BytesStart::new(String::from_utf8_lossy(e.name().as_ref()).into_owned());
    for a in e.attributes().flatten() {
        let local = a.key.local_name();
        let is_alt = a.key.prefix().is_none() && matches!(local.as_ref(), b"descr" | b"title");
        let value = a
            .unescape_value()
            .map(|v| v.into_owned())
            .unwrap_or_default();
        match is_alt.then(|| judge(&value, TextPlace::AltText)).flatten() {
            Some(category) => {
                replaced.push(Replaced {
                    place: TextPlace::AltText,
                    category,
                    text: value.clone(),
                });
                changed = true;
                let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                new.push_attribute((key.as_str(), REDACTED_MARK));
            }
            None => new.push_attribute(a),
        }
    }
    changed.then_some(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(text: &str, _: TextPlace) -> Option<TextCategory> {
        identifier(text)
    }

    fn run(xml: &str) -> (String, Vec<Replaced>) {
        let (new, replaced) = redact_part(xml.as_bytes(), &judge).unwrap();
        (
            new.map_or_else(|| xml.to_string(), |b| String::from_utf8(b).unwrap()),
            replaced,
        )
    }

    const A: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main""#;

    #[test]
    fn an_identifier_line_becomes_the_mark_in_its_first_run() {
        let xml = format!(
            r#"<r {A}><a:p><a:r><a:rPr b="1"/><a:t>Patient: </a:t></a:r><a:r><a:rPr i="1"/><a:t>John Smith</a:t></a:r><a:br/><a:r><a:t>Day 14</a:t></a:r></a:p><a:p><a:r><a:t>Grand Rounds</a:t></a:r></a:p></r>"#
        );
        let (out, replaced) = run(&xml);
        assert_eq!(
            out,
            format!(
                r#"<r {A}><a:p><a:r><a:rPr b="1"/><a:t>[redacted]</a:t></a:r><a:r><a:rPr i="1"/><a:t></a:t></a:r><a:br/><a:r><a:t>Day 14</a:t></a:r></a:p><a:p><a:r><a:t>Grand Rounds</a:t></a:r></a:p></r>"#
            )
        );
        assert_eq!(
            replaced,
            [Replaced {
                place: TextPlace::Paragraph,
                category: TextCategory::Name,
                text: "Patient: John Smith".into(),
            }]
        );
    }

    #[test]
    fn alt_text_chart_caches_and_titles() {
        let xml = r#"<r xmlns:c="c" xmlns:vt="vt"><p:cNvPr xmlns:p="p" id="4" name="Picture 3" descr="Smith John 1962-03-14 wound.jpg" title="x"/><c:strCache><c:pt idx="0"><c:v>MRN 4821-7730</c:v></c:pt><c:pt idx="1"><c:v>Week 2</c:v></c:pt></c:strCache><c:numCache><c:pt idx="0"><c:v>48217730</c:v></c:pt></c:numCache><vt:lpstr>Jane Roe</vt:lpstr><vt:lpstr>Office Theme</vt:lpstr></r>"#;
        let (out, replaced) = run(xml);
        assert!(out.contains(r#"descr="[redacted]" title="x""#), "{out}");
        assert!(out.contains("<c:v>[redacted]</c:v>") && out.contains("<c:v>Week 2</c:v>"));
        assert!(
            out.contains("<c:v>48217730</c:v>"),
            "numbers are not text: {out}"
        );
        assert!(out.contains("<vt:lpstr>[redacted]</vt:lpstr><vt:lpstr>Office Theme</vt:lpstr>"));
        let places: Vec<TextPlace> = replaced.iter().map(|r| r.place).collect();
        assert_eq!(
            places,
            [
                TextPlace::AltText,
                TextPlace::ChartValue,
                TextPlace::DocumentTitle
            ]
        );
    }

    #[test]
    fn date_and_slide_number_fields_are_not_judged() {
        let xml = format!(
            r#"<r {A}><a:p><a:fld id="1" type="datetimeFigureOut"><a:t>8/23/2015</a:t></a:fld></a:p><a:p><a:fld id="2" type="slidenum"><a:t>4821773</a:t></a:fld></a:p></r>"#
        );
        let (new, replaced) = redact_part(xml.as_bytes(), &judge).unwrap();
        assert!(new.is_none() && replaced.is_empty());
    }

    #[test]
    fn a_part_with_nothing_to_replace_is_left_as_it_is() {
        let xml = format!(r#"<r {A}><a:p><a:r><a:t>Learning objectives</a:t></a:r></a:p></r>"#);
        let (new, replaced) = redact_part(xml.as_bytes(), &judge).unwrap();
        assert!(new.is_none() && replaced.is_empty());
    }
}
