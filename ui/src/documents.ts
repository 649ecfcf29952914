// Slide decks and PDFs: the document view (what a file holds, vetted), reviewing its pages and
// pictures in the canvas, and exporting its redacted copy through the gate.
import {
  api, asAppError, type DeckExportOutcome, type DocPicture, type DocumentView, type KeepText,
  type PdfExportOutcome,
} from "./api";
import { h, plural, showError } from "./dom";
import { setActivity, state, ui } from "./state";
import { select } from "./queue";
import { form, rememberForm, renderGate, scheduleGate } from "./consent";

let docToken = 0;
/** Vet a slide deck or PDF and show what it holds in the document view. */
export async function openDocument(path: string): Promise<void> {
  const token = ++docToken;
  state.doc = null;
  const name = path.split("/").pop() ?? path;
  ui.docTitle.textContent = name;
  ui.docStatus.textContent = "Checking the document: properties, text, notes, comments, and every picture scanned…";
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
    ui.docStatus.textContent = `Could not read ${name}: ${err.message}`;
    ui.docDialog.dataset.state = "error";
  }
}

function pictureLine(p: DocPicture): string {
  const deck = "name" in p;
  const shown = deck ? p.slides : p.pages;
  const where = shown.length ? `${deck ? "slide" : "page"} ${shown.join(", ")}` : "not shown";
  const size = p.width && p.height ? `${p.width} × ${p.height}` : "not decoded";
  const found = Object.entries(p.findings).filter(([, n]) => n > 0).map(([k, n]) => plural(n, k)).join(", ");
  const parts = [`${deck ? p.name : p.object} (${where}, ${size})`, found || (p.scan_error ? `not scanned: ${p.scan_error}` : "nothing found")];
  if (deck && p.cropped_on_slides.length) parts.push("cropped: the whole original is in the file");
  if (p.metadata_items.length) parts.push(`metadata: ${p.metadata_items.join("; ")}`);
  return parts.join(" · ");
}

function renderDocument(doc: DocumentView): void {
  const r = doc.report;
  const pictures: DocPicture[] = doc.kind === "pdf" ? doc.report.images : doc.report.pictures;
  const pages = doc.kind === "pdf" ? doc.report.pages : 0;
  const count = doc.kind === "pdf" ? plural(pages, "page") : plural(doc.report.slides, "slide");
  ui.docTitle.textContent = `${doc.kind === "pptx" ? "Slide deck" : "PDF"}: ${doc.file_name}`;
  ui.docStatus.textContent = `${count}, ${plural(pictures.length, "picture")}; `
    + (doc.concerns.length ? `${plural(doc.concerns.length, "thing")} to look at.` : "nothing identifying found.");
  const section = (title: string, items: (string | Node)[], cls = "") => items.length
    ? [h("h3", {}, title), h("ul", {}, ...items.map((i) => h("li", { class: cls, "data-testid": "doc-item" }, i)))]
    : [];
  const flagged = flaggedText(doc).map((f, i) => {
    const keep = h("input", { type: "checkbox", "data-testid": "doc-keep", "data-index": String(i),
      "aria-label": `Keep “${f.text}” visible` }) as HTMLInputElement;
    const reason = h("input", { type: "text", placeholder: "reason to keep it", "data-testid": "doc-keep-reason",
      "aria-label": `Reason to keep “${f.text}”`, hidden: "" }) as HTMLInputElement;
    keep.addEventListener("change", () => { reason.hidden = !keep.checked; if (keep.checked) reason.focus(); });
    return h("label", { class: "flagged", "data-testid": "doc-flagged" }, keep, ` ${f.where}: “${f.text}” `, reason);
  });
  const pdf = doc.kind === "pdf";
  ui.docBody.replaceChildren(
    ...section("What could identify someone", doc.concerns, "concern"),
    ...section(pdf ? "Lines the copy covers in black (tick to keep one legible, with a reason)"
      : "Text the copy replaces with “[redacted]” (tick to keep it, with a reason)", flagged),
    ...section(pdf ? "Pages (open one to review what its copy covers)" : "Pictures (open one to review what its copy covers)",
      pdf ? Array.from({ length: pages }, (_, i) => reviewable(doc, `page ${i + 1}`, `Page ${i + 1}`))
        : pictures.map((p) => "name" in p ? reviewable(doc, p.name, pictureLine(p)) : pictureLine(p))),
    ...(pdf ? section("Pictures on the pages", pictures.map(pictureLine)) : []),
    ...section("Properties", r.properties.map((p) => `${p.name}: ${p.value}`)),
    ...section("Could not be read", r.warnings),
  );
  ui.docDialog.dataset.state = "vetted";
  ui.docAbout.textContent = pdf
    ? "The redacted copy: every page drawn as a picture, scanned like a photo (faces, text, barcodes) "
      + "and redacted, identifier-like lines of its text covered, written as a new PDF of pictures only: "
      + "no text layer, document information, XMP, annotations, form fields, attachments or earlier revisions. "
      + "It goes through the consent panel's policy, attestations and output folder, with a ledger row."
    : "The redacted copy: every picture redacted whole (including what slides crop away) and re-encoded "
      + "without metadata, identifier-like text replaced by “[redacted]”, notes, comments, hidden slides, "
      + "embedded objects and media removed, author and company properties blanked, the thumbnail removed. "
      + "It goes through the consent panel's policy, attestations and output folder, with a ledger row.";
  ui.docExport.textContent = exportLabel(doc);
  ui.docActions.hidden = false;
}

/** "Page 3", or a deck picture's file name. */
export function docPictureLabel(key: string): string {
  return key.startsWith("page ") ? `Page ${key.slice(5)}` : `Picture ${key.split("/").pop() ?? key}`;
}

/** A page or picture line of the document view, with its Review button and, once opened, what
 * the reviewer left. */
function reviewable(doc: DocumentView, key: string, label: string): Node {
  const button = h("button", { type: "button", class: "small", "data-testid": "doc-review", "data-key": key,
    "aria-label": `Review ${docPictureLabel(key)}` }, "Review");
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
  el.textContent = `reviewed: ${plural(covered, "region")} covered${left ? `, ${left} left visible` : ""}`;
}

/** Open a page or picture of the document in the review canvas (the document view closes;
 * "Back to the document" reopens it as it was). */
async function reviewDocumentPicture(doc: DocumentView, key: string): Promise<void> {
  const entryKey = `doc:${doc.path}#${key}`;
  const existing = state.entries.find((e) => e.key === entryKey);
  if (existing) { ui.docDialog.close(); select(entryKey); return; }
  setActivity(`Drawing ${docPictureLabel(key).toLowerCase()} of ${doc.file_name} and scanning it…`);
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
    showError(e, `Could not open ${docPictureLabel(key).toLowerCase()}`);
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
  return doc.kind === "pdf" ? "Export redacted copy of the PDF" : "Export redacted copy of the deck";
}

/** What a document's copy would replace or cover, each with where it is, for the keep boxes. */
function flaggedText(doc: DocumentView): { text: string; where: string }[] {
  const cat = (c: string) => c.replace(/_/g, " ");
  if (doc.kind === "pdf") {
    return doc.report.text.map((t) => ({ text: t.text, where: `page ${t.page} (${cat(t.category)})` }));
  }
  return doc.report.flagged_text.map((f) => ({
    text: f.text,
    where: `${f.slide ? `slide ${f.slide}, ` : ""}${f.place.replace(/_/g, " ")} (${cat(f.category)})`,
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
  if (!outDir) { show(false, "Choose an output folder in the consent panel."); return; }
  // Ask the gate first, so a form still missing something is not recorded as a refusal.
  try {
    const gate = await api.checkGate(null, f);
    if (!gate.allowed) {
      show(false, h("strong", {}, "Not yet: "), "fill in the consent panel first.",
        h("ul", {}, ...gate.unmet.map((u) => h("li", { "data-testid": "doc-unmet" }, u.message))));
      return;
    }
  } catch (e) { showError(e); return; }
  state.exporting = true;
  renderGate(); // the image Export button and E wait too
  ui.docExport.disabled = true;
  ui.docExport.textContent = "Exporting…";
  try {
    const out = await api.exportDocument(doc.path, outDir, f, keptText(doc));
    ui.docResult.dataset.exported = "true";
    show(true, ...(out.document === "pdf" ? pdfExported(out) : deckExported(out)));
    rememberForm();
  } catch (e) {
    const err = asAppError(e);
    show(false, h("strong", {}, err.code === "refused" ? "Refused. " : "Export failed. "), err.message);
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
  const reasons = [...new Set(out.parts_removed.map((r) => r.reason.replace(/_/g, " ")))];
  const left: string[] = [
    ...out.text_left.map((t) => `${t.location.replace(/_/g, " ")}${t.slide ? ` ${t.slide}` : ""}: “${t.text}”`),
    ...out.comments_left.map((c) => `comment${c.slide ? ` on slide ${c.slide}` : ""} by ${c.author ?? "unknown"}`),
  ];
  return [
    h("strong", {}, "Exported and verified. "),
    `${plural(out.pictures.length, "picture")} redacted whole (${plural(regions, "region")}`,
    placeholders ? `; ${placeholders} that cannot be drawn replaced by a grey placeholder), ` : "), ",
    h("span", { "data-testid": "doc-text-replaced" },
      `${plural(out.text_replaced.length, "piece")} of identifier-like text replaced by “[redacted]”, `),
    out.parts_removed.length
      ? h("span", { "data-testid": "doc-parts-removed" },
        `${plural(out.parts_removed.length, "part")} removed (${reasons.join(", ")}), `)
      : "",
    `${out.properties_cleared.length} ${out.properties_cleared.length === 1 ? "property" : "properties"} blanked, `,
    out.thumbnail_removed.length ? "thumbnail removed; " : "",
    `the copy was reopened: ${plural(out.verification.pictures_checked, "picture")} checked, none of the originals left. `,
    `Recorded as ledger row ${out.ledger_row}.`,
    h("code", { "data-testid": "doc-output" }, out.output),
    left.length ? h("strong", { class: "left-title" }, "Still in the copy — read these before sharing:") : "",
    left.length ? h("ul", {}, ...left.map((l) => h("li", { "data-testid": "doc-left" }, l))) : "",
  ];
}

/** What a PDF's written copy holds, for the document view. */
function pdfExported(out: PdfExportOutcome): (string | Node)[] {
  const regions = out.pages.reduce((n, p) => n + p.regions_redacted, 0);
  const dpi = out.pages[0]?.dpi ?? 0;
  return [
    h("strong", {}, "Exported and verified. "),
    `${plural(out.pages.length, "page")} drawn at ${Math.round(dpi)} dpi and redacted (${plural(regions, "region")}), `,
    h("span", { "data-testid": "doc-text-replaced" },
      `${plural(out.text_redacted.length, "line")} of identifier-like text covered`
      + (out.text_kept.length ? `, ${plural(out.text_kept.length, "line")} kept legible with a reason` : "") + ". "),
    out.removed.length
      ? h("span", { "data-testid": "doc-parts-removed" }, `Left out: ${out.removed.join("; ")}. `)
      : "",
    `The copy was reopened: ${plural(out.verification.pages_checked, "page")} checked, each a single picture with no text. `,
    `Recorded as ledger row ${out.ledger_row}.`,
    h("code", { "data-testid": "doc-output" }, out.output),
  ];
}
