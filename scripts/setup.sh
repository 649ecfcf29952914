#!/usr/bin/env bash
# Set up everything ClearFrame needs on a fresh Debian 12 machine (run as root; idempotent).
#  - Debian packages: a C toolchain, exiftool (the independent reader the metadata tests
#    compare against), libheif (HEIC/HEIF/AVIF decoding, linked dynamically; its HEVC and AV1
#    codecs come with it) and the WebKitGTK/GTK development packages the desktop app builds on.
#  - LibreOffice Impress (no recommends), which the tests use to convert redacted decks to PDF.
#  - ONNX Runtime 1.32.0 from its PyPI wheel into vendor/onnxruntime/, checked against the
#    sha256 pinned in models/MODELS.md.
# Models are in the repository (models/); nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

ORT_VERSION=1.32.0
ORT_LIB=libonnxruntime.so.${ORT_VERSION}
ORT_SHA256=$(grep -E "^\| ${ORT_LIB} \|" models/MODELS.md | awk -F'|' '{gsub(/ /,"",$3); print $3}')
[ ${#ORT_SHA256} -eq 64 ] || { echo "setup: no sha256 for ${ORT_LIB} in models/MODELS.md" >&2; exit 1; }

# exiftool: the independent metadata reader the tests compare against. libheif-dev: the core
# decodes HEIC/HEIF/AVIF through libheif (found with pkg-config; the tests also encode with its
# x265/aom encoders). python3-pil, fonts-dejavu-core: the end-to-end test draws its wristbands and
# badges with scripts/make_idset.py. poppler-utils: pdftotext reads what LibreOffice renders of a
# redacted deck, as an independent reader. The rest: what the desktop app (Tauri v2 on WebKitGTK) needs to build,
# which `cargo build --workspace` includes.
apt_pkgs=(build-essential pkg-config unzip python3-venv libimage-exiftool-perl libheif-dev
          python3-pil fonts-dejavu-core poppler-utils
          libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libssl-dev libxdo-dev
          libayatana-appindicator3-dev)
need_apt=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${need_apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install (as root): ${need_apt[*]}" >&2
    exit 1
  fi
fi

# LibreOffice Impress, headless: the tests convert redacted decks (`vet --out`) to PDF to show
# an office suite opens them. Without recommends (Debian 12: 48 packages, 82 MB download,
# 263 MB installed, ~1 min); the test skips when `soffice` is absent.
if ! dpkg-query -W -f='${Status}' libreoffice-impress 2>/dev/null | grep -q "install ok installed"; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing libreoffice-impress (headless PDF conversion in the tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-impress >/dev/null
  else
    echo "setup: please install (as root): apt-get install --no-install-recommends libreoffice-impress" >&2
    exit 1
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
