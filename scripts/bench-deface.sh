#!/usr/bin/env bash
# Benchmark ClearFrame's face detection against deface (PyPI deface==1.5.0) on the same images,
# same machine, one run (issue 5). Not part of the tests; needs network access to PyPI the first
# time (deface goes into a throw-away venv under target/bench-deface/venv, reused afterwards).
#
#   scripts/bench-deface.sh [FOLDER]      FOLDER defaults to ../shared/corpus/faces/wider_face_val
#
# FOLDER's images (FOLDER/images if it exists, searched recursively) are timed with
#   deface:     deface --backend onnxrt --execution-provider CPUExecutionProvider FILES...
#               (its CLI defaults otherwise: threshold 0.2, full resolution, NMS 0.3, blur in the
#               ellipse inscribed in the box grown by 0.3 of its size on every side
#               (--mask-scale 1.3), each output written to a temp file), and
#   ClearFrame: clearframe scan --detect face --json IMAGES
# with hyperfine when installed (apt-get install hyperfine), else a plain repeated timing; both
# run on ONNX Runtime's CPU provider with one intra-op thread per core.
# When FOLDER has WIDER-style labels (FOLDER/label_subset.txt, or LABELS=file) it also scores
# deface's boxes with ClearFrame's metric (crates/core/src/eval/mod.rs, re-implemented in
# scripts/deface_boxes.py) and checks that re-implementation against `clearframe eval faces`.
#
# Environment: RUNS (timed runs per tool, default 3), LABELS, CARGO_TARGET_DIR, PYTHON (python3),
# NO_HYPERFINE=1 (use the plain timing loop).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

folder=${1:-../shared/corpus/faces/wider_face_val}
[ -d "$folder" ] || { echo "bench-deface: no folder $folder" >&2; exit 2; }
folder=$(cd "$folder" && pwd)
images=$folder
[ -d "$folder/images" ] && images=$folder/images
labels=${LABELS:-$folder/label_subset.txt}
runs=${RUNS:-3}

work=$repo/target/bench-deface
venv=$work/venv
out=$work/out
rm -rf "$out"   # results of this run only
mkdir -p "$work" "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. deface in a throw-away venv (reused when the pinned set is already there). onnx is needed
#    too: deface's "auto" backend silently falls back to OpenCV DNN without it; we ask for
#    onnxrt explicitly so a missing package fails instead of changing the backend.
reqs="deface==1.5.0 onnxruntime==1.32.0 onnx==1.23.2"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.reqs" 2>/dev/null)" != "$reqs" ]; then
  echo "bench-deface: creating $venv ($reqs)"
  rm -rf "$venv"
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check $reqs
  echo "$reqs" > "$venv/.reqs"
fi
py=$venv/bin/python

# 2. ClearFrame, release build.
cargo build --release -p clearframe-cli --locked --quiet
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$repo/$target ;; esac
cf=$target/release/clearframe

# The image list is what `clearframe scan` takes from the folder; deface gets the same files
# (its CLI does not descend into sub-folders).
"$cf" scan --detect face --json "$images" > "$out/clearframe.jsonl"
"$py" -c 'import json,sys
for l in open(sys.argv[1]):
    print(json.loads(l)["path"])' "$out/clearframe.jsonl" > "$out/files.txt"
mapfile -t files < "$out/files.txt"
n=${#files[@]}
[ "$n" -gt 0 ] || { echo "bench-deface: no images under $images" >&2; exit 2; }

deface_cmd="$(printf '%q ' "$venv/bin/deface" --backend onnxrt --execution-provider CPUExecutionProvider --output "$tmp/deface-out.jpg" "${files[@]}") >/dev/null 2>&1"
cf_cmd="$(printf '%q ' "$cf" scan --detect face --json "$images") >/dev/null"
backend=$("$venv/bin/deface" --backend onnxrt --execution-provider CPUExecutionProvider \
  --output "$tmp/probe.jpg" "${files[0]}" 2>&1 | grep -o 'Running on [A-Za-z]*' || true)
[ -n "$backend" ] || { echo "bench-deface: deface did not start on onnxruntime" >&2; exit 1; }

# 3. Timing, both tools in this run.
echo "bench-deface: $n images from $images; $(nproc) CPUs; load before timing:$(uptime | sed 's/.*load average://')"
if [ "${NO_HYPERFINE:-0}" != 1 ] && command -v hyperfine >/dev/null; then
  hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$out/timing.json" \
    -n deface "$deface_cmd" -n clearframe "$cf_cmd"
else
  echo "bench-deface: no hyperfine; timing $runs alternating runs of each (after a warm-up)"
  bash -c "$deface_cmd"; bash -c "$cf_cmd"   # warm-up
  : > "$out/timing.txt"
  for _ in $(seq "$runs"); do
    for name in deface clearframe; do
      cmd=$deface_cmd; [ $name = clearframe ] && cmd=$cf_cmd
      t0=$(date +%s.%N); bash -c "$cmd"; t1=$(date +%s.%N)
      echo "$name $t0 $t1" >> "$out/timing.txt"
    done
  done
fi
echo "bench-deface: load after timing:$(uptime | sed 's/.*load average://')"

# 4. Accuracy: deface's boxes (its Python API, CLI defaults) and their score with ClearFrame's
#    metric; the same Python metric on ClearFrame's own boxes must equal `clearframe eval faces`.
"$py" "$repo/scripts/deface_boxes.py" detect "${files[@]}" --root "$images" \
  --out-jsonl "$out/deface.jsonl" --out-wider "$out/deface_boxes_wider.txt" \
  2>/dev/null > "$out/deface_detect.json"
if [ -f "$labels" ]; then
  score() { "$py" "$repo/scripts/deface_boxes.py" score "$@" "$labels" "$images"; }
  score "$out/deface.jsonl" > "$out/deface_score.json"
  score --ellipse "$out/deface.jsonl" > "$out/deface_score_ellipse.json"
  score "$out/clearframe.jsonl" > "$out/clearframe_score_py.json"
  "$cf" eval faces --json "$labels" "$images" > "$out/clearframe_eval.json"
else
  echo "bench-deface: no labels at $labels; accuracy not scored"
fi

# 5. The table.
OUT=$out N=$n RUNS=$runs BACKEND="$backend" "$py" - <<'EOF'
import json, os, statistics
out, n = os.environ["OUT"], int(os.environ["N"])
def load(name):
    p = os.path.join(out, name)
    return json.load(open(p)) if os.path.exists(p) else None
secs, cpu = {}, {}
t = load("timing.json")
if t:  # hyperfine also gives CPU time (user + system), steadier than wall time on a busy machine
    for r in t["results"]:
        secs[r["command"]] = (r["mean"], r["stddev"] or 0.0)
        cpu[r["command"]] = r["user"] + r["system"]
else:
    rows = [l.split() for l in open(os.path.join(out, "timing.txt"))]
    for name in ("deface", "clearframe"):
        v = [float(b) - float(a) for k, a, b in rows if k == name]
        secs[name] = (statistics.mean(v), statistics.stdev(v) if len(v) > 1 else 0.0)
det = load("deface_detect.json")
ds, de, cs, ce = (load(f) for f in ("deface_score.json", "deface_score_ellipse.json",
                                    "clearframe_score_py.json", "clearframe_eval.json"))
def acc(s):
    return ("%.3f" % s["coverage"], "%.3f" % s["recall"], "%.3f" % s["precision"]) if s else ("-",) * 3
rows = [
    ("deface 1.5.0 CLI (detect+blur+write), wall", n, *secs["deface"], cpu.get("deface"), acc(ds)),
    ("deface CenterFace API, detect only, in-process", det["images"], det["detect_seconds"], 0.0, None, acc(ds)),
    ("clearframe scan --detect face --json, wall", n, *secs["clearframe"], cpu.get("clearframe"), acc(cs)),
]
if ce:
    rows.append(("clearframe eval faces, in-process", ce["counts"]["images"], ce["seconds"], 0.0, None, acc(ce)))
print()
print(f"deface backend: {det['backend']} ({os.environ['BACKEND']}); timed runs per tool: {os.environ['RUNS']}")
hdr = ("tool", "images", "seconds", "images/s", "CPU s", "coverage", "recall", "precision")
fmt = "{:<48} {:>6} {:>14} {:>9} {:>7} {:>9} {:>7} {:>9}"
print(fmt.format(*hdr))
for name, k, s, sd, c, a in rows:
    st = f"{s:.2f}" + (f" ±{sd:.2f}" if sd else "")
    print(fmt.format(name, k, st, f"{k / s:.2f}", "-" if c is None else f"{c:.1f}", *a))
r_cli = secs["deface"][0] / secs["clearframe"][0]
r_api = (n / secs["clearframe"][0]) / det["images_per_second"]
print()
print(f"speed ratio, clearframe scan / deface CLI (images/s): {r_cli:.2f}x  (issue 5 target >= 2x: {'met' if r_cli >= 2 else 'NOT met'})")
print(f"speed ratio, clearframe scan (wall) / deface detect-only (in-process): {r_api:.2f}x")
if cpu:
    print(f"CPU-time ratio, deface CLI / clearframe scan: {cpu['deface'] / cpu['clearframe']:.2f}x")
if ds and cs:
    print(f"precision, clearframe {cs['precision']:.3f} vs deface {ds['precision']:.3f}: "
          f"{'not below' if cs['precision'] >= ds['precision'] else 'BELOW'} deface's")
    print(f"deface coverage with its default ellipse mask (not the box): {de['coverage']:.3f}")
if cs and ce:
    same = cs["counts"] == ce["counts"]
    print(f"metric cross-check (Python re-implementation vs `clearframe eval faces` on ClearFrame's boxes): "
          f"{'counts identical' if same else 'MISMATCH'} {cs['counts']}" + ("" if same else f" vs {ce['counts']}"))
    if not same:
        raise SystemExit(1)
print(f"outputs (boxes, scores, timings): {out}")
EOF
