#!/usr/bin/env bash
# Build the ClearFrame .deb with the Tauri bundler (run from anywhere; Debian 12, as root for
# the first run). The package carries:
#   /usr/bin/clearframe-app                      the desktop app (+ .desktop file and icons)
#   /usr/bin/clearframe                          the CLI, built in the same profile
#   /usr/share/clearframe/models/                the models, MODELS.md and their licenses
#   /usr/lib/clearframe/libonnxruntime.so.1.32.0 ONNX Runtime (+ its LICENSE, ThirdPartyNotices)
#   /usr/share/doc/clearframe/NOTICE.md          third-party notices (NOTICE.md)
# The core finds the models and the runtime from the executable's folder
# (../share/clearframe/models, ../lib/clearframe/): no environment variables needed.
# The file mapping is `bundle.linux.deb.files` in tauri.conf.json; only the CLI is added here.
#
# Usage: scripts/package-deb.sh [--debug|--release]   (default --release; or DEB_PROFILE=debug)
#   --release (users): 55 MiB .deb; warm rebuild after app-only changes ~2 min, ~10 min after
#   a Cargo.lock change, ~20 min cold (2 cores). --debug (CI, via scripts/test-deb.sh --debug):
#   reuses the debug dependencies the tests build; ~1.5 min warm; a 74 MiB .deb (line tables only).
# Env: SKIP_SETUP=1 skips scripts/setup.sh and `npm ci` when ui/node_modules exists.
# Prints the .deb's path last (`deb: built PATH (SIZE)`).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
say() { echo "package-deb: $*"; }
die() { echo "package-deb: $*" >&2; exit 1; }

profile=${DEB_PROFILE:-release}
for a in "$@"; do
  case "$a" in
    --debug) profile=debug ;;
    --release) profile=release ;;
    *) die "unknown argument '$a' (usage: scripts/package-deb.sh [--debug|--release])" ;;
  esac
done
case "$profile" in debug|release) ;; *) die "DEB_PROFILE must be debug or release" ;; esac
export PATH="$HOME/.cargo/bin:$PATH"
target_dir=${CARGO_TARGET_DIR:-$repo/target}
case "$target_dir" in /*) ;; *) target_dir=$repo/$target_dir ;; esac
t_start=$(date +%s)
step_t=$t_start
took() { local now; now=$(date +%s); say "$1 took $(( now - step_t ))s"; step_t=$now; }

# 1. Build dependencies and ONNX Runtime (vendor/onnxruntime/, sha256-checked).
if [ "${SKIP_SETUP:-0}" != 1 ]; then
  bash scripts/setup.sh
  if ! command -v npm >/dev/null; then
    [ "$(id -u)" = 0 ] || die "please install (as root): nodejs npm"
    say "installing nodejs npm"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
fi
ort_lib=vendor/onnxruntime/libonnxruntime.so.1.32.0
[ -f "$ort_lib" ] || die "$ort_lib missing: run scripts/setup.sh"

# 2. ONNX Runtime's LICENSE and ThirdPartyNotices.txt ship beside the library. setup.sh keeps
# only the library, so take them from the same PyPI wheel, checking that the wheel's library
# is the pinned one.
if [ ! -f vendor/onnxruntime/LICENSE ] || [ ! -f vendor/onnxruntime/ThirdPartyNotices.txt ]; then
  ort_sha=$(grep -E '^\| libonnxruntime\.so\.1\.32\.0 \|' models/MODELS.md | awk -F'|' '{gsub(/ /,"",$3); print $3}')
  [ ${#ort_sha} -eq 64 ] || die "no sha256 for libonnxruntime.so.1.32.0 in models/MODELS.md"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  say "fetching onnxruntime==1.32.0 wheel (PyPI) for its LICENSE and ThirdPartyNotices.txt"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
    --platform manylinux_2_28_x86_64 -d "$tmp" "onnxruntime==1.32.0"
  unzip -q -o -j "$tmp"/onnxruntime-*.whl onnxruntime/capi/libonnxruntime.so.1.32.0 \
    onnxruntime/LICENSE onnxruntime/ThirdPartyNotices.txt -d "$tmp/x"
  echo "$ort_sha  $tmp/x/libonnxruntime.so.1.32.0" | sha256sum -c --status \
    || die "the wheel's libonnxruntime.so.1.32.0 does not match its pinned sha256"
  cp "$tmp/x/LICENSE" "$tmp/x/ThirdPartyNotices.txt" vendor/onnxruntime/
  rm -rf "$tmp"
  trap - EXIT
fi
took "set-up"

# 3. The Tauri CLI, the version matching the tauri crate in Cargo.lock, from npm into
# target/tauri-cli (never into ui/package-lock.json: the npm mirror lacks the CLI's
# non-Linux optional packages). Falls back to `cargo install tauri-cli`.
tauri_version=$(awk '/^name = "tauri"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$tauri_version" ] || die "no tauri crate in Cargo.lock"
cli_dir=$target_dir/tauri-cli
tauri=$cli_dir/node_modules/.bin/tauri
if ! { [ -x "$tauri" ] && "$tauri" --version 2>/dev/null | grep -qx "tauri-cli $tauri_version"; }; then
  say "installing @tauri-apps/cli@$tauri_version into $cli_dir"
  mkdir -p "$cli_dir"
  if ! npm install --prefix "$cli_dir" --no-package-lock --no-audit --no-fund --loglevel=error \
      "@tauri-apps/cli@$tauri_version"; then
    say "npm failed; cargo install tauri-cli@$tauri_version instead"
    cargo install tauri-cli --version "=$tauri_version" --locked --root "$cli_dir/cargo" --quiet
    tauri=$cli_dir/cargo/bin/cargo-tauri
  fi
fi
if [ ! -x "$tauri" ] && [ -x "$cli_dir/cargo/bin/cargo-tauri" ]; then
  tauri=$cli_dir/cargo/bin/cargo-tauri
fi
"$tauri" --version | grep -qx "tauri-cli $tauri_version" || die "tauri CLI is not $tauri_version"
took "tauri CLI"

# 4. The UI (ui/dist is the frontendDist the app embeds).
if [ "${SKIP_SETUP:-0}" != 1 ] || [ ! -d ui/node_modules ]; then
  say "npm ci (ui/)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
say "building the UI"
(cd ui && npm run --silent build)
took "UI"

# 5. The CLI, same profile, to go in as /usr/bin/clearframe.
cargo_profile=()
[ "$profile" = release ] && cargo_profile=(--release)
say "building clearframe ($profile)"
cargo build --quiet --locked -p clearframe-cli "${cargo_profile[@]}"
cli_bin=$target_dir/$profile/clearframe
[ -x "$cli_bin" ] || die "$cli_bin was not built"
took "CLI build"

# 6. The app and the .deb. The CLI is added to the configured files for this build only.
say "tauri build --bundles deb ($profile)"
extra_config=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/clearframe":"%s"}}}}}' "$cli_bin")
tauri_args=(build --ci --bundles deb --config "$extra_config")
[ "$profile" = debug ] && tauri_args+=(--debug)
TAURI_APP_PATH=src-tauri "$tauri" "${tauri_args[@]}" -- --locked
took "tauri build"

version=$(python3 -c 'import json; print(json.load(open("tauri.conf.json"))["version"])')
deb=$(ls -t "$target_dir/$profile/bundle/deb/"*"_${version}_"*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] && [ -f "$deb" ] || die "no .deb under $target_dir/$profile/bundle/deb/"
say "total $(( $(date +%s) - t_start ))s"
echo "deb: built $deb ($(du -h "$deb" | cut -f1))"
