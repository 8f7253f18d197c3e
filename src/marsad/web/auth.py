"""Who is asking: database handles per thread, sessions, roles and CSRF checks for the web app.

Sessions are server-side rows (store/auth.py); the browser holds only a random token in an
HttpOnly, SameSite=Lax cookie. State-changing requests must also prove they come from our
own pages: HTML forms carry the session's CSRF token in a hidden field, JSON clients send it
in the ``X-CSRF-Token`` header (the token is returned by /api/login and /api/me).
"""
from __future__ import annotations

import queue
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request

from ..store.auth import AuthStore, Session
from ..store.sqlite import SQLiteStore
from .fused import ensure_schema as ensure_fusion_schema
from .queries import ensure_indexes

SESSION_COOKIE = "marsad_session"
LOGIN_CSRF_COOKIE = "marsad_login_csrf"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True, slots=True)
class Handles:
    store: SQLiteStore
    auth: AuthStore


class StorePool:
    """Connections to one database, checked out per request and returned afterwards."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._idle: queue.LifoQueue[Handles] = queue.LifoQueue()
        self._all: list[SQLiteStore] = []
        self._lock = threading.Lock()

    def acquire(self) -> Handles:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        # FastAPI runs each sync dependency and the endpoint as separate thread-pool calls, so a
        # request may touch its connection from several threads in turn; the pool guarantees a
        # connection serves one request at a time, which is all SQLite needs.
        store = SQLiteStore(self.db_path, check_same_thread=False)
        store.conn.execute("PRAGMA busy_timeout = 5000")
        handles = Handles(store, AuthStore(store.conn))
        ensure_indexes(store.conn)
        ensure_fusion_schema(store)
        with self._lock:
            self._all.append(store)
        return handles

    def release(self, handles: Handles) -> None:
        try:
            if handles.store.conn.in_transaction:  # a failed request must not leave a transaction open
                handles.store.conn.execute("ROLLBACK")
        except sqlite3.ProgrammingError:
            return  # closed by close_all() while the request ran: drop it
        self._idle.put(handles)

    def close_all(self) -> None:
        """Close every connection (app shutdown); the pool opens new ones if used again."""
        with self._lock:
            while True:
                try:
                    self._idle.get_nowait()
                except queue.Empty:
                    break
            for store in self._all:
                try:
                    store.close()
                except sqlite3.Error:
                    pass
            self._all.clear()


def get_handles(request: Request) -> Iterator[Handles]:
    pool: StorePool = request.app.state.stores
    handles = pool.acquire()
    try:
        yield handles
    finally:
        pool.release(handles)


def get_store(h: Handles = Depends(get_handles)) -> SQLiteStore:
    return h.store


def current_session(request: Request, h: Handles = Depends(get_handles)) -> Session | None:
    token = request.cookies.get(SESSION_COOKIE)
    return h.auth.get_session(token) if token else None


def require_session(session: Session | None = Depends(current_session)) -> Session:
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
