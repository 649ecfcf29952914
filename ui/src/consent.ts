// The consent panel (right): policy, subject, destination, attestations, consent reference,
// reviewer and output folder; the gate's answer for the selected image; the form remembered
// between sessions.
import { api, asAppError, type ConsentForm, type PolicyView, type Rule } from "./api";
import { h } from "./dom";
import { currentLang, t } from "./i18n";
import { REMEMBER, batchCandidates, selectedEntry, state, ui, type Entry } from "./state";

function currentPolicy(): PolicyView | null {
  return state.policies.find((p) => p.id === ui.policy.value) ?? null;
}
function currentRule(): Rule | null {
  const p = currentPolicy();
  return p?.rules.find((r) => r.subject === ui.subject.value && r.destination === ui.destination.value) ?? null;
}
function ticked(): string[] {
  return [...ui.attestations.querySelectorAll<HTMLInputElement>("input[data-attestation]")]
    .filter((i) => i.checked).map((i) => i.dataset.attestation!);
}
/** The consent panel's form for exporting `entry` (by default the selected image): with
 * `checked: ["face"]` once the reviewer confirmed looking for faces the scan did not find. */
export function form(entry: Entry | null = selectedEntry()): ConsentForm {
  return {
    policy: ui.policy.value,
    subject: ui.subject.value,
    destination: ui.destination.value,
    attestations: ticked(),
    consentRef: ui.consentRef.value,
    reviewer: ui.reviewer.value,
    checked: entry?.noFaceAck ? ["face"] : [],
  };
}

export function fillSelect(sel: HTMLSelectElement, choices: { id: string; label: string }[], keep: string): void {
  sel.replaceChildren(...choices.map((c) => h("option", { value: c.id }, c.label)));
  if (choices.some((c) => c.id === keep)) sel.value = keep;
}

export function renderPolicy(): void {
  const p = currentPolicy();
  if (!p) return;
  fillSelect(ui.subject, p.subjects, ui.subject.value || "clinical");
  fillSelect(ui.destination, p.destinations, ui.destination.value || "teaching-site");
  ui.policySummary.textContent = `${p.institution} · ${p.source_file}`;
  renderRule();
}

export function renderRule(): void {
  const p = currentPolicy();
  const rule = currentRule();
  const keep = new Set(ticked());
  ui.attestations.replaceChildren();
  if (!p || !rule) { ui.rule.replaceChildren(); return; }
  const forbidden = rule.decision === "forbidden";
  ui.rule.className = `rule${forbidden ? " forbidden" : ""}`;
  ui.rule.dataset.decision = rule.decision;
  ui.rule.replaceChildren(
    h("strong", {}, forbidden ? t("rule-forbidden") : t("rule-allowed")),
    h("span", { class: "source" }, `${rule.source.file}, ${rule.source.clause}`),
    h("q", { class: "quote", title: rule.source.quote }, rule.source.quote),
  );
  if (rule.interpreted) {
    ui.rule.append(h("span", { class: "source" }, `† ${rule.note ?? t("rule-interpreted")}`));
  }
  const wanted = forbidden ? [] : rule.attestations;
  for (const id of wanted) {
    const a = p.attestations.find((x) => x.id === id);
    if (!a) continue;
    const input = h("input", { type: "checkbox", id: `att-${a.id}`, "data-attestation": a.id, "data-testid": "attestation" }) as HTMLInputElement;
    input.checked = keep.has(a.id);
    input.addEventListener("change", scheduleGate);
    ui.attestations.append(h("label", { class: "attestation", for: `att-${a.id}` },
      input,
      h("span", {}, a.text,
        h("span", { class: "source" }, `${a.source.file}, ${a.source.clause}`),
        a.note ? h("span", { class: "source" }, a.note) : null)));
  }
  ui.attestationsBox.hidden = wanted.length === 0;
  ui.consentField.hidden = forbidden || !rule.consent_ref;
  const prompt = rule.consent_ref?.prompt ?? "";
  ui.consentLabel.textContent = prompt ? prompt.charAt(0).toUpperCase() + prompt.slice(1) + "." : "";
}

let gateTimer = 0;
export function scheduleGate(): void {
  window.clearTimeout(gateTimer);
  gateTimer = window.setTimeout(() => void refreshGate(), 80);
}

let gateToken = 0;
async function refreshGate(): Promise<void> {
  const token = ++gateToken;
  const entry = selectedEntry();
  const id = entry?.summary?.id ?? null;
  try {
    const decision = await api.checkGate(id, form(), currentLang());
    if (token !== gateToken) return;
    state.gate = decision;
  } catch (e) {
    if (token !== gateToken) return;
    state.gate = { allowed: false, unmet: [{ id: "error", message: asAppError(e).message, source: null }] };
  }
  renderGate();
}

export function renderGate(): void {
  const entry = selectedEntry();
  const gate = state.gate;
  const extra: string[] = [];
  if (!entry?.summary) extra.push(entry?.status === "scanning" ? t("gate-wait-scan") : t("gate-select-image"));
  if (entry?.summary?.document) extra.push(t("gate-document-picture"));
  if (!ui.outDir.value.trim()) extra.push(t("gate-choose-folder"));
  const policyOk = gate?.allowed ?? false;
  const ready = policyOk && extra.length === 0 && !state.exporting;
  ui.gate.className = `gate ${policyOk ? (extra.length ? "" : "allowed") : "refused"}`;
  ui.gate.dataset.allowed = String(policyOk);
  ui.gateStatus.textContent = policyOk
    ? (extra.length ? t("gate-met") : t("gate-ready"))
    : t("gate-blocked", { n: gate?.unmet.length ?? 0 });
  ui.unmet.replaceChildren();
  for (const u of gate?.unmet ?? []) {
    ui.unmet.append(h("li", { "data-testid": "unmet", "data-unmet": u.id, title: u.message },
      h("span", { class: "msg" }, u.message),
      u.source ? h("span", { class: "source" }, `${u.source.file}, ${u.source.clause}`) : null));
  }
  const missing = new Set((gate?.unmet ?? []).map((u) => u.id));
  for (const input of ui.attestations.querySelectorAll<HTMLInputElement>("input[data-attestation]")) {
    input.closest(".attestation")?.classList.toggle("missing", missing.has(`attestation:${input.dataset.attestation}`));
  }
  for (const m of extra) ui.unmet.append(h("li", { "data-testid": "unmet", "data-unmet": "app" }, m));
  ui.exportBtn.disabled = !ready;
  ui.exportBtn.textContent = state.exporting ? t("exporting")
    : entry?.status === "exported" ? t("export-again") : t("export");
  const reviewed = batchCandidates().length;
  ui.exportAll.hidden = reviewed < 2;
  ui.exportAll.disabled = state.exporting || !ui.outDir.value.trim();
  ui.exportAll.textContent = t("export-all", { n: reviewed });
}

export function rememberForm(): void {
  try {
    localStorage.setItem(REMEMBER, JSON.stringify({
      policy: ui.policy.value, subject: ui.subject.value, destination: ui.destination.value,
      reviewer: ui.reviewer.value, outDir: ui.outDir.value,
    }));
  } catch { /* storage unavailable: nothing to remember */ }
}
export function recallForm(): Record<string, string> {
  try { return JSON.parse(localStorage.getItem(REMEMBER) ?? "{}") as Record<string, string>; } catch { return {}; }
}
