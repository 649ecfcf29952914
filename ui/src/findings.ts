// The findings and metadata tabs under the canvas; plan edits (through the core's `edit_plan`),
// undo and redo, and the preview image.
import { api, type FindingView, type ImageSummary, type Method, type PlanEdit } from "./api";
import { h, showError } from "./dom";
import {
  IDENTIFIER_CATEGORIES, KIND_LABEL, METHODS, METHOD_LABEL, current, formatGps, selectedEntry, state, ui,
} from "./state";
import { renderQueue } from "./queue";
import { renderBoxes, renderReview, setFocus } from "./canvas";
import { scheduleGate } from "./consent";

export function renderFindingsTable(s: ImageSummary | null): void {
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
        (f.kind === "text" || f.kind === "barcode") && !f.text ? h("span", { class: "reason", title: "Covered whether or not it could be read" }, " (not read)") : null),
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

export function renderMetadata(s: ImageSummary | null): void {
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

export function setTab(tab: "findings" | "metadata"): void {
  state.tab = tab;
  ui.tabFindings.setAttribute("aria-selected", String(tab === "findings"));
  ui.tabMetadata.setAttribute("aria-selected", String(tab === "metadata"));
  ui.findingsPane.hidden = tab !== "findings";
  ui.metadataPane.hidden = tab !== "metadata";
}

// ---------------------------------------------------------------- edits

/** The finding the "Leave visible" dialog was opened for (taken when it closes). */
export const dismissing = { target: null as { id: number; index: number } | null };

export async function toggleFinding(s: ImageSummary, f: FindingView): Promise<void> {
  if (f.decision === "dismiss") {
    await edit({ op: "redact", index: f.index });
    return;
  }
  dismissing.target = { id: s.id, index: f.index };
  ui.dismissTitle.textContent = `Leave ${KIND_LABEL[f.kind].toLowerCase()} ${f.index + 1} visible?`;
  ui.dismissReason.value = "";
  // A dialog closed with Esc keeps its last returnValue: clear it, or Esc would repeat the
  // previous "Leave visible".
  ui.dismissDialog.returnValue = "";
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

export async function edit(change: PlanEdit, id = current()?.id): Promise<void> {
  if (id === undefined) return;
  try {
    applySummary(await api.editPlan(id, change));
  } catch (e) {
    showError(e);
    renderReview();
  }
}

export async function undoRedo(which: "undo" | "redo"): Promise<void> {
  const s = current();
  if (!s || (which === "undo" ? s.undo : s.redo) === 0) return;
  try {
    applySummary(await (which === "undo" ? api.undo(s.id) : api.redo(s.id)));
  } catch (e) {
    showError(e);
  }
}

let previewToken = 0;
export async function loadPreview(): Promise<void> {
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

export function setView(view: "original" | "redacted"): void {
  state.view = view;
  ui.viewOriginal.setAttribute("aria-pressed", String(view === "original"));
  ui.viewRedacted.setAttribute("aria-pressed", String(view === "redacted"));
  renderBoxes(current());
  void loadPreview();
}
