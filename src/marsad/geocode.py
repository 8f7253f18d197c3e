"""Find places and country mentions in running text and resolve them to GeoNames.

    >>> gaz = default_gazetteer()
    >>> [p.name for p in gaz.find_places("أوقفت السلطات شخصين بتطوان والفنيدق")]
    ['Tétouan', 'Fnideq']

How a place is found:

1. The text is cut into tokens (letters plus their combining marks) with their offsets in
   the original text; each token is folded (:func:`marsad.gazetteer.fold_token`).
2. At each token the longest run of up to six adjacent tokens whose key is in the
   gazetteer wins. An Arabic first token is also tried without its clitics (و ف, then
   ب ل ك, and لل → ال), and with or without the article ال. Latin names must start
   with a capital letter, so "casa" or "sale" in prose are never places.
3. Keys in the stop-list, and keys that are country terms (تونس, الجزائر), are not
   places unless a word like مدينة / ville de / city of stands before them.
4. Each mention's candidates are scored by population, the kind of name matched, the
   document's country context (country words and large unambiguous towns in the same
   text) and a small preference for the project's core countries. Weak candidates
   (small places outside the context) are dropped.

Every result carries Evidence whose offsets point into the original text.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from .gazetteer import (
    ARABIC_NAME_COUNTRIES, SOURCE_ADMIN, SOURCE_ALIAS, SOURCE_MAIN, TOKEN_RE, default_path, ensure_gazetteer,
    fold_token, is_arabic, name_key, read_artefact,
)
from .lexicons import load
from .models import Evidence, Place

MAX_TOKENS = 6
PREFERRED = frozenset({"MA", "ES", "DZ", "TN", "FR", "BE"})
_AR_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
# What may separate the words of one multi-word name in the original text.
_LATIN_GAP = re.compile(r"[ \u00A0\-'’]{1,2}")
_ARABIC_GAP = re.compile(r"[ \u00A0\-]{1,2}")
# Words before a country-named town that say "the city, not the country".
_CITY_CUES = frozenset(name_key(w) for w in (
    "مدينة", "بمدينة", "لمدينة", "ومدينة", "مدينتي", "بمدينتي", "مدن", "بمدن", "العاصمة", "بالعاصمة",
    "ولاية", "بولاية", "لولاية", "إقليم", "بإقليم", "لإقليم", "عمالة", "بعمالة", "بلدة", "ببلدة",
    "بلدية", "ببلدية", "جماعة", "بجماعة", "قرية", "بقرية", "محافظة", "بمحافظة",
    "ville", "city", "town", "ciudad", "localidad", "capitale", "capital", "municipio", "commune",
))


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    key: str
    arabic: bool
    capital: bool


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int  # original offsets of the name (clitics excluded)
    end: int
    key: str
    codes: tuple[int, ...]
    arabic: bool
    tokens: int


@lru_cache(maxsize=200_000)
def _fold(token: str) -> str:
    return fold_token(token)


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in TOKEN_RE.finditer(text):
        tok = m.group()
        out.append(_Tok(m.start(), m.end(), _fold(tok), is_arabic(tok), tok[:1].isupper()))
    return out


def _letter_offset(raw: str, letters: int) -> int:
    """Offset in ``raw`` just after its first ``letters`` Arabic letters (marks skipped)."""
    if letters == 0:
        return 0
    seen = 0
    for i, ch in enumerate(raw):
        if _AR_LETTER.match(ch):
            seen += 1
            if seen == letters:
                return i + 1
    return len(raw)


def _clitic_variants(key: str) -> Iterator[tuple[str, int]]:
    """(variant, letters stripped) for an Arabic token, fewest stripped first."""
    yield key, 0
    seen = {key}
    bases = [(key, 0)]
    if key[:1] in ("و", "ف") and len(key) >= 4:
        bases.append((key[1:], 1))
    for base, n in bases:
        if n:
            if base not in seen:
                seen.add(base)
                yield base, n
        if base.startswith("لل") and len(base) > 4:
            yield "ا" + base[1:], n + 1  # ل + (ا)ل...: the article's alef is elided
        if base[:1] in ("ب", "ل", "ك") and len(base) >= 4:
            rest = base[1:]
            if rest not in seen:
                seen.add(rest)
                yield rest, n + 1


def _article_variants(key: str) -> Iterator[str]:
    yield key
    if key.startswith("ال") and len(key) >= 6:
        yield key[2:]
    elif not key.startswith("ال") and len(key) >= 4:
        yield "ال" + key


@dataclass(frozen=True, slots=True)
class _Stops:
    places: frozenset[tuple[str, str]]  # (lang or "*", key)
    countries: frozenset[str]
    blocks: frozenset[str]  # phrases that are never places and hide the names inside them
    cued: frozenset[str]  # places only right after a word such as مدينة (الجديدة, البيضاء)

    def place_stopped(self, key: str, lang: str | None) -> bool:
        if ("*", key) in self.places:
            return True
        if lang is None:
            return any((lg, key) in self.places for lg in ("fr", "es", "en")) and not is_arabic(key)
        return (lang, key) in self.places


@lru_cache(maxsize=1)
def _stops() -> _Stops:
    rows = load("places/stoplist").rows
    places = frozenset((r["lang"] or "*", name_key(r["term"])) for r in rows if r["kind"] == "place")
    countries = frozenset(name_key(r["term"]) for r in rows if r["kind"] == "country")
    blocks = frozenset(name_key(r["term"]) for r in rows if r["kind"] == "block")
    cued = frozenset(name_key(r["term"]) for r in rows if r["kind"] == "cue")
    return _Stops(places, countries, blocks, cued)


class Gazetteer:
    """Look-ups over one built artefact (see :mod:`marsad.gazetteer`)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._places: list[tuple[Any, ...]] = data["places"]
        self._index: dict[str, tuple[int, ...]] = data["index"]
        self._countries: dict[str, str] = data["countries"]
        self.attribution: str = data.get("attribution", "")
        self._stops = _stops()

    @classmethod
    def load(cls, path: Path | None = None) -> "Gazetteer":
        target = Path(path) if path is not None else ensure_gazetteer(default_path())
        return cls(read_artefact(str(target)))

    def __len__(self) -> int:
        return len(self._places)

    # -- look-ups ---------------------------------------------------------------------------

    def lookup(self, name: str) -> list[Place]:
        """Every gazetteer place called ``name`` (exact key), most populous first."""
        codes = self._index.get(name_key(name), ())
        rows = sorted({c >> 2 for c in codes}, key=lambda n: -self._places[n][6])
        return [self._place(n, None) for n in rows]

    def resolve(self, mention: str, context: tuple[str, ...] = ()) -> Place | None:
        """The best place for one isolated mention (clitics allowed), or None."""
        places = self.find_places(mention, context=context)
        return places[0] if places else None

    def find_countries(self, text: str, lang: str | None = None) -> list[tuple[str, Evidence]]:
        """Country names, adjectives and demonyms in ``text`` as (ISO2, evidence)."""
        out: list[tuple[str, Evidence]] = []
        for start, end, (_key, iso) in self._scan(text, self._countries.get, latin_needs_capital=False):
            if iso:
                out.append((iso, Evidence("", start, end, text[start:end])))
        return out

    def find_places(self, text: str, lang: str | None = None,
                    context: tuple[str, ...] = ()) -> list[Place]:
        """Places named in ``text``, one per mention, in text order."""
        tokens = _tokens(text)
        mentions = list(self._mentions(text, tokens, lang))
        if not mentions:
            return []
        ctx = Counter(iso for iso, _ in self.find_countries(text, lang))
        ctx.update(context)
        ctx.update(self._anchor_countries(mentions))
        out = []
        for m in mentions:
            number = self._choose(m, ctx)
            if number is not None:
                out.append(self._place(number, Evidence("", m.start, m.end, text[m.start:m.end])))
        return out

    # -- internals --------------------------------------------------------------------------

    def _place(self, number: int, evidence: Evidence | None) -> Place:
        gid, name, cc, lat, lon, admin1, _pop, _tier = self._places[number]
        return Place(name=name, country=cc, geonames_id=gid, lat=lat, lon=lon, admin1=admin1,
                     evidence=evidence)

    def _scan(self, text: str, get: Any, latin_needs_capital: bool,
              tokens: list[_Tok] | None = None) -> Iterator[tuple[int, int, Any]]:
        """Leftmost-longest matches of keys known to ``get``: (start, end, value)."""
        toks = tokens if tokens is not None else _tokens(text)
        i, n_tok = 0, len(toks)
        while i < n_tok:
            first = toks[i]
            best: tuple[int, int, int, Any] | None = None  # (tokens, start, end, value)
            if first.arabic:
                variants = [(v, k) for v0, k in _clitic_variants(first.key) for v in _article_variants(v0)]
            elif latin_needs_capital and not first.capital:
                i += 1
                continue
            else:
                variants = [(first.key, 0)]
            gap_re = _ARABIC_GAP if first.arabic else _LATIN_GAP
            # the longest run of adjacent tokens first
            run = 1
            while run < MAX_TOKENS and i + run < n_tok and gap_re.fullmatch(
                    text, toks[i + run - 1].end, toks[i + run].start):
                run += 1
            for length in range(run, 0, -1):
                tail = " ".join(t.key for t in toks[i + 1:i + length])
                for variant, stripped in variants:
                    if len(variant.replace("ال", "", 1)) < 2:
                        continue
                    key = f"{variant} {tail}" if tail else variant
                    value = get(key)
                    if value is None:
                        continue
                    raw = text[first.start:first.end]
                    start = first.start + (_letter_offset(raw, stripped) if stripped else 0)
                    best = (length, start, toks[i + length - 1].end, (key, value))
                    break
                if best:
                    break
            if best is None:
                i += 1
                continue
            length, start, end, value = best
            yield start, end, value
            i += length

    def _mentions(self, text: str, tokens: list[_Tok], lang: str | None) -> Iterator[_Mention]:
        countries = self._countries
        index = self._index

        blocks = self._stops.blocks

        def get(key: str) -> Any:
            if key in blocks:
                return ()
            codes = index.get(key)
            if codes is not None:
                return codes
            # a country term is consumed (so its words do not match a town) but yields nothing
            return () if key in countries else None

        by_start = {t.start: n for n, t in enumerate(tokens)}
        for start, end, (key, codes) in self._scan(text, get, latin_needs_capital=True, tokens=tokens):
            if not codes:
                continue
            if self._stops.place_stopped(key, lang):
                continue
            n = by_start.get(start)
            if n is None:  # the match began after a clitic: find its token
                n = next(k for k, t in enumerate(tokens) if t.start <= start < t.end)
            surface = name_key(text[start:end])
            if surface != key and self._stops.place_stopped(surface, lang):
                continue
            if not tokens[n].arabic and " " not in key and text[start:end].isupper() and end - start <= 4:
                continue  # "DEL", "UN": acronyms and shouting headlines
            cued = n > 0 and tokens[n - 1].key in _CITY_CUES
            # a preposition glued to the name (بالبيضاء) also says "a place"
            cued = cued or any(ch in "بل" for ch in text[tokens[n].start:start])
            if (key in countries or key in self._stops.cued or surface in self._stops.cued) and not cued:
                continue
            arabic = tokens[n].arabic
            if start > tokens[n].start:
                # Stripping a clitic makes words out of words (وكالة → كالة, فرانس → رانس):
                # trust it only for curated names and places of the Arabic-speaking world.
                codes = tuple(c for c in codes if c & 3 in (SOURCE_ALIAS, SOURCE_ADMIN)
                              or self._places[c >> 2][2] in ARABIC_NAME_COUNTRIES)
                if not codes:
                    continue
            yield _Mention(start, end, key, codes, arabic, key.count(" ") + 1)

    def _anchor_countries(self, mentions: list[_Mention]) -> Counter[str]:
        """Countries of big towns whose name is unambiguous: they set the document's context."""
        ctx: Counter[str] = Counter()
        for m in mentions:
            rows = sorted((self._places[c >> 2] for c in m.codes), key=lambda r: -r[6])
            top = rows[0]
            runner = next((r[6] for r in rows[1:] if r[2] != top[2]), 0)
            if top[6] >= 50_000 and top[6] >= 10 * max(runner, 1) or top[7] == 2:
                ctx[top[2]] += 1
        return ctx

    def _choose(self, m: _Mention, ctx: Counter[str]) -> int | None:
        best, best_score = None, -1e9
        for code in m.codes:
            number, source = code >> 2, code & 3
            _gid, _name, cc, _lat, _lon, _a1, pop, tier = self._places[number]
            score = math.log10(pop + 10)
            if source == SOURCE_ALIAS:
                score += 2.0
            elif source == SOURCE_MAIN:
                score += 0.8
            elif source == SOURCE_ADMIN:
                score += 0.5
            if tier == 2:
                score += 1.0
            if ctx.get(cc):
                score += 2.5
            if cc in PREFERRED:
                score += 0.7
            if score > best_score:
                best, best_score = number, score
        if best is None:
            return None
        _gid, _name, cc, _lat, _lon, _a1, pop, tier = self._places[best]
        if ctx.get(cc) or tier == 2 or pop >= 100_000:
            return best
        if cc in PREFERRED and (pop >= 5_000 or m.tokens > 1):
            return best
        return None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use when missing."""
    return Gazetteer.load()


def places_json(text: str, lang: str | None = None) -> list[dict[str, Any]]:
    """What `marsad places "TEXT"` prints: one dict per mention."""
    return [p.to_dict(with_evidence=True) for p in default_gazetteer().find_places(text, lang)]
