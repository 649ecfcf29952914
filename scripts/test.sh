#!/usr/bin/env bash
# Every test ClearFrame has, from a fresh Debian 12 machine (as root): set-up, formatting,
# lints, unit and end-to-end tests with the real models (core, CLI, the app's commands on
# Tauri's mock runtime), then the desktop app in a real WebKit window under Xvfb, then the .deb.
# `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
# A CI run builds once from a clean clone: incremental caches would only cost disk (~half
# of target/). Local runs keep them.
if [[ -n "${CI:-}" ]]; then export CARGO_INCREMENTAL=0; fi
bash scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
bash scripts/app-e2e.sh
# The .deb (debug build, reusing the one above): contents, pins, the packaged app and CLI found
# their models and runtime with no environment variables, installed, run in a window, removed.
bash scripts/test-deb.sh --debug
