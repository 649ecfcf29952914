// The keyboard shortcuts, and the `?` dialog that lists them.
import { $, h, typing } from "./dom";
import { METHODS, current, state, ui } from "./state";
import { accept, move } from "./queue";
import { clamp, clipRect, fitFrame, imageScale, pan, setFocus, zoomBy } from "./canvas";
import { edit, setView, toggleFinding, undoRedo } from "./findings";
import { doExport, openBatch } from "./batch";

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

export function onKey(ev: KeyboardEvent): void {
  if (ev.key === " " && !typing(ev)) {
    if (ev.target instanceof HTMLButtonElement) return;
    pan.spaceDown = true;
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

export function showKeys(): void {
  const list = $("keys-list");
  list.replaceChildren(...SHORTCUTS.flatMap(([k, what]) => [h("dt", {}, h("kbd", {}, k)), h("dd", {}, what)]));
  ui.keysDialog.showModal();
}
