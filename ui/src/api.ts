// Typed wrappers over the commands in src-tauri/src/commands/. The types the commands share
// with the core are generated from the Rust types (./generated/types.ts, src-tauri/src/ui_types.rs);
// the others here mirror them by hand. Errors are always `{code, message}` (src-tauri/src/error.rs).
import { Channel, invoke } from "@tauri-apps/api/core";

export type {
  AppError, Attestation, AttestationRecord, AuditEntry, AuditRow, Block, ChainHead, Choice,
  ConsentForm, ConsentRefRequirement, ContainerFormat, Dismissal, DocumentCounts, DocumentOrigin,
  ExportOutcome, FindingCounts, FindingView, GateDecision, ImageSummary, Kind, KindCounts,
  MetadataItem, MetadataReport, Method, Outcome, PlanEdit, PolicySettings, PolicyView, Rect,
  RedactRequirement, Rule, ScanEvent, ScanSummary, Source, TextCategory, UnmetCondition,
  UnmetRecord, VerificationReport, VerifyReport,
} from "./generated/types";
/** A region as the commands take it (`{x, y, w, h}`). */
export type RectJson = Rect;
export { DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, KINDS } from "./generated/types";
import type {
  AppError, AuditRow, ConsentForm, ExportOutcome, GateDecision, ImageSummary, VerifyReport,
  PlanEdit, PolicySettings, PolicyView, Rect, ScanEvent, ScanSummary, TextCategory,
} from "./generated/types";

/** A picture inside a vetted document (the fields the document view shows). */
export interface DocPicture {
  /** The part name in a deck (`ppt/media/image1.png`). */
  name?: string;
  /** The object in a PDF (`12 0 R`). */
  object?: string;
  slides?: number[];
  pages?: number[];
  cropped_on_slides?: number[];
  width: number | null;
  height: number | null;
  findings: Record<string, number>;
  metadata_items?: string[];
  scan_error?: string | null;
}

/** Identifier-like text a redacted copy of a deck replaces (`flagged_text` of the report). */
export interface FlaggedText {
  part: string;
  slide: number | null;
  place: "paragraph" | "alt_text" | "chart_value" | "document_title";
  category: TextCategory;
  text: string;
}

/** Flagged text the reviewer keeps visible in the copy, and why (recorded in the ledger). */
export interface KeepText {
  text: string;
  reason: string;
}

/** A vetted slide deck or PDF (`vet_document`). */
export interface DocumentView {
  kind: "pptx" | "pdf";
  path: string;
  file_name: string;
  concerns: string[];
  report: {
    slides?: number;
    pages?: number;
    pictures?: DocPicture[];
    images?: DocPicture[];
    properties?: { name: string; value: string }[];
    warnings?: string[];
    /** A deck's flagged text (what its copy replaces). */
    flagged_text?: FlaggedText[];
    /** A PDF's identifier-like lines of page text (what its copy covers). */
    text?: { page: number; text: string; category: TextCategory }[];
  };
}

/** A written redacted copy of a deck (`export_document`). */
export interface DeckExportOutcome {
  document: "pptx";
  output: string;
  ledger_row: number;
  pictures: {
    name: string;
    output_name: string;
    regions_redacted: number;
    metadata_removed: string[];
    treatment: "redacted" | "rendered_svg" | "placeholder";
    note: string | null;
  }[];
  properties_cleared: { name: string; value: string }[];
  thumbnail_removed: string[];
  text_kept: { part: string; slide: number | null; text: string; reason: string }[];
  /** Identifier-like text replaced by "[redacted]": where, and its category (never the text). */
  text_replaced: { part: string; slide: number | null; place: string; category: TextCategory; replacement: string }[];
  /** Parts left out of the copy, and why. */
  parts_removed: { name: string; reason: string; slide: number | null }[];
  text_left: { slide: number | null; location: string; text: string; category: TextCategory }[];
  comments_left: { slide: number | null; author: string | null; text: string }[];
  verification: { pictures_checked: number; problems: string[] };
}

/** A written redacted copy of a PDF (`export_document`): an image-only PDF. */
export interface PdfExportOutcome {
  document: "pdf";
  output: string;
  ledger_row: number;
  pages: { page: number; width_pt: number; height_pt: number; dpi: number; findings: Record<string, number>; regions_redacted: number }[];
  /** Identifier-like lines covered: where, and the category (never the text). */
  text_redacted: { page: number; category: TextCategory }[];
  text_kept: { page: number; text: string; reason: string }[];
  /** What the copy leaves out (document information, XMP, annotations, the text layer…). */
  removed: string[];
  verification: { pages_checked: number; problems: string[] };
}

/** A document's written copy, by its kind. */
export type DocumentExportOutcome = DeckExportOutcome | PdfExportOutcome;

/** Normalise whatever a command rejected with into `{code, message}`. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return e as AppError;
  }
  return { code: "internal", message: String(e) };
}

export const api = {
  listPolicies: () => invoke<PolicyView[]>("list_policies"),
  policySettings: () => invoke<PolicySettings>("policy_settings"),
  setPolicyDirs: (dirs: string[]) => invoke<PolicySettings>("set_policy_dirs", { dirs }),
  ledgerPath: () => invoke<string>("ledger_path"),
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
  checkGate: (id: number | null, form: ConsentForm) => invoke<GateDecision>("check_gate", { id, form }),
  exportImage: (id: number, outDir: string, form: ConsentForm) =>
    invoke<ExportOutcome>("export", { id, outDir, form }),
  vetDocument: (path: string) => invoke<DocumentView>("vet_document", { path }),
  openDocumentPicture: (path: string, key: string) =>
    invoke<ImageSummary>("open_document_picture", { path, key }),
  exportDocument: (path: string, outDir: string, form: ConsentForm, keepText: KeepText[] = []) =>
    invoke<DocumentExportOutcome>("export_document", { path, outDir, form, keepText }),
};
