#!/usr/bin/env python3
"""tieuchi side by side with peer engines (issue #8): one command, one table, docs/benchmarks.md.

    bash scripts/bench.sh                 # set-up, then 10,000 and 1,000,000 units; writes docs/benchmarks.md
    bash scripts/bench.sh --sizes 10000 --repeats 3 --no-write   # a quick look

Workload: the national NTM 2021-2025 rules with the advanced and model levels and the Lạng Sơn
overlay, every threshold set (pack `langson-2022-illustrative`: 79 indicators, 39 criteria, 6
levels and conditions), over synthetic communes drawn by a seeded generator: every region, the
disadvantaged-commune flags that move a commune to the mountain thresholds, ~5% of input cells
missing. Three modes: statuses; statuses + gaps; statuses + a compact per-unit explanation.

Every contender's statuses (every indicator, criterion and level of every unit) are compared with
tieuchi's before anything is timed, for each assessment year 2022-2025 (the year-dependent income
thresholds); any difference fails the run. The memory floor (it reads the inputs and writes the
statuses, evaluating nothing) is the one contender timed and not checked. "vs floor" is against
the chunked C++ floor with the library's flags (statuses), or tieuchi C++ statuses (gaps, explain). Per-row engines are timed on the first
--row-sample units and their time scaled linearly to the size (marked "~" in the table); pass
--row-sample 0 to run them on every unit.

scripts/bench.sh installs what the benchmark needs (numexpr, zen-engine and
common-expression-language from PyPI, libmuparser-dev from Debian), builds, and runs this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import translate  # noqa: E402

PACK = ROOT / "data/examples/packs/langson-2022-illustrative.yaml"
# tieuchi from C++ on the columns a DataFrame holds (ids as text, region coded, yes/no as bytes
# with a missing mask): assess_units, the one call Python's pack.assess makes.
COLUMNS = "tieuchi C++, DataFrame's columns"
# Python's pack.assess alone (the AssessedFrame, statuses read through it); "tieuchi Python" adds
# the status DataFrames of indicators, criteria and levels.
PY_ASSESS = "tieuchi Python, pack.assess"
# Timed rounds at the timed year: the contenders the goals compare run once per round, in turn.
ROUNDS = 3
BUILD = ROOT / "build/release"
WORK = ROOT / "build/bench-peers"
CXXFLAGS = ["-std=c++20", "-O3", "-DNDEBUG"]  # the Release flags the library is built with
# The flags of the library's column kernels (src/CMakeLists.txt: the VM, the engine, the unit
# input add -fno-trapping-math), for the chunked floor and the memory floor; and the same for the
# CPU the benchmark runs on, with 512-bit vectors where it has them.
LIBRARY_FLAGS = [*CXXFLAGS, "-fno-trapping-math"]
NATIVE_FLAGS = [*LIBRARY_FLAGS, "-march=native", "-mprefer-vector-width=512"]
FLOOR = "C++ chunked floor (library flags)"  # the "vs floor" of statuses


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Fixture
# ---------------------------------------------------------------------------------------------


def make_fixture(ir: translate.Ir, n: int, seed: int) -> dict[str, np.ndarray]:
    """Columns in the encoding of the float engines (strings as codes into ir.strings)."""
    rng = np.random.default_rng(seed)
    cols: dict[str, np.ndarray] = {}
    for f in ir.fields:
        name, ty = f["name"], f["type"]
        if ty == "string":
            codes = np.array([ir.code(v) for v in f["values"]], dtype=float)
            x = codes[rng.integers(0, len(codes), n)]
        elif ty == "bool":
            p = 0.1 if name in ("particularly_disadvantaged", "safe_zone_poor_district") else 0.9
            x = (rng.random(n) < p).astype(float)
        elif f.get("unit") == "%":
            x = np.round(rng.uniform(0.4, 1.0, n), 3)
        else:
            lo = f.get("min", 0.0)
            hi = f.get("max", lo + (90.0 if "income" in name else 8.0 if "count" in name or "houses" in name else 100.0))
            x = rng.integers(int(lo), int(hi) + 1, n).astype(float) if hi - lo <= 10 else np.round(rng.uniform(lo, hi, n), 1)
        x[rng.random(n) < 0.05] = np.nan
        cols[name] = x
    return cols


def write_fixture(ir: translate.Ir, cols: dict[str, np.ndarray], d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True)
    n = len(next(iter(cols.values())))
    meta = {"units": n, "fields": [{"name": f["name"], "type": f["type"]} for f in ir.fields], "strings": ir.strings}
    (d / "meta.json").write_text(json.dumps(meta))
    np.stack([cols[f["name"]] for f in ir.fields]).astype(np.float64).tofile(d / "columns.f64")


def dataframe(ir: translate.Ir, cols: dict[str, np.ndarray]):
    """The DataFrame a notebook user has: ids, numbers, booleans (nullable), region as strings."""
    import pandas as pd

    n = len(next(iter(cols.values())))
    data: dict[str, Any] = {"id": pd.array([f"X{i:07d}" for i in range(n)], dtype="string")}
    strings = np.array(ir.strings + [None], dtype=object)
    for f in ir.fields:
        x = cols[f["name"]]
        if f["type"] == "string":
            data[f["name"]] = pd.Categorical(strings[np.where(np.isnan(x), len(ir.strings), x).astype(int)])
        elif f["type"] == "bool":
            data[f["name"]] = pd.array(np.where(np.isnan(x), None, x == 1), dtype="boolean")
        else:
            data[f["name"]] = x
    return pd.DataFrame(data)


def float_columns(ir: translate.Ir, df) -> dict[str, np.ndarray]:
    """DataFrame -> the float encoding (timed for the Python contenders that need it)."""
    out = {}
    code = {s: float(i) for i, s in enumerate(ir.strings)}
    for f in ir.fields:
        s = df[f["name"]]
        if f["type"] == "string":
            cats = np.array([code[c] for c in s.cat.categories] + [np.nan])
            out[f["name"]] = cats[s.cat.codes.to_numpy()]
        elif f["type"] == "bool":
            out[f["name"]] = s.to_numpy(dtype=float, na_value=np.nan)
        else:
            out[f["name"]] = s.to_numpy(dtype=float)
    return out


# ---------------------------------------------------------------------------------------------
# Contenders
# ---------------------------------------------------------------------------------------------


class Result:
    def __init__(self, times: list[float], statuses: np.ndarray | None, units_timed: int):
        self.times, self.statuses, self.units_timed = times, statuses, units_timed


def run_cmd(cmd: list[str]) -> list[float]:
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({p.returncode}):\n{p.stderr}")
    return json.loads(p.stdout.strip().splitlines()[-1])["times"]


def read_statuses(path: Path, nodes: int, n: int) -> np.ndarray:
    return np.fromfile(path, dtype=np.uint8).reshape(nodes, n)


def compile_cpp(name: str, sources: list[Path], extra: list[str], flags: list[str] = CXXFLAGS,
                deps: tuple[Path, ...] = ()) -> Path:
    """g++ `flags` on `sources`; rebuilt when the command, a source or a dependency (a generated
    file the sources include) changes."""
    exe = WORK / name
    stamp = WORK / f"{name}.cmd"
    cmd = ["g++", *flags, f"-I{ROOT / 'benchmarks/peers'}", *map(str, sources), *extra, "-o", str(exe)]
    key = " ".join(cmd) + "".join(p.read_text() for p in (*sources, *deps) if p.exists())
    if not exe.exists() or not stamp.exists() or stamp.read_text() != key:
        log(f"compiling {name}")
        subprocess.run(cmd, check=True)
        stamp.write_text(key)
    return exe


def del_after_last_use(steps: list[tuple[str, str]], keep: set[str]) -> list[list[str]]:
    """For each step, the temporaries whose last use it is (numexpr/NumPy free them)."""
    import re

    last: dict[str, int] = {}
    for i, (_, e) in enumerate(steps):
        for name in re.findall(r"\b[tn]\d+\b", e):
            last[name] = i
    drops: list[list[str]] = [[] for _ in steps]
    for name, i in last.items():
        if name not in keep:
            drops[i].append(name)
    return drops


def numexpr_runner(ir: translate.Ir) -> Callable[[dict[str, np.ndarray]], dict[str, np.ndarray]]:
    import numexpr as ne

    ne.set_num_threads(1)
    steps = translate.numexpr_steps(ir)
    keep = {v for _, v in translate.status_ids(ir)}
    drops = del_after_last_use(steps, keep)

    def run(cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        env: dict[str, Any] = {ir.field_var[k]: v for k, v in cols.items()}
        env["nan"] = np.nan
        for (var, expr), drop in zip(steps, drops):
            env[var] = ne.evaluate(expr, local_dict=env)
            for d in drop:
                env.pop(d, None)
        return {nid: np.asarray(env[var]).astype(np.uint8) for nid, var in translate.status_ids(ir)}

    return run


def numpy_runner(ir: translate.Ir) -> Callable[[dict[str, np.ndarray]], dict[str, np.ndarray]]:
    src = translate.numpy_source(ir)
    (WORK / "numpy_rules.py").write_text(src)
    ns: dict[str, Any] = {}
    exec(compile(src, str(WORK / "numpy_rules.py"), "exec"), ns)
    return ns["evaluate"]


def cel_runner(ir: translate.Ir):
    import cel

    stages = [(cel.compile(expr), vars_) for expr, vars_ in translate.cel_stages(ir)]
    status = translate.status_ids(ir)

    def run(rows: list[dict[str, float]]) -> list[list[int]]:
        out = []
        for row in rows:
            ctx = dict(row)
            ctx["nan"] = float("nan")
            for prog, vars_ in stages:
                ctx.update(zip(vars_, prog.execute(ctx)))
            out.append([int(ctx[v]) for _, v in status])
        return out

    return run


def zen_runner(ir: translate.Ir, batch: bool):
    import zen

    graph = json.dumps(translate.zen_graph(ir))
    (WORK / "zen_graph.json").write_text(graph)
    status = translate.status_ids(ir)
    if batch:
        engine = zen.ZenEngine({"loader": {"type": "static", "content": {"ntm.json": json.loads(graph)}}})

        def run(rows: list[dict[str, Any]]) -> list[list[int]]:
            res = engine.evaluate_batch([{"key": "ntm.json", "context": r} for r in rows])
            out = []
            for r in res:
                if not r.get("success"):
                    raise SystemExit(f"ZEN batch evaluation failed: {r.get('error')}")
                d = r["data"]["result"]
                out.append([int(d[v]) for _, v in status])
            return out

        return run
    decision = zen.ZenEngine().create_decision(graph)

    def run(rows: list[dict[str, Any]]) -> list[list[int]]:
        out = []
        for r in rows:
            d = decision.evaluate(r)["result"]
            out.append([int(d[v]) for _, v in status])
        return out

    return run


def rows_for(ir: translate.Ir, cols: dict[str, np.ndarray], n: int, nulls: bool) -> list[dict[str, Any]]:
    """Per-row contexts (built outside the timing, to the per-row engines' advantage): floats
    with NaN for CEL; JSON values with null (booleans as booleans, strings as strings) for ZEN."""
    names = [(f["name"], ir.field_var[f["name"]], f["type"]) for f in ir.fields]
    rows = []
    for u in range(n):
        r: dict[str, Any] = {}
        for name, var, ty in names:
            x = float(cols[name][u])
            if not nulls:
                r[var] = x
            elif np.isnan(x):
                continue  # missing: absent (ZEN reads an absent name as null)
            elif ty == "bool":
                r[var] = x == 1.0
            elif ty == "string":
                r[var] = ir.strings[int(x)]
            else:
                r[var] = x
        rows.append(r)
    return rows


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    gxx = subprocess.run(["g++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; {platform.platform()}; {gxx}; Python {platform.python_version()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    ap.add_argument("--repeats", type=int, default=5, help="timed runs per contender (the median is reported)")
    ap.add_argument("--year", type=int, default=2024, help="assessment year of the timed runs")
    ap.add_argument("--check-years", type=int, nargs="+", default=[2022, 2023, 2024, 2025])
    ap.add_argument("--row-sample", type=int, default=3_000, help="units the per-row engines are timed on (0: all)")
    ap.add_argument("--seed", type=int, default=20211)
    ap.add_argument("--no-write", action="store_true", help="print the table only")
    args = ap.parse_args()

    import pandas as pd  # noqa: F401
    import tieuchi

    WORK.mkdir(parents=True, exist_ok=True)
    pack = tieuchi.load_pack(str(PACK))
    runner = BUILD / "benchmarks/tieuchi_runner"
    if not runner.exists():
        raise SystemExit(f"{runner} not built: run the benchmark with `bash scripts/bench.sh`")

    muparser_bin = compile_cpp("muparser_runner", [ROOT / "benchmarks/peers/muparser_runner.cpp"], ["-lmuparser"])
    rows_out: list[dict[str, Any]] = []
    status_nodes = None

    def timed_py(fn: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
        times, out = [], None
        for _ in range(repeats):
            t0 = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t0)
        return times, out

    # Correctness first, for every check year, at the smallest size; then the timed year at every
    # size (checked again on what is timed).
    plans = [(args.sizes[0], y, False) for y in args.check_years if y != args.year] + [(n, args.year, True) for n in args.sizes]
    for n, year, timed in plans:
        ir = translate.Ir.from_lowered(pack.lower(year))
        status = translate.status_ids(ir)
        status_nodes = len(status)
        cols = make_fixture(ir, n, args.seed)
        fxdir = WORK / f"fixture-{n}-{args.seed}"
        write_fixture(ir, cols, fxdir)
        df = dataframe(ir, cols)
        repeats = args.repeats if timed else 1
        label = f"{n:,} units, year {year}"
        log(f"== {label}")

        # tieuchi C++ (the reference statuses)
        ref_path = WORK / "tieuchi.status"
        t_cpp = run_cmd([str(runner), str(PACK), str(fxdir), str(year), "statuses", "1", str(repeats), str(ref_path)])
        ref = read_statuses(ref_path, status_nodes, n)

        def check(name: str, got: np.ndarray, upto: int | None = None) -> None:
            want = ref[:, :upto] if upto else ref
            if got.shape != want.shape or not np.array_equal(got, want):
                bad = np.argwhere(got != want) if got.shape == want.shape else None
                where = "" if bad is None or not len(bad) else \
                    f": first difference at node {status[bad[0][0]][0]!r}, unit {bad[0][1]} ({got[tuple(bad[0])]} vs tieuchi {want[tuple(bad[0])]})"
                raise SystemExit(f"{name} disagrees with tieuchi on {label}{where}")

        results: dict[tuple[str, str], Result] = {("tieuchi C++", "statuses"): Result(t_cpp, ref, n)}
        # What the goals compare, timed again in further rounds (below), each round running every
        # one in turn: on a machine whose speed drifts over minutes, the two sides of a ratio are
        # then measured under the same conditions, not minutes apart.
        rounds: list[tuple[tuple[str, str], Callable[[], list[float]]]] = []

        def again(key: tuple[str, str], cmd: list[str]) -> None:
            rounds.append((key, lambda: run_cmd(cmd)))

        again(("tieuchi C++", "statuses"), [str(runner), str(PACK), str(fxdir), str(year), "statuses", "1", str(repeats)])

        # The floors, generated C++ with no engine (translate.py), each compiled with
        # floor_main.cpp: the chunked floor with the library's flags and for this CPU, the row
        # loop, and the memory floor (timed only: it evaluates nothing, so it is not checked).
        floors: list[tuple[str, str, Callable[[translate.Ir], str], list[str]]] = [
            (FLOOR, "chunked", translate.cpp_chunked_floor_source, LIBRARY_FLAGS),
            ("C++ chunked floor (-march=native)", "chunked_native", translate.cpp_chunked_floor_source, NATIVE_FLAGS),
            ("C++ row loop", "row", translate.cpp_floor_source, CXXFLAGS)]
        if timed:
            floors.append(("memory floor", "memory", translate.memory_floor_source, LIBRARY_FLAGS))

        def build_floor(kind: str, source: Callable[[translate.Ir], str], flags: list[str]) -> Path:
            src = WORK / f"floor_{kind}_{year}.inc"
            src.write_text(source(ir))
            return compile_cpp(f"floor_{kind}_{year}", [ROOT / "benchmarks/peers/floor_main.cpp"],
                               [f"-DFLOOR_SOURCE=\"{src}\""], flags, (src,))

        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # compiled side by side
            floor_bins = list(pool.map(lambda f: build_floor(*f[1:]), floors))
        for (name, kind, _, _), floor_bin in zip(floors, floor_bins):
            if kind == "memory":
                results[(name, "statuses")] = Result(run_cmd([str(floor_bin), str(fxdir), str(repeats)]), None, n)
            else:
                p = WORK / "floor.status"
                results[(name, "statuses")] = Result(run_cmd([str(floor_bin), str(fxdir), str(repeats), str(p)]), read_statuses(p, status_nodes, n), n)
            again((name, "statuses"), [str(floor_bin), str(fxdir), str(repeats)])

        # muparser bulk mode
        steps_path = WORK / f"muparser_{year}.steps"
        steps_path.write_text("".join(f"{v}\t{e}\n" for v, e in translate.muparser_steps(ir)) + "#statuses\n" + "".join(f"{v}\n" for _, v in status))
        p = WORK / "muparser.status"
        results[("muparser (bulk)", "statuses")] = Result(run_cmd([str(muparser_bin), str(steps_path), str(fxdir), str(repeats), str(p)]), read_statuses(p, status_nodes, n), n)

        # tieuchi Python: DataFrame in; the result as pack.assess returns it (the goal's call), and
        # with DataFrames of statuses out as well (the row NumPy and numexpr, whose outputs are
        # arrays, are compared with).
        def tieuchi_py(mode: str, frames: bool = True):
            def go():
                af = pack.assess(df, year=year, values=mode == "gaps", gaps=mode == "gaps", threads=1)
                if mode == "explain":
                    return af, af.wide()
                if not frames:
                    return af, None
                return af, [af.matrix(k) for k in ("indicator", "criterion", "level")]
            return go
        # Python right after the C++ call it makes (assess_units on the columns as the DataFrame
        # holds them), in every round.
        p = WORK / "tieuchi_columns.status"
        columns_cmd = [str(runner), str(PACK), str(fxdir), str(year), "columns", "1", str(repeats)]
        results[(COLUMNS, "statuses")] = Result(run_cmd(columns_cmd + [str(p)]), read_statuses(p, status_nodes, n), n)
        def py_statuses(af) -> np.ndarray:
            return np.stack([af.assessment.status(nid) for nid, _ in status])

        t, (af, _) = timed_py(tieuchi_py("statuses", frames=False), repeats)
        results[(PY_ASSESS, "statuses")] = Result(t, py_statuses(af), n)
        t, (af, status_frames) = timed_py(tieuchi_py("statuses"), repeats)
        by_id = {nid: col for f in status_frames for nid, col in f.items()}  # the frames hold the same codes
        if not all(np.array_equal(by_id[nid].to_numpy(), af.assessment.status(nid)) for nid, _ in status if nid in by_id):
            raise SystemExit(f"tieuchi Python's status frames disagree with its assessment on {label}")
        results[("tieuchi Python", "statuses")] = Result(t, py_statuses(af), n)
        again((COLUMNS, "statuses"), columns_cmd)
        rounds.append(((PY_ASSESS, "statuses"), lambda: timed_py(tieuchi_py("statuses", frames=False), repeats)[0]))
        rounds.append((("tieuchi Python", "statuses"), lambda: timed_py(tieuchi_py("statuses"), repeats)[0]))

        # NumPy by hand, numexpr: DataFrame in, arrays out
        np_eval = numpy_runner(ir)
        t, out = timed_py(lambda: np_eval(float_columns(ir, df)), repeats)
        results[("NumPy (hand-vectorised)", "statuses")] = Result(t, np.stack([out[nid] for nid, _ in status]), n)
        ne_eval = numexpr_runner(ir)
        t, out = timed_py(lambda: ne_eval(float_columns(ir, df)), repeats)
        results[("numexpr", "statuses")] = Result(t, np.stack([out[nid] for nid, _ in status]), n)

        # per-row engines on a sample
        sample = n if args.row_sample == 0 else min(n, args.row_sample)
        if not timed:
            sample = min(sample, 2000)
        per_row = [("CEL (common-expression-language)", cel_runner(ir), False),
                   ("ZEN per row", zen_runner(ir, batch=False), True),
                   ("ZEN batch", zen_runner(ir, batch=True), True)]
        for name, fn, nulls in per_row:
            rows = rows_for(ir, cols, sample, nulls)
            t, out = timed_py(lambda: fn(rows), 1 if sample < n else min(repeats, 3))
            results[(name, "statuses")] = Result(t, np.array(out, dtype=np.uint8).T, sample)

        # extra modes (tieuchi)
        if timed:
            for mode in ("gaps", "explain"):
                mode_cmd = [str(runner), str(PACK), str(fxdir), str(year), mode, "1", str(repeats)]
                results[("tieuchi C++", mode)] = Result(run_cmd(mode_cmd), None, n)
                again(("tieuchi C++", mode), mode_cmd)
                t, _ = timed_py(tieuchi_py(mode), repeats)
                results[("tieuchi Python", mode)] = Result(t, None, n)
            # 2 threads (the scaling goal) and every core.
            for threads in sorted({min(2, os.cpu_count() or 1), os.cpu_count() or 1} - {1}):
                p = WORK / "tieuchi_mt.status"
                mt_cmd = [str(runner), str(PACK), str(fxdir), str(year), "statuses", str(threads), str(repeats)]
                results[(f"tieuchi C++, {threads} threads", "statuses")] = Result(
                    run_cmd(mt_cmd + [str(p)]), read_statuses(p, status_nodes, n), n)
                again((f"tieuchi C++, {threads} threads", "statuses"), mt_cmd)
            for _ in range(ROUNDS - 1):
                for key, job in rounds:
                    results[key].times += job()

        for (name, mode), r in results.items():
            if r.statuses is not None:
                check(name, r.statuses, None if r.units_timed == n else r.units_timed)
        log(f"   every contender agrees with tieuchi on {status_nodes} nodes x {n:,} units"
            + (f" (per-row engines: first {sample:,} units)" if sample < n else ""))
        if not timed:
            continue
        # "vs floor": statuses against the chunked floor with the library's flags; gaps and
        # explanations (tieuchi's own outputs, which no floor computes) against tieuchi C++ statuses.
        tc = {m: statistics.median(results[("tieuchi C++", m)].times) for m in ("statuses", "gaps", "explain")}
        floor = statistics.median(results[(FLOOR, "statuses")].times)
        floor_by_mode = {"statuses": floor, "gaps": tc["statuses"], "explain": tc["statuses"]}
        for (name, mode), r in results.items():
            med = statistics.median(r.times) * n / r.units_timed
            rows_out.append({"contender": name, "units": n, "mode": mode, "median_s": med,
                             "extrapolated": r.units_timed < n, "units_per_s": n / med,
                             "vs_floor": med / floor_by_mode.get(mode, floor), "vs_tieuchi": med / tc[mode]})

    table = format_table(rows_out)
    print(table)
    goals = check_goals(rows_out)
    print(goals)
    if not args.no_write:
        write_doc(table, goals, args)
    return 0


def format_table(rows: list[dict[str, Any]]) -> str:
    head = "| contender | units | mode | median | units/s | vs floor | vs tieuchi C++ |\n|---|---:|---|---:|---:|---:|---:|\n"
    lines = []
    for r in rows:
        t = r["median_s"]
        tt = f"{t * 1000:.1f} ms" if t < 10 else f"{t:.1f} s"
        mark = "~" if r["extrapolated"] else ""
        lines.append(f"| {r['contender']} | {r['units']:,} | {r['mode']} | {mark}{tt} | {mark}{r['units_per_s']:,.0f} | "
                     f"{r['vs_floor']:.2f}x | {r['vs_tieuchi']:.2f}x |")
    return head + "\n".join(lines) + "\n"


def check_goals(rows: list[dict[str, Any]]) -> str:
    """The goals of issues #8 and #21 at the largest size: each `met` or `MISSED`, with its ratio."""
    big = max(r["units"] for r in rows)
    at = {(r["contender"], r["mode"]): r for r in rows if r["units"] == big}
    med = {key: r["median_s"] for key, r in at.items()}
    tc = med[("tieuchi C++", "statuses")]
    per_row = [r for (c, m), r in at.items() if m == "statuses" and (c.startswith("CEL") or c.startswith("ZEN"))]
    fastest_row = min(per_row, key=lambda r: r["median_s"])
    # (text, measured ratio, limit, the ratio must be at most the limit)
    goals: list[tuple[str, float | None, float, bool]] = [
        (f"tieuchi C++ statuses within 1.2x of the {FLOOR}", tc / med[(FLOOR, "statuses")], 1.2, True),
        ("tieuchi C++ statuses within 1.5x of the C++ chunked floor (-march=native)",
         tc / med[("C++ chunked floor (-march=native)", "statuses")], 1.5, True),
        ("tieuchi C++ on 2 threads at least 1.8x faster than on 1 (statuses)",
         tc / med[("tieuchi C++, 2 threads", "statuses")] if ("tieuchi C++, 2 threads", "statuses") in med else None, 1.8, False),
        ("tieuchi C++ gaps within 2x of statuses", med[("tieuchi C++", "gaps")] / tc, 2.0, True),
        ("tieuchi C++ explain within 2x of statuses", med[("tieuchi C++", "explain")] / tc, 2.0, True),
        (f"tieuchi Python `pack.assess(df, threads=1)` within 1.1x of the C++ call it makes ({COLUMNS}; "
         f"with the three status DataFrames made too: {med[('tieuchi Python', 'statuses')] / med[(COLUMNS, 'statuses')]:.2f}x; "
         f"against assess() of a table built by hand, unvalidated: {med[(PY_ASSESS, 'statuses')] / tc:.2f}x)",
         med[(PY_ASSESS, "statuses")] / med[(COLUMNS, "statuses")], 1.1, True),
        ("tieuchi at least 3x faster than NumPy by hand", med[("NumPy (hand-vectorised)", "statuses")] / tc, 3.0, False),
        (f"tieuchi at least 100x faster than every per-row engine (fastest: {fastest_row['contender']})",
         fastest_row["median_s"] / tc, 100.0, False),
    ]
    out = [f"Goals at {big:,} units:"]
    for text, ratio, limit, at_most in goals:
        if ratio is None:
            out.append(f"- n/a: {text}: one core")
        else:
            ok = ratio <= limit if at_most else ratio >= limit
            out.append(f"- {'met' if ok else 'MISSED'}: {text}: {ratio:.2f}x")
    return "\n".join(out) + "\n"


def write_doc(table: str, goals: str, args: argparse.Namespace) -> None:
    doc = ROOT / "docs/benchmarks.md"
    intro = (ROOT / "benchmarks/peers/README.md").read_text()
    doc.write_text(
        "# Benchmarks: tieuchi and its peers\n\n"
        "<!-- generated by `bash scripts/bench.sh` (benchmarks/run.py); do not edit by hand -->\n\n"
        f"Measured {dt.date.today().isoformat()} on: {machine()}.\n"
        f"Command: `bash scripts/bench.sh --sizes {' '.join(map(str, args.sizes))} --repeats {args.repeats} "
        f"--year {args.year} --row-sample {args.row_sample}`. Times vary between machines; the ratios are the claim.\n"
        "`~`: a per-row engine timed on the first "
        f"{args.row_sample:,} units and scaled linearly.\n\n"
        + table + "\n" + goals + "\n" + intro)


if __name__ == "__main__":
    sys.exit(main())
