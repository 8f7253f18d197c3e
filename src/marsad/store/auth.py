"""Users and server-side sessions for the dashboard, kept in the same SQLite file as the events.

Passwords are hashed with argon2id (argon2-cffi). A session cookie carries a random token;
the database keeps only its SHA-256, so a leaked database copy cannot be replayed as a login.
Each session has its own CSRF token, which every state-changing request must echo back.
"""
from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..errors import ConfigError, StoreError

ROLES = ("viewer", "analyst", "admin")
# higher rank can do everything a lower one can
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
SESSION_HOURS = 12
MIN_PASSWORD = 8

AUTH_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash  TEXT PRIMARY KEY,
    username    TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(username);
"""


@dataclass(frozen=True, slots=True)
class User:
    username: str
    role: str

    def can(self, role: str) -> bool:
        """True when this user's role is at least ``role``."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    csrf_token: str
    expires_at: str


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AuthStore:
    """Users and sessions on an open SQLite connection (the event store's own)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.executescript(AUTH_SCHEMA)

    # -- users ---------------------------------------------------------------------------------
    def add_user(self, username: str, password: str, role: str) -> User:
        username = username.strip()
        if not username or len(username) > 64 or any(ch.isspace() for ch in username):
            raise ConfigError("user name must be 1-64 characters without spaces")
        if role not in ROLES:
            raise ConfigError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise ConfigError(f"password must have at least {MIN_PASSWORD} characters")
        try:
            self.conn.execute(
                "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                (username, _hasher().hash(password), role, _now().isoformat(timespec="seconds")),
            )
        except sqlite3.IntegrityError:
            raise StoreError(f"user {username!r} already exists") from None
        return User(username, role)

    def set_role(self, username: str, role: str) -> None:
        if role not in ROLES:
            raise ConfigError(f"unknown role {role!r}")
        cur = self.conn.execute("UPDATE users SET role = ? WHERE username = ?", (role, username))
        if cur.rowcount == 0:
            raise StoreError(f"no user {username!r}")

    def get_user(self, username: str) -> User | None:
        row = self.conn.execute("SELECT username, role FROM users WHERE username = ?", (username,)).fetchone()
        return User(row[0], row[1]) if row else None

    def list_users(self) -> list[dict[str, str]]:
        rows = self.conn.execute("SELECT username, role, created_at FROM users ORDER BY username")
        return [{"username": r[0], "role": r[1], "created_at": r[2]} for r in rows]

    def count_users(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM users").fetchone()[0])

    def authenticate(self, username: str, password: str) -> User | None:
        row = self.conn.execute(
            "SELECT username, role, password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
        if row is None:
            # spend the same time as a real check so user names cannot be probed by timing
            _dummy_verify(password)
            return None
        try:
            _hasher().verify(row[2], password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if _hasher().check_needs_rehash(row[2]):
            self.conn.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                              (_hasher().hash(password), username))
        return User(row[0], row[1])

    # -- sessions ------------------------------------------------------------------------------
    def create_session(self, user: User) -> tuple[str, Session]:
        """A new session for ``user``: returns the cookie token (shown once) and the session."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = _now()
        expires = (now + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
        self.conn.execute("DELETE FROM sessions WHERE expires_at < ?", (now.isoformat(timespec="seconds"),))
        self.conn.execute(
            "INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?,?,?,?,?)",
            (_digest(token), user.username, csrf, now.isoformat(timespec="seconds"), expires),
        )
        return token, Session(user, csrf, expires)

    def get_session(self, token: str | None) -> Session | None:
        if not token:
            return None
        row = self.conn.execute(
            "SELECT s.csrf_token, s.expires_at, u.username, u.role FROM sessions s"
            " JOIN users u ON u.username = s.username WHERE s.token_hash = ?", (_digest(token),)
        ).fetchone()
        if row is None or row[1] < _now().isoformat(timespec="seconds"):
            return None
        return Session(User(row[2], row[3]), row[0], row[1])

    def end_session(self, token: str | None) -> None:
        if token:
            self.conn.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))


def _dummy_verify(password: str) -> None:
    try:
        _hasher().verify(_dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass
