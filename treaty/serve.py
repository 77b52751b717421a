"""``treaty serve``: the compiled draft as a live local web page, for the room.

A Starlette application run by uvicorn. Every page is made by the functions the commands
use (`commands.compiled_draft`, `commands.list_amendments`, the diff command's
`compare_inputs`, the positions command's `compute`) and written by the same writers,
whose pages hand over their parts (`treaty.render.env.page_parts`), so the page and
``treaty compile`` never disagree.

- ``/``: the bracketed draft with its table of contents; filters (delegation, session,
  status, article), mode, attribution (names / codes / none) and a projector mode;
- ``/positions``, ``/versions``, ``/diff?old=A&new=B`` (``A``/``B``: a stored version
  label or ``current``); ``/api/amendments``, ``/api/diff``, ``/api/versions`` JSON, the
  same bytes as ``treaty amendments --format json`` / ``treaty diff --format json``.
- Live: `watchfiles` watches ``treaty.xml``, ``articles/``, ``amendments/`` (and
  ``versions/``, ``render/``, ``delegations.xml``); a change drops the page cache and is
  pushed to open pages over server-sent events (``/events``); a page then fetches its new
  content (``?partial=1``) and puts it in place, keeping the reader's place in the text.
- Read-only by default: only GET routes, nothing here writes to the workspace (``--write``
  adds sign-in and the write API from ``treaty/web/``). A file with errors is
  shown as the error on the page (the server goes on, and the page recovers by itself
  once the file is fixed). Bound to loopback by default, and then only ``Host:`` names of
  this machine are answered (no DNS rebinding from a web page).

Pages are cached per (page, filters) until the next change; concurrent requests for a
page that is being made wait for the one computation (single flight).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gzip
import ipaddress
import json
import logging
import secrets
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio
import uvicorn
from jinja2 import Environment
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from watchfiles import Change, awatch

from . import commands, txn, workspace
from .commands import diff as diff_command
from .commands import positions as positions_command
from .commands.proposals import amendments_json
from .diff.report import DiffResult
from .gcpause import long_lived
from .model import CLOSED, STATUSES, TreatyError
from .readers import read
from .render import DIFF_WRITERS, DiffOptions
from .render.diff_html import diff_parts
from .render.env import PageParts, environment, overrides
from .render.html import draft_parts
from .render.positions_html import positions_parts

log = logging.getLogger("treaty.serve")
_STAMP: contextvars.ContextVar[str] = contextvars.ContextVar("stamp", default="0")
"""The generation a page is made from (set by `Cache` for the worker thread)."""

WATCHED_DIRS = (workspace.ARTICLES, workspace.AMENDMENTS, workspace.VERSIONS, "render")
WATCHED_FILES = (workspace.TREATY, "delegations.xml")
TXN = ".treaty-txn"
"""Folder of an all-or-nothing write in progress (treaty.txn); its removal ends it."""
CURRENT = "current"
MODES = ("bracketed", "clean", "redline")
ATTRIBUTIONS = ("names", "codes", "none")
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "SAMEORIGIN"}


# -- what a page shows ---------------------------------------------------------------------


def _many(params, name: str) -> tuple[str, ...]:
    values: list[str] = []
    for raw in params.getlist(name):
        values += [v.strip() for v in raw.split(",") if v.strip()]
    return tuple(dict.fromkeys(values))


@dataclass(frozen=True)
class Filters:
    """The draft page's choices, from its query string (``?by=SGP&attribution=codes``)."""

    by: tuple[str, ...] = ()
    session: str = ""
    status: tuple[str, ...] = ()
    article: str = ""
    attribution: str = "names"
    mode: str = "bracketed"
    version: str = ""
    projector: bool = False
    language: str = ""
    """A language version of the text (``fr``); empty = the main one."""

    @classmethod
    def parse(cls, params) -> Filters:
        return cls(
            by=tuple(c.upper() for c in _many(params, "by")),
            session=(params.get("session") or "").strip(),
            status=_many(params, "status"),
            article=(params.get("article") or "").strip(),
            attribution=(params.get("attribution") or "names").strip(),
            mode=(params.get("mode") or "bracketed").strip(),
            version=(params.get("version") or "").strip(),
            projector=(params.get("projector") or "") not in ("", "0", "false", "off"),
            language=(params.get("language") or "").strip().lower(),
        )

    def query(self) -> str:
        """The query string that gives these filters back ('' for the defaults)."""
        pairs: list[tuple[str, str]] = []
        if self.by:
            pairs.append(("by", ",".join(self.by)))
        for name in ("session", "article", "version", "language"):
            if getattr(self, name):
                pairs.append((name, getattr(self, name)))
        if self.status:
            pairs.append(("status", ",".join(self.status)))
        if self.mode != "bracketed":
            pairs.append(("mode", self.mode))
        if self.attribution != "names":
            pairs.append(("attribution", self.attribution))
        if self.projector:
            pairs.append(("projector", "1"))
        return ("?" + urlencode(pairs)) if pairs else ""


@dataclass(frozen=True)
class Version:
    label: str
    title: str = ""
    symbol: str = ""
    date: str = ""
    articles: int = 0
    words: int = 0
    problem: str = ""


@dataclass(frozen=True)
class Choices:
    """What the filter menus offer (from the workspace; empty where it cannot be read)."""

    delegations: tuple[tuple[str, str], ...] = ()
    sessions: tuple[str, ...] = ()
    articles: tuple[tuple[str, str], ...] = ()
    versions: tuple[Version, ...] = ()
    title: str = ""
    label: str = ""
    languages: tuple[tuple[str, str], ...] = ()
    """(code, name) of the text's language versions, the main one first."""


@dataclass(frozen=True)
class Page:
    """A made page: the whole HTML, the JSON a live page fetches, and optional API bytes."""

    status: int
    html: bytes
    partial: bytes
    data: bytes = b""
    cacheable: bool = True
    gzipped: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)
    """The bodies compressed, made on the first request that accepts gzip."""


def version_labels(root: Path) -> list[str]:
    folder = root / workspace.VERSIONS
    if not folder.is_dir():
        return []
    from .languages import find

    names = [p.name.removesuffix(".akn.xml") for p in folder.glob("*.akn.xml")
             if not p.name.startswith(".")]
    # "LABEL.fr.akn.xml" is the French text of version LABEL, not a version of its own.
    return sorted(n for n in names if not ("." in n and find(n.rpartition(".")[2])))


# -- the application state: cache, generations, watcher ------------------------------------


class Cache:
    """Made pages per key, dropped as a whole on every change (a new generation).

    One computation per (generation, key) at a time: concurrent requests wait for it.
    A page made while the files changed under it is served once but not kept."""

    def __init__(self, limit: int = 256):
        self.generation = 0
        self.stamp: Callable[[], str] = lambda: str(self.generation)
        self.limit = limit
        self._items: OrderedDict[Hashable, Page] = OrderedDict()
        self._pending: dict[tuple[int, Hashable], asyncio.Future] = {}
        self.made = 0

    def invalidate(self) -> None:
        self.generation += 1
        self._items.clear()

    async def get(self, key: Hashable, make: Callable[[], Page]) -> Page:
        page = self._items.get(key)
        if page is not None:
            self._items.move_to_end(key)
            return page
        slot = (self.generation, key)
        task = self._pending.get(slot)
        if task is None:
            task = asyncio.ensure_future(self._make(slot, make))
            self._pending[slot] = task
        return await asyncio.shield(task)

    async def _make(self, slot: tuple[int, Hashable], make: Callable[[], Page]) -> Page:
        generation, key = slot
        stamp = self.stamp()  # taken before any file is read: a later change makes it stale

        def call() -> Page:
            _STAMP.set(stamp)
            return make()

        try:
            page = await anyio.to_thread.run_sync(contextvars.copy_context().run, call)
        finally:
            self._pending.pop(slot, None)
        self.made += 1
        if page.cacheable and generation == self.generation:
            self._items[key] = page
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return page


class Hub:
    """Tells open pages (server-sent events) that the workspace changed."""

    def __init__(self) -> None:
        self.boot = secrets.token_hex(4)
        self.count = 0
        self._changed = asyncio.Event()

    @property
    def generation(self) -> str:
        return f"{self.boot}.{self.count}"

    def publish(self) -> None:
        self.count += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait(self, seen: str, timeout: float) -> str | None:
        """The new generation once it differs from `seen`, or None after `timeout`."""
        event = self._changed
        if self.generation != seen:
            return self.generation
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return None
        return self.generation


@dataclass
class State:
    root: Path
    cache: Cache = field(default_factory=Cache)
    hub: Hub | None = None
    stopping: Callable[[], bool] = lambda: False
    debounce_ms: int = 100
    ping_seconds: float = 15.0
    write: bool = False
    """``--write``: signed-in delegations table proposals (treaty/web/)."""
    _choices: tuple[int, Choices] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    env: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.env = environment(overrides(self.root))

    def changed(self) -> None:
        self.cache.invalidate()
        if self.hub is not None:
            self.hub.publish()

    def busy(self) -> bool:
        """An all-or-nothing write (``treaty consolidate``) is in progress, so wait; the
        leftovers of one whose process died are rolled back here instead (no 503 for ever)."""
        return txn.live(self.root)

    def choices(self) -> Choices:
        generation = self.cache.generation
        with self._lock:
            if self._choices is not None and self._choices[0] == generation:
                return self._choices[1]
        made = _choices(self.root)
        with self._lock:
            self._choices = (generation, made)
        return made


def _choices(root: Path) -> Choices:
    versions = tuple(_version(root, label) for label in version_labels(root))
    versions = tuple(sorted(versions, key=lambda v: (v.date, v.label)))
    if txn.live(root):
        return Choices(versions=versions)
    try:
        loaded = commands.load(root)
    except Exception:  # shown by the page itself; the menus just stay empty
        return Choices(versions=versions)
    from . import language_versions
    from .languages import get

    codes = sorted({c for a in loaded.amendments for c in a.proposers})  # --by = proposer
    doc = loaded.ws.document
    held = [language_versions.main_language(doc), *language_versions.version_codes(root)]
    return Choices(
        languages=tuple((code, get(code).name) for code in held),
        delegations=tuple((c, loaded.registry.name(c)) for c in codes),
        sessions=tuple(sorted({a.session for a in loaded.amendments if a.session})),
        articles=tuple((u.wid or u.eid, u.num or u.wid) for u in doc.articles()),
        versions=versions, title=doc.meta.title, label=doc.meta.label)


def _version(root: Path, label: str) -> Version:
    try:
        doc = read(workspace.version_path(root, label)).document
    except Exception as exc:
        return Version(label, problem=str(getattr(exc, "problem", exc)))
    m = doc.meta
    return Version(label, m.title, m.symbol, m.version_date or m.date, len(doc.articles()),
                   doc.word_count())


# -- making pages (run in a worker thread) --------------------------------------------------


def _problem(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, TreatyError):
        p = exc.problem
        return {"error": str(p), "where": p.where, "what": p.what, "hint": p.hint, "line": p.line}
    log.exception("internal error while making a page")
    return {"error": f"internal error: {type(exc).__name__}: {exc}", "where": "", "what":
            f"internal error: {type(exc).__name__}: {exc}", "hint": "see the server's log",
            "line": None}


def _status_of(exc: BaseException) -> int:
    return 422 if isinstance(exc, TreatyError) else 500


def _shell(state: State, page: str, title: str, content: str, status: int,
           f: Filters | None = None, styles: str = "", content_class: str = "",
           data: bytes = b"", cacheable: bool = True) -> Page:
    choices = state.choices()
    generation = _STAMP.get()
    bar = state.env.get_template("serve_bar.html.j2").render(
        page=page, f=f or Filters(), choices=choices, statuses=STATUSES, modes=MODES,
        attributions=ATTRIBUTIONS, draft_query=(f.query() if f and page == "draft" else ""),
        write=state.write)
    inner = Markup(styles) + Markup(content)
    html = state.env.get_template("serve.html.j2").render(
        page=page, title=title, bar=Markup(bar), content=inner, content_class=content_class,
        projector=bool(f and f.projector), generation=generation, write=state.write)
    partial = json.dumps({"generation": generation, "status": status, "title": title,
                          "bar": bar, "html": str(inner), "class": content_class},
                         ensure_ascii=False)
    return Page(status, html.encode("utf-8"), partial.encode("utf-8"), data, cacheable)


def _error_html(state: State, problem: dict[str, Any], heading: str) -> str:
    return state.env.get_template("serve_error.html.j2").render(p=problem, heading=heading)


def _busy_page(state: State, page: str, f: Filters | None = None) -> Page:
    problem = {"error": "", "where": str(state.root / TXN), "line": None,
               "what": "a change to the workspace is being written (treaty consolidate)",
               "hint": "this page updates by itself when it is done"}
    return _shell(state, page, "Updating…", _error_html(state, problem, "One moment"), 503,
                  f, cacheable=False)


def make_draft(state: State, f: Filters) -> Page:
    if state.busy():
        return _busy_page(state, "draft", f)
    try:
        if f.version and f.version not in version_labels(state.root):
            raise TreatyError("version", f"no stored version labelled {f.version!r}",
                              "choose one on the Versions page")
        compiled, options = commands.compiled_draft(
            state.root, mode=f.mode, attribution=f.attribution, by=list(f.by) or None,
            session=f.session or None, status=list(f.status) or None, article=f.article or None,
            include_closed=bool(set(f.status) & CLOSED), version=f.version or None,
            language=f.language)
        parts = draft_parts(compiled, options)
    except Exception as exc:
        title = state.choices().title or "Draft"
        content = _error_html(state, _problem(exc), "The draft cannot be shown")
        return _shell(state, "draft", title, content, _status_of(exc), f)
    return _page(state, "draft", parts, f)


def _page(state: State, page: str, parts: PageParts, f: Filters | None = None,
          content: str = "", data: bytes = b"") -> Page:
    """A page of the site from a writer's page parts (after `content`: a form rendered
    by a template of ours, HTML already)."""
    return _shell(state, page, parts.title, Markup(content) + parts.body, 200, f, parts.styles,
                  parts.body_class, data=data)


def make_versions(state: State) -> Page:
    choices = state.choices()
    content = state.env.get_template("serve_versions.html.j2").render(
        versions=choices.versions, current=CURRENT, label=choices.label)
    return _shell(state, "versions", "Versions", content, 200)


def _diff_result(state: State, old: str, new: str, exact: bool) -> DiffResult:
    """The comparison of two versions (a stored label or ``current``), as `treaty diff`
    makes it."""
    labels = version_labels(state.root)

    def spec(label: str) -> str:
        if label == CURRENT:
            return str(state.root)
        if label not in labels:
            known = ", ".join(labels + [CURRENT])
            raise TreatyError(label or "(empty)", "no stored version with this label",
                              f"use one of: {known}")
        return f"{state.root}@{label}"

    a, b = diff_command.resolve(spec(old)), diff_command.resolve(spec(new))
    return diff_command.compare_inputs(a, b, exact, old_name=old, new_name=new)


def default_pair(state: State) -> tuple[str, str]:
    labels = [v.label for v in state.choices().versions]
    return (labels[-1] if labels else CURRENT), CURRENT


def make_diff(state: State, old: str, new: str, exact: bool) -> Page:
    if state.busy():
        return _busy_page(state, "diff")
    form = state.env.get_template("serve_diff_form.html.j2").render(
        versions=state.choices().versions, old=old, new=new, current=CURRENT, exact=exact)
    try:
        result = _diff_result(state, old, new, exact)
        parts = diff_parts(result, overrides(state.root))
        data = DIFF_WRITERS["json"](result, DiffOptions())
    except Exception as exc:
        problem = _problem(exc)
        content = form + _error_html(state, problem, "The comparison cannot be made")
        return _shell(state, "diff", "Compare", content, _status_of(exc),
                      data=json.dumps(problem, ensure_ascii=False).encode("utf-8"))
    data = data if data.endswith(b"\n") else data + b"\n"
    return _page(state, "diff", parts, content=form, data=data)


def make_positions(state: State) -> Page:
    if state.busy():
        return _busy_page(state, "positions")
    try:
        pos, _doc = positions_command.compute(state.root)
        parts = positions_parts(pos, overrides(state.root))
        data = positions_command.render_positions(pos, "json")
    except Exception as exc:
        problem = _problem(exc)
        content = _error_html(state, problem, "The positions report cannot be shown")
        return _shell(state, "positions", "Positions", content, _status_of(exc),
                      data=json.dumps(problem, ensure_ascii=False).encode("utf-8"))
    return _page(state, "positions", parts, data=data)


def make_amendments(state: State, by: str | None, article: str | None, status: str | None,
                    session: str | None) -> Page:
    if state.busy():
        return Page(503, b"", b"", json.dumps({"error": "a change is being written; retry"}).encode(),
                    cacheable=False)
    try:
        rows = commands.list_amendments(state.root, by=by, article=article, status=status,
                                        session=session)
    except Exception as exc:
        return Page(_status_of(exc), b"", b"", json.dumps(_problem(exc), ensure_ascii=False).encode())
    # Exactly what `treaty amendments --format json` prints.
    data = amendments_json(rows) + "\n"
    return Page(200, b"", b"", data.encode("utf-8"))


# -- the web application -------------------------------------------------------------------


def _host_name(header: str) -> str:
    if header.startswith("["):
        return header[1:header.find("]")].lower()
    return header.rsplit(":", 1)[0].lower() if header.count(":") == 1 else header.lower()


def is_loopback(host: str) -> bool:
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class LocalHostOnly:
    """Answer only requests addressed to this machine by name (``Host: 127.0.0.1:8000``,
    ``localhost``, ``[::1]``): a web page elsewhere cannot rebind its own name to the
    loopback address and read the draft through the reader's browser."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            host = _host_name(Headers(scope=scope).get("host", ""))
            if not is_loopback(host):
                response = PlainTextResponse("this server answers only to localhost / 127.0.0.1",
                                             status_code=421)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _respond(request: Request, page: Page, kind: str = "html") -> Response:
    if kind == "data":
        name, media = "data", "application/json"
    elif request.query_params.get("partial"):
        name, media = "partial", "application/json"
    else:
        name, media = "html", "text/html; charset=utf-8"
    body: bytes = getattr(page, name)
    if len(body) > 1024 and "gzip" in request.headers.get("accept-encoding", ""):
        # Compressed once per made page, not per response: a plenary's 700 open pages
        # re-fetch the same bytes after every change.
        packed = page.gzipped.get(name)
        if packed is None:
            packed = page.gzipped[name] = gzip.compress(body, 6, mtime=0)
        return Response(packed, status_code=page.status, media_type=media,
                        headers={**HEADERS, "Vary": "Accept-Encoding", "Content-Encoding": "gzip"})
    return Response(body, status_code=page.status, headers={**HEADERS, "Vary": "Accept-Encoding"},
                    media_type=media)


def create_app(root: Path | str, *, watch: bool = True, loopback_only: bool = True,
               debounce_ms: int = 100, ping_seconds: float = 15.0, write: bool = False,
               https: bool = False):
    """The Starlette application serving the workspace at `root` (read-only unless `write`:
    then with sign-in and the write API of treaty/web/; `https`: cookies only over TLS)."""
    state = State(Path(root).resolve(), debounce_ms=debounce_ms, ping_seconds=ping_seconds,
                  write=write)
    if not workspace.is_workspace(state.root):
        raise TreatyError(str(root), "not a workspace (no treaty.xml)",
                          "give the workspace folder: treaty serve WS")

    async def draft(request: Request) -> Response:
        f = Filters.parse(request.query_params)
        page = await state.cache.get(("draft", f), lambda: make_draft(state, f))
        return _respond(request, page)

    async def positions(request: Request) -> Response:
        page = await state.cache.get(("positions",), lambda: make_positions(state))
        return _respond(request, page)

    async def versions(request: Request) -> Response:
        page = await state.cache.get(("versions",), lambda: make_versions(state))
        return _respond(request, page)

    def _pair(request: Request) -> tuple[str, str, bool]:
        q = request.query_params
        old, new = q.get("old"), q.get("new")
        if not old or not new:
            d_old, d_new = default_pair(state)
            old, new = old or d_old, new or d_new
        return old.strip(), new.strip(), q.get("exact", "") not in ("", "0", "false")

    async def diff_page(request: Request) -> Response:
        old, new, exact = await anyio.to_thread.run_sync(lambda: _pair(request))
        page = await state.cache.get(("diff", old, new, exact), lambda: make_diff(state, old, new, exact))
        return _respond(request, page)

    async def api_diff(request: Request) -> Response:
        old, new, exact = await anyio.to_thread.run_sync(lambda: _pair(request))
        page = await state.cache.get(("diff", old, new, exact), lambda: make_diff(state, old, new, exact))
        return _respond(request, page, "data")

    async def api_positions(request: Request) -> Response:
        page = await state.cache.get(("positions",), lambda: make_positions(state))
        return _respond(request, page, "data")

    async def api_amendments(request: Request) -> Response:
        q = request.query_params
        args = tuple((q.get(k) or "").strip() or None for k in ("by", "article", "status", "session"))
        page = await state.cache.get(("amendments",) + args, lambda: make_amendments(state, *args))
        return _respond(request, page, "data")

    async def api_versions(request: Request) -> Response:
        choices = await anyio.to_thread.run_sync(state.choices)
        rows = [v.__dict__ for v in choices.versions]
        return JSONResponse(rows, headers=HEADERS)

    async def events(request: Request) -> Response:
        hub = state.hub
        assert hub is not None

        async def stream():
            seen = hub.generation
            yield f"retry: 1000\nevent: hello\ndata: {seen}\n\n"
            quiet = 0.0
            while not state.stopping():
                new = await hub.wait(seen, 0.5)
                if new is None:
                    quiet += 0.5
                    if quiet >= state.ping_seconds:
                        quiet = 0.0
                        yield ": ping\n\n"
                    continue
                seen, quiet = new, 0.0
                yield f"event: change\ndata: {seen}\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={**HEADERS, "X-Accel-Buffering": "no"})

    @contextlib.asynccontextmanager
    async def lifespan(app):
        state.hub = hub = Hub()
        state.cache.stamp = lambda: hub.generation
        stop = asyncio.Event()
        task = asyncio.create_task(_watch(state, stop)) if watch else None
        app.state.treaty = state
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                try:
                    await asyncio.wait_for(task, 3)
                except (TimeoutError, asyncio.CancelledError):
                    task.cancel()

    routes = [
        Route("/", draft), Route("/positions", positions), Route("/versions", versions),
        Route("/diff", diff_page), Route("/events", events),
        Route("/api/amendments", api_amendments), Route("/api/diff", api_diff),
        Route("/api/versions", api_versions), Route("/api/positions", api_positions),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    middleware = []
    if write:
        from .web import api as write_api

        routes = write_api.routes(write_api.writer_for(state.root)) + routes
        middleware = write_api.middleware(state.root, https=https)
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.treaty = state
    if loopback_only:
        app.add_middleware(LocalHostOnly)
    return app


def watched(root: Path, path: str) -> bool:
    """Whether a change to `path` can change a page (temporary files are skipped)."""
    try:
        rel = Path(path).relative_to(root)
    except ValueError:
        return False
    parts = rel.parts
    if not parts:
        return False
    if parts[0] == TXN:
        return True
    if any(p.startswith(".") for p in parts) or rel.name.endswith(("~", ".swp", ".tmp")):
        return False
    if len(parts) == 1:
        return parts[0] in WATCHED_FILES
    return parts[0] in WATCHED_DIRS


async def _watch(state: State, stop: asyncio.Event) -> None:
    root = state.root

    def keep(change: Change, path: str) -> bool:
        return watched(root, path)

    while not stop.is_set():
        try:
            async for changes in awatch(root, watch_filter=keep, stop_event=stop,
                                        debounce=state.debounce_ms, step=25, recursive=True):
                log.info("changed: %s", ", ".join(sorted({str(Path(p).relative_to(root))
                                                          for _c, p in changes})))
                state.changed()
        except Exception:  # the watcher must not take the server down; start it again
            log.exception("file watcher failed; restarting it")
            state.changed()
            await asyncio.sleep(1)


# -- running it ------------------------------------------------------------------------------


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port), or a one-line error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise TreatyError("--host", f"cannot use host {host!r} ({exc.strerror})",
                          "use 127.0.0.1 (this machine) or 0.0.0.0 (the network)") from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise TreatyError("--port", f"cannot listen on {host}:{port} ({exc.strerror})",
                          "choose another --port (0 picks a free one)") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def banner(root: Path, host: str, url: str, options: Options | None = None) -> list[str]:
    options = options or Options()
    mode = ("signed-in delegations may table proposals: " + url + "signin") if options.write else "read-only"
    workers = f", {options.workers} worker processes" if options.workers > 1 else ""
    lines = [f"serving {root} at {url}  ({mode}{workers}; Ctrl+C to stop)"]
    if is_loopback(host):
        lines.append("loopback only: only this computer can open the page "
                     "(--host 0.0.0.0 lets others on the network read it)")
    else:
        lines.append(f"WARNING: listening on {host}: anyone who can reach this machine on the "
                     "network can read the draft" + (" (only holders of a token can change it; "
                     "use TLS, see docs/collaboration.md)" if options.write
                     else " (nothing can be changed through it)"))
    lines.append("open pages follow changes to treaty.xml, articles/ and amendments/ as they are saved")
    return lines


@dataclass(frozen=True)
class Options:
    """How ``treaty serve`` runs: writes allowed, worker processes, a reverse proxy in front."""

    write: bool = False
    workers: int = 1
    proxy_headers: bool = False
    """Believe X-Forwarded-For/-Proto from `forwarded_allow_ips` (a proxy in front)."""
    forwarded_allow_ips: str = "127.0.0.1"


def _config_args(options: Options) -> dict[str, Any]:
    return {"log_level": "warning", "access_log": False, "lifespan": "on",
            "timeout_graceful_shutdown": 3, "proxy_headers": options.proxy_headers,
            "forwarded_allow_ips": options.forwarded_allow_ips if options.proxy_headers else None,
            "server_header": False}


def make_server(root: Path | str, sock: socket.socket, log_level: str = "warning",
                options: Options | None = None) -> uvicorn.Server:
    """A uvicorn server for `root` on the bound `sock` (run it with ``server.run([sock])``;
    stop it with ``server.should_exit = True``)."""
    options = options or Options()
    host = sock.getsockname()[0]
    app = create_app(root, loopback_only=is_loopback(host), write=options.write,
                     https=options.proxy_headers)
    config = uvicorn.Config(app, **{**_config_args(options), "log_level": log_level})
    server = uvicorn.Server(config)
    app.state.treaty.stopping = lambda: server.should_exit
    return server


def run(root: Path | str, host: str = "127.0.0.1", port: int = 8000,
        echo: Callable[[str], None] = print, options: Options | None = None) -> None:
    """``treaty serve``: serve until interrupted."""
    long_lived()  # a server lives long (the command line turned the collector off)
    options = options or Options()
    root = Path(root)
    if not workspace.is_workspace(root):
        raise TreatyError(str(root), "not a workspace (no treaty.xml)",
                          "give the workspace folder: treaty serve WS")
    if options.workers < 1:
        raise TreatyError("--workers", "must be at least 1", "use --workers 4 for a plenary")
    no_tokens = False
    if options.write:
        from .access import load as issued
        from .web.auth import session_secret

        session_secret(root)  # made once, before the workers start
        no_tokens = not issued(root)
    sock = bind(host, port)
    for line in banner(root.resolve(), host, url_of(sock), options):
        echo(line)
    if no_tokens:
        echo("note: no sign-in token has been issued yet: `treaty access add CODE` "
             "(or --secretariat) gives one")
    if options.workers > 1:
        from .web.workers import run_workers

        try:
            run_workers(root, sock, options, is_loopback(host))
        finally:
            sock.close()
        echo("stopped")
        return
    server = make_server(root, sock, options=options)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it handled
        pass
    finally:
        sock.close()
    echo("stopped")

