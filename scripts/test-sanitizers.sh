#!/usr/bin/env bash
# The whole native test suite (the Catch2 tests and the CLI corpus check, via
# ctest) built with AddressSanitizer and UndefinedBehaviorSanitizer in
# build/asan: any memory error, leak or undefined behaviour fails the test
# that hit it (-fno-sanitize-recover=all). Eigen's assertions stay on (no
# NDEBUG). Ends with ctest's summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh native || exit 1

flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  -DBUILD_TESTING=ON -DMF_BUILD_BENCH=OFF >/dev/null || exit 1
cmake --build build/asan -j2 || exit 1

export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build/asan --output-on-failure -j2
