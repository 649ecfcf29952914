#!/usr/bin/env bash
# Fuzz every parser of untrusted input (fuzz/: metadata, decode, pptx, pdf) for a time budget
# each, with libFuzzer through cargo-fuzz and AddressSanitizer.
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]
# Needs a nightly toolchain (sanitizer flags); without one, the stable compiler is asked to
# accept them with RUSTC_BOOTSTRAP=1. cargo-fuzz is installed from crates.io when missing.
# Seeds: the project's fixtures and, when present, ../shared/corpus (files under 2 MB); each
# target's corpus grows in fuzz/corpus/<target> (ignored by git). A crash is copied into
# fuzz/regressions/<target>/ (committed: the e2e test replays it on stable) and the script
# exits 1. Prints, per target: runs, coverage (libFuzzer's cov/ft) and crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(metadata decode pptx pdf)

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

corpus=../shared/corpus
seed() { # seed TARGET PATTERN... : copy small matching files into the target's corpus
  local t=$1; shift
  mkdir -p "fuzz/corpus/$t"
  for pattern in "$@"; do
    [ -e "$pattern" ] || continue # (no shared corpus here: the fixtures only)
    find $pattern -type f -size -2M 2>/dev/null | while read -r f; do
      cp -n "$f" "fuzz/corpus/$t/$(sha256sum "$f" | cut -c1-16)" 2>/dev/null || true
    done
  done
}
seed metadata tests/fixtures "$corpus/metadata" "$corpus/faces/insightface"
seed decode tests/fixtures "$corpus/metadata" "$corpus/malformed"
seed pptx "$corpus/documents_pptx"
seed pdf "$corpus/documents_pdf"

(cd fuzz && "${fuzz[@]}" build -O)
status=0
for t in "${targets[@]}"; do
  log=$(mktemp)
  mkdir -p "fuzz/artifacts/$t"
  before=$(ls "fuzz/artifacts/$t" | wc -l)
  (cd fuzz && "${fuzz[@]}" run -O "$t" "corpus/$t" -- -max_total_time="$budget" -rss_limit_mb=3072 \
     -max_len=1048576 -timeout=20 -print_final_stats=1) >"$log" 2>&1 || true
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  crashes=$(( $(ls "fuzz/artifacts/$t" | wc -l) - before ))
  echo "fuzz $t: ${runs:-0} runs in ${budget}s, ${cov:-no coverage line}, $crashes new crash(es)"
  if [ "$crashes" -gt 0 ]; then
    status=1
    mkdir -p "fuzz/regressions/$t"
    for f in $(ls -t "fuzz/artifacts/$t" | head -n "$crashes"); do
      cp "fuzz/artifacts/$t/$f" "fuzz/regressions/$t/$f"
      echo "  $t: fuzz/regressions/$t/$f"
    done
    grep -m1 -A12 'ERROR: AddressSanitizer\|panicked at' "$log" | sed 's/^/  /' || true
  fi
  rm -f "$log"
done
exit $status
