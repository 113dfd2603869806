"""Every notebook in examples/notebooks runs from top to bottom (nbclient, the notebook's own
folder as working directory), so the examples never rot. A failing cell fails the test with the
cell's traceback."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "examples" / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:2] == ["01-assess-langson.ipynb", "02-plan-langson.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend: figures become PNG outputs
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                     if o.output_type == "stream")
    assert "tieuchi" in text
    if path.stem == "01-assess-langson":
        # The figures the CLI prints for the same data (hand-checked in #5).
        assert re.search(r"^short_of\s+52$", text, re.M) and re.search(r"^revocation\s+1$", text, re.M)
        assert "Tổng hợp: 181 rows" in text
        images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if "image/png" in o.get("data", {})]
        assert len(images) >= 3  # heatmap, district bars, dependency graph
    if path.stem == "02-plan-langson":
        assert "Lộ trình 2023-2025" in text and "Nhiệm vụ:" in text
        assert re.search(r"^Lộ trình: \d+ rows$", text, re.M) and re.search(r"^Kết quả: 70 rows$", text, re.M)
