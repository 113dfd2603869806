#!/usr/bin/env bash
# tieuchi side by side with peer engines (issue #8): installs what is missing (the usual set-up
# plus muparser, numexpr, zen-engine and common-expression-language), builds, checks every
# contender's statuses against tieuchi's, times them and rewrites docs/benchmarks.md.
#   bash scripts/bench.sh                      # 10,000 and 1,000,000 units (about 15 minutes)
#   bash scripts/bench.sh --sizes 10000 --no-write
set -euo pipefail
TIEUCHI_BENCH=1
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec "$PY" "$TIEUCHI_ROOT/benchmarks/run.py" "$@"
