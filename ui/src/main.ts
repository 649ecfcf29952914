// ClearFrame front end: queue (left), review canvas (centre), consent panel (right).
// All decisions are the core's: the gate is asked on every change, exports go through it.
import { open } from "@tauri-apps/plugin-dialog";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import {
  api, asAppError,
  type AppError, type ConsentForm, type ExportOutcome, type FindingView, type GateDecision,
  type ImageSummary, type Kind, type PolicyView, type Rule, type ScanEvent,
} from "./api";

type Status = "scanning" | "review" | "exported" | "error";
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

const IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "tif", "tiff", "gif"];
const KIND_LABEL: Record<Kind, string> = { face: "Face", text: "Text", barcode: "Barcode", manual: "Region" };
const METHOD_LABEL = { fill: "Filled black", blur: "Blurred", pixelate: "Pixelated" } as const;
const STATUS_LABEL: Record<Status, string> = { scanning: "Scanning", review: "Needs review", exported: "Exported", error: "Error" };
const REMEMBER = "clearframe.form";

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
};
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") el.className = v; else el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

const state = {
  entries: [] as Entry[],
  selected: null as string | null,
  view: "original" as "original" | "redacted",
  policies: [] as PolicyView[],
  gate: null as GateDecision | null,
  exporting: false,
  scansRunning: 0,
  batches: 0,
};

const ui = {
  queue: $("queue"), queueEmpty: $("queue-empty"), queueCount: $("queue-count"),
  activity: $("activity"), pathForm: $<HTMLFormElement>("path-form"), pathInput: $<HTMLInputElement>("path-input"),
  imageName: $("image-name"), imageMeta: $("image-meta"), notices: $("notices"),
  stage: $("stage"), frame: $("frame"), preview: $<HTMLImageElement>("preview"), overlay: $("overlay"),
  stageEmpty: $("stage-empty"), findings: $<HTMLTableElement>("findings"),
  viewOriginal: $<HTMLButtonElement>("view-original"), viewRedacted: $<HTMLButtonElement>("view-redacted"),
  policy: $<HTMLSelectElement>("policy"), policySummary: $("policy-summary"),
  subject: $<HTMLSelectElement>("subject"), destination: $<HTMLSelectElement>("destination"),
  rule: $("rule"), attestationsBox: $("attestations-box"), attestations: $("attestations"),
  consentField: $("consent-field"), consentLabel: $("consent-label"), consentRef: $<HTMLInputElement>("consent-ref"),
  reviewer: $<HTMLInputElement>("reviewer"), outDir: $<HTMLInputElement>("out-dir"),
  gate: $("gate"), gateStatus: $("gate-status"), unmet: $("unmet"),
  exportBtn: $<HTMLButtonElement>("export"), exportResult: $("export-result"), ledgerPath: $("ledger-path"),
  dismissDialog: $<HTMLDialogElement>("dismiss-dialog"), dismissReason: $<HTMLTextAreaElement>("dismiss-reason"),
  dismissTitle: $("dismiss-title"), toast: $("toast"),
};

// ---------------------------------------------------------------- helpers

let toastTimer = 0;
function showError(e: unknown, context?: string): void {
  const err = asAppError(e);
  ui.toast.textContent = context ? `${context}: ${err.message}` : err.message;
  ui.toast.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => { ui.toast.hidden = true; }, 8000);
}

function selectedEntry(): Entry | null {
  return state.entries.find((e) => e.key === state.selected) ?? null;
}

function countsText(counts: Partial<Record<Kind, number>>): (Node | string)[] {
  const parts: (Node | string)[] = [];
  for (const kind of ["face", "text", "barcode", "manual"] as Kind[]) {
    const n = counts[kind] ?? 0;
    if (n === 0 && kind !== "face") continue;
    const word = KIND_LABEL[kind].toLowerCase();
    parts.push(h("span", {}, h("span", { class: `dot ${kind}` }), `${n} ${word}${n === 1 ? "" : "s"}`));
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

function cleanPath(raw: string): string {
  let p = raw.trim();
  if ((p.startsWith('"') && p.endsWith('"')) || (p.startsWith("'") && p.endsWith("'"))) p = p.slice(1, -1);
  if (p.startsWith("file://")) p = decodeURIComponent(p.slice("file://".length));
  return p;
}

// ---------------------------------------------------------------- opening and scanning

async function openPaths(paths: string[]): Promise<void> {
  const clean = paths.map(cleanPath).filter((p) => p.length > 0);
  if (clean.length === 0) return;
  const batch = ++state.batches;
  const keys = new Map<number, string>();
  state.scansRunning++;
  setActivity("Loading detection models…");
  const onEvent = (ev: ScanEvent) => {
    switch (ev.event) {
      case "started":
        setActivity(ev.total === 0 ? "No images found there" : `Scanning ${ev.total} image${ev.total === 1 ? "" : "s"}…`);
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
      case "file_done": {
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
          if (key === state.selected) renderReview();
        }
        break;
      }
    }
  };
  try {
    const summary = await api.openImages(clean, onEvent);
    setActivity(summary.failed > 0
      ? `${summary.ok} scanned, ${summary.failed} could not be read`
      : `${summary.ok} image${summary.ok === 1 ? "" : "s"} scanned`);
  } catch (e) {
    setActivity("");
    showError(e, "Could not scan");
  } finally {
    state.scansRunning--;
    ui.activity.querySelector(".spinner")?.remove();
    scheduleGate();
  }
}

function setActivity(text: string): void {
  ui.activity.replaceChildren();
  if (state.scansRunning > 0 && text) ui.activity.append(h("span", { class: "spinner", "aria-hidden": "true" }));
  if (text) ui.activity.append(text);
}

// ---------------------------------------------------------------- queue

function renderQueue(): void {
  ui.queue.replaceChildren(...state.entries.map((e) => {
    const li = h("li", {
      class: `queue-item${e.key === state.selected ? " selected" : ""}`,
      "data-testid": "queue-item", "data-status": e.status, "data-key": e.key,
      tabindex: "0", role: "button", title: e.path,
    },
      h("span", { class: "name" }, e.fileName),
      h("span", { class: `badge ${e.status}`, "data-testid": "queue-status" }, STATUS_LABEL[e.status]),
    );
    if (e.summary) li.append(h("span", { class: "counts" }, ...countsText(e.summary.counts)));
    if (e.error) li.append(h("span", { class: "error" }, e.error.message));
    li.addEventListener("click", () => select(e.key));
    li.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") select(e.key); });
    return li;
  }));
  ui.queueEmpty.hidden = state.entries.length > 0;
  const pending = state.entries.filter((e) => e.status === "review").length;
  ui.queueCount.textContent = state.entries.length ? `${pending} to review` : "";
}

function select(key: string): void {
  if (state.selected !== key) {
    // Consent is given per image: another image starts with nothing ticked.
    for (const i of ui.attestations.querySelectorAll<HTMLInputElement>("input[data-attestation]")) i.checked = false;
    ui.consentRef.value = "";
  }
  state.selected = key;
  ui.exportResult.hidden = true;
  renderQueue();
  renderReview();
  void loadPreview();
  scheduleGate();
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
  renderNotices(entry);
  renderBoxes(s);
  renderFindingsTable(s);
  fitFrame();
}

function renderNotices(entry: Entry | null): void {
  ui.notices.replaceChildren();
  const s = entry?.summary;
  if (!entry || !s) return;
  if ((s.counts.face ?? 0) === 0) {
    const ack = h("input", { type: "checkbox", id: "no-face-ack", "data-testid": "no-face-ack" }) as HTMLInputElement;
    ack.checked = entry.noFaceAck;
    ack.addEventListener("change", () => { entry.noFaceAck = ack.checked; scheduleGate(); });
    ui.notices.append(h("div", { class: "notice warn", id: "no-face-warning", "data-testid": "no-face-warning", role: "alert" },
      h("strong", {}, "No faces found — look again. "),
      "Detection misses faces in profile, partly covered, very small or out of focus, and faces in mirrors, screens or photos. ",
      h("label", {}, ack, " I have checked the whole picture myself."),
    ));
  }
  const meta = metadataList(s.metadata);
  const orient = s.orientation !== 1 ? ` EXIF orientation ${s.orientation} has been applied to the pixels.` : "";
  ui.notices.append(h("div", { class: "notice info", "data-testid": "metadata-notice" },
    meta.length
      ? `The file carries ${meta.join(", ")}: none of it is copied to the export.${orient}`
      : `No metadata found in the file; the export is written fresh either way.${orient}`));
}

function renderBoxes(s: ImageSummary | null): void {
  ui.overlay.replaceChildren();
  if (!s) return;
  for (const f of s.findings) {
    const [x, y, w, hgt] = f.redact_box;
    const dismissed = f.decision === "dismiss";
    const box = h("button", {
      type: "button",
      class: `box ${f.kind}${dismissed ? " dismissed" : ""}${state.view === "redacted" ? " redacted-view" : ""}`,
      "data-testid": "finding-box", "data-kind": f.kind, "data-index": String(f.index), "data-decision": f.decision,
      "data-box": f.redact_box.join(","),
      title: dismissed ? `Left visible: ${f.reason ?? ""} — click to cover it again` : `${KIND_LABEL[f.kind]}: click to leave it visible`,
      "aria-label": `${KIND_LABEL[f.kind]} ${f.index + 1}`,
    }, h("span", { class: "tag" }, `${KIND_LABEL[f.kind]} ${Math.round(f.score * 100)}%${dismissed ? " · visible" : ""}`));
    box.style.left = `${(x / s.width) * 100}%`;
    box.style.top = `${(y / s.height) * 100}%`;
    box.style.width = `${(w / s.width) * 100}%`;
    box.style.height = `${(hgt / s.height) * 100}%`;
    box.addEventListener("click", () => void toggleFinding(s, f));
    ui.overlay.append(box);
  }
}

function renderFindingsTable(s: ImageSummary | null): void {
  const body = ui.findings.tBodies[0]!;
  body.replaceChildren();
  if (!s || s.findings.length === 0) {
    body.append(h("tr", { class: "empty" }, h("td", { colspan: "5" },
      s ? "Nothing detected. Detection is an aid, not a guarantee: check the picture yourself." : "")));
    return;
  }
  for (const f of s.findings) {
    const [x, y, w, hgt] = f.redact_box;
    const dismissed = f.decision === "dismiss";
    const action = h("button", { type: "button", "data-testid": "finding-action" }, dismissed ? "Cover again" : "Leave visible…");
    action.addEventListener("click", () => void toggleFinding(s, f));
    body.append(h("tr", { "data-testid": "finding-row", "data-kind": f.kind, "data-decision": f.decision },
      h("td", {}, h("span", { class: `dot ${f.kind}` }), `${KIND_LABEL[f.kind]} ${f.index + 1}`,
        f.text ? h("span", { class: "reason" }, ` “${f.text}”`) : null),
      h("td", { class: "num" }, `${Math.round(f.score * 100)}%`),
      h("td", { class: "num" }, `${x}, ${y} · ${w}×${hgt}`),
      h("td", {}, dismissed ? h("span", {}, "Left visible ", h("span", { class: "reason" }, `— ${f.reason ?? ""}`)) : METHOD_LABEL[f.method]),
      h("td", { class: "action" }, action),
    ));
  }
}

let dismissTarget: { id: number; index: number } | null = null;

async function toggleFinding(s: ImageSummary, f: FindingView): Promise<void> {
  if (f.decision === "dismiss") {
    await applyDecision(s.id, f.index, "redact", null);
    return;
  }
  dismissTarget = { id: s.id, index: f.index };
  ui.dismissTitle.textContent = `Leave ${KIND_LABEL[f.kind].toLowerCase()} ${f.index + 1} visible?`;
  ui.dismissReason.value = "";
  ui.dismissDialog.showModal();
  ui.dismissReason.focus();
}

async function applyDecision(id: number, index: number, decision: "redact" | "dismiss", reason: string | null): Promise<void> {
  try {
    const summary = await api.setDecision(id, index, decision, reason);
    const entry = state.entries.find((e) => e.summary?.id === id);
    if (entry) entry.summary = summary;
    renderQueue();
    renderReview();
    void loadPreview();
    scheduleGate();
  } catch (e) {
    showError(e);
  }
}

let previewToken = 0;
async function loadPreview(): Promise<void> {
  const s = selectedEntry()?.summary;
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
  renderBoxes(selectedEntry()?.summary ?? null);
  void loadPreview();
}

function fitFrame(): void {
  const s = selectedEntry()?.summary;
  if (!s) return;
  const pad = 24;
  const aw = Math.max(ui.stage.clientWidth - pad * 2, 50);
  const ah = Math.max(ui.stage.clientHeight - pad * 2, 50);
  const scale = Math.min(aw / s.width, ah / s.height, 3);
  ui.frame.style.width = `${Math.round(s.width * scale)}px`;
  ui.frame.style.height = `${Math.round(s.height * scale)}px`;
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

function renderGate(): void {
  const entry = selectedEntry();
  const gate = state.gate;
  const extra: string[] = [];
  if (!entry?.summary) extra.push(entry?.status === "scanning" ? "Wait for the scan to finish." : "Open and select an image.");
  if (entry?.summary && (entry.summary.counts.face ?? 0) === 0 && !entry.noFaceAck) {
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
    : entry?.status === "exported" ? "Export another copy" : "Export de-identified copy";
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
    ui.exportResult.className = "export-result";
    ui.exportResult.replaceChildren(
      h("strong", {}, "Exported and verified. "),
      `No metadata in the file; ${v.regions_checked} region${v.regions_checked === 1 ? "" : "s"} checked; `,
      `recorded as ledger row ${out.ledger_row}.`,
      h("code", { "data-testid": "export-output" }, out.output),
    );
    ui.exportResult.hidden = false;
    rememberForm();
    renderQueue();
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
        filters: [{ name: "Images", extensions: IMAGE_EXTENSIONS }] });
      if (picked) void openPaths(Array.isArray(picked) ? picked : [picked]);
    } catch (e) { showError(e); }
  });
  $("out-dir-choose").addEventListener("click", async () => {
    try {
      const dir = await open({ directory: true, multiple: false, title: "Export into folder" });
      if (typeof dir === "string") { ui.outDir.value = dir; scheduleGate(); }
    } catch (e) { showError(e); }
  });
  ui.viewOriginal.addEventListener("click", () => setView("original"));
  ui.viewRedacted.addEventListener("click", () => setView("redacted"));
  ui.policy.addEventListener("change", () => { renderPolicy(); scheduleGate(); });
  ui.subject.addEventListener("change", () => { renderRule(); scheduleGate(); });
  ui.destination.addEventListener("change", () => { renderRule(); scheduleGate(); });
  for (const el of [ui.consentRef, ui.reviewer, ui.outDir]) el.addEventListener("input", scheduleGate);
  ui.exportBtn.addEventListener("click", () => void doExport());
  for (const b of document.querySelectorAll<HTMLButtonElement>("#dismiss-suggestions button")) {
    b.addEventListener("click", () => { ui.dismissReason.value = b.dataset.reason ?? ""; ui.dismissReason.focus(); });
  }
  ui.dismissDialog.addEventListener("close", () => {
    const target = dismissTarget;
    dismissTarget = null;
    const reason = ui.dismissReason.value.trim();
    if (ui.dismissDialog.returnValue === "dismiss" && target && reason) {
      void applyDecision(target.id, target.index, "dismiss", reason);
    }
  });
  new ResizeObserver(fitFrame).observe(ui.stage);
  document.addEventListener("keydown", (ev) => {
    if (ev.target instanceof HTMLInputElement || ev.target instanceof HTMLTextAreaElement) return;
    if (ev.key === "r" || ev.key === "R") setView(state.view === "original" ? "redacted" : "original");
  });
  try {
    await getCurrentWebview().onDragDropEvent((ev) => {
      if (ev.payload.type === "drop") void openPaths(ev.payload.paths);
    });
  } catch { /* drag and drop unavailable */ }

  try {
    state.policies = await api.listPolicies();
    ui.ledgerPath.textContent = `Audit ledger: ${await api.ledgerPath()}`;
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
  renderQueue();
  renderReview();
  document.body.dataset.ready = "true";
  scheduleGate();
}

void init();
