// What the front end's modules share: the entry type, constants, the app's `state`, the `ui`
// element map, and the small helpers every part uses.
import { DOCUMENT_EXTENSIONS, KINDS } from "./api";
export { DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS } from "./api";
import {
  type AppError, type DocumentView, type ExportOutcome, type GateDecision, type ImageSummary,
  type Kind, type Method, type PolicyView, type TextCategory,
} from "./api";
import { $, h } from "./dom";
import { enumLabel, fmtList, fmtNumber, t } from "./i18n";

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
/** A kind of finding, as a label ("Face"). */
export const kindLabel = (k: Kind): string => t(`kind-${k}`);
/** `n` findings of a kind ("2 faces"). */
export const kindCount = (k: Kind, n: number): string => t(`count-${k}`, { n });
/** A finding's name in the lists: its kind and number ("Face 2"). */
export const findingName = (k: Kind, index: number): string => t("finding-name", { kind: kindLabel(k), n: index + 1 });
export const METHODS: Method[] = ["blur", "fill", "pixelate"];
/** A redaction method, as a label. */
export const methodLabel = (m: Method): string => t(`method-${m}`);
/** A queue status, as a label. */
export const statusLabel = (s: Status): string => t(`status-${s}`);
/** A text category, as a label (the core's English label when the catalogue has none). */
export const categoryLabel = (c: string, fallback?: string | null): string => enumLabel("category", c, fallback);
export const REMEMBER = "clearframe.form";
export const MAX_ZOOM = 8;

export const state = {
  entries: [] as Entry[],
  selected: null as string | null,
  /** The finding (plan index) selected on the canvas. */
  focus: null as number | null,
  /** Findings picked to decide together (Ctrl/Shift+click, X, the table's boxes, "Select"). */
  picked: new Set<number>(),
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
  language: $<HTMLSelectElement>("language"),
  theme: $<HTMLSelectElement>("theme"),
  bulk: $("bulk"), bulkSelect: $<HTMLSelectElement>("bulk-select"), bulkCount: $("bulk-count"),
  bulkDismiss: $<HTMLButtonElement>("bulk-dismiss"), bulkRedact: $<HTMLButtonElement>("bulk-redact"),
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
    parts.push(h("span", {}, h("span", { class: `dot ${kind}`, "aria-hidden": "true" }), kindCount(kind, n)));
  }
  return parts;
}

export function metadataList(m: ImageSummary["metadata"]): string[] {
  const out: string[] = [];
  if (m.exif) out.push("EXIF");
  if (m.gps) out.push(t("meta-gps"));
  if (m.xmp) out.push("XMP");
  if (m.iptc) out.push("IPTC");
  if (m.icc) out.push(t("meta-icc"));
  if (m.thumbnail) out.push(t("meta-thumbnail"));
  if (m.comment) out.push(t("meta-comments"));
  if (m.trailing_bytes > 0) out.push(t("meta-trailing", { n: m.trailing_bytes }));
  return out;
}

/** `37.42750° N, 122.16970° W` (`37,42750° N, 122,16970° O` in French). */
export function formatGps([lat, lon]: [number, number]): string {
  const deg = (v: number) => `${fmtNumber(Math.abs(v), 5)}°`;
  return t("gps-position", {
    lat: `${deg(lat)} ${t(lat >= 0 ? "compass-n" : "compass-s")}`,
    lon: `${deg(lon)} ${t(lon >= 0 ? "compass-e" : "compass-w")}`,
  });
}

/** The metadata kinds a file carries, as a sentence's list. */
export const metadataSentence = (m: ImageSummary["metadata"]): string => fmtList(metadataList(m));

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
  ui.progress.title = t("progress-of", { done: state.scanDone, total: state.scanTotal });
  ui.progressFill.style.width = `${state.scanTotal ? (100 * state.scanDone) / state.scanTotal : 0}%`;
  ui.cancelScan.hidden = !busy;
  ui.cancelScan.disabled = false;
}

/** The images a batch export offers: marked reviewed (A), scanned, not exported yet. */
export function batchCandidates(): Entry[] {
  return state.entries.filter((e) => e.status === "reviewed" && e.summary !== null && !e.summary.document);
}
