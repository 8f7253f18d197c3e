from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from marsad.errors import StoreError
from marsad.models import Document, Event, Evidence, Extraction, Place, Rejection, Statistic
from marsad.store.sqlite import EventQuery, SQLiteStore, fts_query

TEXT = "فككت المصالح الأمنية خلية إرهابية بتطوان تتكون من أربعة عناصر موالين لداعش."


def doc(doc_id: str = "d1", text: str = TEXT) -> Document:
    return Document(doc_id=doc_id, text=text, lang="ar", published="2024-03-05")


def extraction(d: Document) -> Extraction:
    start = d.text.index("تطوان")
    ev = Evidence(d.doc_id, start, start + 5, d.text[start:start + 5])
    event = Event(doc_id=d.doc_id, type="dismantling", date="2024-03-05",
                  places=(Place("Tetouan", "MA", evidence=ev),), countries=("MA",), partners=("MA",),
                  affiliation=("Islamic State",), arrests=4,
                  evidence=(Evidence(d.doc_id, 0, len(d.text), d.text),), field_evidence=(("places", ev),))
    stat = Statistic(doc_id=d.doc_id, metric="cells_dismantled", value=91, start="2015",
                     evidence=(Evidence(d.doc_id, 0, 4, d.text[:4]),))
    return Extraction(d.doc_id, "ar", (event,), (stat,))


def test_roundtrip_and_filters(db_path: Path) -> None:
    with SQLiteStore(db_path) as s:
        d = doc()
        s.save_extraction(d, extraction(d))
        rows = s.query_events(EventQuery(country="ma"))
        assert len(rows) == 1
        r = rows[0]
        assert r["places"] == [{"name": "Tetouan", "country": "MA"}]
        assert r["arrests"] == 4 and r["plot"] is False
        assert {e["field"] for e in r["evidence"]} == {"event", "places"}
        for e in r["evidence"]:
            assert d.text[e["start"]:e["end"]] == e["quote"]
        assert s.query_events(EventQuery(type="attack")) == []
        assert len(s.query_events(EventQuery(date_from="2024", date_to="2024-03"))) == 1
        assert s.query_events(EventQuery(date_from="2025")) == []
        assert s.query_statistics()[0]["value"] == 91


def test_arabic_search_ignores_clitics_diacritics_and_letter_variants(db_path: Path) -> None:
    with SQLiteStore(db_path) as s:
        d = doc()
        s.save_extraction(d, extraction(d))
        assert len(s.query_events(EventQuery(text="تطوان"))) == 1  # text has بتطوان
        assert len(s.query_events(EventQuery(text="إرهابيَّة"))) == 1  # harakat and hamza in the query
        assert len(s.query_events(EventQuery(text="خليه"))) == 1  # ta marbuta variant
        assert s.query_events(EventQuery(text="مدريد")) == []


def test_search_input_cannot_break_the_query(db_path: Path) -> None:
    with SQLiteStore(db_path) as s:
        s.save_extraction(doc(), extraction(doc()))
        assert s.search_documents('"unbalanced AND OR (') == []
        with pytest.raises(StoreError):
            fts_query("   ")


def test_same_document_twice_adds_nothing_and_reextract_replaces(db_path: Path) -> None:
    with SQLiteStore(db_path) as s:
        d = doc()
        s.save_extraction(d, extraction(d))
        s.save_extraction(d, extraction(d))
        assert s.counts()["documents"] == 1
        assert s.counts()["events"] == 1
        assert s.counts()["statistics"] == 1


def test_failed_transaction_leaves_earlier_documents_whole(db_path: Path) -> None:
    with SQLiteStore(db_path) as s:
        s.save_extraction(doc("a"), extraction(doc("a")))
        broken = Extraction("b", "ar", (Event(doc_id="b", type="dismantling"),), ())
        with pytest.raises(sqlite3.IntegrityError):
            with s.transaction() as c:
                s.add_document(doc("b"), c)
                c.execute("INSERT INTO events (doc_id, type, created_at) VALUES (NULL, 'x', 'now')")
        assert s.counts()["documents"] == 1
        s.save_extraction(doc("b"), broken)
        assert s.counts()["documents"] == 2


def test_rejections_are_recorded(db_path: Path) -> None:
    with SQLiteStore(db_path) as s:
        s.add_rejection(Rejection("x.bin", "binary content, not text"))
        assert s.rejections()[0]["reason"] == "binary content, not text"


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        SQLiteStore(tmp_path / "nope" / "x.db")


# -- fusion tables: shared with test_store_postgres.py ---------------------------------------------
def bridge_reports() -> list[tuple[Document, Extraction]]:
    """Three invented reports of one attack: one names Barcelona, one Cambrils (too far apart
    to fuse), the third names both and so bridges the first two fused events."""
    barcelona = Place("Barcelona", "ES", 3128760, 41.39, 2.16)
    cambrils = Place("Cambrils", "ES", 3126370, 41.07, 1.06)
    out = []
    for doc_id, day, places in (("br-a", "2017-08-17", (barcelona,)), ("br-b", "2017-08-18", (cambrils,)),
                                ("br-c", "2017-08-19", (barcelona, cambrils))):
        d = Document(doc_id=doc_id, text=f"Invented report {doc_id} of an attack.", lang="en", published=day)
        e = Event(doc_id=doc_id, type="attack", date="2017-08-18" if doc_id != "br-a" else day,
                  places=places, countries=("ES",), killed=13)
        out.append((d, Extraction(doc_id, "en", (e,))))
    return out


def check_bridge(store: object, reports: list[tuple[Document, Extraction]]) -> None:
    """Fuse the first two reports, then the third: the younger fused event's member rows move to
    the older fused_id, its fused_events row goes, and a further run changes nothing."""
    from marsad.fuse import fuse_store

    for d, x in reports[:2]:
        store.save_extraction(d, x)  # type: ignore[attr-defined]
    before = fuse_store(store)
    assert len(before) == 2
    older = before[0].fused_id
    store.save_extraction(*reports[2])  # type: ignore[attr-defined]
    after = fuse_store(store)
    assert [f.fused_id for f in after] == [older]
    assert {s.doc_id for s in after[0].sources} == {"br-a", "br-b", "br-c"}
    conn = store.conn  # type: ignore[attr-defined]
    assert {r[0] for r in conn.execute("SELECT fused_id FROM fused_members").fetchall()} == {older}
    assert len(conn.execute("SELECT fused_id FROM fused_members").fetchall()) == 3
    assert [r[0] for r in conn.execute("SELECT fused_id FROM fused_events").fetchall()] == [older]
    again = fuse_store(store)  # restored from the rewritten rows: the same single fused event
    assert [f.fused_id for f in again] == [older] and len(again[0].members) == 3
