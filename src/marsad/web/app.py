"""The analyst workbench: ``create_app(db_path)`` builds the FastAPI app (pages + JSON API).

One error shape for every failure: ``{"error": {"code": ..., "message": ...}}``. JSON clients
(and everything under /api/) get it as JSON; a browser asking for a page gets the same code
and message in an HTML page, and an unauthenticated page view is sent to the login form.
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import MarsadError, StoreError
from ..review import EventNotFound, InvalidEdit
from ..store.sqlite import resolve_db_path
from .auth import StorePool
from .i18n import LANGS, text_dir, translator

HERE = Path(__file__).parent
log = logging.getLogger("marsad.web")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         422: "invalid_request", 500: "internal_error"}

# Our pages load scripts and styles only from our own origin; a script smuggled into an
# article would be escaped anyway, and this makes it inert even if an escape were missed.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path == "/api" or path.startswith("/static/") or path == "/openapi.json":
        return True
    return "text/html" not in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    code = CODES.get(status, "error" if status >= 400 else "bad_request")
    if _wants_json(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)
    if status == 401 and request.method == "GET":
        from urllib.parse import quote

        target = request.url.path + (("?" + request.url.query) if request.url.query else "")
        return RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)
    lang = request.query_params.get("lang") or request.cookies.get("marsad_lang") or "en"
    lang = lang if lang in LANGS else "en"
    body = request.app.state.templates.get_template("error.html").render(
        request=request, lang=lang, dir=text_dir(lang), t=translator(lang), user=None, csrf="",
        path=request.url.path, status=status, code=code, message=message, vendor_ok=False)
    return HTMLResponse(body, status_code=status, headers=headers)


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for item in err.errors()[:3]:
        where = ".".join(str(x) for x in item.get("loc", ()) if x not in ("body", "query", "path"))
        parts.append(f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        return error_response(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_message(exc))

    @app.exception_handler(EventNotFound)
    async def not_found(request: Request, exc: EventNotFound) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(InvalidEdit)
    async def invalid_edit(request: Request, exc: InvalidEdit) -> Response:
        return error_response(request, 422, str(exc))

    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, exc: MarsadError) -> Response:
        status = 400
        if isinstance(exc, StoreError) and "busy" in str(exc):
            status = 503
        return error_response(request, status, str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal server error")


def make_templates() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["http_url"] = http_url
    return env


def http_url(value: object) -> str:
    """The URL when it is http(s), else empty: a javascript: link would run when clicked."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def create_app(db_path: str | None = None) -> "FastAPI":
    """The app against ``db_path`` (default: $MARSAD_DB or ./marsad.db)."""
    path = resolve_db_path(db_path)
    stores = StorePool(path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close_all()

    app = FastAPI(title="Marsad", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Counter-terrorism events from news, every field tied to its source passage. "
                              "Log in with POST /api/login; send the returned csrf_token in X-CSRF-Token "
                              "on every POST.")
    app.state.stores = stores
    app.state.templates = make_templates()
    stores.release(stores.acquire())  # open (and if needed create) the database now: a bad path fails here

    @app.middleware("http")
    async def headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        lang = request.query_params.get("lang")
        if lang in LANGS and request.cookies.get("marsad_lang") != lang:
            response.set_cookie("marsad_lang", lang, samesite="lax", path="/", max_age=365 * 86400)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path.startswith("/api/") or request.url.path in ("/login",):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    install_error_handlers(app)
    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    return app
