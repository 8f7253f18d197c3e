"""PostgresStore against a real PostgreSQL server: the behaviours of test_store.py, plus parity
with SQLite, the store factory and the CLI end to end.

A throwaway cluster is started once per session (tests/pg_server.py). Without the server binaries
these tests FAIL with the command to run; MARSAD_SKIP_POSTGRES=1 skips them on purpose.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.errors import StoreError
from marsad.models import Event, Extraction, Rejection
from marsad.store import open_store
from marsad.store.sqlite import EventQuery, SQLiteStore, fts_query

from .pg_server import Databases, ServerUnavailable, running_server
from .test_store import doc, extraction

SKIP = os.environ.get("MARSAD_SKIP_POSTGRES") == "1"


@pytest.fixture(scope="session")
def driver() -> None:
    if SKIP:
        pytest.skip("MARSAD_SKIP_POSTGRES=1")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.fail("the psycopg driver is missing: .venv/bin/pip install -e '.[postgres]'")


@pytest.fixture(scope="session")
def pg_databases(driver: None) -> Iterator[Databases]:
    server = running_server()
    try:
        url = server.__enter__()
    except ServerUnavailable as err:
        pytest.fail(str(err))
    dbs = Databases(url)
    yield dbs
    dbs.close()
    server.__exit__(None, None, None)


@pytest.fixture()
def pg_url(pg_databases: Databases) -> Iterator[str]:
    url = pg_databases.create()
    yield url
    pg_databases.drop(url)


@pytest.fixture()
def store(pg_url: str) -> Iterator[Any]:
    from marsad.store.postgres import PostgresStore

    with PostgresStore(pg_url) as s:
        yield s


def test_roundtrip_and_filters(store: Any) -> None:
    d = doc()
    store.save_extraction(d, extraction(d))
    rows = store.query_events(EventQuery(country="ma"))
    assert len(rows) == 1
    r = rows[0]
    assert r["places"] == [{"name": "Tetouan", "country": "MA"}]
    assert r["arrests"] == 4 and r["plot"] is False
    assert {e["field"] for e in r["evidence"]} == {"event", "places"}
    for e in r["evidence"]:
        assert d.text[e["start"]:e["end"]] == e["quote"]
    assert store.query_events(EventQuery(type="attack")) == []
    assert store.query_events(EventQuery(country="es")) == []
    assert len(store.query_events(EventQuery(date_from="2024", date_to="2024-03"))) == 1
    assert len(store.query_events(EventQuery(date_to="2024"))) == 1  # a year bound covers its days
    assert store.query_events(EventQuery(date_from="2025")) == []
    assert store.query_events(EventQuery(date_to="2024-02")) == []
    assert store.query_statistics()[0]["value"] == 91
    assert store.query_statistics("d1")[0]["evidence"][0]["quote"] == d.text[:4]
    assert store.get_document("d1") == d
    assert store.get_document("nope") is None
    assert store.has_document("d1") and not store.has_document("d2")


def test_records_have_the_same_shape_as_sqlite(store: Any, db_path: Path) -> None:
    d = doc()
    with SQLiteStore(db_path) as lite:
        lite.save_extraction(d, extraction(d))
        expected = lite.query_events()
        expected_stats = lite.query_statistics()
        expected_export = list(lite.iter_extractions())
    store.save_extraction(d, extraction(d))

    def same(a: list[dict[str, Any]], b: list[dict[str, Any]], ids: tuple[str, ...]) -> None:
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert x.keys() == y.keys()
            for key in x:
                if key not in ids and key != "created_at":
                    assert x[key] == y[key], key
                assert type(x[key]) is type(y[key]), key

    same(store.query_events(), expected, ("event_id",))
    same(store.query_statistics(), expected_stats, ("stat_id",))
    got = list(store.iter_extractions())
    assert [g["document"] for g in got] == [e["document"] for e in expected_export]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", store.query_events()[0]["created_at"])
    json.dumps(store.query_events())  # the CLI prints these as JSON


def test_arabic_search_ignores_clitics_diacritics_and_letter_variants(store: Any) -> None:
    d = doc()
    store.save_extraction(d, extraction(d))
    assert len(store.query_events(EventQuery(text="تطوان"))) == 1  # text has بتطوان
    assert len(store.query_events(EventQuery(text="إرهابيَّة"))) == 1  # harakat and hamza in the query
    assert len(store.query_events(EventQuery(text="خليه"))) == 1  # ta marbuta variant
    assert len(store.query_events(EventQuery(text="خلية تطوان"))) == 1
    assert store.query_events(EventQuery(text="خلية مدريد")) == []  # every word must match
    assert store.query_events(EventQuery(text="مدريد")) == []
    assert [r["doc_id"] for r in store.search_documents("تطوان")] == ["d1"]


def test_latin_search_folds_case_and_accents(store: Any) -> None:
    text = "La police a démantelé une cellule à Tétouan; l'enquête continue."
    store.save_extraction(doc("fr", text), Extraction("fr", "fr", (), ()))
    assert [r["doc_id"] for r in store.search_documents("TETOUAN demantele")] == ["fr"]
    assert store.search_documents("Madrid") == []


@pytest.mark.parametrize("hostile", [
    '"unbalanced AND OR (', "(", "a & b | !c", "x:* <-> y", "'; DROP TABLE events; --", "\\", "تطوان (",
])
def test_search_input_cannot_break_the_query(store: Any, hostile: str) -> None:
    store.save_extraction(doc(), extraction(doc()))
    found = store.search_documents(hostile)
    assert found in ([], [{"doc_id": "d1", "title": None, "lang": "ar", "published": "2024-03-05", "url": None}])
    store.query_events(EventQuery(text=hostile))
    assert store.counts()["events"] == 1


def test_empty_search_is_an_error(store: Any) -> None:
    with pytest.raises(StoreError):
        store.search_documents("   ")


def test_search_words_follow_the_sqlite_rules(driver: None) -> None:
    from marsad.store.postgres import search_groups

    for text in ("تطوان", "الإرهابية خلية", "cellule Tétouan", 'say "hi" ال'):
        fts = [sorted(re.findall(r'"([^"]*)"', part)) for part in fts_query(text).split(" AND ")]
        assert search_groups(text) == fts, text


def test_same_document_twice_adds_nothing_and_reextract_keeps_reviewed(store: Any) -> None:
    d = doc()
    store.save_extraction(d, extraction(d))
    store.save_extraction(d, extraction(d))
    assert store.counts() == {"documents": 1, "events": 1, "statistics": 1, "evidence": 3, "rejections": 0}
    store.conn.execute("UPDATE events SET review_status = 'confirmed'")
    store.save_extraction(d, extraction(d))
    statuses = sorted(r["review_status"] for r in store.query_events())
    assert statuses == ["confirmed", "pending"]
    assert store.counts()["evidence"] == 5  # the reviewed event keeps its evidence
    assert store.add_document(d) is False


def test_failed_transaction_leaves_earlier_documents_whole(store: Any) -> None:
    import psycopg

    store.save_extraction(doc("a"), extraction(doc("a")))
    broken = Extraction("b", "ar", (Event(doc_id="b", type="dismantling"),), ())
    with pytest.raises(psycopg.IntegrityError):
        with store.transaction() as c:
            store.add_document(doc("b"), c)
            c.execute("INSERT INTO events (doc_id, type, created_at) VALUES (NULL, 'x', now())")
    assert store.counts()["documents"] == 1
    with pytest.raises(psycopg.IntegrityError):  # an event pointing at no document
        store.save_extraction(doc("c"), Extraction("c", "ar", (Event(doc_id="ghost", type="arrest"),), ()))
    assert not store.has_document("c")
    store.save_extraction(doc("b"), broken)
    assert store.counts()["documents"] == 2
    assert [d.doc_id for d in store.iter_documents()] == ["a", "b"]


def test_documents_ingested_without_extraction_are_listed(store: Any) -> None:
    with store.transaction() as c:
        assert store.add_document(doc("later"), c) is True
    assert [d.doc_id for d in store.iter_documents(only_unextracted=True)] == ["later"]
    store.save_extraction(doc("later"), Extraction("later", "ar", (), ()))
    assert list(store.iter_documents(only_unextracted=True)) == []


def test_rejections_are_recorded(store: Any) -> None:
    store.add_rejection(Rejection("x.bin", "binary content, not text"))
    rows = store.rejections()
    assert rows[0]["reason"] == "binary content, not text" and rows[0]["source"] == "x.bin"
    assert isinstance(rows[0]["at"], str)


def test_open_store_picks_the_backend(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.store.postgres import PostgresStore

    with open_store(pg_url) as s:
        assert isinstance(s, PostgresStore)
    with open_store(pg_url.replace("postgresql://", "postgres://", 1)) as s:
        assert isinstance(s, PostgresStore)
    with open_store(str(tmp_path / "x.db")) as s:
        assert isinstance(s, SQLiteStore)
    monkeypatch.setenv("MARSAD_DB", pg_url)
    with open_store(None) as s:
        assert isinstance(s, PostgresStore)


def test_unreachable_server_is_a_one_line_error_without_the_password(driver: None) -> None:
    from marsad.store.postgres import PostgresStore

    with pytest.raises(StoreError) as err:
        PostgresStore("postgresql://marsad:s3cret@127.0.0.1:1/nothing?connect_timeout=2")
    assert "s3cret" not in str(err.value) and "\n" not in str(err.value)
    assert "127.0.0.1:1" in str(err.value)


def test_two_stores_on_one_database_see_each_other(pg_url: str) -> None:
    from marsad.store.postgres import PostgresStore

    with PostgresStore(pg_url) as a, PostgresStore(pg_url) as b:  # the schema is created once
        a.save_extraction(doc("x"), extraction(doc("x")))
        assert b.counts()["events"] == 1


# -- the command line on PostgreSQL ----------------------------------------------------------------
# Invented reports: one cell in Oujda told twice (Arabic and French), one figure told two ways.
RECORDS = [
    {"doc_id": "p-ar", "published": "2024-05-14", "url": "https://one.example/1",
     "text": "أعلنت المديرية العامة لمراقبة التراب الوطني اليوم الثلاثاء تفكيك خلية إرهابية موالية لتنظيم داعش "
             "تتكون من ثلاثة عناصر بمدينة وجدة."},
    {"doc_id": "p-fr", "published": "2024-05-14", "url": "https://two.example/2",
     "text": "La DGST a démantelé mardi à Oujda une cellule terroriste de trois membres liée à Daech."},
    {"doc_id": "p-copy", "published": "2024-05-15", "url": "https://three.example/3",
     "text": "La DGST a démantelé mardi à Oujda une cellule terroriste de trois membres liée à Daech."},
]


def test_cli_run_events_export_statistics(pg_url: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n{broken\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["run", str(src), "--db", pg_url])
    assert r.exit_code == 0, r.output
    assert "3 new documents" in r.output and "1 rejected" in r.output
    assert f"database: {pg_url}" in r.output
    again = CliRunner().invoke(main, ["run", str(src), "--db", pg_url, "--quiet"])
    assert "0 new documents, 3 already present" in again.output
    ev = CliRunner().invoke(main, ["events", "--db", pg_url, "--json", "--type", "dismantling"])
    assert ev.exit_code == 0, ev.output
    rows = [json.loads(line) for line in ev.output.splitlines()]
    assert {row["doc_id"] for row in rows} == {"p-ar", "p-fr", "p-copy"}
    assert all(row["places"] and row["places"][0]["name"] == "Oujda" for row in rows)
    q = CliRunner().invoke(main, ["events", "--db", pg_url, "--json", "--query", "وجده"])
    assert [json.loads(line)["doc_id"] for line in q.output.splitlines()] == ["p-ar"]
    jsonl = CliRunner().invoke(main, ["export", "--db", pg_url, "--format", "jsonl"])
    assert jsonl.exit_code == 0, jsonl.output
    assert len(jsonl.output.splitlines()) == 3
    fused = CliRunner().invoke(main, ["export", "--db", pg_url, "--fused"])
    assert fused.exit_code == 0, fused.output
    lines = [json.loads(line) for line in fused.output.splitlines()]
    assert len(lines) == 1 and {s["doc_id"] for s in lines[0]["sources"]} == {"p-ar", "p-fr", "p-copy"}
    stats = CliRunner().invoke(main, ["statistics", "--db", pg_url, "--json"])
    assert stats.exit_code == 0, stats.output
    with open_store(pg_url) as s:
        links = s.conn.execute("SELECT doc_id, canonical_id, kind FROM duplicates").fetchall()
        assert links == [("p-copy", "p-fr", "exact")]
        assert s.counts()["rejections"] == 2  # the broken line, once per run


def test_cli_reports_an_unreachable_server_on_one_line(driver: None) -> None:
    r = CliRunner().invoke(main, ["events", "--db", "postgresql://nobody@127.0.0.1:1/x?connect_timeout=2"])
    assert r.exit_code == 1 and r.output.strip().count("\n") == 0
    assert "cannot connect" in r.output



def test_bridged_fused_events_are_rewritten(store: Any) -> None:
    from .test_store import bridge_reports, check_bridge

    check_bridge(store, bridge_reports())
