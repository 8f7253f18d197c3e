"""Analysis glue: its fast helpers answer what the plain forms they replace answer."""
from __future__ import annotations

import random

from marsad.extract.analysis import _LINE_HEAD_BLANK, _inside_any, analyse
from marsad.models import Document


def test_inside_any_is_any_over_disjoint_spans() -> None:
    rng = random.Random(7)
    for _ in range(300):
        spans, pos = [], 0
        for _k in range(rng.randint(0, 6)):
            a = pos + rng.randint(0, 5)
            b = a + rng.randint(1, 6)
            spans.append((a, b))
            pos = b
        inside = _inside_any(spans)
        for p in range(pos + 4):
            assert inside(p) == any(a <= p < b for a, b in spans)


def test_line_head_blank_is_the_strip_test() -> None:
    rng = random.Random(3)
    alphabet = [" ", "\t", "\u200f", "\u200e", "*", "a", "ب", "\n", "-", "\u00a0"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        blank = not text[a:b].strip(" \t\u200f\u200e*")
        assert (_LINE_HEAD_BLANK.fullmatch(text, a, b) is not None) == blank


def test_denied_terrorism_is_no_terror_context() -> None:
    # an invented report: the police deny any terrorist motive and nothing else names terrorism
    denied = Document(doc_id="t-denied", lang="en", text=(
        "Police arrested a man in Leeds after a shooting in a bar. Detectives ruled out a terrorist motive."))
    assert not analyse(denied, "en").terror_context
    # a denial does not cancel terrorism named elsewhere in the text
    named = Document(doc_id="t-named", lang="en", text=(
        "Police arrested a terrorist suspect in Leeds. A second incident was unrelated to terrorism."))
    assert analyse(named, "en").terror_context


def test_murder_case_words_mark_a_lookalike_only_without_terror() -> None:
    crime = Document(doc_id="t-crime", lang="fr", text="Trois hommes ont été interpellés pour enlèvement et séquestration.")
    assert not analyse(crime, "fr").terror_context
    terror = Document(doc_id="t-terror", lang="fr", text=(
        "Trois djihadistes ont été interpellés pour enlèvement et séquestration d'un policier."))
    assert analyse(terror, "fr").terror_context
