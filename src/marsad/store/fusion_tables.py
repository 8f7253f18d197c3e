"""Tables for duplicates and fused events, added beside the core schema of ``sqlite.py``.

Nothing here changes the core tables: the functions take a :class:`SQLiteStore`, create
their tables on first use (``CREATE TABLE IF NOT EXISTS``) and read the core tables.

* ``doc_signatures``: each document's MinHash signature and shingle count, so duplicate
  detection of new documents does not re-shingle the store;
* ``duplicates``: a copy's link to the earliest document of its group (exact or near);
* ``fused_members``: which fused event each stored event belongs to;
* ``fused_events``: the latest summary of each fused event (JSON), for quick listing.

Fused assignments of events that were deleted (re-extraction replaces pending events) are
dropped on the next :func:`fuse_store`, and their fused events are recomputed from the members
that remain. When a new report bridges two stored fused events, the younger one's members are
rewritten to the older fused_id and its ``fused_events`` row disappears.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import StoreError
from ..models import Evidence, Event, Place

if TYPE_CHECKING:
    from ..dedupe import DuplicateLink
    from ..fuse import FusedEvent, Source
    from .sqlite import SQLiteStore

FUSION_SCHEMA = """
CREATE TABLE IF NOT EXISTS doc_signatures (
    doc_id      TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    text_key    TEXT NOT NULL,
    shingles    INTEGER NOT NULL,
    signature   BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS duplicates (
    doc_id       TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    canonical_id TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
    similarity   REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS fused_members (
    event_id    INTEGER PRIMARY KEY,
    fused_id    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fused_members_fused ON fused_members(fused_id);
CREATE TABLE IF NOT EXISTS fused_events (
    fused_id      TEXT PRIMARY KEY,
    type          TEXT NOT NULL,
    date          TEXT,
    corroboration INTEGER NOT NULL,
    confidence    REAL NOT NULL,
    record        TEXT NOT NULL
);
"""


def ensure_tables(store: "SQLiteStore") -> None:
    try:
        store.conn.executescript(FUSION_SCHEMA)
    except sqlite3.DatabaseError as err:
        raise StoreError(f"cannot create fusion tables: {err}") from None


# -- reading events back as models ----------------------------------------------------------------
def _place(d: dict[str, Any]) -> Place:
    return Place(d["name"], d.get("country") or "", d.get("geonames_id"), d.get("lat"), d.get("lon"),
                 d.get("admin1"))


def iter_stored_events(store: "SQLiteStore") -> Iterator[tuple[int, Event, "Source"]]:
    """Every stored event as ``(event_id, Event, Source)``, by publication date (undated
    last), then event_id: the order in which fusion should meet them."""
    from ..fuse import Source

    evidence: dict[int, list[tuple[str, Evidence]]] = {}
    for row in store.conn.execute(
        "SELECT owner_id, field, doc_id, start, end, quote FROM evidence WHERE owner_kind = 'event'"
        " ORDER BY evidence_id"
    ):
        evidence.setdefault(row[0], []).append((row[1], Evidence(row[2], row[3], row[4], row[5])))
    # an event an analyst rejected corroborates nothing
    sql = (
        "SELECT e.*, d.url AS doc_url, d.published AS doc_published, d.title AS doc_title FROM events e"
        " JOIN documents d ON d.doc_id = e.doc_id WHERE e.review_status != 'rejected'"
        " ORDER BY d.published IS NULL, d.published, e.event_id"
    )
    for r in store.conn.execute(sql):
        evs = evidence.get(r["event_id"], [])
        event = Event(
            doc_id=r["doc_id"], type=r["type"], date=r["date"],
            places=tuple(_place(p) for p in json.loads(r["places"])),
            countries=tuple(json.loads(r["countries"])), partners=tuple(json.loads(r["partners"])),
            agencies=tuple(json.loads(r["agencies"])), affiliation=tuple(json.loads(r["affiliation"])),
            arrests=r["arrests"], plot=bool(r["plot"]), seized=tuple(json.loads(r["seized"])),
            killed=r["killed"], wounded=r["wounded"],
            evidence=tuple(ev for f, ev in evs if f == "event"),
            field_evidence=tuple((f, ev) for f, ev in evs if f != "event"),
        )
        yield r["event_id"], event, Source(r["doc_id"], r["doc_url"], r["doc_published"], r["doc_title"])


# -- fusion ---------------------------------------------------------------------------------------
def plan_fusion(
    known: dict[int, str], stored: Iterable[tuple[int, "Event", "Source"]],
) -> tuple[list["FusedEvent"], list[tuple[int, str]], list[int]]:
    """The incremental step both stores share: members already fused are restored to their fused
    event, new events are matched against them. Returns (fused events, (event_id, fused_id)
    memberships to write, event_ids no longer stored).

    The memberships to write are those of the new events and those of stored events whose fused
    event a new report bridged into an older one (:meth:`~marsad.fuse.Fuser.resolve`): their rows
    must move, and the merged-away fused event disappears from the fused events returned.
    """
    from ..fuse import Fuser

    fuser = Fuser()
    present: set[int] = set()
    pending = []
    restored: dict[str, list[tuple[str, "Event", "Source"]]] = {}
    for event_id, event, source in stored:
        present.add(event_id)
        fid = known.get(event_id)
        if fid is not None:
            restored.setdefault(event.doc_id, []).append((fid, event, source))
        else:
            pending.append((event_id, event, source))
    # a report's fused members are restored together, matched as when they were first fused
    for members in restored.values():
        fuser.restore_document([f for f, _e, _s in members], [e for _f, e, _s in members], members[0][2])
    # restored first, so new reports meet every existing fused event whatever their dates; one
    # report's events go in together so the fuser knows which is its main happening
    by_doc: dict[str, list[tuple[int, "Event", "Source"]]] = {}
    for item in pending:
        by_doc.setdefault(item[1].doc_id, []).append(item)
    assigned: dict[int, str] = {}
    for items in by_doc.values():
        ids = fuser.add_document([e for _i, e, _s in items], items[0][2], keys=[i for i, _e, _s in items])
        assigned.update((item[0], fid) for item, fid in zip(items, ids, strict=True))
    # a later report may have merged the fused event an earlier one (or a stored one) joined
    write = [(eid, fuser.resolve(fid)) for eid, fid in assigned.items()]
    moved = fuser.merged()
    if moved:
        write += [(eid, moved[fid]) for eid, fid in known.items() if eid in present and fid in moved]
    gone = [eid for eid in known if eid not in present]
    return fuser.fused(), write, gone


def fuse_store(store: "SQLiteStore") -> list["FusedEvent"]:
    """See :func:`marsad.fuse.fuse_store` (the documented entry point)."""
    if getattr(store, "dialect", "sqlite") == "postgresql":  # same algorithm, its own SQL
        from .postgres_fusion import fuse_store as on_postgres

        return on_postgres(store)  # type: ignore[arg-type]
    ensure_tables(store)
    known = dict(store.conn.execute("SELECT event_id, fused_id FROM fused_members").fetchall())
    fused, write, gone = plan_fusion(known, iter_stored_events(store))
    with store.transaction() as c:
        c.executemany("DELETE FROM fused_members WHERE event_id = ?", [(e,) for e in gone])
        # new members, and members of a fused event a bridge merged into an older one
        c.executemany("INSERT OR REPLACE INTO fused_members (event_id, fused_id) VALUES (?, ?)", write)
        # rewritten whole: a merged-away fused event leaves no row behind
        c.execute("DELETE FROM fused_events")
        c.executemany(
            "INSERT INTO fused_events (fused_id, type, date, corroboration, confidence, record)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(f.fused_id, f.type, f.date, f.corroboration, f.confidence,
              json.dumps(f.to_record(), ensure_ascii=False)) for f in fused],
        )
    return fused


# -- duplicates -----------------------------------------------------------------------------------
def plan_dedupe(stored: dict[str, tuple[int, bytes]], rows: Iterable[tuple[str, str | None, str]]
                ) -> tuple[list["DuplicateLink"], list[tuple[str, str, int, bytes]]]:
    """The duplicate step both stores share: every document (``rows`` of doc_id, published, text
    in ingestion order) goes into one index, reusing the signature ``stored`` for it (shingle
    count, signature bytes) when there is one. Returns the duplicate links and the signature rows
    to store for documents that had none."""
    from ..dedupe import DuplicateIndex, shingle_hashes, text_key

    index = DuplicateIndex()
    hasher = index.hasher
    fresh = []
    for doc_id, published, text in rows:
        if doc_id in stored:
            n, blob = stored[doc_id]
            sig = np.frombuffer(blob, dtype=np.uint32)
            if len(sig) == hasher.num_perm:
                index.add(doc_id, text, published, signature=(sig, n))
                continue
        sh = shingle_hashes(text, hasher.shingle)
        sig = hasher.signature_of(sh)
        index.add(doc_id, text, published, signature=(sig, len(sh)))
        fresh.append((doc_id, text_key(text), len(sh), sig.tobytes()))
    return index.links(), fresh


def dedupe_store(store: "SQLiteStore") -> list["DuplicateLink"]:
    """Find exact and near-duplicate documents across the store; returns every current link.

    Signatures are computed once per document and kept in ``doc_signatures``; the
    ``duplicates`` table is rewritten with the links (each copy -> earliest document).
    """
    if getattr(store, "dialect", "sqlite") == "postgresql":  # same algorithm, its own SQL
        from .postgres_fusion import dedupe_store as on_postgres

        return on_postgres(store)  # type: ignore[arg-type]
    ensure_tables(store)
    stored = {r[0]: (r[1], r[2]) for r in store.conn.execute(
        "SELECT doc_id, shingles, signature FROM doc_signatures")}
    rows = store.conn.execute(
        "SELECT doc_id, published, text FROM documents ORDER BY ingested_at, rowid").fetchall()
    links, fresh = plan_dedupe(stored, rows)
    with store.transaction() as c:
        c.executemany("INSERT OR REPLACE INTO doc_signatures VALUES (?, ?, ?, ?)", fresh)
        c.execute("DELETE FROM duplicates")
        c.executemany("INSERT INTO duplicates VALUES (?, ?, ?, ?)",
                      [(x.doc_id, x.canonical_id, x.kind, x.similarity) for x in links])
    return links
