#!/usr/bin/env bash
# Fuzzing (issue #9): builds the libFuzzer targets in fuzz/ with clang, ASan and UBSan
# (build/sanitize, shared with scripts/sanitize.sh, which calls this script), and runs each on a
# seed corpus from the repository for SECONDS seconds (default 60). A crash fails the run with the
# reproducer saved as build/sanitize/crash-*; add it to tests/data/hostile/ as a regression test.
# The seeds are the packs, rules and CSV files of the repository plus the minimized corpus kept in
# fuzz/corpus/TARGET (what earlier long runs found), so that short runs start where those ended.
#   bash scripts/fuzz.sh [SECONDS] [--update-corpus]
# --update-corpus: after the run, merge what each target found into fuzz/corpus/TARGET, minimized
# by libFuzzer (-merge=1 keeps the smallest set of inputs that covers the same edges).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${1:-60}"
UPDATE_CORPUS=0
[ "${2:-}" = "--update-corpus" ] && UPDATE_CORPUS=1
SAN_TARGETS="fuzz_expr fuzz_pack fuzz_csv fuzz_assess"
source "$ROOT/scripts/sanitize_env.sh"   # clang, build/sanitize (ASan+UBSan, libFuzzer)
B="$SAN_BUILD"
# Seed corpora.
mkdir -p "$B/corpus/expr" "$B/corpus/pack" "$B/corpus/csv"
python3 - "$ROOT" "$B/corpus/expr" <<'PY'
import pathlib, re, sys
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
rules = set()
for pack in list((root / "data" / "packs").glob("*.yaml")) + list((root / "tests" / "data" / "packs" / "bad").glob("*.yaml")):
    for m in re.finditer(r"(?:rule|cost|applies_if|from|value): *['\"]?(.+?)['\"]?\s*[,}\n]", pack.read_text(encoding="utf-8")):
        rules.add(m.group(1))
for k, r in enumerate(sorted(rules)):
    (out / f"rule{k}").write_text(r, encoding="utf-8")
PY
cp "$ROOT"/data/packs/*.yaml "$ROOT"/tests/data/packs/bad/*.yaml "$B/corpus/pack/"
cp "$ROOT"/tests/data/hostile/csv/*.csv "$B/corpus/csv/"
head -c 20000 "$ROOT/data/examples/langson/communes-2023.csv" > "$B/corpus/csv/langson-head.csv"
mkdir -p "$B/corpus/assess"
cp "$B"/corpus/csv/* "$B/corpus/assess/"
for t in expr pack csv assess; do
  if [ -d "$ROOT/fuzz/corpus/$t" ]; then cp "$ROOT/fuzz/corpus/$t"/* "$B/corpus/$t/" 2>/dev/null || true; fi
done
status=0
for t in expr pack csv assess; do
  corpus="$B/corpus/$t"
  echo "fuzz_$t: ${SECONDS_PER_TARGET}s on $(ls "$corpus" | wc -l) seeds"
  ( cd "$B" && ASAN_OPTIONS=detect_leaks=1 "./fuzz/fuzz_$t" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 \
      -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "$corpus" 2>"$B/fuzz_$t.log" ) || status=1
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|ERROR|SUMMARY" "$B/fuzz_$t.log" | sed 's/^/  /'
  if [ "$UPDATE_CORPUS" = 1 ]; then
    kept="$ROOT/fuzz/corpus/$t"
    rm -rf "$B/merged-$t" && mkdir -p "$B/merged-$t"
    ( cd "$B" && ASAN_OPTIONS=detect_leaks=0 "./fuzz/fuzz_$t" -merge=1 -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        "$B/merged-$t" "$corpus" 2>"$B/merge_$t.log" ) || status=1
    rm -rf "$kept" && mkdir -p "$kept" && cp "$B/merged-$t"/* "$kept/"
    echo "  kept corpus: $(ls "$kept" | wc -l) inputs, $(du -sh "$kept" | cut -f1) in fuzz/corpus/$t"
  fi
done
exit $status
