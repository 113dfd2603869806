#!/usr/bin/env bash
# README command 2: set up what is missing, then run every test: the C++ suite, the C++ example
# and the find_package consumer through ctest, and the Python suite through pytest.
set -euo pipefail
export TIEUCHI_TEST_DEPS=1
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$TIEUCHI_ROOT"
log_file="$BUILD_DIR/ctest.log"
if ! ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" >"$log_file" 2>&1; then
  grep -vE '^ +Start |Passed +[0-9.]+ sec$' "$log_file"
  exit 1
fi
sed -n '/tests passed/,$p' "$log_file"
"$PY" -m pytest -q tests/python
