"""The team store: PostgreSQL, with the same public methods and record shapes as ``sqlite.py``.

Open it with a URL (``postgresql://user:password@host:5432/marsad``); :func:`marsad.store.open_store`
picks this class for any ``postgresql://`` or ``postgres://`` value of ``--db`` / ``$MARSAD_DB``.
The driver (psycopg 3, the ``postgres`` extra) is imported only here, so SQLite users never need it.

What stays the same as SQLite, on purpose:

* one document is written in one transaction (its row, events, statistics, evidence); an
  error rolls the whole document back and leaves earlier documents whole;
* re-extracting a document replaces its pending events and all its statistics, and never
  touches events an analyst has reviewed;
* search runs over the same folded text (:func:`marsad.text.arabic.fold`) with the same word
  rules as :func:`marsad.store.sqlite.fts_query`: every word must match, an Arabic word also
  matches behind the common proclitics. Here the index is a GIN index on
  ``to_tsvector('simple', search)`` and the query is put together from ``phraseto_tsquery``
  calls whose words travel as parameters, so user input is never parsed as query syntax;
* records come back as the same dicts: list fields as lists, ``plot`` as a bool, timestamps
  as ISO strings in UTC, evidence as ``{field, doc_id, start, end, quote}``.

What differs: list fields are JSONB, so keys inside place objects come back in JSONB's order
(equal dicts, different order when printed). The fusion tables (duplicates, fused events)
live here too; their algorithms are shared with SQLite through ``postgres_fusion.py``.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import ConfigError, StoreError
from ..models import Document, Event, Extraction, Rejection, Statistic
from ..text.arabic import fold
from .common import EventQuery, StoreBase, search_groups
from .sqlite import DEFAULT_DB

if TYPE_CHECKING:
    import psycopg

URL_PREFIXES = ("postgresql://", "postgres://")

# Any fixed number: serialises schema creation when several workers open a fresh database at once
# (concurrent CREATE TABLE IF NOT EXISTS can otherwise fail on the catalog's unique index).
_SCHEMA_LOCK = 0x6D61727361640001

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id       TEXT PRIMARY KEY,
    seq          BIGSERIAL,
    url          TEXT,
    title        TEXT,
    published    TEXT,
    lang         TEXT,
    source       TEXT,
    text         TEXT NOT NULL,
    search       TEXT NOT NULL,
    ingested_at  TIMESTAMPTZ NOT NULL,
    extracted_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS documents_search ON documents USING GIN (to_tsvector('simple', search));
CREATE TABLE IF NOT EXISTS events (
    event_id      BIGSERIAL PRIMARY KEY,
    doc_id        TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    type          TEXT NOT NULL,
    date          TEXT,
    arrests       INTEGER,
    plot          BOOLEAN NOT NULL DEFAULT FALSE,
    killed        INTEGER,
    wounded       INTEGER,
    places        JSONB NOT NULL DEFAULT '[]',
    countries     JSONB NOT NULL DEFAULT '[]',
    partners      JSONB NOT NULL DEFAULT '[]',
    agencies      JSONB NOT NULL DEFAULT '[]',
    affiliation   JSONB NOT NULL DEFAULT '[]',
    seized        JSONB NOT NULL DEFAULT '[]',
    review_status TEXT NOT NULL DEFAULT 'pending',
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date);
CREATE INDEX IF NOT EXISTS events_countries ON events USING GIN (countries jsonb_path_ops);
CREATE TABLE IF NOT EXISTS statistics (
    stat_id      BIGSERIAL PRIMARY KEY,
    doc_id       TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    metric       TEXT NOT NULL,
    value        BIGINT NOT NULL,
    qualifier    TEXT NOT NULL,
    country      TEXT,
    agency       TEXT,
    affiliation  TEXT,
    period_start TEXT,
    period_end   TEXT,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS statistics_doc ON statistics(doc_id);
CREATE TABLE IF NOT EXISTS evidence (
    evidence_id BIGSERIAL PRIMARY KEY,
    owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('event', 'statistic')),
    owner_id    BIGINT NOT NULL,
    field       TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    quote       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS evidence_owner ON evidence(owner_kind, owner_id);
CREATE TABLE IF NOT EXISTS rejections (
    rejection_id BIGSERIAL PRIMARY KEY,
    source       TEXT NOT NULL,
    doc_id       TEXT,
    reason       TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    audit_id    BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before      JSONB,
    after       JSONB
);
CREATE TABLE IF NOT EXISTS doc_signatures (
    doc_id      TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    text_key    TEXT NOT NULL,
    shingles    INTEGER NOT NULL,
    signature   BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS duplicates (
    doc_id       TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    canonical_id TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
    similarity   DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS fused_members (
    event_id    BIGINT PRIMARY KEY,
    fused_id    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fused_members_fused ON fused_members(fused_id);
CREATE TABLE IF NOT EXISTS fused_events (
    fused_id      TEXT PRIMARY KEY,
    type          TEXT NOT NULL,
    date          TEXT,
    corroboration INTEGER NOT NULL,
    confidence    DOUBLE PRECISION NOT NULL,
    record        JSONB NOT NULL
);
"""

# ISO dates compare as strings only byte-wise; a server's default collation may not be bytewise.
_BYTES = 'COLLATE "C"'
_TIMESTAMPS = ("created_at", "ingested_at", "extracted_at", "at")


def is_postgres_url(value: str | os.PathLike[str] | None) -> bool:
    return isinstance(value, str) and value.startswith(URL_PREFIXES)


def redact(url: str) -> str:
    """The URL with its password replaced, for messages and ``store.path``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise ConfigError(
            "PostgreSQL needs the psycopg driver: pip install 'marsad[postgres]'"
        ) from None
    return psycopg


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _iso(value: Any) -> Any:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds") if isinstance(value, datetime) else value


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Timestamps as the same ISO strings SQLite stores."""
    for key in _TIMESTAMPS:
        if key in row:
            row[key] = _iso(row[key])
    return row


def tsquery_sql(text: str) -> tuple[str, list[str]]:
    """SQL for a tsquery matching ``text``, and its parameters (one per word variant).

    Each variant goes through ``phraseto_tsquery`` (a word the parser splits, like ``al-qaida``,
    must match as a phrase, as a quoted FTS5 string does); variants are ORed, words ANDed. A
    word with no letters at all (``(``) yields an empty query that PostgreSQL leaves out.
    """
    parts, args = [], []
    for group in search_groups(text):
        parts.append("(" + " || ".join(["phraseto_tsquery('simple', %s)"] * len(group)) + ")")
        args.extend(group)
    return " && ".join(parts), args


class PostgresStore(StoreBase):
    """The team store. Construct with a ``postgresql://`` URL (or set ``$MARSAD_DB`` to one)."""

    dialect = "postgresql"

    def __init__(self, url: str | None = None) -> None:
        url = url or os.environ.get("MARSAD_DB") or DEFAULT_DB
        if not is_postgres_url(url):
            raise ConfigError(f"not a PostgreSQL URL (postgresql://...): {url}")
        self.url = url
        self.path = redact(url)  # what the CLI prints as "database:"
        psycopg = _driver()
        self._errors = psycopg.Error
        try:
            self.conn: psycopg.Connection[Any] = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as err:
            raise StoreError(f"cannot connect to {self.path}: {_first_line(err)}") from None
        try:
            self.conn.execute("SET TimeZone TO 'UTC'")
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                self.conn.execute(SCHEMA)
        except psycopg.Error as err:
            self.conn.close()
            raise StoreError(f"cannot prepare database {self.path}: {_first_line(err)}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "PostgresStore":
        return self

    @contextmanager
    def transaction(self) -> Iterator["psycopg.Connection[Any]"]:
        """Everything inside commits together or not at all (nested calls become savepoints)."""
        psycopg = _driver()
        try:
            with self.conn.transaction():
                yield self.conn
        except psycopg.OperationalError as err:  # server gone, timeout: one line for the CLI
            raise StoreError(f"database error on {self.path}: {_first_line(err)}") from None

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        from psycopg.rows import dict_row

        try:
            with self.conn.cursor(row_factory=dict_row) as cur:
                cur.execute(sql, args)
                return [_plain(r) for r in cur.fetchall()]
        except self._errors as err:
            raise StoreError(f"query failed: {_first_line(err)}") from None

    def _scalars(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        try:
            return [r[0] for r in self.conn.execute(sql, args).fetchall()]
        except self._errors as err:
            raise StoreError(f"query failed: {_first_line(err)}") from None

    # -- documents ---------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return bool(self._scalars("SELECT 1 FROM documents WHERE doc_id = %s", (doc_id,)))

    def add_document(self, doc: Document, conn: "psycopg.Connection[Any] | None" = None) -> bool:
        """Insert a cleaned document; False when it was already stored (nothing changes)."""
        c = conn or self.conn
        search = fold(doc.title or "") + "\n" + fold(doc.text)
        cur = c.execute(
            "INSERT INTO documents (doc_id, url, title, published, lang, source, text, search, ingested_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (doc_id) DO NOTHING",
            (doc.doc_id, doc.url, doc.title, doc.published, doc.lang, doc.source, doc.text, search, _now()),
        )
        return cur.rowcount == 1

    def get_document(self, doc_id: str) -> Document | None:
        rows = self._rows("SELECT doc_id, url, title, published, lang, source, text FROM documents"
                          " WHERE doc_id = %s", (doc_id,))
        if not rows:
            return None
        r = rows[0]
        return Document(doc_id=r["doc_id"], text=r["text"], title=r["title"], url=r["url"],
                        published=r["published"], lang=r["lang"], source=r["source"])

    def _doc_ids(self, only_unextracted: bool = False) -> list[str]:
        sql = "SELECT doc_id FROM documents"
        if only_unextracted:
            sql += " WHERE extracted_at IS NULL"
        return self._scalars(sql + f" ORDER BY doc_id {_BYTES}")

    def add_rejection(self, rej: Rejection) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO rejections (source, doc_id, reason, at) VALUES (%s, %s, %s, %s)",
                      (rej.source, rej.doc_id, rej.reason, _now()))

    def rejections(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM rejections ORDER BY rejection_id")

    # -- extraction results ------------------------------------------------------------------
    def save_extraction(self, doc: Document, result: Extraction) -> None:
        """Store a document and its extraction atomically (document row first if new)."""
        with self.transaction() as c:
            self.add_document(doc, c)
            # two workers re-extracting one document must not interleave their replace
            c.execute("SELECT 1 FROM documents WHERE doc_id = %s FOR UPDATE", (doc.doc_id,))
            c.execute(
                "DELETE FROM evidence WHERE owner_kind = 'event' AND owner_id IN"
                " (SELECT event_id FROM events WHERE doc_id = %s AND review_status = 'pending')", (doc.doc_id,))
            c.execute("DELETE FROM events WHERE doc_id = %s AND review_status = 'pending'", (doc.doc_id,))
            c.execute(
                "DELETE FROM evidence WHERE owner_kind = 'statistic' AND owner_id IN"
                " (SELECT stat_id FROM statistics WHERE doc_id = %s)", (doc.doc_id,))
            c.execute("DELETE FROM statistics WHERE doc_id = %s", (doc.doc_id,))
            for event in result.events:
                self._insert_event(c, event)
            for stat in result.statistics:
                self._insert_statistic(c, stat)
            c.execute("UPDATE documents SET extracted_at = %s, lang = COALESCE(lang, %s) WHERE doc_id = %s",
                      (_now(), result.lang, doc.doc_id))

    def _insert_event(self, c: "psycopg.Connection[Any]", e: Event) -> int:
        from psycopg.types.json import Jsonb

        row = c.execute(
            "INSERT INTO events (doc_id, type, date, arrests, plot, killed, wounded, places, countries,"
            " partners, agencies, affiliation, seized, created_at)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING event_id",
            (
                e.doc_id, e.type, e.date, e.arrests, bool(e.plot), e.killed, e.wounded,
                Jsonb([p.to_dict() for p in e.places]), Jsonb(list(e.countries)), Jsonb(list(e.partners)),
                Jsonb(list(e.agencies)), Jsonb(list(e.affiliation)), Jsonb(list(e.seized)), _now(),
            ),
        ).fetchone()
        event_id = int(row[0])
        rows = [("event", event_id, "event", ev.doc_id, ev.start, ev.end, ev.quote) for ev in e.evidence]
        rows += [("event", event_id, name, ev.doc_id, ev.start, ev.end, ev.quote) for name, ev in e.field_evidence]
        self._insert_evidence(c, rows)
        return event_id

    def _insert_statistic(self, c: "psycopg.Connection[Any]", s: Statistic) -> int:
        row = c.execute(
            "INSERT INTO statistics (doc_id, metric, value, qualifier, country, agency, affiliation,"
            " period_start, period_end, created_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING stat_id",
            (s.doc_id, s.metric, s.value, s.qualifier, s.country, s.agency, s.affiliation, s.start, s.end, _now()),
        ).fetchone()
        stat_id = int(row[0])
        self._insert_evidence(c, [("statistic", stat_id, "statistic", ev.doc_id, ev.start, ev.end, ev.quote)
                                  for ev in s.evidence])
        return stat_id

    @staticmethod
    def _insert_evidence(c: "psycopg.Connection[Any]", rows: list[tuple[Any, ...]]) -> None:
        if rows:
            with c.cursor() as cur:
                cur.executemany(
                    'INSERT INTO evidence (owner_kind, owner_id, field, doc_id, start, "end", quote)'
                    " VALUES (%s,%s,%s,%s,%s,%s,%s)", rows)

    # -- queries -----------------------------------------------------------------------------
    def _attach_evidence(self, kind: str, key: str, rows: list[dict[str, Any]], cols: str) -> None:
        """One query for the evidence of all ``rows`` (not one per row)."""
        if not rows:
            return
        by_owner: dict[int, list[dict[str, Any]]] = {r[key]: [] for r in rows}
        for ev in self._rows(
            f"SELECT owner_id, {cols} FROM evidence WHERE owner_kind = %s AND owner_id = ANY(%s)"
            " ORDER BY evidence_id", (kind, list(by_owner)),
        ):
            by_owner[ev.pop("owner_id")].append(ev)
        for r in rows:
            r["evidence"] = by_owner[r[key]]

    def query_events(self, q: EventQuery = EventQuery()) -> list[dict[str, Any]]:
        from psycopg.types.json import Jsonb

        where: list[str] = []
        args: list[Any] = []
        if q.type:
            where.append("e.type = %s")
            args.append(q.type)
        if q.country:
            where.append("e.countries @> %s")
            args.append(Jsonb([q.country.upper()]))
        if q.date_from:
            where.append(f"e.date {_BYTES} >= %s")
            args.append(q.date_from)
        if q.date_to:
            # a coarse date (2019) sorts before 2019-05; pad the bound so the whole period counts
            where.append(f"e.date {_BYTES} <= %s")
            args.append(q.date_to + "\uffff")
        if q.doc_id:
            where.append("e.doc_id = %s")
            args.append(q.doc_id)
        if q.text:
            tsq, targs = tsquery_sql(q.text)
            where.append(f"e.doc_id IN (SELECT doc_id FROM documents WHERE to_tsvector('simple', search) @@ ({tsq}))")
            args += targs
        sql = "SELECT e.* FROM events e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY e.date IS NULL, e.date {_BYTES} DESC, e.event_id LIMIT %s OFFSET %s"
        args += [q.limit, q.offset]
        rows = self._rows(sql, args)
        self._attach_evidence("event", "event_id", rows, 'field, doc_id, start, "end", quote')
        return rows

    def query_statistics(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM statistics", []
        if doc_id:
            sql += " WHERE doc_id = %s"
            args.append(doc_id)
        rows = self._rows(sql + " ORDER BY stat_id", args)
        self._attach_evidence("statistic", "stat_id", rows, 'doc_id, start, "end", quote')
        return rows

    def search_documents(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        tsq, args = tsquery_sql(text)
        return self._rows(
            "SELECT d.doc_id, d.title, d.lang, d.published, d.url FROM documents d"
            f" WHERE to_tsvector('simple', d.search) @@ ({tsq})"
            f" ORDER BY ts_rank(to_tsvector('simple', d.search), ({tsq})) DESC, d.doc_id {_BYTES} LIMIT %s",
            [*args, *args, limit],
        )

    def _count(self, table: str) -> int:
        return int(self._scalars(f"SELECT COUNT(*) FROM {table}")[0])


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


__all__ = ["PostgresStore", "is_postgres_url", "redact", "search_groups", "tsquery_sql"]
