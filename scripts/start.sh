#!/usr/bin/env bash
# Quick start: builds and packages the extension and serves it in VS Code at
# http://127.0.0.1:${PORT:-8080}/. Uses the live Hugging Face API when it responds within
# 5 s, otherwise (or with PAPER_READER_DEMO=1) a local demo API with the test fixtures.
# Stays in the foreground; Ctrl+C stops everything it started.
# Usage: bash scripts/start.sh   or   PAPER_READER_DEMO=1 PORT=8081 bash scripts/start.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/install-deps.sh
install_dependencies

# `npm run package` writes dist-vsix/paper-reader.vsix, and vsce does not create the folder.
mkdir -p dist-vsix

npm run package
npx tsc -p tsconfig.test.json

exec node out/scripts/start.js
