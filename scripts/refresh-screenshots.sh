#!/usr/bin/env bash
# Refreshes docs/screenshots/ from a browser test run. The browser tests write their
# full-page screenshots only into screenshots/ (ignored by git), so running tests never
# changes tracked files; this script is the one step that does, on purpose.
#
#   scripts/refresh-screenshots.sh                 # build the app, run every browser test, copy
#   scripts/refresh-screenshots.sh home.test.ts    # only the named test files (under src/browser/)
#   scripts/refresh-screenshots.sh --no-run        # copy what the last run left in screenshots/
#
# Every PNG of the run replaces its namesake in docs/screenshots/; screenshots the run did
# not produce are left alone and listed, so a renamed page does not leave a stale copy
# unnoticed. Review with `git status docs/screenshots` and commit what you want to keep.
# Needs Chromium (/usr/bin/chromium, or CHROMIUM_PATH) unless --no-run.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CONWAY_ROOT"

run=1
tests=()
for arg in "$@"; do
  case "$arg" in
    --no-run) run=0 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) tests+=("src/browser/${arg#src/browser/}") ;;
  esac
done

if [ "$run" = 1 ]; then
  conway_install
  # Only this run's screenshots are copied: clear what earlier runs left.
  rm -f screenshots/*.png
  yarn workspace app build
  # A missing Chromium is an error here, not a skipped test.
  CI=true CONWAY_STRICT=1 yarn workspace @conway/e2e-tests backstage-cli package test \
    --runInBand "${tests[@]:-browser}"
fi

shopt -s nullglob
pngs=(screenshots/*.png)
if [ "${#pngs[@]}" = 0 ]; then
  echo "refresh-screenshots: no screenshots in screenshots/; run the browser tests first" >&2
  exit 1
fi
mkdir -p docs/screenshots
cp "${pngs[@]}" docs/screenshots/
echo "refresh-screenshots: copied ${#pngs[@]} screenshot(s) into docs/screenshots/"

stale=()
for doc in docs/screenshots/*.png; do
  [ -e "screenshots/$(basename "$doc")" ] || stale+=("$doc")
done
if [ "${#stale[@]}" -gt 0 ]; then
  echo "refresh-screenshots: not produced by this run (left as they are; delete them if no page shows them any more):"
  printf '  %s\n' "${stale[@]}"
fi
git status --short docs/screenshots
