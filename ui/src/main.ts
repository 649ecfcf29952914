// ClearFrame front end: queue (left), review canvas (centre), consent panel (right), audit view.
// All decisions are the core's: plan edits go through `edit_plan`, the gate is asked on every
// change, exports go through it. This file only draws and forwards.
import { open } from "@tauri-apps/plugin-dialog";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import {
  api, asAppError,
  type AppError, type ConsentForm, type ExportOutcome, type FindingView, type GateDecision,
  type ImageSummary, type Kind, type Method, type PlanEdit, type PolicyView, type RectJson, type Rule,
  type ScanEvent, type TextCategory, type DocumentView, type DocPicture, type KeepText,
  type DeckExportOutcome, type PdfExportOutcome,
} from "./api";
import { initAudit, openAudit } from "./audit";
import { $, h, plural, showError, typing } from "./dom";

type Status = "scanning" | "review" | "reviewed" | "exported" | "error";
interface Entry {
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

const IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "tif", "tiff", "gif", "heic", "heif", "hif", "avif"];
/** Documents opened in the document view (vetted; decks can be exported redacted). */
const DOCUMENT_EXTENSIONS = ["pptx", "pdf"];
const isDocument = (p: string) => DOCUMENT_EXTENSIONS.some((x) => p.toLowerCase().endsWith(`.${x}`));
/** Categories that identify a person directly: shown with emphasis. */
const IDENTIFIER_CATEGORIES = new Set<TextCategory>(["name", "date", "id_number", "phone", "email", "address"]);
const KIND_LABEL: Record<Kind, string> = { face: "Face", text: "Text", barcode: "Barcode", manual: "Region" };
const METHODS: Method[] = ["blur", "fill", "pixelate"];
const METHOD_LABEL: Record<Method, string> = { fill: "Fill black", blur: "Blur", pixelate: "Pixelate" };
const STATUS_LABEL: Record<Status, string> = {
  scanning: "Scanning", review: "Needs review", reviewed: "Reviewed", exported: "Exported", error: "Error",
};
const REMEMBER = "clearframe.form";
const MAX_ZOOM = 8;

const state = {
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

const ui = {
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
  docResult: $("doc-result"),
  batchDialog: $<HTMLDialogElement>("batch-dialog"), batchList: $("batch-list"),
  batchTitle: $("batch-title"), batchConfirm: $<HTMLButtonElement>("batch-confirm"), exportResult: $("export-result"), ledgerPath: $("ledger-path"),
  dismissDialog: $<HTMLDialogElement>("dismiss-dialog"), dismissReason: $<HTMLTextAreaElement>("dismiss-reason"),
  dismissTitle: $("dismiss-title"), keysDialog: $<HTMLDialogElement>("keys-dialog"),
};

// ---------------------------------------------------------------- helpers

function selectedEntry(): Entry | null {
  return state.entries.find((e) => e.key === state.selected) ?? null;
}
function current(): ImageSummary | null {
  return selectedEntry()?.summary ?? null;
}

function countsText(counts: Partial<Record<Kind, number>>): (Node | string)[] {
  const parts: (Node | string)[] = [];
  for (const kind of ["face", "text", "barcode", "manual"] as Kind[]) {
    const n = counts[kind] ?? 0;
    if (n === 0 && kind !== "face") continue;
    parts.push(h("span", {}, h("span", { class: `dot ${kind}` }), plural(n, KIND_LABEL[kind].toLowerCase())));
  }
  return parts;
}

function metadataList(m: ImageSummary["metadata"]): string[] {
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
function formatGps([lat, lon]: [number, number]): string {
  const f = (v: number, pos: string, neg: string) => `${Math.abs(v).toFixed(5)}° ${v >= 0 ? pos : neg}`;
  return `${f(lat, "N", "S")}, ${f(lon, "E", "W")}`;
}

function cleanPath(raw: string): string {
  let p = raw.trim();
  if ((p.startsWith('"') && p.endsWith('"')) || (p.startsWith("'") && p.endsWith("'"))) p = p.slice(1, -1);
  if (p.startsWith("file://")) p = decodeURIComponent(p.slice("file://".length));
  return p;
}

// ---------------------------------------------------------------- opening and scanning

async function openPaths(paths: string[]): Promise<void> {
  const all = paths.map(cleanPath).filter((p) => p.length > 0);
  // A slide deck or PDF opens in the document view (the last one given); images and folders
  // are scanned into the queue.
  const docs = all.filter(isDocument);
  if (docs.length) void openDocument(docs[docs.length - 1]!);
  const clean = all.filter((p) => !isDocument(p));
  if (clean.length === 0) return;
  const batch = ++state.batches;
  const keys = new Map<number, string>();
  state.scansRunning++;
  setActivity("Loading detection models…");
  const onEvent = (ev: ScanEvent) => {
    // The benchmark (tests/app/bench_ui.py) sets `__cfEventTimes` to see how long each event
    // keeps the UI thread busy.
    const times = (window as { __cfEventTimes?: number[] }).__cfEventTimes;
    const t0 = times ? performance.now() : 0;
    handleScanEvent(ev);
    if (times) times.push(performance.now() - t0);
  };
  const handleScanEvent = (ev: ScanEvent) => {
    switch (ev.event) {
      case "started":
        state.scanTotal += ev.total;
        setActivity(ev.total === 0 ? "No images found there" : `Scanning ${plural(ev.total, "image")}…`);
        break;
      case "file_started": {
        const key = `b${batch}-${ev.index}`;
        keys.set(ev.index, key);
        state.entries.push({
          key, fileName: ev.file_name, path: ev.path, status: "scanning",
          summary: null, error: null, lastExport: null, noFaceAck: false,
        });
        setActivity(`Scanning ${ev.file_name}…`);
        renderQueue();
        break;
      }
      case "file_findings": {
        // The faces are known; text detection goes on. Show them at once.
        const key = keys.get(ev.index);
        const entry = state.entries.find((e) => e.key === key);
        if (!entry || !key) break;
        entry.summary = ev.image;
        if (!state.selected) {
          select(key);
        } else {
          renderQueue();
          if (key === state.selected) { renderReview(); void loadPreview(); }
        }
        break;
      }
      case "file_done": {
        state.scanDone++;
        const key = keys.get(ev.index) ?? `b${batch}-${ev.index}`;
        const entry = state.entries.find((e) => e.key === key);
        if (!entry) break;
        entry.summary = ev.image;
        entry.error = ev.error;
        entry.status = ev.image ? "review" : "error";
        if (ev.image && !state.selected) {
          select(key);
        } else {
          renderQueue();
          if (key === state.selected) {
            renderReview();
            if (state.view === "redacted" || !ev.image) void loadPreview();
            scheduleGate();
          }
        }
        setActivity(ui.activityText.textContent ?? "");
        break;
      }
    }
  };
  try {
    const summary = await api.openImages(clean, onEvent);
    const parts = [`${plural(summary.ok, "image")} scanned`];
    if (summary.failed > 0) parts.push(`${summary.failed} could not be read`);
    if (summary.cancelled) parts.push(`${summary.total - summary.ok - summary.failed} not scanned (cancelled)`);
    state.scansRunning--;
    setActivity(parts.join(", "));
  } catch (e) {
    state.scansRunning--;
    setActivity("");
    showError(e, "Could not scan");
  } finally {
    if (state.scansRunning === 0) { state.scanTotal = 0; state.scanDone = 0; }
    setActivity(ui.activityText.textContent ?? "");
    scheduleGate();
  }
}

function setActivity(text: string): void {
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

async function cancelScans(): Promise<void> {
  ui.cancelScan.disabled = true;
  ui.activityText.textContent = "Stopping after the current image…";
  try { await api.cancelScans(); } catch (e) { showError(e); }
}

// ---------------------------------------------------------------- queue

/** The queue's rows by entry key, with what each was drawn from: an event redraws only the
 * rows that changed (a 100-photo scan sends ~300 events; rebuilding every row for each was
 * quadratic work on the UI thread). */
const queueRows = new Map<string, { li: HTMLLIElement; drawn: string }>();
let queueScrolledTo: string | null = null;

function queueRow(e: Entry): HTMLLIElement {
  const selected = e.key === state.selected;
  const drawn = JSON.stringify([e.status, selected, e.summary?.counts ?? null, e.error?.message ?? null]);
  const row = queueRows.get(e.key);
  if (row && row.drawn === drawn) return row.li;
  const li = h("li", {
    class: `queue-item${selected ? " selected" : ""}`,
    "data-testid": "queue-item", "data-status": e.status, "data-key": e.key,
    tabindex: "0", role: "button", title: e.path,
    "aria-current": String(selected),
  },
    h("span", { class: "name" }, e.fileName),
    h("span", { class: `badge ${e.status}`, "data-testid": "queue-status" }, STATUS_LABEL[e.status]),
  );
  if (e.summary) li.append(h("span", { class: "counts" }, ...countsText(e.summary.counts)));
  if (e.error) li.append(h("span", { class: "error" }, e.error.message));
  li.addEventListener("click", () => select(e.key));
  li.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") select(e.key); });
  queueRows.set(e.key, { li, drawn });
  return li;
}

function renderQueue(): void {
  // Rows in queue order; only changed or new rows touch the DOM.
  let at: ChildNode | null = ui.queue.firstChild;
  for (const e of state.entries) {
    const old = queueRows.get(e.key)?.li ?? null;
    const li = queueRow(e);
    if (li === at) { at = at.nextSibling; continue; }
    if (old && old !== li) {
      // A redrawn row takes its old row's place (and keyboard focus).
      const focused = document.activeElement === old;
      if (old === at) at = at.nextSibling;
      old.remove();
      ui.queue.insertBefore(li, at);
      if (focused) li.focus();
      continue;
    }
    ui.queue.insertBefore(li, at);
  }
  while (at) { const next: ChildNode | null = at.nextSibling; at.remove(); at = next; }
  ui.queueEmpty.hidden = state.entries.length > 0;
  const pending = state.entries.filter((e) => e.status === "review").length;
  ui.queueCount.textContent = state.entries.length ? `${pending} to review` : "";
  // Bring the selected row into view when the selection changes (not on every event: it
  // forces a layout).
  if (state.selected !== queueScrolledTo) {
    queueScrolledTo = state.selected;
    ui.queue.querySelector(".selected")?.scrollIntoView({ block: "nearest" });
  }
}

function select(key: string): void {
  if (state.selected !== key) {
    // Consent is given per image: another image starts with nothing ticked.
    for (const i of ui.attestations.querySelectorAll<HTMLInputElement>("input[data-attestation]")) i.checked = false;
    ui.consentRef.value = "";
    state.focus = null;
    state.zoom = 1;
  }
  state.selected = key;
  ui.exportResult.hidden = true;
  renderQueue();
  renderReview();
  void loadPreview();
  scheduleGate();
}

/** Select the image `step` places away in the queue (wrapping), or the next needing review. */
function move(step: number, onlyPending = false): void {
  const n = state.entries.length;
  if (n === 0) return;
  const at = state.entries.findIndex((e) => e.key === state.selected);
  for (let i = 1; i <= n; i++) {
    const e = state.entries[(((at + step * i) % n) + n) % n]!;
    if (!onlyPending || e.status === "review") { select(e.key); return; }
  }
  if (onlyPending) setActivity("Every image has been reviewed.");
}

/** The reviewer accepts the plan of this image: mark it reviewed and go to the next one. */
function accept(): void {
  const entry = selectedEntry();
  if (!entry?.summary || entry.status !== "review") return;
  entry.status = "reviewed";
  renderQueue();
  renderReview();
  scheduleGate();
  if (state.entries.some((e) => e.status === "review")) move(1, true);
}

// ---------------------------------------------------------------- review canvas

function renderReview(): void {
  const entry = selectedEntry();
  const s = entry?.summary ?? null;
  ui.imageName.textContent = entry ? entry.fileName : "Nothing selected";
  ui.imageMeta.textContent = s ? `${s.width} × ${s.height}` : "";
  ui.frame.hidden = !s;
  ui.stageEmpty.hidden = !!s;
  if (entry && !s) {
    ui.stageEmpty.replaceChildren(h("p", {}, entry.status === "scanning" ? "Scanning…" : entry.error?.message ?? ""));
  } else if (!entry) {
    ui.stageEmpty.replaceChildren(h("p", {}, "Select an image to review what will be covered."));
  }
  if (s && state.focus !== null && state.focus >= s.findings.length) state.focus = null;
  const busy = entry?.status === "scanning";
  ui.overlay.classList.toggle("busy", busy);
  ui.undo.disabled = !s || busy || s.undo === 0;
  ui.redo.disabled = !s || busy || s.redo === 0;
  ui.undo.title = s?.undo ? `Undo (Ctrl+Z) — ${plural(s.undo, "edit")}` : "Undo (Ctrl+Z)";
  ui.redo.title = s?.redo ? `Redo (Ctrl+Shift+Z) — ${plural(s.redo, "edit")}` : "Redo (Ctrl+Shift+Z)";
  for (const b of [ui.zoomIn, ui.zoomOut, ui.zoomFit]) b.disabled = !s;
  ui.accept.disabled = !s || entry?.status !== "review";
  ui.accept.textContent = entry?.status === "reviewed" || entry?.status === "exported" ? "Reviewed ✓" : "Mark reviewed";
  renderNotices(entry);
  renderBoxes(s);
  renderFindingsTable(s);
  renderMetadata(s);
  fitFrame();
}

function renderNotices(entry: Entry | null): void {
  ui.notices.replaceChildren();
  const s = entry?.summary;
  if (!entry || !s) return;
  if (entry.status === "scanning") {
    ui.notices.append(h("div", { class: "notice info", "data-testid": "scanning-notice" },
      `${plural(s.counts.face ?? 0, "face")} found; still looking for text and barcodes…`));
    return;
  }
  if (s.document) {
    const doc = s.document;
    const back = h("button", { type: "button", class: "link", "data-testid": "doc-back" }, "Back to the document");
    back.addEventListener("click", () => backToDocument(doc.path));
    ui.notices.append(h("div", { class: "notice info", "data-testid": "doc-picture-notice" },
      h("strong", {}, `${docPictureLabel(doc.key)} of ${doc.path.split("/").pop() ?? doc.path}. `),
      "Edit what is covered here; the document's redacted copy covers exactly this (export it from the document view). ",
      back));
  }
  if ((s.counts.face ?? 0) === 0 && !s.document) {
    const ack = h("input", { type: "checkbox", id: "no-face-ack", "data-testid": "no-face-ack" }) as HTMLInputElement;
    ack.checked = entry.noFaceAck;
    ack.addEventListener("change", () => { entry.noFaceAck = ack.checked; scheduleGate(); });
    ui.notices.append(h("div", { class: "notice warn", id: "no-face-warning", "data-testid": "no-face-warning", role: "alert" },
      h("strong", {}, "No faces found — look again. "),
      "Detection misses faces in profile, partly covered, very small or out of focus, and faces in mirrors, screens or photos. ",
      h("label", {}, ack, " I have checked the whole picture myself."),
    ));
  }
  const uncovered = s.findings.filter((f) => f.decision === "redact" && !f.covers).length;
  if (uncovered > 0) {
    ui.notices.append(h("div", { class: "notice warn", "data-testid": "uncovered-warning", role: "alert" },
      h("strong", {}, `${plural(uncovered, "region")} no longer cover${uncovered === 1 ? "s" : ""} what was detected. `),
      "Part of it would stay visible, so the policy counts it as not redacted: undo, enlarge the region over the dashed box, ",
      "or leave the detection visible with a reason and draw your own region."));
  }
  const meta = metadataList(s.metadata);
  const orient = s.orientation !== 1 ? ` EXIF orientation ${s.orientation} has been applied to the pixels.` : "";
  const gps = s.gps ? ` It records where it was taken (${formatGps(s.gps)}).` : "";
  ui.notices.append(h("div", { class: `notice ${s.gps ? "warn" : "info"}`, "data-testid": "metadata-notice" },
    meta.length
      ? `The file carries ${meta.join(", ")}: none of it is copied to the export.${gps}${orient}`
      : `No metadata found in the file; the export is written fresh either way.${orient}`));
}

/** Image pixels per CSS pixel of the frame. */
function imageScale(s: ImageSummary): number {
  const w = ui.frame.getBoundingClientRect().width;
  return w > 0 ? s.width / w : 1;
}

function placeBox(el: HTMLElement, s: ImageSummary, [x, y, w, hgt]: number[]): void {
  el.style.left = `${(x! / s.width) * 100}%`;
  el.style.top = `${(y! / s.height) * 100}%`;
  el.style.width = `${(w! / s.width) * 100}%`;
  el.style.height = `${(hgt! / s.height) * 100}%`;
}

const HANDLES = ["nw", "n", "ne", "e", "se", "s", "sw", "w"] as const;
type Handle = typeof HANDLES[number];

function renderBoxes(s: ImageSummary | null): void {
  const hadFocus = ui.overlay.contains(document.activeElement);
  ui.overlay.replaceChildren();
  ui.overlay.classList.toggle("redacted-view", state.view === "redacted");
  if (!s) return;
  for (const f of s.findings) {
    const dismissed = f.decision === "dismiss";
    const selected = state.focus === f.index;
    if (f.kind !== "manual" && (selected || !f.covers)) {
      // Where the detector found it: the region must keep covering this.
      const ghost = h("div", { class: `ghost ${f.kind}`, "data-testid": "detected-box" });
      placeBox(ghost, s, f.box);
      ui.overlay.append(ghost);
    }
    const label = `${KIND_LABEL[f.kind]} ${f.index + 1}`;
    const box = h("button", {
      type: "button",
      class: `box ${f.kind}${dismissed ? " dismissed" : ""}${selected ? " selected" : ""}${f.covers ? "" : " uncovered"}`,
      "data-testid": "finding-box", "data-kind": f.kind, "data-index": String(f.index), "data-decision": f.decision,
      "data-box": f.redact_box.join(","), "data-method": f.method,
      title: dismissed ? `${label}: left visible — ${f.reason ?? ""}` : `${label}: ${METHOD_LABEL[f.method]}. Drag to move, drag a corner to resize.`,
      "aria-label": `${label}, ${dismissed ? "left visible" : METHOD_LABEL[f.method]}`,
      "aria-pressed": String(selected),
    }, h("span", { class: "tag" },
      `${label}${f.category_label ? ` · ${f.category_label}` : f.kind === "manual" ? "" : ` · ${Math.round(f.score * 100)}%`}${dismissed ? " · visible" : ""}`));
    placeBox(box, s, f.redact_box);
    if (selected) {
      for (const hd of HANDLES) box.append(h("span", { class: `handle ${hd}`, "data-handle": hd, "aria-hidden": "true" }));
    }
    box.addEventListener("pointerdown", (ev) => startBoxDrag(ev, s, f, box));
    box.addEventListener("focus", () => { if (!dragging && state.focus !== f.index) setFocus(f.index); });
    ui.overlay.append(box);
  }
  if (hadFocus && state.focus !== null) {
    ui.overlay.querySelector<HTMLElement>(`[data-testid=finding-box][data-index="${state.focus}"]`)?.focus({ preventScroll: true });
  }
}

function setFocus(index: number | null): void {
  state.focus = index;
  renderBoxes(current());
  renderFindingsTable(current());
}

let dragging = false;
/** Move (drag the box) or resize (drag a handle) a region; a click without movement selects it. */
function startBoxDrag(ev: PointerEvent, s: ImageSummary, f: FindingView, box: HTMLElement): void {
  if (ev.button !== 0 || spaceDown) return;
  ev.preventDefault();
  ev.stopPropagation();
  const handle = (ev.target as HTMLElement).dataset.handle as Handle | undefined;
  const k = imageScale(s);
  const [x0, y0, w0, h0] = f.redact_box;
  const start = { x: ev.clientX, y: ev.clientY };
  let rect = { x: x0, y: y0, w: w0, h: h0 };
  let moved = false;
  dragging = true;
  box.setPointerCapture(ev.pointerId);
  const onMove = (e: PointerEvent) => {
    const dx = (e.clientX - start.x) * k;
    const dy = (e.clientY - start.y) * k;
    if (!moved && Math.abs(e.clientX - start.x) + Math.abs(e.clientY - start.y) < 3) return;
    moved = true;
    rect = handle ? resized(x0, y0, w0, h0, handle, dx, dy) : {
      x: clamp(Math.round(x0 + dx), 0, s.width - w0), y: clamp(Math.round(y0 + dy), 0, s.height - h0), w: w0, h: h0,
    };
    rect = clipRect(rect, s);
    placeBox(box, s, [rect.x, rect.y, rect.w, rect.h]);
  };
  const onUp = () => {
    box.removeEventListener("pointermove", onMove);
    box.removeEventListener("pointerup", onUp);
    box.removeEventListener("pointercancel", onUp);
    dragging = false;
    if (!moved) {
      setFocus(f.index);
      ui.overlay.querySelector<HTMLElement>(`[data-testid=finding-box][data-index="${f.index}"]`)?.focus({ preventScroll: true });
      return;
    }
    state.focus = f.index;
    void edit({ op: "set_region", index: f.index, rect });
  };
  box.addEventListener("pointermove", onMove);
  box.addEventListener("pointerup", onUp);
  box.addEventListener("pointercancel", onUp);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}

function resized(x: number, y: number, w: number, hgt: number, hd: Handle, dx: number, dy: number): RectJson {
  let [l, t, r, b] = [x, y, x + w, y + hgt];
  if (hd.includes("w")) l = Math.min(l + dx, r - 4);
  if (hd.includes("e")) r = Math.max(r + dx, l + 4);
  if (hd.includes("n")) t = Math.min(t + dy, b - 4);
  if (hd.includes("s")) b = Math.max(b + dy, t + 4);
  return { x: Math.round(l), y: Math.round(t), w: Math.round(r - l), h: Math.round(b - t) };
}

function clipRect(r: RectJson, s: ImageSummary): RectJson {
  const l = clamp(r.x, 0, s.width), t = clamp(r.y, 0, s.height);
  const rr = clamp(r.x + r.w, 0, s.width), b = clamp(r.y + r.h, 0, s.height);
  return { x: l, y: t, w: rr - l, h: b - t };
}

/** Drag on the picture (not on a region) to draw a region the detectors missed. */
function startDraw(ev: PointerEvent): void {
  const s = current();
  if (!s || ev.button !== 0 || ev.target !== ui.overlay || spaceDown) return;
  ev.preventDefault();
  const bounds = ui.overlay.getBoundingClientRect();
  const k = s.width / bounds.width;
  const at = (e: PointerEvent) => ({
    x: clamp((e.clientX - bounds.left) * k, 0, s.width), y: clamp((e.clientY - bounds.top) * k, 0, s.height),
  });
  const a = at(ev);
  let rect: RectJson = { x: Math.round(a.x), y: Math.round(a.y), w: 0, h: 0 };
  const ghost = h("div", { class: "box manual drawing", "data-testid": "drawing" });
  placeBox(ghost, s, [rect.x, rect.y, 0, 0]);
  ui.overlay.append(ghost);
  ui.overlay.setPointerCapture(ev.pointerId);
  const onMove = (e: PointerEvent) => {
    const b = at(e);
    const l = Math.floor(Math.min(a.x, b.x)), t = Math.floor(Math.min(a.y, b.y));
    rect = { x: l, y: t, w: Math.ceil(Math.max(a.x, b.x)) - l, h: Math.ceil(Math.max(a.y, b.y)) - t };
    placeBox(ghost, s, [rect.x, rect.y, rect.w, rect.h]);
  };
  const onUp = () => {
    ui.overlay.removeEventListener("pointermove", onMove);
    ui.overlay.removeEventListener("pointerup", onUp);
    ui.overlay.removeEventListener("pointercancel", onUp);
    ghost.remove();
    if (rect.w < 4 || rect.h < 4) { if (state.focus !== null) setFocus(null); return; }
    state.focus = s.findings.length;
    void edit({ op: "add_region", rect, method: "fill" });
  };
  ui.overlay.addEventListener("pointermove", onMove);
  ui.overlay.addEventListener("pointerup", onUp);
  ui.overlay.addEventListener("pointercancel", onUp);
}

// ---------------------------------------------------------------- zoom and pan

function fitFrame(): void {
  const s = current();
  if (!s) return;
  const pad = 24;
  const aw = Math.max(ui.stage.clientWidth - pad * 2, 50);
  const ah = Math.max(ui.stage.clientHeight - pad * 2, 50);
  const scale = Math.min(aw / s.width, ah / s.height, 3) * state.zoom;
  ui.frame.style.width = `${Math.round(s.width * scale)}px`;
  ui.frame.style.height = `${Math.round(s.height * scale)}px`;
  ui.stage.classList.toggle("zoomed", state.zoom > 1);
  ui.zoomFit.textContent = `${Math.round(state.zoom * 100)}%`;
  ui.zoomOut.disabled = state.zoom <= 1;
  ui.zoomIn.disabled = state.zoom >= MAX_ZOOM;
}

/** Zoom by `factor`, keeping the picture point under (`cx`, `cy`) (stage coordinates) still. */
function zoomBy(factor: number, cx?: number, cy?: number): void {
  if (!current()) return;
  const next = clamp(state.zoom * factor, 1, MAX_ZOOM);
  if (next === state.zoom) return;
  const px = cx ?? ui.stage.clientWidth / 2, py = cy ?? ui.stage.clientHeight / 2;
  const fx = ui.frame.offsetLeft, fy = ui.frame.offsetTop;
  const before = { x: ui.stage.scrollLeft + px - fx, y: ui.stage.scrollTop + py - fy };
  const ratio = next / state.zoom;
  state.zoom = next;
  fitFrame();
  ui.stage.scrollLeft = before.x * ratio + ui.frame.offsetLeft - px;
  ui.stage.scrollTop = before.y * ratio + ui.frame.offsetTop - py;
}

let spaceDown = false;
/** Pan a zoomed picture: drag with the middle button, or with the space bar held. */
function startPan(ev: PointerEvent): void {
  if (!(ev.button === 1 || (ev.button === 0 && spaceDown))) return;
  ev.preventDefault();
  const start = { x: ev.clientX, y: ev.clientY, l: ui.stage.scrollLeft, t: ui.stage.scrollTop };
  ui.stage.setPointerCapture(ev.pointerId);
  ui.stage.classList.add("panning");
  const onMove = (e: PointerEvent) => {
    ui.stage.scrollLeft = start.l - (e.clientX - start.x);
    ui.stage.scrollTop = start.t - (e.clientY - start.y);
  };
  const onUp = () => {
    ui.stage.classList.remove("panning");
    ui.stage.removeEventListener("pointermove", onMove);
    ui.stage.removeEventListener("pointerup", onUp);
  };
  ui.stage.addEventListener("pointermove", onMove);
  ui.stage.addEventListener("pointerup", onUp);
}

// ---------------------------------------------------------------- findings and metadata

function renderFindingsTable(s: ImageSummary | null): void {
  const body = ui.findings.tBodies[0]!;
  body.replaceChildren();
  ui.tabFindings.textContent = s ? `Findings (${s.findings.length})` : "Findings";
  if (!s || s.findings.length === 0) {
    body.append(h("tr", { class: "empty" }, h("td", { colspan: "5" },
      s ? "Nothing detected. Detection is an aid, not a guarantee: check the picture yourself, and drag on it to cover anything identifying." : "")));
    return;
  }
  for (const f of s.findings) {
    const [x, y, w, hgt] = f.redact_box;
    const dismissed = f.decision === "dismiss";
    const method = h("select", { "data-testid": "finding-method", "aria-label": `Method for ${KIND_LABEL[f.kind]} ${f.index + 1}` },
      ...METHODS.map((m) => h("option", { value: m }, METHOD_LABEL[m]))) as HTMLSelectElement;
    const busy = selectedEntry()?.status === "scanning";
    method.value = f.method;
    method.disabled = dismissed || busy;
    method.addEventListener("change", () => void edit({ op: "set_method", index: f.index, method: method.value as Method }));
    const action = h("button", { type: "button", "data-testid": "finding-action" }, dismissed ? "Cover again" : "Leave visible…");
    action.disabled = busy;
    action.addEventListener("click", (ev) => { ev.stopPropagation(); void toggleFinding(s, f); });
    const remove = f.kind === "manual"
      ? h("button", { type: "button", "data-testid": "finding-remove", title: "Remove this region (Delete)" }, "Remove")
      : null;
    remove?.addEventListener("click", (ev) => { ev.stopPropagation(); void edit({ op: "remove_region", index: f.index }); });
    const row = h("tr", {
      "data-testid": "finding-row", "data-kind": f.kind, "data-decision": f.decision, "data-index": String(f.index),
      class: state.focus === f.index ? "selected" : "",
    },
      h("td", {}, h("span", { class: `dot ${f.kind}` }), `${KIND_LABEL[f.kind]} ${f.index + 1}`,
        f.text ? h("span", { class: "read-text", "data-testid": "finding-text" }, ` “${f.text}”`) : null,
        f.category ? h("span", {
          class: `chip cat-${f.category}${IDENTIFIER_CATEGORIES.has(f.category) ? " identifier" : ""}`,
          "data-testid": "finding-category", "data-category": f.category,
        }, f.category_label ?? f.category) : null,
        f.format ? h("span", { class: "chip", "data-testid": "finding-format" }, f.format) : null,
        f.kind === "text" && !f.text ? h("span", { class: "reason", title: "Covered whether or not it could be read" }, " (not read)") : null),
      h("td", { class: "num" }, f.kind === "manual" ? "drawn" : `${Math.round(f.score * 100)}%`),
      h("td", { class: "num" }, `${x}, ${y} · ${w}×${hgt}`, f.covers ? null : h("span", { class: "warn-text" }, " · off the detection")),
      h("td", {}, dismissed ? h("span", {}, "Left visible ", h("span", { class: "reason" }, `— ${f.reason ?? ""}`)) : method),
      h("td", { class: "action" }, action, remove),
    );
    row.addEventListener("click", () => setFocus(f.index));
    body.append(row);
  }
  body.querySelector("tr.selected")?.scrollIntoView({ block: "nearest" });
}

function renderMetadata(s: ImageSummary | null): void {
  ui.metadataPane.replaceChildren();
  const n = s?.metadata_items.length ?? 0;
  ui.tabMetadata.textContent = s ? `File & metadata (${n})` : "File & metadata";
  if (!s) return;
  const dl = h("dl", { class: "meta-list", "data-testid": "metadata-list" },
    h("dt", {}, "File"), h("dd", {}, s.path),
    h("dt", {}, "Format"), h("dd", {}, `${s.container.toUpperCase()}, ${s.width} × ${s.height} as displayed`
      + (s.orientation !== 1 ? ` (EXIF orientation ${s.orientation} applied)` : "")),
  );
  if (s.gps) {
    dl.append(h("dt", {}, "Location"), h("dd", { class: "warn-text", "data-testid": "metadata-gps" },
      `${formatGps(s.gps)} — where the photo was taken. Removed on export.`));
  }
  ui.metadataPane.append(dl);
  if (n === 0) {
    ui.metadataPane.append(h("p", { class: "muted" }, "No metadata blocks in the file. The export is written from the pixels alone either way."));
    return;
  }
  ui.metadataPane.append(h("table", { class: "findings" },
    h("thead", {}, h("tr", {}, h("th", {}, "In the file"), h("th", {}, "What it says"), h("th", {}, "In the export"))),
    h("tbody", {}, ...s.metadata_items.map((m) => h("tr", { "data-testid": "metadata-item", "data-block": m.block },
      h("td", {}, m.block.replace(/_/g, " ")),
      h("td", { class: "selectable" }, m.summary),
      h("td", { class: "ok-text" }, "Removed"))))));
}

function setTab(tab: "findings" | "metadata"): void {
  state.tab = tab;
  ui.tabFindings.setAttribute("aria-selected", String(tab === "findings"));
  ui.tabMetadata.setAttribute("aria-selected", String(tab === "metadata"));
  ui.findingsPane.hidden = tab !== "findings";
  ui.metadataPane.hidden = tab !== "metadata";
}

// ---------------------------------------------------------------- edits

let dismissTarget: { id: number; index: number } | null = null;

async function toggleFinding(s: ImageSummary, f: FindingView): Promise<void> {
  if (f.decision === "dismiss") {
    await edit({ op: "redact", index: f.index });
    return;
  }
  dismissTarget = { id: s.id, index: f.index };
  ui.dismissTitle.textContent = `Leave ${KIND_LABEL[f.kind].toLowerCase()} ${f.index + 1} visible?`;
  ui.dismissReason.value = "";
  ui.dismissDialog.showModal();
  ui.dismissReason.focus();
}

/** Apply the new summary an edit, undo or redo returned. */
function applySummary(summary: ImageSummary): void {
  const entry = state.entries.find((e) => e.summary?.id === summary.id);
  if (!entry) return;
  entry.summary = summary;
  // An edit after "Mark reviewed" sends the image back for review.
  if (entry.status === "reviewed") entry.status = "review";
  renderQueue();
  if (entry.key === state.selected) {
    renderReview();
    if (state.view === "redacted") void loadPreview();
  }
  scheduleGate();
}

async function edit(change: PlanEdit, id = current()?.id): Promise<void> {
  if (id === undefined) return;
  try {
    applySummary(await api.editPlan(id, change));
  } catch (e) {
    showError(e);
    renderReview();
  }
}

async function undoRedo(which: "undo" | "redo"): Promise<void> {
  const s = current();
  if (!s || (which === "undo" ? s.undo : s.redo) === 0) return;
  try {
    applySummary(await (which === "undo" ? api.undo(s.id) : api.redo(s.id)));
  } catch (e) {
    showError(e);
  }
}

let previewToken = 0;
async function loadPreview(): Promise<void> {
  const s = current();
  const token = ++previewToken;
  if (!s) { ui.preview.removeAttribute("src"); return; }
  try {
    const url = await api.getPreview(s.id, state.view === "redacted");
    if (token === previewToken) {
      ui.preview.src = url;
      ui.preview.dataset.view = state.view;
    }
  } catch (e) {
    showError(e, "Preview");
  }
}

function setView(view: "original" | "redacted"): void {
  state.view = view;
  ui.viewOriginal.setAttribute("aria-pressed", String(view === "original"));
  ui.viewRedacted.setAttribute("aria-pressed", String(view === "redacted"));
  renderBoxes(current());
  void loadPreview();
}
// ---------------------------------------------------------------- consent panel

function currentPolicy(): PolicyView | null {
  return state.policies.find((p) => p.id === ui.policy.value) ?? null;
}
function currentRule(): Rule | null {
  const p = currentPolicy();
  return p?.rules.find((r) => r.subject === ui.subject.value && r.destination === ui.destination.value) ?? null;
}
function ticked(): string[] {
  return [...ui.attestations.querySelectorAll<HTMLInputElement>("input[data-attestation]")]
    .filter((i) => i.checked).map((i) => i.dataset.attestation!);
}
function form(): ConsentForm {
  return {
    policy: ui.policy.value,
    subject: ui.subject.value,
    destination: ui.destination.value,
    attestations: ticked(),
    consentRef: ui.consentRef.value,
    reviewer: ui.reviewer.value,
  };
}

function fillSelect(sel: HTMLSelectElement, choices: { id: string; label: string }[], keep: string): void {
  sel.replaceChildren(...choices.map((c) => h("option", { value: c.id }, c.label)));
  if (choices.some((c) => c.id === keep)) sel.value = keep;
}

function renderPolicy(): void {
  const p = currentPolicy();
  if (!p) return;
  fillSelect(ui.subject, p.subjects, ui.subject.value || "clinical");
  fillSelect(ui.destination, p.destinations, ui.destination.value || "teaching-site");
  ui.policySummary.textContent = `${p.institution} · ${p.source_file}`;
  renderRule();
}

function renderRule(): void {
  const p = currentPolicy();
  const rule = currentRule();
  const keep = new Set(ticked());
  ui.attestations.replaceChildren();
  if (!p || !rule) { ui.rule.replaceChildren(); return; }
  const forbidden = rule.decision === "forbidden";
  ui.rule.className = `rule${forbidden ? " forbidden" : ""}`;
  ui.rule.dataset.decision = rule.decision;
  ui.rule.replaceChildren(
    h("strong", {}, forbidden ? "Not allowed by this policy." : "Allowed once the conditions below are met."),
    h("span", { class: "source" }, `${rule.source.file}, ${rule.source.clause}`),
    h("q", { class: "quote", title: rule.source.quote }, rule.source.quote),
  );
  if (rule.interpreted) {
    ui.rule.append(h("span", { class: "source" }, `† ${rule.note ?? "ClearFrame's conservative reading of a more general clause."}`));
  }
  const wanted = forbidden ? [] : rule.attestations;
  for (const id of wanted) {
    const a = p.attestations.find((x) => x.id === id);
    if (!a) continue;
    const input = h("input", { type: "checkbox", id: `att-${a.id}`, "data-attestation": a.id, "data-testid": "attestation" }) as HTMLInputElement;
    input.checked = keep.has(a.id);
    input.addEventListener("change", scheduleGate);
    ui.attestations.append(h("label", { class: "attestation", for: `att-${a.id}` },
      input,
      h("span", {}, a.text,
        h("span", { class: "source" }, `${a.source.file}, ${a.source.clause}`),
        a.note ? h("span", { class: "source" }, a.note) : null)));
  }
  ui.attestationsBox.hidden = wanted.length === 0;
  ui.consentField.hidden = forbidden || !rule.consent_ref;
  const prompt = rule.consent_ref?.prompt ?? "";
  ui.consentLabel.textContent = prompt ? prompt.charAt(0).toUpperCase() + prompt.slice(1) + "." : "";
}

let gateTimer = 0;
function scheduleGate(): void {
  window.clearTimeout(gateTimer);
  gateTimer = window.setTimeout(() => void refreshGate(), 80);
}

let gateToken = 0;
async function refreshGate(): Promise<void> {
  const token = ++gateToken;
  const entry = selectedEntry();
  const id = entry?.summary?.id ?? null;
  try {
    const decision = await api.checkGate(id, form());
    if (token !== gateToken) return;
    state.gate = decision;
  } catch (e) {
    if (token !== gateToken) return;
    state.gate = { allowed: false, unmet: [{ id: "error", message: asAppError(e).message, source: null }] };
  }
  renderGate();
}

/** True when `e` was scanned, no face was found and the reviewer has not yet confirmed that
 * they checked the picture themselves: the export (single or batch) waits for that. */
function needsFaceCheck(e: Entry | null | undefined): boolean {
  return !!e?.summary && (e.summary.counts.face ?? 0) === 0 && !e.noFaceAck;
}

function renderGate(): void {
  const entry = selectedEntry();
  const gate = state.gate;
  const extra: string[] = [];
  if (!entry?.summary) extra.push(entry?.status === "scanning" ? "Wait for the scan to finish." : "Open and select an image.");
  if (entry?.summary?.document) {
    extra.push("This picture is part of a document: export the document's copy from its view.");
  } else if (needsFaceCheck(entry)) {
    extra.push("No faces were found: confirm you checked the picture yourself.");
  }
  if (!ui.outDir.value.trim()) extra.push("Choose an output folder.");
  const policyOk = gate?.allowed ?? false;
  const ready = policyOk && extra.length === 0 && !state.exporting;
  ui.gate.className = `gate ${policyOk ? (extra.length ? "" : "allowed") : "refused"}`;
  ui.gate.dataset.allowed = String(policyOk);
  ui.gateStatus.textContent = policyOk
    ? (extra.length ? "The policy's conditions are met." : "Ready to export: the policy's conditions are met.")
    : `Export blocked — ${gate?.unmet.length ?? 0} condition${gate?.unmet.length === 1 ? "" : "s"} of the policy not met:`;
  ui.unmet.replaceChildren();
  for (const u of gate?.unmet ?? []) {
    ui.unmet.append(h("li", { "data-testid": "unmet", "data-unmet": u.id, title: u.message },
      h("span", { class: "msg" }, u.message),
      u.source ? h("span", { class: "source" }, `${u.source.file}, ${u.source.clause}`) : null));
  }
  const missing = new Set((gate?.unmet ?? []).map((u) => u.id));
  for (const input of ui.attestations.querySelectorAll<HTMLInputElement>("input[data-attestation]")) {
    input.closest(".attestation")?.classList.toggle("missing", missing.has(`attestation:${input.dataset.attestation}`));
  }
  for (const m of extra) ui.unmet.append(h("li", { "data-testid": "unmet", "data-unmet": "app" }, m));
  ui.exportBtn.disabled = !ready;
  ui.exportBtn.textContent = state.exporting ? "Exporting…"
    : entry?.status === "exported" ? "Export another copy (E)" : "Export de-identified copy (E)";
  const reviewed = batchCandidates().length;
  ui.exportAll.hidden = reviewed < 2;
  ui.exportAll.disabled = state.exporting || !ui.outDir.value.trim();
  ui.exportAll.textContent = `Export all ${reviewed} reviewed images… (Shift+E)`;
}

// ---------------------------------------------------------------- slide decks and PDFs

let docToken = 0;
/** Vet a slide deck or PDF and show what it holds in the document view. */
async function openDocument(path: string): Promise<void> {
  const token = ++docToken;
  state.doc = null;
  const name = path.split("/").pop() ?? path;
  ui.docTitle.textContent = name;
  ui.docStatus.textContent = "Checking the document: properties, text, notes, comments, and every picture scanned…";
  ui.docBody.replaceChildren();
  ui.docActions.hidden = true;
  ui.docResult.hidden = true;
  ui.docDialog.dataset.state = "vetting";
  if (!ui.docDialog.open) ui.docDialog.show();
  try {
    const doc = await api.vetDocument(path);
    if (token !== docToken) return;
    state.doc = doc;
    renderDocument(doc);
  } catch (e) {
    if (token !== docToken) return;
    const err = asAppError(e);
    ui.docStatus.textContent = `Could not read ${name}: ${err.message}`;
    ui.docDialog.dataset.state = "error";
  }
}

function pictureLine(p: DocPicture): string {
  const where = p.slides?.length ? `slide ${p.slides.join(", ")}` : p.pages?.length ? `page ${p.pages.join(", ")}` : "not shown";
  const size = p.width && p.height ? `${p.width} × ${p.height}` : "not decoded";
  const found = Object.entries(p.findings).filter(([, n]) => n > 0).map(([k, n]) => plural(n, k)).join(", ");
  const parts = [`${p.name ?? p.object ?? "picture"} (${where}, ${size})`, found || (p.scan_error ? `not scanned: ${p.scan_error}` : "nothing found")];
  if (p.cropped_on_slides?.length) parts.push("cropped: the whole original is in the file");
  if (p.metadata_items?.length) parts.push(`metadata: ${p.metadata_items.join("; ")}`);
  return parts.join(" · ");
}

function renderDocument(doc: DocumentView): void {
  const r = doc.report;
  const pictures = r.pictures ?? r.images ?? [];
  const count = doc.kind === "pptx" ? plural(r.slides ?? 0, "slide") : plural(r.pages ?? 0, "page");
  ui.docTitle.textContent = `${doc.kind === "pptx" ? "Slide deck" : "PDF"}: ${doc.file_name}`;
  ui.docStatus.textContent = `${count}, ${plural(pictures.length, "picture")}; `
    + (doc.concerns.length ? `${plural(doc.concerns.length, "thing")} to look at.` : "nothing identifying found.");
  const section = (title: string, items: (string | Node)[], cls = "") => items.length
    ? [h("h3", {}, title), h("ul", {}, ...items.map((i) => h("li", { class: cls, "data-testid": "doc-item" }, i)))]
    : [];
  const flagged = flaggedText(doc).map((f, i) => {
    const keep = h("input", { type: "checkbox", "data-testid": "doc-keep", "data-index": String(i),
      "aria-label": `Keep “${f.text}” visible` }) as HTMLInputElement;
    const reason = h("input", { type: "text", placeholder: "reason to keep it", "data-testid": "doc-keep-reason",
      "aria-label": `Reason to keep “${f.text}”`, hidden: "" }) as HTMLInputElement;
    keep.addEventListener("change", () => { reason.hidden = !keep.checked; if (keep.checked) reason.focus(); });
    return h("label", { class: "flagged", "data-testid": "doc-flagged" }, keep, ` ${f.where}: “${f.text}” `, reason);
  });
  const pdf = doc.kind === "pdf";
  ui.docBody.replaceChildren(
    ...section("What could identify someone", doc.concerns, "concern"),
    ...section(pdf ? "Lines the copy covers in black (tick to keep one legible, with a reason)"
      : "Text the copy replaces with “[redacted]” (tick to keep it, with a reason)", flagged),
    ...section(pdf ? "Pages (open one to review what its copy covers)" : "Pictures (open one to review what its copy covers)",
      pdf ? Array.from({ length: r.pages ?? 0 }, (_, i) => reviewable(doc, `page ${i + 1}`, `Page ${i + 1}`))
        : pictures.map((p) => p.name ? reviewable(doc, p.name, pictureLine(p)) : pictureLine(p))),
    ...(pdf ? section("Pictures on the pages", pictures.map(pictureLine)) : []),
    ...section("Properties", (r.properties ?? []).map((p) => `${p.name}: ${p.value}`)),
    ...section("Could not be read", r.warnings ?? []),
  );
  ui.docDialog.dataset.state = "vetted";
  ui.docAbout.textContent = pdf
    ? "The redacted copy: every page drawn as a picture, scanned like a photo (faces, text, barcodes) "
      + "and redacted, identifier-like lines of its text covered, written as a new PDF of pictures only: "
      + "no text layer, document information, XMP, annotations, form fields, attachments or earlier revisions. "
      + "It goes through the consent panel's policy, attestations and output folder, with a ledger row."
    : "The redacted copy: every picture redacted whole (including what slides crop away) and re-encoded "
      + "without metadata, identifier-like text replaced by “[redacted]”, notes, comments, hidden slides, "
      + "embedded objects and media removed, author and company properties blanked, the thumbnail removed. "
      + "It goes through the consent panel's policy, attestations and output folder, with a ledger row.";
  ui.docExport.textContent = exportLabel(doc);
  ui.docActions.hidden = false;
}

/** "Page 3", or a deck picture's file name. */
function docPictureLabel(key: string): string {
  return key.startsWith("page ") ? `Page ${key.slice(5)}` : `Picture ${key.split("/").pop() ?? key}`;
}

/** A page or picture line of the document view, with its Review button and, once opened, what
 * the reviewer left. */
function reviewable(doc: DocumentView, key: string, label: string): Node {
  const button = h("button", { type: "button", class: "small", "data-testid": "doc-review", "data-key": key,
    "aria-label": `Review ${docPictureLabel(key)}` }, "Review");
  button.addEventListener("click", () => void reviewDocumentPicture(doc, key));
  const status = h("span", { class: "muted review-status", "data-testid": "doc-review-status", "data-key": key });
  const line = h("span", { class: "reviewable" }, button, " ", label, " ", status);
  updateReviewStatus(status, doc.path, key);
  return line;
}

function updateReviewStatus(el: Element, path: string, key: string): void {
  const s = state.entries.find((e) => e.summary?.document?.path === path && e.summary.document.key === key)?.summary;
  if (!s) { el.textContent = ""; return; }
  const covered = s.findings.filter((f) => f.decision === "redact").length;
  const left = s.findings.length - covered;
  el.textContent = `reviewed: ${plural(covered, "region")} covered${left ? `, ${left} left visible` : ""}`;
}

/** Open a page or picture of the document in the review canvas (the document view closes;
 * "Back to the document" reopens it as it was). */
async function reviewDocumentPicture(doc: DocumentView, key: string): Promise<void> {
  const entryKey = `doc:${doc.path}#${key}`;
  const existing = state.entries.find((e) => e.key === entryKey);
  if (existing) { ui.docDialog.close(); select(entryKey); return; }
  setActivity(`Drawing ${docPictureLabel(key).toLowerCase()} of ${doc.file_name} and scanning it…`);
  try {
    const summary = await api.openDocumentPicture(doc.path, key);
    if (!state.entries.some((e) => e.key === entryKey)) {
      state.entries.push({
        key: entryKey, fileName: `${doc.file_name} · ${docPictureLabel(key)}`, path: doc.path, status: "review",
        summary, error: null, lastExport: null, noFaceAck: false,
      });
    }
    setActivity("");
    ui.docDialog.close();
    select(entryKey);
  } catch (e) {
    setActivity("");
    showError(e, `Could not open ${docPictureLabel(key).toLowerCase()}`);
  }
}

/** Reopen the document view (as it was left: ticks and reasons kept) from one of its pictures. */
function backToDocument(path: string): void {
  if (state.doc?.path !== path) { void openDocument(path); return; }
  for (const el of ui.docBody.querySelectorAll<HTMLElement>('[data-testid="doc-review-status"]')) {
    updateReviewStatus(el, path, el.dataset.key ?? "");
  }
  if (!ui.docDialog.open) ui.docDialog.show();
}

function exportLabel(doc: DocumentView): string {
  return doc.kind === "pdf" ? "Export redacted copy of the PDF" : "Export redacted copy of the deck";
}

/** What a document's copy would replace or cover, each with where it is, for the keep boxes. */
function flaggedText(doc: DocumentView): { text: string; where: string }[] {
  const cat = (c: string) => c.replace(/_/g, " ");
  if (doc.kind === "pdf") {
    return (doc.report.text ?? []).map((t) => ({ text: t.text, where: `page ${t.page} (${cat(t.category)})` }));
  }
  return (doc.report.flagged_text ?? []).map((f) => ({
    text: f.text,
    where: `${f.slide ? `slide ${f.slide}, ` : ""}${f.place.replace("_", " ")} (${cat(f.category)})`,
  }));
}

/** The flagged text ticked to keep in the document view, with the reasons typed. */
function keptText(doc: DocumentView): KeepText[] {
  const flagged = flaggedText(doc);
  const reasons = [...ui.docBody.querySelectorAll<HTMLInputElement>('[data-testid="doc-keep-reason"]')];
  return [...ui.docBody.querySelectorAll<HTMLInputElement>('[data-testid="doc-keep"]')]
    .map((box, i) => ({ box, i }))
    .filter(({ box }) => box.checked)
    .map(({ box, i }) => ({ text: flagged[Number(box.dataset.index)]?.text ?? "", reason: reasons[i]?.value.trim() ?? "" }));
}

/** Export the redacted copy of the deck or PDF in the document view through the gate. */
async function exportDocument(): Promise<void> {
  const doc = state.doc;
  if (!doc || state.exporting) return;
  const outDir = ui.outDir.value.trim();
  const f = form();
  const show = (ok: boolean, ...children: (string | Node)[]) => {
    ui.docResult.className = ok ? "export-result" : "export-result failed";
    ui.docResult.replaceChildren(...children);
    ui.docResult.hidden = false;
  };
  ui.docResult.hidden = true;
  delete ui.docResult.dataset.exported;
  if (!outDir) { show(false, "Choose an output folder in the consent panel."); return; }
  // Ask the gate first, so a form still missing something is not recorded as a refusal.
  try {
    const gate = await api.checkGate(null, f);
    if (!gate.allowed) {
      show(false, h("strong", {}, "Not yet: "), "fill in the consent panel first.",
        h("ul", {}, ...gate.unmet.map((u) => h("li", { "data-testid": "doc-unmet" }, u.message))));
      return;
    }
  } catch (e) { showError(e); return; }
  state.exporting = true;
  ui.docExport.disabled = true;
  ui.docExport.textContent = "Exporting…";
  try {
    const out = await api.exportDocument(doc.path, outDir, f, keptText(doc));
    ui.docResult.dataset.exported = "true";
    show(true, ...(out.document === "pdf" ? pdfExported(out) : deckExported(out)));
    rememberForm();
  } catch (e) {
    const err = asAppError(e);
    show(false, h("strong", {}, err.code === "refused" ? "Refused. " : "Export failed. "), err.message);
  } finally {
    state.exporting = false;
    ui.docExport.disabled = false;
    ui.docExport.textContent = exportLabel(doc);
    scheduleGate();
  }
}

/** What a deck's written copy holds, for the document view. */
function deckExported(out: DeckExportOutcome): (string | Node)[] {
  const regions = out.pictures.reduce((n, p) => n + p.regions_redacted, 0);
  const placeholders = out.pictures.filter((p) => p.treatment === "placeholder").length;
  const reasons = [...new Set(out.parts_removed.map((r) => r.reason.replace(/_/g, " ")))];
  const left: string[] = [
    ...out.text_left.map((t) => `${t.location.replace("_", " ")}${t.slide ? ` ${t.slide}` : ""}: “${t.text}”`),
    ...out.comments_left.map((c) => `comment${c.slide ? ` on slide ${c.slide}` : ""} by ${c.author ?? "unknown"}`),
  ];
  return [
    h("strong", {}, "Exported and verified. "),
    `${plural(out.pictures.length, "picture")} redacted whole (${plural(regions, "region")}`,
    placeholders ? `; ${placeholders} that cannot be drawn replaced by a grey placeholder), ` : "), ",
    h("span", { "data-testid": "doc-text-replaced" },
      `${plural(out.text_replaced.length, "piece")} of identifier-like text replaced by “[redacted]”, `),
    out.parts_removed.length
      ? h("span", { "data-testid": "doc-parts-removed" },
        `${plural(out.parts_removed.length, "part")} removed (${reasons.join(", ")}), `)
      : "",
    `${out.properties_cleared.length} ${out.properties_cleared.length === 1 ? "property" : "properties"} blanked, `,
    out.thumbnail_removed.length ? "thumbnail removed; " : "",
    `the copy was reopened: ${plural(out.verification.pictures_checked, "picture")} checked, none of the originals left. `,
    `Recorded as ledger row ${out.ledger_row}.`,
    h("code", { "data-testid": "doc-output" }, out.output),
    left.length ? h("strong", { class: "left-title" }, "Still in the copy — read these before sharing:") : "",
    left.length ? h("ul", {}, ...left.map((l) => h("li", { "data-testid": "doc-left" }, l))) : "",
  ];
}

/** What a PDF's written copy holds, for the document view. */
function pdfExported(out: PdfExportOutcome): (string | Node)[] {
  const regions = out.pages.reduce((n, p) => n + p.regions_redacted, 0);
  const dpi = out.pages[0]?.dpi ?? 0;
  return [
    h("strong", {}, "Exported and verified. "),
    `${plural(out.pages.length, "page")} drawn at ${Math.round(dpi)} dpi and redacted (${plural(regions, "region")}), `,
    h("span", { "data-testid": "doc-text-replaced" },
      `${plural(out.text_redacted.length, "line")} of identifier-like text covered`
      + (out.text_kept.length ? `, ${plural(out.text_kept.length, "line")} kept legible with a reason` : "") + ". "),
    out.removed.length
      ? h("span", { "data-testid": "doc-parts-removed" }, `Left out: ${out.removed.join("; ")}. `)
      : "",
    `The copy was reopened: ${plural(out.verification.pages_checked, "page")} checked, each a single picture with no text. `,
    `Recorded as ledger row ${out.ledger_row}.`,
    h("code", { "data-testid": "doc-output" }, out.output),
  ];
}

// ---------------------------------------------------------------- batch export

/** The images a batch export offers: marked reviewed (A), scanned, not exported yet. */
function batchCandidates(): Entry[] {
  return state.entries.filter((e) => e.status === "reviewed" && e.summary !== null && !e.summary.document);
}

/** Why `e` cannot be exported with `form` now (`null`: it can). Asks the gate for this image. */
async function batchBlocker(e: Entry, f: ConsentForm): Promise<string | null> {
  if (!e.summary) return "not scanned";
  if (needsFaceCheck(e)) {
    return "No faces were found: open it and confirm you checked the picture yourself.";
  }
  try {
    const gate = await api.checkGate(e.summary.id, f);
    return gate.allowed ? null : gate.unmet.map((u) => u.message).join(" ");
  } catch (err) {
    return asAppError(err).message;
  }
}

let batchReady: Entry[] = [];

/** Show the batch dialog: every reviewed image with what the gate says about it. */
async function openBatch(): Promise<void> {
  const candidates = batchCandidates();
  if (candidates.length === 0 || state.exporting || ui.batchDialog.open) return;
  if (!ui.outDir.value.trim()) { showError("Choose an output folder first."); return; }
  const f = form();
  const blockers = await Promise.all(candidates.map((e) => batchBlocker(e, f)));
  batchReady = candidates.filter((_, i) => blockers[i] === null);
  ui.batchList.replaceChildren(...candidates.map((e, i) => h("li", {
    class: blockers[i] === null ? "ready" : "blocked", "data-testid": "batch-item",
    "data-ready": String(blockers[i] === null),
  }, h("span", { class: "name" }, e.fileName), h("span", { class: "why" }, blockers[i] ?? "ready"))));
  ui.batchTitle.textContent = `Export ${plural(candidates.length, "reviewed image")} with this consent?`;
  ui.batchConfirm.disabled = batchReady.length === 0;
  ui.batchConfirm.textContent = batchReady.length === candidates.length
    ? `Export ${plural(batchReady.length, "image")}`
    : `Export the ${batchReady.length} ready`;
  ui.batchDialog.showModal();
}

/** Export each ready image in turn through the gate (one ledger row each); one failure does
 * not stop the others. */
async function runBatch(entries: Entry[]): Promise<void> {
  const f = form();
  const outDir = ui.outDir.value.trim();
  state.exporting = true;
  renderGate();
  ui.exportResult.hidden = true;
  const done: ExportOutcome[] = [];
  const failed: string[] = [];
  for (const [i, e] of entries.entries()) {
    if (!e.summary) continue;
    ui.activityText.textContent = `Exporting ${e.fileName} (${i + 1} of ${entries.length})…`;
    try {
      const out = await api.exportImage(e.summary.id, outDir, f);
      e.lastExport = out;
      e.status = "exported";
      e.summary = await api.getImage(e.summary.id);
      done.push(out);
    } catch (err) {
      failed.push(`${e.fileName}: ${asAppError(err).message}`);
    }
    renderQueue();
  }
  state.exporting = false;
  ui.activityText.textContent = `${plural(done.length, "image")} exported${failed.length ? `, ${failed.length} failed` : ""}`;
  ui.exportResult.className = `export-result${failed.length ? " failed" : ""}`;
  const rows = done.map((o) => o.ledger_row);
  ui.exportResult.replaceChildren(
    h("strong", {}, `${plural(done.length, "image")} exported and verified. `),
    done.length ? `Each written file was decoded again and is clean; ledger rows ${rows[0]}–${rows[rows.length - 1]}.` : "",
    failed.length ? h("ul", {}, ...failed.map((m) => h("li", {}, m))) : "",
  );
  ui.exportResult.dataset.exported = String(done.length);
  ui.exportResult.hidden = false;
  if (done.length) rememberForm();
  renderReview();
  scheduleGate();
}

async function doExport(): Promise<void> {
  const entry = selectedEntry();
  const s = entry?.summary;
  if (!entry || !s || ui.exportBtn.disabled) return;
  state.exporting = true;
  renderGate();
  ui.exportResult.hidden = true;
  try {
    const out = await api.exportImage(s.id, ui.outDir.value.trim(), form());
    entry.lastExport = out;
    entry.status = "exported";
    entry.summary = await api.getImage(s.id);
    const v = out.verification;
    const removed = metadataList(s.metadata);
    ui.exportResult.className = "export-result";
    ui.exportResult.replaceChildren(
      h("strong", {}, "Exported and verified. "),
      removed.length ? `Removed ${removed.join(", ")}. ` : "",
      `${plural(out.redacted, "region")} redacted${out.dismissed ? `, ${out.dismissed} left visible` : ""}; `,
      `the written file was decoded again: no metadata, ${plural(v.regions_checked, "region")} checked. `,
      `Recorded as ledger row ${out.ledger_row}.`,
      h("code", { "data-testid": "export-output" }, out.output),
    );
    ui.exportResult.hidden = false;
    rememberForm();
    renderQueue();
    renderReview();
  } catch (e) {
    const err = asAppError(e);
    ui.exportResult.className = "export-result failed";
    ui.exportResult.replaceChildren(h("strong", {}, err.code === "refused" ? "Refused. " : "Export failed. "), err.message);
    ui.exportResult.hidden = false;
  } finally {
    state.exporting = false;
    scheduleGate();
  }
}

function rememberForm(): void {
  try {
    localStorage.setItem(REMEMBER, JSON.stringify({
      policy: ui.policy.value, subject: ui.subject.value, destination: ui.destination.value,
      reviewer: ui.reviewer.value, outDir: ui.outDir.value,
    }));
  } catch { /* storage unavailable: nothing to remember */ }
}
function recallForm(): Record<string, string> {
  try { return JSON.parse(localStorage.getItem(REMEMBER) ?? "{}") as Record<string, string>; } catch { return {}; }
}

// ---------------------------------------------------------------- keyboard

/** The shortcuts, as the `?` dialog lists them. */
const SHORTCUTS: [string, string][] = [
  ["J / K", "Next / previous image"],
  ["N", "Next image that needs review"],
  ["A", "Mark this image reviewed and go to the next one"],
  ["E", "Export (when the policy's conditions are met)"],
  ["Shift+E", "Export every reviewed image with this consent"],
  ["Tab", "Select the next region"],
  ["Drag on the picture", "Draw a region to cover"],
  ["Arrows", "Move the selected region (Shift: faster, Alt: resize)"],
  ["M", "Change the selected region's method"],
  ["D", "Leave the selected finding visible (asks for a reason) / cover it again"],
  ["Delete", "Remove a region you drew"],
  ["Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"],
  ["R", "Show the original / what will be exported"],
  ["+ / − / 0", "Zoom in / out / fit (Ctrl+wheel zooms; Space+drag pans)"],
  ["Esc", "Deselect"],
  ["?", "This list"],
];

function onKey(ev: KeyboardEvent): void {
  if (ev.key === " " && !typing(ev)) {
    if (ev.target instanceof HTMLButtonElement) return;
    spaceDown = true;
    ui.stage.classList.add("can-pan");
    ev.preventDefault();
    return;
  }
  if (typing(ev)) return;
  const s = current();
  const mod = ev.ctrlKey || ev.metaKey;
  const key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
  if (mod && key === "z") { ev.preventDefault(); void undoRedo(ev.shiftKey ? "redo" : "undo"); return; }
  if (mod && key === "y") { ev.preventDefault(); void undoRedo("redo"); return; }
  if (mod || ev.altKey && !ev.key.startsWith("Arrow")) return;
  const f = s && state.focus !== null ? s.findings[state.focus] ?? null : null;
  switch (key) {
    case "j": move(1); break;
    case "k": move(-1); break;
    case "n": move(1, true); break;
    case "a": accept(); break;
    case "e":
      if (ev.shiftKey) { if (!ui.exportAll.hidden && !ui.exportAll.disabled) void openBatch(); }
      else if (!ui.exportBtn.disabled) void doExport();
      break;
    case "r": setView(state.view === "original" ? "redacted" : "original"); break;
    case "+": case "=": zoomBy(1.25); break;
    case "-": zoomBy(0.8); break;
    case "0": state.zoom = 1; fitFrame(); break;
    case "?": showKeys(); break;
    case "Escape": if (state.focus !== null) setFocus(null); break;
    case "m":
      if (f && f.decision === "redact") {
        const next = METHODS[(METHODS.indexOf(f.method) + 1) % METHODS.length]!;
        void edit({ op: "set_method", index: f.index, method: next });
      }
      break;
    // preventDefault: the key must not also type a "d" into the reason box it opens.
    case "d": if (s && f) { ev.preventDefault(); void toggleFinding(s, f); } break;
    case "Delete": case "Backspace":
      if (f?.kind === "manual") { ev.preventDefault(); state.focus = null; void edit({ op: "remove_region", index: f.index }); }
      break;
    case "ArrowLeft": case "ArrowRight": case "ArrowUp": case "ArrowDown": {
      if (!s || !f) return;
      ev.preventDefault();
      const step = Math.max(1, Math.round(imageScale(s) * (ev.shiftKey ? 10 : 1)));
      const dx = key === "ArrowLeft" ? -step : key === "ArrowRight" ? step : 0;
      const dy = key === "ArrowUp" ? -step : key === "ArrowDown" ? step : 0;
      const [x, y, w, hgt] = f.redact_box;
      const rect = ev.altKey
        ? { x, y, w: Math.max(4, w + dx), h: Math.max(4, hgt + dy) }
        : { x: clamp(x + dx, 0, s.width - w), y: clamp(y + dy, 0, s.height - hgt), w, h: hgt };
      void edit({ op: "set_region", index: f.index, rect: clipRect(rect, s) });
      break;
    }
    default: return;
  }
}

function showKeys(): void {
  const list = $("keys-list");
  list.replaceChildren(...SHORTCUTS.flatMap(([k, what]) => [h("dt", {}, h("kbd", {}, k)), h("dd", {}, what)]));
  ui.keysDialog.showModal();
}

// ---------------------------------------------------------------- wiring

async function init(): Promise<void> {
  ui.pathForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = ui.pathInput.value;
    ui.pathInput.value = "";
    void openPaths([p]);
  });
  $("open-dialog").addEventListener("click", async () => {
    try {
      const picked = await open({ multiple: true, directory: false, title: "Open images",
        filters: [{ name: "Images", extensions: IMAGE_EXTENSIONS },
          { name: "Slide decks and PDFs", extensions: DOCUMENT_EXTENSIONS }] });
      if (picked) void openPaths(Array.isArray(picked) ? picked : [picked]);
    } catch (e) { showError(e); }
  });
  $("open-folder").addEventListener("click", async () => {
    try {
      const dir = await open({ directory: true, multiple: false, title: "Open a folder of images" });
      if (typeof dir === "string") void openPaths([dir]);
    } catch (e) { showError(e); }
  });
  $("out-dir-choose").addEventListener("click", async () => {
    try {
      const dir = await open({ directory: true, multiple: false, title: "Export into folder" });
      if (typeof dir === "string") { ui.outDir.value = dir; scheduleGate(); }
    } catch (e) { showError(e); }
  });
  ui.cancelScan.addEventListener("click", () => void cancelScans());
  ui.viewOriginal.addEventListener("click", () => setView("original"));
  ui.viewRedacted.addEventListener("click", () => setView("redacted"));
  ui.undo.addEventListener("click", () => void undoRedo("undo"));
  ui.redo.addEventListener("click", () => void undoRedo("redo"));
  ui.zoomIn.addEventListener("click", () => zoomBy(1.25));
  ui.zoomOut.addEventListener("click", () => zoomBy(0.8));
  ui.zoomFit.addEventListener("click", () => { state.zoom = 1; fitFrame(); });
  ui.accept.addEventListener("click", accept);
  ui.tabFindings.addEventListener("click", () => setTab("findings"));
  ui.tabMetadata.addEventListener("click", () => setTab("metadata"));
  $("keys-button").addEventListener("click", showKeys);
  $("audit-open").addEventListener("click", () => void openAudit(state.ledgerPath));
  initAudit();
  ui.overlay.addEventListener("pointerdown", startDraw);
  ui.stage.addEventListener("pointerdown", startPan, true);
  ui.stage.addEventListener("wheel", (ev) => {
    if (!ev.ctrlKey) return;
    ev.preventDefault();
    const r = ui.stage.getBoundingClientRect();
    zoomBy(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - r.left, ev.clientY - r.top);
  }, { passive: false });
  ui.policy.addEventListener("change", () => { renderPolicy(); scheduleGate(); });
  ui.subject.addEventListener("change", () => { renderRule(); scheduleGate(); });
  ui.destination.addEventListener("change", () => { renderRule(); scheduleGate(); });
  for (const el of [ui.consentRef, ui.reviewer, ui.outDir]) el.addEventListener("input", scheduleGate);
  ui.exportBtn.addEventListener("click", () => void doExport());
  ui.exportAll.addEventListener("click", () => void openBatch());
  ui.docExport.addEventListener("click", () => void exportDocument());
  $("doc-close").addEventListener("click", () => { ui.docDialog.close(); state.doc = null; });
  ui.batchDialog.addEventListener("close", () => {
    const entries = batchReady;
    batchReady = [];
    if (ui.batchDialog.returnValue === "export" && entries.length) void runBatch(entries);
  });
  for (const b of document.querySelectorAll<HTMLButtonElement>("#dismiss-suggestions button")) {
    b.addEventListener("click", () => { ui.dismissReason.value = b.dataset.reason ?? ""; ui.dismissReason.focus(); });
  }
  ui.dismissDialog.addEventListener("close", () => {
    const target = dismissTarget;
    dismissTarget = null;
    const reason = ui.dismissReason.value.trim();
    if (ui.dismissDialog.returnValue === "dismiss" && target && reason) {
      void edit({ op: "dismiss", index: target.index, reason }, target.id);
    }
  });
  new ResizeObserver(fitFrame).observe(ui.stage);
  document.addEventListener("keydown", onKey);
  document.addEventListener("keyup", (ev) => {
    if (ev.key === " ") { spaceDown = false; ui.stage.classList.remove("can-pan"); }
  });
  try {
    await getCurrentWebview().onDragDropEvent((ev) => {
      if (ev.payload.type === "over" || ev.payload.type === "enter") document.body.classList.add("drop-target");
      else document.body.classList.remove("drop-target");
      if (ev.payload.type === "drop") void openPaths(ev.payload.paths);
    });
  } catch { /* drag and drop unavailable */ }

  try {
    state.policies = await api.listPolicies();
    state.ledgerPath = await api.ledgerPath();
    ui.ledgerPath.textContent = `Audit ledger: ${state.ledgerPath}`;
  } catch (e) {
    showError(e, "Could not load the policies");
  }
  const saved = recallForm();
  fillSelect(ui.policy, state.policies.map((p) => ({ id: p.id, label: p.name })), saved.policy ?? "");
  renderPolicy();
  if (saved.subject && [...ui.subject.options].some((o) => o.value === saved.subject)) ui.subject.value = saved.subject;
  if (saved.destination && [...ui.destination.options].some((o) => o.value === saved.destination)) ui.destination.value = saved.destination;
  renderRule();
  if (saved.reviewer) ui.reviewer.value = saved.reviewer;
  if (saved.outDir) ui.outDir.value = saved.outDir;
  setTab("findings");
  setActivity("");
  renderQueue();
  renderReview();
  document.body.dataset.ready = "true";
  scheduleGate();
}

void init();
