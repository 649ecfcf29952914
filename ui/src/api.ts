// Typed wrappers over the commands in src-tauri/src/commands/. Every type they take or return
// is generated from the Rust types (./generated/types.ts, by src-tauri/src/ui_types.rs); none is
// written here by hand. Errors are always `{code, message}` (src-tauri/src/error.rs).
import { Channel, invoke } from "@tauri-apps/api/core";

export type {
  AppError, Attestation, AttestationRecord, AuditEntry, AuditRow, Block, ChainHead, Choice,
  ConsentForm, ConsentRefRequirement, ContainerFormat, Dismissal, DocumentCounts, DocumentOrigin,
  ExportOutcome, FindingCounts, FindingView, GateDecision, ImageSummary, Kind, KindCounts,
  MetadataItem, MetadataReport, Method, Outcome, PlanEdit, PolicySettings, PolicyView, Rect,
  RedactRequirement, Rule, ScanEvent, ScanSummary, Source, TextCategory, UnmetCondition,
  UnmetRecord, VerificationReport, VerifyReport,
  DeckExportOutcome, DocumentExportOutcome, DocumentKind, DocumentReport, DocumentView, FlaggedText,
  KeepText, PdfExportOutcome, PdfImage, PdfReport, PictureReport, VetReport,
} from "./generated/types";
import type { PdfImage, PictureReport } from "./generated/types";
/** A picture of a vetted document: a deck's picture or a PDF's image. */
export type DocPicture = PictureReport | PdfImage;
/** A region as the commands take it (`{x, y, w, h}`). */
export type RectJson = Rect;
export { DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, KINDS } from "./generated/types";
import type {
  AppError, AuditRow, ConsentForm, DocumentExportOutcome, DocumentView, ExportOutcome, GateDecision,
  ImageSummary, KeepText, VerifyReport,
  PlanEdit, PolicySettings, PolicyView, Rect, ScanEvent, ScanSummary,
} from "./generated/types";



/** Normalise whatever a command rejected with into `{code, message}`. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return e as AppError;
  }
  return { code: "internal", message: String(e) };
}

export const api = {
  listPolicies: (lang: string) => invoke<PolicyView[]>("list_policies", { lang }),
  policySettings: () => invoke<PolicySettings>("policy_settings"),
  setPolicyDirs: (dirs: string[]) => invoke<PolicySettings>("set_policy_dirs", { dirs }),
  ledgerPath: () => invoke<string>("ledger_path"),
  systemLocale: () => invoke<string | null>("system_locale"),
  setLanguage: (lang: string) => invoke<string>("set_language", { lang }),
  openImages: (paths: string[], onEvent: (e: ScanEvent) => void) => {
    const channel = new Channel<ScanEvent>();
    channel.onmessage = onEvent;
    return invoke<ScanSummary>("open_images", { paths, onEvent: channel });
  },
  getImage: (id: number) => invoke<ImageSummary>("get_image", { id }),
  getPreview: (id: number, redacted: boolean) => invoke<string>("get_preview", { id, redacted }),
  editPlan: (id: number, edit: PlanEdit) => invoke<ImageSummary>("edit_plan", { id, edit }),
  undo: (id: number) => invoke<ImageSummary>("undo_edit", { id }),
  redo: (id: number) => invoke<ImageSummary>("redo_edit", { id }),
  cancelScans: () => invoke<void>("cancel_scans"),
  auditRows: (limit?: number) => invoke<AuditRow[]>("audit_rows", { limit: limit ?? null }),
  auditVerify: () => invoke<VerifyReport>("audit_verify"),
  auditExport: (path: string, format: "csv" | "json") => invoke<number>("audit_export", { path, format }),
  checkGate: (id: number | null, form: ConsentForm, lang: string) => invoke<GateDecision>("check_gate", { id, form, lang }),
  exportImage: (id: number, outDir: string, form: ConsentForm) =>
    invoke<ExportOutcome>("export", { id, outDir, form }),
  vetDocument: (path: string) => invoke<DocumentView>("vet_document", { path }),
  openDocumentPicture: (path: string, key: string) =>
    invoke<ImageSummary>("open_document_picture", { path, key }),
  exportDocument: (path: string, outDir: string, form: ConsentForm, keepText: KeepText[] = []) =>
    invoke<DocumentExportOutcome>("export_document", { path, outDir, form, keepText }),
};
