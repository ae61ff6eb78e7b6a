#!/usr/bin/env bash
# Builds the Catch2 suite (tests/native) with Emscripten and runs it under
# node, so the core is tested as WebAssembly too. Extra arguments go to
# mf_tests (Catch2 options, e.g. a test name or -s).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # Emscripten's optimizer needs Debian's acorn
emcmake cmake -S . -B build/wasm-tests -DCMAKE_BUILD_TYPE=Release -DMF_WASM_TESTS=ON \
  -DEigen3_DIR=/usr/share/eigen3/cmake -DCatch2_DIR=/usr/lib/cmake/Catch2 >/dev/null
cmake --build build/wasm-tests --target mf_tests -j2
# --no-experimental-fetch: node's fetch cannot read file paths, and without it
# the module reads its .wasm from the file. No colour codes: NODERAWFS
# reports a tty, and scripts/test.sh reads the summary line.
node --no-experimental-fetch build/wasm-tests/tests/native/mf_tests.js --use-colour no "$@"
