// What the front end's modules share: the entry type, constants, the app's `state`, the `ui`
// element map, and the small helpers every part uses.
import { DOCUMENT_EXTENSIONS, KINDS } from "./api";
export { DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS } from "./api";
import {
  type AppError, type DocumentView, type ExportOutcome, type GateDecision, type ImageSummary,
  type Kind, type Method, type PolicyView, type TextCategory,
} from "./api";
import { $, h, plural } from "./dom";

export type Status = "scanning" | "review" | "reviewed" | "exported" | "error";
export interface Entry {
  key: string;
  fileName: string;
  path: string;
  status: Status;
  summary: ImageSummary | null;
  error: AppError | null;
  lastExport: ExportOutcome | null;
  /** The reviewer confirmed they looked for faces the detector missed (when it found none). */
  noFaceAck: boolean;
}

/** Documents opened in the document view (vetted; decks can be exported redacted). */
export const isDocument = (p: string) => DOCUMENT_EXTENSIONS.some((x) => p.toLowerCase().endsWith(`.${x}`));
/** Categories that identify a person directly: shown with emphasis. */
export const IDENTIFIER_CATEGORIES = new Set<TextCategory>(["name", "date", "id_number", "phone", "email", "address"]);
export const KIND_LABEL: Record<Kind, string> = { face: "Face", text: "Text", barcode: "Barcode", manual: "Region", crowd: "Crowd" };
export const METHODS: Method[] = ["blur", "fill", "pixelate"];
export const METHOD_LABEL: Record<Method, string> = { fill: "Fill black", blur: "Blur", pixelate: "Pixelate" };
export const STATUS_LABEL: Record<Status, string> = {
  scanning: "Scanning", review: "Needs review", reviewed: "Reviewed", exported: "Exported", error: "Error",
};
export const REMEMBER = "clearframe.form";
export const MAX_ZOOM = 8;

export const state = {
  entries: [] as Entry[],
  selected: null as string | null,
  /** The finding (plan index) selected on the canvas. */
  focus: null as number | null,
  view: "original" as "original" | "redacted",
  tab: "findings" as "findings" | "metadata",
  /** 1 = the whole image fits the stage. */
  zoom: 1,
  policies: [] as PolicyView[],
  gate: null as GateDecision | null,
  exporting: false,
  scansRunning: 0,
  scanTotal: 0,
  scanDone: 0,
  batches: 0,
  ledgerPath: "",
  /** The slide deck or PDF in the document view. */
  doc: null as DocumentView | null,
};

export const ui = {
  queue: $("queue"), queueEmpty: $("queue-empty"), queueCount: $("queue-count"),
  activity: $("activity"), activityText: $("activity-text"), progress: $("scan-progress"),
  progressFill: document.querySelector<HTMLElement>("#scan-progress > span")!,
  cancelScan: $<HTMLButtonElement>("cancel-scan"),
  pathForm: $<HTMLFormElement>("path-form"), pathInput: $<HTMLInputElement>("path-input"),
  imageName: $("image-name"), imageMeta: $("image-meta"), notices: $("notices"),
  stage: $("stage"), frame: $("frame"), preview: $<HTMLImageElement>("preview"), overlay: $("overlay"),
  stageEmpty: $("stage-empty"), findings: $<HTMLTableElement>("findings"),
  viewOriginal: $<HTMLButtonElement>("view-original"), viewRedacted: $<HTMLButtonElement>("view-redacted"),
  undo: $<HTMLButtonElement>("undo"), redo: $<HTMLButtonElement>("redo"),
  zoomIn: $<HTMLButtonElement>("zoom-in"), zoomOut: $<HTMLButtonElement>("zoom-out"), zoomFit: $<HTMLButtonElement>("zoom-fit"),
  accept: $<HTMLButtonElement>("accept"),
  tabFindings: $<HTMLButtonElement>("tab-findings"), tabMetadata: $<HTMLButtonElement>("tab-metadata"),
  findingsPane: $("findings-pane"), metadataPane: $("metadata-pane"),
  policy: $<HTMLSelectElement>("policy"), policySummary: $("policy-summary"),
  subject: $<HTMLSelectElement>("subject"), destination: $<HTMLSelectElement>("destination"),
  rule: $("rule"), attestationsBox: $("attestations-box"), attestations: $("attestations"),
  consentField: $("consent-field"), consentLabel: $("consent-label"), consentRef: $<HTMLInputElement>("consent-ref"),
  reviewer: $<HTMLInputElement>("reviewer"), outDir: $<HTMLInputElement>("out-dir"),
  gate: $("gate"), gateStatus: $("gate-status"), unmet: $("unmet"),
  exportBtn: $<HTMLButtonElement>("export"), exportAll: $<HTMLButtonElement>("export-all"),
  docDialog: $<HTMLDialogElement>("doc-dialog"), docTitle: $("doc-title"), docStatus: $("doc-status"),
  docBody: $("doc-body"), docActions: $("doc-actions"), docAbout: $("doc-about"), docExport: $<HTMLButtonElement>("doc-export"),
  docNoFaceAck: $<HTMLInputElement>("doc-no-face-ack"),
  docResult: $("doc-result"),
  batchDialog: $<HTMLDialogElement>("batch-dialog"), batchList: $("batch-list"),
  batchTitle: $("batch-title"), batchConfirm: $<HTMLButtonElement>("batch-confirm"), exportResult: $("export-result"), ledgerPath: $("ledger-path"),
  dismissDialog: $<HTMLDialogElement>("dismiss-dialog"), dismissReason: $<HTMLTextAreaElement>("dismiss-reason"),
  dismissTitle: $("dismiss-title"), keysDialog: $<HTMLDialogElement>("keys-dialog"),
};

// ---------------------------------------------------------------- helpers

export function selectedEntry(): Entry | null {
  return state.entries.find((e) => e.key === state.selected) ?? null;
}
export function current(): ImageSummary | null {
  return selectedEntry()?.summary ?? null;
}

export function countsText(counts: Partial<Record<Kind, number>>): (Node | string)[] {
  const parts: (Node | string)[] = [];
  for (const kind of KINDS) {
    const n = counts[kind] ?? 0;
    if (n === 0 && kind !== "face") continue;
    parts.push(h("span", {}, h("span", { class: `dot ${kind}` }), plural(n, KIND_LABEL[kind].toLowerCase())));
  }
  return parts;
}

export function metadataList(m: ImageSummary["metadata"]): string[] {
  const out: string[] = [];
  if (m.exif) out.push("EXIF");
  if (m.gps) out.push("GPS position");
  if (m.xmp) out.push("XMP");
  if (m.iptc) out.push("IPTC");
  if (m.icc) out.push("ICC profile");
  if (m.thumbnail) out.push("embedded thumbnail");
  if (m.comment) out.push("comments");
  if (m.trailing_bytes > 0) out.push(`${m.trailing_bytes} trailing bytes`);
  return out;
}

/** `37.42750° N, 122.16970° W`. */
export function formatGps([lat, lon]: [number, number]): string {
  const f = (v: number, pos: string, neg: string) => `${Math.abs(v).toFixed(5)}° ${v >= 0 ? pos : neg}`;
  return `${f(lat, "N", "S")}, ${f(lon, "E", "W")}`;
}

export function cleanPath(raw: string): string {
  let p = raw.trim();
  if ((p.startsWith('"') && p.endsWith('"')) || (p.startsWith("'") && p.endsWith("'"))) p = p.slice(1, -1);
  if (p.startsWith("file://")) p = decodeURIComponent(p.slice("file://".length));
  return p;
}

// setActivity and batchCandidates are here, not with scanning and batch export, because other
// modules use them too.

/** The activity line: what is going on, the scan's progress bar and its Cancel button. */
export function setActivity(text: string): void {
  const busy = state.scansRunning > 0;
  ui.activity.classList.toggle("busy", busy);
  ui.activityText.textContent = text;
  // A plain bar, not <progress>: WebKitGTK animates its progress bars (see styles.css).
  ui.progress.hidden = !busy;
  ui.progress.setAttribute("aria-valuemax", String(state.scanTotal));
  ui.progress.setAttribute("aria-valuenow", String(state.scanDone));
  ui.progress.title = `${state.scanDone} of ${state.scanTotal}`;
  ui.progressFill.style.width = `${state.scanTotal ? (100 * state.scanDone) / state.scanTotal : 0}%`;
  ui.cancelScan.hidden = !busy;
  ui.cancelScan.disabled = false;
}

/** The images a batch export offers: marked reviewed (A), scanned, not exported yet. */
export function batchCandidates(): Entry[] {
  return state.entries.filter((e) => e.status === "reviewed" && e.summary !== null && !e.summary.document);
}
