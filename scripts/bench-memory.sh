#!/usr/bin/env bash
# Peak memory (max RSS, from /usr/bin/time) and wall time of `clearframe scan` on 12 MP photos:
# each photo alone, then the three as one batch with one worker and with two. Three 4032×3024
# JPEGs are made from shared corpus photos (a group, a street with signs, a parade; Pillow,
# Lanczos) unless PHOTOS names a folder of your own. Medians of RUNS runs (default 3).
# The figures behind the README's memory table (`bash scripts/bench-memory.sh`).
# Env: PHOTOS (a folder of photos), RUNS, CLEARFRAME (the binary; default: release build).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=${RUNS:-3}
bin=${CLEARFRAME:-$repo/target/release/clearframe}
[ -n "${CLEARFRAME:-}" ] || cargo build --quiet --release --locked -p clearframe-cli
export CLEARFRAME_MODELS=${CLEARFRAME_MODELS:-$repo/models}
export ORT_DYLIB_PATH=${ORT_DYLIB_PATH:-$(ls "$repo"/vendor/onnxruntime/libonnxruntime.so.* | head -1)}
photos=${PHOTOS:-}
if [ -z "$photos" ]; then
  photos=$(mktemp -d)
  trap 'rm -rf "$photos"' EXIT
  corpus=${CORPUS:-$repo/../shared/corpus}
  /usr/bin/python3 - "$corpus" "$photos" <<'PY'
import sys
from PIL import Image
corpus, out = sys.argv[1], sys.argv[2]
for name, rel in [("group", "faces/dlib_other/bald_guys.jpg"),
                  ("street", "text/icdar2015_mmocr/img_5.jpg"),
                  ("parade", "faces/wider_face_val/images/0--Parade/0_Parade_Parade_0_194.jpg")]:
    Image.open(f"{corpus}/{rel}").convert("RGB").resize((4032, 3024), Image.LANCZOS).save(f"{out}/{name}.jpg", quality=92)
PY
fi
measure() { # label, then the scan arguments: prints "label  peak MB (min-max)  wall s"
  local label=$1; shift
  local rss=() wall=()
  for _ in $(seq "$runs"); do
    local out
    out=$( { /usr/bin/time -f "%M %e" "$bin" scan --json "$@" >/dev/null; } 2>&1 | tail -1)
    rss+=("${out% *}"); wall+=("${out#* }")
  done
  python3 - "$label" "${rss[*]}" "${wall[*]}" <<'PY'
import statistics, sys
label, rss, wall = sys.argv[1], [int(v) / 1024 for v in sys.argv[2].split()], [float(v) for v in sys.argv[3].split()]
print(f"{label:<28} peak {statistics.median(rss):7.0f} MB ({min(rss):.0f}-{max(rss):.0f})  wall {statistics.median(wall):5.2f} s")
PY
}
echo "bench-memory: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $runs runs"
for f in "$photos"/*; do measure "$(basename "$f")" "$f"; done
measure "all, -j 1" -j 1 "$photos"
measure "all, -j 2" -j 2 "$photos"
