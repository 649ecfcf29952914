//! `clearframe vet`: a deck's or PDF's report (printed by [`crate::vet`]), or with `--out` /
//! `--output` its redacted copy, through the consent gate.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clearframe_core::detect::{DetectKinds, Detector};
use clearframe_core::document;
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::redact::PlanDefaults;
use clearframe_core::{audit, policy, Error};

use super::redact::document_options;
use crate::args::VetArgs;
use crate::l10n::t;
use crate::{output, vet, EXIT_FILE_ERRORS, EXIT_REFUSED, EXIT_USAGE};

/// `vet DECK|FILE.pdf`: the report, or with `--out`/`--output` the redacted copy.
pub(crate) fn run(a: VetArgs) -> Result<u8> {
    let is_pdf = a
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if a.out.is_some() || a.output.is_some() {
        return vet_redact(a, is_pdf);
    }
    if a.consent.policy.is_some() || a.consent.destination.is_some() {
        eprintln!("{}", t!("vet-policy-without-out"));
        return Ok(EXIT_USAGE);
    }
    if is_pdf {
        return vet_pdf(a);
    }
    let report = match vet_report(&a, document::vet_pptx)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    if let Some(plan_path) = &a.plan_template {
        vet::write_plan_template(
            plan_path,
            &report.path,
            &report.sha256,
            &report.flagged_text,
        )?;
    }
    if let Some(html_path) = &a.html {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(html_path)
            .with_context(|| t!("cannot-create", path = html_path.display()))?;
        f.write_all(vet::html(&report).as_bytes())
            .with_context(|| t!("cannot-write", path = html_path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        vet::print_human(&mut out, &report)?;
    }
    Ok(0)
}

/// `vet DECK|FILE.pdf --out DIR` / `--output FILE`: the redacted copy, through the consent gate.
fn vet_redact(a: VetArgs, is_pdf: bool) -> Result<u8> {
    let c = &a.consent;
    let Some((policy_id, _)) = c.required(&t!("needs-policy-vet")) else {
        return Ok(EXIT_USAGE);
    };
    if a.no_scan || a.html.is_some() {
        eprintln!("{}", t!("vet-out-conflicts"));
        return Ok(EXIT_USAGE);
    }
    if is_pdf && a.keep_notes {
        eprintln!("{}", t!("vet-keep-notes-pdf"));
        return Ok(EXIT_USAGE);
    }
    let policy = policy::find_policy(policy_id, &c.policy_dirs).map_err(Error::from)?;
    let out_dir = match (&a.out, &a.output) {
        (Some(dir), _) => dir.clone(),
        (None, Some(file)) => file.parent().map(PathBuf::from).unwrap_or_default(),
        (None, None) => unreachable!("checked by the caller"),
    };
    let req = c.request(&policy, out_dir, a.keep_names);
    let mut ledger = audit::Ledger::open(c.ledger()).map_err(Error::from)?;
    // Refuse before reading the deck when the request itself does not meet the policy.
    if let Err(Error::Refused(decision)) = req.gate_or_record_refusal(None, None, &mut ledger) {
        output::print_refusal(&policy, &decision, a.json)?;
        return Ok(EXIT_REFUSED);
    }
    let detector = Detector::load(a.models.config(DetectKinds::default()))?;
    let req = req.models(detector.model_sha256());
    let keep_text = match &a.plan {
        Some(p) => match vet::read_plan(p) {
            Ok(keep) => keep,
            Err(e) => {
                let message = crate::output::error_line(&e);
                eprintln!("{}", t!("error-line", message = message));
                return Ok(EXIT_USAGE);
            }
        },
        None => Vec::new(),
    };
    let mut opts = document_options(
        DecodeOptions {
            max_megapixels: a.max_megapixels,
        },
        PlanDefaults::default(),
    );
    opts.deck.keep_notes = a.keep_notes;
    opts.deck.keep_text = keep_text.clone();
    opts.pdf.keep_text = keep_text;
    let output = a.output.as_deref();
    let printed = if is_pdf {
        let outcome =
            document::export_pdf(&a.path, &detector, &req, output, &opts.pdf, &mut ledger);
        print_copy(&a, outcome, vet::print_pdf_export)
    } else {
        let outcome =
            document::export_pptx(&a.path, &detector, &req, output, &opts.deck, &mut ledger);
        print_copy(&a, outcome, vet::print_export)
    };
    match printed? {
        Err(Error::Refused(decision)) => {
            output::print_refusal(&policy, &decision, a.json)?;
            Ok(EXIT_REFUSED)
        }
        Err(e @ (Error::Model { .. } | Error::Runtime(_))) => Err(e.into()),
        Err(e) if a.json => {
            let v =
                serde_json::json!({"path": a.path, "error": e.to_string(), "error_code": e.code()});
            writeln!(std::io::stdout().lock(), "{v}")?;
            Ok(EXIT_FILE_ERRORS)
        }
        Err(e) => Err(e.into()),
        Ok(()) => Ok(0),
    }
}

/// Print a written copy (JSON with `--json`, else the human summary); an export error is handed
/// back for the caller to map to an exit code.
fn print_copy<T: serde::Serialize>(
    a: &VetArgs,
    outcome: std::result::Result<T, Error>,
    human: fn(&mut std::io::StdoutLock<'static>, &T) -> std::io::Result<()>,
) -> Result<std::result::Result<(), Error>> {
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => return Ok(Err(e)),
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string(&outcome)?)?;
    } else {
        human(&mut out, &outcome)?;
    }
    Ok(Ok(()))
}

/// Vet `a.path` with `vet` (a deck's or a PDF's): the detector (none with `--no-scan`; models
/// load only if there is a picture to scan) and the pixel limit from the arguments. A
/// document that cannot be read is, with `--json`, one JSON error line and the exit code
/// (`Ok(Err(code))`); a model or runtime failure is always an error.
fn vet_report<R>(
    a: &VetArgs,
    vet: impl FnOnce(
        &std::path::Path,
        Option<&Detector>,
        &clearframe_core::document::VetOptions,
    ) -> std::result::Result<R, Error>,
) -> Result<std::result::Result<R, u8>> {
    let detector = if a.no_scan {
        None
    } else {
        Some(Detector::lazy(a.models.config(DetectKinds::default()))?)
    };
    let opts = clearframe_core::document::VetOptions {
        decode: DecodeOptions {
            max_megapixels: a.max_megapixels,
        },
        ..Default::default()
    };
    match vet(&a.path, detector.as_ref(), &opts) {
        Ok(r) => Ok(Ok(r)),
        Err(e @ (Error::Model { .. } | Error::Runtime(_))) => Err(e.into()),
        Err(e) if a.json => {
            let v =
                serde_json::json!({"path": a.path, "error": e.to_string(), "error_code": e.code()});
            writeln!(std::io::stdout().lock(), "{v}")?;
            Ok(Err(EXIT_FILE_ERRORS))
        }
        Err(e) => Err(e.into()),
    }
}

/// `vet FILE.pdf`: the report (images with pages, scanned; page text, annotations, form
/// fields, attachments, XMP, revisions, Info dictionary).
fn vet_pdf(a: VetArgs) -> Result<u8> {
    if a.html.is_some() {
        eprintln!("{}", t!("vet-html-pdf"));
        return Ok(EXIT_USAGE);
    }
    let report = match vet_report(&a, document::vet_pdf)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    if let Some(plan_path) = &a.plan_template {
        vet::write_plan_template(plan_path, &report.path, &report.sha256, &report.text)?;
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        vet::print_pdf(&mut out, &report)?;
    }
    Ok(0)
}
