#!/usr/bin/env bash
# Runs every test: type check, unit and corpus tests, the package check and the end-to-end
# run in a real VS Code (code-server + Chromium). Installs what is missing first.
# Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/install-deps.sh
install_dependencies

# `npm run package` writes dist-vsix/paper-reader.vsix, and vsce does not create the folder.
mkdir -p dist-vsix

started=$(date +%s)
npm test
echo "[test] all tests passed in $(( $(date +%s) - started )) s (the e2e time is printed above as 'e2e run')"
