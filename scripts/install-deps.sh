# Sourced by scripts/test.sh and scripts/start.sh: installs the npm dependencies when
# node_modules is missing or older than package-lock.json, then Chromium, Node 24 and
# code-server through scripts/setup-vscode.sh, and the official CSL styles that the build
# copies into dist/csl. scripts/test.sh also installs bibtex and biber. Each step is a
# no-op when its tools are already installed.

install_dependencies() {
  # npm writes node_modules/.package-lock.json on every install, so its age is the install's age.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "[install] npm ci"
    npm ci --no-audit --no-fund
  fi
  bash scripts/setup-vscode.sh
  install_debian_packages citation-style-language-styles
}

# Installs the named Debian packages that are not installed yet.
install_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0

  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "[install] Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# bibtex and biber let the citation tests compile the generated entries (about 100 MB
# installed). The tests are skipped, naming the missing binary, where these are absent.
install_tex_tools() {
  install_debian_packages texlive-binaries texlive-base biber
}
