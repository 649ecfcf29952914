// The catalogues' check (run by scripts/test.sh): fails when
//   - a catalogue in locales/ does not parse (Fluent junk),
//   - a message or attribute of one language is missing in another,
//   - a message uses variables the English one does not (or misses some),
//   - the code or the page asks for a message no catalogue has (t("…"), tAttr("…"), tOr("…"),
//     data-l10n-id="…"; families like `kind-${k}` are checked for every value of the Rust enum
//     they come from, read from src/generated/types.ts),
//   - English has a message nothing uses.
// Prints what it checked; exits non-zero with every problem listed.
import { readFileSync, readdirSync } from "node:fs";
import { parse } from "@fluent/syntax";

const problems = [];
const say = (m) => problems.push(m);

/** Every `$variable` referenced under an AST node. */
function variables(node, out = new Set()) {
  if (!node || typeof node !== "object") return out;
  if (node.type === "VariableReference") out.add(node.id.name);
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) v.forEach((x) => variables(x, out));
    else if (v && typeof v === "object") variables(v, out);
  }
  return out;
}

/** A catalogue: id → { attrs: Set, vars: Set, hasValue }. */
function load(lang) {
  const src = readFileSync(`locales/${lang}.ftl`, "utf8");
  const res = parse(src, { withSpans: true });
  const msgs = new Map();
  for (const e of res.body) {
    if (e.type === "Junk") {
      const line = src.slice(0, e.span.start).split("\n").length;
      say(`locales/${lang}.ftl:${line}: does not parse: ${e.annotations.map((a) => a.message).join("; ")}`);
    } else if (e.type === "Message") {
      if (msgs.has(e.id.name)) say(`locales/${lang}.ftl: ${e.id.name} is defined twice`);
      msgs.set(e.id.name, {
        hasValue: e.value !== null,
        attrs: new Map(e.attributes.map((a) => [a.id.name, variables(a.value)])),
        vars: variables(e.value),
      });
    }
  }
  return msgs;
}

const langs = readdirSync("locales").filter((f) => f.endsWith(".ftl")).map((f) => f.slice(0, -4)).sort();
const cats = Object.fromEntries(langs.map((l) => [l, load(l)]));
const en = cats.en;
const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
for (const lang of langs.filter((l) => l !== "en")) {
  const other = cats[lang];
  for (const [id, m] of en) {
    const o = other.get(id);
    if (!o) { say(`locales/${lang}.ftl: missing ${id}`); continue; }
    if (m.hasValue !== o.hasValue) say(`locales/${lang}.ftl: ${id} ${m.hasValue ? "has no value" : "has a value English lacks"}`);
    if (!same(m.vars, o.vars)) say(`locales/${lang}.ftl: ${id} uses {${[...o.vars]}} where English uses {${[...m.vars]}}`);
    for (const [a, vars] of m.attrs) {
      if (!o.attrs.has(a)) say(`locales/${lang}.ftl: ${id}.${a} missing`);
      else if (!same(vars, o.attrs.get(a))) say(`locales/${lang}.ftl: ${id}.${a} variables differ from English`);
    }
    for (const a of o.attrs.keys()) if (!m.attrs.has(a)) say(`locales/${lang}.ftl: ${id}.${a} is not in English`);
  }
  for (const id of other.keys()) if (!en.has(id)) say(`locales/${lang}.ftl: ${id} is not in English`);
}

// What the code and the page ask for.
const used = new Set();
const need = (id, where) => { used.add(id); if (!en.has(id)) say(`${where}: no message ${id}`); };
const html = readFileSync("index.html", "utf8");
for (const m of html.matchAll(/data-l10n-id="([^"]+)"/g)) need(m[1], "index.html");
for (const m of html.matchAll(/data-reason-id="([^"]+)"/g)) need(m[1], "index.html");
const types = readFileSync("src/generated/types.ts", "utf8");
const enumValues = (name) => {
  const m = types.match(new RegExp(`export type ${name} = ([^;]+);`));
  if (!m) { say(`src/generated/types.ts: no type ${name}`); return []; }
  return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
};
const kebab = (s) => s.replace(/_/g, "-");
// Families: a message per value of a Rust enum (or of a list in the code).
const families = {
  "kind-": enumValues("Kind"), "count-": enumValues("Kind"), "method-": enumValues("Method"),
  "category-": enumValues("TextCategory"), "outcome-": enumValues("Outcome"),
  "place-": [...new Set([...enumValues("TextLocation"), ...enumValues("TextPlace")])],
  "removed-": enumValues("RemovalReason"), "status-": [], "shortcut-": [],
};
const code = readdirSync("src").filter((f) => f.endsWith(".ts")).map((f) => [f, readFileSync(`src/${f}`, "utf8")]);
for (const [f, text] of code) {
  // The first argument of t(…), tAttr(…), tOr(…): every string literal in it.
  for (const m of text.matchAll(/\bt(?:Attr|Or)?\(/g)) {
    let depth = 0, i = m.index + m[0].length, arg = "";
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") { if (depth === 0) break; depth--; }
      else if (c === "," && depth === 0) break;
      arg += c;
    }
    // (Not the literals a condition compares with: `doc.kind === "pdf" ? … : …`.)
    for (const s of arg.matchAll(/(?<![=!]==\s*)"([a-z][a-z0-9-]*)"/g)) need(s[1], `src/${f}`);
    for (const s of arg.matchAll(/`([a-z][a-z0-9-]*-)\$\{/g)) {
      if (!(s[1] in families)) say(`src/${f}: t(\`${s[1]}…\`) is not a known family`);
    }
  }
  const status = text.match(/export type Status = ([^;]+);/);
  if (status) families["status-"] = [...status[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
  const shortcuts = text.match(/const SHORTCUTS = \[([^\]]+)\]/);
  if (shortcuts) families["shortcut-"] = [...shortcuts[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
}
for (const [prefix, values] of Object.entries(families)) {
  if (values.length === 0) say(`no values found for the family ${prefix}…`);
  for (const v of values) need(`${prefix}${kebab(v)}`, `family ${prefix}…`);
}
for (const id of en.keys()) if (!used.has(id)) say(`locales/en.ftl: ${id} is not used`);

if (problems.length) {
  for (const p of problems) console.error(`l10n: ${p}`);
  console.error(`l10n: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`l10n: ${langs.join(", ")}: ${en.size} messages each, every one used and every use defined`);
