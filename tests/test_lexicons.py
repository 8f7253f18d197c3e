"""Every bundled data file has its header and every value its code reads is one the code knows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad import lexicons
from marsad.errors import LexiconError

SRC = Path(__file__).resolve().parents[1] / "src" / "marsad"


def test_every_bundled_table_has_a_header() -> None:
    names = lexicons.available()
    assert "lexicons/triggers" in names and "places/aliases" in names
    for name in names:
        if name.startswith("places/gazetteer"):
            continue
        table = lexicons.load(name)
        assert table.header.get("purpose") and table.header.get("columns"), name


def test_every_cue_in_the_data_is_read_by_the_code() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "extract").glob("*.py"))
    for cue in {r["cue"] for r in lexicons.load("lexicons/cues").rows}:
        assert re.search(rf"[\"']{cue}[\"']", code), f"cue {cue!r} is in cues.tsv but no code reads it"


def test_a_table_without_header_is_refused() -> None:
    with pytest.raises(LexiconError):
        lexicons.parse_table("x", "lang\tpattern\nar\tx\n")
    with pytest.raises(LexiconError, match="cells"):
        lexicons.parse_table("x", "# purpose: p\n# columns: c\na\tb\n1\t2\t3\n")
