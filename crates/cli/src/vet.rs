//! `clearframe vet DECK.pptx`: the report on a deck's identifiers, as a human summary, one
//! JSON object (`--json`) or a self-contained HTML page (`--html`), in the run's language.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use clearframe_core::document::{
    join_numbers, Comment, DeckExportOutcome, DocumentProperty, KeepText, PdfExportOutcome,
    PdfReport, PictureReport, PictureTreatment, RemovedPart, TextHit, VetReport,
};
use clearframe_core::l10n;

use crate::l10n::{lang, t};

/// The human summary.
pub fn print_human(out: &mut impl Write, r: &VetReport) -> std::io::Result<()> {
    let lang = lang();
    let head = t!(
        "deck-head",
        path = r.path.display(),
        slides = r.slides,
        pictures = r.pictures.len(),
        paragraphs = r.paragraphs_checked
    );
    writeln!(out, "{head}")?;
    print_properties(out, &r.properties)?;
    for pic in &r.pictures {
        writeln!(out, "  {}", t!("deck-picture", line = picture_line(pic)))?;
        for c in pic.concerns_in(lang) {
            writeln!(out, "      ! {c}")?;
        }
        for tx in &pic.text {
            let category = tx.category.as_str();
            writeln!(
                out,
                "      {}",
                t!("picture-text", category = category, text = &tx.text)
            )?;
        }
        if let Some(e) = &pic.scan_error {
            writeln!(out, "      {}", t!("not-scanned", error = e))?;
        }
    }
    if let Some(th) = &r.thumbnail {
        let (format, size) = picture_format_size(th);
        let line = t!(
            "deck-thumbnail",
            name = &th.name,
            format = format,
            bytes = th.size_bytes,
            size = size,
            sha = &th.sha256[..12]
        );
        writeln!(out, "  {line}")?;
        for c in th.concerns_in(lang) {
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
        writeln!(out, "  {}", h.describe_in(lang))?;
    }
    for p in &r.removed_on_export {
        writeln!(out, "  {}", removed_line(p, "left-out", "left-out-slide"))?;
    }
    for w in &r.warnings {
        writeln!(out, "  {}", t!("warning", text = w))?;
    }
    if !r.pictures_scanned {
        writeln!(out, "  {}", t!("pictures-not-scanned"))?;
    }
    print_concern_count(out, r.concerns().len(), "concerns-deck")
}

/// The human summary of a written redacted copy: what was redacted and cleaned, how it was
/// checked, and — loudly — what was left for a person to edit.
pub fn print_export(out: &mut impl Write, o: &DeckExportOutcome) -> std::io::Result<()> {
    let lang = lang();
    let d = &o.deck;
    let head = t!(
        "deck-copy",
        input = d.input.display(),
        output = o.output.display(),
        row = o.ledger_row
    );
    writeln!(out, "{head}")?;
    for p in &d.pictures {
        let findings = findings_or_nothing(&p.findings);
        let renamed = if p.output_name != p.name {
            let format = p.output_format.extension();
            format!(" {}", t!("renamed", name = &p.output_name, format = format))
        } else {
            String::new()
        };
        let line = match p.treatment {
            PictureTreatment::Placeholder => t!(
                "copy-placeholder",
                name = &p.name,
                renamed = renamed,
                w = p.width,
                h = p.height,
                note = (p.note.clone()).unwrap_or_else(|| t!("cannot-be-drawn"))
            ),
            tr => t!(
                if tr == PictureTreatment::RenderedSvg {
                    "copy-svg"
                } else {
                    "copy-picture"
                },
                name = &p.name,
                renamed = renamed,
                w = p.width,
                h = p.height,
                findings = findings,
                regions = p.regions_redacted
            ),
        };
        writeln!(out, "  {line}")?;
        if !p.metadata_removed.is_empty() {
            let list = p.metadata_removed.join(", ");
            writeln!(out, "      {}", t!("metadata-removed", list = list))?;
        }
    }
    for p in &d.properties_cleared {
        writeln!(
            out,
            "  {}",
            t!("property-blanked", name = &p.name, value = &p.value)
        )?;
    }
    for th in &d.thumbnail_removed {
        writeln!(out, "  {}", t!("thumbnail-removed", name = th))?;
    }
    let place = |slide: Option<usize>, part: &str| match slide {
        Some(slide) => t!("slide-part", slide = slide, part = part),
        None => part.to_string(),
    };
    for r in &d.text_replaced {
        let line = t!(
            "text-replaced",
            replacement = r.replacement,
            where = place(r.slide, &r.part),
            place = r.place.label_in(lang),
            category = r.category.label_in(lang)
        );
        writeln!(out, "  {line}")?;
    }
    for k in &d.text_kept {
        let line = t!(
            "text-kept",
            where = place(k.slide, &k.part),
            place = k.place.label_in(lang),
            category = k.category.label_in(lang),
            text = &k.text,
            reason = &k.reason
        );
        writeln!(out, "  {line}")?;
    }
    for r in &d.parts_removed {
        writeln!(
            out,
            "  {}",
            removed_line(r, "part-removed", "part-removed-slide")
        )?;
    }
    for h in &d.hidden_shapes {
        writeln!(out, "  {}", h.describe_in(lang))?;
    }
    let verified = t!("deck-verified", pictures = d.verification.pictures_checked);
    writeln!(out, "  {verified}")?;
    if d.needs_manual_editing() {
        writeln!(out, "{}", t!("still-in-copy"))?;
        for hit in &d.text_left {
            writeln!(out, "  {}", hit_line(hit))?;
        }
        for c in &d.comments_left {
            writeln!(out, "  {}", comment_line(c))?;
        }
    } else {
        let summary = t!(
            "copy-summary",
            replaced = d.text_replaced.len(),
            removed = d.parts_removed.len()
        );
        writeln!(out, "{summary}")?;
    }
    Ok(())
}

/// A part a copy leaves out, as message `id` (or `id_slide` when it belongs to a slide).
fn removed_line(p: &RemovedPart, id: &str, id_slide: &str) -> String {
    let reason = p.reason.label_in(lang());
    match p.slide {
        Some(slide) => t!(id_slide, name = &p.name, reason = reason, slide = slide),
        None => t!(id, name = &p.name, reason = reason),
    }
}

/// The `  properties:` block, each property that names a person marked; nothing when there
/// are none.
fn print_properties(out: &mut impl Write, properties: &[DocumentProperty]) -> std::io::Result<()> {
    if !properties.is_empty() {
        writeln!(out, "  {}", t!("properties"))?;
        for p in properties {
            let mark = if p.identifies_person() {
                format!("  {}", t!("names-a-person"))
            } else {
                String::new()
            };
            writeln!(out, "    {}: {}{mark}", p.name, p.value)?;
        }
    }
    Ok(())
}

/// The summary's last line: `no identifiers found`, or how many concerns to review before
/// sharing (message `id`: `concerns-deck`, `concerns-pdf`).
fn print_concern_count(out: &mut impl Write, concerns: usize, id: &str) -> std::io::Result<()> {
    if concerns == 0 {
        writeln!(out, "{}", t!("no-identifiers"))
    } else {
        writeln!(out, "{}", t!(id, n = concerns))
    }
}

/// Findings by kind as `2 face, 1 text` (empty when there are none).
fn join_findings(findings: &BTreeMap<String, usize>) -> String {
    let lang = lang();
    (findings.iter())
        .map(|(k, n)| t!("findings-kind", n = *n, kind = l10n::kind_noun(lang, k)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`join_findings`], or `nothing found`.
fn findings_or_nothing(findings: &BTreeMap<String, usize>) -> String {
    let joined = join_findings(findings);
    if joined.is_empty() {
        t!("nothing-found")
    } else {
        joined
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
        .with_context(|| t!("cannot-create", path = path.display()))?;
    f.write_all(serde_json::to_string_pretty(&plan)?.as_bytes())
        .with_context(|| t!("cannot-write", path = path.display()))?;
    Ok(())
}

/// The flagged text a reviewed plan keeps: its `flagged_text` entries with `"keep": true`, each
/// of which must give a reason.
pub fn read_plan(path: &Path) -> anyhow::Result<Vec<KeepText>> {
    use anyhow::{bail, Context};
    let text = std::fs::read_to_string(path)
        .with_context(|| t!("plan-unreadable", path = path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).with_context(|| t!("plan-not-json", path = path.display()))?;
    let Some(items) = v["flagged_text"].as_array() else {
        bail!(t!("plan-no-list", path = path.display()));
    };
    let mut keep = Vec::new();
    for item in items.iter().filter(|i| i["keep"].as_bool() == Some(true)) {
        let text = item["text"].as_str().unwrap_or_default();
        let reason = item["reason"].as_str().unwrap_or_default().trim();
        if reason.is_empty() {
            bail!(t!("plan-no-reason", path = path.display(), text = text));
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
    let lang = lang();
    let d = &o.pdf;
    let head = t!(
        "pdf-copy",
        input = d.input.display(),
        output = o.output.display(),
        row = o.ledger_row
    );
    writeln!(out, "{head}")?;
    for p in &d.pages {
        let line = t!(
            "pdf-copy-page",
            page = p.page,
            wpt = p.width_pt.to_string(),
            hpt = p.height_pt.to_string(),
            dpi = l10n::decimal(lang, f64::from(p.dpi), 0),
            w = p.width,
            h = p.height,
            lines = p.lines_read,
            findings = findings_or_nothing(&p.findings),
            regions = p.regions_redacted
        );
        writeln!(out, "  {line}")?;
    }
    for tx in &d.text_redacted {
        let category =
            (tx.category).map_or_else(|| t!("pdf-unreadable-text"), |c| c.label_in(lang));
        writeln!(
            out,
            "  {}",
            t!("pdf-covered", page = tx.page, category = category)
        )?;
    }
    for k in &d.text_kept {
        let line = t!(
            "pdf-kept",
            page = k.page,
            category = k.category.label_in(lang),
            text = &k.text,
            reason = &k.reason
        );
        writeln!(out, "  {line}")?;
    }
    for r in &d.removed {
        writeln!(out, "  {}", t!("pdf-left-out", what = r))?;
    }
    let pages = d.verification.pages_checked;
    let checked = if d.verification.ok() {
        t!("pdf-checked", pages = pages)
    } else {
        t!("pdf-checked-problems", pages = pages)
    };
    writeln!(out, "  {checked}")?;
    for p in &d.verification.problems {
        writeln!(out, "  {}", t!("pdf-problem", problem = p))?;
    }
    Ok(())
}

/// The human summary of a PDF.
pub fn print_pdf(out: &mut impl Write, r: &PdfReport) -> std::io::Result<()> {
    let lang = lang();
    let head = t!(
        "pdf-head",
        path = r.path.display(),
        pages = r.pages,
        images = r.images.len()
    );
    writeln!(out, "{head}")?;
    print_properties(out, &r.properties)?;
    for i in &r.images {
        let pages = if i.pages.is_empty() {
            t!("on-no-page")
        } else {
            t!("on-pages", pages = join_numbers(&i.pages))
        };
        let filters = if i.filters.is_empty() {
            t!("pdf-raw")
        } else {
            i.filters.join("+")
        };
        let line = t!(
            "pdf-image",
            object = &i.object,
            w = i.width,
            h = i.height,
            filters = filters,
            bytes = i.size_bytes,
            sha = &i.sha256[..12],
            pages = pages
        );
        writeln!(out, "  {line}")?;
        for (k, n) in &i.findings {
            let kind = l10n::kind_noun(lang, k);
            writeln!(
                out,
                "      {}",
                t!("pdf-image-findings", n = *n, kind = kind)
            )?;
        }
        for tx in &i.text {
            let category = tx.category.as_str();
            writeln!(
                out,
                "      {}",
                t!("picture-text", category = category, text = &tx.text)
            )?;
        }
        for m in &i.metadata_items {
            writeln!(out, "      {}", t!("pdf-image-metadata", item = m))?;
        }
        if let Some(e) = &i.scan_error {
            writeln!(out, "      {}", t!("not-scanned", error = e))?;
        }
    }
    for tx in &r.text {
        let line = t!(
            "pdf-page-text",
            page = tx.page,
            category = tx.category.label_in(lang),
            text = &tx.text
        );
        writeln!(out, "  {line}")?;
    }
    for a in &r.annotations {
        writeln!(out, "  {}", a.describe_in(lang))?;
    }
    for f in &r.form_fields {
        writeln!(
            out,
            "  {}",
            t!("pdf-form-field", name = &f.name, value = &f.value)
        )?;
    }
    for a in &r.attachments {
        writeln!(out, "  {}", t!("pdf-attachment", name = a))?;
    }
    if let Some(n) = r.xmp_bytes {
        writeln!(out, "  {}", t!("pdf-xmp", n = n))?;
    }
    if r.revisions > 1 {
        writeln!(out, "  {}", t!("pdf-revisions", n = r.revisions))?;
    }
    for w in &r.warnings {
        writeln!(out, "  {}", t!("warning", text = w))?;
    }
    if !r.images_scanned {
        writeln!(out, "  {}", t!("images-not-scanned"))?;
    }
    writeln!(out, "  {}", t!("pdf-lines", n = r.lines_checked))?;
    print_concern_count(out, r.concerns().len(), "concerns-pdf")
}

/// A picture's format (its JSON id) and `, 640x480` when its size is known.
fn picture_format_size(p: &PictureReport) -> (String, String) {
    let format = serde_json::to_value(p.format)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let size = match (p.width, p.height) {
        (Some(w), Some(h)) => format!(", {w}x{h}"),
        _ => String::new(),
    };
    (format, size)
}

fn picture_line(p: &PictureReport) -> String {
    let (format, size) = picture_format_size(p);
    let slides = if p.slides.is_empty() {
        t!("on-no-slide")
    } else {
        t!("on-slides", slides = join_numbers(&p.slides))
    };
    t!(
        "deck-picture-line",
        name = &p.name,
        format = format,
        bytes = p.size_bytes,
        size = size,
        sha = &p.sha256[..12],
        slides = slides
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

/// The report as one self-contained HTML page in the run's language: inline style, no
/// scripts, no external resources (a strict CSP says so too), every value escaped.
pub fn html(r: &VetReport) -> String {
    let lang = lang();
    let e = escape;
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">",
        lang.locale()
    ));
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
    h.push_str(&format!(
        "<title>{}</title>",
        e(&t!("html-title", name = file_name(&r.path)))
    ));
    h.push_str("<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}.warn{color:#a30000}code{font-size:12px}</style></head><body>\n");
    let summary = t!(
        "html-summary",
        slides = r.slides,
        pictures = r.pictures.len(),
        paragraphs = r.paragraphs_checked
    );
    h.push_str(&format!(
        "<h1>{}</h1>\n<p>{} <code>{}</code></p>\n",
        e(&t!("html-heading", path = r.path.display())),
        e(&summary),
        e(&r.sha256)
    ));
    let concerns = r.concerns_in(lang);
    let heading = t!("html-concerns", n = concerns.len());
    h.push_str(&format!("<h2>{}</h2>\n", e(&heading)));
    if concerns.is_empty() {
        h.push_str(&format!("<p>{}</p>\n", e(&t!("html-no-identifiers"))));
    } else {
        h.push_str("<ul class=\"warn\">");
        for c in &concerns {
            h.push_str(&format!("<li>{}</li>", e(c)));
        }
        h.push_str("</ul>\n");
    }
    // A table: its heading, its column names and its rows (each cell's text, escaped here).
    let table = |h: &mut String, heading: &str, columns: &[&str], rows: Vec<Vec<String>>| {
        h.push_str(&format!("<h2>{}</h2>\n<table><tr>", e(&t!(heading))));
        for c in columns {
            h.push_str(&format!("<th>{}</th>", e(&t!(c))));
        }
        h.push_str("</tr>");
        for row in rows {
            h.push_str("<tr>");
            for cell in row {
                h.push_str(&format!("<td>{}</td>", e(&cell)));
            }
            h.push_str("</tr>");
        }
        h.push_str("</table>\n");
    };
    let properties = (r.properties.iter())
        .map(|p| vec![p.name.clone(), p.value.clone()])
        .collect();
    table(
        &mut h,
        "html-properties",
        &["html-property", "html-value"],
        properties,
    );
    let pictures = (r.pictures.iter().chain(&r.thumbnail))
        .map(|p| {
            let text = (p.text.iter())
                .map(|tx| format!("{} ({})", tx.text, tx.category))
                .collect::<Vec<_>>()
                .join("; ");
            let mut meta = p.metadata_items.join("; ");
            if let Some(err) = &p.scan_error {
                meta = format!("{meta} ({})", t!("not-scanned", error = err));
            }
            let slides = if p.name.starts_with("docProps/thumbnail") {
                t!("html-thumbnail")
            } else {
                join_numbers(&p.slides)
            };
            let size = match (p.width, p.height) {
                (Some(w), Some(hh)) => format!(", {w}×{hh}"),
                _ => String::new(),
            };
            let bytes = t!("html-bytes", n = p.size_bytes);
            vec![
                p.name.clone(),
                format!("{:?}, {bytes}{size}", p.format),
                slides,
                join_numbers(&p.cropped_on_slides),
                join_findings(&p.findings),
                text,
                meta,
                p.sha256.clone(),
            ]
        })
        .collect();
    table(
        &mut h,
        "html-pictures",
        &[
            "html-picture",
            "html-format-size",
            "html-slides",
            "html-cropped-on",
            "html-findings",
            "html-text-read",
            "html-metadata",
            "html-sha256",
        ],
        pictures,
    );
    let slide = |s: Option<usize>| s.map_or("?".into(), |s| s.to_string());
    let identifiers = (r.identifiers.iter())
        .map(|tx| {
            vec![
                slide(tx.slide),
                tx.location.label_in(lang),
                tx.category.label_in(lang),
                tx.text.clone(),
            ]
        })
        .collect();
    table(
        &mut h,
        "html-identifiers",
        &["html-slide", "html-where", "html-category", "html-text"],
        identifiers,
    );
    let comments = (r.comments.iter())
        .map(|c| {
            let author = (c.author.clone()).unwrap_or_else(|| t!("html-unknown-author"));
            vec![slide(c.slide), author, c.text.clone()]
        })
        .collect();
    table(
        &mut h,
        "html-comments",
        &["html-slide", "html-author", "html-text"],
        comments,
    );
    if !r.warnings.is_empty() {
        h.push_str(&format!("<h2>{}</h2>\n<ul>", e(&t!("html-warnings"))));
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
    let lang = lang();
    t!(
        "hit-line",
        location = hit.location.label_in(lang),
        slide = hit.slide.map_or("?".into(), |s| s.to_string()),
        category = hit.category.label_in(lang),
        text = &hit.text
    )
}

/// `comment on slide 3 by Jane Roe: …`.
fn comment_line(c: &Comment) -> String {
    let author = (c.author.clone()).unwrap_or_else(|| l10n::tr(lang(), "unknown-author", &[]));
    t!(
        "comment-line",
        slide = c.slide.map_or("?".into(), |s| s.to_string()),
        author = author,
        text = &c.text
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
