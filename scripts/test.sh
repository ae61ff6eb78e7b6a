#!/usr/bin/env bash
# Sets everything up and runs every test suite: native Catch2 (ctest), the same
# suite under AddressSanitizer + UndefinedBehaviorSanitizer, the libFuzzer
# targets for a bounded time (FUZZ_SECONDS, default 60 each), the suite
# compiled to WebAssembly under node, the node tests of the built package, and
# the browser tests in Debian's Chromium. Ends with one summary
# line "N passed, N failed" over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

logs=$(mktemp -d)
passed=0
failed=0
broken=()

# run NAME COMMAND...: runs one suite, tees its output, adds up its counts.
run() {
  local name=$1; shift
  echo
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  local p=0 f=0
  if grep -qE '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$logs/$name.log"; then
    local line; line=$(grep -E 'tests failed out of' "$logs/$name.log" | tail -1)
    f=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
    local total; total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    p=$((total - f))
  elif grep -qE '^# pass [0-9]+' "$logs/$name.log"; then
    p=$(grep -E '^# pass [0-9]+' "$logs/$name.log" | tail -1 | awk '{print $3}')
    f=$(grep -E '^# fail [0-9]+' "$logs/$name.log" | tail -1 | awk '{print $3}')
  elif grep -qE '^All tests passed \(' "$logs/$name.log"; then
    p=$(grep -E '^All tests passed' "$logs/$name.log" | tail -1 | sed -E 's/.*in ([0-9]+) test cases.*/\1/')
  elif grep -qE '^test cases: ' "$logs/$name.log"; then
    local line; line=$(grep -E '^test cases: ' "$logs/$name.log" | tail -1)
    p=$(sed -nE 's/.*\| *([0-9]+) passed.*/\1/p' <<<"$line"); p=${p:-0}
    f=$(sed -nE 's/.*\| *([0-9]+) failed.*/\1/p;s/.* ([0-9]+) failed.*/\1/p' <<<"$line" | head -1); f=${f:-0}
  elif grep -qE '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' "$logs/$name.log"; then
    local line; line=$(grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' "$logs/$name.log" | tail -1)
    p=$(sed -E 's/^[a-z]+: ([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$rc" -ne 0 ]; then
    broken+=("$name (exit $rc)")
    [ "$f" -eq 0 ] && failed=$((failed + 1))
  fi
}

build_native() {
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON >/dev/null &&
    cmake --build build/native -j2
}

run native-build build_native
run native ctest --test-dir build/native --output-on-failure
[ -f scripts/test-sanitizers.sh ] && run sanitizers bash scripts/test-sanitizers.sh
[ -f scripts/test-fuzz.sh ] && run fuzz bash scripts/test-fuzz.sh
[ -f scripts/test-wasm-native.sh ] && run wasm-native bash scripts/test-wasm-native.sh
[ -d tests/node ] && run node bash -c 'npm run --silent build:wasm && node --test tests/node/'
[ -f scripts/test-browser.sh ] && run browser bash scripts/test-browser.sh

echo
if [ ${#broken[@]} -gt 0 ]; then
  echo "failing suites: ${broken[*]}"
fi
echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#broken[@]} -eq 0 ]
