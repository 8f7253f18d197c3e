"""Sentence spans with original offsets: the unit the frame builder reads slots from."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from .. import lexicons

# A full stop, ! or ? (and the Arabic ؟ and ؛) followed by a space ends a sentence (so 3.5 and
# 1.000 never do); a full stop after a lone letter (a.m., U.S., the initials of a suspect's name
# "(أ. ن)", which Arabic reports give instead of the name) or a title (Mr., Gen.) does not end
# one either; a line break always does. A full stop glued to the next sentence ends
# one only between words (three lower-case letters, then a capital; two Arabic letters each side).
# The look-behinds sit after the full stop they test (``\.(?<!\bMr\.)``, the same condition
# as ``(?<!\bMr)\.``) so that every alternative opens with a literal character: ``re`` then
# jumps from one candidate character to the next instead of trying every position. For the
# same reason ``[!?؟؛;]`` is written as one alternative per mark and ``\n+`` as ``\n\n*``:
# a class or a repeat at the head of any alternative turned that jump off (3-4x slower).
_END_AHEAD = r"(?=\s|$|[\"»”'])"


def _not_after_abbreviation() -> str:
    """Look-behinds refusing a full stop that closes an abbreviation of the data file (Mr., Gen.):
    a look-behind must have one width, so the abbreviations go in one per length."""
    by_length: dict[int, list[str]] = {}
    for word in lexicons.fragments("patterns/sentences", "abbreviation"):
        by_length.setdefault(len(word), []).append(re.escape(word))
    return "".join(r"(?<!\b(?:" + "|".join(words) + r")\.)" for words in by_length.values())


_BOUNDARY = re.compile(
    r"\.(?<!\b[A-Za-z\u0621-\u064a]\.)" + _not_after_abbreviation()
    + _END_AHEAD
    + "".join("|" + re.escape(mark) + _END_AHEAD for mark in "!?؟؛;")
    + r"|\n\n*"
    # scraped text glues sentences where markup stood: "mois./DR Le", "الإرهابية.وأضاف"
    r"|\.(?<=[a-zà-ÿ]{3}\.)(?=/?[A-ZÀ-Þ][A-Za-zà-ÿ])|\.(?<=[\u0621-\u064a]{2}\.)(?=[\u0621-\u064a]{2})")
# Arabic news sentences often run for hundreds of characters, comma after comma, telling
# several operations; a long one is cut at its commas into clauses of a readable size.
_CLAUSE = re.compile(r"[،,]\s+")
_NON_BLANK = re.compile(r"\S")  # \s is str.isspace(), so this agrees with str.strip()
_LONG = 320
_MIN_CLAUSE = 120
# A clause with no comma longer than this (scraped text without punctuation, a hostile file) is
# cut at a space: rules read windows around each hit, so work grows with the square of a
# sentence's length, and one 200 KB unpunctuated "sentence" took minutes.
_HARD = 2000
_SPACE_BEFORE = re.compile(r"\s(?=\S*$)")


class Sentence(NamedTuple):  # immutable; cheaper to make than a frozen dataclass
    index: int
    start: int
    end: int
    parent: int = 0  # the full sentence a clause was cut from (clauses of one sentence share it)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= _LONG:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    cur = start
    for m in _CLAUSE.finditer(text, start, end):
        if m.end() - cur >= _MIN_CLAUSE and end - m.end() >= _MIN_CLAUSE:
            out.append((cur, m.end()))
            cur = m.end()
    out.append((cur, end))
    if any(b - a > _HARD for a, b in out):
        out = [piece for a, b in out for piece in _cut(text, a, b)]
    return out


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``start:end`` in pieces of at most ``_HARD`` characters, each ending after a space when
    the piece has one (a word is never split unless it is itself that long)."""
    out: list[tuple[int, int]] = []
    while end - start > _HARD:
        m = _SPACE_BEFORE.search(text, start + _HARD // 2, start + _HARD)
        cut = m.end() if m else start + _HARD
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


class Sentences:
    def __init__(self, text: str) -> None:
        spans: list[Sentence] = []
        pos = 0
        raw: list[tuple[int, int]] = []
        # _NON_BLANK.search(text, a, b) is text[a:b].strip() without copying the sentence
        for m in _BOUNDARY.finditer(text):
            end = m.end() if text[m.start()] != "\n" else m.start()
            if _NON_BLANK.search(text, pos, end):
                raw.append((pos, end))
            pos = m.end()
        if _NON_BLANK.search(text, pos):
            raw.append((pos, len(text)))
        for n, (start, end) in enumerate(raw):
            if end - start <= _LONG:  # _clauses' answer for most sentences, without the call
                spans.append(Sentence(len(spans), start, end, n))
                continue
            for a, b in _clauses(text, start, end):
                spans.append(Sentence(len(spans), a, b, n))
        self.spans = spans
        self.starts = [s.start for s in spans]  # for bisecting an offset to its sentence
        self._para = self._paragraphs(text)

    def _paragraphs(self, text: str) -> list[int]:
        """Paragraph number of each sentence (a blank or line break starts a new one)."""
        out, para, prev_end = [], 0, 0
        for s in self.spans:
            if text.find("\n", prev_end, s.start) != -1:
                para += 1
            out.append(para)
            prev_end = s.end
        return out

    def index_of(self, offset: int) -> int:
        i = bisect_right(self.starts, offset) - 1
        return max(i, 0)

    def paragraph(self, index: int) -> int:
        return self._para[index] if self._para else 0

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, i: int) -> Sentence:
        return self.spans[i]
