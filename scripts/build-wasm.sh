#!/usr/bin/env bash
# Builds the two WebAssembly modules with Debian's Emscripten 3.1.6, from the
# same core sources and flags:
#   wasm/dist/mfcf-core.{js,wasm}                  single-threaded (build/wasm)
#   wasm/dist/mfcf-core-threads.{js,wasm,worker.js} with pthreads (build/wasm-threads)
# plus mfcf-core-threads.worker.cjs, the same worker for node (the package is
# "type": "module", and that worker is a CommonJS script).
# Extra arguments go to both CMake configure steps, e.g.
# scripts/build-wasm.sh -DMF_WASM_EXCEPTIONS=js
set -euo pipefail
cd "$(dirname "$0")/.."
# Emscripten's JS optimizer needs Debian's acorn, which a node installed
# outside Debian does not find (docs/toolchain.md).
export NODE_PATH=/usr/share/nodejs
# Under emcmake, find_package(Eigen3) does not search /usr: name its config.
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
  -DEigen3_DIR=/usr/share/eigen3/cmake "$@" >/dev/null
cmake --build build/wasm --target mfcf_wasm -j2
emcmake cmake -S . -B build/wasm-threads -DCMAKE_BUILD_TYPE=Release -DMF_THREADS=ON -DMF_WASM_EXCEPTIONS=js \
  -DEigen3_DIR=/usr/share/eigen3/cmake "$@" >/dev/null
cmake --build build/wasm-threads --target mfcf_wasm -j2
mkdir -p wasm/dist
cp build/wasm/wasm/mfcf-core.js build/wasm/wasm/mfcf-core.wasm wasm/dist/
t=build/wasm-threads/wasm/mfcf-core-threads
cp $t.js $t.wasm $t.worker.js wasm/dist/
cp $t.worker.js wasm/dist/mfcf-core-threads.worker.cjs
