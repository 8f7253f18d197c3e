from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from marsad import ingest
from marsad.errors import DecodeFailure
from marsad.models import Document, Rejection

ARABIC = "أعلنت المصالح الأمنية اليوم عن تفكيك خلية إرهابية بمدينة طنجة تتكون من أربعة عناصر."


def items(*paths: Path) -> list:
    return list(ingest.iter_inputs([str(p) for p in paths]))


def test_plain_text_file_gets_content_hash_id(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARABIC, encoding="utf-8")
    (doc,) = items(f)
    assert isinstance(doc, Document)
    assert doc.text == ARABIC
    assert doc.doc_id == ingest.content_id(ARABIC)
    # whitespace-only differences give the same id: the same article re-saved is not new
    assert ingest.content_id(ARABIC + "\n\n") == doc.doc_id


@pytest.mark.parametrize("codec", ["cp1256", "iso8859_6"])
def test_legacy_arabic_encodings_are_detected(tmp_path: Path, codec: str) -> None:
    text = "تفكيك خلية إرهابية بمدينة فاس" if codec == "cp1256" else "تفكيك خلية ارهابية بمدينة فاس"
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(codec))
    (doc,) = items(f)
    assert isinstance(doc, Document)
    assert doc.text == text


def test_utf16_with_bom(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes(ARABIC.encode("utf-16"))
    (doc,) = items(f)
    assert doc.text == ARABIC


def test_jsonl_batch_keeps_good_lines_and_rejects_bad_ones(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    good = {"doc_id": "x1", "title": "t", "url": "https://example.org/1", "published": "2024-06-06T10:00:00",
            "text": ARABIC}
    f.write_text(
        json.dumps(good, ensure_ascii=False) + "\n{not json\n" + json.dumps({"doc_id": "x2"}) + "\n"
        + json.dumps([1, 2]) + "\n",
        encoding="utf-8",
    )
    out = items(f)
    docs = [i for i in out if isinstance(i, Document)]
    rejects = [i for i in out if isinstance(i, Rejection)]
    assert [d.doc_id for d in docs] == ["x1"]
    assert docs[0].published == "2024-06-06"
    assert len(rejects) == 3
    assert any("invalid JSON" in r.reason for r in rejects)
    assert all(r.source.startswith(str(f) + ":") for r in rejects)


def test_jsonl_record_with_html_is_kept_as_markup(tmp_path: Path) -> None:
    f = tmp_path / "h.jsonl"
    f.write_text(json.dumps({"doc_id": "h1", "html": "<html><body><p>x</p></body></html>"}) + "\n")
    (doc,) = items(f)
    assert doc.html and doc.text == ""


def test_bad_inputs_become_rejections_and_batch_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "junk.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 50 MB on paper, cheap on disk
        fh.truncate(50 * 1024 * 1024)
    good = tmp_path / "good.txt"
    good.write_text(ARABIC, encoding="utf-8")
    missing = tmp_path / "nope.txt"
    out = items(empty, binary, huge, missing, good)
    assert [type(i).__name__ for i in out] == ["Rejection"] * 4 + ["Document"]
    reasons = [i.reason for i in out[:4]]
    assert "empty" in reasons[0]
    assert "binary" in reasons[1]
    assert "limit" in reasons[2]
    assert "no such file" in reasons[3]


def test_undecodable_bytes_are_refused() -> None:
    # bytes that are neither UTF-8 nor mostly Arabic under the legacy code pages
    junk = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40
    with pytest.raises(DecodeFailure):
        ingest.decode(junk, "x")


def test_folder_is_read_recursively_in_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("second text about Tangier", encoding="utf-8")
    (tmp_path / "one.txt").write_text("first text about Madrid", encoding="utf-8")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    out = items(tmp_path)
    assert [Path(d.source).name for d in out] == ["two.txt", "one.txt"]


def test_html_file_kept_raw_for_cleaning(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text("<html><body><article><p>Texte</p></article></body></html>", encoding="utf-8")
    (doc,) = items(f)
    assert doc.html and not doc.text


def test_stdin_jsonl_and_plain() -> None:
    data = (json.dumps({"doc_id": "s1", "text": "hello Madrid"}) + "\n").encode()
    (doc,) = list(ingest.read_stream(io.BytesIO(data)))
    assert doc.doc_id == "s1"
    (doc2,) = list(ingest.read_stream(io.BytesIO(ARABIC.encode())))
    assert doc2.text == ARABIC and doc2.source == "stdin"


def test_western_code_page_for_french() -> None:
    text = "Démantèlement d'une cellule à Tétouan, selon le BCIJ."
    assert ingest.decode(text.encode("cp1252"), "x") == text


def test_utf16_jsonl_and_stdin_json_list(tmp_path: Path) -> None:
    recs = [{"doc_id": "u1", "text": ARABIC}, {"doc_id": "u2", "text": "Detenidos dos yihadistas en Ceuta."}]
    f = tmp_path / "u16.jsonl"
    f.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in recs).encode("utf-16"))
    out = items(f)
    assert [d.doc_id for d in out] == ["u1", "u2"] and out[0].text == ARABIC
    listed = json.dumps(recs, ensure_ascii=False).encode()
    assert [d.doc_id for d in ingest.read_stream(io.BytesIO(listed))] == ["u1", "u2"]


def test_broken_surrogates_and_impossible_dates_are_mended() -> None:
    doc = ingest.record_to_document({"doc_id": "s", "text": "a \ud800 b", "published": "0000-00-00"}, "x")
    assert doc.text == "a \ufffd b" and len(doc.text) == 5
    assert doc.published is None
    assert ingest.record_to_document({"text": "x", "published": "2020-02-30"}, "x").published is None
