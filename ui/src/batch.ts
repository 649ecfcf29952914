// Exporting: the selected image, or every reviewed image at once (the batch dialog), each
// through the gate with a ledger row.
import { api, asAppError, type ExportOutcome } from "./api";
import { h, showError } from "./dom";
import { currentLang, t } from "./i18n";
import { batchCandidates, metadataSentence, selectedEntry, state, ui, type Entry } from "./state";
import { renderQueue } from "./queue";
import { renderReview } from "./canvas";
import { form, rememberForm, renderGate, scheduleGate } from "./consent";

/** Why `e` cannot be exported with the consent panel's form now (`null`: it can). Asks the
 * gate for this image (which holds an image with no face found until the reviewer confirms
 * they checked it). */
async function batchBlocker(e: Entry): Promise<string | null> {
  if (!e.summary) return t("batch-not-scanned");
  try {
    const gate = await api.checkGate(e.summary.id, form(e), currentLang());
    return gate.allowed ? null : gate.unmet.map((u) => u.message).join(" ");
  } catch (err) {
    return asAppError(err).message;
  }
}

/** The images the open batch dialog will export when confirmed (taken when it closes). */
export const batchReady = { entries: [] as Entry[] };

/** True while the batch dialog is being prepared (the gate asked for each image). */
let openingBatch = false;

/** Show the batch dialog: every reviewed image with what the gate says about it. */
export async function openBatch(): Promise<void> {
  const candidates = batchCandidates();
  if (candidates.length === 0 || state.exporting || ui.batchDialog.open || openingBatch) return;
  if (!ui.outDir.value.trim()) { showError(t("gate-choose-folder")); return; }
  openingBatch = true;
  let blockers: (string | null)[];
  try {
    blockers = await Promise.all(candidates.map((e) => batchBlocker(e)));
  } finally {
    openingBatch = false;
  }
  batchReady.entries = candidates.filter((_, i) => blockers[i] === null);
  ui.batchList.replaceChildren(...candidates.map((e, i) => h("li", {
    class: blockers[i] === null ? "ready" : "blocked", "data-testid": "batch-item",
    "data-ready": String(blockers[i] === null),
  }, h("span", { class: "name" }, e.fileName), h("span", { class: "why" }, blockers[i] ?? t("batch-ready")))));
  ui.batchTitle.textContent = t("batch-title", { n: candidates.length });
  ui.batchConfirm.disabled = batchReady.entries.length === 0;
  ui.batchConfirm.textContent = batchReady.entries.length === candidates.length
    ? t("batch-export-all", { n: batchReady.entries.length })
    : t("batch-export-ready", { n: batchReady.entries.length });
  // A dialog closed with Esc keeps its last returnValue: clear it, or Esc would export again.
  ui.batchDialog.returnValue = "";
  ui.batchDialog.showModal();
}

/** Export each ready image in turn through the gate (one ledger row each); one failure does
 * not stop the others. */
export async function runBatch(entries: Entry[]): Promise<void> {
  const outDir = ui.outDir.value.trim();
  state.exporting = true;
  renderGate();
  ui.exportResult.hidden = true;
  const done: ExportOutcome[] = [];
  const failed: string[] = [];
  for (const [i, e] of entries.entries()) {
    if (!e.summary) continue;
    ui.activityText.textContent = t("batch-exporting", { name: e.fileName, n: i + 1, total: entries.length });
    try {
      const out = await api.exportImage(e.summary.id, outDir, form(e));
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
  ui.activityText.textContent = t("batch-done", { n: done.length, failed: failed.length });
  ui.exportResult.className = `export-result${failed.length ? " failed" : ""}`;
  const rows = done.map((o) => o.ledger_row);
  ui.exportResult.replaceChildren(
    h("strong", {}, t("batch-result", { n: done.length }), " "),
    done.length ? t("batch-result-rows", { n: rows.length, first: String(rows[0]), last: String(rows[rows.length - 1]) }) : "",
    failed.length ? h("ul", {}, ...failed.map((m) => h("li", {}, m))) : "",
  );
  ui.exportResult.dataset.exported = String(done.length);
  ui.exportResult.hidden = false;
  if (done.length) rememberForm();
  renderReview();
  scheduleGate();
}

export async function doExport(): Promise<void> {
  const entry = selectedEntry();
  const s = entry?.summary;
  if (!entry || !s || ui.exportBtn.disabled) return;
  state.exporting = true;
  renderGate();
  ui.exportResult.hidden = true;
  try {
    const out = await api.exportImage(s.id, ui.outDir.value.trim(), form(entry));
    entry.lastExport = out;
    entry.status = "exported";
    entry.summary = await api.getImage(s.id);
    const v = out.verification;
    const removed = metadataSentence(s.metadata);
    ui.exportResult.className = "export-result";
    ui.exportResult.replaceChildren(
      h("strong", {}, t("exported-verified"), " "),
      removed ? `${t("export-removed", { list: removed })} ` : "",
      `${t("export-regions", { n: out.redacted, dismissed: out.dismissed })} `,
      `${t("export-checked", { n: v.regions_checked })} `,
      t("export-ledger-row", { row: String(out.ledger_row) }),
      h("code", { "data-testid": "export-output" }, out.output),
    );
    ui.exportResult.hidden = false;
    rememberForm();
    renderQueue();
    renderReview();
  } catch (e) {
    const err = asAppError(e);
    ui.exportResult.className = "export-result failed";
    ui.exportResult.replaceChildren(h("strong", {}, err.code === "refused" ? t("refused") : t("export-failed"), " "), err.message);
    ui.exportResult.hidden = false;
  } finally {
    state.exporting = false;
    scheduleGate();
  }
}
