"""Sentence spans: the boundary rule, in its fast form, cuts where the plain rule does."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.sentences import _BOUNDARY, Sentences

# The rule as first written, look-behinds before the full stop: clear, but re tries it at
# every position. _BOUNDARY puts them after the stop; both must cut at the same places.
_PLAIN = re.compile(
    r"(?<!\b[A-Za-z])(?<!\b(?:Mr|Dr|St|Jr|Sr|Lt|No|Sa|Ms))(?<!\bMrs)(?<!\bGen)(?<!\bCol)\.(?=\s|$|[\"»”'])"
    r"|[!?؟؛;](?=\s|$|[\"»”'])|\n+"
    r"|(?<=[a-zà-ÿ]{3})\.(?=/?[A-ZÀ-Þ][A-Za-zà-ÿ])|(?<=[\u0621-\u064a]{2})\.(?=[\u0621-\u064a]{2})")

_PIECES = ["Mr.", "Mrs.", "Gen.", "Col.", "U.S.", "a.m.", " ", "\n", "The cell", "3.5", "1.000", ".", "!", "؟",
           "؛", "»", "”", "'", "\"", "x.", "Ab.", "اعتقل.", "_.", "é.", "mois./DR", "Le", "وأضاف", "cellule.Le",
           "?", ";", "\n\n", "!?"]


def test_glued_sentences_are_cut() -> None:
    text = "depuis des mois./DR Le Bureau a réussi. وقالت الداخلية.وأضاف المصدر أن د.محمد حضر"
    parts = [text[s.start:s.end].strip() for s in Sentences(text)]
    assert parts == ["depuis des mois.", "/DR Le Bureau a réussi.", "وقالت الداخلية.", "وأضاف المصدر أن د.محمد حضر"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_fast_boundary_rule_cuts_where_the_plain_one_does(text: str) -> None:
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in _PLAIN.finditer(text)]


def test_titles_and_initials_do_not_end_a_sentence() -> None:
    text = "Mr. Smith met Gen. Lee in the U.S. at 9 a.m. today. Then he left!\nNew line"
    spans = [(s.start, s.end) for s in Sentences(text)]
    assert [text[a:b].strip() for a, b in spans] == [
        "Mr. Smith met Gen. Lee in the U.S. at 9 a.m. today.", "Then he left!", "New line"]


def test_blank_pieces_make_no_sentence() -> None:
    sentences = Sentences("  \n\n   \nOne.\u00a0\n")
    assert [(s.start, s.end) for s in sentences] == [(8, 12)]
    assert sentences.starts == [8] and sentences.index_of(0) == 0


def test_an_unpunctuated_run_is_cut_at_spaces_into_bounded_pieces() -> None:
    from marsad.extract.sentences import _HARD

    text = ("word " * 3000) + "end"
    spans = Sentences(text).spans
    assert len(spans) > 1
    assert all(s.end - s.start <= _HARD for s in spans)
    # the pieces tile the text and each ends after a space, so no word is split
    assert spans[0].start == 0 and spans[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(spans, spans[1:]))
    assert all(text[s.end - 1] == " " for s in spans[:-1])
    # one piece of a single giant word is cut where it must be
    blob = "x" * (3 * _HARD)
    assert [s.end - s.start for s in Sentences(blob).spans] == [_HARD, _HARD, _HARD]
