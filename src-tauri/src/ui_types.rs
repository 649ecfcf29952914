//! The front end's copies of the Rust types it receives and sends, generated with ts-rs into
//! `ui/src/generated/types.ts` (which `ui/src/api.ts` re-exports): every type a command takes
//! or returns (kinds, categories, methods, presets and the gate, the consent form, plan edits,
//! images and findings, scan events, exports, the ledger's rows, documents' reports and
//! copies), plus `KINDS` and the file extensions the app opens. A test fails when the file is
//! stale; `CLEARFRAME_REGENERATE=1 cargo test -p clearframe-app ui_types` writes it again.

#[cfg(test)]
mod tests {
    use std::path::Path;

    use clearframe_core::audit::{
        AttestationRecord, AuditEntry, AuditRow, ChainHead, Dismissal, DocumentCounts,
        FindingCounts, KindCounts, Outcome, UnmetRecord, VerifyReport,
    };
    use clearframe_core::document::{
        Comment, DeckExportOutcome, DeckVerification, DocumentExportOutcome, DocumentKind,
        DocumentProperty, DocumentReport, FlaggedText, HiddenShape, KeepText, KeptText,
        PdfAnnotation, PdfExportOutcome, PdfImage, PdfKeptText, PdfReport, PdfTextHit,
        PdfTextRedaction, PdfVerification, PictureReport, PictureText, PictureTreatment,
        RedactedDeck, RedactedPage, RedactedPdf, RedactedPicture, RemovalReason, RemovedPart,
        ShapeIssue, TextHit, TextLocation, TextPlace, TextReplacement, VetReport,
    };
    use clearframe_core::image_io::{OutputFormat, SourceFormat};
    use clearframe_core::metadata::{Block, ContainerFormat, MetadataItem, MetadataReport};
    use clearframe_core::pipeline::{ExportOutcome, VerificationReport};
    use clearframe_core::policy::{
        Attestation, Choice, ConsentRefRequirement, Decision, GateDecision, RedactRequirement,
        Rule, Source, UnmetCondition,
    };
    use clearframe_core::polygon::Polygon;
    use clearframe_core::redact::{Method, PlanEdit};
    use clearframe_core::{Kind, Rect, TextCategory};
    use ts_rs::TS;

    use crate::commands::{
        ConsentForm, DocumentView, FindingView, ImageSummary, PolicyView, ScanEvent, ScanSummary,
    };
    use crate::error::AppError;
    use crate::state::{DocumentOrigin, PolicySettings};

    /// The file's text: every type, in dependency order.
    fn generated() -> String {
        // Ids and counts are far below 2^53: numbers, not bigints.
        let cfg = ts_rs::Config::new().with_large_int("number");
        let mut out = String::from(
            "// Generated from the Rust types by src-tauri/src/ui_types.rs (ts-rs): do not edit.\n\
             // Regenerate: CLEARFRAME_REGENERATE=1 cargo test -p clearframe-app ui_types\n",
        );
        macro_rules! declare {
            ($($t:ty),* $(,)?) => {
                $(
                    out.push('\n');
                    out.push_str("export ");
                    out.push_str(&<$t as TS>::decl(&cfg));
                    out.push('\n');
                )*
            };
        }
        declare!(
            Kind,
            TextCategory,
            Method,
            Source,
            Choice,
            Attestation,
            Decision,
            ConsentRefRequirement,
            RedactRequirement,
            Rule,
            PolicyView,
            PolicySettings,
            UnmetCondition,
            GateDecision,
            ConsentForm,
            Rect,
            Polygon,
            PlanEdit,
            FindingView,
            ContainerFormat,
            MetadataReport,
            Block,
            MetadataItem,
            DocumentOrigin,
            ImageSummary,
            AppError,
            ScanEvent,
            ScanSummary,
            VerificationReport,
            ExportOutcome,
            Outcome,
            AttestationRecord,
            KindCounts,
            FindingCounts,
            Dismissal,
            UnmetRecord,
            DocumentCounts,
            AuditEntry,
            AuditRow,
            ChainHead,
            VerifyReport,
            SourceFormat,
            OutputFormat,
            DocumentKind,
            DocumentProperty,
            TextLocation,
            TextHit,
            Comment,
            PictureText,
            PictureReport,
            TextPlace,
            FlaggedText,
            ShapeIssue,
            HiddenShape,
            VetReport,
            PdfTextHit,
            PdfAnnotation,
            PdfImage,
            PdfReport,
            DocumentReport,
            DocumentView,
            KeepText,
            KeptText,
            RemovalReason,
            RemovedPart,
            PictureTreatment,
            TextReplacement,
            RedactedPicture,
            DeckVerification,
            RedactedDeck,
            DeckExportOutcome,
            PdfTextRedaction,
            PdfKeptText,
            RedactedPage,
            PdfVerification,
            RedactedPdf,
            PdfExportOutcome,
            DocumentExportOutcome,
        );
        // The kinds as a list too (the ledger's columns, in `Kind::ALL`'s order).
        let kinds: Vec<String> = Kind::ALL
            .iter()
            .map(|k| format!("\"{}\"", k.as_str()))
            .collect();
        out.push_str(&format!(
            "\n/** Every kind of finding, in the ledger's order. */\nexport const KINDS: Kind[] = [{}];\n",
            kinds.join(", ")
        ));
        // The files the app opens, as the core reads them (the open dialog's filters).
        let list = |exts: &[&str]| {
            (exts.iter())
                .map(|e| format!("\"{e}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "\n/** The image files the app opens (by extension, lowercase). */\nexport const IMAGE_EXTENSIONS: string[] = [{}];\n",
            list(clearframe_core::image_io::SUPPORTED_EXTENSIONS)
        ));
        out.push_str(&format!(
            "\n/** The documents the app vets and copies (by extension, lowercase). */\nexport const DOCUMENT_EXTENSIONS: string[] = [{}];\n",
            list(&clearframe_core::document::DocumentKind::EXTENSIONS)
        ));
        out
    }

    #[test]
    fn the_ui_types_are_generated_from_the_rust_types() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/generated/types.ts");
        let want = generated();
        if std::env::var_os("CLEARFRAME_REGENERATE").is_some_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is stale: run CLEARFRAME_REGENERATE=1 cargo test -p clearframe-app ui_types",
            path.display()
        );
    }
}
