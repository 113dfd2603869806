"""Fixtures shared by the Python tests: the Lạng Sơn example pack (national + advanced + provincial
packs with the illustrative thresholds) and its 2023 communes as a DataFrame."""

import pathlib

import pandas as pd
import pytest

import tieuchi

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE_PACK = str(ROOT / "data" / "examples" / "packs" / "langson-2022-illustrative.yaml")
EXAMPLE_CSV = ROOT / "data" / "examples" / "langson" / "communes-2023.csv"


@pytest.fixture(scope="session")
def pack():
    return tieuchi.load_pack(EXAMPLE_PACK)


@pytest.fixture(scope="session")
def frame():
    return pd.read_csv(EXAMPLE_CSV, dtype={"id": str})
