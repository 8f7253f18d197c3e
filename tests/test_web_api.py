"""The workbench's JSON API and pages through FastAPI's TestClient (no network, no browser)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from marsad.models import Extraction  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402
from marsad.web import testing  # noqa: E402
from marsad.web.app import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "src" / "marsad" / "web" / "templates"


@pytest.fixture()
def seeded(tmp_path: Path) -> tuple[str, dict[str, int]]:
    db = str(tmp_path / "web.db")
    with SQLiteStore(db) as store:
        ids = testing.seed(store)
        testing.add_users(store)
    return db, ids


@pytest.fixture()
def app(seeded: tuple[str, dict[str, int]]):  # type: ignore[no-untyped-def]
    return create_app(seeded[0])


def login(client: TestClient, role: str = "analyst") -> str:
    r = client.post("/api/login", json={"username": role, "password": testing.PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


@pytest.fixture()
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        login(c)
        yield c


def assert_error(r, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


# -- one error shape ----------------------------------------------------------------------------
def test_every_failure_has_the_same_shape(app) -> None:  # type: ignore[no-untyped-def]
    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    with TestClient(app, raise_server_exceptions=False) as c:
        assert_error(c.get("/api/events"), 401, "unauthorized")
        assert_error(c.post("/api/login", json={"username": "analyst", "password": "wrong password"}),
                     401, "unauthorized")
        login(c, "viewer")
        assert_error(c.post("/api/events/1/confirm", headers={"X-CSRF-Token": "x"}), 403, "forbidden")
        assert_error(c.get("/api/events/999999"), 404, "not_found")
        assert_error(c.get("/api/no-such-thing"), 404, "not_found")
        assert_error(c.get("/api/events?limit=0"), 422, "invalid_request")
        assert_error(c.get("/api/events?date_from=yesterday"), 422, "invalid_request")
        assert_error(c.get("/api/events/abc"), 422, "invalid_request")
        assert_error(c.get("/api/events/99999999999999999999"), 422, "invalid_request")  # beyond SQLite INTEGER
        assert_error(c.get("/api/search?q=%22"), 400, "bad_request")
        assert_error(c.put("/api/events"), 405, "method_not_allowed")
        r = c.get("/api/boom")
        assert_error(r, 500, "internal_error")
        assert "kaboom" not in r.text  # no internals leak


def test_openapi_lists_the_api_and_its_error_shape(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/documents", "/api/statistics", "/api/search",
                 "/api/events/{event_id}/edit", "/api/audit", "/api/export/events", "/api/fused",
                 "/api/fused/{fused_id}"):
        assert path in spec["paths"], path
    assert not any(not p.startswith("/api/") for p in spec["paths"])  # pages stay out of the schema
    assert "ErrorResponse" in spec["components"]["schemas"]
    responses = spec["paths"]["/api/events"]["get"]["responses"]
    assert responses["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")


# -- sessions, pages and CSRF -------------------------------------------------------------------
def test_pages_redirect_to_login_and_form_login_sets_a_safe_cookie(app) -> None:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        r = c.get("/events?type=arrest", headers={"accept": "text/html"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=%2Fevents")
        page = c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        bad = c.post("/login", data={"username": "analyst", "password": "nope-nope", "csrf_token": token})
        assert bad.status_code == 401
        no_csrf = c.post("/login", data={"username": "analyst", "password": testing.PASSWORD, "csrf_token": "x"},
                         follow_redirects=False)
        assert no_csrf.status_code == 403
        ok = c.post("/login", data={"username": "analyst", "password": testing.PASSWORD, "csrf_token": token,
                                    "next": "//evil.example/"}, follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/"
        cookie = ok.headers["set-cookie"].lower()
        assert "marsad_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        assert c.get("/events").status_code == 200


def test_state_changes_need_the_csrf_token(client: TestClient, seeded) -> None:  # type: ignore[no-untyped-def]
    event_id = seeded[1]["web-en-1"]
    assert client.post(f"/api/events/{event_id}/confirm").status_code == 403
    r = client.post(f"/events/{event_id}/confirm", data={"csrf_token": "forged"}, headers={"accept": "text/html"})
    assert r.status_code == 403
    assert client.get(f"/api/events/{event_id}").json()["event"]["review_status"] == "pending"
    csrf = client.get("/api/me").json()["csrf_token"]
    ok = client.post(f"/api/events/{event_id}/confirm", headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200 and ok.json()["review_status"] == "confirmed"


def test_logout_ends_the_session(client: TestClient) -> None:
    csrf = client.get("/api/me").json()["csrf_token"]
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert client.get("/api/me").status_code == 401


def test_security_headers(client: TestClient) -> None:
    r = client.get("/events")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


# -- reading --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "expected"), [
    ("", {"web-en-1", "web-ar-1", "web-es-1", "web-hostile-1"}),
    ("type=arrest", {"web-es-1", "web-hostile-1"}),
    ("country=es", {"web-es-1"}),
    ("place=tang", {"web-en-1"}),
    ("affiliation=islamic", {"web-en-1"}),
    ("agency=guardia", {"web-es-1"}),
    ("date_from=2024-04&date_to=2024-05", {"web-ar-1"}),
    ("date_to=2023", {"web-es-1"}),
    ("q=Tetouan", {"web-en-1"}),
    ("q=فاس", {"web-ar-1"}),
    ("q=الخميس", {"web-ar-1"}),           # folded search: the article spells it the same
    ("q=ثلاثة عناصر", {"web-ar-1"}),
    ("q=yihadista", {"web-es-1"}),
    ("status=confirmed", set()),
])
def test_event_filters(client: TestClient, query: str, expected: set[str]) -> None:
    r = client.get("/api/events?" + query)
    assert r.status_code == 200, r.text
    body = r.json()
    assert {e["doc_id"] for e in body["items"]} == expected
    assert body["total"] == len(expected)


def test_arabic_search_ignores_diacritics(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "فَاس"})
    assert [d["doc_id"] for d in r.json()["documents"]] == ["web-ar-1"]


def test_pagination(client: TestClient) -> None:
    first = client.get("/api/events?limit=3").json()
    second = client.get("/api/events?limit=3&offset=3").json()
    assert first["total"] == second["total"] == 4
    assert len(first["items"]) == 3 and len(second["items"]) == 1
    ids = [e["event_id"] for e in first["items"] + second["items"]]
    assert len(set(ids)) == 4
    dates = [e["date"] for e in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)


def test_event_detail_has_sources_and_evidence(client: TestClient, seeded) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/events/{seeded[1]['web-ar-1']}").json()
    doc = body["documents"][0]
    assert doc["doc_id"] == "web-ar-1"
    for ev in body["event"]["evidence"]:
        assert doc["text"][ev["start"]:ev["end"]] == ev["quote"]


def test_event_page_highlights_evidence_right_to_left(client: TestClient, seeded) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/events/{seeded[1]['web-ar-1']}").text
    assert 'class="doc-text" dir="rtl"' in html
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>", html, flags=re.S)
    assert "تفكيك خلية إرهابية من ثلاثة عناصر" in marks
    assert "فاس" in marks and "أسلحة بيضاء" in marks


def test_documents_statistics_map_overview(client: TestClient) -> None:
    docs = client.get("/api/documents?limit=2").json()
    assert docs["total"] == 4 and len(docs["items"]) == 2
    one = client.get("/api/documents/web-es-1").json()
    assert one["text"].startswith("La Guardia Civil") and len(one["event_ids"]) == 1
    assert client.get("/api/documents/nope").status_code == 404
    stats = client.get("/api/statistics").json()
    assert stats["total"] == 2 and isinstance(stats["reconciled"], bool)
    points = client.get("/api/map").json()
    assert {p["name"] for p in points} == {"Tetouan", "Tangier", "Fes", "Ceuta", "Casablanca"}
    assert {p["name"] for p in client.get("/api/map?country=ES").json()} == {"Ceuta"}
    overview = client.get("/api/overview").json()
    assert {r["key"]: r["count"] for r in overview["by_type"]} == {"dismantling": 2, "arrest": 2}
    assert {r["key"]: r["count"] for r in overview["by_country"]} == {"MA": 3, "ES": 1}
    assert len(overview["by_month"]) == 4


def test_every_page_renders_in_both_languages(client: TestClient, seeded) -> None:  # type: ignore[no-untyped-def]
    event_id = seeded[1]["web-en-1"]
    for lang, direction in (("en", "ltr"), ("ar", "rtl")):
        for path in ("/", "/map", "/events", f"/events/{event_id}", "/fused", "/statistics", "/audit"):
            r = client.get(f"{path}?lang={lang}")
            assert r.status_code == 200, (path, r.text[:300])
            assert f'<html lang="{lang}" dir="{direction}">' in r.text
    assert client.cookies.get("marsad_lang") == "ar"
    assert 'dir="rtl"' in client.get("/events").text  # the cookie keeps the choice


def test_statistics_show_reconciliation_flags(client: TestClient) -> None:
    pytest.importorskip("marsad.reconcile")
    stats = client.get("/api/statistics").json()
    assert stats["reconciled"] is True
    assert all("conflicting_values" in item["flags"] for item in stats["items"])  # 120 vs 135, same scope
    groups = client.get("/api/statistics/reconciled").json()
    assert len(groups) == 1 and groups[0]["flagged"] is True
    html = client.get("/statistics?lang=ar").text
    assert 'class="flagged"' in html and "conflicting_values" in html


def test_overview_draws_the_month_chart(client: TestClient) -> None:
    html = client.get("/").text
    assert html.count('<rect class="bar"') == 8  # 2023-11 .. 2024-06, empty months included
    assert "2023-11: 1" in html


def test_every_template_string_exists_in_both_languages() -> None:
    from marsad.web.i18n import strings

    table = strings()
    used = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(["']([a-z0-9_]+)["']\)""", path.read_text(encoding="utf-8")))
        for prefix in re.findall(r"""\bt\(["']([a-z0-9_]+_)["']\s*\+""", path.read_text(encoding="utf-8")):
            assert any(k.startswith(prefix) for k in table["en"]), prefix
    assert used, "no t() calls found"
    for lang in ("en", "ar"):
        assert used <= set(table[lang]), sorted(used - set(table[lang]))


# -- fused events ---------------------------------------------------------------------------------
@pytest.fixture()
def fused_db(tmp_path: Path) -> tuple[str, dict[str, int]]:
    db = str(tmp_path / "fused.db")
    with SQLiteStore(db) as store:
        ids = testing.seed(store, with_fusion=True)
        testing.add_users(store)
    return db, ids


@pytest.fixture()
def fused_client(fused_db) -> TestClient:  # type: ignore[no-untyped-def]
    with TestClient(create_app(fused_db[0])) as c:
        login(c)
        yield c


def _nador(client: TestClient) -> dict:
    items = client.get("/api/fused", params={"limit": 500}).json()["items"]
    (fe,) = [i for i in items if {s["doc_id"] for s in i["sources"]} & {"web-fr-2", "web-ar-2"}]
    return fe


def test_two_reports_in_two_languages_become_one_fused_event(fused_client: TestClient, fused_db) -> None:  # type: ignore[no-untyped-def]
    body = fused_client.get("/api/fused").json()
    assert body["total"] == 5 and len(body["items"]) == 5  # 6 reports, the French and Arabic ones fused
    fe = _nador(fused_client)
    assert {s["doc_id"] for s in fe["sources"]} == {"web-fr-2", "web-ar-2"}
    assert fe["corroboration"] == 2 and fe["n_sources"] == 2 and fe["n_events"] == 2
    assert fe["type"] == "dismantling" and fe["date"] == "2024-09-11" and fe["countries"] == ["MA"]
    assert fe["disputed_fields"] == ["arrests"] and 0 < fe["confidence"] < 1
    (dispute,) = fe["disagreements"]
    assert {v["value"]: v["doc_ids"] for v in dispute["values"]} == {"4": ["web-fr-2"], "5": ["web-ar-2"]}
    assert body["items"][0]["fused_id"] == fe["fused_id"]  # newest first

    detail = fused_client.get(f"/api/fused/{fe['fused_id']}").json()
    ids = fused_db[1]
    assert sorted(e["event_id"] for e in detail["events"]) == sorted([ids["web-fr-2"], ids["web-ar-2"]])
    values = {v["value"]: v["event_ids"] for v in detail["fused"]["disagreements"][0]["values"]}
    assert values == {"4": [ids["web-fr-2"]], "5": [ids["web-ar-2"]]}
    texts = {d["doc_id"]: d["text"] for d in detail["documents"]}
    for e in detail["events"]:
        for ev in e["evidence"]:
            assert texts[ev["doc_id"]][ev["start"]:ev["end"]] == ev["quote"]
    # each member event points back to its fused event
    ref = fused_client.get(f"/api/events/{ids['web-ar-2']}").json()["fused"]
    assert ref == {"fused_id": fe["fused_id"], "corroboration": 2, "n_sources": 2}


@pytest.mark.parametrize(("query", "expected"), [
    ("type=dismantling", 3), ("type=arrest", 2), ("country=es", 1), ("country=MA", 4),
    ("date_from=2024-09", 1), ("date_to=2024-03", 2), ("disputed=true", 1), ("type=attack", 0),
    ("type=&country=&date_from=", 5),
])
def test_fused_filters(fused_client: TestClient, query: str, expected: int) -> None:
    body = fused_client.get("/api/fused?" + query).json()
    assert body["total"] == expected and len(body["items"]) == expected


def test_fused_pagination_and_errors(fused_client: TestClient) -> None:
    first = fused_client.get("/api/fused?limit=2").json()
    rest = fused_client.get("/api/fused?limit=2&offset=2").json()
    last = fused_client.get("/api/fused?limit=2&offset=4").json()
    assert first["total"] == rest["total"] == last["total"] == 5
    ids = [i["fused_id"] for page in (first, rest, last) for i in page["items"]]
    assert len(ids) == len(set(ids)) == 5
    assert_error(fused_client.get("/api/fused/fe-000000000000"), 404, "not_found")
    assert_error(fused_client.get("/api/fused?type=bombing"), 422, "invalid_request")
    assert_error(fused_client.get("/api/fused?limit=0"), 422, "invalid_request")
    assert_error(fused_client.get("/fused/fe-000000000000", headers={"accept": "application/json"}), 404,
                 "not_found")
    with TestClient(fused_client.app) as anonymous:
        assert_error(anonymous.get("/api/fused"), 401, "unauthorized")


def test_fusion_runs_only_when_the_events_changed(fused_client: TestClient, fused_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import marsad.fuse

    real = marsad.fuse.fuse_store
    calls: list[int] = []
    monkeypatch.setattr(marsad.fuse, "fuse_store", lambda store: calls.append(1) or real(store))
    fe = _nador(fused_client)
    fused_client.get("/api/fused")
    fused_client.get(f"/api/fused/{fe['fused_id']}")
    fused_client.get(f"/fused/{fe['fused_id']}")
    assert len(calls) == 1  # once, then read from the fusion tables
    csrf = fused_client.get("/api/me").json()["csrf_token"]
    ids = fused_db[1]
    fused_client.post(f"/api/events/{ids['web-fr-2']}/confirm", headers={"X-CSRF-Token": csrf})
    assert _nador(fused_client)["disagreements"] and len(calls) == 1  # a status changes no fused value
    r = fused_client.post(f"/api/events/{ids['web-fr-2']}/edit", json={"arrests": 5}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200
    after = _nador(fused_client)
    assert len(calls) == 2 and after["disagreements"] == [] and after["arrests"] == 5
    with SQLiteStore(fused_db[0]) as store:  # a new report, e.g. from `marsad run` while serving
        sample = testing.samples()[2]  # the Ceuta arrest, told again by another outlet
        doc = replace(sample.doc, doc_id="web-es-2", url="https://ejemplo.es/2")
        event = replace(sample.events[0], doc_id="web-es-2",
                        evidence=tuple(replace(ev, doc_id="web-es-2") for ev in sample.events[0].evidence))
        store.save_extraction(doc, Extraction("web-es-2", "es", (event,), ()))
    body = fused_client.get("/api/fused?country=ES").json()
    assert len(calls) == 3 and body["total"] == 1 and body["items"][0]["corroboration"] == 2


def test_fused_pages_show_sources_disagreements_and_escape_article_text(fused_client: TestClient, fused_db) -> None:  # type: ignore[no-untyped-def]
    fe = _nador(fused_client)
    ids = fused_db[1]
    for lang, direction in (("en", "ltr"), ("ar", "rtl")):
        listing = fused_client.get("/fused", params={"lang": lang}).text
        assert f'<html lang="{lang}" dir="{direction}">' in listing
        assert f'href="/fused/{fe["fused_id"]}"' in listing and 'class="chip flag"' in listing
        page = fused_client.get(f"/fused/{fe['fused_id']}", params={"lang": lang}).text
        assert 'id="disagreements"' in page
        assert f'href="/events/{ids["web-fr-2"]}"' in page and f'href="/events/{ids["web-ar-2"]}"' in page
        assert 'class="doc-text" dir="rtl"' in page and 'class="doc-text" dir="ltr"' in page
        marks = re.findall(r"<mark[^>]*>(.*?)</mark>", page, flags=re.S)
        assert "خمسة متطرفين" in marks and "quatre extrémistes" in marks
    event_page = fused_client.get(f"/events/{ids['web-fr-2']}?lang=en").text
    assert f'<a href="/fused/{fe["fused_id"]}" id="fused-link">Reported by 2 outlets</a>' in event_page
    # the hostile article's fused event: its text, agency and affiliation are shown as text only
    hostile = fused_client.get(f"/api/events/{ids['web-hostile-1']}").json()["fused"]
    for lang in ("en", "ar"):
        html = fused_client.get(f"/fused/{hostile['fused_id']}", params={"lang": lang}).text
        _check_no_markup(html, "/fused/hostile")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert re.search(r"<mark[^>]*>[^<]*&lt;script&gt;", html)
        _check_no_markup(fused_client.get("/fused", params={"lang": lang, "country": "MA"}).text, "/fused")
    for path in (f"/fused/{testing.SCRIPT}", f"/fused?type={testing.IMG}"):
        r = fused_client.get(path, headers={"accept": "text/html"})
        assert r.status_code in (404, 422)
        _check_no_markup(r.text, path)


# -- hostile article text -----------------------------------------------------------------------
def _check_no_markup(html: str, where: str) -> None:
    for bad in (testing.SCRIPT, testing.IMG, "<script>alert", "onerror=alert(1)>", 'href="javascript:'):
        assert bad not in html, f"{where}: found {bad!r}"


def test_crafted_script_never_reaches_a_page_unescaped(client: TestClient, seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from marsad.pipeline import run as run_pipeline

    # also through the real ingest path: a JSONL article whose text and title carry markup
    article = {"doc_id": "hostile-ingested", "title": f"Police {testing.SCRIPT}", "published": "2024-07-01",
               "url": "https://example.org/h", "text": "Moroccan police dismantled a terrorist cell in Tangier on "
               f"Monday and arrested three suspects. {testing.SCRIPT} {testing.IMG} The suspects were linked to Daesh."}
    src = tmp_path / "hostile.jsonl"
    src.write_text(json.dumps(article) + "\n", encoding="utf-8")
    with SQLiteStore(seeded[0]) as store:
        run_pipeline([str(src)], store)
        ingested = [r[0] for r in store.conn.execute("SELECT event_id FROM events WHERE doc_id = 'hostile-ingested'")]
    hostile_id = seeded[1]["web-hostile-1"]
    csrf = client.get("/api/me").json()["csrf_token"]
    # a reviewer's note can be hostile too; it lands in the audit log (a rejected event leaves
    # fusion, so the note goes on another event and the hostile report keeps its fused page)
    spanish = seeded[1]["web-es-1"]
    client.post(f"/api/events/{spanish}/reject", json={"note": testing.SCRIPT}, headers={"X-CSRF-Token": csrf})
    assert client.get(f"/api/events/{spanish}").json()["fused"] is None  # rejected: corroborates nothing
    hostile_fused = client.get(f"/api/events/{hostile_id}").json()["fused"]["fused_id"]
    pages = ["/", "/map", "/events", "/events?q=alert", "/events?affiliation=script", f"/events/{hostile_id}",
             "/fused", f"/fused/{hostile_fused}", "/statistics", "/audit", f"/events?q={testing.SCRIPT}", f"/audit?actor={testing.IMG}",
             f"/events?place={testing.SCRIPT}", f"/login?next={testing.SCRIPT}"]
    pages += [f"/events/{i}" for i in ingested]
    for lang in ("en", "ar"):
        for path in pages:
            r = client.get(path, params={"lang": lang})
            assert r.status_code == 200, (path, r.status_code)
            _check_no_markup(r.text, path)
    detail = client.get(f"/events/{hostile_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail  # shown, as text
    assert re.search(r"<mark[^>]*>[^<]*&lt;script&gt;", detail)  # and highlighted as evidence
    # error pages echo nothing raw either
    for path in (f"/events/{testing.SCRIPT}", f"/nope/{testing.IMG}"):
        r = client.get(path, headers={"accept": "text/html"})
        assert r.status_code in (404, 405, 422)
        _check_no_markup(r.text, path)
    # JSON carries the text as data, served as JSON (never sniffed as HTML)
    r = client.get("/api/events/" + str(hostile_id))
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_highlight_segments_cover_the_text_exactly() -> None:
    from marsad.web.queries import highlight

    text = "abcdefghij"
    segs = highlight(text, [(2, 5, "a"), (4, 8, "b"), (20, 30, "c"), (-3, 1, "d")])
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.fields) for s in segs] == [
        ("a", ("d",)), ("b", ()), ("cd", ("a",)), ("e", ("a", "b")), ("fgh", ("b",)), ("ij", ())]
    assert highlight("", [(0, 1, "x")]) == []


# -- command line ---------------------------------------------------------------------------------
def test_users_add_from_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from marsad.cli import main
    from marsad.store.auth import AuthStore

    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    r = runner.invoke(main, ["users", "add", "nadia", "--role", "analyst", "--password-stdin", "--db", db],
                      input="a long password\n")
    assert r.exit_code == 0, r.output
    again = runner.invoke(main, ["users", "add", "nadia", "--role", "viewer", "--password-stdin", "--db", db],
                          input="a long password\n")
    assert again.exit_code == 1 and "already exists" in again.output
    short = runner.invoke(main, ["users", "add", "omar", "--role", "viewer", "--password-stdin", "--db", db],
                          input="short\n")
    assert short.exit_code == 1 and "at least" in short.output
    with SQLiteStore(db) as store:
        auth = AuthStore(store.conn)
        user = auth.authenticate("nadia", "a long password")
        assert user is not None and user.role == "analyst"
        assert auth.authenticate("nadia", "wrong password") is None
        stored = store.conn.execute("SELECT password_hash FROM users").fetchone()[0]
        assert stored.startswith("$argon2id$")
    assert "serve" in runner.invoke(main, ["--help"]).output


def test_importing_the_cli_does_not_load_the_web_stack() -> None:
    code = "import sys, marsad.cli; print('fastapi' in sys.modules or 'uvicorn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
