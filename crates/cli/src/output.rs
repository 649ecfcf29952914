//! What the CLI prints: the `--json` line formats (a contract other tools rely on) and the
//! human-readable forms.

use std::io::Write;
use std::path::Path;

use clearframe_core::audit::AuditError;
use clearframe_core::l10n;
use clearframe_core::metadata::{MetadataDetails, MetadataReport};
use clearframe_core::pipeline::{ExportOutcome, ScanReport};
use clearframe_core::policy::PolicyError;
use clearframe_core::policy::{GateDecision, Policy};
use clearframe_core::redact::Decision;
use clearframe_core::{Error, Kind};
use serde_json::{json, Value};

use crate::l10n::{lang, t};

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
/// cause restating it (`Error code 5: database is locked`). A core error is said in the run's
/// language and ends the line (its message already says what its causes said).
pub fn error_line(e: &anyhow::Error) -> String {
    let lang = lang();
    let mut line = String::new();
    let mut previous = String::new();
    for cause in e.chain() {
        let core = if let Some(e) = cause.downcast_ref::<Error>() {
            Some(e.message_in(lang))
        } else if let Some(e) = cause.downcast_ref::<PolicyError>() {
            Some(e.message_in(lang))
        } else {
            cause
                .downcast_ref::<AuditError>()
                .map(|e| e.message_in(lang))
        };
        let text = match (&core, cause.downcast_ref::<std::io::Error>()) {
            (Some(core), _) => core.clone(),
            (None, Some(io)) => l10n::io_detail(lang, io),
            (None, None) => cause.to_string(),
        };
        let restated = !previous.is_empty() && text.contains(previous.as_str());
        previous = text.clone();
        if !(line.contains(&text) || restated) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
        if core.is_some() {
            break;
        }
    }
    line
}

/// `2 faces, 1 text region, 0 barcodes` (and crowd regions when there are some).
fn counts(report: &ScanReport) -> String {
    let n = |k: Kind| {
        report
            .plan
            .items
            .iter()
            .filter(|i| i.finding.kind == k)
            .count()
    };
    let mut parts = vec![
        t!("count-faces", n = n(Kind::Face)),
        t!("count-text", n = n(Kind::Text)),
        t!("count-barcodes", n = n(Kind::Barcode)),
    ];
    // A crowd is rare enough to name only when there is one.
    if n(Kind::Crowd) > 0 {
        parts.push(t!("count-crowds", n = n(Kind::Crowd)));
    }
    parts.join(", ")
}

/// Names of the metadata blocks present.
pub fn metadata_summary(m: &MetadataReport) -> String {
    let mut parts = Vec::new();
    for (present, name) in [
        (m.exif, "EXIF".to_string()),
        (m.gps, "GPS".to_string()),
        (m.xmp, "XMP".to_string()),
        (m.iptc, "IPTC".to_string()),
        (m.icc, t!("meta-icc")),
        (m.thumbnail, t!("meta-thumbnail")),
        (m.comment, t!("meta-comment")),
    ] {
        if present {
            parts.push(name);
        }
    }
    if m.trailing_bytes > 0 {
        parts.push(t!("meta-trailing", n = m.trailing_bytes));
    }
    if parts.is_empty() {
        t!("meta-none")
    } else {
        parts.join(", ")
    }
}

/// Human-readable scan result.
pub fn print_scan(out: &mut impl Write, r: &ScanReport) -> std::io::Result<()> {
    let lang = lang();
    writeln!(
        out,
        "{}  {}x{}  {}",
        r.path.display(),
        r.width,
        r.height,
        counts(r)
    )?;
    if !r.plan.items.iter().any(|i| i.finding.kind == Kind::Face) {
        writeln!(out, "  {}", t!("scan-no-faces"))?;
    }
    for i in &r.plan.items {
        let b = i.finding.rect;
        let kind = l10n::kind_noun(lang, i.finding.kind.as_str());
        write!(
            out,
            "  {}",
            t!(
                "scan-finding",
                kind = format!("{kind:<7}"),
                x = b.x,
                y = b.y,
                w = b.w,
                h = b.h,
                score = l10n::decimal(lang, f64::from(i.finding.score), 2),
                method = i.method.as_str(),
                box = format!("{:?}", i.redact_rect.to_array())
            )
        )?;
        match (&i.finding.format, &i.finding.text) {
            (Some(fmt), Some(text)) => write!(out, "  {fmt} {text:?}")?,
            // Bars that look like a barcode but did not decode: covered all the same.
            (None, None) if i.finding.kind == Kind::Barcode => {
                write!(out, "  {}", t!("barcode-not-read"))?
            }
            _ => {}
        }
        writeln!(out)?;
        if let (Some(t), Some(cat)) = (&i.finding.text, i.finding.category) {
            writeln!(out, "        {t:?}  {}", cat.label_in(lang))?;
        }
    }
    writeln!(
        out,
        "  {}",
        t!("scan-metadata", list = metadata_summary(&r.metadata))
    )
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
        "{}",
        t!(
            "export-line",
            input = r.path.display(),
            output = o.output.display(),
            counts = counts(r),
            redacted = o.redacted,
            dismissed = dismissed,
            metadata = metadata_summary(&r.metadata)
        )
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
    let name = policy.in_language(lang()).name;
    writeln!(err, "{}", t!("refused", policy = &policy.id, name = name))?;
    for u in &d.unmet {
        writeln!(err, "  - {}", u.message)?;
        if let Some(s) = &u.source {
            let source = t!(
                "refused-source",
                file = &s.file,
                clause = &s.clause,
                quote = &s.quote
            );
            writeln!(err, "      {source}")?;
        }
    }
    print_refusal_hints(d);
    Ok(())
}

/// The argument that meets an unmet condition when the CLI has one (on stderr).
pub fn print_refusal_hints(d: &GateDecision) {
    if d.unmet.iter().any(|u| u.id == "checked:face") {
        eprintln!("  {}", t!("hint-confirm-no-face"));
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
        writeln!(out, "  {}", t!("inspect-none"))?;
    }
    for item in &d.items {
        writeln!(out, "  {}", item.summary)?;
    }
    if let Some((lat, lon)) = d.gps_position {
        let lang = lang();
        let (lat, lon) = (l10n::decimal(lang, lat, 6), l10n::decimal(lang, lon, 6));
        writeln!(out, "  {}", t!("inspect-gps", lat = lat, lon = lon))?;
    }
    writeln!(out, "  {}", t!("inspect-removed"))
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
    let of = |k: Kind| format!("{}/{}", f.get(k).redacted, f.get(k).found);
    let line = t!(
        "audit-row",
        id = format!("{:>5}", row.id),
        time = &e.time,
        outcome = format!("{:<8}", e.outcome.as_str()),
        policy = &e.policy_id,
        subject = &e.subject,
        destination = &e.destination,
        consent = e.consent_ref.as_deref().unwrap_or("-"),
        reviewer = e.reviewer.as_deref().unwrap_or("-"),
        faces = of(Kind::Face),
        text = of(Kind::Text),
        dismissed = e.dismissals.len(),
        input = short(&e.input_sha256),
        output = short(&e.output_sha256),
    );
    writeln!(out, "{line}")?;
    for u in &e.unmet {
        let unmet = t!("audit-unmet", id = &u.id, message = &u.message);
        writeln!(out, "         {unmet}")?;
    }
    Ok(())
}
