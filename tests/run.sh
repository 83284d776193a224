#!/usr/bin/env bash
# Install everything the test suite needs, then run all of it.
# Usage: bash tests/run.sh [pytest options]
#
# Installs only what is missing: Chromium, Java, npm, rsync and epubcheck with apt (as root),
# the Python packages with pip (`.[test]`), axe-core with npm into the
# git-ignored tests/.node/. Playwright drives the machine's Chromium and never
# downloads browsers of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

AXE_CORE_VERSION=4.11.1

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
command -v rsync >/dev/null || missing+=(rsync)
command -v epubcheck >/dev/null || missing+=(epubcheck)
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "tests/run.sh: not root, so not installing ${missing[*]};" \
         "the tests that need them are skipped (and fail under CI)" >&2
  fi
fi

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'

axe_package=tests/.node/node_modules/axe-core/package.json
if command -v npm >/dev/null &&
   ! grep -q "\"version\": \"$AXE_CORE_VERSION\"" "$axe_package" 2>/dev/null; then
  npm install --prefix tests/.node --no-save --no-audit --no-fund --silent \
      "axe-core@$AXE_CORE_VERSION"
fi

python3 -m ruff check .
# Two test processes (pytest-xdist): most tests wait on builds, browsers and
# servers they start, so a second process shortens the run.
python3 -m pytest -n 2 --dist worksteal "$@"
