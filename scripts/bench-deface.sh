#!/usr/bin/env bash
# Peer benchmark of ClearFrame against deface (PyPI deface==1.5.0), both tools doing the same
# work on the same images, same machine, one run (issues 5 and 21). Not part of the tests;
# needs network access to PyPI the first time (deface goes into a throw-away venv under
# target/bench-deface/venv, reused afterwards).
#
#   scripts/bench-deface.sh [FOLDER]      FOLDER defaults to ../shared/corpus/faces/wider_face_val
#
# Images: what `clearframe scan` takes from FOLDER (FOLDER/images if it exists, searched
# recursively; the first LIMIT of them if LIMIT is set); every command gets that list of files.
# Two kinds of work, each timed as whole processes (model loading included, once per process):
#   detection only (decode + find faces, nothing written)
#     cf-scan          clearframe scan --detect face --json FILES >/dev/null
#     deface-opencv    scripts/deface_detect.py --backend opencv FILES  (deface's own CenterFace
#     deface-onnxrt    scripts/deface_detect.py --backend onnxrt FILES   with its CLI defaults:
#                      imageio read, threshold 0.2, full resolution; see that file)
#   detect + blur + write (one output file per image, into a fresh temp folder each run)
#     cf-redact        the redact_faces bench binary (crates/core/benches/redact_faces.rs:
#                      `clearframe redact` for photos with the face detector only: consent gate,
#                      scan, blur, encode, verify, write, ledger row; same workers as the CLI)
#     deface-cli-opencv  deface --backend opencv LINKS
#     deface-cli-onnxrt  deface --backend onnxrt --execution-provider CPUExecutionProvider LINKS
#                      (LINKS: a symlink per image in the fresh folder, so deface's default
#                      output, <name>_anonymized.<ext> beside its input, lands there; its CLI
#                      defaults otherwise: threshold 0.2, full resolution, blur in the ellipse
#                      inscribed in the box grown by --mask-scale 1.3)
# ClearFrame runs ONNX Runtime (vendor/) with a worker per core, one intra-op thread each;
# deface runs as it comes (ONNX Runtime's default threads, one per physical core; OpenCV DNN's
# default, one per CPU). Both deface backends are timed and the faster one is compared with.
# Each backend is checked before timing: deface_detect.py fails if deface did not build the
# backend asked for, and deface's CLI must say "Running on CPUExecutionProvider" for onnxrt and
# must not start ONNX Runtime for opencv.
# Not identical work, by each tool's design (reported, not corrected): ClearFrame's face search
# adds a finer tiled pass for small faces; its export reads each file back to verify it and
# writes JPEG quality 92 with full-resolution chroma (4:4:4: a clinical photo keeps its colour
# detail), where deface (imageio with Pillow's defaults) writes quality 75, 4:2:0: the table
# prints each tool's quality, chroma and bytes.
# Order: one warm-up round (not counted), then RUNS rounds; each round runs every command once,
# in the order above (alternating, so drifting load hits all alike). Per command: median, min and
# max wall seconds, median CPU seconds (user + system, bash's `time`), images/s of the median;
# then ClearFrame's images/s over deface's faster backend's, for each kind of work.
# Output: the table, target/bench-deface/out/timing.json (every run, the summary, load average
# before and after, nproc, CPU model, versions) and the outputs' JPEG quality and size.
# When FOLDER has WIDER-style labels (FOLDER/label_subset.txt, or LABELS=file; narrowed to the
# images timed) it also scores the boxes of both deface backends and ClearFrame's with
# ClearFrame's metric (scripts/deface_boxes.py score, a re-implementation of
# crates/core/src/eval/mod.rs) and checks that re-implementation against `clearframe eval faces`.
#
# Environment: RUNS (timed rounds, default 5), LIMIT (first N images only; default all),
# LABELS, PYTHON (creates the venv, default python3), CARGO_TARGET_DIR, CLEARFRAME_MODELS and
# ORT_DYLIB_PATH (default: the repository's models/ and vendor/onnxruntime/).
# The full benchmark, on a quiet machine: RUNS=5 bash scripts/bench-deface.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

folder=${1:-../shared/corpus/faces/wider_face_val}
[ -d "$folder" ] || { echo "bench-deface: no folder $folder" >&2; exit 2; }
folder=$(cd "$folder" && pwd)
images=$folder
[ -d "$folder/images" ] && images=$folder/images
labels=${LABELS:-$folder/label_subset.txt}
runs=${RUNS:-5}
limit=${LIMIT:-0}

work=$repo/target/bench-deface
venv=$work/venv
out=$work/out
rm -rf "$out"   # results of this run only
mkdir -p "$work" "$out/logs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. deface in a throw-away venv (reused when the pinned set is already there). opencv-python
#    comes with deface (pinned here: its DNN module is the opencv backend); onnx and onnxruntime
#    are what its onnxrt backend needs.
reqs="deface==1.5.0 onnxruntime==1.32.0 onnx==1.23.2 opencv-python==5.1.0.95"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.reqs" 2>/dev/null)" != "$reqs" ]; then
  echo "bench-deface: creating $venv ($reqs)"
  rm -rf "$venv"
  "${PYTHON:-python3}" -m venv "$venv"
  # shellcheck disable=SC2086 # one word per requirement
  "$venv/bin/pip" install --quiet --disable-pip-version-check $reqs
  echo "$reqs" > "$venv/.reqs"
fi
py=$venv/bin/python
deface=$venv/bin/deface

# 2. ClearFrame: the release CLI and the redact_faces bench binary (bench profile = release).
cargo build --release -p clearframe-cli --locked --quiet
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$repo/$target ;; esac
cf=$target/release/clearframe
redact_faces=$(cargo bench -p clearframe-core --bench redact_faces --no-run --locked \
    --message-format=json 2>/dev/null | "$py" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "redact_faces" and m.get("executable"):
        print(m["executable"])')
[ -x "$redact_faces" ] || { echo "bench-deface: could not build the redact_faces bench" >&2; exit 1; }
export CLEARFRAME_MODELS=${CLEARFRAME_MODELS:-$repo/models}
if [ -z "${ORT_DYLIB_PATH:-}" ]; then
  ort_libs=("$repo"/vendor/onnxruntime/libonnxruntime.so.*)
  export ORT_DYLIB_PATH=${ort_libs[0]}
fi

# 3. The image list: what `clearframe scan` takes from the folder (its boxes kept for scoring).
"$cf" scan --detect face --json "$images" > "$out/scan-all.jsonl"
if [ "$limit" -gt 0 ]; then head -n "$limit" "$out/scan-all.jsonl"; else cat "$out/scan-all.jsonl"; fi \
  > "$out/clearframe.jsonl"
"$py" -c 'import json, sys
for l in open(sys.argv[1]):
    print(json.loads(l)["path"])' "$out/clearframe.jsonl" > "$out/files.txt"
mapfile -t files < "$out/files.txt"
n=${#files[@]}
[ "$n" -gt 0 ] || { echo "bench-deface: no images under $images" >&2; exit 2; }

# deface's CLI writes <input>_anonymized.<ext> beside each input: give it a fresh folder of
# symlinks (numbered: WIDER's sub-folders may repeat a name) and check what it wrote.
links() {  # links DIR: symlinks to the images in DIR; prints nothing
  local i=0 f
  mkdir -p "$1"
  for f in "${files[@]}"; do
    ln -s "$f" "$1/$(printf %04d $i).${f##*.}"
    i=$((i + 1))
  done
}

# 4. Backends: each must run what it is asked to run, or the benchmark stops here.
for b in opencv onnxrt; do
  "$py" "$repo/scripts/deface_detect.py" --backend "$b" "${files[0]}" > "$out/probe-$b.json" \
    2> "$out/logs/probe-$b.err" || { cat "$out/logs/probe-$b.err" >&2; exit 1; }
done
links "$tmp/probe"
probe_cli() { "$deface" "$@" "$tmp/probe/0000.${files[0]##*.}" 2>&1; }
onnx_says=$(probe_cli --backend onnxrt --execution-provider CPUExecutionProvider | grep -o 'Running on [A-Za-z]*' || true)
[ "$onnx_says" = "Running on CPUExecutionProvider" ] \
  || { echo "bench-deface: deface --backend onnxrt did not start ONNX Runtime's CPU provider ($onnx_says)" >&2; exit 1; }
rm -f "$tmp"/probe/*_anonymized.*
if probe_cli --backend opencv | grep -q 'Running on'; then
  echo "bench-deface: deface --backend opencv started ONNX Runtime" >&2; exit 1
fi
ls "$tmp"/probe/*_anonymized.* > /dev/null \
  || { echo "bench-deface: deface --backend opencv wrote nothing" >&2; exit 1; }
rm -rf "$tmp/probe"

# 5. Timing: a warm-up round, then RUNS rounds of every command in turn.
names=(cf-scan deface-opencv deface-onnxrt cf-redact deface-cli-opencv deface-cli-onnxrt)
run_one() {  # run_one NAME DIR: runs the command NAME (writing into DIR) with stdout discarded
  case $1 in
    cf-scan) "$cf" scan --detect face --json "${files[@]}" ;;
    deface-opencv) "$py" "$repo/scripts/deface_detect.py" --backend opencv "${files[@]}" ;;
    deface-onnxrt) "$py" "$repo/scripts/deface_detect.py" --backend onnxrt "${files[@]}" ;;
    cf-redact) "$redact_faces" "$2" "${files[@]}" ;;
    deface-cli-opencv) "$deface" --backend opencv "$2"/* ;;
    deface-cli-onnxrt) "$deface" --backend onnxrt --execution-provider CPUExecutionProvider "$2"/* ;;
  esac > /dev/null
}
outputs() {  # outputs NAME DIR: the files NAME wrote in DIR, one a line
  local written=()
  case $1 in
    cf-redact) written=("$2"/*) ;;
    deface-cli-*) written=("$2"/*_anonymized.*) ;;
  esac
  [ ${#written[@]} -eq 0 ] || printf '%s\n' "${written[@]}"
}
load() { uptime | sed 's/.*load average: *//'; }
cpu_model=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
load_before=$(load)
echo "bench-deface: $n images from $images; nproc $(nproc) ($cpu_model); $runs rounds after a warm-up; load before: $load_before"
: > "$out/timing.tsv"
TIMEFORMAT='%3R %3U %3S'
shopt -s nullglob
for round in $(seq 0 "$runs"); do
  for name in "${names[@]}"; do
    dir=$tmp/run
    rm -rf "$dir"
    case $name in
      cf-redact) mkdir -p "$dir" ;;            # it creates $dir/out itself
      deface-cli-*) links "$dir" ;;
    esac
    dest=$dir; [ "$name" = cf-redact ] && dest=$dir/out
    if ! { time run_one "$name" "$dest" 2> "$out/logs/$name.err"; } 2> "$tmp/time"; then
      echo "bench-deface: $name failed (round $round):" >&2
      tail -5 "$out/logs/$name.err" >&2
      exit 1
    fi
    case $name in
      cf-redact | deface-cli-*)
        wrote=$(outputs "$name" "$dest" | wc -l)
        [ "$wrote" -eq "$n" ] || { echo "bench-deface: $name wrote $wrote files for $n images" >&2; exit 1; }
        if [ "$round" = 0 ]; then  # keep the first outputs' sizes and JPEG quality
          outputs "$name" "$dest" > "$tmp/$name.list"
          "$py" - "$tmp/$name.list" > "$out/output-$name.json" <<'EOF'
import json, os, sys
from PIL import Image, JpegImagePlugin
LUMA = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57,
        69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64,
        81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
files = [l.strip() for l in open(sys.argv[1]) if l.strip()]
quality, sampling, size = set(), set(), 0
for f in files:
    size += os.path.getsize(f)
    im = Image.open(f)
    if im.format == "JPEG":  # IJG quality from the luminance table (as libjpeg scales it)
        s = sum(im.quantization[0]) * 100 / sum(LUMA)
        quality.add(round((200 - s) / 2 if s <= 100 else 5000 / s))
        sampling.add({0: "4:4:4", 1: "4:2:2", 2: "4:2:0"}.get(JpegImagePlugin.get_sampling(im), "other"))
    else:
        quality.add(im.format)
print(json.dumps(dict(files=len(files), bytes=size, jpeg_quality=sorted(quality, key=str),
                      chroma=sorted(sampling))))
EOF
        fi ;;
    esac
    read -r wall user sys < "$tmp/time"
    [ "$round" = 0 ] || printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$wall" "$user" "$sys" >> "$out/timing.tsv"
  done
  if [ "$round" = 0 ]; then echo "bench-deface: warm-up done"; else echo "bench-deface: round $round/$runs done"; fi
done
rm -rf "$tmp/run"
load_after=$(load)
echo "bench-deface: load after: $load_after"

# 6. Accuracy: both deface backends' boxes and ClearFrame's, scored with ClearFrame's metric;
#    the same Python metric on ClearFrame's boxes must equal `clearframe eval faces`.
for b in opencv onnxrt; do
  "$py" "$repo/scripts/deface_detect.py" --backend "$b" "${files[@]}" --root "$images" \
    --out-jsonl "$out/deface-$b.jsonl" --out-wider "$out/deface-${b}_boxes_wider.txt" \
    2>/dev/null > "$out/deface_detect-$b.json"
done
if [ -f "$labels" ]; then
  # The labels of the timed images only.
  "$py" - "$labels" "$images" "$out/files.txt" > "$out/labels.txt" <<'EOF'
import os, sys
labels, root, listed = sys.argv[1], os.path.realpath(sys.argv[2]), sys.argv[3]
keep = {os.path.relpath(os.path.realpath(l.strip()), root) for l in open(listed) if l.strip()}
on = False
for line in open(labels, encoding="utf-8"):
    if line.startswith("#"):
        on = os.path.normpath(line[1:].strip()) in keep
    if on:
        sys.stdout.write(line)
EOF
  score() { "$py" "$repo/scripts/deface_boxes.py" score "$@" "$out/labels.txt" "$images"; }
  for b in opencv onnxrt; do
    score "$out/deface-$b.jsonl" > "$out/deface-${b}_score.json"
    score --ellipse "$out/deface-$b.jsonl" > "$out/deface-${b}_score_ellipse.json"
  done
  score "$out/clearframe.jsonl" > "$out/clearframe_score_py.json"
  "$cf" eval faces --json "$out/labels.txt" "$images" > "$out/clearframe_eval.json"
else
  echo "bench-deface: no labels at $labels; accuracy not scored"
fi

# 7. The table and timing.json.
OUT=$out N=$n RUNS=$runs NAMES="${names[*]}" LOAD_BEFORE=$load_before LOAD_AFTER=$load_after \
  CPU_MODEL=$cpu_model NPROC=$(nproc) IMAGES=$images \
  REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown) "$py" - <<'EOF'
import json, os, statistics
from importlib.metadata import version
import cv2

env = os.environ
out, n = env["OUT"], int(env["N"])
def load(name):
    p = os.path.join(out, name)
    return json.load(open(p)) if os.path.exists(p) else None

runs = []
for line in open(os.path.join(out, "timing.tsv")):
    r, name, wall, user, sys_ = line.split("\t")
    runs.append(dict(round=int(r), command=name, wall_s=float(wall), cpu_s=float(user) + float(sys_)))
work = {"cf-scan": "detect", "deface-opencv": "detect", "deface-onnxrt": "detect",
        "cf-redact": "detect+blur+write", "deface-cli-opencv": "detect+blur+write",
        "deface-cli-onnxrt": "detect+blur+write"}
summary = {}
for name in env["NAMES"].split():
    wall = [r["wall_s"] for r in runs if r["command"] == name]
    cpu = [r["cpu_s"] for r in runs if r["command"] == name]
    med = statistics.median(wall)
    summary[name] = dict(work=work[name], runs=len(wall), median_wall_s=med, min_wall_s=min(wall),
                         max_wall_s=max(wall), median_cpu_s=statistics.median(cpu),
                         images_per_second=n / med)
ratios = {}
for kind, cf_name, prefix in (("detect", "cf-scan", "deface-"), ("detect+blur+write", "cf-redact", "deface-cli-")):
    opencv, onnxrt = summary[prefix + "opencv"], summary[prefix + "onnxrt"]
    faster = "opencv" if opencv["images_per_second"] >= onnxrt["images_per_second"] else "onnxrt"
    d = summary[prefix + faster]
    c = summary[cf_name]
    ratios[kind] = dict(clearframe=cf_name, deface=prefix + faster, deface_faster_backend=faster,
                        images_per_second_ratio=c["images_per_second"] / d["images_per_second"],
                        cpu_time_ratio_deface_over_clearframe=d["median_cpu_s"] / c["median_cpu_s"],
                        deface_onnxrt_over_opencv_images_per_second=onnxrt["images_per_second"] / opencv["images_per_second"])
scores = {k: load(f) for k, f in (("deface-opencv", "deface-opencv_score.json"),
                                  ("deface-onnxrt", "deface-onnxrt_score.json"),
                                  ("deface-opencv ellipse", "deface-opencv_score_ellipse.json"),
                                  ("deface-onnxrt ellipse", "deface-onnxrt_score_ellipse.json"),
                                  ("clearframe (python metric)", "clearframe_score_py.json"),
                                  ("clearframe eval faces", "clearframe_eval.json"))}
backends = {b: load(f"deface_detect-{b}.json") for b in ("opencv", "onnxrt")}
outputs = {k: load(f"output-{k}.json") for k in ("cf-redact", "deface-cli-opencv", "deface-cli-onnxrt")}
result = dict(
    images=n, images_folder=env["IMAGES"], rounds=int(env["RUNS"]), warmup_rounds=1,
    order="alternating: each round runs every command once, in the order of `summary`",
    machine=dict(nproc=int(env["NPROC"]), cpu_model=env["CPU_MODEL"],
                 load_before=env["LOAD_BEFORE"], load_after=env["LOAD_AFTER"]),
    versions=dict(clearframe=env["REV"], deface=version("deface"), onnxruntime=version("onnxruntime"),
                  onnx=version("onnx"), opencv=cv2.__version__),
    deface_backends=backends, summary=summary, ratios=ratios, outputs=outputs,
    scores={k: v for k, v in scores.items() if v}, runs=runs)
json.dump(result, open(os.path.join(out, "timing.json"), "w"), indent=1)

print()
print(f"{n} images, {env['RUNS']} alternating rounds after a warm-up; nproc {env['NPROC']}, {env['CPU_MODEL']}")
print(f"load average before {env['LOAD_BEFORE']}, after {env['LOAD_AFTER']}")
fmt = "{:<20} {:<18} {:>8} {:>8} {:>8} {:>8} {:>9}"
print(fmt.format("command", "work", "median s", "min s", "max s", "CPU s", "images/s"))
for name, s in summary.items():
    print(fmt.format(name, s["work"], f"{s['median_wall_s']:.2f}", f"{s['min_wall_s']:.2f}",
                     f"{s['max_wall_s']:.2f}", f"{s['median_cpu_s']:.2f}", f"{s['images_per_second']:.2f}"))
print()
for kind, r in ratios.items():
    print(f"{kind}: {r['clearframe']} / {r['deface']} (deface's faster backend: {r['deface_faster_backend']}; "
          f"onnxrt {r['deface_onnxrt_over_opencv_images_per_second']:.2f}x opencv's images/s): "
          f"{r['images_per_second_ratio']:.2f}x images/s, deface uses {r['cpu_time_ratio_deface_over_clearframe']:.2f}x the CPU time")
for b, d in backends.items():
    if d:
        print(f"deface {b}: {d['provider']}, intra-op threads {d['intra_op_threads']} "
              f"({'runtime default' if d['intra_op_threads'] == 0 else 'set'}), {d['os_threads']} OS threads, {d['faces']} faces")
for k, o in outputs.items():
    if o:
        print(f"{k} outputs: {o['files']} files, {o['bytes'] / 1e6:.1f} MB, JPEG quality {o['jpeg_quality']}, chroma {o['chroma']}")
if any(scores.values()):
    print()
    print("{:<28} {:>8} {:>7} {:>9}".format("boxes", "coverage", "recall", "precision"))
    for k, s in scores.items():
        if s:
            print("{:<28} {:>8.3f} {:>7.3f} {:>9.3f}".format(k, s["coverage"], s["recall"], s["precision"]))
    cs, ce = scores["clearframe (python metric)"], scores["clearframe eval faces"]
    if cs and ce:
        same = cs["counts"] == ce["counts"]
        print(f"metric cross-check (Python re-implementation vs `clearframe eval faces` on ClearFrame's boxes): "
              f"{'counts identical' if same else 'MISMATCH'} {cs['counts']}" + ("" if same else f" vs {ce['counts']}"))
        if not same:
            raise SystemExit(1)
print(f"outputs (boxes, scores, every run): {out}")
EOF
