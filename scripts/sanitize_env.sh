#!/usr/bin/env bash
# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: the set-up (scripts/setup.sh, with clang and
# its runtimes), then the clang ASan+UBSan build in build/sanitize — the library, tests, CLI,
# examples, the Python module and the libFuzzer targets share one configuration, so that the
# library is compiled once. -O1 -g1: what the sanitizers recommend, and the quickest build that
# still gives line numbers in reports. SAN_TARGETS (optional) limits what is built.
TIEUCHI_SANITIZE_DEPS=1 source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
SAN_BUILD="$TIEUCHI_ROOT/build/sanitize"
if [ ! -f "$SAN_BUILD/build.ninja" ]; then
  log "configuring the ASan+UBSan build in build/sanitize (clang)"
  cmake -S "$TIEUCHI_ROOT" -B "$SAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DTIEUCHI_FUZZ=ON -DTIEUCHI_BUILD_TESTS=ON \
    -DTIEUCHI_BUILD_PYTHON=ON -DTIEUCHI_INSTALL=OFF -DPython_EXECUTABLE="$PY" \
    -Dpybind11_DIR="$("$PY" -m pybind11 --cmakedir)" >"$TIEUCHI_ROOT/build/sanitize-configure.log" 2>&1 ||
    { cat "$TIEUCHI_ROOT/build/sanitize-configure.log"; exit 1; }
fi
# shellcheck disable=SC2086
cmake --build "$SAN_BUILD" ${SAN_TARGETS:+--target $SAN_TARGETS} -- --quiet
