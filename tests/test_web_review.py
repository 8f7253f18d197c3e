"""Review actions (confirm, edit, reject) and their audit trail: library, JSON API and HTML forms."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from marsad import review  # noqa: E402
from marsad.models import Extraction  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402
from marsad.web import testing  # noqa: E402
from marsad.web.app import create_app  # noqa: E402


@pytest.fixture()
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with SQLiteStore(str(tmp_path / "review.db")) as s:
        s.ids = testing.seed(s)  # type: ignore[attr-defined]
        testing.add_users(s)
        yield s


def _client(store: SQLiteStore, role: str) -> tuple[TestClient, str]:
    client = TestClient(create_app(store.path))
    r = client.post("/api/login", json={"username": role, "password": testing.PASSWORD})
    assert r.status_code == 200
    return client, r.json()["csrf_token"]


# -- the library ----------------------------------------------------------------------------------
def test_edit_changes_only_what_differs_and_logs_before_and_after(store) -> None:  # type: ignore[no-untyped-def]
    event_id = store.ids["web-en-1"]
    after = review.edit(store, event_id, {"arrests": "5", "agencies": "BCIJ, DGST", "type": "dismantling"},
                        "nadia", note="count in second paragraph")
    assert after["arrests"] == 5 and after["agencies"] == ["BCIJ", "DGST"] and after["review_status"] == "edited"
    total, rows = review.audit_entries(store, object_kind="event", object_id=str(event_id))
    assert total == 1
    entry = rows[0]
    assert entry["actor"] == "nadia" and entry["action"] == "edit"
    assert entry["before"] == {"arrests": 4, "agencies": ["BCIJ"], "review_status": "pending"}
    assert entry["after"] == {"arrests": 5, "agencies": ["BCIJ", "DGST"], "review_status": "edited",
                              "note": "count in second paragraph"}
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", entry["at"])
    # the same values again change nothing and log nothing
    review.edit(store, event_id, {"arrests": 5}, "nadia")
    assert review.audit_entries(store, object_id=str(event_id))[0] == 1


def test_every_field_is_editable(store) -> None:  # type: ignore[no-untyped-def]
    event_id = store.ids["web-es-1"]
    changes = {
        "type": "court_ruling", "date": "2023-12", "arrests": None, "plot": True, "killed": 0, "wounded": 2,
        "places": [{"name": "Madrid", "country": "es", "lat": 40.4, "lon": -3.7}],
        "countries": ["es", "MA"], "partners": ["FR"], "agencies": ["Audiencia Nacional"],
        "affiliation": ["Islamic State"], "seized": ["extremist_material"],
    }
    assert set(changes) == set(review.EDITABLE_FIELDS)
    after = review.edit(store, event_id, changes, "nadia")
    assert after["type"] == "court_ruling" and after["date"] == "2023-12" and after["arrests"] is None
    assert after["plot"] is True and after["wounded"] == 2 and after["countries"] == ["ES", "MA"]
    assert after["places"] == [{"name": "Madrid", "country": "ES", "lat": 40.4, "lon": -3.7}]
    _, rows = review.audit_entries(store, object_id=str(event_id))
    assert set(rows[0]["after"]) == set(review.EDITABLE_FIELDS) | {"review_status"}


@pytest.mark.parametrize(("field", "value"), [
    ("type", "bombing"), ("date", "2024-13-01"), ("date", "03/03/2024"), ("arrests", -1), ("arrests", "many"),
    ("arrests", True), ("countries", ["Morocco"]), ("seized", ["rockets"]), ("places", "not json"),
    ("places", [{"name": "X", "country": "MA", "lat": 123}]), ("agencies", [""]), ("event_id", 9), ("plot", "maybe"),
])
def test_invalid_edits_change_nothing(store, field: str, value: object) -> None:  # type: ignore[no-untyped-def]
    event_id = store.ids["web-en-1"]
    before = store.conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    with pytest.raises(review.InvalidEdit):
        review.edit(store, event_id, {"arrests": 9, field: value}, "nadia")
    after = store.conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    assert dict(before) == dict(after)
    assert review.audit_entries(store)[0] == 0


def test_confirm_reject_and_missing_events(store) -> None:  # type: ignore[no-untyped-def]
    a, b = store.ids["web-en-1"], store.ids["web-ar-1"]
    assert review.confirm(store, a, "nadia")["review_status"] == "confirmed"
    assert review.reject(store, b, "omar", "not terrorism")["review_status"] == "rejected"
    _, rows = review.audit_entries(store)
    assert [(r["action"], r["before"], r["after"]) for r in rows] == [
        ("reject", {"review_status": "pending"}, {"review_status": "rejected", "note": "not terrorism"}),
        ("confirm", {"review_status": "pending"}, {"review_status": "confirmed"}),
    ]
    with pytest.raises(review.EventNotFound):
        review.confirm(store, 999_999, "nadia")


def test_reviewed_events_survive_re_extraction(store) -> None:  # type: ignore[no-untyped-def]
    event_id = store.ids["web-en-1"]
    review.edit(store, event_id, {"arrests": 6}, "nadia")
    sample = testing.samples()[0]
    store.save_extraction(sample.doc, Extraction(sample.doc.doc_id, "en", sample.events, ()))
    rows = store.conn.execute("SELECT event_id, arrests, review_status FROM events WHERE doc_id = 'web-en-1'"
                              " ORDER BY event_id").fetchall()
    assert [tuple(r) for r in rows][0] == (event_id, 6, "edited")


# -- the API --------------------------------------------------------------------------------------
def test_api_review_roles_and_audit(store) -> None:  # type: ignore[no-untyped-def]
    event_id = store.ids["web-en-1"]
    viewer, vcsrf = _client(store, "viewer")
    r = viewer.post(f"/api/events/{event_id}/edit", json={"arrests": 9}, headers={"X-CSRF-Token": vcsrf})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    analyst, csrf = _client(store, "analyst")
    r = analyst.post(f"/api/events/{event_id}/edit", headers={"X-CSRF-Token": csrf},
                     json={"arrests": 9, "places": [{"name": "Tetouan", "country": "MA"}], "note": "one place only",
                           "clear": ["date"]})
    assert r.status_code == 200, r.text
    assert r.json()["arrests"] == 9 and r.json()["date"] is None and len(r.json()["places"]) == 1
    bad = analyst.post(f"/api/events/{event_id}/edit", json={"seized": ["rockets"]}, headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    extra = analyst.post(f"/api/events/{event_id}/edit", json={"review_status": "confirmed"},
                         headers={"X-CSRF-Token": csrf})
    assert extra.status_code == 422
    audit = analyst.get("/api/audit", params={"object_id": str(event_id)}).json()
    assert audit["total"] == 1
    assert audit["items"][0]["actor"] == "analyst"
    assert audit["items"][0]["before"]["arrests"] == 4 and audit["items"][0]["after"]["arrests"] == 9
    detail = analyst.get(f"/api/events/{event_id}").json()
    assert detail["audit"][0]["action"] == "edit"


def test_exports_can_be_limited_to_reviewed_events(store) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _client(store, "analyst")
    client.post(f"/api/events/{store.ids['web-en-1']}/confirm", headers={"X-CSRF-Token": csrf})
    client.post(f"/api/events/{store.ids['web-ar-1']}/edit", json={"arrests": 2}, headers={"X-CSRF-Token": csrf})
    client.post(f"/api/events/{store.ids['web-es-1']}/reject", headers={"X-CSRF-Token": csrf})
    everything = client.get("/api/export/events?format=json").json()
    assert len(everything) == 4
    reviewed = client.get("/api/export/events?format=json&reviewed=true").json()
    assert sorted(e["doc_id"] for e in reviewed) == ["web-ar-1", "web-en-1"]
    r = client.get("/api/export/events?format=csv&reviewed=true")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert sorted(row["doc_id"] for row in rows) == ["web-ar-1", "web-en-1"]
    assert {row["review_status"] for row in rows} == {"confirmed", "edited"}


def test_audit_export_csv_and_json(store) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _client(store, "analyst")
    event_id = store.ids["web-hostile-1"]
    client.post(f"/api/events/{event_id}/reject", json={"note": "=HYPERLINK(\"x\")"}, headers={"X-CSRF-Token": csrf})
    as_json = client.get("/api/audit/export?format=json").json()
    assert as_json[0]["action"] == "reject" and as_json[0]["after"]["note"] == "=HYPERLINK(\"x\")"
    r = client.get("/api/audit/export?format=csv")
    assert 'filename="marsad-audit.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows[0]["action"] == "reject" and rows[0]["object_id"] == str(event_id)
    assert json.loads(rows[0]["after"])["review_status"] == "rejected"


def test_csv_cells_cannot_become_formulas() -> None:
    from marsad.web.api import safe_cell

    assert safe_cell("=1+1") == "'=1+1" and safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Tetouan") == "Tetouan" and safe_cell(4) == 4


def test_admin_adds_users_and_it_is_logged(store) -> None:  # type: ignore[no-untyped-def]
    analyst, csrf = _client(store, "analyst")
    body = {"username": "salma", "password": "another long one", "role": "viewer"}
    assert analyst.post("/api/users", json=body, headers={"X-CSRF-Token": csrf}).status_code == 403
    admin, acsrf = _client(store, "admin")
    r = admin.post("/api/users", json=body, headers={"X-CSRF-Token": acsrf})
    assert r.status_code == 201 and r.json() == {"username": "salma", "role": "viewer", "created_at": None}
    assert admin.post("/api/users", json=body, headers={"X-CSRF-Token": acsrf}).status_code == 400
    assert "salma" in [u["username"] for u in admin.get("/api/users").json()]
    entry = admin.get("/api/audit").json()["items"][0]
    assert (entry["action"], entry["object_id"], entry["actor"]) == ("user_add", "salma", "admin")


# -- HTML forms -----------------------------------------------------------------------------------
def _form_csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def test_edit_form_round_trip(store) -> None:  # type: ignore[no-untyped-def]
    client, _ = _client(store, "analyst")
    event_id = store.ids["web-ar-1"]
    page = client.get(f"/events/{event_id}").text
    assert 'id="edit-form"' in page
    form = {"csrf_token": _form_csrf(page), "type": "dismantling", "date": "2024-05-09", "arrests": "4",
            "killed": "", "wounded": "", "plot_present": "1", "plot": "on", "countries": "MA",
            "partners": "", "agencies": "BCIJ", "affiliation": "", "seized_present": "1",
            "seized": ["bladed_weapons", "electronics"], "places": json.dumps([{"name": "Fes", "country": "MA", "geonames_id": 2548885, "lat": 34.03, "lon": -5.0}]),
            "note": "four in the follow-up report"}
    r = client.post(f"/events/{event_id}/edit", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/events/{event_id}"
    detail = client.get(f"/api/events/{event_id}").json()["event"]
    assert detail["arrests"] == 4 and detail["plot"] is True and detail["seized"] == ["bladed_weapons", "electronics"]
    audit_page = client.get("/audit").text
    assert "four in the follow-up report" in audit_page and "analyst" in audit_page
    bad = client.post(f"/events/{event_id}/edit", data={**form, "date": "2024-02-30"})
    assert bad.status_code == 422 and 'id="edit-error"' in bad.text


def test_viewer_sees_no_review_forms(store) -> None:  # type: ignore[no-untyped-def]
    client, _ = _client(store, "viewer")
    page = client.get(f"/events/{store.ids['web-en-1']}").text
    assert 'id="edit-form"' not in page and 'id="confirm-button"' not in page
    r = client.post(f"/events/{store.ids['web-en-1']}/confirm", data={"csrf_token": "x"},
                    headers={"accept": "text/html"})
    assert r.status_code == 403


# -- command line ---------------------------------------------------------------------------------
def test_cli_export_reviewed_keeps_confirmed_and_edited_events(store) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from marsad.cli import main

    review.confirm(store, store.ids["web-en-1"], "nadia")
    review.edit(store, store.ids["web-ar-1"], {"arrests": 2}, "nadia")
    review.reject(store, store.ids["web-es-1"], "nadia")
    runner = CliRunner()

    def export(*args: str) -> str:
        r = runner.invoke(main, ["export", "--db", store.path, *args])
        assert r.exit_code == 0, r.output
        return r.output

    lines = [json.loads(x) for x in export("--reviewed").splitlines()]
    assert sorted(d["doc_id"] for d in lines) == ["web-ar-1", "web-en-1"]
    assert {e["review_status"] for d in lines for e in d["events"]} == {"confirmed", "edited"}
    assert len(export().splitlines()) == 4  # without the flag: every document
    rows = list(csv.DictReader(line for line in export("--format", "csv", "--reviewed").splitlines()
                               if not line.startswith("#")))
    assert sorted(r["doc_id"] for r in rows) == ["web-ar-1", "web-en-1"]
    geo = json.loads(export("--format", "geojson", "--reviewed"))
    assert {f["properties"]["doc_id"] for f in geo["features"]} == {"web-ar-1", "web-en-1"}
    assert {f["properties"]["place"] for f in geo["features"]} == {"Tetouan", "Tangier", "Fes"}
    both = runner.invoke(main, ["export", "--db", store.path, "--fused", "--reviewed"])
    assert both.exit_code != 0 and "--reviewed" in both.output
