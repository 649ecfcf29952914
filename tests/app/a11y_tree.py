"""What a screen reader is told: the app's accessibility tree, read through AT-SPI.

Starts the built `clearframe-app` with the accessibility bus on (the window tests run it
without), in the language of the system locale given (`fr_CA.UTF-8` by default), finds it among
AT-SPI's applications as Orca would, and walks its tree: every control a person can reach (push
buttons, toggle buttons, check boxes, radio buttons, combo boxes, text fields, sliders, list
items, links) must have a name, and the controls the review starts from must be there under
their own name alone, in that language (a name is what the label says, not the label plus the
control's value, a hint or a neighbouring button's text). Run under `dbus-run-session` inside a display (scripts/app-e2e.sh does both)
with the system Python, which has pyatspi (Debian's python3-pyatspi).

Environment: CLEARFRAME_APP (the app binary), A11Y_LOCALE (default fr_CA.UTF-8).
Prints `app-a11y: …` lines and exits non-zero on failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyatspi

REPO = Path(__file__).resolve().parents[2]
APP = Path(os.environ.get("CLEARFRAME_APP", REPO / "target/debug/clearframe-app"))
LOCALE = os.environ.get("A11Y_LOCALE", "fr_CA.UTF-8")
# The names a reviewer hears first, by language (the toolbar and the consent panel).
EXPECTED = {
    "fr": {(pyatspi.ROLE_PUSH_BUTTON, "Ouvrir des images…"), (pyatspi.ROLE_PUSH_BUTTON, "Registre d'audit"),
           (pyatspi.ROLE_COMBO_BOX, "Langue"), (pyatspi.ROLE_COMBO_BOX, "Thème"),
           (pyatspi.ROLE_COMBO_BOX, "Politique"), (pyatspi.ROLE_ENTRY, "Référence du consentement"),
           (pyatspi.ROLE_ENTRY, "Dossier de destination"), (pyatspi.ROLE_PUSH_BUTTON, "Choisir…"),
           (pyatspi.ROLE_PUSH_BUTTON, "Exporter une copie dépersonnalisée (E)")},
    "en": {(pyatspi.ROLE_PUSH_BUTTON, "Open images…"), (pyatspi.ROLE_PUSH_BUTTON, "Audit ledger"),
           (pyatspi.ROLE_COMBO_BOX, "Language"), (pyatspi.ROLE_COMBO_BOX, "Theme"),
           (pyatspi.ROLE_COMBO_BOX, "Policy"), (pyatspi.ROLE_ENTRY, "Consent reference"),
           (pyatspi.ROLE_ENTRY, "Output folder"), (pyatspi.ROLE_PUSH_BUTTON, "Choose…"),
           (pyatspi.ROLE_PUSH_BUTTON, "Export de-identified copy (E)")},
}
CONTROLS = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_LINK, pyatspi.ROLE_LIST_ITEM,
}


def find_app(pid: int, timeout: float):
    """The app's AT-SPI accessible, once it has a document with the page in it."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            try:
                if app is not None and app.get_process_id() == pid and count(app, 2000) > 50:
                    return app
            except Exception:  # noqa: BLE001 - an application leaving the bus mid-walk
                continue
        time.sleep(1)
    return None


def walk(node, depth=0, limit=80):
    """Every accessible under `node`, depth first."""
    yield node
    if depth >= limit:
        return
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield from walk(child, depth + 1, limit)


def count(node, cap: int) -> int:
    n = 0
    for _ in walk(node):
        n += 1
        if n >= cap:
            break
    return n


def main() -> int:
    if not APP.is_file():
        print(f"app-a11y: {APP} is missing (build it first)", file=sys.stderr)
        return 2
    lang = "fr" if LOCALE.startswith("fr") else "en"
    tmp = Path(tempfile.mkdtemp(prefix="clearframe-a11y-"))
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env.update({"LC_ALL": LOCALE, "CLEARFRAME_LEDGER": str(tmp / "ledger.sqlite3"),
                "XDG_DATA_HOME": str(tmp / "data"), "XDG_CONFIG_HOME": str(tmp / "config"),
                "XDG_CACHE_HOME": str(tmp / "cache")})
    proc = subprocess.Popen([str(APP)], env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / "app.log", "wb"))
    try:
        app = find_app(proc.pid, 90)
        if app is None:
            print(f"app-a11y: the app never showed its page on the accessibility bus (log: {tmp / 'app.log'})",
                  file=sys.stderr)
            return 1
        # The page translates itself once the shell has said the system's language: wait for it.
        deadline = time.time() + 30
        while True:
            controls, unnamed = [], []
            for node in walk(app):
                try:
                    role = node.getRole()
                    if role not in CONTROLS:
                        continue
                    states = node.getState()
                    if not states.contains(pyatspi.STATE_VISIBLE):
                        continue
                    name = (node.name or "").strip()
                    controls.append((role, name))
                    if not name:
                        unnamed.append(f"{node.getRoleName()} under {node.parent.getRoleName() if node.parent else '?'}")
                except Exception:  # noqa: BLE001 - a node replaced while the page redraws
                    continue
            missing = EXPECTED[lang] - set(controls)
            if not missing or time.time() > deadline:
                break
            time.sleep(1)
        print(f"app-a11y: {len(controls)} controls showing, {len(unnamed)} without a name ({LOCALE})")
        if os.environ.get("A11Y_LIST"):
            for role, name in controls:
                print(f"app-a11y: {pyatspi.Role(role)} “{name}”")
        for u in unnamed:
            print(f"app-a11y: no name: {u}", file=sys.stderr)
        for role, name in sorted(missing, key=str):
            print(f"app-a11y: not found: {pyatspi.Role(role).value_nick if hasattr(pyatspi.Role(role), 'value_nick') else role} “{name}”",
                  file=sys.stderr)
        ok = not unnamed and not missing and len(controls) >= 10
        print(f"app-a11y: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
