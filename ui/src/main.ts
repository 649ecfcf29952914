// ClearFrame front end: queue (left), review canvas (centre), consent panel (right), audit view.
// All decisions are the core's: plan edits go through `edit_plan`, the gate is asked on every
// change, exports go through it. The front end only draws and forwards. Its modules:
//   state.ts      shared types and constants, the app's `state`, the `ui` element map, helpers
//   scan.ts       opening images and folders and scanning them into the queue
//   queue.ts      the queue, the selection, "Mark reviewed"
//   canvas.ts     the review canvas (regions: select, move, resize, draw), zoom and pan
//   findings.ts   the findings and metadata tabs; plan edits, undo and redo, the preview
//   consent.ts    the consent panel and the gate; the form remembered between sessions
//   documents.ts  slide decks and PDFs: the document view and its redacted copy
//   batch.ts      exporting the selected image, or every reviewed image at once
//   keyboard.ts   the shortcuts
//   audit.ts      the audit view; dom.ts small DOM helpers; api.ts the core's commands
//   i18n.ts       the language (English, French), the catalogues in ../locales, formats
// This file wires them to the page and starts the app.
import { open } from "@tauri-apps/plugin-dialog";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { api } from "./api";
import { initAudit, openAudit } from "./audit";
import { $, showError } from "./dom";
import { DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, setActivity, state, ui } from "./state";
import { cancelScans, openPaths } from "./scan";
import { accept, renderQueue } from "./queue";
import { addVertex, fitFrame, pan, renderReview, startDraw, startPan, zoomBy } from "./canvas";
import { dismissing, edit, initBulk, setTab, setView, undoRedo } from "./findings";
import { fillSelect, recallForm, renderPolicy, renderRule, scheduleGate } from "./consent";
import { initPresets, reloadPolicies } from "./presets";
import { exportDocument } from "./documents";
import { batchReady, doExport, openBatch, runBatch } from "./batch";
import { onKey, showKeys } from "./keyboard";
import { initTheme, setTheme, type ThemeChoice } from "./theme";
import { LANGUAGES, currentLang, initLanguage, onLanguageChange, setLanguage, t, type Lang } from "./i18n";
import { renderGate } from "./consent";
import { renderDocumentAgain } from "./documents";

/** Draw again everything the modules drew, in the language just chosen. */
function redrawAll(): void {
  ui.language.value = currentLang();
  // Errors, refusals and a document's concerns are written by the shell in this language.
  void api.setLanguage(currentLang()).catch(() => { /* older shell: English */ });
  ui.ledgerPath.textContent = state.ledgerPath ? t("ledger-path", { path: state.ledgerPath }) : "";
  renderQueue();
  renderReview();
  renderGate();
  renderDocumentAgain();
  if (ui.keysDialog.open) showKeys();
  // The presets' own texts and the gate's conditions come from the core in the language asked.
  void reloadPolicies().catch((e) => showError(e, t("error-load-policies")));
}

async function init(): Promise<void> {
  let system: string | null = null;
  try { system = await api.systemLocale(); } catch { /* older shell: the browser's language */ }
  ui.language.replaceChildren(...Object.entries(LANGUAGES).map(([id, l]) => {
    const o = document.createElement("option");
    o.value = id;
    o.textContent = l.name;
    o.lang = l.locale;
    return o;
  }));
  initLanguage(system);
  ui.language.value = currentLang();
  await api.setLanguage(currentLang()).catch(() => { /* older shell: English */ });
  ui.language.addEventListener("change", () => setLanguage(ui.language.value as Lang));
  ui.theme.value = initTheme();
  ui.theme.addEventListener("change", () => setTheme(ui.theme.value as ThemeChoice));
  onLanguageChange(redrawAll);
  ui.pathForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = ui.pathInput.value;
    ui.pathInput.value = "";
    void openPaths([p]);
  });
  $("open-dialog").addEventListener("click", async () => {
    try {
      const picked = await open({ multiple: true, directory: false, title: t("dialog-open-images"),
        filters: [{ name: t("filter-images"), extensions: IMAGE_EXTENSIONS },
          { name: t("filter-documents"), extensions: DOCUMENT_EXTENSIONS }] });
      if (picked) void openPaths(Array.isArray(picked) ? picked : [picked]);
    } catch (e) { showError(e); }
  });
  $("open-folder").addEventListener("click", async () => {
    try {
      const dir = await open({ directory: true, multiple: false, title: t("dialog-open-folder") });
      if (typeof dir === "string") void openPaths([dir]);
    } catch (e) { showError(e); }
  });
  $("out-dir-choose").addEventListener("click", async () => {
    try {
      const dir = await open({ directory: true, multiple: false, title: t("dialog-out-dir") });
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
  initBulk();
  ui.overlay.addEventListener("pointerdown", startDraw);
  ui.overlay.addEventListener("dblclick", addVertex);
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
    const entries = batchReady.entries;
    batchReady.entries = [];
    if (ui.batchDialog.returnValue === "export" && entries.length) void runBatch(entries);
  });
  for (const b of document.querySelectorAll<HTMLButtonElement>("#dismiss-suggestions button")) {
    b.addEventListener("click", () => { ui.dismissReason.value = t(b.dataset.reasonId ?? ""); ui.dismissReason.focus(); });
  }
  ui.dismissDialog.addEventListener("close", () => {
    const target = dismissing.target;
    dismissing.target = null;
    const reason = ui.dismissReason.value.trim();
    if (ui.dismissDialog.returnValue === "dismiss" && target && reason) {
      const [one] = target.indices;
      if (target.indices.length === 1 && one !== undefined) void edit({ op: "dismiss", index: one, reason }, target.id);
      else { state.picked.clear(); void edit({ op: "dismiss_many", indices: target.indices, reason }, target.id); }
    }
  });
  new ResizeObserver(fitFrame).observe(ui.stage);
  document.addEventListener("keydown", onKey);
  document.addEventListener("keyup", (ev) => {
    if (ev.key === " ") { pan.spaceDown = false; ui.stage.classList.remove("can-pan"); }
  });
  // Space released in another window never reaches us: forget it when the window loses focus.
  window.addEventListener("blur", () => { pan.spaceDown = false; ui.stage.classList.remove("can-pan"); });
  try {
    await getCurrentWebview().onDragDropEvent((ev) => {
      if (ev.payload.type === "over" || ev.payload.type === "enter") document.body.classList.add("drop-target");
      else document.body.classList.remove("drop-target");
      if (ev.payload.type === "drop") void openPaths(ev.payload.paths);
    });
  } catch { /* drag and drop unavailable */ }

  await initPresets();
  try {
    state.policies = await api.listPolicies(currentLang());
    state.ledgerPath = await api.ledgerPath();
    ui.ledgerPath.textContent = t("ledger-path", { path: state.ledgerPath });
  } catch (e) {
    showError(e, t("error-load-policies"));
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
