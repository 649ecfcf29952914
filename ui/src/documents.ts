// Slide decks and PDFs: the document view (what a file holds, vetted), reviewing its pages and
// pictures in the canvas, and exporting its redacted copy through the gate.
import {
  api, asAppError, type DeckExportOutcome, type DocPicture, type DocumentView, type KeepText,
  type PdfExportOutcome,
} from "./api";
import { h, showError } from "./dom";
import { currentLang, enumLabel, fmtList, fmtSize, t } from "./i18n";
import { categoryLabel, kindCount, setActivity, state, ui } from "./state";
import { KINDS, type Kind } from "./api";
import { select } from "./queue";
import { form, rememberForm, renderGate, scheduleGate } from "./consent";

let docToken = 0;
/** Vet a slide deck or PDF and show what it holds in the document view. */
export async function openDocument(path: string): Promise<void> {
  const token = ++docToken;
  state.doc = null;
  const name = path.split("/").pop() ?? path;
  ui.docTitle.textContent = name;
  ui.docStatus.textContent = t("doc-checking");
  ui.docBody.replaceChildren();
  ui.docActions.hidden = true;
  ui.docResult.hidden = true;
  if (ui.docTitle.dataset.path !== path) ui.docNoFaceAck.checked = false;
  ui.docTitle.dataset.path = path;
  ui.docDialog.dataset.state = "vetting";
  if (!ui.docDialog.open) ui.docDialog.show();
  try {
    const doc = await api.vetDocument(path);
    if (token !== docToken) return;
    state.doc = doc;
    renderDocument(doc);
  } catch (e) {
    if (token !== docToken) return;
    const err = asAppError(e);
    ui.docStatus.textContent = t("doc-unreadable", { name, message: err.message });
    ui.docDialog.dataset.state = "error";
  }
}

function pictureLine(p: DocPicture): string {
  const deck = "name" in p;
  const shown = deck ? p.slides : p.pages;
  const where = shown.length ? t(deck ? "doc-on-slides" : "doc-on-pages", { n: shown.length, list: shown.join(", ") }) : t("doc-not-shown");
  const size = p.width && p.height ? fmtSize(p.width, p.height) : t("doc-not-decoded");
  const found = Object.entries(p.findings).filter(([k, n]) => n > 0 && (KINDS as string[]).includes(k))
    .map(([k, n]) => kindCount(k as Kind, n)).join(t("list-separator"));
  const parts = [`${deck ? p.name : p.object} (${where}, ${size})`,
    found || (p.scan_error ? t("doc-not-scanned", { error: p.scan_error }) : t("doc-nothing-found"))];
  if (deck && p.cropped_on_slides.length) parts.push(t("doc-cropped"));
  if (p.metadata_items.length) parts.push(t("doc-metadata", { list: p.metadata_items.join("; ") }));
  return parts.join(" · ");
}

/** The document's concerns in the language shown (English when the shell has no such list). */
function concerns(doc: DocumentView): string[] {
  return doc.concerns[currentLang()] ?? doc.concerns.en ?? [];
}

function renderDocument(doc: DocumentView): void {
  const r = doc.report;
  const pictures: DocPicture[] = doc.kind === "pdf" ? doc.report.images : doc.report.pictures;
  const pages = doc.kind === "pdf" ? doc.report.pages : 0;
  const count = doc.kind === "pdf" ? t("doc-pages", { n: pages }) : t("doc-slides", { n: doc.report.slides });
  ui.docTitle.textContent = t(doc.kind === "pptx" ? "doc-title-deck" : "doc-title-pdf", { name: doc.file_name });
  ui.docStatus.textContent = t("doc-summary", { count, pictures: pictures.length, concerns: concerns(doc).length });
  const section = (title: string, items: (string | Node)[], cls = "") => items.length
    ? [h("h3", {}, title), h("ul", {}, ...items.map((i) => h("li", { class: cls, "data-testid": "doc-item" }, i)))]
    : [];
  const flagged = flaggedText(doc).map((f, i) => {
    const keep = h("input", { type: "checkbox", "data-testid": "doc-keep", "data-index": String(i),
      "aria-label": t("doc-keep-label", { text: f.text }) }) as HTMLInputElement;
    const reason = h("input", { type: "text", placeholder: t("doc-keep-reason"), "data-testid": "doc-keep-reason",
      "aria-label": t("doc-keep-reason-label", { text: f.text }), hidden: "" }) as HTMLInputElement;
    keep.addEventListener("change", () => { reason.hidden = !keep.checked; if (keep.checked) reason.focus(); });
    return h("label", { class: "flagged", "data-testid": "doc-flagged" }, keep, ` ${t("where-quoted", { where: f.where, text: f.text })} `, reason);
  });
  const pdf = doc.kind === "pdf";
  ui.docBody.replaceChildren(
    ...section(t("doc-section-concerns"), concerns(doc), "concern"),
    ...section(t(pdf ? "doc-section-lines" : "doc-section-text"), flagged),
    ...section(t(pdf ? "doc-section-pages" : "doc-section-pictures"),
      pdf ? Array.from({ length: pages }, (_, i) => reviewable(doc, `page ${i + 1}`, docPictureLabel(`page ${i + 1}`)))
        : pictures.map((p) => "name" in p ? reviewable(doc, p.name, pictureLine(p)) : pictureLine(p))),
    ...(pdf ? section(t("doc-section-page-pictures"), pictures.map(pictureLine)) : []),
    ...section(t("doc-section-properties"), r.properties.map((p) => `${p.name}: ${p.value}`)),
    ...section(t("doc-section-unreadable"), r.warnings),
  );
  ui.docDialog.dataset.state = "vetted";
  ui.docAbout.textContent = t(pdf ? "doc-about-pdf" : "doc-about-deck");
  ui.docExport.textContent = exportLabel(doc);
  ui.docActions.hidden = false;
}

/** "Page 3", or a deck picture's file name. */
export function docPictureLabel(key: string): string {
  return key.startsWith("page ") ? t("doc-page", { n: key.slice(5) }) : t("doc-picture", { name: key.split("/").pop() ?? key });
}

/** A page or picture line of the document view, with its Review button and, once opened, what
 * the reviewer left. */
function reviewable(doc: DocumentView, key: string, label: string): Node {
  const button = h("button", { type: "button", class: "small", "data-testid": "doc-review", "data-key": key,
    "aria-label": t("doc-review-label", { label: docPictureLabel(key) }) }, t("doc-review"));
  button.addEventListener("click", () => void reviewDocumentPicture(doc, key));
  const status = h("span", { class: "muted review-status", "data-testid": "doc-review-status", "data-key": key });
  const line = h("span", { class: "reviewable" }, button, " ", label, " ", status);
  updateReviewStatus(status, doc.path, key);
  return line;
}

function updateReviewStatus(el: Element, path: string, key: string): void {
  const s = state.entries.find((e) => e.summary?.document?.path === path && e.summary.document.key === key)?.summary;
  if (!s) { el.textContent = ""; return; }
  const covered = s.findings.filter((f) => f.decision === "redact").length;
  const left = s.findings.length - covered;
  el.textContent = t("doc-reviewed", { n: covered, left });
}

/** Open a page or picture of the document in the review canvas (the document view closes;
 * "Back to the document" reopens it as it was). */
async function reviewDocumentPicture(doc: DocumentView, key: string): Promise<void> {
  const entryKey = `doc:${doc.path}#${key}`;
  const existing = state.entries.find((e) => e.key === entryKey);
  if (existing) { ui.docDialog.close(); select(entryKey); return; }
  setActivity(t("doc-drawing", { label: docPictureLabel(key), name: doc.file_name }));
  try {
    const summary = await api.openDocumentPicture(doc.path, key);
    if (!state.entries.some((e) => e.key === entryKey)) {
      state.entries.push({
        key: entryKey, fileName: `${doc.file_name} · ${docPictureLabel(key)}`, path: doc.path, status: "review",
        summary, error: null, lastExport: null, noFaceAck: false,
      });
    }
    setActivity("");
    ui.docDialog.close();
    select(entryKey);
  } catch (e) {
    setActivity("");
    showError(e, t("error-open-picture", { label: docPictureLabel(key) }));
  }
}

/** Reopen the document view (as it was left: ticks and reasons kept) from one of its pictures. */
export function backToDocument(path: string): void {
  if (state.doc?.path !== path) { void openDocument(path); return; }
  for (const el of ui.docBody.querySelectorAll<HTMLElement>('[data-testid="doc-review-status"]')) {
    updateReviewStatus(el, path, el.dataset.key ?? "");
  }
  if (!ui.docDialog.open) ui.docDialog.show();
}

function exportLabel(doc: DocumentView): string {
  return t(doc.kind === "pdf" ? "doc-export-pdf" : "doc-export-deck");
}

/** What a document's copy would replace or cover, each with where it is, for the keep boxes. */
function flaggedText(doc: DocumentView): { text: string; where: string }[] {
  if (doc.kind === "pdf") {
    return doc.report.text.map((x) => ({ text: x.text, where: t("doc-where-page", { n: x.page, category: categoryLabel(x.category) }) }));
  }
  return doc.report.flagged_text.map((f) => ({
    text: f.text,
    where: t("doc-where-slide", { n: f.slide ?? 0, place: enumLabel("place", f.place), category: categoryLabel(f.category) }),
  }));
}

/** The flagged text ticked to keep in the document view, with the reasons typed. */
function keptText(doc: DocumentView): KeepText[] {
  const flagged = flaggedText(doc);
  const reasons = [...ui.docBody.querySelectorAll<HTMLInputElement>('[data-testid="doc-keep-reason"]')];
  return [...ui.docBody.querySelectorAll<HTMLInputElement>('[data-testid="doc-keep"]')]
    .map((box, i) => ({ box, i }))
    .filter(({ box }) => box.checked)
    .map(({ box, i }) => ({ text: flagged[Number(box.dataset.index)]?.text ?? "", reason: reasons[i]?.value.trim() ?? "" }));
}

/** Export the redacted copy of the deck or PDF in the document view through the gate. */
export async function exportDocument(): Promise<void> {
  const doc = state.doc;
  if (!doc || state.exporting) return;
  const outDir = ui.outDir.value.trim();
  const f = { ...form(null), checked: ui.docNoFaceAck.checked ? ["face" as const] : [] };
  const show = (ok: boolean, ...children: (string | Node)[]) => {
    ui.docResult.className = ok ? "export-result" : "export-result failed";
    ui.docResult.replaceChildren(...children);
    ui.docResult.hidden = false;
  };
  ui.docResult.hidden = true;
  delete ui.docResult.dataset.exported;
  if (!outDir) { show(false, t("doc-choose-folder")); return; }
  // Ask the gate first, so a form still missing something is not recorded as a refusal.
  try {
    const gate = await api.checkGate(null, f, currentLang());
    if (!gate.allowed) {
      show(false, h("strong", {}, t("doc-not-yet")), " ", t("doc-fill-consent"),
        h("ul", {}, ...gate.unmet.map((u) => h("li", { "data-testid": "doc-unmet" }, u.message))));
      return;
    }
  } catch (e) { showError(e); return; }
  state.exporting = true;
  renderGate(); // the image Export button and E wait too
  ui.docExport.disabled = true;
  ui.docExport.textContent = t("exporting");
  try {
    const out = await api.exportDocument(doc.path, outDir, f, keptText(doc));
    ui.docResult.dataset.exported = "true";
    show(true, ...(out.document === "pdf" ? pdfExported(out) : deckExported(out)));
    rememberForm();
  } catch (e) {
    const err = asAppError(e);
    show(false, h("strong", {}, err.code === "refused" ? t("refused") : t("export-failed"), " "), err.message);
  } finally {
    state.exporting = false;
    renderGate();
    ui.docExport.disabled = false;
    ui.docExport.textContent = exportLabel(doc);
    scheduleGate();
  }
}

/** What a deck's written copy holds, for the document view. */
function deckExported(out: DeckExportOutcome): (string | Node)[] {
  const regions = out.pictures.reduce((n, p) => n + p.regions_redacted, 0);
  const placeholders = out.pictures.filter((p) => p.treatment === "placeholder").length;
  const reasons = [...new Set(out.parts_removed.map((r) => enumLabel("removed", r.reason)))];
  const left: string[] = [
    ...out.text_left.map((x) => t("where-quoted", { where: `${enumLabel("place", x.location)}${x.slide ? ` ${x.slide}` : ""}`, text: x.text })),
    ...out.comments_left.map((c) => t("doc-comment-left", { slide: c.slide ?? 0, author: c.author ?? t("doc-unknown-author") })),
  ];
  return [
    h("strong", {}, t("exported-verified"), " "),
    `${t("doc-pictures-redacted", { n: out.pictures.length, regions, placeholders })} `,
    h("span", { "data-testid": "doc-text-replaced" }, `${t("doc-text-replaced", { n: out.text_replaced.length })} `),
    out.parts_removed.length
      ? h("span", { "data-testid": "doc-parts-removed" },
        `${t("doc-parts-removed", { n: out.parts_removed.length, reasons: fmtList(reasons) })} `)
      : "",
    `${t("doc-properties-cleared", { n: out.properties_cleared.length, thumbnail: out.thumbnail_removed.length ? "yes" : "no" })} `,
    `${t("doc-deck-checked", { n: out.verification.pictures_checked })} `,
    t("export-ledger-row", { row: String(out.ledger_row) }),
    h("code", { "data-testid": "doc-output" }, out.output),
    left.length ? h("strong", { class: "left-title" }, t("doc-still-in-copy")) : "",
    left.length ? h("ul", {}, ...left.map((l) => h("li", { "data-testid": "doc-left" }, l))) : "",
  ];
}

/** What a PDF's written copy holds, for the document view. */
function pdfExported(out: PdfExportOutcome): (string | Node)[] {
  const regions = out.pages.reduce((n, p) => n + p.regions_redacted, 0);
  const dpi = out.pages[0]?.dpi ?? 0;
  return [
    h("strong", {}, t("exported-verified"), " "),
    `${t("doc-pages-redacted", { n: out.pages.length, dpi: Math.round(dpi), regions })} `,
    h("span", { "data-testid": "doc-text-replaced" },
      `${t("doc-lines-covered", { n: out.text_redacted.length, kept: out.text_kept.length })} `),
    out.removed.length
      ? h("span", { "data-testid": "doc-parts-removed" }, `${t("doc-left-out", { list: out.removed.join("; ") })} `)
      : "",
    `${t("doc-pdf-checked", { n: out.verification.pages_checked })} `,
    t("export-ledger-row", { row: String(out.ledger_row) }),
    h("code", { "data-testid": "doc-output" }, out.output),
  ];
}

/** Draw the open document view again (after a change of language), keeping what the reviewer
 * ticked and typed. */
export function renderDocumentAgain(): void {
  const doc = state.doc;
  if (!doc) return;
  const keep = [...ui.docBody.querySelectorAll<HTMLInputElement>('[data-testid="doc-keep"]')].map((b) => b.checked);
  const reasons = [...ui.docBody.querySelectorAll<HTMLInputElement>('[data-testid="doc-keep-reason"]')].map((r) => r.value);
  renderDocument(doc);
  const boxes = [...ui.docBody.querySelectorAll<HTMLInputElement>('[data-testid="doc-keep"]')];
  const fields = [...ui.docBody.querySelectorAll<HTMLInputElement>('[data-testid="doc-keep-reason"]')];
  boxes.forEach((b, i) => { b.checked = keep[i] ?? false; });
  fields.forEach((f, i) => { f.value = reasons[i] ?? ""; f.hidden = !(keep[i] ?? false); });
}
