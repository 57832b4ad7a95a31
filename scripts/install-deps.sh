# Sourced by scripts/test.sh and scripts/start.sh: installs the npm dependencies when
# node_modules is missing or older than package-lock.json, then Chromium, Node 24 and
# code-server through scripts/setup-vscode.sh (a no-op when they are already installed).

install_dependencies() {
  # npm writes node_modules/.package-lock.json on every install, so its age is the install's age.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "[install] npm ci"
    npm ci --no-audit --no-fund
  fi
  bash scripts/setup-vscode.sh
}
