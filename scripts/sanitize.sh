#!/usr/bin/env bash
# The sanitizer and fuzz leg (issue #9); .ci/run runs it after the README test command.
#   bash scripts/sanitize.sh [FUZZ_SECONDS]      (default 20 seconds per fuzz target)
# 1. One clang build with AddressSanitizer + UndefinedBehaviorSanitizer (build/sanitize): the
#    library, the whole C++ suite, the CLI, the examples, the Python module and the libFuzzer
#    targets. Any sanitizer report fails the run (-fno-sanitize-recover=all).
# 2. The whole C++ suite through ctest under ASan+UBSan (leak checking on).
# 3. The whole Python suite through pytest with that instrumented module (the ASan runtime is
#    preloaded into the interpreter; leak checking off, as CPython keeps memory until exit), but
#    the mypy check, which type-checks source and runs none of the module (30 s of the budget).
# 4. Each libFuzzer target for FUZZ_SECONDS on its seed corpus (scripts/fuzz.sh).
# 5. A ThreadSanitizer build (build/sanitize-thread) of the tests that run threads (assessment
#    defaults to every core), run under TSan.
# Quiet when all is well: each step prints one line; a failing step prints its log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ_SECONDS="${1:-20}"
source "$ROOT/scripts/sanitize_env.sh"   # clang, the Python environment, build/sanitize configured and built

step() { printf '[sanitize] %s\n' "$*"; }
run_logged() {  # run_logged LOG CMD...: quiet unless the command fails
  local log="$1"; shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 80 "$log"
    step "FAILED: $* (log: $log)"
    exit 1
  fi
}

# ---- 2. C++ suite under ASan+UBSan ------------------------------------------------------------
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$ROOT/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
start=$SECONDS
run_logged "$SAN_BUILD/ctest.log" ctest --test-dir "$SAN_BUILD" --output-on-failure -j "$(nproc)"
step "C++ suite under ASan+UBSan: $(grep -Eo '[0-9]+% tests passed.*' "$SAN_BUILD/ctest.log" | head -1 || true) ($((SECONDS - start)) s)"

# ---- 3. Python suite under ASan+UBSan ---------------------------------------------------------
start=$SECONDS
stage="$SAN_BUILD/python"
rm -rf "$stage" && mkdir -p "$stage/tieuchi"
cp -r "$ROOT"/bindings/python/tieuchi/. "$stage/tieuchi/"   # the whole package, subpackages too
find "$stage" -name __pycache__ -prune -exec rm -rf {} +
cp "$SAN_BUILD"/bindings/python/_tieuchi*.so "$stage/tieuchi/"
asan_rt="$(clang++ -print-file-name=libclang_rt.asan-x86_64.so)"
[ -f "$asan_rt" ] || { step "no ASan runtime at $asan_rt"; exit 1; }
py_asan() {
  env PYTHONPATH="$stage" LD_PRELOAD="$asan_rt" \
    ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" "$@"
}
# The staged, instrumented package is the one imported (not the release one in .venv).
where="$(py_asan "$PY" -c 'import tieuchi, os; print(os.path.dirname(tieuchi._tieuchi.__file__))')"
[ "$where" = "$stage/tieuchi" ] || { step "imported tieuchi from $where, expected $stage/tieuchi"; exit 1; }
run_logged "$SAN_BUILD/pytest.log" py_asan "$PY" -m pytest -q -p no:cacheprovider tests/python \
  --deselect tests/python/test_api_surface.py::test_mypy_accepts_the_package_and_typed_user_code
step "Python suite under ASan+UBSan: $(tail -n 1 "$SAN_BUILD/pytest.log") ($((SECONDS - start)) s)"

# ---- 4. Fuzzing ---------------------------------------------------------------------------------
start=$SECONDS
run_logged "$SAN_BUILD/fuzz.log" bash "$ROOT/scripts/fuzz.sh" "$FUZZ_SECONDS"
step "fuzzing, ${FUZZ_SECONDS} s per target: $(grep -E '^fuzz_|executed_units' "$SAN_BUILD/fuzz.log" | paste -sd' ' | \
  sed -E 's/ +stat::number_of_executed_units: +/ execs=/g') ($((SECONDS - start)) s)"

# ---- 5. ThreadSanitizer -------------------------------------------------------------------------
start=$SECONDS
TSAN_BUILD="$ROOT/build/sanitize-thread"
if [ ! -f "$TSAN_BUILD/build.ninja" ]; then
  run_logged "$ROOT/build/sanitize-thread-configure.log" cmake -S "$ROOT" -B "$TSAN_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_C_COMPILER=clang -DTIEUCHI_SANITIZE_THREAD=ON \
    -DTIEUCHI_BUILD_TESTS=ON -DTIEUCHI_BUILD_CLI=OFF -DTIEUCHI_BUILD_EXAMPLES=OFF -DTIEUCHI_INSTALL=OFF
fi
run_logged "$TSAN_BUILD/build.log" cmake --build "$TSAN_BUILD" --target assess_test expr_test -- --quiet
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
run_logged "$TSAN_BUILD/tsan.log" bash -c "
  '$TSAN_BUILD/tests/assess_test' --gtest_filter='Concurrency.*:Determinism.*:NothingLost.*:Agreement.EveryCommune*:Agreement.TheFirst*:Packs/Agreement.*' &&
  '$TSAN_BUILD/tests/expr_test' --gtest_filter='PropertyTest.*:BatchTest.*'"
step "concurrency tests under TSan: $(grep -c '^\[       OK \]' "$TSAN_BUILD/tsan.log") passed ($((SECONDS - start)) s)"
