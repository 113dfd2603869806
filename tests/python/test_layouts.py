"""Column layouts the core reads in place (issue #8): pandas' nullable arrays (boolean, Int64,
Float64) as values + mask, booleans as bytes, Arrow-backed id columns as offsets + bytes. Each must
give exactly the result of the plain float64 layout, and malformed buffers must be refused by name."""

import numpy as np
import pandas as pd
import pytest

import tieuchi
from tieuchi._tieuchi import assess as native_assess
from tieuchi._tieuchi import read_units


@pytest.fixture(scope="module")
def reference(pack, frame):
    return pack.assess(frame, year=2023)


def test_nullable_columns_give_the_plain_result(pack, frame, reference):
    nullable = frame.convert_dtypes(dtype_backend="numpy_nullable")
    kinds = {type(nullable[c].array).__name__ for c in nullable.columns}
    # The fixture really exercises the masked layouts (booleans as bytes, masked floats and ints).
    assert {"BooleanArray", "FloatingArray", "IntegerArray"} <= kinds
    assert any(nullable[c].isna().any() for c in nullable.columns if isinstance(nullable[c].dtype, pd.BooleanDtype))
    got = pack.assess(nullable, year=2023)
    assert got.assessment.to_json() == reference.assessment.to_json()
    pd.testing.assert_frame_equal(got.matrix(), reference.matrix(), check_index_type=False)


@pytest.mark.parametrize("dtype", ["string[pyarrow]", "string[python]", object])
def test_id_columns_of_every_storage_give_the_same_ids(pack, frame, reference, dtype):
    pytest.importorskip("pyarrow")
    df = frame.assign(id=frame["id"].astype(dtype))
    got = pack.assess(df, year=2023)
    assert got.assessment.ids == list(frame["id"])
    assert list(got.matrix().index) == list(frame["id"]) and got.matrix().index.name == "id"
    assert got.assessment.to_json() == reference.assessment.to_json()


def test_arrow_ids_from_a_sliced_multi_chunk_column(pack, frame):
    pa = pytest.importorskip("pyarrow")
    ids = list(frame["id"])
    chunked = pa.chunked_array([pa.array(["drop"] + ids[:50]).slice(1), pa.array(ids[50:])])
    df = frame.assign(id=pd.Series(pd.arrays.ArrowStringArray(chunked), index=frame.index))
    assert pack.assess(df, year=2023).assessment.ids == ids


def _native(pack, columns, **options):
    """The two native calls a door makes: the one unit validation, then the assessment."""
    table, warnings = read_units(pack, columns, allow_missing_columns=True, **options)
    assert {w.code for w in warnings} <= {"W501"}  # the inputs not given are unknown
    return native_assess(pack, table, year=2023)


def test_boolean_bytes_outside_zero_one_are_refused_with_unit_and_field(pack):
    field = next(f["name"] for f in pack.fields if f["type"] == tieuchi.Type.boolean)
    values = np.array([1, 0, 2, 1], dtype=np.uint8)
    ok_mask = np.array([False, False, True, False])  # the 2 is masked out: missing, not an error
    ids = ["a", "b", "c", "d"]
    a = _native(pack, {"id": ids, field: ("masked", values, ok_mask)})
    plain = _native(pack, {"id": ids, field: np.array([1.0, 0.0, np.nan, 1.0])})
    assert a.to_json() == plain.to_json()
    with pytest.raises(tieuchi.DataError) as info:
        _native(pack, {"id": ids, field: ("masked", values, np.zeros(4, dtype=bool))})
    (d,) = [d for d in info.value.diagnostics if d.severity == tieuchi.Severity.error]
    assert (d.code, d.row, d.column, d.column_name, d.message) == ("E509", 3, 2, field, "2 is not a yes/no value (0 or 1)")


def test_masked_columns_must_match_in_length(pack):
    field = next(f["name"] for f in pack.fields if f["type"] == tieuchi.Type.boolean)
    with pytest.raises(tieuchi.DataError, match=rf"column '{field}': the missing mask's length differs"):
        _native(pack, {"id": ["a", "b", "c"], field: ("masked", np.ones(3, dtype=bool), np.zeros(2, dtype=bool))})


def test_malformed_id_buffers_are_refused(pack):
    data = np.frombuffer(b"abcdef", dtype=np.uint8)
    with pytest.raises(tieuchi.DataError, match="E511.*empty unit id"):
        _native(pack, {"id": ("arrow", np.array([0, 2, 2, 6]), data)})
    good = _native(pack, {"id": ("arrow", np.array([0, 2, 3, 6]), data)})
    assert good.ids == ["ab", "c", "def"]
    with pytest.raises(ValueError, match="column 'id': offset 2 is outside the data"):
        _native(pack, {"id": ("arrow", np.array([0, 3, 1, 6]), data)})
    with pytest.raises(ValueError, match="column 'id': offset 3 is outside the data"):
        _native(pack, {"id": ("arrow", np.array([0, 2, 4, 7]), data)})


def test_names_and_districts_are_blank_when_not_given(pack):
    a = _native(pack, {"id": ["a", "b"]})
    assert a.names == ["", ""] and a.districts == ["", ""]
    with pytest.raises(tieuchi.DataError, match="column 'name' has 1 values for 2 units"):
        _native(pack, {"id": ["a", "b"], "name": ["x"]})


def test_categorical_columns_give_the_plain_result(pack, frame, reference):
    strings = [f["name"] for f in pack.fields if f["type"] == tieuchi.Type.string and f["name"] in frame.columns]
    assert strings
    # Codes of the categories as given, unused categories included (never read, never refused).
    df = frame.assign(**{c: pd.Categorical(frame[c], categories=sorted(set(frame[c].dropna())) + ["unused"])
                         for c in strings})
    got = pack.assess(df, year=2023)
    assert got.assessment.to_json() == reference.assessment.to_json()
    # A category a unit uses that is no value of the field is refused at that unit's row.
    bad = frame.copy()
    bad.loc[3, strings[0]] = "nowhere"
    bad[strings[0]] = bad[strings[0]].astype("category")
    with pytest.raises(tieuchi.DataError) as info:
        pack.assess(bad, year=2023)
    (d,) = info.value.diagnostics
    assert (d.code, d.row, d.column_name) == ("E505", 4, strings[0])


def test_bad_numbers_give_the_diagnostics_of_the_one_validation(pack, frame):
    """pack.assess checks the numbers as the assessment reads them (assess_units): the problems
    it lists are exactly those read_frame lists, rows and columns included."""
    shares = [f["name"] for f in pack.fields if f.get("max") == 1.0 and f["name"] in frame.columns]
    flags = [f["name"] for f in pack.fields if f["type"] == tieuchi.Type.boolean and f["name"] in frame.columns]
    assert shares and flags
    bad = frame.copy()
    bad[shares[0]] = bad[shares[0]].astype(float)
    bad.loc[1, shares[0]] = 1.5
    bad.loc[len(bad) - 1, shares[0]] = np.inf
    bad[flags[0]] = bad[flags[0]].astype("boolean").astype("Float64")
    bad.loc[2, flags[0]] = 2.0
    for df in (bad, bad.assign(id=bad["id"].where(bad.index != 5, bad["id"][4]))):
        with pytest.raises(tieuchi.DataError) as fused:
            pack.assess(df, year=2023)
        with pytest.raises(tieuchi.DataError) as read:
            tieuchi.read_frame(pack, df)
        got = [(d.code, d.row, d.column, d.message) for d in fused.value.diagnostics]
        assert got == [(d.code, d.row, d.column, d.message) for d in read.value.diagnostics]
        assert {(c, r) for c, r, _, _ in got} >= {("E505", 2), ("E509", len(bad)), ("E509", 3)}


def test_status_matrices_are_copies_the_caller_owns(pack, frame):
    af = pack.assess(frame, year=2023)
    nodes = af.node_ids("indicator")
    m = af.matrix("indicator")
    assert list(m.columns) == nodes
    for n in (nodes[0], nodes[-1]):
        assert (m[n].to_numpy() == af.assessment.status(n)).all()
    before = af.assessment.status(nodes[0]).copy()
    m.iloc[:, 0] = 3  # the frame is the caller's: writing to it leaves the assessment alone
    assert (af.assessment.status(nodes[0]) == before).all()
    assert (af.matrix("indicator")[nodes[0]].to_numpy() == before).all()
    assert af.assessment.status_matrix([]).shape == (len(frame), 0)
    with pytest.raises(KeyError):
        af.assessment.status_matrix(["no such node"])
