// Contrast of the theme's text colours on their backgrounds, in the light and the dark theme
// (styles.css's variables), against WCAG 2.1 AA's 4.5:1 for text, region labels on their
// kind's colour included. (A region's kind is always named in text too, in its label, its
// aria-label and the findings table, so colour is never the only signal.) axe-core in the
// window test checks the page as drawn in both themes (picked in the toolbar); this checks
// every pair of both themes, drawn or not. Run by the UI build; exits non-zero on a failing pair.
import { readFileSync } from "node:fs";

const css = readFileSync("src/styles.css", "utf8");
const vars = (block) => Object.fromEntries([...block.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2]]));
const DARK = ':root[data-theme="dark"] {';
const light = vars(css.slice(css.indexOf(":root {"), css.indexOf(DARK)));
const darkStart = css.indexOf(DARK);
const dark = { ...light, ...vars(css.slice(darkStart, css.indexOf("\n}\n", darkStart))) };

const lum = (hex) => {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
};
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };

// [foreground, background, minimum]
const TEXT = 4.5;
const pairs = [
  ["text", "bg", TEXT], ["text", "pane", TEXT], ["text", "pane-2", TEXT], ["muted", "pane", TEXT], ["muted", "bg", TEXT],
  ["accent-text", "accent", TEXT], ["accent", "pane", TEXT], ["text", "accent-soft", TEXT],
  ["danger", "pane", TEXT], ["danger", "danger-soft", TEXT], ["danger-text", "danger", TEXT], ["warn", "warn-soft", TEXT], ["ok", "ok-soft", TEXT],
  ["ok", "pane", TEXT],
  // Region labels: text on each kind's colour.
  ["face-ink", "face", TEXT], ["text-kind-ink", "text-kind", TEXT], ["barcode-ink", "barcode", TEXT],
  ["manual-ink", "manual", TEXT], ["crowd-ink", "crowd", TEXT],
];
let bad = 0;
for (const [name, theme] of [["light", light], ["dark", dark]]) {
  for (const [fg, bg, min] of pairs) {
    if (!theme[fg] || !theme[bg]) { console.error(`contrast: ${name}: --${fg} or --${bg} missing`); bad++; continue; }
    const r = ratio(theme[fg], theme[bg]);
    if (r < min) { console.error(`contrast: ${name}: --${fg} ${theme[fg]} on --${bg} ${theme[bg]} is ${r.toFixed(2)}:1, under ${min}:1`); bad++; }
  }
}
if (bad) process.exit(1);
console.log(`contrast: ${pairs.length} pairs pass WCAG AA in the light and the dark theme`);
