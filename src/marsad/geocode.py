"""Find places and country mentions in running text and resolve them to GeoNames.

    >>> gaz = default_gazetteer()
    >>> [p.name for p in gaz.find_places("أوقفت السلطات شخصين بتطوان والفنيدق")]
    ['Tétouan', 'Fnideq']

How a place is found:

1. The text is cut into tokens (letters plus their combining marks) with their offsets in
   the original text; each token is folded (:func:`marsad.gazetteer.fold_token`). What a
   token can start is worked out once per distinct token and cached, so in running text
   most tokens cost one dictionary look-up.
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
from itertools import accumulate, compress
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, Collection, Iterator, NamedTuple

from .gazetteer import (
    ARABIC_NAME_COUNTRIES, SOURCE_ADMIN, TARGET_COUNTRIES, SOURCE_ALIAS, SOURCE_MAIN, TOKEN_RE, default_path,
    ensure_gazetteer,
    fold_token, is_arabic, name_key, read_artefact,
)
from .lexicons import alternation, load
from .models import Evidence, Place
from .text.arabic import bmp_class, has_astral

MAX_TOKENS = 6
_PLACE_SCAN, _COUNTRY_SCAN = 0, 1
PREFERRED = frozenset({"MA", "ES", "DZ", "TN", "FR", "BE"})
# The countries the news covers and the Arab world, where mid-sized towns are named often
_NEAR_REGION = TARGET_COUNTRIES | ARABIC_NAME_COUNTRIES
_AR_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
# What may separate the words of one multi-word name in the original text.
_LATIN_GAP = re.compile(r"[ \u00A0\-'’]{1,2}")
_ARABIC_GAP = re.compile(r"[ \u00A0\-]{1,2}")
# What joins two names of one list: "، و", "، ", " و" (a glued و is inside the gap; the "and"
# words are rows of data/patterns/geocode.tsv)
_LIST_AND = alternation("patterns/geocode", "list_and")
_LIST_LINK = re.compile(r"\s*[،,]\s*(?:" + _LIST_AND + r")?|\s+(?:" + _LIST_AND + ")")
# Words before a country-named town that say "the city, not the country" (literal words, one a
# row of data/patterns/geocode.tsv)
_CITY_CUES = frozenset(name_key(w) for w in alternation("patterns/geocode", "city_word").split("|"))


class _Mention(NamedTuple):  # a NamedTuple: a frozen dataclass pays a setattr per field
    start: int  # original offsets of the name (clitics excluded)
    end: int
    key: str
    codes: tuple[int, ...]
    arabic: bool
    tokens: int


# TOKEN_RE less its "no underscore" rule, which costs half its time: the two agree on any
# text without "_", and texts with one fall back to TOKEN_RE.
_FAST_TOKEN_RE = re.compile(r"[\w\u0300-\u036F\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]+")
# Both with their match as split()'s one group (see Gazetteer._tokenise).
_TOKEN_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")
_FAST_TOKEN_SPLIT_RE = re.compile(f"({_FAST_TOKEN_RE.pattern})")
_INFO_CACHE_MAX = 300_000


@lru_cache(maxsize=1)
def _bmp_split_re() -> re.Pattern[str]:
    """_TOKEN_SPLIT_RE with TOKEN_RE's characters spelled out as one class: it splits any
    text without characters beyond U+FFFF the same way, a third faster (see bmp_class)."""
    return re.compile(f"({bmp_class(TOKEN_RE.pattern)}+)")
# a long Arabic word with a و after its second letter: the only kind _glued tries to split
_GLUED_CANDIDATE = re.compile(r"[\u0621-\u064a]{2,}و[\u0621-\u064a]{2,}")  # distinct raw tokens remembered per gazetteer (a few tens of MB)

# name_key of a matched surface: the same few names recur from document to document
_surface_key = lru_cache(maxsize=65_536)(name_key)

# One scan's view of a token: (variant key, letters stripped, variant is a key, variant
# begins a longer key), for the variants that can match anything at all.
_Variant = tuple[str, int, bool, bool]


@dataclass(frozen=True, slots=True, eq=False)  # identity equality: `None in infos` stays in C
class _TokenInfo:
    key: str
    arabic: bool
    place_variants: tuple[_Variant, ...]  # empty for lower-case Latin: never a place start
    country_variants: tuple[_Variant, ...]
    # (key, letters stripped) of the match a scan makes at this token when none of its
    # variants begins a longer key (the first variant, itself a key); None when one does
    place_fixed: tuple[str, int] | None
    country_fixed: tuple[str, int] | None
    # when no variant is a key itself: the next token keys some variant can grow over (see
    # Gazetteer._followers); None when a variant is a key, or for no variants at all
    place_gate: frozenset[str] | None
    country_gate: frozenset[str] | None
    glued_run: bool  # the token holds a _GLUED_CANDIDATE match (see Gazetteer._glued)
    glued_try: bool  # the token is one Gazetteer._glued tries to split


_GLUED_RUN = attrgetter("glued_run")
_GLUED_TRY = attrgetter("glued_try")


class _Tokens:
    """The tokens of one text: raw strings, cached facts and start offsets."""

    __slots__ = ("text", "raws", "infos", "starts", "ends")

    def __init__(self, text: str, raws: list[str], infos: list[_TokenInfo], starts: list[int],
                 ends: list[int]) -> None:
        self.text = text
        self.raws = raws
        self.infos = infos
        self.starts = starts
        self.ends = ends


def _fixed(variants: tuple[_Variant, ...]) -> tuple[str, int] | None:
    """See _TokenInfo.place_fixed. A variant that begins no longer key is kept only when it
    is a key itself, so with no head among them the first is a key."""
    if not variants or any(head for _v, _k, _whole, head in variants):
        return None
    return variants[0][0], variants[0][1]


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


# Capitalised words that may stand right before a town's name without being a given name
_NOT_GIVEN = frozenset(alternation("patterns/geocode", "not_given_name").split("|"))
_GIVEN_BEFORE = re.compile(r"(?<![.!?:;,\n\"«(])\s*\b([A-ZÀ-Ý][a-zà-ÿ]{2,})\s$")


def _after_given_name(text: str, start: int, known: Callable[[str], bool]) -> bool:
    """A capitalised word (not a sentence's first, not itself a place or country word such as
    "Spanish") right before a one-word Latin place name."""
    if start == 0 or not text[start - 1].isspace():
        return False  # the pattern ends in whitespace right before the name (most names)
    m = _GIVEN_BEFORE.search(text, max(0, start - 24), start)
    if m is None or m.group(1) in _NOT_GIVEN or known(fold_token(m.group(1))):
        return False
    before = text[max(0, start - 24):m.start(1)].rstrip()
    return bool(before) and before[-1] not in ".!?:;\n\"«(—–-" and not before.endswith(" -")


class Gazetteer:
    """Look-ups over one built artefact (see :mod:`marsad.gazetteer`)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._places: list[tuple[Any, ...]] = data["places"]
        self._index: dict[str, tuple[int, ...]] = data["index"]
        self._countries: dict[str, str] = data["countries"]
        self.attribution: str = data.get("attribution", "")
        self._stops = _stops()
        self._prefix_sets: tuple[frozenset[str], frozenset[str]] | None = None
        self._follower_maps: tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]] | None = None
        # a token key holding a space would break the one-word reading of the gates (never
        # seen: a token is a run of word characters); then the scans do without them
        self._gates_ok = True
        self._token_infos: dict[str, _TokenInfo] = {}
        self._priors: dict[int, tuple[float, str, bool]] = {}  # see _prior
        self._anchors: dict[tuple[int, ...], str | None] = {}  # candidates -> _anchor(), cached
        self._regions: frozenset[tuple[str, str]] | None = None
        # how each long glued token splits into names (None: it does not), worked out once
        self._glued_parts: dict[str, list[tuple[int, int, str, tuple[int, ...]]] | None] = {}

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

    def is_region(self, place: Place) -> bool:
        """A department, province or region rather than a town (annotators name a region
        only when no town is given)."""
        if self._regions is None:
            self._regions = frozenset((r[1], r[2]) for r in self._places if r[7] == 0 and r[0] is None)
        return place.geonames_id is None and (place.name, place.country) in self._regions

    def resolve(self, mention: str, context: tuple[str, ...] = ()) -> Place | None:
        """The best place for one isolated mention (clitics allowed), or None."""
        places = self.find_places(mention, context=context)
        return places[0] if places else None

    def find(self, text: str, lang: str | None = None, context: tuple[str, ...] = ()
             ) -> tuple[list[Place], list[tuple[str, Evidence]]]:
        """``(find_places(text, lang, context), find_countries(text, lang))`` with one
        tokenisation and one country scan shared by both: the call for extractors."""
        tokens = self._tokenise(text)
        countries = self._find_countries(tokens)
        return self._find_places(tokens, lang, context, lambda: [iso for iso, _ev in countries]), countries

    def find_spans(self, text: str, lang: str | None = None, context: tuple[str, ...] = ()
                   ) -> tuple[list[Place], list[tuple[int, int, str, str]]]:
        """:meth:`find` with each country mention as ``(start, end, quote, iso)`` instead of
        ``(iso, Evidence)``: for the extractor, which only copies those four fields out."""
        tokens = self._tokenise(text)
        spans = self._country_spans(tokens)
        return self._find_places(tokens, lang, context, lambda: [span[3] for span in spans]), spans

    def find_countries(self, text: str, lang: str | None = None) -> list[tuple[str, Evidence]]:
        """Country names, adjectives and demonyms in ``text`` as (ISO2, evidence)."""
        return self._find_countries(self._tokenise(text))

    def find_places(self, text: str, lang: str | None = None,
                    context: tuple[str, ...] = ()) -> list[Place]:
        """Places named in ``text``, one per mention, in text order."""
        tokens = self._tokenise(text)
        return self._find_places(tokens, lang, context, lambda: [s[3] for s in self._country_spans(tokens)])

    # -- internals --------------------------------------------------------------------------

    def _find_countries(self, tokens: _Tokens) -> list[tuple[str, Evidence]]:
        return [(iso, Evidence("", a, b, quote)) for a, b, quote, iso in self._country_spans(tokens)]

    def _country_spans(self, tokens: _Tokens) -> list[tuple[int, int, str, str]]:
        text = tokens.text
        out: list[tuple[int, int, str, str]] = []
        for _n, start, end, key in self._scan(tokens, _COUNTRY_SCAN):
            iso = self._countries[key]
            if iso:
                out.append((start, end, text[start:end], iso))
        return out

    def _find_places(self, tokens: _Tokens, lang: str | None, context: tuple[str, ...],
                     country_isos: Callable[[], list[str]]) -> list[Place]:
        text = tokens.text
        mentions = list(self._mentions(tokens, lang))
        glued = self._glued(tokens, mentions)
        if glued:
            mentions = sorted(mentions + glued, key=lambda m: m.start)
        if not mentions:
            return []
        # _choose only asks whether a country is in the context, never how often: a set of
        # the countries the Counter of all three sources would count holds the same answers
        ctx = set(country_isos())
        ctx.update(context)
        ctx.update(self._anchor_isos(mentions))
        out = []
        for m in mentions:
            number = self._choose(m, ctx)
            if number is not None:
                out.append(self._place(number, Evidence("", m.start, m.end, text[m.start:m.end])))
        return out

    def _place(self, number: int, evidence: Evidence | None) -> Place:
        gid, name, cc, lat, lon, admin1, _pop, _tier = self._places[number]
        return Place(name=name, country=cc, geonames_id=gid, lat=lat, lon=lon, admin1=admin1,
                     evidence=evidence)

    def _is_place_key(self, key: str) -> bool:
        # what the place scan consumes: town names, blocking phrases and country terms
        # (a country term is consumed so its words do not match a town, but yields nothing)
        return key in self._index or key in self._stops.blocks or key in self._countries

    def _prefixes(self) -> tuple[frozenset[str], frozenset[str]]:
        """Every text before a space inside a key, for the place scan and the country scan.
        A run of tokens can only grow into a key while what it has read so far is here."""
        if self._prefix_sets is None:
            def heads(keys: Any) -> frozenset[str]:
                out: set[str] = set()
                for key in keys:
                    j = key.find(" ")
                    while j != -1:
                        out.add(key[:j])
                        j = key.find(" ", j + 1)
                return frozenset(out)
            countries = heads(self._countries)
            places = heads(self._index) | heads(self._stops.blocks) | countries
            self._prefix_sets = (places, countries)
        return self._prefix_sets

    def _followers(self) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """For the place scan and the country scan: each head (see _prefixes) -> the words that
        follow it in a key, ``head word`` being a key or a longer key's head exactly when
        ``word`` (a token key, without a space) is one of them."""
        if self._follower_maps is None:
            def words_after(keys: Any) -> dict[str, set[str]]:
                out: dict[str, set[str]] = {}
                for key in keys:
                    j = key.find(" ")
                    while j != -1:
                        nxt = key.find(" ", j + 1)
                        out.setdefault(key[:j], set()).add(key[j + 1:] if nxt == -1 else key[j + 1:nxt])
                        j = nxt
                return out
            countries = words_after(self._countries)
            places = words_after(self._index)
            for more in (words_after(self._stops.blocks), countries):
                for head, words in more.items():
                    places.setdefault(head, set()).update(words)
            self._follower_maps = ({k: frozenset(v) for k, v in places.items()},
                                   {k: frozenset(v) for k, v in countries.items()})
        return self._follower_maps

    def _gate(self, variants: tuple[_Variant, ...], followers: dict[str, frozenset[str]]) -> frozenset[str] | None:
        """The next-token keys over which one of ``variants`` can grow, when none is a key by
        itself: for any other next token the scan at this token finds nothing."""
        if not variants or any(whole for _v, _k, whole, _h in variants):
            return None
        out: set[str] = set()
        for variant, _k, _whole, head in variants:
            if head:
                out |= followers.get(variant, frozenset())
        return frozenset(out)

    def _token_info(self, raw: str) -> _TokenInfo:
        """Everything the scans need to know about one distinct token, worked out once."""
        key = fold_token(raw)
        arabic = is_arabic(raw)
        if arabic:
            variants: list[tuple[str, int]] = []
            for v0, stripped in _clitic_variants(key):
                for v in _article_variants(v0):
                    # a repeated variant can never win over its first occurrence
                    if all(v != seen for seen, _ in variants):
                        variants.append((v, stripped))
        else:
            variants = [(key, 0)]
        variants = [(v, k) for v, k in variants if len(v.replace("ال", "", 1)) >= 2]
        place_heads, country_heads = self._prefixes()
        places = tuple((v, k, self._is_place_key(v), v in place_heads) for v, k in variants
                       if self._is_place_key(v) or v in place_heads)
        if not arabic and not raw[:1].isupper():
            places = ()  # Latin names must be capitalised: "casa", "sale" in prose
        countries = tuple((v, k, v in self._countries, v in country_heads) for v, k in variants
                          if v in self._countries or v in country_heads)
        glued = len(raw) >= 5 and _GLUED_CANDIDATE.search(raw) is not None
        if " " in key:
            self._gates_ok = False
        place_next, country_next = self._followers()
        info = _TokenInfo(key, arabic, places, countries, _fixed(places), _fixed(countries),
                          self._gate(places, place_next), self._gate(countries, country_next), glued,
                          len(raw) >= 8 and "و" in raw[2:] and arabic)
        if len(self._token_infos) >= _INFO_CACHE_MAX:
            self._token_infos.clear()
        self._token_infos[raw] = info
        return info

    def _tokenise(self, text: str) -> _Tokens:
        # split() on the capturing pattern alternates gap, token, gap, token…: the running
        # sum of the pieces' lengths gives each token's start without a Python-level loop
        if has_astral(text):
            parts = (_TOKEN_SPLIT_RE if "_" in text else _FAST_TOKEN_SPLIT_RE).split(text)
        else:
            parts = _bmp_split_re().split(text)
        raws = parts[1::2]
        bounds = list(accumulate(map(len, parts)))  # the last, the text's length, is no bound
        infos = list(map(self._token_infos.get, raws))
        if not all(infos):  # a token not seen yet (None): `all` skips None-in's comparisons
            infos = [info or self._token_info(raw) for raw, info in zip(raws, infos)]
        return _Tokens(text, raws, infos, bounds[0:-1:2], bounds[1::2])  # type: ignore[arg-type]

    def _scan(self, tokens: _Tokens, which: int) -> Iterator[tuple[int, int, int, str]]:
        """Leftmost-longest matches of one scan's keys: (token number, start, end, key)."""
        text, infos, starts, ends = tokens.text, tokens.infos, tokens.starts, tokens.ends
        if which == _PLACE_SCAN:
            is_key: Callable[[str], bool] = self._is_place_key
            heads = self._prefixes()[0]
            candidates = compress(range(len(infos)), map(attrgetter("place_variants"), infos))
        else:
            is_key = self._countries.__contains__
            heads = self._prefixes()[1]
            candidates = compress(range(len(infos)), map(attrgetter("country_variants"), infos))
        n_tok = len(infos)
        gates = self._gates_ok
        resume = 0  # the first token not consumed by the previous match
        for i in candidates:
            if i < resume:
                continue
            first = infos[i]
            fixed = first.place_fixed if which == _PLACE_SCAN else first.country_fixed
            if fixed is not None and (i + 1 >= n_tok or infos[i + 1].key):
                # no variant begins a longer key: the first (a key itself) is the match,
                # as the loop below finds (see its note on a marks-only next token)
                start = starts[i]
                if fixed[1]:
                    start += _letter_offset(tokens.raws[i], fixed[1])
                yield i, start, ends[i], fixed[0]
                resume = i + 1
                continue
            gate = first.place_gate if which == _PLACE_SCAN else first.country_gate
            if gate is not None and gates and (i + 1 >= n_tok or infos[i + 1].key not in gate):
                # no variant is a key and none can grow over the next token: the loop below
                # would find nothing (most capitalised words and article-led Arabic words)
                continue
            variants = first.place_variants if which == _PLACE_SCAN else first.country_variants
            gap_re = _ARABIC_GAP if first.arabic else _LATIN_GAP
            best_len, best_key, best_stripped = 0, "", 0
            for variant, stripped, whole, head in variants:
                length = 1 if whole else 0
                key = variant
                if not head and (i + 1 >= n_tok or infos[i + 1].key):
                    # Nothing can grow from a variant that begins no longer key: a grown run
                    # "variant tail" would be a key (or a head) only if "variant" were a head.
                    # The one exception, a marks-only next token (folded to ""), takes the loop.
                    if length > best_len:
                        best_len, best_key, best_stripped = length, key, stripped
                    continue
                # grow the run over adjacent tokens while it is still the start of a key
                run, last, grown = 1, i, variant
                while run < MAX_TOKENS and last + 1 < n_tok:
                    tail = infos[last + 1].key
                    longer = f"{grown} {tail}"
                    # A token of marks only ("ـ" used as a dash) folds to "": the matcher has
                    # always read "name ـ" as the two-token key "name"; results keep that.
                    probe = variant if run == 1 and not tail else longer
                    hit = is_key(probe)
                    more = longer in heads
                    # the gap test (a regex) only when taking the token could change anything
                    if not (hit or more) or not gap_re.fullmatch(text, ends[last], starts[last + 1]):
                        break
                    last += 1
                    run += 1
                    grown = longer
                    if hit:
                        length, key = run, probe
                    if not more:
                        break
                # the longest match wins; among equals, the earliest variant
                if length > best_len:
                    best_len, best_key, best_stripped = length, key, stripped
            if not best_len:
                continue
            start = starts[i]
            if best_stripped:
                start += _letter_offset(tokens.raws[i], best_stripped)
            yield i, start, ends[i + best_len - 1], best_key
            resume = i + best_len

    def _place_codes(self, key: str) -> tuple[int, ...]:
        if key in self._stops.blocks:
            return ()
        return self._index.get(key, ())

    def _mentions(self, tokens: _Tokens, lang: str | None) -> Iterator[_Mention]:
        text, infos = tokens.text, tokens.infos
        countries = self._countries
        last_end = -1  # where the last place name found ended
        for n, start, end, key in self._scan(tokens, _PLACE_SCAN):
            codes = self._place_codes(key)
            if not codes:
                continue
            if self._stops.place_stopped(key, lang):
                continue
            surface = _surface_key(text[start:end])
            if surface != key and self._stops.place_stopped(surface, lang):
                continue
            arabic = infos[n].arabic
            if not arabic and " " not in key and text[start:end].isupper() and end - start <= 4:
                continue  # "DEL", "UN": acronyms and shouting headlines
            if not arabic and " " not in key and _after_given_name(text, start, self._is_place_key):
                continue  # "Diego Valencia", "Antonio Rodríguez": a surname, not the town
            cued = n > 0 and infos[n - 1].key in _CITY_CUES
            # a preposition glued to the name (بالبيضاء) also says "a place"
            token_start = tokens.starts[n]
            cued = cued or (start > token_start and ("ب" in text[token_start:start] or "ل" in text[token_start:start]))
            if not cued and key not in countries and 0 <= start - last_end <= 4 and _LIST_LINK.fullmatch(text, last_end, start):
                # "…بفاس، والجديدة، والرباط": a cue-only name (الجديدة, البيضاء) inside a list of towns
                cued = key in self._stops.cued or surface in self._stops.cued
            if (key in countries or key in self._stops.cued or surface in self._stops.cued) and not cued:
                continue
            if start > token_start:
                # Stripping a clitic makes words out of words (وكالة → كالة, فرانس → رانس):
                # trust it only for curated names and places of the Arabic-speaking world.
                codes = tuple(c for c in codes if c & 3 in (SOURCE_ALIAS, SOURCE_ADMIN)
                              or self._places[c >> 2][2] in ARABIC_NAME_COUNTRIES)
                if not codes:
                    continue
            last_end = end
            yield _Mention(start, end, key, codes, arabic, key.count(" ") + 1)

    def _glued(self, tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
        """Names run together where scraped markup dropped the spaces ("فاسوالدارالبيضاءوالناظور"):
        a long Arabic token no name matched, that splits at و into two or more known places."""
        if not any(map(_GLUED_RUN, tokens.infos)):
            # no long Arabic word with an inner و: nothing to split (most texts). Every run of
            # Arabic letters lies inside one token, so the text holds a _GLUED_CANDIDATE match
            # exactly when one of its tokens does; each token's answer is cached in its info.
            return []
        taken = {m.start for m in mentions}
        out: list[_Mention] = []
        raws = tokens.raws
        for n in compress(range(len(raws)), map(_GLUED_TRY, tokens.infos)):
            raw = raws[n]
            start = tokens.starts[n]
            if any(start <= t < start + len(raw) for t in taken):
                continue
            parts = self._glued_parts.get(raw, False)
            if parts is False:
                parts = self._split_glued(raw, 0)
                if len(self._glued_parts) < _INFO_CACHE_MAX:
                    self._glued_parts[raw] = parts
            if parts is None or len(parts) < 2:
                continue
            for a, b, key, codes in parts:
                out.append(_Mention(start + a, start + b, key, codes, True, 1))
        return out

    def _split_glued(self, raw: str, pos: int) -> list[tuple[int, int, str, tuple[int, ...]]] | None:
        # the longest known name first; every later name comes after its و
        for end in range(len(raw), pos + 2, -1):
            if end < len(raw) and raw[end] != "و":
                continue
            key = fold_token(raw[pos:end])
            codes = self._place_codes(key) if len(key.replace("ال", "", 1)) >= 3 else ()
            if not codes or self._stops.place_stopped(key, "ar"):
                continue
            if end == len(raw):
                return [(pos, end, key, codes)]
            rest = self._split_glued(raw, end + 1)
            if rest is not None:
                return [(pos, end, key, codes), *rest]
        return None

    def _anchor_countries(self, mentions: list[_Mention]) -> Counter[str]:
        """Countries of big towns whose name is unambiguous: they set the document's context."""
        return Counter(iso for iso in map(self._anchor_of, mentions) if iso is not None)

    def _anchor_isos(self, mentions: list[_Mention]) -> set[str]:
        """The keys of :meth:`_anchor_countries`: all the context needs."""
        isos = set(map(self._anchor_of, mentions))
        isos.discard(None)
        return isos  # type: ignore[return-value]

    def _anchor_of(self, m: _Mention) -> str | None:
        iso = self._anchors.get(m.codes, False)
        if iso is False:
            iso = self._anchor(m.codes)
            if len(self._anchors) >= _INFO_CACHE_MAX:
                self._anchors.clear()
            self._anchors[m.codes] = iso
        return iso

    def _anchor(self, codes: tuple[int, ...]) -> str | None:
        """The country a mention with these candidates anchors, if any (see _anchor_countries)."""
        rows = sorted((self._places[c >> 2] for c in codes), key=lambda r: -r[6])
        top = rows[0]
        runner = next((r[6] for r in rows[1:] if r[2] != top[2]), 0)
        # a town far from the region anchors its country only when it is a big city
        big = top[6] >= 1_000_000 or (top[6] >= 50_000 and top[2] in _NEAR_REGION)
        if big and top[6] >= 10 * max(runner, 1) or top[7] == 2:
            return top[2]
        return None

    def _prior(self, code: int) -> tuple[float, str, bool]:
        """A candidate's score before the document's context: (score, country, preferred)."""
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
        prior = (score, cc, cc in PREFERRED)
        self._priors[code] = prior  # bounded by the gazetteer's size
        return prior

    def _choose(self, m: _Mention, ctx: Collection[str]) -> int | None:
        """The best candidate of a mention, or None; ``ctx``: the countries of the document's
        context (a set, or a Counter of positive counts)."""
        best, best_score = None, -1e9
        priors = self._priors
        for code in m.codes:
            prior = priors.get(code)
            if prior is None:
                prior = self._prior(code)
            score, cc, preferred = prior
            # added in the order the score was always summed in, so the floats are the same
            if cc in ctx:
                score += 2.5
            if preferred:
                score += 0.7
            if score > best_score:
                best, best_score = code >> 2, score
        if best is None:
            return None
        _gid, _name, cc, _lat, _lon, _a1, pop, tier = self._places[best]
        if cc in ctx or tier == 2 or pop >= 1_000_000 or (pop >= 100_000 and cc in _NEAR_REGION):
            # far from the region, a mid-sized town named like a surname or a word (Rodriguez,
            # Libertad, Loni) needs its country in the text
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
