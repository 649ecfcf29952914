#!/usr/bin/env bash
# Set up, build and run ClearFrame: the desktop app when there is a display; otherwise the CLI
# on the bundled sample photos (scan them, then export redacted copies through the Stanford
# Pediatrics consent gate into ./clearframe-demo-out/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
  (cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
  cargo build --locked -p clearframe-app
  exec target/debug/clearframe-app
fi
cargo build --release --locked -p clearframe-cli
bin=target/release/clearframe
samples=(tests/fixtures/astronaut.jpg tests/fixtures/badge.png tests/fixtures/wristband.png)
"$bin" scan "${samples[@]}"
"$bin" redact "${samples[@]}" --out clearframe-demo-out \
  --policy stanford-peds --subject clinical --destination teaching-site \
  --attest patient-consent --attest deidentification-reviewed --consent-ref DEMO-0001 \
  --confirm-no-face  # the wristband shows no face: the policy asks you to confirm you looked
echo "Redacted copies are in ./clearframe-demo-out/"
