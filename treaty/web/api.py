"""``treaty serve --write``: the routes that change the workspace, and sign-in.

Every write goes through the functions the CLI calls (`commands.proposals.table`, `decide`,
`take_position`), so validation, anchoring, atomic writes and the git commit (authored by
the delegation, `commands.record`) are the same.

- ``POST /api/proposals`` -> 201 ``{"id", "file", "commit"}``
- ``POST /api/amendments/{id}/status`` (secretariat only), ``/support``, ``/oppose``
- ``POST /api/preview``: the bracketed text of the article as the proposal would show it
- ``POST /api/signin`` (``{"token"}``; CSRF-checked, rate-limited), ``/api/signout``,
  ``GET /api/me``, ``GET /signin``, ``GET /write.js``

Status codes: 401 no or bad credentials, 403 acting for another delegation (or a
delegation changing a status), 404 unknown proposal, 422 the CLI's one-line error
(nothing written), 429 too many failed sign-ins, 503 the workspace stayed locked by another
writer (``Retry-After``), 500 the change is written but git refused its commit (a hook).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import access
from ..commands import proposals as core
from ..commands.common import load
from ..model import TreatyError
from .auth import SESSION_COOKIE, RateLimit, session_secret

HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
STATIC = Path(__file__).resolve().parents[1] / "render" / "static"


class Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def _error(status: int, message: str, headers: dict[str, str] | None = None, **extra) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status,
                        headers={**HEADERS, **(headers or {})})


def _problem(exc: TreatyError) -> JSONResponse:
    p = exc.problem
    if p.what.startswith("busy:"):  # another writer held the workspace lock too long
        return _error(503, str(p), {"Retry-After": "5"}, where=p.where, what=p.what, hint=p.hint)
    if p.where.startswith("git "):  # the file is written, its commit failed (a hook refused it)
        return _error(500, str(p), where=p.where, what=p.what, hint=p.hint)
    return _error(422, str(p), where=p.where, what=p.what, hint=p.hint)


@dataclass
class Writer:
    """The write side of one server process: the workspace and the sign-in limit (writes
    wait for each other on the workspace lock, across threads, workers and the CLI)."""

    root: Path
    limit: RateLimit

    def client(self, request: Request) -> str:
        return request.client.host if request.client else "?"

    async def who(self, request: Request) -> access.Access:
        """The signed-in delegation or secretariat, or `Refused` (401/429)."""
        header = request.headers.get("authorization", "")
        if header:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Refused(401, "use Authorization: Bearer TOKEN")
            return await self._check_token(request, token)
        tid = request.session.get("tid") if "session" in request.scope else None
        if tid:
            entry = await anyio.to_thread.run_sync(access.find, self.root, tid)
            if entry is not None:
                return entry
            request.session.clear()
        raise Refused(401, "sign in first (a token from `treaty access add`)",
                      {"WWW-Authenticate": 'Bearer realm="treaty"'})

    async def _check_token(self, request: Request, token: str) -> access.Access:
        client = self.client(request)
        wait = self.limit.retry_after(client)
        if wait:
            raise Refused(429, f"too many failed sign-ins; try again in {wait} s", {"Retry-After": str(wait)})
        entry = await anyio.to_thread.run_sync(access.verify, self.root, token)
        if entry is None:
            self.limit.failed(client)
            raise Refused(401, "unknown or revoked token", {"WWW-Authenticate": 'Bearer realm="treaty"'})
        return entry

    def acting_for(self, who: access.Access, data: dict[str, Any]) -> str:
        """The delegation a request acts for: the signed-in one; the secretariat names it."""
        by = data.get("by")
        if by is not None and not isinstance(by, str):
            raise TreatyError("by", "must be a delegation code", 'send "by": "SGP"')
        by = (by or "").strip().upper()
        if who.secretariat:
            if not by:
                raise TreatyError("by", "the secretariat acts for a delegation: say which",
                                  'send "by": "SGP"')
            return by
        if by and by != who.code:
            raise Refused(403, f"signed in as {who.code}: cannot act for {by}")
        return who.code

    async def write(self, fn, *args, **kwargs):
        return await anyio.to_thread.run_sync(lambda: fn(*args, **kwargs))


async def _json(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.body() or b"{}")
    except ValueError:
        raise TreatyError("request", "the body is not JSON", "send a JSON object") from None
    if not isinstance(data, dict):
        raise TreatyError("request", "the body must be a JSON object", 'send {"...": ...}')
    return data


def _exists(root: Path, amendment_id: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", amendment_id)) and (
        root / "amendments" / f"{amendment_id}.xml").is_file()


def routes(writer: Writer) -> list[Route]:
    root = writer.root

    def guarded(handler):
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Refused as exc:
                return _error(exc.status, str(exc), exc.headers)
            except TreatyError as exc:
                return _problem(exc)
        return endpoint

    async def propose(request: Request) -> Response:
        who = await writer.who(request)
        data = await _json(request)
        by = writer.acting_for(who, data)

        def table():
            from .proposals import amendment_from_json

            doc = load(root).ws.document
            amendment = amendment_from_json({k: v for k, v in data.items() if k != "by"}, doc, by)
            return core.table(root, amendment)

        path, commit = await writer.write(table)
        return JSONResponse({"id": path.stem, "file": f"amendments/{path.name}", "commit": commit},
                            status_code=201, headers=HEADERS)

    async def preview(request: Request) -> Response:
        who = await writer.who(request)
        data = await _json(request)
        by = writer.acting_for(who, data)
        from .preview import preview as make

        result = await anyio.to_thread.run_sync(make, root, {k: v for k, v in data.items() if k != "by"}, by)
        return JSONResponse(result, headers=HEADERS)

    async def status(request: Request) -> Response:
        who = await writer.who(request)
        amendment_id = request.path_params["id"]
        if not who.secretariat:
            raise Refused(403, "only the secretariat changes a proposal's status")
        data = await _json(request)
        if not _exists(root, amendment_id):
            raise Refused(404, f"{amendment_id}: no amendment with this id")
        value, note = data.get("status"), data.get("note", "")
        if not isinstance(value, str) or not isinstance(note, str):
            raise TreatyError("status", "must be a string", 'send {"status": "adopted"}')
        a, commit = await writer.write(core.decide, root, amendment_id, value, note)
        return JSONResponse({"id": a.id, "status": a.status, "commit": commit}, headers=HEADERS)

    def position(stance: str):
        async def endpoint(request: Request) -> Response:
            who = await writer.who(request)
            amendment_id = request.path_params["id"]
            data = await _json(request)
            by = writer.acting_for(who, data)
            if not _exists(root, amendment_id):
                raise Refused(404, f"{amendment_id}: no amendment with this id")
            a, commit = await writer.write(core.declare, root, amendment_id, by, stance)
            return JSONResponse({"id": a.id, "supporters": list(a.supporters),
                                 "opponents": list(a.opponents), "commit": commit}, headers=HEADERS)
        return endpoint

    async def me(request: Request) -> Response:
        tid = request.session.get("tid")
        entry = await anyio.to_thread.run_sync(access.find, root, tid) if tid else None
        if entry is None:
            return JSONResponse({"who": None}, headers=HEADERS)
        from ..delegations import registry

        name = registry(root).name(entry.code) if entry.code else "Secretariat"
        return JSONResponse({"who": entry.who, "name": name, "secretariat": entry.secretariat},
                            headers=HEADERS)

    async def signin(request: Request) -> Response:
        data = await _json(request)
        token = data.get("token")
        if not isinstance(token, str) or not token.strip():
            raise TreatyError("token", "missing", "paste the token from `treaty access add`")
        entry = await writer._check_token(request, token)
        request.session.clear()
        request.session["tid"] = entry.id
        return JSONResponse({"who": entry.who}, headers=HEADERS)

    async def signout(request: Request) -> Response:
        request.session.clear()
        return JSONResponse({"who": None}, headers=HEADERS)

    async def signin_page(request: Request) -> Response:
        html = (STATIC / "signin.html").read_bytes()
        return Response(html, media_type="text/html; charset=utf-8", headers=HEADERS)

    async def script(request: Request) -> Response:
        return Response((STATIC / "write.js").read_bytes(), media_type="text/javascript",
                        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})

    return [
        Route("/api/proposals", guarded(propose), methods=["POST"]),
        Route("/api/preview", guarded(preview), methods=["POST"]),
        Route("/api/amendments/{id}/status", guarded(status), methods=["POST"]),
        Route("/api/amendments/{id}/support", guarded(position("support")), methods=["POST"]),
        Route("/api/amendments/{id}/oppose", guarded(position("oppose")), methods=["POST"]),
        Route("/api/me", guarded(me)),
        Route("/api/signin", guarded(signin), methods=["POST"]),
        Route("/api/signout", guarded(signout), methods=["POST"]),
        Route("/signin", signin_page),
        Route("/write.js", script),
    ]


def middleware(root: Path, https: bool = False) -> list[Middleware]:
    """Signed session cookies and CSRF protection (double-submit cookie, starlette-csrf):
    a request carrying the session cookie, and every sign-in, must echo the ``csrftoken``
    cookie in the ``X-CSRFToken`` header. Requests with a bearer token carry no cookie and
    need none."""
    from starlette_csrf import CSRFMiddleware

    secret = session_secret(root)
    return [
        Middleware(CSRFMiddleware, secret=secret + ":csrf", sensitive_cookies={SESSION_COOKIE},
                   required_urls=[re.compile(r"^/api/sign(in|out)$")], cookie_secure=https,
                   cookie_samesite="strict"),
        Middleware(SessionMiddleware, secret_key=secret, session_cookie=SESSION_COOKIE,
                   max_age=14 * 24 * 3600, same_site="strict", https_only=https),
    ]


def writer_for(root: Path) -> Writer:
    return Writer(Path(root), RateLimit())
