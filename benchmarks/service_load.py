"""A bounded load test of the HTTP service on loopback (issue #17).

Starts `python -m tieuchi.service` on 127.0.0.1 (a free port), sends POST /v1/assess of the
example communes (data/examples/langson/communes-2023.csv, 181 units, as JSON rows) from
`--clients` concurrent clients for `--duration` seconds (at most `--max-requests` requests), and
prints requests per second, p50/p90/p99 latency, errors, the server's resident memory after the
warm-up and at the end, and the ratio of the service's time per assess to the same work done
in-process by Python (tieuchi.read_units + tieuchi.assess + Assessment.to_json, what the service
calls), measured in the same run.

Exit status 1 when a request failed or the resident memory grew by more than `--max-growth-mb`.

Usage: python benchmarks/service_load.py [--clients 8] [--duration 60] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import httpx

import tieuchi
from tieuchi.service.app import columns_of

ROOT = pathlib.Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "examples" / "langson" / "communes-2023.csv"
PACKS = ROOT / "data" / "examples" / "packs"
BUILTIN = ROOT / "data" / "packs"
PACK = "langson-2022-illustrative"


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the workers), from /proc."""
    total = 0.0
    pids = [pid]
    try:
        children = pathlib.Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in pathlib.Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def in_process_ms(units: list[dict[str, object]], repeats: int) -> float:
    """Median time of what the service does per request, called directly from Python."""
    pack = tieuchi.load_pack(PACK, [str(PACKS), str(BUILTIN)])
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        table, _ = tieuchi.read_units(pack, columns_of(units), file="request", first_row=1,  # type: ignore[arg-type]
                                      optional_attributes=["recognized"])
        tieuchi.assess(pack, table, year=2023).to_json("recognized")
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


async def load(url: str, body: bytes, clients: int, duration: float, max_requests: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.monotonic() + duration

    async def client() -> None:
        nonlocal errors, sent
        async with httpx.AsyncClient(base_url=url, timeout=60) as c:
            while time.monotonic() < deadline and sent < max_requests:
                sent += 1
                t0 = time.perf_counter()
                try:
                    r = await c.post("/v1/assess", content=body, headers={"content-type": "application/json"})
                    ok = r.status_code == 200 and r.content.startswith(b"{")
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += not ok

    t0 = time.monotonic()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors, time.monotonic() - t0


def percentile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load (after a warm-up)")
    ap.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests")
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--concurrency", type=int, default=4, help="engine calls at once per server process")
    ap.add_argument("--max-growth-mb", type=float, default=50.0, help="fail if resident memory grows more")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    with open(CSV, encoding="utf-8", newline="") as f:
        units = [{k: (v if v != "" else None) for k, v in r.items()} for r in csv.DictReader(f)]
    body = json.dumps({"pack": PACK, "year": 2023, "units": units}).encode()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([sys.executable, "-m", "tieuchi.service", "--host", "127.0.0.1", "--port", str(port),
                                   "--pack-path", str(PACKS), "--pack-path", str(BUILTIN), "--workers", str(args.workers),
                                   "--concurrency", str(args.concurrency)], stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    sys.exit(f"the service did not start: {log.read().decode(errors='replace')}")
                time.sleep(0.1)
            first = httpx.post(url + "/v1/assess", content=body, headers={"content-type": "application/json"}, timeout=60)
            if first.status_code != 200:
                sys.exit(f"the service refused the request: {first.status_code} {first.text[:2000]}")
            # Warm-up: every worker compiles the pack; then the memory at the start.
            asyncio.run(load(url, body, args.clients, 3.0, 20 * args.clients))
            rss_start = rss_mb(server.pid)
            latencies, errors, elapsed = asyncio.run(load(url, body, args.clients, args.duration, args.max_requests))
            rss_end = rss_mb(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    direct = in_process_ms(units, 30)
    figures = {
        "clients": args.clients, "workers": args.workers, "units_per_request": len(units),
        "requests": len(latencies), "errors": errors, "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50), 1), "p90_ms": round(percentile(latencies, 0.90), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "in_process_ms": round(direct, 2),
        # Service time per assess under load (elapsed / requests, all clients together) vs the
        # in-process call; and one request's latency vs the call.
        "service_ms_per_assess": round(elapsed * 1000 / max(1, len(latencies)), 2),
        "ratio_per_assess": round(elapsed * 1000 / max(1, len(latencies)) / direct, 2),
        "ratio_p50_latency": round(percentile(latencies, 0.50) / direct, 2),
        "rss_start_mb": round(rss_start, 1), "rss_end_mb": round(rss_end, 1),
        "rss_growth_mb": round(rss_end - rss_start, 1), "max_growth_mb": args.max_growth_mb,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"service load: {figures['requests']} requests of {len(units)} units in {figures['seconds']} s from "
              f"{args.clients} clients ({args.workers} worker(s)): {figures['requests_per_second']} requests/s, "
              f"{errors} errors")
        print(f"latency: p50 {figures['p50_ms']} ms, p90 {figures['p90_ms']} ms, p99 {figures['p99_ms']} ms")
        print(f"in-process Python call (read_units + assess + to_json): {figures['in_process_ms']} ms; service time per "
              f"assess under load {figures['service_ms_per_assess']} ms = {figures['ratio_per_assess']}x; "
              f"p50 latency = {figures['ratio_p50_latency']}x")
        print(f"server resident memory: {figures['rss_start_mb']} MB after warm-up, {figures['rss_end_mb']} MB at the "
              f"end ({figures['rss_growth_mb']:+} MB; bound {args.max_growth_mb} MB)")
    return 1 if errors or rss_end - rss_start > args.max_growth_mb else 0


if __name__ == "__main__":
    sys.exit(main())
