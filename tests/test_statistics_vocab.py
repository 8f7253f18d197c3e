"""Statistic-only vocabulary: foiled-plot nouns the cue list leaves to events, and month spans."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from marsad import lexicons
from marsad.extract import periods
from marsad.extract import statistics as st
from marsad.text.numbers import find_numbers


def _plot(text: str, lang: str) -> int | None:
    num = find_numbers(text, lang)[0]
    facts = SimpleNamespace(start=0, end=len(text))
    return st._plot_after(text, facts, num)  # type: ignore[arg-type]


def test_plot_vocabulary_kinds_are_known() -> None:
    rows = lexicons.load("lexicons/stat_plot_nouns").rows
    assert rows
    assert {r["kind"] for r in rows} <= {"plan", "act", "terror", "planned", "avert"}
    assert {r["lang"] for r in rows} == {"ar", "fr", "es", "en"}


@pytest.mark.parametrize("text,lang", [
    ("they foiled 44 terrorist attempts", "en"),
    ("ont fait avorter 90 projets d'actes terroristes", "fr"),
    ("evitaron 31 intentos de atentado", "es"),
    ("a total of 75 planned terrorist actions", "en"),
])
def test_plot_nouns_are_read(text: str, lang: str) -> None:
    end = _plot(text, lang)
    assert end is not None and text[:end].rstrip().endswith(("attempts", "terroristes", "atentado", "actions"))


@pytest.mark.parametrize("text,lang", [
    ("le parlement a examiné 12 projets de loi", "fr"),  # no terrorist word
    ("the report lists 300 terrorist acts in the region", "en"),  # an act, with no plan or foiling word
    ("police arrested 40 terrorist suspects", "en"),  # persons, not plots
])
def test_other_counts_are_not_plots(text: str, lang: str) -> None:
    assert _plot(text, lang) is None


def test_month_names_give_their_number() -> None:
    assert periods._month_number("نوفمبر") == 11
    assert periods._month_number("octobre") == 10
    assert periods._month_number("Enero") == 1
    assert periods._month_number("table") is None


def test_ratio_and_member_states_patterns() -> None:
    assert st._RATIO_BEFORE.search("uno de cada ")
    assert st._MEMBER_STATES.match(" States reported")
    assert not st._MEMBER_STATES.match(" of the cell")
