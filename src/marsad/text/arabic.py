"""Normalisation for matching, with a map from normalised offsets back to the original.

Nothing here rewrites a document for display: the normalised string exists so that lexicons
written without diacritics or hamza variants still find ``الدارُ البيضاءُ`` or ``Tetuán``.
Every character is either mapped to exactly one character (``str.translate``, fast) or
deleted (diacritics, tatweel, zero-width and bidi marks, Latin combining accents). Because
nothing is ever expanded, the offset map is just the list of deleted runs, and a text with no
deletions maps back by identity.

Rules (one character in, at most one character out):

* Arabic diacritics U+064B–U+065F, superscript alef U+0670, Quranic marks U+0610–U+061A and
  U+06D6–U+06ED, tatweel U+0640: deleted.
* Alef forms أ إ آ ٱ → ا; ى → ي; ة → ه; Persian ک → ك and ی → ي. ؤ and ئ stay as they are
  (folding them to و/ي would merge real words, and lexicons spell them consistently).
* Arabic-Indic ٠-٩ and Persian ۰-۹ digits → 0-9; ٫ → '.', ٬ → ','.
* Latin: lower case, and accents stripped when a precomposed letter decomposes to an ASCII
  letter plus combining marks (é → e, ñ → n, Ç → c). ß, ø, æ stay (they would need two chars).
  Free-standing combining accents (NFD input) are deleted.
* Typographic quotes → ' or ", dashes and minus → '-', non-breaking and other Unicode spaces
  → ' ' (newlines and tabs are kept). Zero-width characters, bidi marks, soft hyphen: deleted.
* Everything else is kept as is.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["NormText", "normalize", "fold", "is_arabic", "is_arabic_char", "ARABIC_LETTERS"]

# Deleted characters, as a regex character class body (also used to build the table).
_DELETED_CLASS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"  # Arabic marks and tatweel
    "\u0300-\u036f"  # Latin combining accents (NFD input)
    "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"  # invisible
)
_DELETED_RE = re.compile(f"[{_DELETED_CLASS}]+")

ARABIC_LETTERS = frozenset(
    chr(c) for c in range(0x0621, 0x064B) if unicodedata.category(chr(c)) == "Lo"
) | frozenset("\u0671\u067e\u0686\u0698\u06a4\u06a9\u06af\u06cc")


def _build_table() -> dict[int, int | None]:
    table: dict[int, int | None] = {}
    for ch in "أإآٱ":
        table[ord(ch)] = ord("ا")
    table[ord("ى")] = ord("ي")
    table[ord("ة")] = ord("ه")
    table[ord("ک")] = ord("ك")
    table[ord("ی")] = ord("ي")
    for i in range(10):
        table[0x0660 + i] = ord("0") + i
        table[0x06F0 + i] = ord("0") + i
    table[0x066B] = ord(".")
    table[0x066C] = ord(",")
    for ch in "\u2018\u2019\u201a\u201b\u2032\u00b4":
        table[ord(ch)] = ord("'")
    for ch in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb":
        table[ord(ch)] = ord('"')
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d":
        table[ord(ch)] = ord("-")
    for ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000":
        table[ord(ch)] = ord(" ")
    # Latin letters: lower case and drop accents, only where that stays one character.
    for code in range(0x41, 0x250):
        ch = chr(code)
        if code in table or not ch.isalpha():
            continue
        low = ch.lower()
        if len(low) != 1:
            low = ch
        base = unicodedata.normalize("NFD", low)
        if len(base) > 1 and base[0].isascii() and all(unicodedata.combining(c) for c in base[1:]):
            low = base[0]
        if low != ch:
            table[code] = ord(low)
    # Other scripts' capitals (Greek, Cyrillic) lower-case 1:1 too; cheap to include.
    for code in range(0x370, 0x530):
        ch = chr(code)
        low = ch.lower()
        if ch.isalpha() and len(low) == 1 and low != ch:
            table[code] = ord(low)
    for start, end in _deleted_ranges():
        for code in range(start, end + 1):
            table[code] = None
    return table


def _deleted_ranges() -> list[tuple[int, int]]:
    body = _DELETED_CLASS
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.append((ord(body[i]), ord(body[i + 2])))
            i += 3
        else:
            out.append((ord(body[i]), ord(body[i])))
            i += 1
    return out


_TABLE = _build_table()
# Same map without deletions: used on the fast path where no deletable char occurs.
_MAP_ONLY = {k: v for k, v in _TABLE.items() if v is not None}


# Code points below this are all in _SEQ_TABLE: Latin, Arabic and General Punctuation.
_SEQ_END = 0x2213


def _sequence_table(table: dict[int, int | None]) -> list[int | None]:
    """``table`` as a list indexed by code point, for ``str.translate``, up to _SEQ_END.

    Given a dict, ``translate`` looks every character up and, for each one the dict lacks
    (most of a text), raises and clears a KeyError; a list answers every character it covers
    without one, which halves the cost of normalising a non-ASCII text. A character past its
    end raises IndexError, a LookupError, which ``translate`` reads as "unchanged": right for
    every character the table does not map (:data:`_PAST_SEQ` finds the others). It stays
    short (not the whole BMP) so that it sits in the CPU cache beside everything else.
    """
    out: list[int | None] = list(range(_SEQ_END))
    for code, value in table.items():
        if code < _SEQ_END:
            out[code] = value
    return out


_SEQ_TABLE = _sequence_table(_TABLE)
# The characters the table maps that _SEQ_TABLE does not reach: a text holding one is
# translated with the dict.
_PAST_SEQ = re.compile("[" + "".join(f"\\u{c:04x}" for c in sorted(_TABLE) if c >= _SEQ_END) + "]")


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised text plus what is needed to map its offsets back to ``original``.

    ``_pos[k]`` is the normalised offset where the k-th deleted run sat and ``_cum[k]`` the
    total number of original characters deleted up to and including that run.
    """

    text: str
    original: str
    _pos: tuple[int, ...] = ()
    _cum: tuple[int, ...] = ()

    def __len__(self) -> int:
        return len(self.text)

    def orig(self, i: int) -> int:
        """Original offset of normalised offset ``i`` (0..len(text) inclusive).

        Offsets land on the first kept character at or after the deleted run, so a start
        offset never points at a diacritic; ``orig(len(text)) == len(original)``.
        """
        if not self._pos:
            return i
        k = bisect_right(self._pos, i)
        return i + (self._cum[k - 1] if k else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original half-open span of the normalised span [start, end).

        The end goes past the last kept character consumed and also over any deleted
        characters (diacritics, tatweel) that directly follow it, so a quoted word keeps
        its vowel marks. An empty span maps to an empty span at ``orig(start)``.
        """
        if not self._pos:
            return start, end
        o_start = self.orig(start)
        if end <= start:
            return o_start, o_start
        # orig(end) skips the deletions sitting at ``end`` too: exactly the trailing marks.
        return o_start, self.orig(end)

    def quote(self, start: int, end: int) -> str:
        """The original text under the normalised span [start, end)."""
        a, b = self.span(start, end)
        return self.original[a:b]


def normalize(text: str) -> NormText:
    """Normalise ``text`` for matching; see the module docstring for the rules."""
    if text.isascii():
        # ASCII has nothing to delete or fold except case.
        return NormText(text.lower(), text)
    if _DELETED_RE.search(text) is None:
        return NormText(text.translate(_MAP_ONLY if _PAST_SEQ.search(text) else _SEQ_TABLE), text)
    pos: list[int] = []
    cum: list[int] = []
    deleted = 0
    for m in _DELETED_RE.finditer(text):
        a, b = m.span()
        pos.append(a - deleted)
        deleted += b - a
        cum.append(deleted)
    table = _TABLE if _PAST_SEQ.search(text) else _SEQ_TABLE
    return NormText(text.translate(table), text, tuple(pos), tuple(cum))


_LETTER_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ک": "ك", "ی": "ي"})


def fold_arabic_letters(pattern: str) -> str:
    """The Arabic letter folds of :func:`normalize` alone (أ→ا, ة→ه, ى→ي…), for regex fragments
    run on normalised text: a full fold would also lower-case ``\S`` and ``\W``."""
    return pattern.translate(_LETTER_FOLDS)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The normalised string only (cached: lexicon building calls it a lot)."""
    return normalize(text).text


def is_arabic_char(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" and ch.isalpha()


def is_arabic(text: str) -> bool:
    """True when more than half of the letters in ``text`` are Arabic script."""
    arabic = other = 0
    for ch in text:
        if ch.isalpha():
            if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
                arabic += 1
            else:
                other += 1
    return arabic > other


# -- regex classes spelled out ---------------------------------------------------------------

_ASTRAL = re.compile("[^\x00-\uffff]")


@lru_cache(maxsize=None)
def bmp_class(char_pattern: str) -> str:
    """A regex character class holding exactly the Basic Multilingual Plane characters that
    ``char_pattern`` (a pattern that matches single characters, such as ``[^\\W\\d_]``)
    matches, written as code-point ranges.

    ``re`` tests a Unicode category (``\\w``, ``\\d``) with a database look-up per character
    and per category; an explicit class compiles to a bitmap it tests in one step, which makes
    a tokenising ``split`` about a third faster. The two agree on any text without characters
    beyond U+FFFF (see :func:`has_astral`); callers keep the category pattern for the rest.
    Built once per pattern, from every BMP character (a few tens of milliseconds).
    """
    rx = re.compile(char_pattern)
    ranges: list[tuple[int, int]] = []
    start = -1
    for c in range(0x10000):
        if rx.match(chr(c)) is not None:
            if start < 0:
                start = c
        elif start >= 0:
            ranges.append((start, c - 1))
            start = -1
    if start >= 0:
        ranges.append((start, 0xFFFF))
    if not ranges:
        return "(?!)"
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


def has_astral(text: str) -> bool:
    """Whether ``text`` holds a character beyond U+FFFF (emoji, rare scripts)."""
    # CPython stores a str in 1, 2 or 4 bytes a character, 4 only when one of them lies beyond
    # U+FFFF: an object smaller than 4 bytes a character cannot hold one, and needs no scan.
    if sys.getsizeof(text) < 4 * len(text):
        return False
    return _ASTRAL.search(text) is not None
