# Sourced by scripts/test.sh and scripts/start.sh: installs the npm dependencies when
# node_modules is missing or older than package-lock.json, then Chromium, Node 24 and
# code-server through scripts/setup-vscode.sh. scripts/test.sh also installs bibtex and
# biber. Each step is a no-op when its tools are already installed.

install_dependencies() {
  # npm writes node_modules/.package-lock.json on every install, so its age is the install's age.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "[install] npm ci"
    npm ci --no-audit --no-fund
  fi
  bash scripts/setup-vscode.sh
}

# bibtex and biber let the citation tests compile the generated entries (about 100 MB
# installed). The tests are skipped, naming the missing binary, where these are absent.
install_tex_tools() {
  if command -v bibtex >/dev/null 2>&1 && command -v biber >/dev/null 2>&1; then
    return
  fi

  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "[install] Debian packages: texlive-binaries texlive-base biber"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    texlive-binaries texlive-base biber >/dev/null
}
