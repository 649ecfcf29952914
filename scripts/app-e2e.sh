#!/usr/bin/env bash
# Real-window end-to-end test of the ClearFrame desktop app, from a fresh Debian 12 machine
# (run as root; idempotent; only Debian apt, npm, crates.io and PyPI are used):
#   - Debian packages: WebKitGTK/GTK build deps for Tauri, Xvfb, WebKitWebDriver, exiftool,
#     Node.js/npm when missing, python3-venv;
#   - ONNX Runtime via scripts/setup.sh;
#   - ui/: npm ci, then build (tsc + esbuild) into ui/dist;
#   - tauri-driver (cargo install --locked) when missing;
#   - selenium + pillow in a venv under target/app-e2e/venv (tests/app/requirements.txt);
#   - cargo build (debug) of the app and the CLI, then tests/app/test_app.py under Xvfb;
#   - then tests/app/a11y_tree.py: the app's accessibility tree as a screen reader reads it
#     (AT-SPI, on a private D-Bus session), in French.
# Ends with `app-e2e: N passed, M failed`; exits non-zero on failure.
# Env: SKIP_SETUP=1 skips the apt/npm/pip/cargo-install steps (fast local reruns).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
say() { echo "app-e2e: $*"; }

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  pkgs=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libssl-dev libxdo-dev
        libayatana-appindicator3-dev pkg-config build-essential
        xvfb xauth webkit2gtk-driver libimage-exiftool-perl python3-venv curl
        dbus at-spi2-core python3-pyatspi)
  command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "app-e2e: please install (as root): ${missing[*]}" >&2
      exit 2
    fi
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi

  bash scripts/setup.sh

  say "npm ci (ui/)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)

  export PATH="$HOME/.cargo/bin:$PATH"
  if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver"
    cargo install tauri-driver --locked --quiet
  fi

  venv=target/app-e2e/venv
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/app/requirements.txt
fi
export PATH="$HOME/.cargo/bin:$PATH"
python="$repo/target/app-e2e/venv/bin/python"
[ -x "$python" ] || python=python3

t0=$(date +%s)
say "building the UI"
(cd ui && npm run --silent build)
say "building clearframe-app and clearframe (debug)"
cargo build --quiet -p clearframe-app -p clearframe-cli
say "build took $(( $(date +%s) - t0 ))s"

export CLEARFRAME_APP="$repo/target/debug/clearframe-app"
export CLEARFRAME_CLI="$repo/target/debug/clearframe"
# Software rendering: Xvfb has no GPU, and WebKit's DMA-BUF renderer needs one.
export WEBKIT_DISABLE_DMABUF_RENDERER=1
export LIBGL_ALWAYS_SOFTWARE=1
export NO_AT_BRIDGE=1

t1=$(date +%s)
log=target/app-e2e/test.log
mkdir -p target/app-e2e
status=0
if [ -n "${DISPLAY:-}" ] && [ "${APP_E2E_XVFB:-1}" = 0 ]; then
  "$python" tests/app/test_app.py 2>&1 | tee "$log" || status=$?
else
  xvfb-run -a -s "-screen 0 1440x900x24" "$python" tests/app/test_app.py 2>&1 | tee "$log" || status=$?
fi
say "test run took $(( $(date +%s) - t1 ))s"
# What a screen reader is told: the accessibility tree through AT-SPI (the window tests run
# without the bridge), with the system's Python, which has pyatspi.
t2=$(date +%s)
a11y=0
xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- env -u NO_AT_BRIDGE \
  /usr/bin/python3 tests/app/a11y_tree.py 2>&1 | tee -a "$log" || a11y=$?
say "accessibility tree took $(( $(date +%s) - t2 ))s"
[ "$a11y" = 0 ] || status=1
summary=$(grep -E '^app-e2e: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)
if [ "$status" = 0 ] && [ -n "$summary" ]; then
  echo "$summary"
else
  [ "$status" = 0 ] && status=1
  echo "${summary:-app-e2e: 0 passed, 1 failed}"
fi
exit "$status"
