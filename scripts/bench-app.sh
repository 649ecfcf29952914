#!/usr/bin/env bash
# Desktop app benchmark in a real WebKit window under Xvfb (tests/app/bench_ui.py): time to
# the first finding for a 12 MP photo, and frame gaps (main-thread stalls) while a folder of
# 100 photos is scanned. Prints figures; does not pass or fail on them.
# Set-up is the real-window tests' (scripts/app-e2e.sh runs it once when needed).
# Env: BENCH_FOLDER, BENCH_PHOTOS (see tests/app/bench_ui.py).
set -euo pipefail
cd "$(dirname "$0")/.."
python=target/app-e2e/venv/bin/python
if [ ! -x "$python" ] || ! command -v tauri-driver >/dev/null; then
  echo "bench-app: setting up through scripts/app-e2e.sh"
  bash scripts/app-e2e.sh
fi
(cd ui && npm run --silent build)
cargo build --quiet -p clearframe-app
export CLEARFRAME_APP="$PWD/target/debug/clearframe-app"
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
xvfb-run -a -s "-screen 0 1440x900x24" "$python" -u tests/app/bench_ui.py
