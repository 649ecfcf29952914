// The review canvas (centre): the picture, its regions (select, move, resize, draw new ones), the
// notices above it; zoom and pan.
import { type FindingView, type ImageSummary, type RectJson } from "./api";
import { h } from "./dom";
import { fmtPercent, fmtSize, t } from "./i18n";
import {
  MAX_ZOOM, categoryLabel, current, findingName, formatGps, metadataSentence, methodLabel, selectedEntry, state, ui,
  type Entry,
} from "./state";
import { edit, renderFindingsTable, renderMetadata, togglePick } from "./findings";
import { scheduleGate } from "./consent";
import { backToDocument, docPictureLabel } from "./documents";

export function renderReview(): void {
  const entry = selectedEntry();
  const s = entry?.summary ?? null;
  ui.imageName.textContent = entry ? entry.fileName : t("nothing-selected");
  ui.imageMeta.textContent = s ? fmtSize(s.width, s.height) : "";
  ui.frame.hidden = !s;
  ui.stageEmpty.hidden = !!s;
  if (entry && !s) {
    ui.stageEmpty.replaceChildren(h("p", {}, entry.status === "scanning" ? t("scanning") : entry.error?.message ?? ""));
  } else if (!entry) {
    ui.stageEmpty.replaceChildren(h("p", {}, t("stage-empty")));
  }
  if (s && state.focus !== null && state.focus >= s.findings.length) state.focus = null;
  const busy = entry?.status === "scanning";
  ui.overlay.classList.toggle("busy", busy);
  ui.undo.disabled = !s || busy || s.undo === 0;
  ui.redo.disabled = !s || busy || s.redo === 0;
  ui.undo.title = t("undo-title", { n: s?.undo ?? 0 });
  ui.redo.title = t("redo-title", { n: s?.redo ?? 0 });
  for (const b of [ui.zoomIn, ui.zoomOut, ui.zoomFit]) b.disabled = !s;
  ui.accept.disabled = !s || entry?.status !== "review";
  ui.accept.textContent = entry?.status === "reviewed" || entry?.status === "exported" ? t("accept-done") : t("accept");
  ui.accept.title = t("accept-title");
  renderNotices(entry);
  renderBoxes(s);
  renderFindingsTable(s);
  renderMetadata(s);
  fitFrame();
}

function renderNotices(entry: Entry | null): void {
  ui.notices.replaceChildren();
  const s = entry?.summary;
  if (!entry || !s) return;
  if (entry.status === "scanning") {
    ui.notices.append(h("div", { class: "notice info", "data-testid": "scanning-notice" },
      t("scan-faces-so-far", { n: s.counts.face ?? 0 })));
    return;
  }
  if (s.document) {
    const doc = s.document;
    const back = h("button", { type: "button", class: "link", "data-testid": "doc-back" }, t("doc-back"));
    back.addEventListener("click", () => backToDocument(doc.path));
    ui.notices.append(h("div", { class: "notice info", "data-testid": "doc-picture-notice" },
      h("strong", {}, t("doc-picture-of", { picture: docPictureLabel(doc.key), file: doc.path.split("/").pop() ?? doc.path }), " "),
      t("doc-picture-help"), " ",
      back));
  }
  if ((s.counts.face ?? 0) === 0 && !s.document) {
    const ack = h("input", { type: "checkbox", id: "no-face-ack", "data-testid": "no-face-ack" }) as HTMLInputElement;
    ack.checked = entry.noFaceAck;
    ack.addEventListener("change", () => { entry.noFaceAck = ack.checked; scheduleGate(); });
    ui.notices.append(h("div", { class: "notice warn", id: "no-face-warning", "data-testid": "no-face-warning", role: "alert" },
      h("strong", {}, t("no-face-title"), " "),
      t("no-face-help"), " ",
      h("label", {}, ack, " ", t("no-face-ack")),
    ));
  }
  const uncovered = s.findings.filter((f) => f.decision === "redact" && !f.covers).length;
  if (uncovered > 0) {
    ui.notices.append(h("div", { class: "notice warn", "data-testid": "uncovered-warning", role: "alert" },
      h("strong", {}, t("uncovered-title", { n: uncovered }), " "),
      t("uncovered-help")));
  }
  const meta = metadataSentence(s.metadata);
  const parts = [meta ? t("metadata-carried", { list: meta }) : t("metadata-none")];
  if (s.gps) parts.push(t("metadata-gps", { position: formatGps(s.gps) }));
  if (s.orientation !== 1) parts.push(t("metadata-orientation", { n: s.orientation }));
  ui.notices.append(h("div", { class: `notice ${s.gps ? "warn" : "info"}`, "data-testid": "metadata-notice" },
    parts.join(" ")));
}

/** Image pixels per CSS pixel of the frame. */
export function imageScale(s: ImageSummary): number {
  const w = ui.frame.getBoundingClientRect().width;
  return w > 0 ? s.width / w : 1;
}

function placeBox(el: HTMLElement, s: ImageSummary, [x, y, w, hgt]: number[]): void {
  el.style.left = `${(x! / s.width) * 100}%`;
  el.style.top = `${(y! / s.height) * 100}%`;
  el.style.width = `${(w! / s.width) * 100}%`;
  el.style.height = `${(hgt! / s.height) * 100}%`;
}

const HANDLES = ["nw", "n", "ne", "e", "se", "s", "sw", "w"] as const;
type Handle = typeof HANDLES[number];

export function renderBoxes(s: ImageSummary | null): void {
  const hadFocus = ui.overlay.contains(document.activeElement);
  ui.overlay.replaceChildren();
  ui.overlay.classList.toggle("redacted-view", state.view === "redacted");
  if (!s) return;
  for (const f of s.findings) {
    const dismissed = f.decision === "dismiss";
    const selected = state.focus === f.index;
    const picked = state.picked.has(f.index);
    if (f.polygon) {
      // A crowd, or a face in a framed photo: its polygon is the region; the box around it
      // moves and stretches it.
      if (f.detected_polygon && (selected || !f.covers)) {
        ui.overlay.append(shapeSvg(s, f.detected_polygon, `ghost-shape ${f.kind}`, "detected-shape"));
      }
      const shape = shapeSvg(s, f.polygon,
        `shape ${f.kind}${dismissed ? " dismissed" : ""}${selected ? " selected" : ""}${f.covers ? "" : " uncovered"}`,
        "finding-shape");
      shape.dataset.index = String(f.index);
      if (selected) {
        // Above the other regions: a wide, invisible edge to double-click on for a new point.
        shape.classList.add("active");
        const edge = shape.firstElementChild!.cloneNode() as SVGPolygonElement;
        edge.setAttribute("class", "edge-hit");
        edge.setAttribute("data-testid", "crowd-edge");
        shape.append(edge);
      }
      ui.overlay.append(shape);
    } else if (f.kind !== "manual" && (selected || !f.covers)) {
      // Where the detector found it: the region must keep covering this.
      const ghost = h("div", { class: `ghost ${f.kind}`, "data-testid": "detected-box" });
      placeBox(ghost, s, f.box);
      ui.overlay.append(ghost);
    }
    const label = findingName(f.kind, f.index);
    const category = f.category ? categoryLabel(f.category, f.category_label) : null;
    const tag = [label, category ?? (f.kind === "manual" ? null : fmtPercent(f.score)), dismissed ? t("tag-visible") : null]
      .filter(Boolean).join(" · ");
    const box = h("button", {
      type: "button",
      class: `box ${f.kind}${f.polygon ? " polygon" : ""}${dismissed ? " dismissed" : ""}${selected ? " selected" : ""}${picked ? " picked" : ""}${f.covers ? "" : " uncovered"}`,
      "data-picked": String(picked),
      "data-testid": "finding-box", "data-kind": f.kind, "data-index": String(f.index), "data-decision": f.decision,
      "data-box": f.redact_box.join(","), "data-method": f.method,
      title: dismissed ? t("box-title-dismissed", { label, reason: f.reason ?? "" })
        : t(f.polygon ? "box-title-polygon" : "box-title", { label, method: methodLabel(f.method) }),
      // The name starts with the label as shown (a speech user says what they see).
      "aria-label": [tag, dismissed ? t("left-visible") : methodLabel(f.method), picked ? t("picked") : null]
        .filter(Boolean).join(", "),
      "aria-pressed": String(selected),
    }, h("span", { class: "tag", "aria-hidden": "true" }, tag));
    placeBox(box, s, f.redact_box);
    if (selected) {
      for (const hd of HANDLES) box.append(h("span", { class: `handle ${hd}`, "data-handle": hd, "aria-hidden": "true" }));
    }
    box.addEventListener("pointerdown", (ev) => startBoxDrag(ev, s, f, box));
    box.addEventListener("focus", () => { if (!dragging && state.focus !== f.index) setFocus(f.index); });
    ui.overlay.append(box);
    if (f.polygon && selected) appendVertices(s, f, f.polygon, label);
  }
  if (vertexFocus !== null) {
    ui.overlay.querySelector<HTMLElement>(`[data-testid=crowd-vertex][data-vertex="${vertexFocus}"]`)?.focus({ preventScroll: true });
    vertexFocus = null;
  }
  if (hadFocus && state.focus !== null) {
    ui.overlay.querySelector<HTMLElement>(`[data-testid=finding-box][data-index="${state.focus}"]`)?.focus({ preventScroll: true });
  }
  declutterTags();
}

/** Region labels never cover one another: in order — the selected region's first, then larger
 * regions before smaller ones — a label that would overlap one already shown is hidden
 * (`tag-hidden`) and appears while its region is hovered, focused or selected. Run after every
 * render and whenever the picture changes size (zoom, window). */
export function declutterTags(): void {
  const boxes = [...ui.overlay.querySelectorAll<HTMLElement>("[data-testid=finding-box]")];
  for (const b of boxes) b.classList.remove("tag-hidden");
  const order = boxes
    .map((b) => ({ b, r: b.getBoundingClientRect(), selected: b.classList.contains("selected") }))
    .sort((a, c) => Number(c.selected) - Number(a.selected) || c.r.width * c.r.height - a.r.width * a.r.height);
  const shown: DOMRect[] = [];
  for (const { b } of order) {
    const tag = b.querySelector<HTMLElement>(".tag");
    if (!tag) continue;
    const t = tag.getBoundingClientRect();
    const overlaps = shown.some((o) => t.left < o.right && o.left < t.right && t.top < o.bottom && o.top < t.bottom);
    if (overlaps) b.classList.add("tag-hidden");
    else shown.push(t);
  }
}

// ---------------------------------------------------------------- polygon regions (crowds, photos)

const SVG = "http://www.w3.org/2000/svg";
type Point = [number, number];

/** The polygon drawn over the whole picture in its pixels (the overlay's size). */
function shapeSvg(s: ImageSummary, points: Point[], cls: string, testid: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", `shape-layer`);
  svg.setAttribute("viewBox", `0 0 ${s.width} ${s.height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("aria-hidden", "true");
  const poly = document.createElementNS(SVG, "polygon");
  poly.setAttribute("class", cls);
  poly.setAttribute("data-testid", testid);
  poly.setAttribute("points", points.map(([x, y]) => `${x},${y}`).join(" "));
  poly.setAttribute("vector-effect", "non-scaling-stroke");
  svg.append(poly);
  return svg;
}

/** A vertex to focus once the overlay is drawn again (after a keyboard edit). */
let vertexFocus: number | null = null;

/** One handle per vertex of the selected polygon: drag it (or use the arrow keys) to move the
 * point, double-click it (or press Delete) to remove it. */
function appendVertices(s: ImageSummary, f: FindingView, points: Point[], label: string): void {
  const shape = ui.overlay.querySelector<SVGPolygonElement>(`polygon.shape.selected`);
  const edge = ui.overlay.querySelector<SVGPolygonElement>(`polygon.edge-hit`);
  points.forEach(([x, y], i) => {
    const v = h("span", {
      class: `vertex ${f.kind}`, role: "button", tabindex: "0", "data-testid": "crowd-vertex", "data-vertex": String(i),
      "aria-label": t("vertex-label", { n: i + 1, total: points.length, label }),
    });
    v.style.left = `${(x / s.width) * 100}%`;
    v.style.top = `${(y / s.height) * 100}%`;
    v.addEventListener("pointerdown", (ev) => startVertexDrag(ev, s, f, points, i, v, [shape, edge]));
    v.addEventListener("dblclick", (ev) => { ev.stopPropagation(); removeVertex(f, points, i); });
    v.addEventListener("keydown", (ev) => {
      const step = ev.shiftKey ? 10 : 1;
      const move: Record<string, Point> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (ev.key in move) {
        ev.preventDefault(); ev.stopPropagation();
        const [dx, dy] = move[ev.key]!;
        const next = points.map((p, j): Point => j === i ? [clamp(p[0] + dx, 0, s.width), clamp(p[1] + dy, 0, s.height)] : p);
        vertexFocus = i;
        void edit({ op: "set_polygon", index: f.index, points: next });
      } else if (ev.key === "Delete" || ev.key === "Backspace") {
        ev.preventDefault(); ev.stopPropagation();
        vertexFocus = Math.min(i, points.length - 2);
        removeVertex(f, points, i);
      }
    });
    ui.overlay.append(v);
  });
}

function removeVertex(f: FindingView, points: Point[], i: number): void {
  if (points.length <= 3) return; // a polygon keeps at least three points
  state.focus = f.index;
  void edit({ op: "set_polygon", index: f.index, points: points.filter((_, j) => j !== i) });
}

/** Double-click inside the selected polygon region's box: a new point on the edge nearest the
 * click. (Listened for on the overlay, which outlives the boxes: a click re-draws them.) */
export function addVertex(ev: MouseEvent): void {
  const s = current();
  const f = s && state.focus !== null ? s.findings[state.focus] : undefined;
  const points = f?.polygon;
  if (!s || !f || !points || (ev.target as HTMLElement).closest?.("[data-testid=crowd-vertex]")) return;
  const [bx, by, bw, bh] = f.redact_box;
  const bounds = ui.overlay.getBoundingClientRect();
  const k = s.width / bounds.width;
  const p: Point = [(ev.clientX - bounds.left) * k, (ev.clientY - bounds.top) * k];
  const slack = 8 * k; // a double-click just outside the box still counts
  if (p[0] < bx - slack || p[0] > bx + bw + slack || p[1] < by - slack || p[1] > by + bh + slack) return;
  ev.preventDefault();
  ev.stopPropagation();
  let best = 0, bestDist = Infinity;
  points.forEach((a, i) => {
    const d = segmentDistance(p, a, points[(i + 1) % points.length]!);
    if (d < bestDist) { bestDist = d; best = i; }
  });
  // A double-click on (or a few pixels beside) an edge adds the point on the edge itself,
  // rounded outwards: adding a point never changes what the region covers. Farther away, the
  // point goes where the click was.
  let added: Point = [Math.round(p[0]), Math.round(p[1])];
  if (bestDist <= 6 * k) {
    const [x, y] = nearestOnSegment(p, points[best]!, points[(best + 1) % points.length]!);
    const cx = points.reduce((n, q) => n + q[0], 0) / points.length;
    const cy = points.reduce((n, q) => n + q[1], 0) / points.length;
    added = [x >= cx ? Math.ceil(x) : Math.floor(x), y >= cy ? Math.ceil(y) : Math.floor(y)];
  }
  const next = [...points.slice(0, best + 1), added, ...points.slice(best + 1)];
  state.focus = f.index;
  vertexFocus = best + 1;
  void edit({ op: "set_polygon", index: f.index, points: next });
}

/** The point of the segment `a`–`b` nearest to `p`. */
function nearestOnSegment(p: Point, a: Point, b: Point): Point {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : clamp(((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len, 0, 1);
  return [a[0] + t * dx, a[1] + t * dy];
}

/** Distance from `p` to the segment `a`–`b`. */
export function segmentDistance(p: Point, a: Point, b: Point): number {
  const [x, y] = nearestOnSegment(p, a, b);
  return Math.hypot(p[0] - x, p[1] - y);
}

function startVertexDrag(
  ev: PointerEvent, s: ImageSummary, f: FindingView, points: Point[], i: number, v: HTMLElement,
  shapes: (SVGPolygonElement | null)[],
): void {
  if (ev.button !== 0 || pan.spaceDown) return;
  ev.preventDefault();
  ev.stopPropagation();
  const k = imageScale(s);
  const start = { x: ev.clientX, y: ev.clientY };
  const [x0, y0] = points[i]!;
  let next = points;
  let moved = false;
  v.setPointerCapture(ev.pointerId);
  const onMove = (e: PointerEvent) => {
    if (!moved && Math.abs(e.clientX - start.x) + Math.abs(e.clientY - start.y) < 3) return;
    moved = true;
    const p: Point = [Math.round(clamp(x0 + (e.clientX - start.x) * k, 0, s.width)), Math.round(clamp(y0 + (e.clientY - start.y) * k, 0, s.height))];
    next = points.map((q, j) => (j === i ? p : q));
    v.style.left = `${(p[0] / s.width) * 100}%`;
    v.style.top = `${(p[1] / s.height) * 100}%`;
    for (const shape of shapes) shape?.setAttribute("points", next.map(([x, y]) => `${x},${y}`).join(" "));
  };
  const onUp = () => {
    v.removeEventListener("pointermove", onMove);
    v.removeEventListener("pointerup", onUp);
    v.removeEventListener("pointercancel", onUp);
    if (!moved) { v.focus({ preventScroll: true }); return; }
    state.focus = f.index;
    vertexFocus = i;
    void edit({ op: "set_polygon", index: f.index, points: next });
  };
  v.addEventListener("pointermove", onMove);
  v.addEventListener("pointerup", onUp);
  v.addEventListener("pointercancel", onUp);
}

export function setFocus(index: number | null): void {
  state.focus = index;
  renderBoxes(current());
  renderFindingsTable(current());
}

let dragging = false;
/** Move (drag the box) or resize (drag a handle) a region; a click without movement selects it. */
function startBoxDrag(ev: PointerEvent, s: ImageSummary, f: FindingView, box: HTMLElement): void {
  if (ev.button !== 0 || pan.spaceDown) return;
  ev.preventDefault();
  ev.stopPropagation();
  // Ctrl/Shift+click picks the region for a decision together with others.
  if (ev.ctrlKey || ev.shiftKey || ev.metaKey) { togglePick(f.index); return; }
  const handle = (ev.target as HTMLElement).dataset.handle as Handle | undefined;
  const k = imageScale(s);
  const [x0, y0, w0, h0] = f.redact_box;
  const start = { x: ev.clientX, y: ev.clientY };
  let rect = { x: x0, y: y0, w: w0, h: h0 };
  let moved = false;
  dragging = true;
  box.setPointerCapture(ev.pointerId);
  const onMove = (e: PointerEvent) => {
    const dx = (e.clientX - start.x) * k;
    const dy = (e.clientY - start.y) * k;
    if (!moved && Math.abs(e.clientX - start.x) + Math.abs(e.clientY - start.y) < 3) return;
    moved = true;
    rect = handle ? resized(x0, y0, w0, h0, handle, dx, dy) : {
      x: clamp(Math.round(x0 + dx), 0, s.width - w0), y: clamp(Math.round(y0 + dy), 0, s.height - h0), w: w0, h: h0,
    };
    rect = clipRect(rect, s);
    placeBox(box, s, [rect.x, rect.y, rect.w, rect.h]);
  };
  const onUp = () => {
    box.removeEventListener("pointermove", onMove);
    box.removeEventListener("pointerup", onUp);
    box.removeEventListener("pointercancel", onUp);
    dragging = false;
    if (!moved) {
      setFocus(f.index);
      ui.overlay.querySelector<HTMLElement>(`[data-testid=finding-box][data-index="${f.index}"]`)?.focus({ preventScroll: true });
      return;
    }
    state.focus = f.index;
    void edit({ op: "set_region", index: f.index, rect });
  };
  box.addEventListener("pointermove", onMove);
  box.addEventListener("pointerup", onUp);
  box.addEventListener("pointercancel", onUp);
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}

function resized(x: number, y: number, w: number, hgt: number, hd: Handle, dx: number, dy: number): RectJson {
  let [l, t, r, b] = [x, y, x + w, y + hgt];
  if (hd.includes("w")) l = Math.min(l + dx, r - 4);
  if (hd.includes("e")) r = Math.max(r + dx, l + 4);
  if (hd.includes("n")) t = Math.min(t + dy, b - 4);
  if (hd.includes("s")) b = Math.max(b + dy, t + 4);
  return { x: Math.round(l), y: Math.round(t), w: Math.round(r - l), h: Math.round(b - t) };
}

export function clipRect(r: RectJson, s: ImageSummary): RectJson {
  const l = clamp(r.x, 0, s.width), t = clamp(r.y, 0, s.height);
  const rr = clamp(r.x + r.w, 0, s.width), b = clamp(r.y + r.h, 0, s.height);
  return { x: l, y: t, w: rr - l, h: b - t };
}

/** Drag on the picture (not on a region) to draw a region the detectors missed. */
export function startDraw(ev: PointerEvent): void {
  const s = current();
  if (!s || ev.button !== 0 || ev.target !== ui.overlay || pan.spaceDown) return;
  ev.preventDefault();
  const bounds = ui.overlay.getBoundingClientRect();
  const k = s.width / bounds.width;
  const at = (e: PointerEvent) => ({
    x: clamp((e.clientX - bounds.left) * k, 0, s.width), y: clamp((e.clientY - bounds.top) * k, 0, s.height),
  });
  const a = at(ev);
  let rect: RectJson = { x: Math.round(a.x), y: Math.round(a.y), w: 0, h: 0 };
  const ghost = h("div", { class: "box manual drawing", "data-testid": "drawing" });
  placeBox(ghost, s, [rect.x, rect.y, 0, 0]);
  ui.overlay.append(ghost);
  ui.overlay.setPointerCapture(ev.pointerId);
  const onMove = (e: PointerEvent) => {
    const b = at(e);
    const l = Math.floor(Math.min(a.x, b.x)), t = Math.floor(Math.min(a.y, b.y));
    rect = { x: l, y: t, w: Math.ceil(Math.max(a.x, b.x)) - l, h: Math.ceil(Math.max(a.y, b.y)) - t };
    placeBox(ghost, s, [rect.x, rect.y, rect.w, rect.h]);
  };
  const onUp = () => {
    ui.overlay.removeEventListener("pointermove", onMove);
    ui.overlay.removeEventListener("pointerup", onUp);
    ui.overlay.removeEventListener("pointercancel", onUp);
    ghost.remove();
    if (rect.w < 4 || rect.h < 4) { if (state.focus !== null) setFocus(null); return; }
    state.focus = s.findings.length;
    void edit({ op: "add_region", rect, method: "fill" });
  };
  ui.overlay.addEventListener("pointermove", onMove);
  ui.overlay.addEventListener("pointerup", onUp);
  ui.overlay.addEventListener("pointercancel", onUp);
}

// ---------------------------------------------------------------- zoom and pan

export function fitFrame(): void {
  const s = current();
  if (!s) return;
  const pad = 24;
  const aw = Math.max(ui.stage.clientWidth - pad * 2, 50);
  const ah = Math.max(ui.stage.clientHeight - pad * 2, 50);
  const scale = Math.min(aw / s.width, ah / s.height, 3) * state.zoom;
  ui.frame.style.width = `${Math.round(s.width * scale)}px`;
  ui.frame.style.height = `${Math.round(s.height * scale)}px`;
  ui.stage.classList.toggle("zoomed", state.zoom > 1);
  ui.zoomFit.textContent = fmtPercent(state.zoom);
  ui.zoomFit.setAttribute("aria-label", t("zoom-fit-label", { zoom: ui.zoomFit.textContent }));
  ui.zoomOut.disabled = state.zoom <= 1;
  ui.zoomIn.disabled = state.zoom >= MAX_ZOOM;
  declutterTags();
}

/** Zoom by `factor`, keeping the picture point under (`cx`, `cy`) (stage coordinates) still. */
export function zoomBy(factor: number, cx?: number, cy?: number): void {
  if (!current()) return;
  const next = clamp(state.zoom * factor, 1, MAX_ZOOM);
  if (next === state.zoom) return;
  const px = cx ?? ui.stage.clientWidth / 2, py = cy ?? ui.stage.clientHeight / 2;
  const fx = ui.frame.offsetLeft, fy = ui.frame.offsetTop;
  const before = { x: ui.stage.scrollLeft + px - fx, y: ui.stage.scrollTop + py - fy };
  const ratio = next / state.zoom;
  state.zoom = next;
  fitFrame();
  ui.stage.scrollLeft = before.x * ratio + ui.frame.offsetLeft - px;
  ui.stage.scrollTop = before.y * ratio + ui.frame.offsetTop - py;
}

/** The space bar is held (set by the keyboard handlers): a left-button drag pans. */
export const pan = { spaceDown: false };
/** Pan a zoomed picture: drag with the middle button, or with the space bar held. */
export function startPan(ev: PointerEvent): void {
  if (!(ev.button === 1 || (ev.button === 0 && pan.spaceDown))) return;
  ev.preventDefault();
  const start = { x: ev.clientX, y: ev.clientY, l: ui.stage.scrollLeft, t: ui.stage.scrollTop };
  ui.stage.setPointerCapture(ev.pointerId);
  ui.stage.classList.add("panning");
  const onMove = (e: PointerEvent) => {
    ui.stage.scrollLeft = start.l - (e.clientX - start.x);
    ui.stage.scrollTop = start.t - (e.clientY - start.y);
  };
  const onUp = () => {
    ui.stage.classList.remove("panning");
    ui.stage.removeEventListener("pointermove", onMove);
    ui.stage.removeEventListener("pointerup", onUp);
  };
  ui.stage.addEventListener("pointermove", onMove);
  ui.stage.addEventListener("pointerup", onUp);
}
