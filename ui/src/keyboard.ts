// The keyboard shortcuts, and the `?` dialog that lists them.
import { $, h, typing } from "./dom";
import { t, tAttr } from "./i18n";
import { METHODS, current, selectedEntry, state, ui } from "./state";
import { accept, move } from "./queue";
import { clamp, clipRect, fitFrame, imageScale, pan, setFocus, zoomBy } from "./canvas";
import { dismissPicked, edit, redactPicked, setView, toggleFinding, togglePick, undoRedo } from "./findings";
import { doExport, openBatch } from "./batch";

/** The shortcuts, as the `?` dialog lists them: catalogue ids (`shortcut-<id>`, whose value
 * says what the keys do and whose `.keys` names them). */
const SHORTCUTS = [
  "jk", "n", "a", "e", "shift-e", "tab", "draw", "arrows", "m", "d", "x", "delete", "undo", "r", "zoom", "esc",
  "enter", "help",
] as const;

export function onKey(ev: KeyboardEvent): void {
  if (ev.key === " " && !typing(ev)) {
    // Space keeps its own meaning on a control (a button, a checkbox, a list option…): it
    // pans only from the picture or the page itself.
    const target = ev.target;
    if (target instanceof HTMLElement && target.closest("button, input, select, textarea, summary, a, [role=option], [role=button]")) return;
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
    // preventDefault: the key must not also type a "d" into the reason box it opens. With
    // findings picked, D decides them all (leave visible, or cover again when all are visible).
    case "d":
      if (s && state.picked.size > 0) {
        ev.preventDefault();
        const picked = s.findings.filter((x) => state.picked.has(x.index));
        if (picked.some((x) => x.decision === "redact")) dismissPicked(s); else void redactPicked();
      } else if (s && f) { ev.preventDefault(); void toggleFinding(s, f); }
      break;
    case "x": if (f) togglePick(f.index); break;
    case "Insert": {
      // A region in the middle of the view, a quarter of the picture's size, selected: the
      // arrows move it, Alt+arrows resize it (drawing without a mouse).
      if (!s || selectedEntry()?.status === "scanning") return;
      ev.preventDefault();
      const w = Math.max(16, Math.round(s.width / 4));
      const hgt = Math.max(16, Math.round(s.height / 4));
      state.focus = s.findings.length;
      void edit({ op: "add_region", rect: { x: Math.round((s.width - w) / 2), y: Math.round((s.height - hgt) / 2), w, h: hgt }, method: "fill" });
      break;
    }
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
  list.replaceChildren(...SHORTCUTS.flatMap((id) => [
    h("dt", {}, h("kbd", {}, tAttr(`shortcut-${id}`, "keys") ?? "")), h("dd", {}, t(`shortcut-${id}`))]));
  ui.keysDialog.showModal();
}
