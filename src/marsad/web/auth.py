"""Who is asking: database handles per thread, sessions, roles and CSRF checks for the web app.

Sessions are server-side rows (store/auth.py); the browser holds only a random token in an
HttpOnly, SameSite=Lax cookie. State-changing requests must also prove they come from our
own pages: HTML forms carry the session's CSRF token in a hidden field, JSON clients send it
in the ``X-CSRF-Token`` header (the token is returned by /api/login and /api/me).
"""
from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request

from ..store.auth import AuthStore, Session
from ..store.sqlite import SQLiteStore
from .queries import ensure_indexes

SESSION_COOKIE = "marsad_session"
LOGIN_CSRF_COOKIE = "marsad_login_csrf"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True, slots=True)
class Handles:
    store: SQLiteStore
    auth: AuthStore


class StoreRegistry:
    """One SQLite connection per worker thread (sqlite3 connections are not shared across threads).

    FastAPI runs sync endpoints in a small thread pool, so a handful of connections serve
    every request; each is opened once, with the auth tables and web indexes ensured.
    """

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._all: list[SQLiteStore] = []
        self._lock = threading.Lock()

    def get(self) -> Handles:
        handles = getattr(self._local, "handles", None)
        if handles is None:
            store = SQLiteStore(self.db_path)
            store.conn.execute("PRAGMA busy_timeout = 5000")
            auth = AuthStore(store.conn)
            ensure_indexes(store.conn)
            handles = Handles(store, auth)
            self._local.handles = handles
            with self._lock:
                self._all.append(store)
        return handles

    def close_all(self) -> None:
        with self._lock:
            for store in self._all:
                try:
                    store.close()
                except Exception:  # noqa: BLE001 - closing on shutdown; a dead handle is fine
                    pass
            self._all.clear()


def handles(request: Request) -> Handles:
    return request.app.state.stores.get()


def get_store(request: Request) -> SQLiteStore:
    return handles(request).store


def current_session(request: Request) -> Session | None:
    if not hasattr(request.state, "session"):
        token = request.cookies.get(SESSION_COOKIE)
        request.state.session = handles(request).auth.get_session(token) if token else None
    return request.state.session  # type: ignore[no-any-return]


def require_session(request: Request) -> Session:
    session = current_session(request)
    if session is None:
        raise HTTPException(status_code=401, detail="login required")
    return session


def _require(role: str):  # type: ignore[no-untyped-def]
    def dep(session: Session = Depends(require_session)) -> Session:
        if not session.user.can(role):
            raise HTTPException(status_code=403, detail=f"this needs the {role} role")
        return session

    return dep


require_viewer = require_session
require_analyst = _require("analyst")
require_admin = _require("admin")


def tokens_match(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and secrets.compare_digest(str(given), str(expected))


def check_csrf_header(request: Request, session: Session) -> None:
    if not tokens_match(request.headers.get(CSRF_HEADER), session.csrf_token):
        raise HTTPException(status_code=403, detail=f"missing or wrong {CSRF_HEADER} header")


def check_csrf_form(token: str | None, session: Session) -> None:
    if not tokens_match(token, session.csrf_token):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token; reload the page")


def set_session_cookie(response, token: str, secure: bool) -> None:  # type: ignore[no-untyped-def]
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure, path="/",
                        max_age=12 * 3600)


def api_analyst(request: Request, session: Session = Depends(require_analyst)) -> Session:
    """Analyst role and the CSRF header: the guard of every JSON review action."""
    check_csrf_header(request, session)
    return session


def api_admin(request: Request, session: Session = Depends(require_admin)) -> Session:
    check_csrf_header(request, session)
    return session
