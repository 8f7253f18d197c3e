"""The package's small public API: everything in __all__ imports, and extract() works from it."""
from __future__ import annotations

import marsad


def test_all_names_resolve() -> None:
    assert sorted(marsad.__all__) == sorted(set(marsad.__all__))
    for name in marsad.__all__:
        assert getattr(marsad, name) is not None


def test_extract_document_from_the_top_level() -> None:
    doc = marsad.Document(doc_id="d", published="2024-03-05",
                          text="Le BCIJ a démantelé mardi une cellule terroriste de trois membres à Fès.")
    result = marsad.extract_document(doc)
    assert isinstance(result, marsad.Extraction)
    assert result.events[0].type == "dismantling" and result.events[0].arrests == 3
