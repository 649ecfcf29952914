// The app's theme: the system's (light or dark, following it as it changes), or the one the
// reviewer picks in the toolbar, remembered. The stylesheet reads `data-theme` on <html>.

export type ThemeChoice = "system" | "light" | "dark";

const STORE = "clearframe.theme";
const dark = window.matchMedia("(prefers-color-scheme: dark)");
let choice: ThemeChoice = "system";

/** The reviewer's choice (`system` unless one was made). */
export function themeChoice(): ThemeChoice {
  return choice;
}

/** Apply `next` (remembered unless `remember` is false): `system` follows the system's. */
export function setTheme(next: ThemeChoice, remember = true): void {
  choice = next;
  const drawn = next === "system" ? (dark.matches ? "dark" : "light") : next;
  document.documentElement.dataset.theme = drawn;
  if (remember) {
    try { localStorage.setItem(STORE, next); } catch { /* storage unavailable */ }
  }
}

/** The theme chosen before, else the system's; follows the system while that is the choice. */
export function initTheme(): ThemeChoice {
  let saved: string | null = null;
  try { saved = localStorage.getItem(STORE); } catch { /* storage unavailable */ }
  setTheme(saved === "light" || saved === "dark" ? saved : "system", false);
  dark.addEventListener("change", () => { if (choice === "system") setTheme("system", false); });
  return choice;
}
