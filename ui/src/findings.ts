// The findings and metadata tabs under the canvas; plan edits (through the core's `edit_plan`),
// undo and redo, and the preview image.
import { api, type FindingView, type ImageSummary, type Method, type PlanEdit } from "./api";
import { h, showError } from "./dom";
import {
  IDENTIFIER_CATEGORIES, METHODS, categoryLabel, current, findingName, formatGps, kindLabel, methodLabel, selectedEntry,
  state, ui,
} from "./state";
import { fmtNumber, fmtPercent, fmtSize, t } from "./i18n";
import { renderQueue } from "./queue";
import { renderBoxes, renderReview, setFocus } from "./canvas";
import { scheduleGate } from "./consent";

export function renderFindingsTable(s: ImageSummary | null): void {
  const body = ui.findings.tBodies[0]!;
  body.replaceChildren();
  ui.tabFindings.textContent = s ? t("tab-findings-count", { n: s.findings.length }) : t("tab-findings");
  if (!s || s.findings.length === 0) {
    body.append(h("tr", { class: "empty" }, h("td", { colspan: "6" },
      s ? t("findings-none") : "")));
    renderBulk(s);
    return;
  }
  for (const f of s.findings) {
    const [x, y, w, hgt] = f.redact_box;
    const dismissed = f.decision === "dismiss";
    const name = findingName(f.kind, f.index);
    const method = h("select", { "data-testid": "finding-method", "aria-label": t("method-for", { label: name }) },
      ...METHODS.map((m) => h("option", { value: m }, methodLabel(m)))) as HTMLSelectElement;
    const busy = selectedEntry()?.status === "scanning";
    method.value = f.method;
    method.disabled = dismissed || busy;
    method.addEventListener("change", () => void edit({ op: "set_method", index: f.index, method: method.value as Method }));
    const action = h("button", { type: "button", "data-testid": "finding-action",
      "aria-label": t(dismissed ? "cover-again-label" : "leave-visible-label", { label: name }) },
    dismissed ? t("cover-again") : t("leave-visible-ellipsis"));
    action.disabled = busy;
    action.addEventListener("click", (ev) => { ev.stopPropagation(); void toggleFinding(s, f); });
    const remove = f.kind === "manual"
      ? h("button", { type: "button", "data-testid": "finding-remove", title: t("remove-region-title"),
        "aria-label": t("remove-region-label", { label: name }) }, t("remove"))
      : null;
    remove?.addEventListener("click", (ev) => { ev.stopPropagation(); void edit({ op: "remove_region", index: f.index }); });
    const pick = h("input", { type: "checkbox", "data-testid": "finding-pick", "data-index": String(f.index),
      "aria-label": t("pick-label", { label: name }) }) as HTMLInputElement;
    pick.checked = state.picked.has(f.index);
    pick.disabled = busy;
    pick.addEventListener("click", (ev) => ev.stopPropagation());
    pick.addEventListener("change", () => togglePick(f.index, pick.checked));
    const row = h("tr", {
      "data-testid": "finding-row", "data-kind": f.kind, "data-decision": f.decision, "data-index": String(f.index),
      class: `${state.focus === f.index ? "selected" : ""}${pick.checked ? " picked" : ""}`,
    },
      h("td", { class: "pick" }, pick),
      h("td", {}, h("span", { class: `dot ${f.kind}`, "aria-hidden": "true" }), name,
        f.text ? h("span", { class: "read-text", "data-testid": "finding-text" }, ` ${t("quoted", { text: f.text })}`) : null,
        f.category ? h("span", {
          class: `chip cat-${f.category}${IDENTIFIER_CATEGORIES.has(f.category) ? " identifier" : ""}`,
          "data-testid": "finding-category", "data-category": f.category,
        }, categoryLabel(f.category, f.category_label)) : null,
        f.format ? h("span", { class: "chip", "data-testid": "finding-format" }, f.format) : null,
        (f.kind === "text" || f.kind === "barcode") && !f.text ? h("span", { class: "reason", title: t("not-read-title") }, ` (${t("not-read")})`) : null),
      h("td", { class: "num" }, f.kind === "manual" ? t("drawn") : fmtPercent(f.score)),
      h("td", { class: "num" }, `${fmtNumber(x)}, ${fmtNumber(y)} · ${fmtSize(w, hgt)}`, f.covers ? null : h("span", { class: "warn-text" }, ` · ${t("off-detection")}`)),
      h("td", {}, dismissed ? h("span", {}, t("left-visible-cap"), " ", h("span", { class: "reason" }, `— ${f.reason ?? ""}`)) : method),
      h("td", { class: "action" }, action, remove),
    );
    row.addEventListener("click", () => setFocus(f.index));
    body.append(row);
  }
  body.querySelector("tr.selected")?.scrollIntoView({ block: "nearest" });
  renderBulk(s);
}

// ---------------------------------------------------------------- several at once

/** Add (or with `on` false, take out) a finding from the picked ones. */
export function togglePick(index: number, on = !state.picked.has(index)): void {
  if (on) state.picked.add(index); else state.picked.delete(index);
  renderBoxes(current());
  renderFindingsTable(current());
}

/** The "Select" menu's choices for this image: none, all, every finding of a kind present,
 * every text finding of a category present. */
function bulkChoices(s: ImageSummary): { value: string; label: string }[] {
  const kinds = [...new Set(s.findings.map((f) => f.kind))];
  const cats = [...new Set(s.findings.flatMap((f) => f.category ? [f.category] : []))];
  return [
    { value: "", label: t("bulk-choose") },
    { value: "all", label: t("bulk-all", { n: s.findings.length }) },
    ...kinds.map((k) => ({ value: `kind:${k}`, label: t("bulk-kind", { kind: kindLabel(k).toLocaleLowerCase(), n: s.findings.filter((f) => f.kind === k).length }) })),
    ...cats.map((c) => ({ value: `category:${c}`, label: t("bulk-category", {
      category: categoryLabel(c), n: s.findings.filter((f) => f.category === c).length }) })),
    { value: "none", label: t("bulk-none") },
  ];
}

/** The findings a "Select" choice stands for. */
function chosen(s: ImageSummary, value: string): number[] {
  const [what, which] = value.split(":");
  return s.findings.filter((f) => what === "all" || (what === "kind" && f.kind === which)
    || (what === "category" && f.category === which)).map((f) => f.index);
}

function renderBulk(s: ImageSummary | null): void {
  const findings = s?.findings ?? [];
  for (const i of [...state.picked]) if (i >= findings.length) state.picked.delete(i);
  ui.bulk.hidden = findings.length < 2;
  if (!s || findings.length < 2) return;
  const picked = findings.filter((f) => state.picked.has(f.index));
  const busy = selectedEntry()?.status === "scanning";
  ui.bulkSelect.replaceChildren(...bulkChoices(s).map((c) => h("option", { value: c.value }, c.label)));
  ui.bulkSelect.value = "";
  ui.bulkSelect.disabled = busy;
  ui.bulkCount.textContent = t("bulk-count", { n: picked.length });
  ui.bulkDismiss.disabled = busy || !picked.some((f) => f.decision === "redact");
  ui.bulkRedact.disabled = busy || !picked.some((f) => f.decision === "dismiss");
}

/** Wire the bar over the findings table (once, at start-up). */
export function initBulk(): void {
  ui.bulkSelect.addEventListener("change", () => {
    const s = current();
    const value = ui.bulkSelect.value;
    if (!s || !value) return;
    state.picked = new Set(value === "none" ? [] : chosen(s, value));
    renderBoxes(s);
    renderFindingsTable(s);
    ui.bulkSelect.focus();
  });
  ui.bulkDismiss.addEventListener("click", () => { const s = current(); if (s) dismissPicked(s); });
  ui.bulkRedact.addEventListener("click", () => void redactPicked());
}

/** Ask for one reason to leave every picked finding still covered visible. */
export function dismissPicked(s: ImageSummary): void {
  const indices = s.findings.filter((f) => state.picked.has(f.index) && f.decision === "redact").map((f) => f.index);
  if (indices.length === 0) return;
  openDismiss(s.id, indices, t("dismiss-title-many", { n: indices.length }));
}

/** Cover every picked finding left visible again. */
export async function redactPicked(): Promise<void> {
  const s = current();
  if (!s) return;
  const indices = s.findings.filter((f) => state.picked.has(f.index) && f.decision === "dismiss").map((f) => f.index);
  if (indices.length === 0) return;
  state.picked.clear();
  await edit({ op: "redact_many", indices });
}

export function renderMetadata(s: ImageSummary | null): void {
  ui.metadataPane.replaceChildren();
  const n = s?.metadata_items.length ?? 0;
  ui.tabMetadata.textContent = s ? t("tab-metadata-count", { n }) : t("tab-metadata");
  if (!s) return;
  const dl = h("dl", { class: "meta-list", "data-testid": "metadata-list" },
    h("dt", {}, t("meta-file")), h("dd", {}, s.path),
    h("dt", {}, t("meta-format")), h("dd", {}, t("meta-format-value", { container: s.container.toUpperCase(), size: fmtSize(s.width, s.height) })
      + (s.orientation !== 1 ? ` ${t("meta-orientation-applied", { n: s.orientation })}` : "")),
  );
  if (s.gps) {
    dl.append(h("dt", {}, t("meta-location")), h("dd", { class: "warn-text", "data-testid": "metadata-gps" },
      t("meta-location-value", { position: formatGps(s.gps) })));
  }
  ui.metadataPane.append(dl);
  if (n === 0) {
    ui.metadataPane.append(h("p", { class: "muted" }, t("meta-no-blocks")));
    return;
  }
  ui.metadataPane.append(h("table", { class: "findings" },
    h("thead", {}, h("tr", {}, h("th", {}, t("meta-col-block")), h("th", {}, t("meta-col-says")), h("th", {}, t("meta-col-export")))),
    h("tbody", {}, ...s.metadata_items.map((m) => h("tr", { "data-testid": "metadata-item", "data-block": m.block },
      h("td", {}, m.block.replace(/_/g, " ")),
      h("td", { class: "selectable" }, m.summary),
      h("td", { class: "ok-text" }, t("meta-removed")))))));
}

export function setTab(tab: "findings" | "metadata"): void {
  state.tab = tab;
  ui.tabFindings.setAttribute("aria-selected", String(tab === "findings"));
  ui.tabMetadata.setAttribute("aria-selected", String(tab === "metadata"));
  ui.findingsPane.hidden = tab !== "findings";
  ui.metadataPane.hidden = tab !== "metadata";
}

// ---------------------------------------------------------------- edits

/** The findings the "Leave visible" dialog was opened for (taken when it closes). */
export const dismissing = { target: null as { id: number; indices: number[] } | null };

export async function toggleFinding(s: ImageSummary, f: FindingView): Promise<void> {
  if (f.decision === "dismiss") {
    await edit({ op: "redact", index: f.index });
    return;
  }
  openDismiss(s.id, [f.index], t("dismiss-title", { label: findingName(f.kind, f.index) }));
}

/** The "Leave visible" dialog, for one finding or several (one reason for all). */
function openDismiss(id: number, indices: number[], title: string): void {
  dismissing.target = { id, indices };
  ui.dismissTitle.textContent = title;
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
    showError(e, t("error-preview"));
  }
}

export function setView(view: "original" | "redacted"): void {
  state.view = view;
  ui.viewOriginal.setAttribute("aria-pressed", String(view === "original"));
  ui.viewRedacted.setAttribute("aria-pressed", String(view === "redacted"));
  renderBoxes(current());
  void loadPreview();
}
