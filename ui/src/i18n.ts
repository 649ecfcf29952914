// The app's language: English or French (fr-CA), from the system locale or the reviewer's choice
// (the toolbar's language menu, remembered). Every message lives in a Fluent catalogue,
// ui/locales/<lang>.ftl, that a translator edits without touching code; `node check-l10n.mjs`
// (run by the tests) fails when a key is missing in one language, a message uses a variable
// the other does not, or the code asks for a key no catalogue has.
//
// The HTML carries `data-l10n-id` (and `data-l10n-args`, JSON) on the elements to translate, as
// Fluent's DOM bindings do: a message's value becomes the element's text, its attributes
// (`.placeholder`, `.title`, `.aria-label`, `.alt`) the element's attributes.
// JSON output and ledger rows stay language-neutral: only what is shown is translated.
import { FluentBundle, FluentResource, type FluentVariable, type Message } from "@fluent/bundle";
import enText from "../locales/en.ftl";
import frText from "../locales/fr.ftl";

/** The languages the app speaks: id → its own name and the locale used for formats. */
export const LANGUAGES = {
  en: { name: "English", locale: "en-CA" },
  fr: { name: "Français", locale: "fr-CA" },
} as const;
export type Lang = keyof typeof LANGUAGES;

const SOURCES: Record<Lang, string> = { en: enText, fr: frText };
const STORE = "clearframe.lang";
const ATTRIBUTES = new Set(["placeholder", "title", "aria-label", "alt"]);

function bundle(lang: Lang): FluentBundle {
  // No Unicode isolation marks around variables: the UI is left-to-right only, and the marks
  // would end up in copied text and in the window test's string checks.
  const b = new FluentBundle(LANGUAGES[lang].locale, { useIsolating: false });
  const errors = b.addResource(new FluentResource(SOURCES[lang]));
  for (const e of errors) console.error(`locales/${lang}.ftl: ${e.message}`);
  return b;
}

const bundles: Partial<Record<Lang, FluentBundle>> = {};
const get = (lang: Lang) => (bundles[lang] ??= bundle(lang));

let lang: Lang = "en";
/** Locale tag used for numbers, dates and sizes (the system's own when its language is ours). */
let formatLocale: string = LANGUAGES.en.locale;
let systemTag = "";

/** Arguments of a message. */
export type Args = Record<string, FluentVariable>;

/** The current language. */
export const currentLang = (): Lang => lang;

/** Message `id` and the bundle it comes from: the current language's, else English's. */
function lookup(id: string): { bundle: FluentBundle; msg: Message } | null {
  for (const bundle of [get(lang), get("en")]) {
    const msg = bundle.getMessage(id);
    if (msg) return { bundle, msg };
  }
  return null;
}

/** `id` in the current language (English when a catalogue misses it, then the id itself). */
export function t(id: string, args?: Args): string {
  const m = lookup(id);
  if (m?.msg.value) return m.bundle.formatPattern(m.msg.value, args ?? null);
  console.error(`no message ${id}`);
  return id;
}

/** One attribute of a message (e.g. a button's `.title`), or `null`. */
export function tAttr(id: string, attr: string, args?: Args): string | null {
  const m = lookup(id);
  const pattern = m?.msg.attributes[attr];
  return m && pattern ? m.bundle.formatPattern(pattern, args ?? null) : null;
}

/** `t(id)` when the catalogue has `id`, else `fallback`. */
export function tOr(id: string, fallback: string, args?: Args): string {
  return lookup(id) ? t(id, args) : fallback;
}

/** The label of a value of a Rust enum (`id_number`): message `<family>-id-number`, else the
 * value in words, or `fallback` (a text category, place or reason a newer core reports). */
export function enumLabel(family: string, value: string, fallback?: string | null): string {
  return tOr(`${family}-${value.replace(/_/g, "-")}`, fallback ?? value.replace(/_/g, " "));
}

/** Translate one element marked with `data-l10n-id`. */
export function translateElement(el: HTMLElement): void {
  const id = el.dataset.l10nId;
  if (!id) return;
  const args = el.dataset.l10nArgs ? JSON.parse(el.dataset.l10nArgs) as Args : undefined;
  const m = lookup(id);
  if (!m) { console.error(`no message ${id}`); return; }
  if (m.msg.value) el.textContent = m.bundle.formatPattern(m.msg.value, args ?? null);
  for (const [name, pattern] of Object.entries(m.msg.attributes)) {
    if (ATTRIBUTES.has(name)) el.setAttribute(name, m.bundle.formatPattern(pattern, args ?? null));
  }
}

/** Translate every element of the page marked with `data-l10n-id`. */
export function translatePage(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-l10n-id]")) translateElement(el);
}

/** Our language for a locale tag (`fr_CA.UTF-8`, `fr-CA`, `en_GB`…); `null` when not ours. */
export function langOf(tag: string): Lang | null {
  const code = tag.trim().toLowerCase().split(/[-_.@]/)[0] ?? "";
  return code in LANGUAGES ? code as Lang : null;
}

/** A BCP 47 tag from a POSIX locale (`fr_CA.UTF-8` → `fr-CA`). */
function bcp47(tag: string): string {
  return tag.split(/[.@]/)[0]!.replace(/_/g, "-");
}

const listeners: (() => void)[] = [];
/** Run `f` after every change of language (to redraw what the modules drew). */
export function onLanguageChange(f: () => void): void {
  listeners.push(f);
}

/** Switch the app to `next`, remember the choice, and redraw. */
export function setLanguage(next: Lang, remember = true): void {
  lang = next;
  formatLocale = langOf(systemTag) === next && systemTag.includes("-") ? validLocale(systemTag) : LANGUAGES[next].locale;
  document.documentElement.lang = LANGUAGES[next].locale;
  if (remember) {
    try { localStorage.setItem(STORE, next); } catch { /* storage unavailable */ }
  }
  translatePage();
  for (const f of listeners) f();
}

function validLocale(tag: string): string {
  try { return Intl.getCanonicalLocales(tag)[0] ?? LANGUAGES[lang].locale; } catch { return LANGUAGES[lang].locale; }
}

/** Choose the language at start-up: the one the reviewer chose before, else the system's
 * (`systemLocale`, as the shell reads it from LC_ALL / LC_MESSAGES / LANG), else the
 * browser's, else English. */
export function initLanguage(systemLocale: string | null): Lang {
  systemTag = bcp47(systemLocale ?? navigator.language ?? "");
  let saved: string | null = null;
  try { saved = localStorage.getItem(STORE); } catch { /* storage unavailable */ }
  const chosen = (saved && saved in LANGUAGES ? saved as Lang : null)
    ?? langOf(systemTag) ?? langOf(navigator.language ?? "") ?? "en";
  setLanguage(chosen, false);
  return chosen;
}

// ---------------------------------------------------------------- formats

/** A number in the current locale (`12 345` in French, `12,345` in English). */
export function fmtNumber(n: number, digits = 0): string {
  return new Intl.NumberFormat(formatLocale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

/** A percentage from a 0–1 score (`87 %` in French). */
export function fmtPercent(score: number): string {
  return new Intl.NumberFormat(formatLocale, { style: "percent", maximumFractionDigits: 0 }).format(score);
}

/** A size in bytes, with the unit the locale writes (`1.4 MB`, `1,4 Mo`). */
export function fmtBytes(bytes: number): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return new Intl.NumberFormat(formatLocale, {
    style: "unit", unit: units[i], unitDisplay: i === 0 ? "long" : "short", maximumFractionDigits: i === 0 ? 0 : 1,
  }).format(v);
}

/** A date and time (an RFC 3339 string) in the current locale and the machine's time zone. */
export function fmtDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(formatLocale, { dateStyle: "medium", timeStyle: "medium" }).format(d);
}

/** A list (`a, b and c`, `a, b et c`). */
export function fmtList(items: string[]): string {
  return new Intl.ListFormat(formatLocale, { style: "long", type: "conjunction" }).format(items);
}

/** Image dimensions, `4000 × 3000`. */
export function fmtSize(w: number, hgt: number): string {
  return `${fmtNumber(w)} × ${fmtNumber(hgt)}`;
}
