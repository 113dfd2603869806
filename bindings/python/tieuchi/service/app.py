"""The ASGI app: one library call per endpoint (docs/service.md).

Nothing here validates a unit, formats a result or computes one: requests are parsed into the
arguments of the library's functions (tieuchi.read_units, tieuchi.assess, Assessment.to_json,
Pack.describe, tieuchi.check_pack, ...), and their results and diagnostics are returned as they
are, so that the service answers what the CLI and Python answer for the same input.
"""

from __future__ import annotations

import base64
import binascii
import collections
import csv
import hmac
import importlib.resources
import io
import json
import math
import os
import tempfile
import threading
from typing import Annotated, Any, Callable, Literal, Optional, TypeVar, Union

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictFloat, StrictInt, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import tieuchi
from tieuchi import _tieuchi

from .config import ServiceConfig

PROBLEM = "application/problem+json"
API = "/v1"
T = TypeVar("T")

def _encodable(s: str) -> str:
    s.encode("utf-8")  # a lone surrogate (JSON "\ud800") is text no library string can hold: 422
    return s


#: A JSON string the library can take (UTF-8).
Text = Annotated[str, AfterValidator(_encodable)]
Cell = Union[Text, float, int, bool, None]
#: A year as the library takes it (a C++ int); whether the pack covers it is the library's to say (E506).
Year = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]


class Problem(Exception):
    """An RFC 9457 problem: `status`, a short `title`, the `detail`, and the library's
    diagnostics when there are some."""

    def __init__(self, status: int, title: str, detail: str = "", diagnostics: Optional[list[Any]] = None):
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.diagnostics = diagnostics or []


def diagnostic_json(d: tieuchi.Diagnostic) -> dict[str, Any]:
    """A diagnostic as the library gives it (Diagnostic.to_dict: its place structured, never only in the text)."""
    return dict(d.to_dict())


def printable(s: str) -> str:
    """`s` as UTF-8 text: what cannot be encoded (a lone surrogate from the request, echoed in a
    schema error's location) is written as an escape."""
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


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
        # Past the limit the app is told the client left (so it stops: no parsing, no engine), and
        # whatever it answers is replaced by the 413 (an exception raised here would be taken by
        # the framework for a parse error, 400).
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
                    return {"type": "http.disconnect"}
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

        try:
            await self.app(scope, limited, guarded)
        except Exception:
            # What the app makes of the client having "left" (ClientDisconnect) is not an error.
            if not exceeded:
                raise
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
    text: Text = Field(description="the pack or overlay as YAML text; its `extends:` must be a pack id on the server")
    name: Text = Field("pack.yaml", description="the file name diagnostics give")


class UnitsRequest(Strict):
    pack: Text = Field(description="a pack id on the server's pack path")
    year: Optional[Year] = Field(None, description="assessment year (default: the pack's default year)")
    units: Optional[list[dict[Text, Cell]]] = Field(
        None, description="one object per unit: column name -> cell, as in a CSV row (rows numbered from 1)")
    csv: Optional[Text] = Field(
        None, description="the units as CSV text instead of `units`: read by the CSV reader of `tieuchi assess` "
                          "(rows numbered as a spreadsheet shows them: the header is row 1)")
    workbook: Optional[Text] = Field(
        None, description="the units as a workbook instead (.xlsx, .xlsm, .xls, .ods; the filled input template "
                          "included), its bytes in base64: read as `tieuchi.read_units(pack, path)` reads the file")
    sheet: Text = Field("", description="workbook: the sheet to read (default: the template's input sheet, else the "
                                        "first)")
    file: Text = Field("units.csv", description="the name diagnostics give the CSV text or the workbook")
    id: Text = "id"
    name: Text = "name"
    district: Text = "district"
    recognized: Text = Field("recognized", description="the column of the level each unit is recognized at")
    allow_missing_columns: bool = False
    ignore_unknown_columns: bool = False

    @model_validator(mode="after")
    def one_table(self) -> "UnitsRequest":
        if sum(x is not None for x in (self.units, self.csv, self.workbook)) != 1:
            raise ValueError("give the units as one of `units` (JSON rows), `csv` (CSV text) or `workbook` "
                             "(base64), not several or none")
        return self


Lang = Literal["vi", "en"]
#: The media type of .xlsx workbooks.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AnnexFilter(Strict):
    district: Text = Field(default="", description="annexes: only the units of this district (empty: all)")
    review_outcome: Text = Field(default="", description="annexes: only the units with this review outcome (keeps, "
                                                 "short_of, revocation, cannot_tell, not_recognized; empty: all)")
    plan_outcome: Text = Field(default="", description="annexes of a plan: only the units whose target has this outcome "
                                               "(already_met, on_time, late, missed, cannot_tell; empty: all)")


class AssessRequest(UnitsRequest):
    format: Literal["json", "wide", "long", "summary", "xlsx", "annexes"] = Field(
        "json", description="json: tieuchi.assessment/1 as `tieuchi assess` writes it; wide: planning-table.csv; "
                            "long: assessment-long.csv (a row per unit and node); summary: the summary text in "
                            "`lang`; xlsx: the review annexes (Biểu 01, 02) as `tieuchi assess --xlsx` writes them; "
                            "annexes: the same annexes and the table of every unit as data (tieuchi.annexes/1, "
                            "what the web page shows)")
    filter: AnnexFilter = Field(default_factory=lambda: AnnexFilter(), description="annexes: which units they hold")
    lang: Lang = Field("en", description="the language of texts and reasons: vi or en (the CLI's --lang; default en)")
    plan_name: Text = Field("", description="xlsx: the plan's name printed under each annex's title (--plan-name)")


class ExplainRequest(UnitsRequest):
    unit: Text = Field(description="the id of the unit to explain")
    node: Text = Field(description="a criterion, indicator or level id")
    lang: Lang = Field("en", description="the language of texts and reasons: vi or en (the CLI's --lang; default en)")
    depth: int = Field(2, ge=0, le=2**31 - 1, description="how many levels of members to explain (the CLI's --depth)")


class TemplateRequest(Strict):
    pack: Text = Field(description="a pack id on the server's pack path")
    year: Optional[Year] = Field(None, description="the assessment year the template is for (default: the pack's)")
    lang: Lang = Field("vi", description="the language of the headings: vi (default, as `tieuchi template`) or en")
    units: Optional[Text] = Field(None, description="the units to fill in as CSV text: an id column (id, code or mã), "
                                                    "name (name, commune or tên) and district (district or huyện), "
                                                    "as `tieuchi template --units`; none: empty rows")
    file: Text = Field("units.csv", description="the name diagnostics give the unit list")


Rows = Union[Text, list[dict[Text, Cell]]]


class PlanRequest(UnitsRequest):
    targets: list[Text] = Field(description="'level:year' (units recognized at the level keep it by then) or "
                                           "'level:year:all' (every unit reaches it), as `tieuchi plan --target`")
    horizon: Optional[Text] = Field(None, description="'2023-2025' or one year (default: the assessment year to "
                                                     "the last target)")
    budgets: Optional[Rows] = Field(None, description="CSV text or rows with year, amount, scope, name "
                                                      "(docs/planning.md), as `--budget`")
    costs: Optional[Rows] = Field(None, description="CSV text or rows with indicator, unit, fixed_cost, "
                                                    "cost_per_gap, duration_months, agency, as `--costs`")
    policy: Text = Field("protect_recognized", description="protect_recognized, cheapest_first, most_units or weighted")
    weights: dict[Text, Union[StrictInt, StrictFloat]] = Field(
        default_factory=dict, description="criterion or indicator id -> weight (a number)")
    pins: list[Text] = Field(default_factory=list, description="'UNIT:INDICATOR:YEAR' decisions to keep, as `--pin`")
    method: Text = Field(default="auto", description="auto (greedy, then the MILP solver when the model is small "
                                                     "enough), exact or greedy, as `--method`")
    time_limit: Union[StrictInt, StrictFloat] = Field(default=10, description="seconds the MILP solver may take, as "
                                                                            "`--time-limit`")
    format: Literal["json", "tasks", "roadmap", "outcomes", "budgets", "summary", "xlsx", "annexes"] = Field(
        "json", description="json: plan.json (tieuchi.plan/1) as `tieuchi plan --out` writes it; tasks, roadmap, "
                            "outcomes, budgets: that CSV; summary: the text `tieuchi plan` prints; xlsx: the "
                            "annexes (Biểu 01-04) as `tieuchi plan --xlsx` writes them; annexes: the same annexes, "
                            "the tasks per agency, the targets not met on time and the budgets as data "
                            "(tieuchi.annexes/1, what the web page shows)")
    filter: AnnexFilter = Field(default_factory=lambda: AnnexFilter(), description="annexes: which units they hold")
    lang: Lang = Field("en", description="the language of texts and reasons: vi or en (the CLI's --lang; default en)")
    plan_name: Text = Field("", description="xlsx: the plan's name printed under each annex's title (--plan-name)")


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


def csv_of(rows: list[dict[str, Cell]]) -> str:
    """JSON rows as CSV text (columns in order of first appearance), for the readers of CSV text."""
    columns = columns_of(rows)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    for i in range(len(rows)):
        w.writerow(["" if c[i] is None else c[i] for c in columns.values()])
    return out.getvalue()


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
        errors = [{"location": printable(".".join(str(x) for x in err.get("loc", ()))),
                   "message": printable(str(err.get("msg", ""))), "type": err.get("type", "")} for err in e.errors()]
        body = {"type": "about:blank", "title": "invalid request", "status": 422,
                "detail": "; ".join(f"{x['location']}: {x['message']}" for x in errors[:5]), "errors": errors}
        return JSONResponse(body, status_code=422, media_type=PROBLEM)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_: Request, e: StarletteHTTPException) -> JSONResponse:
        return problem_response(Problem(e.status_code, str(e.detail)))

    @app.exception_handler(Exception)
    async def on_unexpected(_: Request, e: Exception) -> JSONResponse:
        # Never a stack trace: the class only (the server's log has the rest).
        return problem_response(Problem(500, "internal error", type(e).__name__))

    @app.middleware("http")
    async def authenticate(request: Request, call_next: Any) -> Response:
        path = request.url.path
        if config.tokens is not None and path != "/health" and path != "/" and not path.startswith("/web/"):
            header = request.headers.get("authorization", "")
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not any(hmac.compare_digest(token.strip(), t) for t in config.tokens):
                response = problem_response(Problem(401, "a valid bearer token is required"))
                response.headers["WWW-Authenticate"] = "Bearer"
                return response
        return await call_next(request)

    def too_many(n: int) -> Problem:
        return Problem(413, "too many units", f"{n} units; the limit is {config.max_units} (--max-units)")

    def units_of(req: UnitsRequest, pack: tieuchi.Pack, raw: Optional[bytes] = None,
                 sheet: Optional[str] = None) -> tieuchi.UnitTable:
        """The request's units through the library's one validation: JSON rows as a DataFrame's
        columns, CSV text (or `raw`, an uploaded file's bytes, encoding checked by the reader) as
        `tieuchi assess` reads a file."""
        options: dict[str, Any] = dict(
            id=req.id, name=req.name, district=req.district, attributes=[], optional_attributes=[req.recognized],
            allow_missing_columns=req.allow_missing_columns, ignore_unknown_columns=req.ignore_unknown_columns)
        if req.units is not None and len(req.units) > config.max_units:
            raise too_many(len(req.units))
        try:
            if req.units is not None:
                table, _warnings = tieuchi.read_units(pack, columns_of(req.units), file="request", first_row=1, **options)
            elif req.workbook is not None:
                try:
                    body = base64.b64decode(req.workbook, validate=True)
                except (binascii.Error, ValueError):
                    raise Problem(422, "the workbook is not base64", "`workbook` must be the file's bytes in base64") from None
                table, _warnings = tieuchi.read_workbook(pack, body, sheet=req.sheet or None, file=req.file, **options)
            elif sheet is not None and raw is not None:
                table, _warnings = tieuchi.read_workbook(pack, raw, sheet=sheet or None, file=req.file, **options)
            else:
                text: Union[str, bytes] = raw if raw is not None else (req.csv or "")
                table, _warnings = tieuchi.read_units_csv_text(pack, text, file=req.file, **options)
        except tieuchi.DataError as e:
            raise library_problem(e, "the units have errors") from None
        if len(table) > config.max_units:
            raise too_many(len(table))
        return table

    def assessed(req: UnitsRequest, costs: bool = False, raw: Optional[bytes] = None,
                 sheet: Optional[str] = None) -> tuple[tieuchi.Pack, tieuchi.Assessment]:
        pack = packs.get(req.pack)
        table = units_of(req, pack, raw, sheet)
        try:
            return pack, tieuchi.assess(pack, table, year=req.year, costs=costs)
        except tieuchi.Error as e:
            raise library_problem(e, "the assessment failed") from None

    def plan_tables(rows: Optional[Rows], what: str, read: Callable[[str, str, int], list[Any]]) -> list[Any]:
        """Budgets or costs as the CLI's readers read them: CSV text as a file (the header is row
        1), JSON rows as a DataFrame (row 1 is the first object)."""
        if rows is None:
            return []
        if isinstance(rows, str):
            return read(rows, f"{what}.csv", 1)
        return read(csv_of(rows), what, 0) if rows else []

    @app.get("/health", tags=["service"])
    async def health() -> dict[str, Any]:
        """Liveness: no authentication."""
        return {"status": "ok", "version": tieuchi.__version__}

    #: The keys of a pack's description (tieuchi.pack/1) the listing shows for each pack.
    summary_keys = ("id", "title", "version", "unit_kind", "valid", "default_year", "lineage", "legal_basis",
                    "thresholds")

    def pack_entry(pack_id: str) -> dict[str, Any]:
        try:
            described = json.loads(packs.get(pack_id).describe())
        except Problem as e:
            return {"id": pack_id, "ok": False, "detail": e.detail,
                    "diagnostics": [diagnostic_json(d) for d in e.diagnostics]}
        return {"ok": True, **{k: described[k] for k in summary_keys}}

    @app.get(f"{API}/packs", tags=["packs"])
    async def list_packs() -> dict[str, Any]:
        """The packs on the server's pack path, each with the head of its description
        (tieuchi.pack/1: id, title, version, unit_kind, valid, default_year, lineage, legal_basis,
        thresholds); a pack that does not load: `ok` false and its diagnostics.
        GET /v1/packs/{id} for everything in one."""
        return {"packs": await run(lambda: [pack_entry(i) for i, _ in packs.listing()])}

    @app.get(f"{API}/packs/{{pack_id}}", tags=["packs"])
    async def describe_pack(pack_id: str) -> Response:
        """The pack as JSON (schema tieuchi.pack/1): lineage, fields, criteria, indicators,
        levels, thresholds with provenance and verification status."""
        text = await run(lambda: packs.get(pack_id).describe())
        return Response(text, media_type="application/json")

    @app.get(f"{API}/packs/{{old_id}}/diff/{{new_id}}", tags=["packs"])
    async def diff_packs(old_id: str, new_id: str, old_year: Optional[Year] = None, new_year: Optional[Year] = None,
                         format: Literal["json", "markdown"] = "json") -> Response:
        """What changed from one pack to another: criteria and indicators added and removed, names
        and rules changed, thresholds per key value (e.g. region), read for `old_year` and
        `new_year`; JSON (tieuchi.pack-diff/1) or the Markdown report, as `tieuchi diff --format`."""
        def go() -> Response:
            a, b = packs.get(old_id), packs.get(new_id)
            try:
                text = a.diff(b, old_year, new_year, format)
            except tieuchi.Error as e:
                raise library_problem(e, "cannot compare these packs") from None
            return Response(text, media_type="application/json" if format == "json" else "text/markdown; charset=utf-8")
        return await run(go)

    @app.post(f"{API}/packs/check", tags=["packs"])
    async def check_pack(req: PackCheckRequest) -> dict[str, Any]:
        """Read, merge and build a pack or overlay given as text: its diagnostics. Its `extends:`
        must name a pack on the server by id; no file the text names is read."""
        paths = list(config.pack_path)
        pack, found = await run(lambda: tieuchi.check_pack(req.text, req.name, paths, default_path=not paths))
        return {"ok": pack is not None, "pack": pack.id if pack else None,
                "diagnostics": [diagnostic_json(d) for d in found]}

    def workbook_answer(write: Callable[[str], None], name: str = "annexes.xlsx") -> Response:
        """The workbook the library writes (to a temporary file: libxlsxwriter writes files)."""
        with tempfile.TemporaryDirectory(prefix="tieuchi-") as d:
            path = os.path.join(d, "book.xlsx")
            write(path)
            with open(path, "rb") as f:
                body = f.read()
        safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name)
        return Response(body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{safe}"'})

    def assess_answer(req: AssessRequest, raw: Optional[bytes] = None, sheet: Optional[str] = None) -> Response:
        _, a = assessed(req, raw=raw, sheet=sheet)
        if req.format == "xlsx":
            return workbook_answer(lambda path: a.write_workbook(path, req.lang, req.recognized, req.plan_name))
        if req.format == "annexes":
            f = req.filter
            return Response(a.annexes_json(req.lang, req.recognized, req.plan_name, f.district, f.review_outcome),
                            media_type="application/json")
        if req.format == "json":
            return Response(a.to_json(req.recognized), media_type="application/json")
        if req.format == "wide":
            return Response(a.planning_table_csv(req.recognized), media_type="text/csv; charset=utf-8")
        if req.format == "long":
            return Response(a.long_csv(), media_type="text/csv; charset=utf-8")
        return PlainTextResponse(a.summary(req.lang, req.recognized))

    @app.post(f"{API}/assess", tags=["assess"])
    async def assess(req: AssessRequest) -> Response:
        """Assess units given as JSON rows or CSV text; the body is what `tieuchi assess` writes
        for the same table: assessment.json (schema tieuchi.assessment/1), the planning table or
        the summary."""
        return await run(lambda: assess_answer(req))

    @app.post(f"{API}/assess/csv", tags=["assess"], openapi_extra={
        "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}})
    async def assess_csv(request: Request, pack: str, year: Optional[Year] = None, file: str = "units.csv",
                         recognized: str = "recognized", id: str = "id", name: str = "name", district: str = "district",
                         allow_missing_columns: bool = False, ignore_unknown_columns: bool = False,
                         format: Literal["json", "wide", "long", "summary", "xlsx", "annexes"] = "json", lang: Lang = "en",
                         plan_name: str = "") -> Response:
        """POST /v1/assess with the CSV file itself as the body (Content-Type text/csv) and the
        options in the query, e.g. `curl --data-binary @communes.csv`. The bytes go to the CSV
        reader of `tieuchi assess` as they came (its encoding check included)."""
        raw = await request.body()
        req = AssessRequest(pack=pack, year=year, units=None, csv="", workbook=None, sheet="", file=file, recognized=recognized, id=id, name=name,
                            district=district, allow_missing_columns=allow_missing_columns,
                            ignore_unknown_columns=ignore_unknown_columns, format=format, lang=lang,
                            plan_name=plan_name)
        return await run(lambda: assess_answer(req, raw))

    @app.post(f"{API}/assess/workbook", tags=["assess"], openapi_extra={
        "requestBody": {"required": True, "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
    async def assess_workbook(request: Request, pack: str, year: Optional[Year] = None, file: str = "units.xlsx",
                              sheet: str = "", recognized: str = "recognized", id: str = "id", name: str = "name",
                              district: str = "district", allow_missing_columns: bool = False,
                              ignore_unknown_columns: bool = False,
                              format: Literal["json", "wide", "long", "summary", "xlsx", "annexes"] = "json", lang: Lang = "en",
                              plan_name: str = "") -> Response:
        """POST /v1/assess with a workbook (.xlsx, .xlsm, .xls or .ods; the filled input template
        included) as the body, e.g. `curl --data-binary @communes.xlsx`, and the options in the
        query (`sheet`: default the template's input sheet, else the first). The workbook is read
        as `tieuchi.read_units(pack, path)` reads it: errors name the sheet, row and column."""
        raw = await request.body()
        req = AssessRequest(pack=pack, year=year, units=None, csv="", workbook=None, sheet="", file=file, recognized=recognized, id=id, name=name,
                            district=district, allow_missing_columns=allow_missing_columns,
                            ignore_unknown_columns=ignore_unknown_columns, format=format, lang=lang,
                            plan_name=plan_name)
        return await run(lambda: assess_answer(req, raw, sheet))

    @app.post(f"{API}/plan", tags=["plan"])
    async def plan(req: PlanRequest) -> Response:
        """Plan the remediation: which unit completes which indicator in which year, under the
        budgets; the body is what `tieuchi plan --out` writes for the same input (plan.json,
        schema tieuchi.plan/1, or one of its CSV tables) or the summary it prints."""
        # The solver cannot be stopped once started: a time limit past the request's own timeout
        # would keep a worker thread busy after the client has had its 503.
        if req.time_limit > config.timeout:
            raise Problem(422, "time_limit is over the service's timeout",
                          f"time_limit {req.time_limit:g} s; the limit is {config.timeout:g} s (--timeout)")

        def go() -> Response:
            try:
                horizon = tieuchi.parse_horizon(req.horizon, "horizon") if req.horizon is not None else None
                for i, t in enumerate(req.targets):
                    tieuchi.parse_target(t, f"targets[{i}]")
                pins = [tieuchi.parse_pin(p, f"pins[{i}]") for i, p in enumerate(req.pins)]
                budgets = plan_tables(req.budgets, "budgets", _tieuchi.read_budgets_csv_text)
                costs = plan_tables(req.costs, "costs", _tieuchi.read_costs_csv_text)
            except tieuchi.Error as e:
                raise library_problem(e, "the plan's options have errors") from None
            _, a = assessed(req, costs=True)
            first, last = horizon if horizon else (None, None)
            try:
                p = _tieuchi.plan(a, req.targets, first, last, budgets, costs, req.policy, req.weights, pins,
                                  req.recognized, req.method, float(req.time_limit))
            except tieuchi.Error as e:
                raise library_problem(e, "cannot plan") from None
            if req.format == "json":
                return Response(p.to_json(req.lang), media_type="application/json")
            if req.format == "summary":
                return PlainTextResponse(p.summary(req.lang))
            if req.format == "annexes":
                f = req.filter
                return Response(p.annexes_json(req.lang, req.plan_name, f.district, f.review_outcome, f.plan_outcome),
                                media_type="application/json")
            if req.format == "xlsx":
                return workbook_answer(lambda path: p.write_workbook(path, req.lang, req.plan_name))
            tables: dict[str, Callable[[], str]] = {
                "tasks": p.tasks_csv, "roadmap": p.roadmap_csv, "outcomes": lambda: p.outcomes_csv(req.lang),
                "budgets": p.budgets_csv}
            return Response(tables[req.format](), media_type="text/csv; charset=utf-8")
        return await run(go)

    @app.post(f"{API}/template", tags=["packs"], response_class=Response,
              responses={200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
    async def template(req: TemplateRequest) -> Response:
        """The input template of a pack for a year (.xlsx), with a row per unit of `units` when
        given: what `tieuchi template --pack P --year Y [--units LIST.csv]` writes."""
        def go() -> Response:
            pack = packs.get(req.pack)
            ids: list[str] = []
            names: list[str] = []
            districts: list[str] = []
            if req.units is not None:
                try:
                    ids, names, districts = (list(x) for x in _tieuchi.read_unit_list_text(req.units, req.file))
                except tieuchi.DataError as e:
                    raise library_problem(e, "the unit list has errors") from None
            def write(path: str) -> None:
                try:
                    pack.write_template(path, ids, names, districts, req.year, req.lang, True)
                except tieuchi.Error as e:
                    raise library_problem(e, "cannot write the template") from None
            return workbook_answer(write, f"{req.pack}-{req.year or pack.default_year}-nhap-lieu.xlsx")
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

    # The web page (docs/web.md): static files shipped in the package, no token needed to load
    # them (they hold no data; every call they make to /v1 is authenticated as any client's).
    web = importlib.resources.files("tieuchi.service") / "web"
    web_files = {"index.html": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
                 "style.css": "text/css; charset=utf-8", "i18n.js": "text/javascript; charset=utf-8"}

    def web_file(name: str) -> Response:
        body = (web / name).read_bytes()
        return Response(body, media_type=web_files[name],
                        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
                                 "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                                            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"})

    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return web_file("index.html")

    @app.get("/web/{name}", include_in_schema=False)
    async def page_file(name: str) -> Response:
        if name not in web_files:
            raise Problem(404, "no such file")
        return web_file(name)

    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, limit=config.max_body)
    return app

