//! `clearframe redact`: photos, decks and PDFs redacted into a folder, through the consent gate.

use std::io::Write;

use anyhow::Result;
use clearframe_core::detect::DetectKinds;
use clearframe_core::document::{self, DocumentExportOutcome, DocumentKind, DocumentRedactOptions};
use clearframe_core::image_io::DecodeOptions;
use clearframe_core::redact::PlanDefaults;
use clearframe_core::{audit, pipeline, policy, Error};

use crate::args::RedactArgs;
use crate::batch::{load_detectors, progress_bar, report_error, run_printed};
use crate::{output, vet, EXIT_FILE_ERRORS, EXIT_REFUSED, EXIT_USAGE};

/// `redact PATHS --out DIR`: each file exported through the gate, one at a time, its scan in
/// parallel; 1 if a file failed or the batch was cancelled, else 3 if one was refused.
pub(crate) fn run(a: RedactArgs) -> Result<u8> {
    let c = &a.consent;
    let Some((policy_id, _)) = c.required("redact") else {
        return Ok(EXIT_USAGE);
    };
    let policy = policy::find_policy(policy_id, &c.policy_dirs).map_err(Error::from)?;
    let req = c.request(&policy, a.out.clone(), a.keep_names);
    let mut ledger = audit::Ledger::open(c.ledger()).map_err(Error::from)?;
    // Refuse before reading any image when the request itself does not meet the policy;
    // the refused attempt is recorded in the ledger.
    if let Err(Error::Refused(decision)) = req.gate_or_record_refusal(None, None, &mut ledger) {
        output::print_refusal(&policy, &decision, a.common.json)?;
        return Ok(EXIT_REFUSED);
    }
    let inputs = pipeline::collect_export_inputs(&a.paths);
    let detectors = load_detectors(DetectKinds::default(), &a.common, inputs.len())?;
    let req = req.models(detectors[0].model_sha256());
    // Exports (gate, write, ledger row) one at a time; scans, and building a document's copy,
    // in parallel.
    let ledger = std::sync::Mutex::new(ledger);
    let lock = || {
        ledger
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let decode = DecodeOptions {
        max_megapixels: a.common.max_megapixels,
    };
    let defaults = PlanDefaults {
        face: a.face,
        text: a.text,
        ..PlanDefaults::default()
    };
    let documents = document_options(decode, defaults);
    let pb = progress_bar(inputs.len(), a.common.json);
    let mut refused = 0usize;
    let summary = run_printed(
        inputs,
        detectors.len(),
        &pb,
        |w, p| {
            if DocumentKind::of(p).is_some() {
                let copy = document::write_redacted_document(p, &detectors[w], &documents)?;
                return Ok(Exported::Document(copy.export(&req, None, &mut lock())?));
            }
            let (img, report) = pipeline::scan_file(&detectors[w], p, &decode, &defaults)?;
            let outcome = pipeline::export(&img, &report.plan, &req, &mut lock())?;
            Ok(Exported::Photo(report, outcome))
        },
        |out, input, result| match result {
            Ok(exported) => pb.suspend(|| exported.print(out, a.common.json)),
            Err(e) => {
                refused += usize::from(matches!(e, Error::Refused(_)));
                report_error(out, &pb, a.common.json, input, &e)
            }
        },
    )?;
    // Refusals (a finding the policy requires redacted left as is) are failures of their own kind.
    if summary.failed > refused || summary.cancelled {
        return Ok(EXIT_FILE_ERRORS);
    }
    Ok(if refused > 0 { EXIT_REFUSED } else { 0 })
}

/// How a document's copy is built: this pixel limit and these methods, every other choice the
/// default (notes removed, every flagged text replaced). `redact` uses it as it is; `vet --out`
/// adds `--keep-notes` and the reviewed plan.
pub(crate) fn document_options(
    decode: DecodeOptions,
    defaults: PlanDefaults,
) -> DocumentRedactOptions {
    let vet = document::VetOptions {
        decode,
        ..Default::default()
    };
    DocumentRedactOptions {
        deck: document::DeckRedactOptions {
            vet: vet.clone(),
            defaults,
            ..Default::default()
        },
        pdf: document::PdfRedactOptions {
            vet,
            defaults,
            ..Default::default()
        },
    }
}

/// One file `redact` exported: a photo, or a deck's or PDF's copy.
enum Exported {
    Photo(pipeline::ScanReport, pipeline::ExportOutcome),
    Document(DocumentExportOutcome),
}

impl Exported {
    /// Its JSON line (`--json`) or its human summary.
    fn print(&self, out: &mut impl Write, json: bool) -> std::io::Result<()> {
        match self {
            Exported::Photo(report, outcome) if json => {
                writeln!(out, "{}", output::export_json(report, outcome))
            }
            Exported::Photo(report, outcome) => output::print_export(out, report, outcome),
            Exported::Document(d) if json => writeln!(
                out,
                "{}",
                serde_json::to_string(d).map_err(std::io::Error::other)?
            ),
            Exported::Document(DocumentExportOutcome::Pptx(o)) => vet::print_export(out, o),
            Exported::Document(DocumentExportOutcome::Pdf(o)) => vet::print_pdf_export(out, o),
        }
    }
}
