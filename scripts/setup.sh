#!/usr/bin/env bash
# Idempotent set-up shared by scripts/main.sh and scripts/test.sh:
#   1. Debian packages that are missing (apt-get; nothing is downloaded by CMake),
#   2. a virtual environment in .venv with the Python build and test packages (pip),
#   3. the C++ build (build/release) and the Python package installed into .venv.
# A second run installs nothing and only rebuilds what changed. Sourced, not executed.
# With TIEUCHI_BENCH=1 (scripts/bench.sh) it also installs the peer engines the benchmark compares
# with: muparser from Debian; numexpr, zen-engine and common-expression-language from PyPI. With
# TIEUCHI_SANITIZE_DEPS=1 (scripts/sanitize.sh, scripts/fuzz.sh), clang and its runtimes.

TIEUCHI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="$TIEUCHI_ROOT/build/release"
VENV="$TIEUCHI_ROOT/.venv"
PY="$VENV/bin/python"

log() { printf '[tieuchi] %s\n' "$*" >&2; }

# ---- 1. System packages -------------------------------------------------------------------
# Libraries are always taken from Debian; the compiler, CMake, Ninja and the Python headers only
# when the machine does not already provide them.
apt_packages=(libboost-dev libeigen3-dev libgtest-dev libgmock-dev libbenchmark-dev libfmt-dev
              libyaml-cpp-dev libcli11-dev libcsv-dev libutf8proc-dev nlohmann-json3-dev libxlsxwriter-dev
              coinor-libcbc-dev)
# The tests open the annex workbooks in LibreOffice (headless) and render a page to PNG; the web
# page's end-to-end test drives Debian's Chromium through its chromedriver (issue #19).
[ "${TIEUCHI_TEST_DEPS:-0}" = 1 ] && apt_packages+=(libreoffice-calc-nogui poppler-utils chromium chromium-driver)
[ "${TIEUCHI_BENCH:-0}" = 1 ] && apt_packages+=(libmuparser-dev)
# scripts/sanitize.sh and scripts/fuzz.sh: clang with its sanitizer and libFuzzer runtimes.
[ "${TIEUCHI_SANITIZE_DEPS:-0}" = 1 ] && apt_packages+=(clang libclang-rt-14-dev)
command -v g++ >/dev/null 2>&1 || apt_packages+=(g++)
command -v cmake >/dev/null 2>&1 || apt_packages+=(cmake)
command -v ninja >/dev/null 2>&1 || apt_packages+=(ninja-build)
# The HTTP service docs' curl examples, run by tests/python/test_service.py.
command -v curl >/dev/null 2>&1 || apt_packages+=(curl)
command -v jq >/dev/null 2>&1 || apt_packages+=(jq)
command -v python3 >/dev/null 2>&1 || apt_packages+=(python3)
if command -v python3 >/dev/null 2>&1; then
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_packages+=(python3-venv)
  python3 - <<'PYEOF' >/dev/null 2>&1 || apt_packages+=(python3-dev)
import os, sysconfig, sys
sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else 1)
PYEOF
else
  apt_packages+=(python3-venv python3-dev)
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- 2. Python environment ----------------------------------------------------------------
# Build: scikit-build-core, pybind11. Core: numpy. Extras the tests exercise: pandas (frames),
# networkx (graph export), matplotlib (plots), openpyxl (Excel), dask[dataframe,distributed]
# (partitioned assessment). Tests: pytest, nbclient/nbformat/ipykernel (notebooks), mypy and
# pybind11-stubgen (the type stub), highspy (the exact MILP the planner is measured against).
# The HTTP service (#17): fastapi and uvicorn; httpx and schemathesis (property tests from its
# OpenAPI schema) for its tests. Workbooks in (#18): python-calamine (reads .xlsx, .xls, .ods);
# msoffcrypto-tool makes the password-protected workbook the tests read.
# The web page (#19): selenium drives Debian's Chromium (chromedriver from apt, no Selenium Manager).
python_packages=("scikit-build-core>=0.10" "pybind11>=2.12" "numpy>=1.24" "pytest>=7" "pandas>=2.0" "networkx>=3"
                 "matplotlib>=3.6" "openpyxl>=3.1" "dask[dataframe,distributed]>=2024.1" "nbclient>=0.9"
                 "nbformat>=5.9" "ipykernel>=6" "mypy>=1.8" "pybind11-stubgen>=2.5" "highspy>=1.7"
                 "fastapi>=0.110" "uvicorn>=0.29" "httpx>=0.27" "schemathesis>=4"
                 "python-calamine>=0.3" "msoffcrypto-tool>=5" "selenium>=4.10")
# The benchmark's peers (issue #8): numexpr, GoRules ZEN, CEL (Rust implementation).
[ "${TIEUCHI_BENCH:-0}" = 1 ] && python_packages+=("numexpr>=2.9" "zen-engine>=0.40" "common-expression-language>=0.5")
if [ ! -x "$PY" ]; then
  log "creating virtual environment .venv"
  python3 -m venv "$VENV"
fi
# The stamp lists every requirement installed so far, one per line (the benchmark's extra ones
# included), so that switching between the test and benchmark commands installs nothing twice.
stamp="$VENV/.tieuchi-packages"
missing=()
for p in "${python_packages[@]}"; do
  grep -qxF -- "$p" "$stamp" 2>/dev/null || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Python packages: ${missing[*]}"
  "$PY" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  "$PY" -m pip install -q --disable-pip-version-check "${python_packages[@]}"
  { printf '%s\n' "${python_packages[@]}"; cat "$stamp" 2>/dev/null || true; } | sort -u >"$stamp.new"
  mv "$stamp.new" "$stamp"
fi

# ---- 3. Build -----------------------------------------------------------------------------
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  log "configuring the C++ build in build/release"
  cmake -S "$TIEUCHI_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIEUCHI_WERROR=ON \
    -DTIEUCHI_BUILD_BENCHMARKS=ON >/dev/null
fi
cmake --build "$BUILD_DIR" -- --quiet
# The Python package: an incremental build (build/python) installed into .venv, skipped when none
# of its sources changed since the last install.
py_inputs=$(cd "$TIEUCHI_ROOT" && find include src bindings/python CMakeLists.txt pyproject.toml \
              $( [ -d cmake ] && echo cmake ) -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum)
py_stamp="$VENV/.tieuchi-python-build"
if [ ! -f "$py_stamp" ] || [ "$(cat "$py_stamp")" != "$py_inputs" ] || ! "$PY" -c 'import tieuchi' >/dev/null 2>&1; then
  "$PY" -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps "$TIEUCHI_ROOT"
  echo "$py_inputs" >"$py_stamp"
fi
