"""Golden cases: invented sentences in four languages and the fields they must give.

Each folder under tests/golden holds input.json (a document), expected.json (for each
event in text order, the fields that must hold; for statistics likewise) and a one-line
NOTE saying what the case is about. Fields not listed are not checked.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.evaluate import places_match
from marsad.pipeline import extract_record

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())
SET_FIELDS = {"partners", "agencies", "affiliation", "seized", "countries"}


def _check(kind: str, got: dict, want: dict, where: str) -> None:
    for key, value in want.items():
        have = got.get(key)
        if key == "places":
            names = [p["name"] for p in have]
            assert len(names) == len(value), f"{where}: places {names} vs {value}"
            for v in value:
                assert any(places_match(v, n) for n in names), f"{where}: {v} not in {names}"
        elif key in SET_FIELDS:
            assert set(have) == set(value), f"{where}: {key} {have} vs {value}"
        else:
            assert have == value, f"{where}: {key} {have!r} vs {value!r}"


def test_there_are_enough_cases_in_every_language() -> None:
    langs = [json.loads((c / "input.json").read_text(encoding="utf-8"))["lang"] for c in CASES]
    assert len(CASES) >= 40
    for lang in ("ar", "fr", "es", "en"):
        assert langs.count(lang) >= 5
    for c in CASES:
        assert (c / "NOTE").read_text(encoding="utf-8").strip().count("\n") == 0


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case: Path) -> None:
    doc = json.loads((case / "input.json").read_text(encoding="utf-8"))
    want = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    rec = extract_record(doc).to_record()
    if "events" in want:
        assert len(rec["events"]) == len(want["events"]), (
            f"{case.name}: {len(rec['events'])} events, expected {len(want['events'])}: "
            + json.dumps([e["type"] for e in rec["events"]]))
        for i, (got, exp) in enumerate(zip(rec["events"], want["events"])):
            _check("event", got, exp, f"{case.name} event {i}")
    if "statistics" in want:
        assert len(rec["statistics"]) == len(want["statistics"]), (
            f"{case.name}: statistics {json.dumps(rec['statistics'], ensure_ascii=False)[:300]}")
        for i, (got, exp) in enumerate(zip(rec["statistics"], want["statistics"])):
            _check("statistic", got, exp, f"{case.name} statistic {i}")
