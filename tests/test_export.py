from __future__ import annotations

from marsad.export import ATTRIBUTION, csv_row, safe_cell


def test_spreadsheet_formulas_in_article_text_are_defused() -> None:
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("@SUM(A1)").startswith("'") and safe_cell("Tangier") == "Tangier" and safe_cell(3) == 3
    row = {"event_id": 1, "doc_id": "d", "type": "arrest", "date": None, "places": [], "countries": ["MA"],
           "partners": [], "agencies": [], "affiliation": [], "arrests": 2, "plot": False, "seized": [],
           "killed": None, "wounded": None, "review_status": "pending",
           "evidence": [{"field": "event", "quote": "=cmd|' /C calc'!A0"}]}
    out = csv_row(row, "https://example.org/a")
    assert out["evidence"].startswith("'=") and out["data_attribution"] == ATTRIBUTION
