#!/usr/bin/env bash
# Set up everything ClearFrame needs on a fresh Debian 12 machine (run as root; idempotent).
#  - Debian packages: a C toolchain for crates that build C, exiftool (the independent reader
#    the metadata tests compare against).
#  - ONNX Runtime 1.32.0 from its PyPI wheel into vendor/onnxruntime/, checked against the
#    sha256 pinned in models/MODELS.md.
# Models are in the repository (models/); nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

ORT_VERSION=1.32.0
ORT_LIB=libonnxruntime.so.${ORT_VERSION}
ORT_SHA256=$(grep -E "^\| ${ORT_LIB} \|" models/MODELS.md | awk -F'|' '{gsub(/ /,"",$3); print $3}')
[ ${#ORT_SHA256} -eq 64 ] || { echo "setup: no sha256 for ${ORT_LIB} in models/MODELS.md" >&2; exit 1; }

need_apt=()
command -v exiftool >/dev/null || need_apt+=(libimage-exiftool-perl)
command -v cc >/dev/null || need_apt+=(build-essential)
command -v unzip >/dev/null || need_apt+=(unzip)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install: ${need_apt[*]}" >&2
  fi
fi

dest=vendor/onnxruntime
if ! { [ -f "$dest/$ORT_LIB" ] && echo "$ORT_SHA256  $dest/$ORT_LIB" | sha256sum -c --status; }; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "setup: fetching onnxruntime==${ORT_VERSION} wheel (PyPI) for ${ORT_LIB}"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
    --platform manylinux_2_28_x86_64 -d "$tmp" "onnxruntime==${ORT_VERSION}"
  mkdir -p "$dest"
  unzip -q -o -j "$tmp"/onnxruntime-*.whl "onnxruntime/capi/${ORT_LIB}" -d "$tmp/lib"
  echo "$ORT_SHA256  $tmp/lib/$ORT_LIB" | sha256sum -c --status \
    || { echo "setup: ${ORT_LIB} does not match its pinned sha256" >&2; exit 1; }
  mv "$tmp/lib/$ORT_LIB" "$dest/$ORT_LIB"
fi
echo "setup: ONNX Runtime ready at $dest/$ORT_LIB"
