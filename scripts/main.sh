#!/usr/bin/env bash
# README command 1: set up what is missing, then run the main job: assess the bundled example
# communes of Lạng Sơn (synthetic data, data/examples/langson/) against the built-in national,
# advanced and Lạng Sơn packs, with the example overlay that fills in the thresholds the packs
# leave unset (ILLUSTRATIVE values, not law: the report's header says so). It prints, in Vietnamese
# (the CLI's default is English: --lang en), the summary
# (criteria met, levels, the review of the 58 recognized communes), explains one commune in
# Vietnamese, compares 2023 with 2024, plans the roadmap to the end of 2024 (the 58 recognized
# communes keep ntm, the 12 advanced ones keep ntm_nang_cao, under illustrative budgets and costs),
# and writes the tables to build/reports/ with the annexes an office files: Biểu 01, 02 (the
# review) in build/reports/bieu-01-02-ra-soat-2023.xlsx, and Biểu 01-04 (review and roadmap) in
# build/reports/bieu-01-04-lo-trinh-2023-2025.xlsx.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$TIEUCHI_ROOT"
cli="$BUILD_DIR/apps/cli/tieuchi"
pack=data/examples/packs/langson-2022-illustrative.yaml
data=data/examples/langson
out=build/reports/langson-2023

"$cli" check --no-warnings "$pack" >/dev/null
"$cli" assess --pack "$pack" --year 2023 --data "$data/communes-2023.csv" --lang vi --out "$out" \
  --xlsx build/reports/bieu-01-02-ra-soat-2023.xlsx
echo
"$cli" explain --pack "$pack" --year 2023 --data "$data/communes-2023.csv" --unit 06010 --node TC2 --lang vi
echo
"$cli" progress --pack "$pack" --data 2023="$data/communes-2023.csv" --data 2024="$data/communes-2024.csv" --lang vi | head -1
echo
# The roadmap: every commune recognized before 2022 keeps its level by the end of 2024, within
# the illustrative yearly budgets (2025 is there for what cannot be done in time).
"$cli" plan --pack "$pack" --year 2023 --data "$data/communes-2023.csv" --horizon 2023-2025 \
  --target ntm:2024 --target ntm_nang_cao:2024 --costs "$data/costs-illustrative.csv" \
  --budget "$data/budgets-illustrative.csv" --lang vi --out build/reports/langson-roadmap \
  --xlsx build/reports/bieu-01-04-lo-trinh-2023-2025.xlsx \
  --plan-name "Kế hoạch rà soát, nâng chất các xã đã đạt chuẩn (ví dụ, số liệu minh hoạ)"
