#!/usr/bin/env bash
# Runs every test: type check, unit and corpus tests, the package check and the end-to-end
# run in a real VS Code (code-server + Chromium). Installs what is missing first.
# Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/install-deps.sh
install_dependencies
install_tex_tools

# `npm run package` writes dist-vsix/paper-reader.vsix, and vsce does not create the folder.
mkdir -p dist-vsix

# npm test runs several `node --test` suites; their output is kept so the closing line can
# add up every suite's counts.
output_log=$(mktemp)
trap 'rm -f "$output_log"' EXIT

started=$(date +%s)
status=0
npm test 2>&1 | tee "$output_log" || status=$?

sum_counts() {
  awk -v field="$1" '$1 == "#" && $2 == field { total += $3 } END { print total + 0 }' "$output_log"
}
passed=$(sum_counts pass)
failed=$(sum_counts fail)
skipped=$(sum_counts skipped)

echo "[test] finished in $(( $(date +%s) - started )) s with exit code $status (the e2e time is printed above as 'e2e run')"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
