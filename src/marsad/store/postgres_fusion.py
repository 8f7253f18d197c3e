"""Duplicate links and fused events on a :class:`~marsad.store.postgres.PostgresStore`.

The algorithms are the ones ``fusion_tables.py`` runs on SQLite (``DuplicateIndex``, ``Fuser``),
reached through the same entry points: ``fusion_tables.dedupe_store`` / ``fuse_store`` hand a
PostgreSQL store to these functions. Only the SQL differs (``%s`` parameters, BYTEA signatures,
JSONB lists, ``ON CONFLICT`` upserts); the tables are created with the core schema.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..models import Evidence, Event, Place

if TYPE_CHECKING:
    from ..dedupe import DuplicateLink
    from ..fuse import FusedEvent, Source
    from .postgres import PostgresStore


def _place(d: dict[str, Any]) -> Place:
    return Place(d["name"], d.get("country") or "", d.get("geonames_id"), d.get("lat"), d.get("lon"),
                 d.get("admin1"))


def iter_stored_events(store: "PostgresStore") -> Iterator[tuple[int, Event, "Source"]]:
    """Every stored event as ``(event_id, Event, Source)``, by publication date (undated last),
    then event_id: the order ``fusion_tables.iter_stored_events`` gives on SQLite."""
    from ..fuse import Source

    evidence: dict[int, list[tuple[str, Evidence]]] = {}
    for row in store.conn.execute(
        'SELECT owner_id, field, doc_id, start, "end", quote FROM evidence WHERE owner_kind = \'event\''
        " ORDER BY evidence_id"
    ):
        evidence.setdefault(row[0], []).append((row[1], Evidence(row[2], row[3], row[4], row[5])))
    rows = store._rows(
        "SELECT e.*, d.url AS doc_url, d.published AS doc_published, d.title AS doc_title FROM events e"
        " JOIN documents d ON d.doc_id = e.doc_id WHERE e.review_status <> 'rejected'"
        ' ORDER BY d.published IS NULL, d.published COLLATE "C", e.event_id'
    )
    for r in rows:
        evs = evidence.get(r["event_id"], [])
        event = Event(
            doc_id=r["doc_id"], type=r["type"], date=r["date"],
            places=tuple(_place(p) for p in r["places"]),
            countries=tuple(r["countries"]), partners=tuple(r["partners"]),
            agencies=tuple(r["agencies"]), affiliation=tuple(r["affiliation"]),
            arrests=r["arrests"], plot=bool(r["plot"]), seized=tuple(r["seized"]),
            killed=r["killed"], wounded=r["wounded"],
            evidence=tuple(ev for f, ev in evs if f == "event"),
            field_evidence=tuple((f, ev) for f, ev in evs if f != "event"),
        )
        yield r["event_id"], event, Source(r["doc_id"], r["doc_url"], r["doc_published"], r["doc_title"])


def fuse_store(store: "PostgresStore") -> list["FusedEvent"]:
    """See :func:`marsad.fuse.fuse_store`: known members are restored, new events fused."""
    from psycopg.types.json import Jsonb

    from .fusion_tables import plan_fusion

    known = dict(store.conn.execute("SELECT event_id, fused_id FROM fused_members").fetchall())
    fused, write, gone = plan_fusion(known, iter_stored_events(store))
    with store.transaction() as c, c.cursor() as cur:
        cur.executemany("DELETE FROM fused_members WHERE event_id = %s", [(e,) for e in gone])
        # new members, and members of a fused event a bridge merged into an older one
        cur.executemany(
            "INSERT INTO fused_members (event_id, fused_id) VALUES (%s, %s)"
            " ON CONFLICT (event_id) DO UPDATE SET fused_id = EXCLUDED.fused_id", write)
        # rewritten whole: a merged-away fused event leaves no row behind
        cur.execute("DELETE FROM fused_events")
        cur.executemany(
            "INSERT INTO fused_events (fused_id, type, date, corroboration, confidence, record)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            [(f.fused_id, f.type, f.date, f.corroboration, f.confidence, Jsonb(f.to_record())) for f in fused],
        )
    return fused


def dedupe_store(store: "PostgresStore") -> list["DuplicateLink"]:
    """See ``fusion_tables.dedupe_store``: signatures cached in ``doc_signatures``, links rewritten."""
    from .fusion_tables import plan_dedupe

    stored = {r[0]: (r[1], bytes(r[2])) for r in store.conn.execute(
        "SELECT doc_id, shingles, signature FROM doc_signatures")}
    rows = store.conn.execute("SELECT doc_id, published, text FROM documents ORDER BY ingested_at, seq").fetchall()
    links, fresh = plan_dedupe(stored, rows)
    with store.transaction() as c, c.cursor() as cur:
        cur.executemany(
            "INSERT INTO doc_signatures (doc_id, text_key, shingles, signature) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (doc_id) DO UPDATE SET text_key = EXCLUDED.text_key,"
            " shingles = EXCLUDED.shingles, signature = EXCLUDED.signature", fresh)
        cur.execute("DELETE FROM duplicates")
        cur.executemany("INSERT INTO duplicates (doc_id, canonical_id, kind, similarity) VALUES (%s, %s, %s, %s)",
                        [(x.doc_id, x.canonical_id, x.kind, x.similarity) for x in links])
    return links
