"""Duplicate documents and repeated paragraphs."""
from __future__ import annotations

from pathlib import Path

import pytest

from marsad.dedupe import (DuplicateIndex, MinHasher, blank_spans, drop_repeated_paragraphs,
                           find_duplicates, text_key)
from marsad.models import Document
from marsad.store.fusion_tables import dedupe_store
from marsad.store.sqlite import SQLiteStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

BASE = (
    "The security services of Gondor announced on Tuesday that they had broken up a cell of four "
    "people in the town of Bree, who were preparing attacks against public buildings. Searches at "
    "the homes of the suspects turned up knives, a laptop and several flags of the group. The "
    "suspects will be brought before the prosecutor once the investigation is over, the statement "
    "added, noting that cooperation with the services of Arnor had been decisive in the operation."
)


def test_exact_key_ignores_case_spacing_and_diacritics() -> None:
    assert text_key("Tetuán  arrests\n") == text_key("tetuan arrests")
    assert text_key("خَلِيَّة") == text_key("خليه")
    assert text_key("one text") != text_key("another text")


def test_near_duplicate_links_to_earliest_published() -> None:
    copy = "GONDOR NEWS - " + BASE.replace("Tuesday", "Tuesday morning") + " More to follow."
    other = ("Floods hit the lowlands of Rohan after a week of rain; farmers counted their losses "
             "and the council promised help for the villages along the river before winter comes.")
    links = find_duplicates([("late", copy, "2024-03-06"), ("early", BASE, "2024-03-05"),
                             ("x", other, "2024-03-05")])
    assert [(x.doc_id, x.canonical_id, x.kind) for x in links] == [("late", "early", "near")]


def test_exact_duplicate_kind() -> None:
    idx = DuplicateIndex()
    assert idx.add("a", BASE, None) is None
    link = idx.add("b", BASE.upper(), None)
    assert link is not None and link.kind == "exact" and link.canonical_id == "a"


def test_minhash_estimate_tracks_jaccard() -> None:
    h = MinHasher()
    s1, s2 = h.signature(BASE), h.signature(BASE[: len(BASE) // 2])
    assert 0.3 < MinHasher.similarity(s1, s2) < 0.7
    assert MinHasher.similarity(s1, h.signature(BASE)) == 1.0


def test_repeated_paragraphs_spans_point_into_original() -> None:
    p1 = "First paragraph of an invented report, long enough to count."
    p2 = "Second paragraph, also invented, which the page template repeated."
    text = "\n".join([p1, p2, "Short.", "Short.", p1, p2])
    spans = drop_repeated_paragraphs(text)
    assert [text[a:b] for a, b in spans] == [p1, p2]
    blanked = blank_spans(text, spans)
    assert len(blanked) == len(text) and blanked.count(p1) == 1


@pytest.mark.skipif(not (SHARED / "seeds").exists(), reason="shared seeds absent")
def test_seed_001_repeats_three_paragraphs() -> None:
    text = (SHARED / "seeds" / "001_25cdf9097facfd81.txt").read_text(encoding="utf-8")
    spans = drop_repeated_paragraphs(text)
    assert len(spans) == 3
    for a, b in spans:
        assert text[a:b] in text[:a]


def test_dedupe_store(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "m.db")
    store.add_document(Document("a", BASE, published="2024-03-05"))
    store.add_document(Document("b", BASE + " Invented footer.", published="2024-03-06"))
    links = dedupe_store(store)
    assert [(x.doc_id, x.canonical_id) for x in links] == [("b", "a")]
    assert dedupe_store(store) == links  # second run reuses stored signatures
    store.close()
