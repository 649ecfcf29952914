// The queue of opened images (left): its rows, the selection, moving through it, "Mark reviewed".
import { h } from "./dom";
import { countsText, selectedEntry, setActivity, state, statusLabel, ui, type Entry } from "./state";
import { currentLang, t } from "./i18n";
import { renderReview } from "./canvas";
import { loadPreview } from "./findings";
import { scheduleGate } from "./consent";

/** The queue's rows by entry key, with what each was drawn from: an event redraws only the
 * rows that changed (a 100-photo scan sends ~300 events; rebuilding every row for each was
 * quadratic work on the UI thread). */
const queueRows = new Map<string, { li: HTMLLIElement; drawn: string }>();
let queueScrolledTo: string | null = null;

function queueRow(e: Entry): HTMLLIElement {
  const selected = e.key === state.selected;
  const drawn = JSON.stringify([e.status, selected, e.summary?.counts ?? null, e.error?.message ?? null, currentLang()]);
  const row = queueRows.get(e.key);
  if (row && row.drawn === drawn) return row.li;
  const li = h("li", {
    class: `queue-item${selected ? " selected" : ""}`,
    "data-testid": "queue-item", "data-status": e.status, "data-key": e.key,
    tabindex: "0", role: "option", title: e.path,
    "aria-selected": String(selected),
  },
    h("span", { class: "name" }, e.fileName),
    h("span", { class: `badge ${e.status}`, "data-testid": "queue-status" }, statusLabel(e.status)),
  );
  if (e.summary) li.append(h("span", { class: "counts" }, ...countsText(e.summary.counts)));
  if (e.error) li.append(h("span", { class: "error" }, e.error.message));
  li.addEventListener("click", () => select(e.key));
  li.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); ev.stopPropagation(); select(e.key); }
    // Up and down move the focus along the list (Enter then opens the image).
    const next = ev.key === "ArrowDown" ? li.nextElementSibling : ev.key === "ArrowUp" ? li.previousElementSibling : null;
    if (next instanceof HTMLElement) { ev.preventDefault(); ev.stopPropagation(); next.focus(); }
  });
  queueRows.set(e.key, { li, drawn });
  return li;
}

export function renderQueue(): void {
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
  ui.queueCount.textContent = state.entries.length ? t("queue-to-review", { n: pending }) : "";
  // Bring the selected row into view when the selection changes (not on every event: it
  // forces a layout).
  if (state.selected !== queueScrolledTo) {
    queueScrolledTo = state.selected;
    ui.queue.querySelector(".selected")?.scrollIntoView({ block: "nearest" });
  }
}

export function select(key: string): void {
  if (state.selected !== key) {
    // Consent is given per image: another image starts with nothing ticked.
    for (const i of ui.attestations.querySelectorAll<HTMLInputElement>("input[data-attestation]")) i.checked = false;
    ui.consentRef.value = "";
    state.focus = null;
    state.picked.clear();
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
export function move(step: number, onlyPending = false): void {
  const n = state.entries.length;
  if (n === 0) return;
  // With nothing selected, J starts at the first image and K at the last.
  const found = state.entries.findIndex((e) => e.key === state.selected);
  const at = found >= 0 ? found : step > 0 ? -1 : n;
  for (let i = 1; i <= n; i++) {
    const e = state.entries[(((at + step * i) % n) + n) % n]!;
    if (!onlyPending || e.status === "review") { select(e.key); return; }
  }
  if (onlyPending) setActivity(t("all-reviewed"));
}

/** The reviewer accepts the plan of this image: mark it reviewed and go to the next one. */
export function accept(): void {
  const entry = selectedEntry();
  if (!entry?.summary || entry.status !== "review") return;
  entry.status = "reviewed";
  renderQueue();
  renderReview();
  scheduleGate();
  if (state.entries.some((e) => e.status === "review")) move(1, true);
}
