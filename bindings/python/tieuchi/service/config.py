"""The service's settings (command-line options of ``tieuchi-serve``)."""

from __future__ import annotations

import dataclasses
import pathlib
from typing import Optional


@dataclasses.dataclass(frozen=True)
class ServiceConfig:
    """Limits and paths; every limit is enforced before the engine runs."""

    #: Folders of the packs the service offers; a request names a pack by id only, resolved here.
    #: Empty: the built-in packs.
    pack_path: tuple[str, ...] = ()
    #: Largest request body, in bytes (413 above it).
    max_body: int = 16 * 1024 * 1024
    #: Most units in one request (413 above it).
    max_units: int = 100_000
    #: Seconds a request may take before it is answered 503 (the engine's work is not interrupted,
    #: but the client is not kept waiting).
    timeout: float = 60.0
    #: Bearer tokens accepted on every endpoint but /health; None: no authentication.
    tokens: Optional[frozenset[str]] = None
    #: Origins allowed by CORS; empty: CORS off.
    cors_origins: tuple[str, ...] = ()
    #: Packs kept compiled in memory (least recently used dropped first).
    pack_cache: int = 16
    #: Engine calls running at once (the others wait); the engine releases the GIL.
    concurrency: int = 4

    @staticmethod
    def read_tokens(path: str) -> frozenset[str]:
        """One token per line; blank lines and lines starting with '#' are skipped. An empty file
        is an error (it would lock every client out without saying so)."""
        lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
        tokens = frozenset(t.strip() for t in lines if t.strip() and not t.strip().startswith("#"))
        if not tokens:
            raise ValueError(f"{path}: no token (one per line)")
        return tokens
