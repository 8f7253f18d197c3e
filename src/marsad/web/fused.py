"""Fused events for the workbench: keep the fusion tables fresh, list them, open one.

Fusion (marsad.fuse) writes its result to ``fused_members`` and ``fused_events``; pages and
the API read those tables and only run :func:`marsad.fuse.fuse_store` when they are stale:

* an event was added or removed since the last fusion. ``events.event_id`` is AUTOINCREMENT,
  so a new event always has an id above every id fused before: the two tables hold the same
  events exactly when their row counts and largest ids agree (two cheap indexed lookups);
* an analyst edited an event's fields since then (an ``edit`` row in the audit log newer than
  the mark kept in ``web_fusion_mark``), or rejected one (a rejected event corroborates nothing).
  Confirming changes no fused value.

A refresh costs a pass over the store (fusion is incremental, but the fused summaries are
rebuilt from every member), so it runs once per change, under a lock, not per request.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError
from ..store.fusion_tables import ensure_tables
from ..store.sqlite import SQLiteStore
from . import queries

WEB_FUSION_SCHEMA = """
CREATE TABLE IF NOT EXISTS web_fusion_mark (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    audit_id INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS fused_events_web_order ON fused_events((date IS NULL), date DESC, fused_id);
CREATE INDEX IF NOT EXISTS audit_action ON audit_log(action);
"""
ORDER = " ORDER BY (f.date IS NULL), f.date DESC, f.corroboration DESC, f.fused_id"

_refresh_lock = threading.Lock()


def ensure_schema(store: SQLiteStore) -> None:
    ensure_tables(store)
    store.conn.executescript(WEB_FUSION_SCHEMA)


def _last_edit(conn: sqlite3.Connection) -> int:
    # edits change fused values; a rejection takes an event out of fusion
    return int(conn.execute("SELECT COALESCE(MAX(audit_id), 0) FROM audit_log WHERE action IN ('edit', 'reject')"
                            " AND object_kind = 'event'").fetchone()[0])


def is_stale(store: SQLiteStore) -> bool:
    c = store.conn
    events = tuple(c.execute("SELECT COUNT(*), MAX(event_id) FROM events WHERE review_status != 'rejected'").fetchone())
    members = tuple(c.execute("SELECT COUNT(*), MAX(event_id) FROM fused_members").fetchone())
    if events != members:
        return True
    row = c.execute("SELECT audit_id FROM web_fusion_mark WHERE id = 1").fetchone()
    return _last_edit(c) > (row[0] if row else -1)


def ensure_fresh(store: SQLiteStore) -> bool:
    """Run fusion when the fused tables lag behind the events; True when it ran."""
    if not is_stale(store):
        return False
    from ..fuse import fuse_store

    with _refresh_lock:
        if not is_stale(store):  # another request refreshed while this one waited
            return False
        mark = _last_edit(store.conn)  # read first: an edit made during fusion triggers the next one
        fuse_store(store)
        store.conn.execute("INSERT OR REPLACE INTO web_fusion_mark (id, audit_id) VALUES (1, ?)", (mark,))
    return True


@dataclass(frozen=True, slots=True)
class FusedFilter:
    type: str | None = None
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    disputed: bool = False


def _where(f: FusedFilter) -> tuple[str, list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if f.type:
        where.append("f.type = ?")
        args.append(f.type)
    if f.country:
        where.append("EXISTS (SELECT 1 FROM json_each(f.record, '$.countries') WHERE value = ?)")
        args.append(f.country.strip().upper())
    if f.date_from:
        where.append("f.date >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append("f.date <= ?")  # padded as in queries._where: 2019 covers all of 2019
        args.append(f.date_to + "\uffff")
    if f.disputed:
        where.append("json_array_length(f.record, '$.disagreements') > 0")
    return ((" WHERE " + " AND ".join(where)) if where else ""), args


def _disagreements(record: dict[str, Any], events_of: dict[str, list[int]]) -> list[dict[str, Any]]:
    """``{"field", "values": {value: [doc_id]}}`` -> rows a table can show: each value with the
    documents (and, when known, the member events) that stated it."""
    return [
        {"field": str(d.get("field")),
         "values": [{"value": str(v), "doc_ids": list(docs),
                     "event_ids": [i for doc in docs for i in events_of.get(doc, [])]}
                    for v, docs in (d.get("values") or {}).items()]}
        for d in record.get("disagreements") or ()
    ]


def _summary(record: dict[str, Any], n_events: int,
             events_of: dict[str, list[int]] | None = None) -> dict[str, Any]:
    keep = ("fused_id", "type", "date", "places", "countries", "partners", "agencies", "affiliation", "arrests",
            "plot", "seized", "killed", "wounded", "sources", "corroboration", "confidence")
    out = {k: record.get(k) for k in keep}
    out["disagreements"] = _disagreements(record, events_of or {})
    out["disputed_fields"] = [d["field"] for d in out["disagreements"]]
    out["n_sources"] = len(record.get("sources") or ())
    out["n_events"] = n_events
    return out


def list_fused(store: SQLiteStore, f: FusedFilter, limit: int = 50,
               offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of fused events), newest first, after refreshing if stale."""
    ensure_fresh(store)
    clause, args = _where(f)
    try:
        total = int(store.conn.execute(f"SELECT COUNT(*) FROM fused_events f{clause}", args).fetchone()[0])
        rows = store.conn.execute(
            f"SELECT f.record, (SELECT COUNT(*) FROM fused_members m WHERE m.fused_id = f.fused_id)"
            f" FROM fused_events f{clause}{ORDER} LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
    except sqlite3.OperationalError as err:
        raise StoreError(f"query failed: {err}") from None
    return total, [_summary(json.loads(r[0]), int(r[1])) for r in rows]


def get_fused(store: SQLiteStore, fused_id: str) -> dict[str, Any] | None:
    """``{"fused": summary, "events": member events with their evidence}``, or None."""
    ensure_fresh(store)
    row = store.conn.execute("SELECT record FROM fused_events WHERE fused_id = ?", (fused_id,)).fetchone()
    if row is None:
        return None
    record = json.loads(row[0])
    ids = [r[0] for r in store.conn.execute(
        "SELECT event_id FROM fused_members WHERE fused_id = ? ORDER BY event_id", (fused_id,))]
    events = [e for e in (queries.get_event(store, i) for i in ids) if e is not None]
    events_of: dict[str, list[int]] = {}
    for e in events:
        events_of.setdefault(e["doc_id"], []).append(e["event_id"])
    return {"fused": _summary(record, len(events), events_of), "events": events}


def fused_of_event(store: SQLiteStore, event_id: int) -> dict[str, Any] | None:
    """The fused event an event belongs to: fused_id, corroboration and number of sources.

    Membership changes only when events arrive, are rejected or are edited, so fusion runs
    here only when the tables are stale (cheap to check) or the event has not been fused yet.
    """
    sql = ("SELECT f.fused_id, f.corroboration, json_array_length(f.record, '$.sources') FROM fused_members m"
           " JOIN fused_events f ON f.fused_id = m.fused_id WHERE m.event_id = ?")
    ensure_fresh(store)
    row = store.conn.execute(sql, (event_id,)).fetchone()
    if row is None:
        return None
    return {"fused_id": row[0], "corroboration": int(row[1]), "n_sources": int(row[2])}
