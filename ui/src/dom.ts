// Small DOM helpers shared by the front end's modules.
import { asAppError } from "./api";

/** The element with this id (the page is static: a missing id is a programming error). */
export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
};

/** Create an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") el.className = v; else el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

let toastTimer = 0;
/** Show an error (a command's `{code, message}` or anything thrown) in the toast. */
export function showError(e: unknown, context?: string): void {
  const toast = $("toast");
  const err = asAppError(e);
  toast.textContent = context ? `${context}: ${err.message}` : err.message;
  toast.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => { toast.hidden = true; }, 8000);
}

/** True while typing in a field or while a modal dialog is open (shortcuts stay out of the way). */
export function typing(ev: KeyboardEvent): boolean {
  const t = ev.target;
  if (t instanceof HTMLInputElement && t.type !== "checkbox" && t.type !== "radio") return true;
  return t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement
    || document.querySelector("dialog[open]") !== null;
}
