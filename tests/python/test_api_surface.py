"""The public Python API as a whole: every public name has a real docstring (beyond pybind11's
signature line), every public function and method is exercised by some test, the committed type
stub matches the compiled module, and mypy accepts the package and typed user code."""

import inspect
import pathlib
import re
import subprocess
import sys

import pytest

import tieuchi
import tieuchi.graph
import tieuchi.parallel
import tieuchi.plots

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODULES = (tieuchi, tieuchi.plots, tieuchi.parallel)


def public_surface():
    """(qualified name, object) of every public function, class, method and property."""
    seen = set()
    for module in MODULES:
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            if name.startswith("__"):
                continue
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not (callable(obj) or inspect.isclass(obj)):
                continue
            if inspect.isclass(obj) and obj.__module__.split(".")[0] not in ("tieuchi",):
                continue
            if inspect.isfunction(obj) and not obj.__module__.startswith("tieuchi"):
                continue
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{module.__name__}.{name}", name, obj
            if inspect.isclass(obj) and not issubclass(obj, BaseException):
                for attr, val in vars(obj).items():
                    if attr.startswith("_") or isinstance(val, obj):
                        continue  # private, enum members
                    if hasattr(obj, "__members__") and attr in ("name", "value"):
                        continue  # pybind11's own enum properties
                    yield f"{module.__name__}.{name}.{attr}", attr, val


def doc_text(obj) -> str:
    doc = inspect.getdoc(obj) or ""
    # pybind11 puts "name(self: ..., ...) -> T" (and "Overloaded function.") before the text.
    lines = [l for l in doc.splitlines() if not re.match(r"^\s*(\d+\. )?\w+\(.*\)( -> .*)?$", l)]
    return "\n".join(l for l in lines if l.strip() and l.strip() != "Overloaded function.")


def test_every_public_name_has_a_real_docstring():
    missing = [q for q, _, obj in public_surface() if not doc_text(obj)]
    assert missing == []


def test_every_public_function_and_method_is_exercised():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "python").glob("test_*.py"))
    sources += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "examples").rglob("*.py"))
    sources += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "examples").rglob("*.ipynb"))
    untested = []
    for qualified, name, obj in public_surface():
        if inspect.isclass(obj):
            continue  # classes are covered through their methods
        if not re.search(rf"[.\s(\[]{re.escape(name)}\b", sources):
            untested.append(qualified)
    assert untested == []


def test_committed_stub_matches_the_module():
    pytest.importorskip("pybind11_stubgen")
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_stubs.py"), "--check"], capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr


def test_stub_is_installed_with_py_typed():
    package = pathlib.Path(tieuchi.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_tieuchi.pyi").exists()


def test_mypy_accepts_the_package_and_typed_user_code(tmp_path):
    pytest.importorskip("mypy")
    config = str(ROOT / "pyproject.toml")
    common = [sys.executable, "-m", "mypy", "--config-file", config, "--cache-dir", str(tmp_path / "cache")]
    package = subprocess.run(common + ["-p", "tieuchi"], capture_output=True, text=True, cwd=tmp_path)
    assert package.returncode == 0, package.stdout
    usage = subprocess.run(common + ["--strict", str(ROOT / "tests" / "python" / "typing" / "usage.py")],
                           capture_output=True, text=True, cwd=tmp_path)
    assert usage.returncode == 0, usage.stdout
    # And it catches a mistake (so the check is not vacuous).
    wrong = tmp_path / "wrong.py"
    wrong.write_text("import tieuchi\npack = tieuchi.load_pack(3)\nn: str = len(pack.nodes())\n")
    bad = subprocess.run(common + [str(wrong)], capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 1 and "wrong.py:2" in bad.stdout and "wrong.py:3" in bad.stdout
