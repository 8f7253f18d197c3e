"""Read-side queries the dashboard and API need beyond the store's own (filters, totals, maps).

They run on the store's SQLite connection. The store's EventQuery covers the CLI; the web
needs more filters (place, agency, affiliation, review status), a total for pagination and
aggregates, and keeps them here rather than growing the store module.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError
from ..store.sqlite import LIST_FIELDS, SQLiteStore, event_where, fts_query

# The event list sorts newest first with undated events last; the expression index matches that
# ORDER BY exactly, so SQLite walks it instead of sorting 100,000 rows for every page.
WEB_INDEXES = """
CREATE INDEX IF NOT EXISTS events_web_order ON events((date IS NULL), date DESC, event_id);
CREATE INDEX IF NOT EXISTS events_web_status_order ON events(review_status, (date IS NULL), date DESC, event_id);
CREATE INDEX IF NOT EXISTS evidence_doc ON evidence(doc_id);
CREATE INDEX IF NOT EXISTS audit_object ON audit_log(object_kind, object_id);
"""
ORDER = " ORDER BY (e.date IS NULL), e.date DESC, e.event_id"


def ensure_indexes(conn: sqlite3.Connection) -> None:
    conn.executescript(WEB_INDEXES)


@dataclass(frozen=True, slots=True)
class EventFilter:
    type: str | None = None
    country: str | None = None
    place: str | None = None
    affiliation: str | None = None
    agency: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    status: str | None = None
    reviewed_only: bool = False
    q: str | None = None
    doc_id: str | None = None

    def is_empty(self) -> bool:
        return not any((self.type, self.country, self.place, self.affiliation, self.agency, self.date_from,
                        self.date_to, self.status, self.reviewed_only, self.q, self.doc_id))


def _where(f: EventFilter) -> tuple[str, list[Any]]:
    return event_where(f)


def _decode(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for key in LIST_FIELDS:
        out[key] = json.loads(out[key])
    out["plot"] = bool(out["plot"])
    return out


def _attach_evidence(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> None:
    if not events:
        return
    by_id = {e["event_id"]: e for e in events}
    for e in events:
        e["evidence"] = []
    marks = ",".join("?" * len(by_id))
    for r in conn.execute(
        f"SELECT owner_id, field, doc_id, start, end, quote FROM evidence WHERE owner_kind = 'event'"
        f" AND owner_id IN ({marks}) ORDER BY evidence_id", list(by_id)
    ):
        by_id[r[0]]["evidence"].append({"field": r[1], "doc_id": r[2], "start": r[3], "end": r[4], "quote": r[5]})


def _run(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[sqlite3.Row]:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as err:
        raise StoreError(f"query failed: {err}") from None


def list_events(store: SQLiteStore, f: EventFilter, limit: int = 50, offset: int = 0,
                with_total: bool = True) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of events with their evidence)."""
    clause, args = _where(f)
    total = -1
    if with_total:
        total = int(_run(store.conn, f"SELECT COUNT(*) FROM events e{clause}", args)[0][0])
    rows = _run(store.conn, f"SELECT e.* FROM events e{clause}{ORDER} LIMIT ? OFFSET ?", [*args, limit, offset])
    events = [_decode(r) for r in rows]
    _attach_evidence(store.conn, events)
    return total, events


def get_event(store: SQLiteStore, event_id: int) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    event = _decode(row)
    _attach_evidence(store.conn, [event])
    return event


def event_documents(store: SQLiteStore, event: dict[str, Any]) -> list[dict[str, Any]]:
    """Every source document of an event (its own and any its evidence points into)."""
    ids = [event["doc_id"]] + [e["doc_id"] for e in event["evidence"]]
    out = []
    for doc_id in dict.fromkeys(ids):
        row = store.conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is not None:
            out.append(dict(row))
    return out


def list_documents(store: SQLiteStore, limit: int = 50, offset: int = 0,
                   q: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    cols = ("d.doc_id, d.url, d.title, d.published, d.lang, d.source, d.ingested_at, d.extracted_at,"
            " (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.doc_id) AS n_events")
    if q:
        match = fts_query(q)
        total = int(_run(store.conn, "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?", [match])[0][0])
        rows = _run(store.conn, f"SELECT {cols} FROM documents_fts f JOIN documents d ON d.doc_id = f.doc_id"
                                " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?", [match, limit, offset])
    else:
        total = int(store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        rows = _run(store.conn, f"SELECT {cols} FROM documents d ORDER BY d.published IS NULL, d.published DESC,"
                                " d.doc_id LIMIT ? OFFSET ?", [limit, offset])
    return total, [dict(r) for r in rows]


def get_document(store: SQLiteStore, doc_id: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    doc = dict(row)
    ids = [r[0] for r in store.conn.execute(
        "SELECT event_id FROM events WHERE doc_id = ? ORDER BY event_id", (doc_id,))]
    doc["event_ids"] = ids
    return doc


def list_statistics(store: SQLiteStore, limit: int = 100, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    total = int(store.conn.execute("SELECT COUNT(*) FROM statistics").fetchone()[0])
    rows = [dict(r) for r in store.conn.execute(
        "SELECT * FROM statistics ORDER BY period_end IS NULL, period_end DESC, stat_id LIMIT ? OFFSET ?",
        (limit, offset))]
    for rec in rows:
        rec["evidence"] = [dict(r) for r in store.conn.execute(
            "SELECT doc_id, start, end, quote FROM evidence WHERE owner_kind = 'statistic' AND owner_id = ?"
            " ORDER BY evidence_id", (rec["stat_id"],))]
    return total, rows


# -- aggregates for the overview and the map -------------------------------------------------
def overview(store: SQLiteStore) -> dict[str, Any]:
    """Counts of events that are not rejected, by type, country, affiliation, status and month."""
    c = store.conn
    live = "WHERE e.review_status != 'rejected'"
    by_type = [(r[0], r[1]) for r in c.execute(
        f"SELECT e.type, COUNT(*) FROM events e {live} GROUP BY e.type ORDER BY 2 DESC")]
    by_country = [(r[0], r[1]) for r in c.execute(
        f"SELECT j.value, COUNT(*) FROM events e, json_each(e.countries) j {live}"
        " GROUP BY j.value ORDER BY 2 DESC, 1 LIMIT 25")]
    by_affiliation = [(r[0], r[1]) for r in c.execute(
        f"SELECT j.value, COUNT(*) FROM events e, json_each(e.affiliation) j {live}"
        " GROUP BY j.value ORDER BY 2 DESC, 1 LIMIT 25")]
    by_status = [(r[0], r[1]) for r in c.execute(
        "SELECT review_status, COUNT(*) FROM events GROUP BY review_status ORDER BY 2 DESC")]
    by_month = [(r[0], r[1]) for r in c.execute(
        f"SELECT substr(e.date, 1, 7) AS m, COUNT(*) FROM events e {live} AND length(e.date) >= 7"
        " GROUP BY m ORDER BY m")]
    return {"counts": store.counts(), "by_type": by_type, "by_country": by_country,
            "by_affiliation": by_affiliation, "by_status": by_status, "by_month": by_month}


def map_points(store: SQLiteStore, f: EventFilter, limit: int = 2000) -> list[dict[str, Any]]:
    """One point per distinct place (name, lat, lon) with how many events name it."""
    clause, args = _where(f)
    extra = " AND " if clause else " WHERE "
    sql = (
        "SELECT json_extract(p.value, '$.name') AS name, json_extract(p.value, '$.country') AS country,"
        " json_extract(p.value, '$.lat') AS lat, json_extract(p.value, '$.lon') AS lon,"
        " COUNT(*) AS n, group_concat(e.event_id) AS ids"
        f" FROM events e, json_each(e.places) p{clause}{extra}json_extract(p.value, '$.lat') IS NOT NULL"
        " AND json_extract(p.value, '$.lon') IS NOT NULL AND e.review_status != 'rejected'"
        " GROUP BY name, lat, lon ORDER BY n DESC LIMIT ?"
    )
    out = []
    for r in _run(store.conn, sql, [*args, limit]):
        ids = [int(i) for i in str(r["ids"]).split(",")][:20]
        out.append({"name": r["name"], "country": r["country"], "lat": float(r["lat"]), "lon": float(r["lon"]),
                    "count": int(r["n"]), "event_ids": ids})
    return out


def month_bars(by_month: list[tuple[str, int]], max_months: int = 60) -> list[tuple[str, int]]:
    """Monthly counts with empty months filled in (the last ``max_months`` only)."""
    if not by_month:
        return []
    counts = dict(by_month)
    y, m = (int(x) for x in by_month[0][0].split("-"))
    y1, m1 = (int(x) for x in by_month[-1][0].split("-"))
    out = []
    while (y, m) <= (y1, m1):
        key = f"{y:04d}-{m:02d}"
        out.append((key, counts.get(key, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out[-max_months:]


# -- evidence highlighting ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Segment:
    """A run of document text; ``fields`` names the evidence covering it (empty: not evidence)."""

    text: str
    fields: tuple[str, ...] = ()


def highlight(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """Cut ``text`` at every evidence boundary so a template can wrap evidence runs in <mark>.

    The segments are plain strings; the template escapes them, so article text never
    becomes markup whatever it contains. Spans outside the text are clipped or dropped.
    """
    n = len(text)
    clean = [(max(0, s), min(n, e), f) for s, e, f in spans if s < e and s < n and e > 0]
    if not clean:
        return [Segment(text)] if text else []
    cuts = sorted({0, n, *[s for s, _, _ in clean], *[e for _, e, _ in clean]})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        fields = tuple(sorted({f for s, e, f in clean if s <= a and e >= b}))
        if out and out[-1].fields == fields:
            out[-1] = Segment(out[-1].text + text[a:b], fields)
        else:
            out.append(Segment(text[a:b], fields))
    return out
