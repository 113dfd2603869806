"""tieuchi as an HTTP service for provincial applications (FastAPI; docs/service.md).

A door like the CLI: it parses HTTP, calls one library function per endpoint and returns its
result; every check and every word of output is the library's. Start it with ``tieuchi-serve``
or ``python -m tieuchi.service``; embed it with :func:`create_app`.
"""

from .app import create_app
from .config import ServiceConfig

__all__ = ["ServiceConfig", "create_app"]
