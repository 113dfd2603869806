#!/usr/bin/env python3
"""Generate the SYNTHETIC example data of Lạng Sơn communes (see README.md in this folder).

The names, districts and GSO codes of the 181 communes (xã) are real (../../../../shared/ntm/
langson-communes.csv, 1 October 2022). Everything else is made up, from a fixed seed:

- which 58 communes were "recognized NTM before 2022" and which 12 of them "advanced";
- every input value, drawn around the thresholds of the illustrative overlay so that the
  assessment shows a believable spread: recognized communes mostly meet the criteria but fall
  short on the themes the province's review named (schools, transport, village cultural houses,
  loudspeaker systems, environment), others fall short more often; about 0.5% of cells are empty
  (unknown), and a few communes have no craft village (indicator 13.4 not applicable);
- a second year (2024) in which most shortfalls shrink and a few communes regress.

Run:  python3 data/examples/langson/generate.py [path/to/langson-communes.csv]
The output (communes-2023.csv, communes-2024.csv) is committed; re-running gives the same files.
"""

import csv
import os
import random
import sys

SEED = 20221014
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "..", "..", "..", "..", "shared", "ntm", "langson-communes.csv")

# Share fields and the threshold they are drawn around (the illustrative overlay's values, or the
# verified ones); True marks a theme of the province's review (more shortfalls).
SHARES = {
    "roads.commune_hardened_share": (0.70, True),
    "roads.village_hardened_share": (0.60, True),
    "roads.alley_clean_share": (0.60, False),
    "roads.field_road_share": (0.50, False),
    "irrigation.active_share": (0.80, False),
    "electricity.household_share": (0.95, False),
    "culture.village_house_share": (1.00, True),  # the national value, 100% in every region (verified)
    "housing.permanent_share": (0.70, False),
    "labour.trained_share_men": (0.25, False),
    "labour.trained_share_women": (0.25, False),
    "education.grade1_entry_share": (0.98, False),
    "education.continuing_share": (0.70, False),
    "health.insurance_share": (0.85, False),
    "health.e_record_share": (0.50, False),
    "culture.cultural_village_share": (0.50, False),
    "water.clean_share": (0.50, True),
    "water.centralised_share": (0.15, True),
    "env.facility_compliance_share": (0.80, True),
    "env.waste_treated_share": (0.40, True),
    "sanitation.three_clean_share": (0.60, True),
    "env.livestock_compliance_share": (0.60, False),
    "food.safety_compliance_share": (1.00, False),
    "env.waste_sorting_share": (0.20, False),
    "env.plastic_waste_share": (0.30, False),
}
# Ceilings (lower is better).
CEILINGS = {
    "poverty.multidimensional_rate": 0.13,
    "health.stunting_rate": 0.24,  # the national TDMNPB ceiling (unverified, press)
}
BOOLS_THEMED = {"ict.radio_loudspeakers", "env.green_landscape", "culture.commune_hall_and_sports"}
BOOLS = [
    "planning.general_plan_approved", "planning.regulation_issued", "disaster.mandatory_items_met",
    "electricity.system_standard", "culture.commune_hall_and_sports", "culture.play_spots",
    "ict.postal_point", "ict.telecom_internet", "ict.radio_loudspeakers", "ict.it_in_management",
    "production.effective_cooperative", "production.linkage_model", "production.traceability",
    "production.craft_village_plan", "production.extension_team", "education.preschool_universal",
    "health.commune_health_standard", "env.green_landscape", "env.burial_per_plan",
    "politics.officials_standard", "politics.party_rating", "politics.mass_org_rating",
    "politics.access_to_law", "politics.gender_child_protection", "defence.militia_targets",
    "security.order_standard", "recognition.no_construction_debt", "recognition.satisfaction_met",
    "model.outstanding_field_met",
]
ADVANCED_BOOLS = [f"advanced.c{i}_met" for i in range(1, 20) if i not in (10, 17)] + ["advanced.c17_other_met"]


def quality(recognized):
    # Chance that one indicator is met: high for recognized communes (they met the old set),
    # lower for the others; a criterion needs all of its indicators.
    return {"ntm_nang_cao": 0.99, "ntm": 0.975, "": 0.86}[recognized]


def fmt(x):
    return "" if x is None else (f"{x:.4f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x))


def draw_commune(rng, recognized, year_shift):
    q = quality(recognized)
    row = {}
    # Region: Lạng Sơn is in TDMNPB; the disadvantaged status does not change the region here.
    row["region"] = "TDMNPB"
    row["particularly_disadvantaged"] = rng.random() < (0.1 if recognized else 0.45)
    row["safe_zone_poor_district"] = rng.random() < 0.05
    for field, (threshold, themed) in SHARES.items():
        pass_p = min(0.998, q - (0.09 if themed and recognized else 0.0) + year_shift)
        if rng.random() < pass_p:
            x = threshold + abs(rng.gauss(0.0, 0.08))
        else:
            x = threshold - abs(rng.gauss(0.0, 0.12)) - 0.005
        row[field] = max(0.0, min(1.0, x))
    for field, ceiling in CEILINGS.items():
        ok = rng.random() < min(0.998, q + year_shift)
        x = ceiling - abs(rng.gauss(0, 0.04)) if ok else ceiling + abs(rng.gauss(0, 0.06)) + 0.005
        row[field] = max(0.0, min(1.0, x))
    for field in BOOLS:
        p = q - (0.09 if field in BOOLS_THEMED and recognized else 0.0) + year_shift
        row[field] = rng.random() < min(0.998, p + 0.01)
    for field in ADVANCED_BOOLS:
        row[field] = rng.random() < (0.985 if recognized == "ntm_nang_cao" else 0.35)
    if recognized == "ntm_nang_cao":  # advanced communes: most reach the advanced water level (55%)
        row["water.centralised_share"] = round(rng.uniform(0.5, 0.8), 3)
    row["production.has_craft_village"] = rng.random() < 0.35
    if not row["production.has_craft_village"]:
        row["production.craft_village_plan"] = None  # not applicable: nothing to report
    for group in ("labour", "education", "politics"):
        row[f"{group}.other_indicators_exist"] = False  # the slots "if any": none here
        row[f"{group}.other_indicators_met"] = None
    row["disaster.score"] = round(rng.uniform(52, 85) if rng.random() < q + 0.1 else rng.uniform(35, 49.9), 1)
    row["schools.count"] = rng.choice([2, 3, 3, 4, 4, 5, 6])
    themed_school = recognized and rng.random() < 0.3
    row["schools.minimum_standard_share"] = 1.0 if rng.random() < q + year_shift - (0.2 if themed_school else 0) else round(
        rng.uniform(0.6, 0.95), 2)
    need = 0.7 if row["schools.count"] > 3 else 0.5
    row["schools.level1_share"] = round(min(1.0, need + abs(rng.gauss(0, 0.1))) if rng.random() < q + year_shift
                                        else max(0.0, need - abs(rng.gauss(0, 0.15)) - 0.01), 3)
    row["education.primary_universal_level"] = 2 if rng.random() < q + 0.1 else 1
    row["education.lower_secondary_universal_level"] = 2 if rng.random() < q + 0.1 else 1
    row["education.literacy_level"] = 2 if rng.random() < q + 0.15 else 1
    row["housing.temporary_houses"] = 0 if rng.random() < q + year_shift else rng.randint(1, 12)
    row["commerce.has_market"] = rng.random() < 0.6
    row["commerce.standard_market"] = row["commerce.has_market"] and rng.random() < q
    row["commerce.standard_store"] = rng.random() < q
    # Income: around the illustrative thresholds (43 million in 2023, 47 in 2024).
    base = 43.0 if year_shift == 0 else 47.0
    row["income.per_capita"] = round(base * (1 + rng.gauss(0.15 if recognized else -0.02, 0.1)), 1)
    row["model.smart_village_models"] = rng.choice([0, 0, 0, 1]) if recognized == "ntm_nang_cao" else 0
    # About 0.5% of cells unknown (never the identity columns).
    for k in list(row):
        if k != "region" and row[k] is not None and rng.random() < 0.005:
            row[k] = None
    return row


def evolve(rng, row):
    """The next year: about half of the shortfalls are remedied, a few values regress."""
    nxt = dict(row)
    for field, (threshold, _) in SHARES.items():
        x = row.get(field)
        if x is None:
            continue
        if x < threshold and rng.random() < 0.5:
            nxt[field] = min(1.0, threshold + abs(rng.gauss(0, 0.03)))
        elif x >= threshold and rng.random() < 0.01:
            nxt[field] = max(0.0, threshold - abs(rng.gauss(0, 0.05)) - 0.005)
    for field in BOOLS:
        if row.get(field) is False and rng.random() < 0.5:
            nxt[field] = True
        elif row.get(field) is True and rng.random() < 0.005:
            nxt[field] = False
    if row.get("income.per_capita") is not None:  # the threshold rises from 43 to 47 million
        nxt["income.per_capita"] = round(row["income.per_capita"] * rng.uniform(1.04, 1.14), 1)
    return nxt


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    with open(source, encoding="utf-8") as f:
        units = [r for r in csv.DictReader(f) if r["type"] == "Xã"]
    rng = random.Random(SEED)
    order = list(range(len(units)))
    rng.shuffle(order)
    recognized = [""] * len(units)
    for i in order[:12]:
        recognized[i] = "ntm_nang_cao"
    for i in order[12:58]:
        recognized[i] = "ntm"
    year_rng = random.Random(SEED + 2023)
    rows_by_year = {2023: [draw_commune(year_rng, recognized[i], 0.0) for i in range(len(units))]}
    evolve_rng = random.Random(SEED + 2024)
    rows_by_year[2024] = [evolve(evolve_rng, row) for row in rows_by_year[2023]]
    fields = ["region", "particularly_disadvantaged", "safe_zone_poor_district"] + sorted(
        k for k in rows_by_year[2023][0] if k not in ("region", "particularly_disadvantaged", "safe_zone_poor_district"))
    for year, rows in rows_by_year.items():
        path = os.path.join(HERE, f"communes-{year}.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "name", "district", "recognized"] + fields)
            for u, rec, row in zip(units, recognized, rows):
                cells = []
                for k in fields:
                    v = row.get(k)
                    cells.append("" if v is None else ("true" if v is True else "false" if v is False else fmt(v)))
                w.writerow([u["code"], u["commune"], u["district"], rec] + cells)
        print(f"wrote {path}: {len(rows)} communes")


if __name__ == "__main__":
    main()
