#!/usr/bin/env bash
# Browser tests of the teaching page: builds the wasm module (when it is
# missing or older than the C++ sources) and the site, then runs
# tests/browser/*.test.mjs with node's test runner, driving Debian's Chromium
# through playwright-core. Screenshots land in tests/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "test-browser: ${CHROMIUM:-/usr/bin/chromium} not found; install it with: bash scripts/setup.sh browser" >&2
  exit 1
fi

wasm=wasm/dist/mfcf-core.wasm
if [ ! -f "$wasm" ] || [ -n "$(find core wasm -newer "$wasm" \( -name '*.cpp' -o -name '*.hpp' -o -name 'CMakeLists.txt' \) -print -quit 2>/dev/null)" ]; then
  npm run --silent build:wasm
fi
npm run --silent build:web

# Screenshots of this run only.
mkdir -p tests/artifacts
rm -f tests/artifacts/*.png
node --test --test-reporter=tap --test-concurrency=1 tests/browser/
