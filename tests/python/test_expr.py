"""The Python surface of the expression language: versions, errors, scalar and batch evaluation."""

import math
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import tieuchi


@pytest.fixture()
def env():
    e = tieuchi.Environment()
    e.add_field("irrigated_share", tieuchi.Type.number, "%")
    e.add_field("has_market", tieuchi.Type.boolean)
    e.add_field("region", tieuchi.Type.string)
    return e


def test_version_matches_cmake_project():
    cmake = pathlib.Path(__file__).resolve().parents[2] / "CMakeLists.txt"
    text = cmake.read_text(encoding="utf-8")
    assert f"project(tieuchi VERSION {tieuchi.__version__}" in text


def test_import_from_another_folder(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "import tieuchi; print(tieuchi.__version__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == tieuchi.__version__


def test_scalar_evaluation_and_missing(env):
    rule = tieuchi.analyze("irrigated_share >= 80% and has_market", env, expected=tieuchi.Type.boolean)
    program = tieuchi.compile([rule])
    assert program.evaluate(env, {"irrigated_share": 0.9, "has_market": True}) == [True]
    assert program.evaluate(env, {"irrigated_share": 0.7, "has_market": True}) == [False]
    # Missing stays unknown (None), never False.
    assert program.evaluate(env, {"has_market": True}) == [None]
    assert program.evaluate(env, {"irrigated_share": 0.7}) == [False]  # Kleene: false and unknown


def test_gaps(env):
    program = tieuchi.compile([tieuchi.analyze("irrigated_share >= 80%", env)])
    (gap,) = program.gaps(env, {"irrigated_share": 0.72})
    assert gap["text"] == "irrigated_share >= 80%"
    assert gap["amount"] == pytest.approx(0.08)
    assert gap["threshold"] == pytest.approx(0.8)


def test_parse_error_has_structured_diagnostics(env):
    with pytest.raises(tieuchi.ParseError) as info:
        tieuchi.analyze("(irrigated_share >= 80%", env)
    (d,) = info.value.diagnostics
    assert isinstance(info.value, tieuchi.Error)
    assert (d.code, d.line, d.column) == ("E103", 1, 24)
    assert d.message == "expected ')', found end of input"
    assert "^" in d.format()


def test_check_error_has_code_column_and_hint(env):
    with pytest.raises(tieuchi.CheckError) as info:
        tieuchi.analyze("irigated_share >= 80%", env, rule_id="3.1")
    (d,) = info.value.diagnostics
    assert (d.code, d.column, d.rule_id) == ("E201", 1, "3.1")
    assert d.hint == "did you mean 'irrigated_share'?"


def test_batch_matches_scalar_without_copying_inputs(env):
    rule = tieuchi.analyze("irrigated_share >= 80% or region == 'DBSH'", env)
    program = tieuchi.compile([rule])
    share = np.array([0.9, 0.5, np.nan, 0.5, 0.85])
    region = ["TDMNPB", "DBSH", "TDMNPB", None, None]
    [(values, status)] = program.evaluate_batch(env, {"irrigated_share": share, "region": region})
    assert status.dtype == np.uint8
    assert status.tolist() == [
        int(tieuchi.Status.met), int(tieuchi.Status.met), int(tieuchi.Status.unknown),
        int(tieuchi.Status.unknown), int(tieuchi.Status.met),
    ]
    for i in range(len(share)):
        inputs = {"irrigated_share": None if math.isnan(share[i]) else float(share[i]), "region": region[i]}
        (scalar,) = program.evaluate(env, inputs)
        assert (scalar is None and math.isnan(values[i])) or float(scalar) == values[i]


def test_batch_errors_name_the_column(env):
    program = tieuchi.compile([tieuchi.analyze("irrigated_share > 0", env)])
    with pytest.raises(tieuchi.DataError) as info:
        program.evaluate_batch(env, {"irrigated_shar": np.zeros(3)})
    assert info.value.diagnostics[0].code == "E501"
    assert info.value.diagnostics[0].column_name == "irrigated_shar"
    with pytest.raises(tieuchi.DataError) as info:
        program.evaluate_batch(env, {"has_market": np.zeros(3)})
    assert info.value.diagnostics[0].code == "E504"


def test_every_public_name_has_a_docstring():
    for name in tieuchi.__all__:
        if name.startswith("__"):
            continue
        obj = getattr(tieuchi, name)
        assert (obj.__doc__ or "").strip(), name


def test_irrigation_example_runs():
    root = pathlib.Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, str(root / "examples" / "python" / "irrigation.py")],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert out == [
        "3.1 Xã Hoàng Đồng: met",
        "3.1 Xã Quảng Lạc: unmet (short by 6% of farmland)",
        "3.1 Xã Mai Pha: unknown (irrigated_share missing)",
        "3.1 Xã Khánh Long: met",
    ]
