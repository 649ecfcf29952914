//! Writing an export: the gate, the ledger row and the file stand or fall together. One
//! writer ([`write_export`]) names, writes, reads back and commits every export, photo or
//! document.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{
    plan_summary, redact_encode_verify, EncodedPicture, ExportRequest, VerificationReport,
};
use crate::audit::{AuditEntry, Ledger};
use crate::hash::sha256_hex;
use crate::image_io::{DecodedImage, OutputFormat};
use crate::policy::PlanSummary;
use crate::redact::{Decision, RedactionPlan};
use crate::{Error, Result};

/// A finished export.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportOutcome {
    /// The input file (never modified).
    pub input: PathBuf,
    /// The file written.
    pub output: PathBuf,
    /// sha256 of the input file's bytes.
    pub input_sha256: String,
    /// sha256 of the output file's bytes.
    pub output_sha256: String,
    /// Regions redacted.
    pub redacted: usize,
    /// Findings the reviewer dismissed.
    pub dismissed: usize,
    /// The verification of the written file.
    pub verification: VerificationReport,
    /// The ledger row recording this export.
    pub ledger_row: i64,
}

/// Redact, encode, verify and write one image through the gate, with its ledger record.
///
/// Nothing is written unless the gate allows it (a refusal is recorded in the ledger) and the
/// encoded bytes pass verification. The export and its record stand or fall together: the
/// ledger row is inserted in an open transaction, the file is written atomically under a name
/// that clobbers nothing, read back and compared, and only then is the row committed; if the
/// commit fails the file is removed, and if the write fails the row is rolled back.
pub fn export(
    img: &DecodedImage,
    plan: &RedactionPlan,
    req: &ExportRequest<'_>,
    ledger: &mut Ledger,
) -> Result<ExportOutcome> {
    req.gate_or_record_refusal(Some(plan), Some(&img.sha256), ledger)?;
    let format = OutputFormat::for_source(img.format);
    let EncodedPicture {
        redacted,
        bytes,
        verification,
    } = redact_encode_verify(&img.pixels, plan, format, &img.path, None)?;
    let output_sha256 = sha256_hex(&bytes);
    let entry = req.audit_entry(plan_summary(plan), &img.sha256, &output_sha256);
    let (output, row) = write_export(
        req,
        &entry,
        &img.path,
        &bytes,
        format.extension(),
        None,
        ledger,
    )?;
    Ok(ExportOutcome {
        input: img.path.clone(),
        output,
        input_sha256: img.sha256.clone(),
        output_sha256,
        redacted: redacted.regions.len(),
        dismissed: plan
            .items
            .iter()
            .filter(|i| i.decision != Decision::Redact)
            .count(),
        verification,
        ledger_row: row,
    })
}

/// A document's redacted copy (a deck's, a PDF's), built and checked in memory, as
/// [`export_document`] takes it.
pub(crate) struct DocumentCopy<'a> {
    /// The original (only read).
    pub input: &'a Path,
    /// sha256 of the original.
    pub input_sha256: &'a str,
    /// sha256 of the copy.
    pub output_sha256: &'a str,
    /// The copy.
    pub bytes: &'a [u8],
    /// The copy's file extension (`pptx`, `pdf`).
    pub extension: &'a str,
    /// Every finding of the copy's pictures or pages together, as the gate sees them.
    pub plan: &'a PlanSummary,
    /// What checking the copy found wrong (empty when it is clean).
    pub problems: &'a [String],
    /// The reviewer's reason for each flagged text kept legible (a text dismissal each).
    pub kept_reasons: Vec<&'a str>,
    /// What the copy changed, for the ledger row (counts, never text).
    pub counts: crate::audit::DocumentCounts,
}

/// Export a document's copy through the consent gate: the gate is asked with all its findings
/// (a refusal is recorded and nothing is written); a copy whose check found problems is
/// refused (`Error::Verify`); the ledger row carries the kept text as dismissals and the
/// document counts; the copy is written by [`write_export`]. Returns the file and the row id.
pub(crate) fn export_document(
    req: &ExportRequest<'_>,
    copy: &DocumentCopy<'_>,
    output_file: Option<&Path>,
    ledger: &mut Ledger,
) -> Result<(PathBuf, i64)> {
    req.gate_summary_or_record_refusal(Some(copy.plan.clone()), Some(copy.input_sha256), ledger)?;
    if !copy.problems.is_empty() {
        return Err(Error::Verify {
            path: copy.input.to_path_buf(),
            problems: copy.problems.to_vec(),
        });
    }
    let mut entry = req.audit_entry(copy.plan.clone(), copy.input_sha256, copy.output_sha256);
    entry
        .dismissals
        .extend(copy.kept_reasons.iter().map(|r| crate::audit::Dismissal {
            kind: crate::finding::Kind::Text,
            reason: Some(r.to_string()),
        }));
    entry.document = Some(copy.counts);
    write_export(
        req,
        &entry,
        copy.input,
        copy.bytes,
        copy.extension,
        output_file,
        ledger,
    )
}

/// Write a verified copy and its ledger row: the one place that names an export and writes it,
/// for photos, decks and PDFs alike. Only call it once the gate has passed and the copy's
/// `bytes` are verified. The row (`entry`) is inserted in an open transaction; the copy goes to a
/// temporary name and is renamed without clobbering: to `output_file` when given (which must not
/// exist), else into `req.out_dir` (created if missing) as `redacted-<sha256 prefix>.<extension>`
/// (`<input stem>.<extension>` with `keep_names`, then `-2`, `-3`…); it is read back and
/// compared; only then is the row committed. Returns the file written and the row's id.
pub(crate) fn write_export(
    req: &ExportRequest<'_>,
    entry: &AuditEntry,
    input: &Path,
    bytes: &[u8],
    extension: &str,
    output_file: Option<&Path>,
    ledger: &mut Ledger,
) -> Result<(PathBuf, i64)> {
    if output_file.is_none() {
        std::fs::create_dir_all(&req.out_dir).map_err(|e| Error::io(&req.out_dir, e))?;
    }
    let pending = ledger.begin_export(entry)?;
    // From here on the row is pending: any error drops it (rollback) and removes the file.
    let output = match output_file {
        Some(file) => crate::fs::write_new_file_at(file, bytes)?,
        None => {
            let stem = if req.keep_names {
                (input.file_stem())
                    .and_then(|s| s.to_str())
                    .unwrap_or("file")
                    .to_string()
            } else {
                let sha = entry.output_sha256.as_deref().unwrap_or_default();
                format!("redacted-{}", &sha[..sha.len().min(12)])
            };
            crate::fs::write_new_file(&req.out_dir, &stem, extension, bytes)?
        }
    };
    let keep_name = req.keep_names && output_file.is_none();
    let row = commit_written(pending, &output, bytes, keep_name)?;
    Ok((output, row.id))
}

/// Finish an export whose ledger row is `pending` and whose verified `bytes` were just written
/// to `output`: record the output's file name when `keep_name`, read the file back (it must be
/// exactly `bytes`) and commit the row. On any error the row is dropped (rolled back) and the
/// file removed, so a file is never left without its row, nor a row without its file.
pub(crate) fn commit_written(
    mut pending: crate::audit::Pending<'_>,
    output: &Path,
    bytes: &[u8],
    keep_name: bool,
) -> Result<crate::audit::AppendedRow> {
    let mut finish = || -> Result<()> {
        if keep_name {
            let name = (output.file_name())
                .and_then(|n| n.to_str())
                .map(str::to_string);
            pending.set_output_name(name)?;
        }
        // Read back what landed on disk: it must be exactly the verified bytes.
        let written = std::fs::read(output).map_err(|e| Error::io(output, e))?;
        if written != bytes {
            return Err(Error::Verify {
                path: output.to_path_buf(),
                problems: vec!["file on disk differs from the verified bytes".into()],
            });
        }
        Ok(())
    };
    let committed = finish().and_then(|()| pending.commit().map_err(Error::from));
    if committed.is_err() {
        let _ = std::fs::remove_file(output);
    }
    committed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image_io::{self, DecodeOptions};

    #[test]
    fn a_plan_made_for_another_size_is_a_plan_mismatch_naming_the_file_and_nothing_is_written() {
        use crate::finding::{Finding, Kind, Rect};
        use crate::redact::PlanDefaults;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("photo.png");
        image::RgbImage::from_pixel(64, 48, image::Rgb([90, 120, 150]))
            .save(&path)
            .unwrap();
        let img = image_io::decode_file(&path, &DecodeOptions::default()).unwrap();
        let face = Finding::new(Kind::Face, Rect::new(10, 10, 20, 20), 0.9);
        let plan = RedactionPlan::from_findings(&[face], 128, 96, &PlanDefaults::default());
        let policies = crate::policy::builtin_policies();
        let policy = policies.iter().find(|p| p.id == "stanford-peds").unwrap();
        let out_dir = dir.path().join("out");
        let req = ExportRequest::new(policy, "teaching-site", out_dir.clone())
            .attest(["patient-consent", "deidentification-reviewed"])
            .consent_ref(Some("C-1"));
        let mut ledger = Ledger::open(dir.path().join("ledger.sqlite3")).unwrap();
        let err = export(&img, &plan, &req, &mut ledger).unwrap_err();
        assert_eq!(err.code(), "plan_mismatch");
        assert_eq!(err.path(), Some(path.as_path()));
        assert!(
            err.to_string()
                .contains("plan is for 128x96, image is 64x48"),
            "{err}"
        );
        assert!(!out_dir.exists());
        let rows = ledger.list(&crate::audit::AuditFilter::default()).unwrap();
        assert!(
            rows.is_empty(),
            "a request the gate allowed records nothing when not written"
        );
    }
}
