"""The command line, run in-process through click's runner and once as a real subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from marsad.cli import main

ARTICLE = ("تمكنت عناصر المكتب المركزي للأبحاث القضائية، صباح اليوم الثلاثاء، من تفكيك خلية إرهابية "
           "موالية لتنظيم داعش تتكون من أربعة عناصر تنشط بمدينة طنجة، وحجز أسلحة بيضاء وهواتف محمولة.")
FRENCH = ("Le BCIJ a démantelé mardi une cellule terroriste de trois membres liée à l'État islamique "
          "à Fès. Les suspects projetaient de commettre des attentats.")


def write_inputs(tmp: Path) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    recs = [
        {"doc_id": "t-ar", "published": "2024-03-05", "text": ARTICLE},
        {"doc_id": "t-fr", "published": "2024-03-06", "text": FRENCH},
    ]
    (folder / "batch.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n",
                                        encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "junk.html").write_bytes(b"\x00\x01\x02" * 300)
    return folder


def test_run_then_events_then_export(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path)
    db = str(tmp_path / "m.db")
    r = CliRunner().invoke(main, ["run", str(folder), "--db", db])
    assert r.exit_code == 0, r.output
    assert "2 new documents" in r.output and "2 rejected" in r.output
    again = CliRunner().invoke(main, ["run", str(folder), "--db", db, "--quiet"])
    assert "0 new documents, 2 already present" in again.output
    ev = CliRunner().invoke(main, ["events", "--db", db, "--json", "--type", "dismantling"])
    rows = [json.loads(l) for l in ev.output.splitlines()]
    assert {r["doc_id"] for r in rows} == {"t-ar", "t-fr"}
    ar = next(r for r in rows if r["doc_id"] == "t-ar")
    assert ar["date"] == "2024-03-05" and ar["arrests"] == 4
    assert "BCIJ" in ar["agencies"] and "Islamic State" in ar["affiliation"]
    assert [p["name"] for p in ar["places"]] == ["Tangier"]
    q = CliRunner().invoke(main, ["events", "--db", db, "--json", "--query", "طنجه"])
    assert [json.loads(l)["doc_id"] for l in q.output.splitlines()] == ["t-ar"]
    csv_out = CliRunner().invoke(main, ["export", "--db", db, "--format", "csv"])
    import csv as _csv
    import io as _io

    csv_rows = list(_csv.DictReader(_io.StringIO(csv_out.output)))
    assert csv_rows and all("GeoNames" in r["data_attribution"] for r in csv_rows)
    assert csv_out.output.count("dismantling") == 2
    geo = json.loads(CliRunner().invoke(main, ["export", "--db", db, "--format", "geojson"]).output)
    assert geo["type"] == "FeatureCollection" and "GeoNames" in geo["attribution"]
    tangier = [f for f in geo["features"] if f["properties"]["place"] == "Tangier"]
    assert tangier and tangier[0]["geometry"]["coordinates"][0] < 0  # lon of Tangier is west
    jsonl = CliRunner().invoke(main, ["export", "--db", db, "--format", "jsonl"])
    recs = [json.loads(l) for l in jsonl.output.splitlines()]
    assert len(recs) == 2 and all("events" in r and "statistics" in r for r in recs)
    assert all("GeoNames" in r["attribution"] and "CC BY 4.0" in r["attribution"] for r in recs)


def test_extract_writes_one_line_per_input_even_without_events(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    recs = [{"doc_id": "a", "text": ARTICLE, "published": "2024-03-05"},
            {"doc_id": "b", "text": "Weather: sunny in Rabat tomorrow."},
            {"doc_id": "c", "text": ""}]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(main, ["extract", "--input", str(src), "--output", str(out)])
    assert r.exit_code == 0, r.output
    lines = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [l["doc_id"] for l in lines] == ["a", "b", "c"]
    assert lines[0]["events"] and lines[1]["events"] == [] and lines[2]["events"] == []
    for p in lines[0]["events"][0]["provenance"]:
        assert ARTICLE[p["start"]:p["end"]] == p["quote"]


def test_errors_are_one_line_and_nonzero(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["evaluate", str(tmp_path / "missing.jsonl")])
    assert r.exit_code != 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{nope\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", str(bad)])
    assert r.exit_code == 1
    assert r.output.strip().count("\n") == 0 and "not JSON" in r.output
    r = CliRunner().invoke(main, ["events", "--db", str(tmp_path / "no" / "x.db")])
    assert r.exit_code == 1 and "does not exist" in r.output


def test_help_documents_every_command() -> None:
    r = CliRunner().invoke(main, ["--help"])
    for cmd in ("run", "ingest", "extract", "events", "export", "evaluate", "places", "data"):
        assert cmd in r.output
    for cmd in ("run", "ingest", "extract", "events", "export", "evaluate", "places"):
        sub = CliRunner().invoke(main, [cmd, "--help"])
        assert sub.exit_code == 0 and "--help" in sub.output


def test_console_script_and_stdin(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("marsad")
    db = tmp_path / "s.db"
    proc = subprocess.run([str(exe), "run", "-", "--db", str(db), "--quiet"], input=ARTICLE.encode(),
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"1 new documents" in proc.stdout


def test_statistics_and_fused_export(tmp_path: Path) -> None:
    recs = [
        {"doc_id": "s1", "published": "2024-01-02", "url": "https://one.example/a",
         "text": "وتمكن المكتب المركزي للأبحاث القضائية منذ سنة 2015 من تفكيك 91 خلية إرهابية."},
        {"doc_id": "s2", "published": "2024-01-03", "url": "https://two.example/b",
         "text": "وتمكن المكتب المركزي للأبحاث القضائية منذ سنة 2015 من تفكيك 95 خلية إرهابية."},
        {"doc_id": "e1", "published": "2024-03-05", "url": "https://one.example/c", "text": ARTICLE},
        {"doc_id": "e2", "published": "2024-03-05", "url": "https://three.example/d",
         "text": "Le BCIJ a démantelé mardi à Tanger une cellule terroriste de cinq membres liée à Daech."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    db = str(tmp_path / "f.db")
    assert CliRunner().invoke(main, ["run", str(src), "--db", db, "--quiet"]).exit_code == 0
    out = CliRunner().invoke(main, ["statistics", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(l) for l in out.output.splitlines()]
    cells = [r for r in rows if r["metric"] == "cells_dismantled"]
    assert any(f["kind"] == "conflicting_values" for r in cells for f in r["flags"])
    fused = CliRunner().invoke(main, ["export", "--db", db, "--fused"])
    lines = [json.loads(l) for l in fused.output.splitlines()]
    tangier = [l for l in lines if any(p["name"] == "Tangier" for p in l["places"])]
    assert len(tangier) == 1
    assert {s["doc_id"] for s in tangier[0]["sources"]} == {"e1", "e2"}
    assert tangier[0]["corroboration"] == 2
    assert any(d["field"] == "arrests" for d in tangier[0]["disagreements"])
    bad = CliRunner().invoke(main, ["export", "--db", db, "--fused", "--format", "csv"])
    assert bad.exit_code != 0


def test_workbench_commands_refuse_a_postgres_url_in_one_line() -> None:
    for args in (["users", "list"], ["serve"]):
        r = CliRunner().invoke(main, args + ["--db", "postgresql://u@127.0.0.1:1/x"])
        assert r.exit_code == 1
        assert "needs a SQLite database file" in r.output and r.output.strip().count("\n") == 0


def test_a_rejected_event_no_longer_corroborates(tmp_path: Path) -> None:
    from marsad import review
    from marsad.fuse import fused_records
    from marsad.store.sqlite import EventQuery, SQLiteStore

    recs = [
        {"doc_id": "e1", "published": "2024-03-05", "url": "https://one.example/c", "text": ARTICLE},
        {"doc_id": "e2", "published": "2024-03-05", "url": "https://three.example/d",
         "text": "Le BCIJ a démantelé mardi à Tanger une cellule terroriste de quatre membres liée à Daech."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert CliRunner().invoke(main, ["run", str(src), "--db", db, "--quiet"]).exit_code == 0
    with SQLiteStore(db) as store:
        before = [r for r in fused_records(store) if any(p["name"] == "Tangier" for p in r["places"])]
        assert before[0]["corroboration"] == 2
        fr = store.query_events(EventQuery(doc_id="e2"))[0]
        review.reject(store, fr["event_id"], "analyst", "not this operation")
        after = [r for r in fused_records(store) if any(p["name"] == "Tangier" for p in r["places"])]
        assert after[0]["corroboration"] == 1
        assert {s["doc_id"] for s in after[0]["sources"]} == {"e1"}
