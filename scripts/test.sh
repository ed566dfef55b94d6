#!/usr/bin/env bash
# Installs what is needed and runs the whole test suite: type check, API reports, lint, unit
# tests, the generator's tests, integration tests (SQLite and PostgreSQL), reliability
# tests and the load benchmark, the golden-path contract test and the browser test. Ends with "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/env.sh"
conway_install || exit 1
cd "$CONWAY_ROOT"
# Jest never watches here; CONWAY_STRICT (set by .ci/run) turns "skip when PostgreSQL or
# Chromium is missing" into a failure.
export CONWAY_STRICT="${CONWAY_STRICT:-${CI:-}}"
results="$(mktemp -d)"
failed_steps=()

step() {
  local name="$1"; shift
  echo "::: $name" >&2
  local start=$SECONDS
  if "$@"; then
    echo "::: $name passed ($((SECONDS - start)) s)" >&2
  else
    echo "::: $name FAILED ($((SECONDS - start)) s)" >&2
    failed_steps+=("$name")
  fi
}

# Jest runs write JSON results that are summed up at the end.
jest_step() {
  local name="$1"; shift
  step "$name" env CI=true "$@" --json --outputFile="$results/$name.json"
}

# Informational: how many Backstage releases behind (never fails; see docs/upgrading-backstage.md).
step backstage-release bash -c 'node scripts/check-backstage-release.js || true'
# Not incremental: the API reports below are made from the declarations it writes to
# dist-types, and a partial rebuild can order inferred union types differently.
step typecheck yarn tsc --incremental false
# report.api.md / cli-report.md of every library and plugin; fails when one is missing or out
# of date (fix: yarn build:api-reports, then commit the reports).
step api-reports node scripts/check-api-reports.js
step lint yarn backstage-cli repo lint
jest_step unit yarn backstage-cli repo test
step generator bash -c "cd packages/generator-conway && node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination='$results/generator.tap' 'test/**/*.test.mjs'"
step build-app yarn workspace app build
jest_step integration yarn workspace @conway/e2e-tests backstage-cli package test --runInBand integration
# Two replicas on one PostgreSQL, PostgreSQL restarts, full/read-only SQLite disk (issue 7).
jest_step reliability yarn workspace @conway/e2e-tests backstage-cli package test --runInBand reliability
# Load on the production config with a synthetic catalog; fails on any failed request or task.
step load node --import tsx packages/e2e-tests/src/bench/loadBench.ts
jest_step contract yarn workspace @conway/e2e-tests backstage-cli package test --runInBand contract
jest_step browser yarn workspace @conway/e2e-tests backstage-cli package test --runInBand browser

node "$CONWAY_ROOT/scripts/summarize-tests.js" "$results" "${failed_steps[@]}"
