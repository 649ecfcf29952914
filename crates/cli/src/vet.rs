//! `clearframe vet DECK.pptx`: the report on a deck's identifiers, as a human summary, one
//! JSON object (`--json`) or a self-contained HTML page (`--html`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use clearframe_core::document::{
    join_numbers, Comment, DeckExportOutcome, DocumentProperty, KeepText, PdfExportOutcome,
    PdfReport, PictureReport, PictureTreatment, TextHit, TextPlace, VetReport,
};

/// The human summary.
pub fn print_human(out: &mut impl Write, r: &VetReport) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} slide(s), {} picture(s), {} paragraph(s) of text checked",
        r.path.display(),
        r.slides,
        r.pictures.len(),
        r.paragraphs_checked
    )?;
    print_properties(out, &r.properties)?;
    for pic in &r.pictures {
        writeln!(out, "  picture {}", picture_line(pic))?;
        for c in pic.concerns() {
            writeln!(out, "      ! {c}")?;
        }
        for t in &pic.text {
            writeln!(out, "      text ({}): {}", t.category, t.text)?;
        }
        if let Some(e) = &pic.scan_error {
            writeln!(out, "      not scanned: {e}")?;
        }
    }
    if let Some(t) = &r.thumbnail {
        let line = picture_line(t);
        let line = line.trim_end_matches(" on no slide (layout, master or unused)");
        writeln!(out, "  thumbnail {line}, shows slide 1")?;
        for c in t.concerns() {
            writeln!(out, "      ! {c}")?;
        }
    }
    for hit in &r.identifiers {
        writeln!(out, "  {}", hit_line(hit))?;
    }
    for c in &r.comments {
        writeln!(out, "  {}", comment_line(c))?;
    }
    for h in &r.hidden_shapes {
        writeln!(out, "  {}", h.describe())?;
    }
    for p in &r.removed_on_export {
        let slide = p.slide.map_or(String::new(), |s| format!(", slide {s}"));
        writeln!(
            out,
            "  left out of a redacted copy: {} ({}{slide})",
            p.name,
            p.reason.label()
        )?;
    }
    for w in &r.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    if !r.pictures_scanned {
        writeln!(
            out,
            "  (pictures were not scanned for faces or text: --no-scan)"
        )?;
    }
    print_concern_count(out, r.concerns().len(), "deck")
}

/// The human summary of a written redacted copy: what was redacted and cleaned, how it was
/// checked, and — loudly — what was left for a person to edit.
pub fn print_export(out: &mut impl Write, o: &DeckExportOutcome) -> std::io::Result<()> {
    let d = &o.deck;
    writeln!(
        out,
        "{} -> {} (redacted copy, ledger row {})",
        d.input.display(),
        o.output.display(),
        o.ledger_row
    )?;
    for p in &d.pictures {
        let findings = findings_or_nothing(&p.findings);
        let renamed = if p.output_name != p.name {
            format!(
                " -> {} (re-encoded as {})",
                p.output_name,
                p.output_format.extension()
            )
        } else {
            String::new()
        };
        match p.treatment {
            PictureTreatment::Placeholder => writeln!(
                out,
                "  picture {}{renamed}: replaced by a {}x{} grey placeholder ({})",
                p.name,
                p.width,
                p.height,
                p.note.as_deref().unwrap_or("cannot be drawn")
            )?,
            t => writeln!(
                out,
                "  picture {}{renamed}: {}{}x{} whole picture scanned, {findings}, {} region(s) redacted",
                p.name,
                if t == PictureTreatment::RenderedSvg { "SVG drawn at " } else { "" },
                p.width,
                p.height,
                p.regions_redacted
            )?,
        }
        if !p.metadata_removed.is_empty() {
            writeln!(
                out,
                "      metadata removed: {}",
                p.metadata_removed.join(", ")
            )?;
        }
    }
    for p in &d.properties_cleared {
        writeln!(out, "  property {} blanked (was \"{}\")", p.name, p.value)?;
    }
    for t in &d.thumbnail_removed {
        writeln!(out, "  thumbnail {t} removed")?;
    }
    for t in &d.text_replaced {
        let slide = t.slide.map_or(String::new(), |s| format!("slide {s}, "));
        writeln!(
            out,
            "  text replaced by \"{}\": {slide}{} ({}), {}",
            t.replacement,
            t.part,
            place_label(t.place),
            t.category.label()
        )?;
    }
    for k in &d.text_kept {
        let slide = k.slide.map_or(String::new(), |s| format!("slide {s}, "));
        writeln!(
            out,
            "  text kept by the reviewer: {slide}{} ({}), {} \"{}\" — {}",
            k.part,
            place_label(k.place),
            k.category.label(),
            k.text,
            k.reason
        )?;
    }
    for r in &d.parts_removed {
        let slide = r.slide.map_or(String::new(), |s| format!(" (slide {s})"));
        writeln!(out, "  removed {}{slide}: {}", r.name, r.reason.label())?;
    }
    for h in &d.hidden_shapes {
        writeln!(out, "  {}", h.describe())?;
    }
    writeln!(
        out,
        "  verified: copy reopened, {} picture(s) decode with no metadata and none is an original; no identifier-like text, no removed part; properties blank; no thumbnail",
        d.verification.pictures_checked
    )?;
    if d.needs_manual_editing() {
        writeln!(out, "STILL IN THE COPY — read these before sharing:")?;
        for hit in &d.text_left {
            writeln!(out, "  {}", hit_line(hit))?;
        }
        for c in &d.comments_left {
            writeln!(out, "  {}", comment_line(c))?;
        }
    } else {
        writeln!(
            out,
            "{} piece(s) of identifier-like text replaced, {} part(s) removed; nothing identifier-like found in the copy (read it before sharing: names without a known given name or label are not recognised)",
            d.text_replaced.len(),
            d.parts_removed.len()
        )?;
    }
    Ok(())
}

/// The `  properties:` block, each property that names a person marked; nothing when there
/// are none.
fn print_properties(out: &mut impl Write, properties: &[DocumentProperty]) -> std::io::Result<()> {
    if !properties.is_empty() {
        writeln!(out, "  properties:")?;
        for p in properties {
            let mark = if p.identifies_person() {
                "  <- names a person"
            } else {
                ""
            };
            writeln!(out, "    {}: {}{mark}", p.name, p.value)?;
        }
    }
    Ok(())
}

/// The summary's last line: `no identifiers found`, or how many concerns to review before
/// sharing this `document` (`deck`, `PDF`).
fn print_concern_count(
    out: &mut impl Write,
    concerns: usize,
    document: &str,
) -> std::io::Result<()> {
    if concerns == 0 {
        writeln!(out, "no identifiers found")
    } else {
        writeln!(
            out,
            "{concerns} concern(s) to review before sharing this {document}"
        )
    }
}

/// Findings by kind as `2 face, 1 text` (empty when there are none).
fn join_findings(findings: &BTreeMap<String, usize>) -> String {
    (findings.iter())
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`join_findings`], or `nothing found`.
fn findings_or_nothing(findings: &BTreeMap<String, usize>) -> String {
    let joined = join_findings(findings);
    if joined.is_empty() {
        "nothing found".to_string()
    } else {
        joined
    }
}

fn place_label(p: TextPlace) -> &'static str {
    match p {
        TextPlace::Paragraph => "text",
        TextPlace::AltText => "alt text",
        TextPlace::ChartValue => "chart value",
        TextPlace::DocumentTitle => "document title",
    }
}

/// Write the plan template for a document's flagged text (a deck's `flagged_text`, a PDF's
/// identifier-like page lines): `{"deck": …, "flagged_text": [{…, "keep": false, "reason":
/// ""}]}`, to a new file (never over an existing one).
pub fn write_plan_template<T: serde::Serialize>(
    path: &Path,
    document: &Path,
    sha256: &str,
    flagged: &[T],
) -> anyhow::Result<()> {
    use anyhow::Context;
    let items: Vec<serde_json::Value> = (flagged.iter())
        .map(|f| {
            let mut v = serde_json::to_value(f).expect("serialises");
            v["keep"] = serde_json::Value::Bool(false);
            v["reason"] = serde_json::Value::String(String::new());
            v
        })
        .collect();
    let plan = serde_json::json!({ "deck": document, "sha256": sha256, "flagged_text": items });
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(serde_json::to_string_pretty(&plan)?.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The flagged text a reviewed plan keeps: its `flagged_text` entries with `"keep": true`, each
/// of which must give a reason.
pub fn read_plan(path: &Path) -> anyhow::Result<Vec<KeepText>> {
    use anyhow::{bail, Context};
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the plan {}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a JSON plan", path.display()))?;
    let Some(items) = v["flagged_text"].as_array() else {
        bail!(
            "{}: no \"flagged_text\" list (make one with vet --plan-template)",
            path.display()
        );
    };
    let mut keep = Vec::new();
    for item in items.iter().filter(|i| i["keep"].as_bool() == Some(true)) {
        let text = item["text"].as_str().unwrap_or_default();
        let reason = item["reason"].as_str().unwrap_or_default().trim();
        if reason.is_empty() {
            bail!(
                "{}: kept text \"{text}\" needs a reason (\"reason\": \"…\")",
                path.display()
            );
        }
        keep.push(KeepText {
            text: text.to_string(),
            reason: reason.to_string(),
        });
    }
    Ok(keep)
}

/// The human summary of a written redacted PDF: each page as redacted, the text covered (by
/// category, never the text), what the copy leaves out, and how it was checked.
pub fn print_pdf_export(out: &mut impl Write, o: &PdfExportOutcome) -> std::io::Result<()> {
    let d = &o.pdf;
    writeln!(
        out,
        "{} -> {} (redacted copy, image-only, ledger row {})",
        d.input.display(),
        o.output.display(),
        o.ledger_row
    )?;
    for p in &d.pages {
        let findings = findings_or_nothing(&p.findings);
        writeln!(
            out,
            "  page {}: {}x{} pt drawn at {:.0} dpi ({}x{}), {} line(s) read, {}, {} region(s) redacted",
            p.page,
            p.width_pt,
            p.height_pt,
            p.dpi,
            p.width,
            p.height,
            p.lines_read,
            findings,
            p.regions_redacted
        )?;
    }
    for t in &d.text_redacted {
        writeln!(
            out,
            "  page {}: covered {}",
            t.page,
            t.category
                .map_or("unreadable text (no Unicode)", |c| c.label())
        )?;
    }
    for k in &d.text_kept {
        writeln!(
            out,
            "  page {}: kept {} \"{}\" ({})",
            k.page,
            k.category.label(),
            k.text,
            k.reason
        )?;
    }
    for r in &d.removed {
        writeln!(out, "  left out: {r}")?;
    }
    writeln!(
        out,
        "  checked: {} page(s) reopened, one picture each, no text, no metadata{}",
        d.verification.pages_checked,
        if d.verification.ok() {
            ""
        } else {
            " -- PROBLEMS"
        }
    )?;
    for p in &d.verification.problems {
        writeln!(out, "  ! {p}")?;
    }
    Ok(())
}

/// The human summary of a PDF.
pub fn print_pdf(out: &mut impl Write, r: &PdfReport) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} page(s), {} image(s)",
        r.path.display(),
        r.pages,
        r.images.len()
    )?;
    print_properties(out, &r.properties)?;
    for i in &r.images {
        let pages = if i.pages.is_empty() {
            "on no page".to_string()
        } else {
            format!("on page(s) {}", join_numbers(&i.pages))
        };
        writeln!(
            out,
            "  image {} ({}x{}, {}, {} bytes, sha256 {}…) {pages}",
            i.object,
            i.width,
            i.height,
            if i.filters.is_empty() {
                "raw".to_string()
            } else {
                i.filters.join("+")
            },
            i.size_bytes,
            &i.sha256[..12]
        )?;
        for (k, n) in &i.findings {
            writeln!(out, "      ! {n} {k} finding(s)")?;
        }
        for t in &i.text {
            writeln!(out, "      text ({}): {}", t.category, t.text)?;
        }
        for m in &i.metadata_items {
            writeln!(out, "      ! metadata: {m}")?;
        }
        if let Some(e) = &i.scan_error {
            writeln!(out, "      not scanned: {e}")?;
        }
    }
    for t in &r.text {
        writeln!(
            out,
            "  page {}: {} \"{}\"",
            t.page,
            t.category.label(),
            t.text
        )?;
    }
    for a in &r.annotations {
        writeln!(out, "  {}", a.describe())?;
    }
    for f in &r.form_fields {
        writeln!(out, "  form field {}: \"{}\"", f.name, f.value)?;
    }
    for a in &r.attachments {
        writeln!(out, "  attached file \"{a}\"")?;
    }
    if let Some(n) = r.xmp_bytes {
        writeln!(out, "  XMP metadata: {n} bytes")?;
    }
    if r.revisions > 1 {
        writeln!(
            out,
            "  {} revisions: earlier versions are still in the file",
            r.revisions
        )?;
    }
    for w in &r.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    if !r.images_scanned {
        writeln!(
            out,
            "  (images were not scanned for faces or text: --no-scan)"
        )?;
    }
    writeln!(
        out,
        "  ({} line(s) of page text read; a redacted PDF is not written yet)",
        r.lines_checked
    )?;
    print_concern_count(out, r.concerns().len(), "PDF")
}

fn picture_line(p: &PictureReport) -> String {
    let size = match (p.width, p.height) {
        (Some(w), Some(h)) => format!(", {w}x{h}"),
        _ => String::new(),
    };
    let slides = if p.slides.is_empty() {
        "on no slide (layout, master or unused)".to_string()
    } else {
        format!("on slide(s) {}", join_numbers(&p.slides))
    };
    format!(
        "{} ({}, {} bytes{size}, sha256 {}…) {slides}",
        p.name,
        serde_json::to_value(p.format)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        p.size_bytes,
        &p.sha256[..12]
    )
}

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The report as one self-contained HTML page: inline style, no scripts, no external
/// resources (a strict CSP says so too), every value escaped.
pub fn html(r: &VetReport) -> String {
    let e = escape;
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
    h.push_str(&format!(
        "<title>ClearFrame vet: {}</title>",
        e(&file_name(&r.path))
    ));
    h.push_str("<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}.warn{color:#a30000}code{font-size:12px}</style></head><body>\n");
    h.push_str(&format!(
        "<h1>Identifier check: {}</h1>\n<p>{} slide(s), {} picture(s), {} paragraph(s) of text checked. sha256 <code>{}</code></p>\n",
        e(&r.path.display().to_string()),
        r.slides,
        r.pictures.len(),
        r.paragraphs_checked,
        e(&r.sha256)
    ));
    let concerns = r.concerns();
    h.push_str(&format!("<h2>Concerns ({})</h2>\n", concerns.len()));
    if concerns.is_empty() {
        h.push_str("<p>No identifiers found.</p>\n");
    } else {
        h.push_str("<ul class=\"warn\">");
        for c in &concerns {
            h.push_str(&format!("<li>{}</li>", e(c)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h2>Document properties</h2>\n<table><tr><th>property</th><th>value</th></tr>");
    for p in &r.properties {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>",
            e(&p.name),
            e(&p.value)
        ));
    }
    h.push_str("</table>\n<h2>Pictures</h2>\n<table><tr><th>picture</th><th>format, size</th><th>slides</th><th>cropped on</th><th>findings</th><th>text read</th><th>metadata</th><th>sha256</th></tr>");
    for p in r.pictures.iter().chain(&r.thumbnail) {
        let findings = join_findings(&p.findings);
        let text = p
            .text
            .iter()
            .map(|t| format!("{} ({})", t.text, t.category))
            .collect::<Vec<_>>()
            .join("; ");
        let mut meta = p.metadata_items.join("; ");
        if let Some(err) = &p.scan_error {
            meta = format!("{meta} (not scanned: {err})");
        }
        let slides = if p.name.starts_with("docProps/thumbnail") {
            "thumbnail (slide 1)".to_string()
        } else {
            join_numbers(&p.slides)
        };
        h.push_str(&format!(
            "<tr><td>{}</td><td>{:?}, {} bytes{}</td><td>{}</td><td class=\"warn\">{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            e(&p.name),
            p.format,
            p.size_bytes,
            match (p.width, p.height) {
                (Some(w), Some(hh)) => format!(", {w}×{hh}"),
                _ => String::new(),
            },
            e(&slides),
            e(&join_numbers(&p.cropped_on_slides)),
            e(&findings),
            e(&text),
            e(&meta),
            e(&p.sha256)
        ));
    }
    h.push_str("</table>\n<h2>Identifiers in text</h2>\n<table><tr><th>slide</th><th>where</th><th>category</th><th>text</th></tr>");
    for t in &r.identifiers {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{:?}</td><td>{}</td><td>{}</td></tr>",
            t.slide.map_or("?".into(), |s| s.to_string()),
            t.location,
            e(t.category.label()),
            e(&t.text)
        ));
    }
    h.push_str(
        "</table>\n<h2>Comments</h2>\n<table><tr><th>slide</th><th>author</th><th>text</th></tr>",
    );
    for c in &r.comments {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.slide.map_or("?".into(), |s| s.to_string()),
            e(c.author.as_deref().unwrap_or("unknown")),
            e(&c.text)
        ));
    }
    h.push_str("</table>\n");
    if !r.warnings.is_empty() {
        h.push_str("<h2>Warnings</h2>\n<ul>");
        for w in &r.warnings {
            h.push_str(&format!("<li>{}</li>", e(w)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</body></html>\n");
    h
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// `notes of slide 2: date / date of birth: DOB 03/14/1962` (the report and the copy's
/// "left" list print text the same way).
fn hit_line(hit: &TextHit) -> String {
    format!(
        "{} {}: {}: {}",
        hit.location.label(),
        hit.slide.map_or("?".into(), |s| s.to_string()),
        hit.category.label(),
        hit.text
    )
}

/// `comment on slide 3 by Jane Roe: …`.
fn comment_line(c: &Comment) -> String {
    format!(
        "comment on slide {} by {}: {}",
        c.slide.map_or("?".into(), |s| s.to_string()),
        c.author.as_deref().unwrap_or("unknown author"),
        c.text
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
