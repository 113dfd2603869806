"""What the HTTP service asks of the library about packs: ids only (no path a request could
name), packs and overlays given as text, the packs on a path, and the pack described as JSON."""

import json
import pathlib

import pytest

import tieuchi

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKS = str(ROOT / "data" / "packs")


def test_ids_only_refuses_paths_even_to_real_files():
    real = str(ROOT / "data" / "packs" / "vn-ntm-2021-2025.yaml")
    assert tieuchi.load_pack(real).id == "vn-ntm-2021-2025"  # by path, by default
    for name in (real, "../packs/vn-ntm-2021-2025", "/etc/passwd", ".."):
        with pytest.raises(tieuchi.PackError) as info:
            tieuchi.load_pack(name, [PACKS], ids_only=True, default_path=False)
        (d,) = info.value.diagnostics
        assert (d.code, d.message) == ("E311", f"'{name}' is not a pack id")
    pack, warnings = tieuchi.load_pack_with_warnings("langson-2022", [PACKS], ids_only=True, default_path=False)
    assert pack.lineage == ["vn-ntm-2021-2025", "vn-ntm-nang-cao-2021-2025", "langson-2022"]
    assert all(w.severity == tieuchi.Severity.warning for w in warnings)


def test_an_overlay_as_text_extends_a_pack_on_the_path():
    pack, found = tieuchi.check_pack("pack: my-overlay\nextends: vn-ntm-2021-2025\n", "overlay.yaml", [PACKS],
                                     default_path=False)
    assert pack is not None and pack.id == "my-overlay"
    assert all(d.severity != tieuchi.Severity.error for d in found)


@pytest.mark.parametrize("base", ["../packs/vn-ntm-2021-2025", "/etc/passwd", "vn-ntm-2021-2025.yaml/x"])
def test_a_text_may_not_make_the_library_read_a_file(base):
    pack, found = tieuchi.check_pack(f"pack: o\nextends: '{base}'\n", "o.yaml", [PACKS], default_path=False)
    assert pack is None
    errors = [d for d in found if d.severity == tieuchi.Severity.error]
    assert [(d.code, d.line, d.message) for d in errors] == [("E311", 2, f"'{base}' is not a pack id")]


def test_a_broken_or_hostile_text_gives_diagnostics_not_an_exception():
    for text in ("pack: [unclosed\n", "pack: d\ntitle: " + "[" * 100_000 + "\n", "\xff", ""):
        pack, found = tieuchi.check_pack(text, "bad.yaml", [PACKS], default_path=False)
        assert pack is None
        assert any(d.severity == tieuchi.Severity.error for d in found), text[:20]


def test_no_folder_to_search_is_a_usage_error():
    with pytest.raises(ValueError, match="no folder to search"):
        tieuchi.list_packs([], default_path=False)


def test_the_packs_on_a_path_each_once_from_the_first_folder(tmp_path):
    (tmp_path / "vn-ntm-2021-2025.yaml").write_text("pack: shadow\n")
    (tmp_path / "mine.yml").write_text("pack: mine\n")
    (tmp_path / "mine.tests.yaml").write_text("pack: mine\ntests: []\n")
    packs = tieuchi.list_packs([str(tmp_path), PACKS], default_path=False)
    ids = [i for i, _ in packs]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert {"mine", "vn-ntm-2021-2025", "langson-2022"} <= set(ids) and "mine.tests" not in ids
    assert dict(packs)["vn-ntm-2021-2025"] == str(tmp_path / "vn-ntm-2021-2025.yaml")


def test_the_description_lists_what_a_form_and_a_reader_need(pack):
    d = json.loads(pack.describe())
    assert d["schema"] == "tieuchi.pack/1" and d["id"] == pack.id and d["lineage"] == pack.lineage
    assert [f["name"] for f in d["fields"]] == [f["name"] for f in pack.fields]
    assert [c["id"] for c in d["criteria"]] == [c["id"] for c in pack.criteria]
    thresholds = pack.thresholds()
    statuses = [v["provenance"]["status"] for p in d["parameters"] for v in p["values"] if v["value"] is not None]
    statuses += [t["provenance"]["status"] for t in d["tables"] for r in t["rows"] if r["value"] is not None]
    assert statuses.count("verified") == thresholds["verified"] == d["thresholds"]["verified"]
    assert statuses.count("illustrative") == thresholds["illustrative"] > 0
    assert pack.describe() == pack.describe()
