"""Multi-pattern lexicon matching on normalised text, with word boundaries and Arabic clitics.

Patterns and texts go through the same :func:`marsad.text.arabic.normalize`, so a lexicon
written ``الدار البيضاء`` finds ``للدارِ البيضاء``. ahocorasick-rs finds every occurrence of
every pattern (overlapping), then each candidate has to pass a boundary test:

* **Start.** The character before the match is not a letter or digit; or, for an Arabic
  pattern of at least ``min_len`` letters, the letters between the previous non-letter and the
  match are a proclitic sequence: ``[وف]? [بكل]?``, then ``ال`` when the pattern itself does
  not begin with ``ال`` (``خلية`` finds ``والخلية``, ``تطوان`` finds ``بتطوان``). ``ل`` followed
  by the article drops the article's alef (``للدار``, ``للخلية``): for a pattern beginning with
  ``ال`` a variant without the alef is searched too and only accepted right after ``ل``/``ول``/
  ``فل``; for other patterns ``لل`` is an accepted prefix. Latin patterns take no clitics.
* **End.** The next character is not a letter or digit, or the letters up to the next
  non-letter are one of the entry's ``suffixes`` (none unless the caller asks).

Of the candidates that pass, the leftmost-longest non-overlapping ones are kept. Offsets and
quotes are in the ORIGINAL text, without the proclitics (``بتطوان`` → quote ``تطوان``) and
with any accepted suffix; ``text[m.start:m.end] == m.quote`` always holds.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Generic, TypeVar

import ahocorasick_rs

from .arabic import NormText, fold, normalize

__all__ = ["Match", "Matcher", "MatcherGroup", "CLITIC_PREFIXES"]

T = TypeVar("T")

_ARTICLE = "ال"
# Proclitic sequences in normalised letters, longest 4 (وبال).
_BASE = ("", "و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل")
# Before a pattern that already starts with ال: conjunction and preposition only.
_PREFIX_WITH_ARTICLE = frozenset(_BASE)
# Before a pattern without ال, the article may be added (and ل+ال is written لل).
_PREFIX_NO_ARTICLE = frozenset(
    list(_BASE)
    + [p + _ARTICLE for p in _BASE if not p.endswith("ل")]
    + ["لل", "ولل", "فلل"]
)
# The alef-less variant of an ال-pattern (``لدار``) is only valid right after these.
_PREFIX_LAM_VARIANT = frozenset(("ل", "ول", "فل"))
CLITIC_PREFIXES = _PREFIX_NO_ARTICLE
_MAX_PREFIX = 4
_AFTER_PREFIX_MAX = 100_000  # (string, proclitic) answers a MatcherGroup remembers


# (normalised start, end with suffix, entry index, proclitic prefix, suffix): one accepted hit
_Candidate = tuple[int, int, int, str, str]


def _plain_end(text: str, end: int) -> bool:
    """No letter or digit at ``end``: the hit ends a word."""
    return end >= len(text) or not text[end].isalnum()


def _prefix(text: str, start: int) -> str | None:
    """Letters between the previous non-word char and ``start``; None if too long."""
    if start == 0 or not text[start - 1].isalnum():
        return ""  # the common case: the hit starts a word
    for k in range(1, _MAX_PREFIX + 1):
        i = start - k
        if i == 0 or not text[i - 1].isalnum():
            return text[i:start]
        if i - 1 < 0:
            return None
    return None


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """One accepted match, in original offsets: ``text[start:end] == quote``.

    ``pattern`` is the entry's pattern as given; ``prefix`` the normalised proclitic letters
    that were stripped (``"ب"`` for ``بتطوان``, ``"لل"`` for ``للخلية``); ``suffix`` the
    normalised suffix that was accepted (included in the quote).
    """

    start: int
    end: int
    quote: str
    value: T
    pattern: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    pattern: str
    norm: str
    value: T
    suffixes: tuple[str, ...]
    arabic: bool
    has_article: bool


def _is_arabic_letter(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" and ch.isalpha()


class Matcher(Generic[T]):
    """Build once (it compiles an automaton), then call :meth:`find` per text.

    ``entries`` yields ``(pattern, value)`` or ``(pattern, value, suffixes)``. Patterns that
    normalise to the same string keep the first entry's value. ``suffixes`` given here apply
    to entries that bring none of their own. ``min_len``: Arabic patterns shorter than this
    (in normalised letters) are matched only as whole words, never after stripped clitics.
    ``clitics=False`` turns clitic stripping off altogether.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, T] | tuple[str, T, Sequence[str]]],
        *,
        suffixes: Sequence[str] = (),
        min_len: int = 3,
        clitics: bool = True,
    ) -> None:
        self.min_len = min_len
        self.clitics = clitics
        default_suffixes = tuple(sorted({fold(s) for s in suffixes if s}, key=len, reverse=True))
        self._entries: list[_Entry[T]] = []
        seen: set[str] = set()
        # automaton string -> list of (entry index, is the alef-less لل variant)
        readings: dict[str, list[tuple[int, bool]]] = {}
        for item in entries:
            pattern, value = item[0], item[1]
            own = item[2] if len(item) > 2 else None  # type: ignore[misc]
            norm = " ".join(fold(pattern).split())
            if not norm or norm in seen:
                continue
            seen.add(norm)
            sfx = (
                tuple(sorted({fold(s) for s in own if s}, key=len, reverse=True))
                if own is not None
                else default_suffixes
            )
            arabic = _is_arabic_letter(norm[0])
            has_article = arabic and norm.startswith(_ARTICLE) and len(norm) > 2
            idx = len(self._entries)
            self._entries.append(_Entry(pattern, norm, value, sfx, arabic, has_article))
            readings.setdefault(norm, []).append((idx, False))
            if clitics and has_article and len(norm) - 1 >= min_len:
                readings.setdefault(norm[1:], []).append((idx, True))
        self._keys = list(readings)
        self._readings = [readings[k] for k in self._keys]
        self._ac = (
            ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.Standard)
            if self._keys
            else None
        )

    def __len__(self) -> int:
        return len(self._entries)

    def _end_ok(self, text: str, end: int, suffixes: tuple[str, ...]) -> str | None:
        """The suffix accepted at ``end`` ("" for a plain boundary), or None."""
        if end >= len(text) or not text[end].isalnum():
            return ""
        for sfx in suffixes:
            after = end + len(sfx)
            if text.startswith(sfx, end) and (after >= len(text) or not text[after].isalnum()):
                return sfx
        return None

    def find(self, text: str | NormText) -> list[Match[T]]:
        """All accepted matches, leftmost-longest and non-overlapping, in original offsets."""
        norm = text if isinstance(text, NormText) else normalize(text)
        if self._ac is None:
            return []
        s = norm.text
        candidates: list[_Candidate] = []
        for key_idx, start, end in self._ac.find_matches_as_indexes(s, overlapping=True):
            prefix = _prefix(s, start)
            if prefix is None:
                continue
            found = self._accept(s, start, end, prefix, self._readings[key_idx], _plain_end(s, end))
            if found is not None:
                candidates.append(found)
        return self._select(norm, candidates)

    def _accept(self, s: str, start: int, end: int, prefix: str,
                readings: Sequence[tuple[int, bool]], plain_end: bool) -> _Candidate | None:
        """The first reading of the automaton hit ``s[start:end]`` whose boundaries pass.

        ``plain_end``: no letter or digit follows the hit, which every entry accepts.
        """
        for entry_idx, lam_variant in readings:
            entry = self._entries[entry_idx]
            # a hit at a word start needs no clitic test (unless it is the alef-less variant)
            if (lam_variant or prefix) and not self._start_ok(entry, prefix, lam_variant):
                continue
            if plain_end:
                return (start, end, entry_idx, prefix, "")
            sfx = self._end_ok(s, end, entry.suffixes)
            if sfx is None:
                continue
            return (start, end + len(sfx), entry_idx, prefix, sfx)
        return None

    def _chosen(self, norm: NormText, candidates: list[_Candidate]) -> list[tuple[int, int, _Candidate]]:
        """Leftmost-longest non-overlapping candidates, with their spans in original offsets."""
        if not candidates:
            return []
        # by start, longest first, else as found: two stable sorts on C key functions order
        # them as key=(start, -end) would, without a Python call per candidate
        candidates.sort(key=itemgetter(1), reverse=True)
        candidates.sort(key=itemgetter(0))
        out: list[tuple[int, int, _Candidate]] = []
        last_end = -1
        for c in candidates:
            if c[0] < last_end:
                continue
            o_start, o_end = norm.span(c[0], c[1])
            out.append((o_start, o_end, c))
            last_end = c[1]
        return out

    def _select(self, norm: NormText, candidates: list[_Candidate]) -> list[Match[T]]:
        """The chosen candidates as matches."""
        original, entries = norm.original, self._entries
        return [
            Match(a, b, original[a:b], entries[c[2]].value, entries[c[2]].pattern, c[3], c[4])
            for a, b, c in self._chosen(norm, candidates)
        ]

    def _select_spans(self, norm: NormText, candidates: list[_Candidate]) -> list[tuple[int, int, str, T]]:
        """The chosen candidates as (start, end, quote, value)."""
        if not candidates:
            return []
        original, entries = norm.original, self._entries
        if norm._pos:
            return [(a, b, original[a:b], entries[c[2]].value) for a, b, c in self._chosen(norm, candidates)]
        # Nothing was deleted in normalising (most texts): normalised offsets are original
        # offsets, so this is _chosen without a span() call per hit.
        candidates.sort(key=itemgetter(1), reverse=True)
        candidates.sort(key=itemgetter(0))
        out: list[tuple[int, int, str, T]] = []
        last_end = -1
        for c in candidates:
            a = c[0]
            if a < last_end:
                continue
            last_end = b = c[1]
            out.append((a, b, original[a:b], entries[c[2]].value))
        return out

    def _start_ok(self, entry: _Entry[T], prefix: str, lam_variant: bool) -> bool:
        if lam_variant:
            return prefix in _PREFIX_LAM_VARIANT
        if prefix == "":
            return True
        if not (self.clitics and entry.arabic) or len(entry.norm) < self.min_len:
            return False
        allowed = _PREFIX_WITH_ARTICLE if entry.has_article else _PREFIX_NO_ARTICLE
        return prefix in allowed


class MatcherGroup:
    """Several matchers run as one: one automaton pass over a text instead of one per matcher.

    The extractor reads seven lexicons over every document; each separate pass pays for the
    automaton scan and for turning its byte offsets back into character offsets. The group
    compiles the union of their automaton strings once and hands each hit to every matcher
    that owns the string, with that matcher's own boundary rules. ``find`` returns, per
    matcher and in the order given, exactly what ``matcher.find(text)`` returns.
    """

    def __init__(self, matchers: Sequence[Matcher[Any]]) -> None:
        self._matchers = tuple(matchers)
        # automaton string -> (matcher number, that matcher's readings of the string) ...
        owners: dict[str, list[tuple[int, Sequence[tuple[int, bool]]]]] = {}
        for n, matcher in enumerate(self._matchers):
            for key, readings in zip(matcher._keys, matcher._readings):
                owners.setdefault(key, []).append((n, readings))
        self._keys = list(owners)
        self._owners = [tuple(owners[k]) for k in self._keys]
        # For a hit that is a whole word (no proclitic before, no letter after), every boundary
        # test passes except the alef-less لل variant's: each owner takes its first other
        # reading. Worked out once per string, as (matcher number, entry index).
        self._whole_word = [
            tuple((n, next(e for e, lam in readings if not lam)) for n, readings in owners[k]
                  if any(not lam for _e, lam in readings))
            for k in self._keys
        ]
        # A hit with a letter right after it passes only for an entry that takes suffixes:
        # for the strings no owner's entry does, such hits are dropped at once.
        self._suffixed = [
            any(self._matchers[n]._entries[e].suffixes for n, readings in owners[k] for e, _lam in readings)
            for k in self._keys
        ]
        # A hit inside a word (after a letter) passes only for an Arabic entry of a matcher that
        # strips clitics (or an alef-less لل reading): for the other strings it is dropped at once.
        self._clitic_taker = [
            any(lam or (self._matchers[n].clitics and self._matchers[n]._entries[e].arabic)
                for n, readings in owners[k] for e, lam in readings)
            for k in self._keys
        ]
        # (string number, proclitic) -> what the owners accept for a hit ending a word after
        # that proclitic, as (matcher number, entry index): the answer depends on nothing else
        self._after_prefix: dict[tuple[int, str], tuple[tuple[int, int], ...]] = {}
        self._ac = (
            ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.Standard)
            if self._keys
            else None
        )

    def __len__(self) -> int:
        return len(self._matchers)

    def _accepted_after(self, key_idx: int, prefix: str) -> tuple[tuple[int, int], ...]:
        """What each owner of string ``key_idx`` accepts for a hit that ends a word and follows
        ``prefix``: (matcher number, entry index), as :meth:`Matcher._accept` decides."""
        out = []
        for n, readings in self._owners[key_idx]:
            found = self._matchers[n]._accept("", 0, 0, prefix, readings, True)
            if found is not None:
                out.append((n, found[2]))
        accepted = tuple(out)
        if len(self._after_prefix) >= _AFTER_PREFIX_MAX:
            self._after_prefix.clear()
        self._after_prefix[key_idx, prefix] = accepted
        return accepted

    def find(self, text: str | NormText) -> list[list[Match[Any]]]:
        """``[m.find(text) for m in matchers]``, from a single automaton pass."""
        norm = text if isinstance(text, NormText) else normalize(text)
        return [m._select(norm, c) for m, c in zip(self._matchers, self._candidates(norm))]

    def spans(self, text: str | NormText) -> list[list[tuple[int, int, str, Any]]]:
        """What :meth:`find` finds as ``(start, end, quote, value)`` tuples: for callers that
        need neither pattern, prefix nor suffix and would only copy four fields out of each
        :class:`Match` (the extractor, for every document)."""
        norm = text if isinstance(text, NormText) else normalize(text)
        return [m._select_spans(norm, c) for m, c in zip(self._matchers, self._candidates(norm))]

    def _candidates(self, norm: NormText) -> list[list[_Candidate]]:
        """Every matcher's accepted automaton hits, from one pass."""
        candidates: list[list[_Candidate]] = [[] for _ in self._matchers]
        if self._ac is None:
            return candidates
        s = norm.text
        matchers, owners, whole_word = self._matchers, self._owners, self._whole_word
        suffixed, after_prefix, clitic_taker = self._suffixed, self._after_prefix, self._clitic_taker
        length = len(s)
        for key_idx, start, end in self._ac.find_matches_as_indexes(s, overlapping=True):
            # Both boundary looks depend on the text only, so one answer serves every owner.
            # The common cases of _prefix and _plain_end are inlined: this loop runs for
            # every automaton hit of seven lexicons.
            plain_end = end >= length or not s[end].isalnum()
            if not plain_end and not suffixed[key_idx]:
                continue  # the hit runs into a longer word and no owner takes a suffix
            if start == 0 or not s[start - 1].isalnum():
                prefix: str | None = ""
            else:
                if not clitic_taker[key_idx]:
                    continue
                prefix = _prefix(s, start)
                if prefix is None:
                    continue
            if plain_end:
                if not prefix:
                    for n, entry_idx in whole_word[key_idx]:
                        candidates[n].append((start, end, entry_idx, "", ""))
                    continue
                accepted = after_prefix.get((key_idx, prefix))
                if accepted is None:
                    accepted = self._accepted_after(key_idx, prefix)
                for n, entry_idx in accepted:
                    candidates[n].append((start, end, entry_idx, prefix, ""))
                continue
            for n, readings in owners[key_idx]:
                found = matchers[n]._accept(s, start, end, prefix, readings, plain_end)
                if found is not None:
                    candidates[n].append(found)
        return candidates
