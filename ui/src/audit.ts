// The audit view: the ledger's rows with a filter, the hash-chain check, export to CSV/JSON.
// Everything is read through the core (src-tauri's audit_* commands); nothing here writes rows.
import { save } from "@tauri-apps/plugin-dialog";
import { KINDS, api, asAppError, type AuditRow } from "./api";
import { $, h, showError } from "./dom";
import { fmtDateTime, t } from "./i18n";
import { kindCount } from "./state";

const ui = {
  dialog: $<HTMLDialogElement>("audit-dialog"),
  filter: $<HTMLInputElement>("audit-filter"),
  outcome: $<HTMLSelectElement>("audit-outcome"),
  body: $<HTMLTableSectionElement>("audit-rows"),
  count: $("audit-count"),
  verify: $<HTMLButtonElement>("audit-verify"),
  verifyResult: $("audit-verify-result"),
  exportCsv: $<HTMLButtonElement>("audit-export"),
  path: $("audit-path"),
};

let rows: AuditRow[] = [];

function findingsText(row: AuditRow): string {
  const parts: string[] = [];
  for (const k of KINDS) {
    const c = row.entry.findings[k];
    if (!c || c.found === 0) continue;
    parts.push(c.dismissed ? t("audit-found-dismissed", { found: kindCount(k, c.found), n: c.dismissed }) : kindCount(k, c.found));
  }
  return parts.join(t("list-separator")) || t("audit-none");
}

/** The text a row is searched by. */
function haystack(row: AuditRow): string {
  const e = row.entry;
  return [String(row.id), e.time, e.outcome, e.policy_id, e.subject, e.destination, e.consent_ref ?? "",
    e.reviewer ?? "", e.output_name ?? "", ...e.dismissals.map((d) => d.reason ?? ""),
    ...e.unmet.map((u) => u.message)].join(" ").toLowerCase();
}

function render(): void {
  const words = ui.filter.value.toLowerCase().split(/\s+/).filter(Boolean);
  const outcome = ui.outcome.value;
  const shown = rows.filter((r) => (!outcome || r.entry.outcome === outcome)
    && words.every((w) => haystack(r).includes(w)));
  ui.body.replaceChildren(...shown.slice().reverse().map((r) => {
    const e = r.entry;
    return h("tr", { "data-testid": "audit-row", "data-outcome": e.outcome, "data-row": String(r.id) },
      h("td", { class: "num" }, String(r.id)),
      h("td", { class: "num", title: e.time }, fmtDateTime(e.time)),
      h("td", {}, h("span", { class: `badge ${e.outcome === "exported" ? "exported" : "error"}` }, t(`outcome-${e.outcome}`))),
      h("td", {}, e.policy_id, h("span", { class: "reason" }, ` ${e.subject} → ${e.destination}`)),
      h("td", {}, e.consent_ref ?? "—"),
      h("td", {}, e.reviewer ?? "—"),
      h("td", {}, findingsText(r),
        e.outcome === "refused" && e.unmet.length
          ? h("span", { class: "reason", title: e.unmet.map((u) => u.message).join("\n") }, ` · ${t("audit-unmet", { n: e.unmet.length })}`)
          : null),
    );
  }));
  if (shown.length === 0) {
    ui.body.append(h("tr", { class: "empty" }, h("td", { colspan: "7" },
      rows.length === 0 ? t("audit-empty") : t("audit-no-match"))));
  }
  ui.count.textContent = shown.length === rows.length ? t("audit-count", { n: rows.length })
    : t("audit-count-filtered", { shown: shown.length, n: rows.length });
}

async function load(): Promise<void> {
  try {
    rows = await api.auditRows(5000);
  } catch (e) {
    rows = [];
    showError(e, t("error-read-ledger"));
  }
  render();
}

async function verify(): Promise<void> {
  ui.verify.disabled = true;
  ui.verifyResult.className = "verify-result";
  ui.verifyResult.textContent = t("audit-checking");
  try {
    const r = await api.auditVerify();
    ui.verifyResult.className = `verify-result ${r.ok ? "ok" : "bad"}`;
    ui.verifyResult.dataset.ok = String(r.ok);
    ui.verifyResult.textContent = r.ok
      ? t("audit-intact", { n: r.rows_checked }) + (r.head ? ` ${t("audit-head", { hash: r.head.last_hash.slice(0, 16) })}` : "")
      : t("audit-altered", { row: String(r.first_bad_row ?? "?"), problem: r.problem ?? t("audit-no-verify") });
  } catch (e) {
    ui.verifyResult.className = "verify-result bad";
    ui.verifyResult.dataset.ok = "false";
    ui.verifyResult.textContent = asAppError(e).message;
  } finally {
    ui.verify.disabled = false;
  }
}

async function exportRows(): Promise<void> {
  try {
    const path = await save({
      title: t("audit-export-title"),
      defaultPath: "clearframe-audit.csv",
      filters: [{ name: "CSV", extensions: ["csv"] }, { name: "JSON", extensions: ["json"] }],
    });
    if (!path) return;
    const format = path.toLowerCase().endsWith(".json") ? "json" : "csv";
    const n = await api.auditExport(path, format);
    ui.verifyResult.className = "verify-result ok";
    ui.verifyResult.textContent = t("audit-written", { n, path });
  } catch (e) {
    showError(e, t("error-export-ledger"));
  }
}

/** Open the audit view (rows are read fresh each time). */
export async function openAudit(ledgerPath: string): Promise<void> {
  ui.path.textContent = ledgerPath;
  ui.verifyResult.textContent = "";
  delete ui.verifyResult.dataset.ok;
  ui.body.replaceChildren();
  if (!ui.dialog.open) ui.dialog.showModal();
  await load();
  ui.filter.focus();
}

/** Wire the dialog's controls (once, at start-up). */
export function initAudit(): void {
  ui.filter.addEventListener("input", render);
  ui.outcome.addEventListener("change", render);
  ui.verify.addEventListener("click", () => void verify());
  ui.exportCsv.addEventListener("click", () => void exportRows());
  $("audit-refresh").addEventListener("click", () => void load());
}
