"""The embedded store: SQLite with FTS5 over normalised text.

One document is written in one transaction (its row, its events, statistics and their
evidence), so a run that is killed half-way leaves every earlier document whole.
Re-extracting a document replaces its machine records but never touches rows an analyst
has reviewed (``review_status != 'pending'``).
"""
from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..models import Document, Event, Extraction, Rejection, Statistic
from ..text.arabic import fold
from .common import EventQuery, StoreBase, search_groups

DEFAULT_DB = "marsad.db"

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id      TEXT PRIMARY KEY,
    url         TEXT,
    title       TEXT,
    published   TEXT,
    lang        TEXT,
    source      TEXT,
    text        TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    extracted_at TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    doc_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS events (
    event_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id       TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    date         TEXT,
    arrests      INTEGER,
    plot         INTEGER NOT NULL DEFAULT 0,
    killed       INTEGER,
    wounded      INTEGER,
    places       TEXT NOT NULL DEFAULT '[]',
    countries    TEXT NOT NULL DEFAULT '[]',
    partners     TEXT NOT NULL DEFAULT '[]',
    agencies     TEXT NOT NULL DEFAULT '[]',
    affiliation  TEXT NOT NULL DEFAULT '[]',
    seized       TEXT NOT NULL DEFAULT '[]',
    review_status TEXT NOT NULL DEFAULT 'pending',
    created_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date);
CREATE TABLE IF NOT EXISTS statistics (
    stat_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id      TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    metric      TEXT NOT NULL,
    value       INTEGER NOT NULL,
    qualifier   TEXT NOT NULL,
    country     TEXT,
    agency      TEXT,
    affiliation TEXT,
    period_start TEXT,
    period_end  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS statistics_doc ON statistics(doc_id);
CREATE TABLE IF NOT EXISTS evidence (
    evidence_id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('event', 'statistic')),
    owner_id    INTEGER NOT NULL,
    field       TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    quote       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS evidence_owner ON evidence(owner_kind, owner_id);
CREATE TABLE IF NOT EXISTS rejections (
    rejection_id INTEGER PRIMARY KEY AUTOINCREMENT,
    source      TEXT NOT NULL,
    doc_id      TEXT,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    audit_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before      TEXT,
    after       TEXT
);
"""

LIST_FIELDS = ("places", "countries", "partners", "agencies", "affiliation", "seized")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def resolve_db_path(db: str | os.PathLike[str] | None) -> str:
    return str(db or os.environ.get("MARSAD_DB") or DEFAULT_DB)


class SQLiteStore(StoreBase):
    """The default store. Construct with a path (``:memory:`` works for tests).

    ``check_same_thread=False`` lets the connection move between threads (the web app's
    pool hands one connection to one request at a time, across FastAPI's worker threads).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, check_same_thread: bool = True) -> None:
        self.path = resolve_db_path(path)
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"database folder does not exist: {parent}")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=check_same_thread)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.executescript(SCHEMA)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot open database {self.path}: {err}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise StoreError(f"database busy or locked: {err}") from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- documents ---------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def add_document(self, doc: Document, conn: sqlite3.Connection | None = None) -> bool:
        """Insert a cleaned document; False when it was already stored (nothing changes)."""
        c = conn or self.conn
        cur = c.execute(
            "INSERT OR IGNORE INTO documents (doc_id, url, title, published, lang, source, text, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.doc_id, doc.url, doc.title, doc.published, doc.lang, doc.source, doc.text, _now()),
        )
        if cur.rowcount == 0:
            return False
        c.execute(
            "INSERT INTO documents_fts (doc_id, title, body) VALUES (?, ?, ?)",
            (doc.doc_id, fold(doc.title or ""), fold(doc.text)),
        )
        return True

    def get_document(self, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        return Document(
            doc_id=row["doc_id"], text=row["text"], title=row["title"], url=row["url"],
            published=row["published"], lang=row["lang"], source=row["source"],
        )

    def _doc_ids(self, only_unextracted: bool = False) -> list[str]:
        sql = "SELECT doc_id FROM documents"
        if only_unextracted:
            sql += " WHERE extracted_at IS NULL"
        return [r[0] for r in self.conn.execute(sql + " ORDER BY doc_id").fetchall()]

    def add_rejection(self, rej: Rejection) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT INTO rejections (source, doc_id, reason, at) VALUES (?, ?, ?, ?)",
                (rej.source, rej.doc_id, rej.reason, _now()),
            )

    def rejections(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM rejections ORDER BY rejection_id")]

    # -- extraction results ------------------------------------------------------------------
    def save_extraction(self, doc: Document, result: Extraction) -> None:
        """Store a document and its extraction atomically (document row first if new)."""
        with self.transaction() as c:
            self.add_document(doc, c)
            old = [r[0] for r in c.execute(
                "SELECT event_id FROM events WHERE doc_id = ? AND review_status = 'pending'", (doc.doc_id,)
            )]
            for event_id in old:
                c.execute("DELETE FROM evidence WHERE owner_kind = 'event' AND owner_id = ?", (event_id,))
                c.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            old_stats = [r[0] for r in c.execute("SELECT stat_id FROM statistics WHERE doc_id = ?", (doc.doc_id,))]
            for stat_id in old_stats:
                c.execute("DELETE FROM evidence WHERE owner_kind = 'statistic' AND owner_id = ?", (stat_id,))
            c.execute("DELETE FROM statistics WHERE doc_id = ?", (doc.doc_id,))
            for event in result.events:
                self._insert_event(c, event)
            for stat in result.statistics:
                self._insert_statistic(c, stat)
            c.execute("UPDATE documents SET extracted_at = ?, lang = COALESCE(lang, ?) WHERE doc_id = ?",
                      (_now(), result.lang, doc.doc_id))

    def _insert_event(self, c: sqlite3.Connection, e: Event) -> int:
        cur = c.execute(
            "INSERT INTO events (doc_id, type, date, arrests, plot, killed, wounded, places, countries,"
            " partners, agencies, affiliation, seized, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                e.doc_id, e.type, e.date, e.arrests, int(e.plot), e.killed, e.wounded,
                json.dumps([p.to_dict() for p in e.places], ensure_ascii=False),
                json.dumps(list(e.countries)), json.dumps(list(e.partners)),
                json.dumps(list(e.agencies), ensure_ascii=False),
                json.dumps(list(e.affiliation), ensure_ascii=False), json.dumps(list(e.seized)),
                _now(),
            ),
        )
        event_id = int(cur.lastrowid or 0)
        rows = [("event", event_id, "event", ev.doc_id, ev.start, ev.end, ev.quote) for ev in e.evidence]
        rows += [("event", event_id, name, ev.doc_id, ev.start, ev.end, ev.quote) for name, ev in e.field_evidence]
        c.executemany(
            "INSERT INTO evidence (owner_kind, owner_id, field, doc_id, start, end, quote) VALUES (?,?,?,?,?,?,?)",
            rows,
        )
        return event_id

    def _insert_statistic(self, c: sqlite3.Connection, s: Statistic) -> int:
        cur = c.execute(
            "INSERT INTO statistics (doc_id, metric, value, qualifier, country, agency, affiliation,"
            " period_start, period_end, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (s.doc_id, s.metric, s.value, s.qualifier, s.country, s.agency, s.affiliation, s.start, s.end, _now()),
        )
        stat_id = int(cur.lastrowid or 0)
        c.executemany(
            "INSERT INTO evidence (owner_kind, owner_id, field, doc_id, start, end, quote) VALUES (?,?,?,?,?,?,?)",
            [("statistic", stat_id, "statistic", ev.doc_id, ev.start, ev.end, ev.quote) for ev in s.evidence],
        )
        return stat_id

    # -- queries -----------------------------------------------------------------------------
    def _event_row(self, row: sqlite3.Row) -> dict[str, Any]:
        out = dict(row)
        for key in LIST_FIELDS:
            out[key] = json.loads(out[key])
        out["plot"] = bool(out["plot"])
        out["evidence"] = [
            dict(r) for r in self.conn.execute(
                "SELECT field, doc_id, start, end, quote FROM evidence WHERE owner_kind = 'event'"
                " AND owner_id = ? ORDER BY evidence_id", (row["event_id"],)
            )
        ]
        return out

    def query_events(self, q: EventQuery = EventQuery()) -> list[dict[str, Any]]:
        clause, args = event_where(q)
        sql = "SELECT e.* FROM events e" + clause
        sql += " ORDER BY e.date IS NULL, e.date DESC, e.event_id LIMIT ? OFFSET ?"
        args += [q.limit, q.offset]
        try:
            rows = self.conn.execute(sql, args).fetchall()
        except sqlite3.OperationalError as err:
            raise StoreError(f"query failed: {err}") from None
        return [self._event_row(r) for r in rows]

    def query_statistics(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM statistics", []
        if doc_id:
            sql += " WHERE doc_id = ?"
            args.append(doc_id)
        out = []
        for row in self.conn.execute(sql + " ORDER BY stat_id", args):
            rec = dict(row)
            rec["evidence"] = [dict(r) for r in self.conn.execute(
                "SELECT doc_id, start, end, quote FROM evidence WHERE owner_kind = 'statistic' AND owner_id = ?",
                (row["stat_id"],),
            )]
            out.append(rec)
        return out

    def search_documents(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT d.doc_id, d.title, d.lang, d.published, d.url FROM documents_fts f"
            " JOIN documents d ON d.doc_id = f.doc_id WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_query(text), limit),
        ).fetchall()
        return [dict(r) for r in rows]

    def _count(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def event_where(f: object) -> tuple[str, list[Any]]:
    """The WHERE clause (with its leading keyword, or empty) and arguments for an event filter:
    the store's ``EventQuery`` or the web's richer ``EventFilter``; a field either lacks is unset."""
    def get(name: str) -> Any:
        return getattr(f, name, None)

    where: list[str] = []
    args: list[Any] = []
    if get("type"):
        where.append("e.type = ?")
        args.append(get("type"))
    if get("country"):
        where.append("EXISTS (SELECT 1 FROM json_each(e.countries) WHERE value = ?)")
        args.append(get("country").strip().upper())
    if get("place"):
        where.append("EXISTS (SELECT 1 FROM json_each(e.places) WHERE json_extract(value, '$.name') LIKE ? ESCAPE '\\')")
        args.append(_like(get("place").strip()))
    if get("affiliation"):
        where.append("EXISTS (SELECT 1 FROM json_each(e.affiliation) WHERE value LIKE ? ESCAPE '\\')")
        args.append(_like(get("affiliation").strip()))
    if get("agency"):
        where.append("EXISTS (SELECT 1 FROM json_each(e.agencies) WHERE value LIKE ? ESCAPE '\\')")
        args.append(_like(get("agency").strip()))
    if get("date_from"):
        where.append("e.date >= ?")
        args.append(get("date_from"))
    if get("date_to"):
        # a coarse date (2019) sorts before 2019-05; pad the bound so the whole period counts
        where.append("e.date <= ?")
        args.append(get("date_to") + "\uffff")
    if get("status"):
        where.append("e.review_status = ?")
        args.append(get("status"))
    if get("reviewed_only"):
        where.append("e.review_status IN ('confirmed', 'edited')")
    if get("doc_id"):
        where.append("e.doc_id = ?")
        args.append(get("doc_id"))
    text = get("q") or get("text")
    if text:
        where.append("e.doc_id IN (SELECT doc_id FROM documents_fts WHERE documents_fts MATCH ?)")
        args.append(fts_query(text))
    return ((" WHERE " + " AND ".join(where)) if where else ""), args


def fts_query(text: str) -> str:
    """User words -> an FTS5 query over the folded index: every word must occur as a whole word.

    Words are quoted so FTS5 syntax in user input cannot break the query; an Arabic word is
    searched as itself and with the common proclitics (و ب ل ف ال وال بال لل فال) in front,
    since the index keeps بتطوان as one token.
    """
    return " AND ".join("(" + " OR ".join(f'"{v}"' for v in group) + ")" for group in search_groups(text))
