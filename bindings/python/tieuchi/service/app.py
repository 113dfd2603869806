"""The ASGI app: one library call per endpoint (docs/service.md).

Nothing here validates a unit, formats a result or computes one: requests are parsed into the
arguments of the library's functions (tieuchi.read_units, tieuchi.assess, Assessment.to_json,
Pack.describe, tieuchi.check_pack, ...), and their results and diagnostics are returned as they
are, so that the service answers what the CLI and Python answer for the same input.
"""

from __future__ import annotations

import collections
import hmac
import json
import math
import threading
from typing import Any, Callable, Literal, Optional, TypeVar, Union

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import tieuchi

from .config import ServiceConfig

PROBLEM = "application/problem+json"
API = "/v1"
T = TypeVar("T")

Cell = Union[str, float, int, bool, None]


class Problem(Exception):
    """An RFC 9457 problem: `status`, a short `title`, the `detail`, and the library's
    diagnostics when there are some."""

    def __init__(self, status: int, title: str, detail: str = "", diagnostics: Optional[list[Any]] = None):
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.diagnostics = diagnostics or []


def diagnostic_json(d: tieuchi.Diagnostic) -> dict[str, Any]:
    """A diagnostic's fields as the library gives them (its place structured, never in the text)."""
    return {"code": d.code, "severity": d.severity.name, "message": d.message, "file": d.file, "sheet": d.sheet,
            "line": d.line, "row": d.row, "column": d.column, "column_name": d.column_name, "field": d.field,
            "hint": d.hint, "where": d.where, "text": d.format()}


def problem_response(p: Problem) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": p.title, "status": p.status}
    if p.detail:
        body["detail"] = p.detail
    if p.diagnostics:
        body["diagnostics"] = [diagnostic_json(d) for d in p.diagnostics]
    return JSONResponse(body, status_code=p.status, media_type=PROBLEM)


def library_problem(e: tieuchi.Error, title: str) -> Problem:
    errors = [d for d in e.diagnostics if d.severity == tieuchi.Severity.error]
    detail = errors[0].format() if errors else str(e)
    return Problem(422, title, detail, list(e.diagnostics))


class BodyLimit:
    """Refuses a body larger than `limit` bytes with 413, by Content-Length or while it streams in,
    before any of it is parsed."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = Problem(413, "request body too large", f"the limit is {self.limit} bytes (--max-body)")
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await problem_response(Problem(400, "bad Content-Length"))(scope, receive, send)
                    return
                if declared > self.limit:
                    await problem_response(too_big)(scope, receive, send)
                    return
        # Past the limit the app is given an empty end of body, and whatever it answers is replaced
        # by the 413 (an exception here would be taken by the framework for a parse error).
        received = 0
        exceeded = answered = False

        async def limited() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def answer_413() -> None:
            nonlocal answered
            if not answered:
                answered = True
                await problem_response(too_big)(scope, receive, send)

        async def guarded(message: Message) -> None:
            if exceeded:
                await answer_413()
                return
            await send(message)

        await self.app(scope, limited, guarded)
        if exceeded:
            await answer_413()



class PackCache:
    """Packs compiled once and shared between requests; at most `size` kept (least recently used
    dropped). Pack ids resolve only on the service's pack path (ids only: no path from a request)."""

    def __init__(self, config: ServiceConfig):
        self.paths = list(config.pack_path)
        self.size = max(1, config.pack_cache)
        self.lock = threading.Lock()
        self.packs: collections.OrderedDict[str, tieuchi.Pack] = collections.OrderedDict()

    def get(self, pack_id: str) -> tieuchi.Pack:
        with self.lock:
            if pack_id in self.packs:
                self.packs.move_to_end(pack_id)
                return self.packs[pack_id]
        try:
            pack = tieuchi.load_pack(pack_id, self.paths, ids_only=True, default_path=not self.paths)
        except tieuchi.PackError as e:
            codes = {d.code for d in e.diagnostics}
            if codes == {"E311"}:
                raise Problem(404, "no such pack", e.diagnostics[0].message, list(e.diagnostics)) from None
            raise library_problem(e, "the pack has errors") from None
        with self.lock:
            self.packs[pack_id] = pack
            self.packs.move_to_end(pack_id)
            while len(self.packs) > self.size:
                self.packs.popitem(last=False)
        return pack

    def listing(self) -> list[tuple[str, str]]:
        return tieuchi.list_packs(self.paths, default_path=not self.paths)


# ---- Requests --------------------------------------------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PackCheckRequest(Strict):
    text: str = Field(description="the pack or overlay as YAML text; its `extends:` must be a pack id on the server")
    name: str = Field("pack.yaml", description="the file name diagnostics give")


class UnitsRequest(Strict):
    pack: str = Field(description="a pack id on the server's pack path")
    year: Optional[int] = Field(None, description="assessment year (default: the pack's default year)")
    units: list[dict[str, Cell]] = Field(description="one object per unit: column name -> cell, as in a CSV row")
    id: str = "id"
    name: str = "name"
    district: str = "district"
    recognized: str = Field("recognized", description="the column of the level each unit is recognized at")
    allow_missing_columns: bool = False
    ignore_unknown_columns: bool = False


class AssessRequest(UnitsRequest):
    format: Literal["json", "wide", "summary"] = Field(
        "json", description="json: tieuchi.assessment/1 as `tieuchi assess` writes it; wide: planning-table.csv; "
                            "summary: the summary text in `lang`")
    lang: Literal["vi", "en"] = "vi"


class ExplainRequest(UnitsRequest):
    unit: str = Field(description="the id of the unit to explain")
    node: str = Field(description="a criterion, indicator or level id")
    lang: Literal["vi", "en"] = "vi"
    depth: int = Field(1, ge=0, le=8)


# ---- The app ---------------------------------------------------------------------------------


def cell_text(v: Cell) -> Optional[str]:
    """A JSON cell as the text a CSV would hold (numbers in their shortest round-trip form), so
    that the library reads it exactly as the CSV door does; None is an empty cell."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v) if math.isfinite(v) else str(v)
    return str(v)


def columns_of(rows: list[dict[str, Cell]]) -> dict[str, list[Optional[str]]]:
    """Rows to columns, in order of first appearance; a unit without a column has an empty cell."""
    names: dict[str, None] = {}
    for r in rows:
        for k in r:
            names.setdefault(k, None)
    return {k: [cell_text(r.get(k)) for r in rows] for k in names}


def create_app(config: Optional[ServiceConfig] = None) -> FastAPI:
    """The service as an ASGI app (uvicorn, hypercorn, or any ASGI server)."""
    config = config or ServiceConfig()
    packs = PackCache(config)
    limiter = anyio.CapacityLimiter(max(1, config.concurrency))
    app = FastAPI(title="tieuchi", version=tieuchi.__version__,
                  description="Assess administrative units against a criteria set and plan their remediation "
                              "(docs/service.md).")

    async def run(fn: Callable[[], T]) -> T:
        """The engine off the event loop, at most `concurrency` at once, within the timeout."""
        try:
            with anyio.fail_after(config.timeout):
                return await anyio.to_thread.run_sync(fn, limiter=limiter, abandon_on_cancel=True)
        except TimeoutError:
            raise Problem(503, "request timed out", f"the limit is {config.timeout:g} s (--timeout)") from None

    @app.exception_handler(Problem)
    async def on_problem(_: Request, p: Problem) -> JSONResponse:
        return problem_response(p)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, e: RequestValidationError) -> JSONResponse:
        errors = [{"location": ".".join(str(x) for x in err.get("loc", ())), "message": err.get("msg", ""),
                   "type": err.get("type", "")} for err in e.errors()]
        body = {"type": "about:blank", "title": "invalid request", "status": 422,
                "detail": "; ".join(f"{x['location']}: {x['message']}" for x in errors[:5]), "errors": errors}
        return JSONResponse(json.loads(json.dumps(body, default=str)), status_code=422, media_type=PROBLEM)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_: Request, e: StarletteHTTPException) -> JSONResponse:
        return problem_response(Problem(e.status_code, str(e.detail)))

    @app.exception_handler(Exception)
    async def on_unexpected(_: Request, e: Exception) -> JSONResponse:
        # Never a stack trace: the class only (the server's log has the rest).
        return problem_response(Problem(500, "internal error", type(e).__name__))

    @app.middleware("http")
    async def authenticate(request: Request, call_next: Any) -> Response:
        if config.tokens is not None and request.url.path != "/health":
            header = request.headers.get("authorization", "")
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not any(hmac.compare_digest(token.strip(), t) for t in config.tokens):
                response = problem_response(Problem(401, "a valid bearer token is required"))
                response.headers["WWW-Authenticate"] = "Bearer"
                return response
        return await call_next(request)

    def units_of(req: UnitsRequest, pack: tieuchi.Pack) -> tieuchi.UnitTable:
        if len(req.units) > config.max_units:
            raise Problem(413, "too many units", f"{len(req.units)} units; the limit is {config.max_units} (--max-units)")
        try:
            table, _warnings = tieuchi.read_units(
                pack, columns_of(req.units), file="request", first_row=1, id=req.id, name=req.name,
                district=req.district, attributes=[], optional_attributes=[req.recognized],
                allow_missing_columns=req.allow_missing_columns, ignore_unknown_columns=req.ignore_unknown_columns)
        except tieuchi.DataError as e:
            raise library_problem(e, "the units have errors") from None
        return table

    def assessed(req: UnitsRequest) -> tuple[tieuchi.Pack, tieuchi.Assessment]:
        pack = packs.get(req.pack)
        table = units_of(req, pack)
        try:
            return pack, tieuchi.assess(pack, table, year=req.year)
        except tieuchi.Error as e:
            raise library_problem(e, "the assessment failed") from None

    @app.get("/health", tags=["service"])
    async def health() -> dict[str, Any]:
        """Liveness: no authentication."""
        return {"status": "ok", "version": tieuchi.__version__}

    @app.get(f"{API}/packs", tags=["packs"])
    async def list_packs() -> dict[str, Any]:
        """The packs on the server's pack path (ids; load one for its contents)."""
        return {"packs": [{"id": i} for i, _ in await run(packs.listing)]}

    @app.get(f"{API}/packs/{{pack_id}}", tags=["packs"])
    async def describe_pack(pack_id: str) -> Response:
        """The pack as JSON (schema tieuchi.pack/1): lineage, fields, criteria, indicators,
        levels, thresholds with provenance and verification status."""
        text = await run(lambda: packs.get(pack_id).describe())
        return Response(text, media_type="application/json")

    @app.post(f"{API}/packs/check", tags=["packs"])
    async def check_pack(req: PackCheckRequest) -> dict[str, Any]:
        """Read, merge and build a pack or overlay given as text: its diagnostics. Its `extends:`
        must name a pack on the server by id; no file the text names is read."""
        paths = list(config.pack_path)
        pack, found = await run(lambda: tieuchi.check_pack(req.text, req.name, paths, default_path=not paths))
        return {"ok": pack is not None, "pack": pack.id if pack else None,
                "diagnostics": [diagnostic_json(d) for d in found]}

    @app.post(f"{API}/assess", tags=["assess"])
    async def assess(req: AssessRequest) -> Response:
        """Assess units given as JSON rows; the body is what `tieuchi assess` writes for the same
        table: assessment.json (schema tieuchi.assessment/1), the planning table or the summary."""
        def go() -> Response:
            _, a = assessed(req)
            if req.format == "json":
                return Response(a.to_json(req.recognized), media_type="application/json")
            if req.format == "wide":
                return Response(a.planning_table_csv(req.recognized), media_type="text/csv; charset=utf-8")
            return PlainTextResponse(a.summary(req.lang, req.recognized))
        return await run(go)

    @app.post(f"{API}/explain", tags=["assess"])
    async def explain(req: ExplainRequest) -> dict[str, Any]:
        """Why one node has its status for one unit, down to values and thresholds."""
        def go() -> dict[str, Any]:
            _, a = assessed(req)
            try:
                text = a.explain(req.unit, req.node, req.lang, req.depth)
            except KeyError as e:
                raise Problem(404, "no such unit", str(e.args[0]) if e.args else "") from None
            except tieuchi.Error as e:
                raise library_problem(e, "cannot explain") from None
            return {"unit": req.unit, "node": req.node, "lang": req.lang, "text": text}
        return await run(go)

    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, limit=config.max_body)
    return app

