"""The pipeline keeps going past bad documents and never loses what it stored before them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad import pipeline
from marsad.store.sqlite import SQLiteStore

TEXTS = [
    {"doc_id": "p1", "published": "2024-03-05", "text": "فككت المصالح الأمنية خلية إرهابية بمدينة طنجة."},
    {"doc_id": "p2", "published": "2024-03-06", "text": "Police arrested two suspected jihadists in Madrid."},
    {"doc_id": "p3", "published": "2024-03-07", "text": "La Guardia Civil ha detenido a un yihadista en Ceuta."},
]


def _write(tmp: Path) -> Path:
    f = tmp / "b.jsonl"
    f.write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in TEXTS) + "\n", encoding="utf-8")
    return f


def test_a_document_that_breaks_extraction_is_rejected_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extract

    def flaky(doc):  # type: ignore[no-untyped-def]
        if doc.doc_id == "p2":
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(pipeline, "extract", flaky)
    seen = []
    with SQLiteStore(tmp_path / "p.db") as store:
        rep = pipeline.run([str(_write(tmp_path))], store, on_item=seen.append)
        assert rep.stored == 2 and rep.rejected == 1
        assert store.get_document("p2") is None  # its transaction never happened
        assert {r["doc_id"] for r in store.rejections()} == {"p2"}
        assert "RuntimeError: boom" in store.rejections()[0]["reason"]
        assert store.counts()["events"] >= 2
    assert any(getattr(i, "reason", "").endswith("boom") for i in seen)


def test_cleaning_rejections_reach_the_caller(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    seen = []
    with SQLiteStore(tmp_path / "q.db") as store:
        rep = pipeline.run([str(page)], store, on_item=seen.append)
    assert rep.rejected == 1 and seen and "no article text" in seen[0].reason


def test_extract_reads_a_language_it_has_no_lexicons_for_as_detection_says() -> None:
    from marsad.extract import extract
    from marsad.models import Document
    doc = Document(doc_id="de-1", text="La police a arrêté trois suspects à Lyon hier.", lang="de")
    assert extract(doc).lang == "fr"
