#!/usr/bin/env bash
# Builds the WebAssembly module (wasm/dist/mfcf-core.js + .wasm) with
# Debian's Emscripten 3.1.6. Extra arguments go to the CMake configure step,
# e.g. scripts/build-wasm.sh -DMF_WASM_EXCEPTIONS=js
set -euo pipefail
cd "$(dirname "$0")/.."
# Emscripten's JS optimizer needs acorn, which Debian installs in /usr/share/nodejs.
export NODE_PATH=/usr/share/nodejs
# Under emcmake, find_package(Eigen3) does not search /usr: point it at Debian's config.
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
  -DEigen3_DIR=/usr/share/eigen3/cmake "$@" >/dev/null
cmake --build build/wasm --target mfcf_wasm -j2
mkdir -p wasm/dist
cp build/wasm/wasm/mfcf-core.js build/wasm/wasm/mfcf-core.wasm wasm/dist/
