// Institution presets: the folders of policy presets (the CLI's --policy-dir) offered beside
// the built-in ones, kept in the app's settings by the shell (set_policy_dirs checks every
// preset before it changes anything).
import { open } from "@tauri-apps/plugin-dialog";
import { api, type PolicySettings } from "./api";
import { $, h, showError } from "./dom";
import { currentLang, t, tAttr } from "./i18n";
import { state, ui } from "./state";
import { fillSelect, renderPolicy, scheduleGate } from "./consent";

const el = {
  dirs: $("preset-dirs"), problem: $("preset-problem"), add: $<HTMLButtonElement>("preset-add"),
};

/** Show the folders and any problem loading them. */
function render(settings: PolicySettings): void {
  el.dirs.replaceChildren(...settings.dirs.map((dir) => {
    const remove = h("button", { type: "button", class: "link", "data-testid": "preset-remove",
      "aria-label": t("preset-remove-label", { dir }), title: tAttr("preset-remove-label", "title", { dir }) ?? "" }, t("remove"));
    remove.addEventListener("click", () => void change(settings.dirs.filter((d) => d !== dir)));
    return h("li", { "data-testid": "preset-dir" }, h("code", {}, dir), " ", remove);
  }));
  el.problem.textContent = settings.problem ?? "";
  el.problem.hidden = !settings.problem;
}

/** Offer the presets of `dirs` from now on, then list the presets again. */
async function change(dirs: string[]): Promise<void> {
  try {
    render(await api.setPolicyDirs(dirs));
    await reloadPolicies();
  } catch (e) {
    showError(e, t("error-presets-not-added"));
  }
}

/** Fetch the presets again and refill the policy list, keeping the chosen one when it is still there. */
export async function reloadPolicies(): Promise<void> {
  state.policies = await api.listPolicies(currentLang());
  fillSelect(ui.policy, state.policies.map((p) => ({ id: p.id, label: p.name })), ui.policy.value);
  renderPolicy();
  scheduleGate();
}

/** Wire the section and show the current folders. */
export async function initPresets(): Promise<void> {
  el.add.addEventListener("click", async () => {
    const dir = await open({ directory: true, multiple: false, title: t("preset-add-title") });
    if (typeof dir !== "string") return;
    const now = await api.policySettings();
    if (!now.dirs.includes(dir)) await change([...now.dirs, dir]);
  });
  try {
    render(await api.policySettings());
  } catch (e) {
    showError(e, t("error-read-presets"));
  }
}
