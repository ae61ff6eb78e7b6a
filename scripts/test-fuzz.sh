#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/, Debian's clang-14 with
# -fsanitize=fuzzer,address,undefined) and runs each for a bounded time from
# its seed corpus. A crash, a hang (-timeout), a leak, a sanitizer report, an
# out-of-memory (-rss_limit_mb) or a broken invariant fails the target; the
# input that did it is kept in build/fuzz/artifacts/. Ends with the line
# "fuzz: N passed, N failed".
#
#   FUZZ_SECONDS=60 (default) seconds per target
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh fuzz || exit 1

seconds=${FUZZ_SECONDS:-60}
build=build/fuzz
targets=(fuzz_ratings fuzz_model)

if ! { CXX=clang++-14 cmake -S tests/fuzz -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
       cmake --build "$build" -j2; }; then
  echo "fuzz: the targets did not build"
  echo "fuzz: 0 passed, ${#targets[@]} failed"
  exit 1
fi

mkdir -p "$build/artifacts"
passed=0
failed=0
for target in "${targets[@]}"; do
  name=${target#fuzz_}
  seeds=tests/fuzz/corpus_$name
  work=$build/corpus_$name   # new inputs go here; the committed seeds stay untouched
  mkdir -p "$work"
  dict=()
  [ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
  log=$build/$target.log
  echo "--- $target: ${seconds}s from $(ls "$seeds" | wc -l) seeds"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$target-" "${dict[@]}" "$work" "$seeds" >"$log" 2>&1
  rc=$?
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|peak_rss_mb)' "$log"
  if [ "$rc" -eq 0 ] && ! grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error:|fuzz invariant failed|SUMMARY: ' "$log"; then
    echo "$target: ok"
    passed=$((passed + 1))
  else
    echo "$target: FAILED (exit $rc); the log is $log, the input in $build/artifacts/:"
    grep -E 'ERROR:|runtime error:|fuzz invariant failed|SUMMARY:|Test unit written|^    #[0-9]+ ' "$log" | head -40
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
