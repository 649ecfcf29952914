// Typed wrappers over the commands in src-tauri/src/commands.rs. The shapes mirror the Rust
// types; errors are always `{code, message}` (src-tauri/src/error.rs).
import { Channel, invoke } from "@tauri-apps/api/core";

export type Kind = "face" | "text" | "barcode" | "manual";

export interface Source { file: string; clause: string; quote: string }
export interface Choice { id: string; label: string }
export interface Attestation { id: string; text: string; source: Source; note?: string }
export interface ConsentRefRequirement { prompt: string; source: Source }
export interface RedactRequirement { kinds: Kind[]; institution_names: boolean; source: Source }
export interface Rule {
  subject: string;
  destination: string;
  decision: "allowed" | "forbidden";
  source: Source;
  interpreted: boolean;
  note?: string;
  attestations: string[];
  consent_ref: ConsentRefRequirement | null;
  redact: RedactRequirement[];
}
export interface PolicyView {
  id: string;
  name: string;
  institution: string;
  summary: string | null;
  source_file: string;
  subjects: Choice[];
  destinations: Choice[];
  attestations: Attestation[];
  rules: Rule[];
}

export interface FindingView {
  index: number;
  kind: Kind;
  box: [number, number, number, number];
  score: number;
  redact_box: [number, number, number, number];
  method: "fill" | "blur" | "pixelate";
  decision: "redact" | "dismiss";
  reason: string | null;
  text: string | null;
}

export interface MetadataReport {
  exif: boolean; gps: boolean; xmp: boolean; iptc: boolean; icc: boolean;
  thumbnail: boolean; comment: boolean; trailing_bytes: number;
}

export interface ImageSummary {
  id: number;
  path: string;
  file_name: string;
  width: number;
  height: number;
  orientation: number;
  findings: FindingView[];
  counts: Partial<Record<Kind, number>>;
  metadata: MetadataReport;
  exported: string[];
}

export interface AppError { code: string; message: string }

export type ScanEvent =
  | { event: "started"; total: number }
  | { event: "file_started"; index: number; path: string; file_name: string }
  | { event: "file_done"; index: number; path: string; file_name: string; image: ImageSummary | null; error: AppError | null };

export interface ScanSummary { total: number; ok: number; failed: number }

export interface UnmetCondition { id: string; message: string; source: Source | null }
export interface GateDecision { allowed: boolean; unmet: UnmetCondition[] }

export interface ConsentForm {
  policy: string;
  subject: string;
  destination: string;
  attestations: string[];
  consentRef: string;
  reviewer: string;
}

export interface VerificationReport {
  metadata: MetadataReport;
  regions_checked: number;
  max_region_error: number;
  decoded_ok: boolean;
  problems: string[];
}
export interface ExportOutcome {
  input: string;
  output: string;
  input_sha256: string;
  output_sha256: string;
  redacted: number;
  dismissed: number;
  verification: VerificationReport;
  ledger_row: number;
}

/** Normalise whatever a command rejected with into `{code, message}`. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return e as AppError;
  }
  return { code: "internal", message: String(e) };
}

export const api = {
  listPolicies: () => invoke<PolicyView[]>("list_policies"),
  ledgerPath: () => invoke<string>("ledger_path"),
  openImages: (paths: string[], onEvent: (e: ScanEvent) => void) => {
    const channel = new Channel<ScanEvent>();
    channel.onmessage = onEvent;
    return invoke<ScanSummary>("open_images", { paths, onEvent: channel });
  },
  getImage: (id: number) => invoke<ImageSummary>("get_image", { id }),
  getPreview: (id: number, redacted: boolean) => invoke<string>("get_preview", { id, redacted }),
  setDecision: (id: number, index: number, decision: "redact" | "dismiss", reason: string | null) =>
    invoke<ImageSummary>("set_decision", { id, index, decision, reason }),
  checkGate: (id: number | null, form: ConsentForm) => invoke<GateDecision>("check_gate", { id, form }),
  exportImage: (id: number, outDir: string, form: ConsentForm) =>
    invoke<ExportOutcome>("export", { id, outDir, form }),
};
