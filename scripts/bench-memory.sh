#!/usr/bin/env bash
# Peak memory (max RSS, from /usr/bin/time) and wall time of `clearframe scan` and `redact` on
# 12 MP photos, and of a 50 MP one: each 12 MP photo alone; the stages of a scan on its own
# (faces only, text only, barcodes only: `--detect`), on the text-heavy street photo; the three
# as one batch with one worker and with two; a full `redact` (scan, redact, encode, verify,
# write, ledger row) of one photo and of the batch; a 50 MP photo (8192×6144) scanned. The
# 4032×3024 JPEGs are made from shared corpus photos (a group, a street with signs, a parade;
# Pillow, Lanczos) unless PHOTOS names a folder of your own. Medians of RUNS runs (default 3).
# The figures behind the README's memory table (`bash scripts/bench-memory.sh`).
# Env: PHOTOS (a folder of photos), RUNS, CLEARFRAME (the binary; default: release build).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=${RUNS:-3}
bin=${CLEARFRAME:-$repo/target/release/clearframe}
[ -n "${CLEARFRAME:-}" ] || cargo build --quiet --release --locked -p clearframe-cli
export CLEARFRAME_MODELS=${CLEARFRAME_MODELS:-$repo/models}
ort_libs=("$repo"/vendor/onnxruntime/libonnxruntime.so.*)
export ORT_DYLIB_PATH=${ORT_DYLIB_PATH:-${ort_libs[0]}}
photos=${PHOTOS:-}
big=$(mktemp -d)   # the 50 MP photo, beside the 12 MP ones
if [ -z "$photos" ]; then
  photos=$(mktemp -d)
  corpus=${CORPUS:-$repo/../shared/corpus}
  /usr/bin/python3 - "$corpus" "$photos" "$big" <<'PY'
import sys
from PIL import Image
corpus, out, big = sys.argv[1], sys.argv[2], sys.argv[3]
for name, rel in [("group", "faces/dlib_other/bald_guys.jpg"),
                  ("street", "text/icdar2015_mmocr/img_5.jpg"),
                  ("parade", "faces/wider_face_val/images/0--Parade/0_Parade_Parade_0_194.jpg")]:
    src = Image.open(f"{corpus}/{rel}").convert("RGB")
    src.resize((4032, 3024), Image.LANCZOS).save(f"{out}/{name}.jpg", quality=92)
    if name == "street":
        src.resize((8192, 6144), Image.LANCZOS).save(f"{big}/street-50mp.jpg", quality=92)
PY
fi
scratch=$(mktemp -d)
trap 'rm -rf "$big" "$scratch"; [ -n "${PHOTOS:-}" ] || rm -rf "$photos"' EXIT
measure() { # label, then the clearframe arguments: prints "label  peak MB (min-max)  wall s"
  local label=$1; shift
  local rss=() wall=()
  for _ in $(seq "$runs"); do
    local out
    rm -rf "$scratch/out" "$scratch/ledger.sqlite3"
    out=$( { /usr/bin/time -f "%M %e" "$bin" "$@" >/dev/null; } 2>&1 | tail -1)
    rss+=("${out% *}"); wall+=("${out#* }")
  done
  python3 - "$label" "${rss[*]}" "${wall[*]}" <<'PY'
import statistics, sys
label, rss, wall = sys.argv[1], [int(v) / 1024 for v in sys.argv[2].split()], [float(v) for v in sys.argv[3].split()]
print(f"{label:<34} peak {statistics.median(rss):7.0f} MB ({min(rss):.0f}-{max(rss):.0f})  wall {statistics.median(wall):5.2f} s")
PY
}
gate=(--policy stanford-peds --destination teaching-site --attest patient-consent
  --attest deidentification-reviewed --consent-ref BENCH-1 --confirm-no-face --ledger "$scratch/ledger.sqlite3"
  --out "$scratch/out" --json)
mapfile -t twelve < <(find "$photos" -maxdepth 1 -type f | sort)
echo "bench-memory: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $runs runs"
for f in "${twelve[@]}"; do measure "scan $(basename "$f")" scan --json "$f"; done
street=$(printf '%s\n' "${twelve[@]}" | grep -m1 street || echo "${twelve[0]}")
for kind in face text barcode; do
  measure "scan $(basename "$street"), $kind only" scan --json --detect "$kind" "$street"
done
measure "scan all, -j 1" scan --json -j 1 "${twelve[@]}"
measure "scan all, -j 2" scan --json -j 2 "${twelve[@]}"
measure "redact $(basename "$street")" redact "${gate[@]}" "$street"
measure "redact all, -j 2" redact "${gate[@]}" -j 2 "${twelve[@]}"
[ -f "$big/street-50mp.jpg" ] && measure "scan street-50mp.jpg (8192x6144)" scan --json "$big/street-50mp.jpg"
