#!/usr/bin/env bash
# Set up, build and run ClearFrame. Until the desktop app lands this runs the CLI on the
# bundled sample photos: scan them, then export redacted copies through the Stanford
# Pediatrics consent gate into ./clearframe-demo-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --locked -p clearframe-cli
bin=target/release/clearframe
samples=(tests/fixtures/astronaut.jpg tests/fixtures/badge.png tests/fixtures/wristband.png)
"$bin" scan "${samples[@]}"
"$bin" redact "${samples[@]}" --out clearframe-demo-out \
  --policy stanford-peds --subject clinical --destination teaching-site \
  --attest patient-consent --attest deidentification-reviewed --consent-ref DEMO-0001
echo "Redacted copies are in ./clearframe-demo-out/"
