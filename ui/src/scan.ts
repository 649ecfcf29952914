// Opening images, folders, slide decks and PDFs: images and folders are scanned into the queue,
// a deck or PDF opens in the document view.
import { api, type ScanEvent } from "./api";
import { showError } from "./dom";
import { t } from "./i18n";
import { cleanPath, isDocument, setActivity, state, ui } from "./state";
import { renderQueue, select } from "./queue";
import { renderReview } from "./canvas";
import { loadPreview } from "./findings";
import { scheduleGate } from "./consent";
import { openDocument } from "./documents";

export async function openPaths(paths: string[]): Promise<void> {
  const all = paths.map(cleanPath).filter((p) => p.length > 0);
  // A slide deck or PDF opens in the document view (the last one given); images and folders
  // are scanned into the queue.
  const docs = all.filter(isDocument);
  if (docs.length) void openDocument(docs[docs.length - 1]!);
  const clean = all.filter((p) => !isDocument(p));
  if (clean.length === 0) return;
  const batch = ++state.batches;
  const keys = new Map<number, string>();
  state.scansRunning++;
  setActivity(t("scan-loading-models"));
  const onEvent = (ev: ScanEvent) => {
    // The benchmark (tests/app/bench_ui.py) sets `__cfEventTimes` to see how long each event
    // keeps the UI thread busy.
    const times = (window as { __cfEventTimes?: number[] }).__cfEventTimes;
    const t0 = times ? performance.now() : 0;
    handleScanEvent(ev);
    if (times) times.push(performance.now() - t0);
  };
  const handleScanEvent = (ev: ScanEvent) => {
    switch (ev.event) {
      case "started":
        state.scanTotal += ev.total;
        setActivity(ev.total === 0 ? t("scan-none-found") : t("scan-started", { n: ev.total }));
        break;
      case "file_started": {
        const key = `b${batch}-${ev.index}`;
        keys.set(ev.index, key);
        state.entries.push({
          key, fileName: ev.file_name, path: ev.path, status: "scanning",
          summary: null, error: null, lastExport: null, noFaceAck: false,
        });
        setActivity(t("scan-file", { name: ev.file_name }));
        renderQueue();
        break;
      }
      case "file_findings": {
        // The faces are known; text detection goes on. Show them at once.
        const key = keys.get(ev.index);
        const entry = state.entries.find((e) => e.key === key);
        if (!entry || !key) break;
        entry.summary = ev.image;
        if (!state.selected) {
          select(key);
        } else {
          renderQueue();
          if (key === state.selected) { renderReview(); void loadPreview(); }
        }
        break;
      }
      case "file_done": {
        state.scanDone++;
        const key = keys.get(ev.index) ?? `b${batch}-${ev.index}`;
        const entry = state.entries.find((e) => e.key === key);
        if (!entry) break;
        entry.summary = ev.image;
        entry.error = ev.error;
        entry.status = ev.image ? "review" : "error";
        if (ev.image && !state.selected) {
          select(key);
        } else {
          renderQueue();
          if (key === state.selected) {
            renderReview();
            if (state.view === "redacted" || !ev.image) void loadPreview();
            scheduleGate();
          }
        }
        setActivity(ui.activityText.textContent ?? "");
        break;
      }
    }
  };
  try {
    const summary = await api.openImages(clean, onEvent);
    const parts = [t("scan-done", { n: summary.ok })];
    if (summary.failed > 0) parts.push(t("scan-failed", { n: summary.failed }));
    if (summary.cancelled) parts.push(t("scan-cancelled", { n: summary.total - summary.ok - summary.failed }));
    state.scansRunning--;
    setActivity(parts.join(t("list-separator")));
  } catch (e) {
    state.scansRunning--;
    setActivity("");
    showError(e, t("error-scan"));
  } finally {
    if (state.scansRunning === 0) { state.scanTotal = 0; state.scanDone = 0; }
    setActivity(ui.activityText.textContent ?? "");
    scheduleGate();
  }
}

export async function cancelScans(): Promise<void> {
  ui.cancelScan.disabled = true;
  ui.activityText.textContent = t("scan-stopping");
  try { await api.cancelScans(); } catch (e) { showError(e); }
}
