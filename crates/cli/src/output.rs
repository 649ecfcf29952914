//! What the CLI prints: the `--json` line formats (a contract other tools rely on) and the
//! human-readable forms.

use std::io::Write;
use std::path::Path;

use clearframe_core::metadata::{MetadataDetails, MetadataReport};
use clearframe_core::pipeline::{ExportOutcome, ScanReport};
use clearframe_core::policy::{GateDecision, Policy};
use clearframe_core::redact::Decision;
use clearframe_core::{Error, Kind};
use serde_json::{json, Value};

/// The findings of a scan as JSON: `kind`, `box`, `score`, `redact_box`; for a crowd,
/// `polygon` (the vertices of the region redacted, `[x, y]` each); for text, `quad`, and
/// when read `text`, `category` and `words` (word boxes); for barcodes, `text` when decoded
/// and `format` (the symbology).
fn findings_json(report: &ScanReport) -> Value {
    Value::Array(
        report
            .plan
            .items
            .iter()
            .map(|i| {
                let mut f = json!({
                    "kind": i.finding.kind,
                    "box": i.finding.rect.to_array(),
                    "score": (f64::from(i.finding.score) * 1000.0).round() / 1000.0,
                    "redact_box": i.redact_rect.to_array(),
                });
                if let Some(t) = &i.finding.text {
                    f["text"] = json!(t);
                }
                if let Some(c) = i.finding.category {
                    f["category"] = json!(c);
                }
                if !i.finding.words.is_empty() {
                    f["words"] = json!(i
                        .finding
                        .words
                        .iter()
                        .map(|r| r.to_array())
                        .collect::<Vec<_>>());
                }
                if let Some(fmt) = &i.finding.format {
                    f["format"] = json!(fmt);
                }
                if let Some(p) = &i.polygon {
                    f["polygon"] = json!(p.points());
                }
                if let Some(q) = &i.finding.quad {
                    f["quad"] = json!(q
                        .iter()
                        .map(|p| [p[0].round(), p[1].round()])
                        .collect::<Vec<_>>());
                }
                f
            })
            .collect(),
    )
}

/// One `scan --json` line.
pub fn scan_json(report: &ScanReport) -> Value {
    json!({
        "path": report.path,
        "width": report.width,
        "height": report.height,
        "findings": findings_json(report),
        "metadata": report.metadata,
        "error": null,
    })
}

/// The line for a file that failed: `path` is the input it is about (when known; else the path
/// the error names), `error` what went wrong (naming the output folder or ledger when it was
/// that), `error_code` the stable code.
pub fn error_json(e: &Error, input: Option<&Path>) -> Value {
    json!({
        "path": input.map(Path::to_path_buf).or_else(|| e.path().map(Path::to_path_buf)),
        "width": null,
        "height": null,
        "findings": [],
        "metadata": null,
        "error": e.to_string(),
        "error_code": e.code(),
    })
}

/// One `redact --json` line.
pub fn export_json(report: &ScanReport, outcome: &ExportOutcome) -> Value {
    let mut v = scan_json(report);
    v["output"] = json!(outcome.output);
    v["input_sha256"] = json!(outcome.input_sha256);
    v["output_sha256"] = json!(outcome.output_sha256);
    v["redacted"] = json!(outcome.redacted);
    v["dismissed"] = json!(outcome.dismissed);
    v["verification"] = json!(outcome.verification);
    v["ledger_row"] = json!(outcome.ledger_row);
    v
}

/// An error and its causes on one line, each said once: a message that already quotes its
/// cause (`ledger X: database is locked`) is not followed by it again, nor by the cause's own
/// cause restating it (`Error code 5: database is locked`).
pub fn error_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    let mut previous = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        let restated = !previous.is_empty() && text.contains(previous.as_str());
        previous = text.clone();
        if line.contains(&text) || restated {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

fn counts(report: &ScanReport) -> String {
    let n = |k: Kind| {
        report
            .plan
            .items
            .iter()
            .filter(|i| i.finding.kind == k)
            .count()
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "{}, {}, {}",
        plural(n(Kind::Face), "face", "faces"),
        plural(n(Kind::Text), "text region", "text regions"),
        plural(n(Kind::Barcode), "barcode", "barcodes")
    );
    // A crowd is rare enough to name only when there is one.
    if n(Kind::Crowd) > 0 {
        line.push_str(&format!(
            ", {}",
            plural(n(Kind::Crowd), "crowd region", "crowd regions")
        ));
    }
    line
}

/// Names of the metadata blocks present.
pub fn metadata_summary(m: &MetadataReport) -> String {
    let mut parts = Vec::new();
    for (present, name) in [
        (m.exif, "EXIF"),
        (m.gps, "GPS"),
        (m.xmp, "XMP"),
        (m.iptc, "IPTC"),
        (m.icc, "ICC profile"),
        (m.thumbnail, "thumbnail"),
        (m.comment, "comment"),
    ] {
        if present {
            parts.push(name.to_string());
        }
    }
    if m.trailing_bytes > 0 {
        parts.push(format!("{} trailing bytes", m.trailing_bytes));
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

/// Human-readable scan result.
pub fn print_scan(out: &mut impl Write, r: &ScanReport) -> std::io::Result<()> {
    writeln!(
        out,
        "{}  {}x{}  {}",
        r.path.display(),
        r.width,
        r.height,
        counts(r)
    )?;
    if !r.plan.items.iter().any(|i| i.finding.kind == Kind::Face) {
        writeln!(
            out,
            "  ! no faces found: look at the image yourself before relying on this"
        )?;
    }
    for i in &r.plan.items {
        let b = i.finding.rect;
        write!(
            out,
            "  {:<7} at {},{} size {}x{}  score {:.2}  -> {} {:?}",
            i.finding.kind.as_str(),
            b.x,
            b.y,
            b.w,
            b.h,
            i.finding.score,
            i.method.as_str(),
            i.redact_rect.to_array()
        )?;
        match (&i.finding.format, &i.finding.text) {
            (Some(fmt), Some(text)) => write!(out, "  {fmt} {text:?}")?,
            // Bars that look like a barcode but did not decode: covered all the same.
            (None, None) if i.finding.kind == Kind::Barcode => write!(out, "  not read")?,
            _ => {}
        }
        writeln!(out)?;
        if let (Some(t), Some(cat)) = (&i.finding.text, i.finding.category) {
            writeln!(out, "        {t:?}  {}", cat.label())?;
        }
    }
    writeln!(out, "  metadata: {}", metadata_summary(&r.metadata))
}

/// Human-readable export result.
pub fn print_export(
    out: &mut impl Write,
    r: &ScanReport,
    o: &ExportOutcome,
) -> std::io::Result<()> {
    let dismissed = r
        .plan
        .items
        .iter()
        .filter(|i| matches!(i.decision, Decision::Dismiss { .. }))
        .count();
    writeln!(
        out,
        "{} -> {}  ({}; {} redacted, {} dismissed; removed metadata: {}; verified clean)",
        r.path.display(),
        o.output.display(),
        counts(r),
        o.redacted,
        dismissed,
        metadata_summary(&r.metadata)
    )
}

/// Print why the gate refused, with the policy's own wording and source.
pub fn print_refusal(policy: &Policy, d: &GateDecision, json: bool) -> std::io::Result<()> {
    if json {
        let line = json!({ "error": "refused", "error_code": "refused", "policy": policy.id, "decision": d });
        println!("{line}");
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "clearframe: export refused by policy {} ({}); nothing was written.",
        policy.id, policy.name
    )?;
    for u in &d.unmet {
        writeln!(err, "  - {}", u.message)?;
        if let Some(s) = &u.source {
            writeln!(
                err,
                "      source: {} {}: \"{}\"",
                s.file, s.clause, s.quote
            )?;
        }
    }
    print_refusal_hints(d);
    Ok(())
}

/// The argument that meets an unmet condition when the CLI has one (on stderr).
pub fn print_refusal_hints(d: &GateDecision) {
    if d.unmet.iter().any(|u| u.id == "checked:face") {
        eprintln!("  Checked every picture yourself and found no face? Add --confirm-no-face.");
    }
}

/// Human-readable metadata listing.
pub fn print_inspect(
    out: &mut impl Write,
    path: &Path,
    d: &MetadataDetails,
) -> std::io::Result<()> {
    writeln!(out, "{} ({:?})", path.display(), d.format)?;
    if d.items.is_empty() {
        writeln!(out, "  no metadata found")?;
    }
    for item in &d.items {
        writeln!(out, "  {}", item.summary)?;
    }
    if let Some((lat, lon)) = d.gps_position {
        writeln!(
            out,
            "  GPS position: {lat:.6}, {lon:.6} (this locates where the photo was taken)"
        )?;
    }
    writeln!(out, "  all of this is removed on export")
}

/// One line of `audit list`.
pub fn print_audit_row(
    out: &mut impl Write,
    row: &clearframe_core::audit::AuditRow,
) -> std::io::Result<()> {
    let e = &row.entry;
    let f = &e.findings;
    let short = |h: &Option<String>| {
        h.as_deref()
            .map_or("-".to_string(), |h| h[..12.min(h.len())].to_string())
    };
    writeln!(
        out,
        "{:>5}  {}  {:<8}  {}  {} -> {}  consent {}  reviewer {}  faces {}/{} text {}/{} dismissed {}  in {} out {}",
        row.id,
        e.time,
        e.outcome.as_str(),
        e.policy_id,
        e.subject,
        e.destination,
        e.consent_ref.as_deref().unwrap_or("-"),
        e.reviewer.as_deref().unwrap_or("-"),
        f.get(Kind::Face).redacted,
        f.get(Kind::Face).found,
        f.get(Kind::Text).redacted,
        f.get(Kind::Text).found,
        e.dismissals.len(),
        short(&e.input_sha256),
        short(&e.output_sha256),
    )?;
    for u in &e.unmet {
        writeln!(out, "         unmet {}: {}", u.id, u.message)?;
    }
    Ok(())
}
