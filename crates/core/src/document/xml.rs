//! The few things read from Office Open XML parts, with quick-xml (a streaming reader: no
//! DTDs, no external entities). Elements are matched by local name, so a part's own prefixes
//! do not matter. Errors are plain messages; the caller names the part and the document.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

pub(crate) type XmlResult<T> = std::result::Result<T, String>;

pub(crate) fn reader(bytes: &[u8]) -> Reader<&[u8]> {
    Reader::from_reader(bytes)
}

pub(crate) fn next<'a>(r: &mut Reader<&'a [u8]>) -> XmlResult<Event<'a>> {
    r.read_event()
        .map_err(|e| format!("XML error at byte {}: {e}", r.buffer_position()))
}

/// The value of the attribute whose local name is `local` (`r:embed` → `embed`).
pub(crate) fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

pub(crate) fn text_of(t: &quick_xml::events::BytesText<'_>) -> XmlResult<String> {
    t.unescape()
        .map(|c| c.into_owned())
        .map_err(|e| format!("bad text: {e}"))
}

/// Every event of the element that `start` opens, up to and including its end.
pub(crate) fn collect_element<'a>(
    r: &mut quick_xml::Reader<&'a [u8]>,
    start: Event<'a>,
) -> XmlResult<Vec<Event<'a>>> {
    let mut out = vec![start];
    let mut depth = 1usize;
    while depth > 0 {
        let e = next(r)?;
        match &e {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Eof => return Err("unexpected end of part inside a paragraph".into()),
            _ => {}
        }
        out.push(e);
    }
    Ok(out)
}

/// One relationship from a `.rels` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rel {
    /// `rId2`.
    pub id: String,
    /// The relationship type URI.
    pub rel_type: String,
    /// The target as written (relative to the source part's folder unless it starts with `/`).
    pub target: String,
    /// `TargetMode="External"`: a link outside the package.
    pub external: bool,
}

impl Rel {
    /// The last segment of the type URI: `image`, `slide`, `notesSlide`, `comments`…
    pub fn kind(&self) -> &str {
        self.rel_type.rsplit('/').next().unwrap_or("")
    }
}

/// The relationships in a `.rels` part.
pub(crate) fn rels(bytes: &[u8]) -> XmlResult<Vec<Rel>> {
    let mut r = reader(bytes);
    let mut out = Vec::new();
    loop {
        match next(&mut r)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(rel_type), Some(target)) =
                    (attr(&e, b"Id"), attr(&e, b"Type"), attr(&e, b"Target"))
                {
                    let external = attr(&e, b"TargetMode").as_deref() == Some("External");
                    out.push(Rel {
                        id,
                        rel_type,
                        target,
                        external,
                    });
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The `r:id` of each `p:sldId` in `ppt/presentation.xml`, in presentation order.
pub(crate) fn slide_ids(bytes: &[u8]) -> XmlResult<Vec<String>> {
    Ok(slide_id_attributes(bytes)?
        .into_iter()
        .filter_map(|(rid, _)| rid)
        .collect())
}

/// Each `p:sldId`'s `(r:id, id)`, in presentation order. `id` (the numeric slide id) and
/// `r:id` share a local name; the prefixed one is the relationship.
fn slide_id_attributes(bytes: &[u8]) -> XmlResult<Vec<(Option<String>, Option<String>)>> {
    let mut r = reader(bytes);
    let mut out = Vec::new();
    loop {
        match next(&mut r)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sldId" => {
                let (mut rid, mut id) = (None, None);
                for a in e.attributes().flatten() {
                    if a.key.local_name().as_ref() == b"id" {
                        let v = a.unescape_value().ok().map(|v| v.into_owned());
                        if a.key.prefix().is_some() {
                            rid = v;
                        } else {
                            id = v;
                        }
                    }
                }
                out.push((rid, id));
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The text of each DrawingML paragraph (`a:p`): its `a:t` runs joined, `a:br` as a line
/// break, `a:tab` as a space. Empty paragraphs are skipped.
pub(crate) fn paragraphs(bytes: &[u8]) -> XmlResult<Vec<String>> {
    let mut r = reader(bytes);
    let mut out = Vec::new();
    let mut para: Option<String> = None;
    let mut in_t = false;
    loop {
        match next(&mut r)? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"p" => para = Some(String::new()),
                b"t" => in_t = para.is_some(),
                b"br" => para.iter_mut().for_each(|p| p.push('\n')),
                b"tab" => para.iter_mut().for_each(|p| p.push(' ')),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"br" => para.iter_mut().for_each(|p| p.push('\n')),
                b"tab" => para.iter_mut().for_each(|p| p.push(' ')),
                _ => {}
            },
            Event::Text(t) if in_t => {
                let s = text_of(&t)?;
                para.iter_mut().for_each(|p| p.push_str(&s));
            }
            Event::CData(t) if in_t => {
                let s = String::from_utf8_lossy(&t).into_owned();
                para.iter_mut().for_each(|p| p.push_str(&s));
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_t = false,
                b"p" => {
                    if let Some(p) = para.take() {
                        if !p.trim().is_empty() {
                            out.push(p);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// One use of a picture on a slide: the relationship id (`a:blip r:embed`) and whether that
/// use crops it (`a:srcRect` with any non-zero side in the same blip fill).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlipUse {
    /// The relationship id of the picture.
    pub rel_id: String,
    /// The use shows only part of the picture.
    pub cropped: bool,
    /// The alternative text (`descr`, else `title`) of the shape that shows it, when set:
    /// often the picture's original file name.
    pub alt: Option<String>,
}

/// Every picture use in a slide part: `a:blip r:embed` inside any `*:blipFill` (pictures,
/// shape fills, the slide background).
pub(crate) fn blip_uses(bytes: &[u8]) -> XmlResult<Vec<BlipUse>> {
    let mut r = reader(bytes);
    let mut out = Vec::new();
    // Blip fills do not nest; the innermost open one collects its blip and crop.
    let mut current: Option<(Option<String>, bool)> = None;
    // The alternative text of the shape being read (`cNvPr` comes before its blip fill).
    let mut alt: Option<String> = None;
    loop {
        let (e, empty) = match next(&mut r)? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                if e.local_name().as_ref() == b"blipFill" {
                    if let Some((Some(rel_id), cropped)) = current.take() {
                        out.push(BlipUse {
                            rel_id,
                            cropped,
                            alt: alt.take(),
                        });
                    }
                }
                continue;
            }
            Event::Eof => return Ok(out),
            _ => continue,
        };
        match e.local_name().as_ref() {
            b"cNvPr" => {
                alt = (attr(&e, b"descr").into_iter())
                    .chain(attr(&e, b"title"))
                    .map(|a| a.trim().to_string())
                    .find(|a| !a.is_empty());
            }
            b"blipFill" if !empty => current = Some((None, false)),
            b"blip" => {
                if let Some(c) = current.as_mut() {
                    c.0 = attr(&e, b"embed");
                }
            }
            b"srcRect" => {
                if let Some(c) = current.as_mut() {
                    c.1 = [&b"l"[..], b"t", b"r", b"b"].iter().any(|side| {
                        attr(&e, side)
                            .and_then(|v| v.trim().parse::<i64>().ok())
                            .is_some_and(|v| v != 0)
                    });
                }
            }
            _ => {}
        }
    }
}

/// The text of the root element's direct children whose local names are in `wanted`, as
/// `(local name, trimmed text)` in document order; empty values are skipped.
pub(crate) fn root_children_text(
    bytes: &[u8],
    wanted: &[&str],
) -> XmlResult<Vec<(String, String)>> {
    let mut r = reader(bytes);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut capture: Option<(String, String)> = None;
    loop {
        match next(&mut r)? {
            Event::Start(e) => {
                depth += 1;
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if depth == 2 && wanted.contains(&name.as_str()) {
                    capture = Some((name, String::new()));
                }
            }
            Event::Text(t) if depth == 2 => {
                if let Some((_, v)) = capture.as_mut() {
                    v.push_str(&text_of(&t)?);
                }
            }
            Event::End(_) => {
                if depth == 2 {
                    if let Some((n, v)) = capture.take() {
                        let v = v.trim();
                        if !v.is_empty() {
                            out.push((n, v.to_string()));
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Comment authors, `(id, name)`: legacy `p:cmAuthor` (ppt/commentAuthors.xml) and modern
/// `p188:author` (ppt/authors.xml).
pub(crate) fn comment_authors(bytes: &[u8]) -> XmlResult<Vec<(String, String)>> {
    let mut r = reader(bytes);
    let mut out = Vec::new();
    loop {
        match next(&mut r)? {
            Event::Start(e) | Event::Empty(e)
                if matches!(e.local_name().as_ref(), b"cmAuthor" | b"author") =>
            {
                if let (Some(id), Some(name)) = (attr(&e, b"id"), attr(&e, b"name")) {
                    out.push((id, name));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Comments in a comments part, `(author id, text)`: legacy `p:cm` with `p:text`, modern
/// `p188:cm` with a text body of `a:t` runs.
pub(crate) fn comments(bytes: &[u8]) -> XmlResult<Vec<(Option<String>, String)>> {
    let mut r = reader(bytes);
    let mut out = Vec::new();
    let mut current: Option<(Option<String>, String)> = None;
    let mut in_text = false;
    loop {
        match next(&mut r)? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"cm" => current = Some((attr(&e, b"authorId"), String::new())),
                b"text" | b"t" => in_text = current.is_some(),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = text_of(&t)?;
                if let Some((_, text)) = current.as_mut() {
                    if !text.is_empty() && !s.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(s.trim());
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"text" | b"t" => in_text = false,
                b"cm" => {
                    if let Some(c) = current.take() {
                        out.push(c);
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

// ---- Rewriting (for the redacted copy of a deck) -------------------------------------------
// Each rewrite streams the part's events through a quick-xml writer, changing only what it
// must; everything else (declaration, namespaces, other elements) is written back as read.

pub(crate) fn writer() -> quick_xml::Writer<Vec<u8>> {
    quick_xml::Writer::new(Vec::new())
}

pub(crate) fn write(w: &mut quick_xml::Writer<Vec<u8>>, e: Event<'_>) -> XmlResult<()> {
    w.write_event(e)
        .map_err(|e| format!("cannot write XML: {e}"))
}

/// `(local name, value)` pairs.
pub(crate) type Named = Vec<(String, String)>;

/// Empty the text of the root element's direct children whose local names are in `names`
/// (`<dc:creator>Dr. Roe</dc:creator>` → `<dc:creator></dc:creator>`). Returns the new part
/// and the non-empty values removed, `(local name, trimmed text)`, in document order.
pub(crate) fn blank_root_children(bytes: &[u8], names: &[&str]) -> XmlResult<(Vec<u8>, Named)> {
    let mut r = reader(bytes);
    let mut w = writer();
    let mut removed = Vec::new();
    let mut depth = 0usize;
    // Inside a child being blanked: its name, the text seen, and the depth it opened at.
    let mut blanking: Option<(String, String, usize)> = None;
    loop {
        let event = next(&mut r)?;
        if let Some((name, text, at)) = blanking.as_mut() {
            match &event {
                Event::Start(_) => depth += 1,
                Event::Text(t) => text.push_str(&text_of(t)?),
                Event::CData(t) => text.push_str(&String::from_utf8_lossy(t)),
                Event::End(_) => {
                    depth -= 1;
                    if depth + 1 == *at {
                        let v = text.trim();
                        if !v.is_empty() {
                            removed.push((std::mem::take(name), v.to_string()));
                        }
                        blanking = None;
                        write(&mut w, event)?;
                    }
                }
                Event::Eof => return Err("unexpected end of part".into()),
                _ => {}
            }
            continue;
        }
        match &event {
            Event::Start(e) => {
                depth += 1;
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if depth == 2 && names.contains(&name.as_str()) {
                    blanking = Some((name, String::new(), depth));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => return Ok((w.into_inner(), removed)),
            _ => {}
        }
        write(&mut w, event)?;
    }
}

/// `new` as the same kind of event as `event`: a start tag for a start tag, else an empty one.
fn like(event: &Event<'_>, new: BytesStart<'static>) -> Event<'static> {
    if matches!(event, Event::Start(_)) {
        Event::Start(new)
    } else {
        Event::Empty(new)
    }
}

/// A copy of `e` with its attribute whose local name is `name` set to `value`, the others as
/// they are.
fn with_attribute(e: &BytesStart<'_>, name: &str, value: &str) -> BytesStart<'static> {
    let mut new = BytesStart::new(String::from_utf8_lossy(e.name().as_ref()).into_owned());
    for a in e.attributes().flatten() {
        if a.key.local_name().as_ref() == name.as_bytes() {
            new.push_attribute((name, value));
        } else {
            new.push_attribute(a);
        }
    }
    new
}

/// What to do with one relationship when rewriting a `.rels` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RelEdit {
    /// Keep it as it is.
    Keep,
    /// Remove it.
    Drop,
    /// Point it at a new target (written as given).
    Retarget(String),
}

/// Rewrite a `.rels` part, deciding for each relationship with `edit`.
pub(crate) fn rewrite_rels(
    bytes: &[u8],
    mut edit: impl FnMut(&Rel) -> RelEdit,
) -> XmlResult<Vec<u8>> {
    let mut r = reader(bytes);
    let mut w = writer();
    loop {
        let event = next(&mut r)?;
        match &event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let rel = Rel {
                    id: attr(e, b"Id").unwrap_or_default(),
                    rel_type: attr(e, b"Type").unwrap_or_default(),
                    target: attr(e, b"Target").unwrap_or_default(),
                    external: attr(e, b"TargetMode").as_deref() == Some("External"),
                };
                match edit(&rel) {
                    RelEdit::Keep => write(&mut w, event)?,
                    RelEdit::Drop => {
                        if matches!(event, Event::Start(_)) {
                            // Skip to the element's end (relationships have no content in
                            // practice, but a well-formed one may).
                            r.read_to_end(e.name())
                                .map_err(|e| format!("XML error: {e}"))?;
                        }
                    }
                    RelEdit::Retarget(target) => {
                        write(&mut w, like(&event, with_attribute(e, "Target", &target)))?;
                    }
                }
            }
            Event::Eof => return Ok(w.into_inner()),
            _ => write(&mut w, event)?,
        }
    }
}

/// The content types of a package (`[Content_Types].xml`): `Default` by lowercase extension
/// and `Override` by part name (without its leading `/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ContentTypes {
    /// Extension (lowercase, no dot) → content type.
    pub defaults: std::collections::BTreeMap<String, String>,
    /// Part name (no leading slash) → content type.
    pub overrides: std::collections::BTreeMap<String, String>,
}

impl ContentTypes {
    /// The content type of `part` (no leading slash): its override, else its extension's default.
    pub fn of(&self, part: &str) -> Option<&str> {
        if let Some(t) = self.overrides.get(part) {
            return Some(t);
        }
        let ext = part.rsplit_once('.')?.1.to_ascii_lowercase();
        self.defaults.get(&ext).map(String::as_str)
    }
}

/// Read `[Content_Types].xml`.
pub(crate) fn content_types(bytes: &[u8]) -> XmlResult<ContentTypes> {
    let mut r = reader(bytes);
    let mut out = ContentTypes::default();
    loop {
        match next(&mut r)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"Default" => {
                    if let (Some(ext), Some(t)) = (attr(&e, b"Extension"), attr(&e, b"ContentType"))
                    {
                        out.defaults.insert(ext.to_ascii_lowercase(), t);
                    }
                }
                b"Override" => {
                    if let (Some(part), Some(t)) = (attr(&e, b"PartName"), attr(&e, b"ContentType"))
                    {
                        out.overrides
                            .insert(part.trim_start_matches('/').to_string(), t);
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Rewrite `[Content_Types].xml`: drop the `Override`s of the parts in `remove` (names without
/// the leading slash) and add one `Override` per `(part, content type)` in `add`, before the
/// root's end.
pub(crate) fn rewrite_content_types(
    bytes: &[u8],
    remove: &std::collections::BTreeSet<String>,
    add: &[(String, String)],
) -> XmlResult<Vec<u8>> {
    let mut r = reader(bytes);
    let mut w = writer();
    let mut depth = 0usize;
    loop {
        let event = next(&mut r)?;
        match &event {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == b"Override"
                    && attr(e, b"PartName")
                        .is_some_and(|p| remove.contains(p.trim_start_matches('/'))) =>
            {
                if matches!(event, Event::Start(_)) {
                    r.read_to_end(e.name())
                        .map_err(|e| format!("XML error: {e}"))?;
                }
                continue;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                if depth == 1 {
                    for (part, t) in add {
                        let mut o = BytesStart::new("Override");
                        o.push_attribute(("PartName", format!("/{part}").as_str()));
                        o.push_attribute(("ContentType", t.as_str()));
                        write(&mut w, Event::Empty(o))?;
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return Ok(w.into_inner()),
            _ => {}
        }
        write(&mut w, event)?;
    }
}

/// Remove from a part every element that refers, through a prefixed attribute (`r:id`,
/// `r:embed`, `r:link`…), to one of the relationship ids in `rel_ids`, and every `sldId`
/// whose numeric `id` is in `slide_ids` (the section lists in `presentation.xml` name slides
/// that way). An `oleObj` keeps its place and its preview picture and loses only the
/// reference, so the slide still shows what the object looked like. Returns the new part and
/// how many references were removed.
pub(crate) fn drop_references(
    bytes: &[u8],
    rel_ids: &std::collections::BTreeSet<String>,
    slide_ids: &std::collections::BTreeSet<String>,
) -> XmlResult<(Vec<u8>, usize)> {
    let mut r = reader(bytes);
    let mut w = writer();
    let mut removed = 0usize;
    loop {
        let event = next(&mut r)?;
        let (e, start) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::Eof => return Ok((w.into_inner(), removed)),
            _ => {
                write(&mut w, event)?;
                continue;
            }
        };
        let refers = |a: &quick_xml::events::attributes::Attribute<'_>| {
            a.key.prefix().is_some()
                && a.unescape_value()
                    .is_ok_and(|v| rel_ids.contains(v.as_ref()))
        };
        let local = e.local_name();
        let by_number = local.as_ref() == b"sldId"
            && !e.attributes().flatten().any(|a| a.key.prefix().is_some())
            && attr(e, b"id").is_some_and(|id| slide_ids.contains(&id));
        let by_rel = e.attributes().flatten().any(|a| refers(&a));
        if !by_number && !by_rel {
            write(&mut w, event)?;
            continue;
        }
        removed += 1;
        if local.as_ref() == b"oleObj" && !by_number {
            let mut new = BytesStart::new(String::from_utf8_lossy(e.name().as_ref()).into_owned());
            for a in e.attributes().flatten().filter(|a| !refers(a)) {
                new.push_attribute(a);
            }
            write(&mut w, like(&event, new))?;
            continue;
        }
        if start {
            r.read_to_end(e.name())
                .map_err(|e| format!("XML error: {e}"))?;
        }
    }
}

/// The root element's `show` attribute is `0`: a hidden slide (kept in the file, skipped in
/// the slide show, often holding what the presenter chose not to show).
pub(crate) fn is_hidden_slide(bytes: &[u8]) -> XmlResult<bool> {
    let mut r = reader(bytes);
    loop {
        match next(&mut r)? {
            Event::Start(e) | Event::Empty(e) => {
                return Ok(attr(&e, b"show").is_some_and(|v| v == "0" || v == "false"))
            }
            Event::Eof => return Ok(false),
            _ => {}
        }
    }
}

/// The numeric `id` of each `p:sldId` in `presentation.xml` by its relationship id.
pub(crate) fn slide_numeric_ids(bytes: &[u8]) -> XmlResult<Vec<(String, String)>> {
    Ok(slide_id_attributes(bytes)?
        .into_iter()
        .filter_map(|(rid, id)| rid.zip(id))
        .collect())
}

/// Rewrite `[Content_Types].xml` so that the `Override` of `part` says `content_type`.
pub(crate) fn set_override(bytes: &[u8], part: &str, content_type: &str) -> XmlResult<Vec<u8>> {
    let mut r = reader(bytes);
    let mut w = writer();
    loop {
        let event = next(&mut r)?;
        match &event {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == b"Override"
                    && attr(e, b"PartName").is_some_and(|p| p.trim_start_matches('/') == part) =>
            {
                write(
                    &mut w,
                    like(&event, with_attribute(e, "ContentType", content_type)),
                )?;
            }
            Event::Eof => return Ok(w.into_inner()),
            _ => write(&mut w, event)?,
        }
    }
}
