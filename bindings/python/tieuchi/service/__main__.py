"""``tieuchi-serve`` / ``python -m tieuchi.service``: the HTTP service on uvicorn."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Optional, Sequence

from .config import ServiceConfig

if TYPE_CHECKING:
    from fastapi import FastAPI


def parse_args(argv: Optional[Sequence[str]] = None) -> tuple[argparse.Namespace, ServiceConfig]:
    d = ServiceConfig()
    ap = argparse.ArgumentParser(prog="tieuchi-serve", description="tieuchi as an HTTP service (docs/service.md)")
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--pack-path", action="append", default=[], metavar="DIR",
                    help="a folder of packs the service offers (repeatable; default: the built-in packs)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (each compiles the packs it uses)")
    ap.add_argument("--max-body", type=int, default=d.max_body, metavar="BYTES", help="largest request body")
    ap.add_argument("--max-units", type=int, default=d.max_units, help="most units in one request")
    ap.add_argument("--timeout", type=float, default=d.timeout, metavar="SECONDS", help="longest time per request")
    ap.add_argument("--tokens-file", metavar="FILE", help="bearer tokens, one per line: required on every endpoint but /health")
    ap.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN", help="allow this origin (CORS off unless given)")
    ap.add_argument("--concurrency", type=int, default=d.concurrency, help="engine calls at once per process")
    args = ap.parse_args(argv)
    for name in ("port", "workers", "max_body", "max_units", "concurrency"):
        if getattr(args, name) < (0 if name == "port" else 1):
            ap.error(f"--{name.replace('_', '-')} {getattr(args, name)}: must be positive")
    if not args.timeout > 0:
        ap.error(f"--timeout {args.timeout}: must be positive")
    try:
        tokens = ServiceConfig.read_tokens(args.tokens_file) if args.tokens_file else None
    except (OSError, ValueError) as e:
        ap.error(f"--tokens-file: {e}")
    config = ServiceConfig(pack_path=tuple(args.pack_path), max_body=args.max_body, max_units=args.max_units,
                           timeout=args.timeout, tokens=tokens, cors_origins=tuple(args.cors_origin),
                           concurrency=args.concurrency)
    return args, config


_config: Optional[ServiceConfig] = None


def app_factory() -> "FastAPI":
    """The app of a worker process (uvicorn --factory), with the settings of the command line
    (passed to worker processes as JSON in TIEUCHI_SERVICE_CONFIG)."""
    import json
    import os

    from .app import create_app

    config = _config
    if config is None and "TIEUCHI_SERVICE_CONFIG" in os.environ:
        raw = json.loads(os.environ["TIEUCHI_SERVICE_CONFIG"])
        raw["pack_path"] = tuple(raw["pack_path"])
        raw["cors_origins"] = tuple(raw["cors_origins"])
        raw["tokens"] = frozenset(raw["tokens"]) if raw["tokens"] is not None else None
        config = ServiceConfig(**raw)
    return create_app(config)


def main(argv: Optional[Sequence[str]] = None) -> int:
    import uvicorn

    global _config
    args, _config = parse_args(argv)
    if args.workers > 1:
        # Worker processes import the factory afresh: pass the settings through the environment.
        import dataclasses
        import json
        import os

        raw = dataclasses.asdict(_config)
        raw["tokens"] = sorted(_config.tokens) if _config.tokens is not None else None
        os.environ["TIEUCHI_SERVICE_CONFIG"] = json.dumps(raw)
        uvicorn.run("tieuchi.service.__main__:app_factory", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="warning")
    else:
        uvicorn.run(app_factory(), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
