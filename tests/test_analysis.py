"""Analysis glue: its fast helpers answer what the plain forms they replace answer."""
from __future__ import annotations

import random

from marsad.extract.analysis import _LINE_HEAD_BLANK, _inside_any


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
