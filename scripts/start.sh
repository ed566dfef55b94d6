#!/usr/bin/env bash
# Installs what is needed and starts the portal on the embedded default:
# frontend on http://localhost:3000, backend on http://localhost:7007, data in ./data.
set -euo pipefail
source "$(dirname "$0")/env.sh"
conway_install
mkdir -p "$CONWAY_ROOT/data"
cd "$CONWAY_ROOT"
echo "conway: starting the portal: http://localhost:3000 (backend http://localhost:7007)" >&2
exec node .yarn/releases/yarn-4.13.0.cjs start "$@"
