"""Find dates in news text and resolve them, relative ones against the publication date.

``find_dates(text, lang, published)`` returns :class:`DateMention` s, each with a ``value``
as precise as the text allows (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) and a ``kind``:

* ``absolute``: a day and/or month with a year ("6 يونيو 2024", "le 4 février 2020",
  "February 4, 2020", "يونيو 2024", "04/02/2020"); a day and month without a year take
  the publication year, or the year before when that would fall after publication;
* ``hijri``: "3 جمادى الأولى 1445", converted to Gregorian (Umm al-Qura, hijridate);
* ``weekday``: a weekday, with or without اليوم/أمس/صباح/ce/este/last…: the most recent such
  weekday on or before publication (أمس الاثنين: on or before the day before;
  الثلاثاء الماضي / mardi dernier / last Tuesday: strictly before; المقبل/next: after);
* ``relative``: اليوم, أمس, hier, ayer, yesterday (a day), الأسبوع الماضي / last week (the day
  seven days before publication), الشهر الماضي (a month), العام الماضي (a year), and a month
  name with الماضي/dernier/pasado/last (the most recent such month before publication's);
* ``year``: a four-digit year after a cue word (سنة 2019, عام, منذ, en 2019, in, since…);
  ``cue`` holds the folded cue so callers can tell "منذ 2002" (a period start) from
  "سنة 2019". A second year joined to it ("2015 و2016", "2015-2016") is a year mention too.

Month names alone are never dates (مارس is also a verb, May a modal). Without ``published``
(or with only a year or month of it) relative forms return nothing. Vocabulary lives in
``lexicons/months``, ``lexicons/weekdays`` and ``lexicons/relative_dates``; the small words the
patterns read around them (de, of, من, le, the, 1er, et, و…) in ``patterns/dates``, so a
language is added by adding rows, not by editing these regexes.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, islice, repeat
from operator import itemgetter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import ahocorasick_rs
from hijridate import Hijri

from .. import lexicons
from ..errors import ConfigError
from ..lexicons import LANGS, load
from .arabic import NormText, fold, fold_arabic_letters, normalize

__all__ = ["DateMention", "find_dates", "SUPPORTED_LANGS"]

SUPPORTED_LANGS = LANGS


def _words(pattern: str, lang: str | None = None) -> str:
    """The ``|``-joined alternatives of one row group of data/patterns/dates.tsv (all
    languages', or ``lang``'s only), to be wrapped in a group by the regex that reads them."""
    # the text these run on is normalised: an Arabic row (سنة, السنة الماضية) must be too
    return fold_arabic_letters(lexicons.alternation("patterns/dates", pattern, None if lang is None else (lang,)))


def _langs_with(pattern: str) -> frozenset[str]:
    """The languages that have rows in a row group (``any`` rows count for none)."""
    return frozenset(lang for row in load("patterns/dates").rows if row["pattern"] == pattern
                     for lang in row["lang"].split() if lang != "any")


_ARTICLES = r"(?:(?:" + _words("article") + r")\s+)?"
_NOT_WORD_BEFORE = r"(?<![^\W_])"
_NOT_WORD_AFTER = r"(?![^\W_])"
# the words of the date patterns, as alternations (see data/patterns/dates.tsv)
_OF_MONTH = _words("of_month")
_OF_YEAR = _words("of_year")
_OF_YEAR_AFTER_MONTH = _words("of_year_after_month")
_DAY_LIST_AND = _words("day_list_and")
_DAY_SUFFIX = _words("day_suffix")
_MONTH_BEFORE_YEAR = _words("month_before_year")
_MONTH_NOUN = _words("month_noun")
_MONTH_IN_PREP = _words("month_in_prep")
_OF_NUMBER = _words("of_number")
_HIJRI_OF = _words("hijri_of")
_YEAR_WORDS = _words("year_word")
_HIJRI_ERA = _words("hijri_era")
_WEEKDAY_DAY_WORD = _words("weekday_day_word")
_YEAR_RANGE_JOIN = _words("year_range_join")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    quote: str
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY
    kind: str  # absolute | relative | weekday | year | hijri
    cue: str | None = None  # folded cue/modifier: year cue (منذ, since, en) or weekday modifier (الماضي, last, ce)


@dataclass(frozen=True, slots=True)
class _Grammar:
    months: dict[str, int]
    hijri: dict[str, int]
    weekdays: dict[str, int]
    roles: dict[str, dict[str, int]]  # role -> folded phrase -> offset
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (name, regex) in priority order
    anchor: re.Pattern[str]  # every date contains one of these: a digit or a key word
    # the first word of every key a pattern cannot match without (see _NEEDS_WORD), and the
    # kinds of key it starts; one automaton pass tells which kinds each window holds
    key_heads: ahocorasick_rs.AhoCorasick | None
    head_kinds: tuple[frozenset[str], ...]
    head_anchors: tuple[bool, ...]  # the head begins a key of the anchor
    digit_free: bool  # no anchor key holds a digit (what _anchor_spans relies on)


def _alt(words: list[str] | dict[str, int] | set[str]) -> str:
    """Regex alternation of folded words, longest first, spaces matching any blank run.

    Written as a character trie (``ا(?:لاثنين|لثلاثاء)``) rather than a flat list of words:
    ``re`` tries a flat alternation's branches one by one at every position, which made the
    date anchor scan cost as much as all date patterns together. The two match the same
    text with the same backtracking order: at one position only the words along one trie path
    can match, they are prefixes of one another, and the greedy ``(?:…)?`` tries the longer
    one first, exactly as the longest-first list did.
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return "(?:" + _trie_regex(trie) + ")" if trie else "(?!)"


def _trie_regex(node: dict[str, Any]) -> str:
    """Regex for the rest of the words under one trie node ("" when they all end here)."""
    # a space inside a phrase matches any run of blanks, as in the lexicon's _key() form
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child)
                for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here too: the greedy ? tries the longer words first
        return "(?:" + body + ")?"
    return body


def _key(matched: str) -> str:
    return " ".join(matched.split())


@lru_cache(maxsize=None)
def _grammar(lang: str) -> _Grammar:
    if lang not in SUPPORTED_LANGS:
        raise ConfigError(f"unsupported language {lang!r} (expected one of {SUPPORTED_LANGS})")
    months: dict[str, int] = {}
    hijri: dict[str, int] = {}
    for row in load("lexicons/months").rows:
        if row["lang"] == lang:
            (hijri if row["calendar"] == "hijri" else months)[_key(fold(row["name"]))] = int(row["month"])
    weekdays = {
        _key(fold(r["name"])): int(r["weekday"]) for r in load("lexicons/weekdays").rows if r["lang"] == lang
    }
    roles: dict[str, dict[str, int]] = {}
    positions: dict[tuple[str, str], str] = {}
    for row in load("lexicons/relative_dates").rows:
        if row["lang"] == lang:
            phrase = _key(fold(row["phrase"]))
            roles.setdefault(row["role"], {})[phrase] = int(row["offset"] or 0)
            positions[(row["role"], phrase)] = row["position"]

    def role_alt(role: str, position: str | None = None) -> str:
        return _alt([p for p in roles.get(role, {}) if position is None or positions[(role, p)] == position])

    pc = r"(?P<pc>[وفبل]{0,2}?)" if lang == "ar" else ""
    M, M2, WD, HM = _alt(months), _alt(months), _alt(weekdays), _alt(hijri)
    part = role_alt("part")
    day = role_alt("day")
    wd_pre = _alt([p for r in ("wd_prev", "wd_this", "wd_next") for p in roles.get(r, {})
                   if positions[(r, p)] == "before"])
    wd_post = _alt([p for r in ("wd_prev", "wd_this", "wd_next") for p in roles.get(r, {})
                    if positions[(r, p)] == "after"])
    mo_pre = _alt([p for r in ("month_prev", "month_this") for p in roles.get(r, {})
                   if positions[(r, p)] == "before"])
    mo_post = _alt([p for r in ("month_prev", "month_this") for p in roles.get(r, {})
                    if positions[(r, p)] == "after"])
    periods = _alt([p for r in ("week", "month", "year") for p in roles.get(r, {})])
    cue = role_alt("year_cue")
    year = r"(?P<y>(?:19|20)\d\d)(?!\d)"
    lead = rf"{_NOT_WORD_BEFORE}{pc}"
    wd_lead = rf"(?:(?:{part})\s+)?(?:(?P<wd>{WD})\s*,?\s*)?{_ARTICLES}"
    month_tail = rf"(?:\s*[/(-]\s*{M2}\s*\)?)?"  # 6 يونيو/حزيران 2024, يونيو (حزيران)
    of_month = rf"(?:(?:{_OF_MONTH})\s+)?"
    of_year = rf"(?:\s*,?\s*(?:(?:{_OF_YEAR})\s+)?" + year + ")?"
    # "les 17, 21 et 23 octobre", "يومي 1 و2 غشت": a list of days takes its first
    more_days = rf"(?:\s*(?:{_DAY_LIST_AND})\s*\d{{1,2}}(?!\d))*"
    dmy = (rf"{lead}{_ARTICLES}{wd_lead}(?P<d>\d{{1,2}})(?!\d)(?:{_DAY_SUFFIX})?{more_days}\.?\s*{of_month}"
           rf"(?P<m>{M})\.?{_NOT_WORD_AFTER}{month_tail}{of_year}(?:\s+(?:{mo_post}){_NOT_WORD_AFTER})?")
    mdy = (rf"{lead}{_ARTICLES}{wd_lead}(?P<m>{M})\.?\s+(?P<d>\d{{1,2}})(?!\d)(?:{_words('month_day_suffix', lang)})?"
           rf"(?:\s*,?\s*{year})?")
    my = (rf"{lead}(?:(?:{_MONTH_BEFORE_YEAR})\s+)?(?P<m>{M})\.?{_NOT_WORD_AFTER}{month_tail}"
          rf"\s*,?\s*(?:(?:{_OF_YEAR_AFTER_MONTH})\s+)?{year}")
    mrel = (rf"{lead}(?:(?P<mpre>{mo_pre})\s+)?(?:(?:{_MONTH_NOUN})\s+)?(?P<m>{M}){_NOT_WORD_AFTER}"
            rf"{month_tail}(?:\s+(?P<mpost>{mo_post}))?{_NOT_WORD_AFTER}")
    # "in December", "en décembre", "في ديسمبر": a month named after its preposition, without
    # a year, is the latest such month up to the report's date
    month_in = (rf"{lead}(?:{_MONTH_IN_PREP})\s+(?:(?:{_MONTH_NOUN})\s+)?"
                rf"(?P<m>{M}){_NOT_WORD_AFTER}(?!\.?\s*,?\s*(?:(?:{_OF_NUMBER})\s+)?\d)")
    hijri_re = (rf"{lead}(?P<d>\d{{1,2}})\s+(?:(?:{_HIJRI_OF})\s+)?(?P<hm>{HM}){_NOT_WORD_AFTER}\s*,?\s*"
                rf"(?:(?:{_YEAR_WORDS})\s+)?(?P<hy>1[345]\d\d)(?!\d)(?:\s*(?:{_HIJRI_ERA}){_NOT_WORD_AFTER})?")
    numeric = (r"(?<![\d/.-])(?:(?P<d>\d{1,2})[/.-](?P<mo>\d{1,2})[/.-]" + year
               + r"|(?P<y2>(?:19|20)\d\d)-(?P<mo2>\d\d)-(?P<d2>\d\d))(?![\d/.-]*\d)")
    weekday = (rf"{lead}(?:(?P<pre>{wd_pre})\s+)?(?:(?:{part})\s+)?(?:(?P<day>{day})\s+)?(?:(?:{_WEEKDAY_DAY_WORD})\s+)?"
               rf"(?P<wd>{WD}){_NOT_WORD_AFTER}(?:\s+(?P<post>{wd_post}){_NOT_WORD_AFTER})?")
    day_alone = rf"{lead}(?P<day>{day}){_NOT_WORD_AFTER}"
    # "el pasado día 14", "los días 20 y 22": a day of the month without its month is the
    # latest such day up to publication (Spanish news often dates the operation so)
    # a dot may follow the day ("el día 2." ends a sentence), a dot and a digit (2.5) may not
    day_num = (rf"{lead}(?:{_words('day_num_article', lang)})\s+(?:(?:{_words('day_num_past', lang)})\s+)?"
               rf"(?:{_words('day_num_noun', lang)})\s+(?P<d>\d{{1,2}})(?![\d/-]|\.\d){more_days}")
    period = rf"{lead}(?P<period>{periods}){_NOT_WORD_AFTER}"
    year_re = (rf"{lead}(?P<cue>{cue})\s+{year}(?:\s*(?:{_YEAR_RANGE_JOIN})\s*"
               r"(?P<y_b>(?:19|20)\d\d)(?!\d))?")
    patterns = (
        ("hijri", hijri_re), ("numeric", numeric), ("dmy", dmy), ("mdy", mdy), ("my", my), ("day_num", day_num),
        ("weekday", weekday), ("mrel", mrel), ("month_in", month_in), ("period", period), ("day", day_alone),
        ("year", year_re),
    )
    # month-day order ("February 4") and a day without its month ("el día 14") are read only
    # in the languages whose words for them the data file lists
    if lang not in _langs_with("month_day_suffix"):
        patterns = tuple(p for p in patterns if p[0] != "mdy")
    if lang not in _langs_with("day_num_noun"):
        patterns = tuple(p for p in patterns if p[0] != "day_num")
    # The anchor starts with a plain alternation, which re scans for quickly; the full
    # patterns (which open with optional groups and lookbehinds) then run only near anchors.
    keys = list(months) + list(hijri) + list(weekdays) + [
        p for r in ("day", "week", "month", "year") for p in roles.get(r, {})]
    anchor = re.compile("(?:" + _alt(keys) + r"|\d+)")  # one hit per run of digits, not per digit
    kinds: dict[str, set[str]] = {}
    for kind, keys_of_kind in (("month", months), ("hijri_month", hijri), ("weekday", weekdays),
                               ("day", roles.get("day", {})), ("year_cue", roles.get("year_cue", {})),
                               ("period", [p for r in ("week", "month", "year") for p in roles.get(r, {})]),
                               ("month_mod", [p for r in ("month_prev", "month_this") for p in roles.get(r, {})])):
        for key in keys_of_kind:
            # a space in a key matches any blank run, so only its first word is literal text
            kinds.setdefault(key.split(" ")[0], set()).add(kind)
    heads = [h for h in kinds if h]
    key_heads = ahocorasick_rs.AhoCorasick(heads, matchkind=ahocorasick_rs.MatchKind.Standard) if heads else None
    head_kinds = tuple(frozenset(kinds[h]) for h in heads)
    return _Grammar(months, hijri, weekdays, roles,
                    tuple((name, re.compile(rx)) for name, rx in patterns), anchor,
                    key_heads, head_kinds, tuple(bool(k & _ANCHOR_KINDS) for k in head_kinds),
                    not any(_DIGIT.search(key) for key in keys))


_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@lru_cache(maxsize=4096)  # a pure answer per date string; a corpus has few distinct ones
def _parse_published(published: str | None) -> tuple[int | None, int | None, date | None]:
    """(year, month, full date) of a YYYY[-MM[-DD]] publication date; None where unknown."""
    if not published:
        return None, None, None
    m = _PUBLISHED.match(published.strip())
    if not m:
        return None, None, None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    full = None
    if m.group(3):
        try:
            full = date(y, mo or 1, int(m.group(3)))
        except ValueError:
            full = None
    return y, mo, full


# How far a date expression reaches before its first anchor (صباح يوم, el pasado, the, le) and
# after its last one (الماضي, هـ, dernier); generous, since a window cut short loses a date.
_BEFORE, _AFTER = 30, 25


def _anchor_spans(g: _Grammar, s: str, heads: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The spans ``g.anchor.finditer(s)`` yields, found without scanning every position.

    The anchor is one long alternation, which ``re`` tries at each character of the text.
    A hit can only begin where a key's first word does (``heads``: the automaton's hits)
    or a run of digits starts, so the same regex is tried just at those places, left to
    right, each attempt starting after the previous hit, as finditer does. That relies on no
    key holding a digit (so a hit never ends inside a run of digits); should a lexicon ever
    add one, the plain scan runs instead.

    For the same reason the regex need not run at a run of digits: no key can match there,
    so the anchor's ``\\d+`` takes the whole run, and no hit of a key (digit-free) can
    cover a digit, so no run is ever skipped; the runs' spans are taken as they are.
    """
    if not g.digit_free:
        return [m.span() for m in g.anchor.finditer(s)]
    starts = {start for head, start, _end in heads if g.head_anchors[head]}
    out = _digit_runs(s)
    pos = 0
    match = g.anchor.match
    for p in sorted(starts):
        if p < pos:
            continue
        m = match(s, p)
        if m is not None:
            out.append(m.span())
            pos = m.end()
    out.sort()
    return out


def _digit_runs(s: str) -> list[tuple[int, int]]:
    """The span of each run of digits: ``[m.span() for m in _DIGITS.finditer(s)]``.

    Splitting on the runs of non-digits, which cover most of a text, lets ``re`` consume them
    in its fast repeat loop instead of trying ``\\d`` at every position; the pieces alternate
    digits, gap, digits… (the first and last may be empty), so the running sum of their
    lengths gives every run's start.
    """
    parts = _NON_DIGITS_SPLIT.split(s)
    offsets = accumulate(map(len, parts), initial=0)
    return [(a, a + len(run)) for a, run in zip(islice(offsets, 0, None, 2), parts[0::2]) if run]


def _windows(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Merged [start, end) windows of a text of ``length`` around anchor hits."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        a, b = max(0, start - _BEFORE), min(length, end + _AFTER)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


# What each pattern cannot match without: a digit (a day, a year, a numeric date) and/or a
# key of one kind, named as in _grammar's key_heads. Each is a mandatory part of the regex.
_NEEDS: dict[str, frozenset[str]] = {
    "hijri": frozenset(("digit", "hijri_month")),
    "numeric": frozenset(("digit", "numeric_core")),
    "dmy": frozenset(("digit", "month")),
    "mdy": frozenset(("digit", "month")),
    "my": frozenset(("digit", "month")),
    "day_num": frozenset(("digit",)),
    "weekday": frozenset(("weekday",)),
    "mrel": frozenset(("month", "month_mod")),  # a month without الماضي/dernier resolves to nothing
    "month_in": frozenset(("month",)),  # ...unless a preposition stands before it
    "period": frozenset(("period",)),
    "day": frozenset(("day",)),
    "year": frozenset(("digit", "year_cue")),
}
# Patterns that only resolve against a full publication date (see _resolve).
_RELATIVE_TO_DAY = frozenset(("weekday", "day", "period", "day_num"))
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")  # the anchor's own digit branch
_NON_DIGITS_SPLIT = re.compile(r"(\D+)")  # see _digit_runs
# Every numeric date (6/2/2024, 2024-02-06) holds a digit, a separator and a digit in a row.
_NUMERIC_CORE = re.compile(r"\d[/.-]\d")
# The kinds of key the anchor is made of (see _grammar: keys).
_ANCHOR_KINDS = frozenset(("month", "hijri_month", "weekday", "day", "period"))


_TIMELINE_REACH = 300  # characters back in which a year named sets a bare month's year
# a year a timeline names: opening its paragraph or sentence ("2015 se abre con…"), or after a
# year word or preposition ("en 2015", "in 2015", "عام 2015"); "some 2000 soldiers" is no year
# (year_word's two words never both match at one place, so their order is free)
_YEAR_WORD = re.compile(r"(?:^|\n|[.!?]\s+|(?:\b(?:" + _words("timeline_year_prep") + r")|(?:" + _YEAR_WORDS + r"))\s+)"
                        r"((?:19|20)\d\d)(?!\d)", re.I)


def _can_resolve(name: str, pub_y: int | None, pub_m: int | None, pub: date | None) -> bool:
    """False for a pattern whose every match _resolve would drop: relative forms need the
    publication day (a month with الماضي/dernier, its month), so without it they are not run."""
    if name in _RELATIVE_TO_DAY:
        return pub is not None
    if name in ("mrel", "month_in"):
        return pub_y is not None and pub_m is not None
    return True


def _kinds_in_windows(g: _Grammar, windows: list[tuple[int, int]],
                      heads: list[tuple[int, int, int]]) -> list[set[str]]:
    """For each window, the kinds of key whose first word lies wholly inside it.

    A regex run with ``finditer(s, a, b)`` consumes only text of [a, b), so a pattern that
    must match a month can match in a window only if a month's first word is in it. The
    automaton reports overlapping occurrences too, so none hidden by another key is missed.
    """
    kinds: list[set[str]] = [set() for _ in windows]
    if not windows:
        return kinds
    starts = [a for a, _ in windows]
    ends = [b for _, b in windows]
    head_kinds = g.head_kinds
    # each head's window (bisect by map, in C), then one set union per head that fits
    for (head, _start, end), k in zip(heads, map(bisect_right, repeat(starts), map(itemgetter(1), heads))):
        if k and end <= ends[k - 1]:
            kinds[k - 1] |= head_kinds[head]
    return kinds


def _iso(d: date) -> str:
    return d.isoformat()


def _infer_year(month: int, day: int | None, pub_y: int | None, pub_m: int | None,
                pub: date | None) -> int | None:
    """Year for a day/month given without one: publication's, or the one before."""
    if pub_y is None:
        return None
    if pub is not None:
        return pub_y - 1 if (month, day or 1) > (pub.month, pub.day) else pub_y
    if pub_m is not None and month > pub_m:
        return pub_y - 1
    return pub_y


def _year_of_weekday(year: int, month: int, day: int, weekday: int) -> int:
    """``year`` or, when that day of it is not ``weekday``, the nearest earlier year (up to six
    back, one full cycle) in which it is; ``year`` when none is."""
    for y in range(year, year - 7, -1):
        try:
            if date(y, month, day).weekday() == weekday:
                return y
        except ValueError:
            return year
    return year


def _weekday_on_or_before(anchor: date, weekday: int) -> date:
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def find_dates(text: str | NormText, lang: str, published: str | None = None) -> list[DateMention]:
    """Every date expression in ``text`` (see the module docstring), in text order."""
    g = _grammar(lang)
    norm = text if isinstance(text, NormText) else normalize(text)
    s = norm.text
    pub_y, pub_m, pub = _parse_published(published)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str, str, str | None]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    # every occurrence of a key's first word: where anchors can start, and which kinds of
    # key each window holds
    heads = g.key_heads.find_matches_as_indexes(s, overlapping=True) if g.key_heads is not None else []
    windows = _windows(_anchor_spans(g, s, heads), len(s))
    # A pattern only runs over the windows holding what it cannot match without: most hold
    # a number and no month, or a single word such as اليوم.
    kinds = _kinds_in_windows(g, windows, heads)
    for k, (a, b) in enumerate(windows):
        if _DIGIT.search(s, a, b):
            kinds[k].add("digit")
            if _NUMERIC_CORE.search(s, a, b):
                kinds[k].add("numeric_core")
    held_somewhere = set().union(*kinds)
    for name, rx in g.patterns:
        needs = _NEEDS[name]
        # a pattern no window holds the needs of has an empty scope: skipped at one test
        if not needs <= held_somewhere or not _can_resolve(name, pub_y, pub_m, pub):
            continue
        scope = [w for w, held in zip(windows, kinds) if needs <= held]
        for m in (m for a, b in scope for m in rx.finditer(s, a, b)):
            a = m.start() + len(m.groupdict().get("pc") or "")
            b = m.end()
            if a >= b or not free(a, b):
                continue
            for value, kind, cue, span in _resolve(name, m, g, pub_y, pub_m, pub):
                sa, sb = span if span is not None else (a, b)
                taken.append((sa, sb))
                found.append((sa, sb, value, kind, cue))
    found.sort()
    found = _refine(s, found, pub_y)
    out = []
    for a, b, value, kind, cue in found:
        oa, ob = norm.span(a, b)
        out.append(DateMention(oa, ob, norm.original[oa:ob], value, kind, cue))
    return out


# "el 7 de febrero del pasado año", "le 3 mars de l'année dernière", "7 February last year",
# "13 مارس من العام الماضي": a day and month whose year is the one before publication's
# (matched on normalised text: lower case, Latin accents dropped)
_OF_LAST_YEAR = re.compile(
    r"\s*,?\s*(?:" + _words("of_last_year_link") + r")?\s*(?:" + _words("last_year") + ")", re.I)
# "الأسبوع الثاني من مارس", "النصف الأول من يونيو": the ordinal numbers a part of the month, no day
_PART_OF = re.compile(r"(?:" + _words("part_of_month") + r")\s+$")


@lru_cache(maxsize=1)
def _day_ordinals() -> tuple[re.Pattern[str], dict[str, int]]:
    """'في الأول من يوليو 2025', 'فاتح يوليوز', 'السابع عشر من أغسطس': a day written as an
    ordinal word before the month (lexicons/day_ordinals)."""
    table = {normalize(r["word"]).text: int(r["day"]) for r in load("lexicons/day_ordinals").rows}
    alternatives = "|".join(map(re.escape, sorted(table, key=len, reverse=True)))
    return re.compile(r"(?:^|\s)(" + alternatives + r")\s+(?:(?:" + _words("ordinal_of_month") + r")\s+)?$"), table


def _refine(s: str, found: list[tuple[int, int, str, str, str | None]], pub_y: int | None
            ) -> list[tuple[int, int, str, str, str | None]]:
    out: list[tuple[int, int, str, str, str | None]] = []
    skip_until = -1
    for a, b, value, kind, cue in found:
        if a < skip_until:
            continue  # "l'année dernière" already read as the year of the day before it
        if len(value) == 10 and pub_y is not None and not re.search(r"\d{4}", s[a:b]):
            m = _OF_LAST_YEAR.match(s, b)
            if m and value[:4] == str(pub_y):
                value, b, skip_until = str(pub_y - 1) + value[4:], m.end(), m.end()
        if len(value) == 7:
            pattern, days = _day_ordinals()
            m = pattern.search(s, max(0, a - 32), a)
            if m and not _PART_OF.search(s, max(0, m.start(1) - 14), m.start(1)):
                value, a = f"{value}-{days[m.group(1)]:02d}", m.start(1)
        out.append((a, b, value, kind, cue))
    return out


def _resolve(name: str, m: re.Match[str], g: _Grammar, pub_y: int | None, pub_m: int | None,
             pub: date | None) -> list[tuple[str, str, str | None, tuple[int, int] | None]]:
    """Values for one regex match: list of (value, kind, cue, span or None for the match)."""
    gd = m.groupdict()
    if name == "hijri":
        try:
            greg = Hijri(int(gd["hy"]), g.hijri[_key(gd["hm"])], int(gd["d"])).to_gregorian()
        except (ValueError, OverflowError):
            return []
        return [(date(greg.year, greg.month, greg.day).isoformat(), "hijri", None, None)]
    if name == "numeric":
        if gd.get("y2"):
            y, mo, d = int(gd["y2"]), int(gd["mo2"]), int(gd["d2"])
        else:
            y, mo, d = int(gd["y"]), int(gd["mo"]), int(gd["d"])
            if mo > 12 and d <= 12:  # month/day order (US style)
                mo, d = d, mo
        try:
            return [(_iso(date(y, mo, d)), "absolute", None, None)]
        except ValueError:
            return []
    if name in ("dmy", "mdy"):
        month = g.months[_key(gd["m"])]
        day = int(gd["d"])
        y = int(gd["y"]) if gd.get("y") else _infer_year(month, day, pub_y, pub_m, pub)
        if y is None:
            return []
        if not gd.get("y") and gd.get("wd"):
            # "Friday 26 June", told in January 2017: the year in which that day was a Friday
            y = _year_of_weekday(y, month, day, g.weekdays[_key(gd["wd"])])
        try:
            return [(_iso(date(y, month, day)), "absolute", None, None)]
        except ValueError:
            return []
    if name == "my":
        return [(f"{int(gd['y']):04d}-{g.months[_key(gd['m'])]:02d}", "absolute", None, None)]
    if name == "month_in":
        if pub_y is None or pub_m is None:
            return []
        month = g.months[_key(gd["m"])]
        y = pub_y - 1 if month > pub_m else pub_y
        # a timeline ("2015 opens with Operation X … in December, the Guardia Civil…") dates the
        # month by the year its paragraph last named
        before = m.string[max(0, m.start() - _TIMELINE_REACH):m.start()].rsplit("\n\n", 1)[-1]
        years = [int(v) for v in _YEAR_WORD.findall(before) if int(v) < y]
        if years:
            y = years[-1]
        return [(f"{y:04d}-{month:02d}", "relative", None, None)]
    if name == "mrel":
        mod = gd.get("mpre") or gd.get("mpost")
        if not mod or pub_y is None or pub_m is None:
            return []
        month = g.months[_key(gd["m"])]
        role = "month_prev" if _key(mod) in g.roles.get("month_prev", {}) else "month_this"
        y = pub_y - 1 if role == "month_prev" and month >= pub_m else pub_y
        return [(f"{y:04d}-{month:02d}", "relative", None, None)]
    if name == "weekday":
        if pub is None:
            return []
        wd = g.weekdays[_key(gd["wd"])]
        anchor = pub + timedelta(days=g.roles["day"][_key(gd["day"])]) if gd.get("day") else pub
        mod = _key(gd.get("pre") or gd.get("post") or "")
        if mod in g.roles.get("wd_prev", {}):
            target = _weekday_on_or_before(anchor - timedelta(days=1), wd)
        elif mod in g.roles.get("wd_next", {}):
            target = anchor + timedelta(days=(wd - anchor.weekday() - 1) % 7 + 1)
        else:
            target = _weekday_on_or_before(anchor, wd)
        return [(_iso(target), "weekday", mod or None, None)]
    if name == "day_num":
        if pub is None:
            return []
        day, y, mo = int(gd["d"]), pub.year, pub.month
        if day > pub.day:
            y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
        for _ in range(2):  # "el día 31" told in March: February has none, so January's
            try:
                return [(_iso(date(y, mo, day)), "absolute", None, None)]
            except ValueError:
                y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
        return []
    if name == "day":
        if pub is None:
            return []
        return [(_iso(pub + timedelta(days=g.roles["day"][_key(gd["day"])])), "relative", None, None)]
    if name == "period":
        if pub is None:
            return []
        phrase = _key(gd["period"])
        if phrase in g.roles.get("week", {}):
            # "last week" names no day: the month it fell in is as precise as the text allows
            return [(_iso(pub + timedelta(days=7 * g.roles["week"][phrase]))[:7], "relative", None, None)]
        if phrase in g.roles.get("month", {}):
            idx = pub.year * 12 + pub.month - 1 + g.roles["month"][phrase]
            return [(f"{idx // 12:04d}-{idx % 12 + 1:02d}", "relative", None, None)]
        return [(f"{pub.year + g.roles['year'][phrase]:04d}", "relative", None, None)]
    if name == "year":
        cue = _key(gd["cue"])
        out: list[tuple[str, str, str | None, tuple[int, int] | None]] = [
            (gd["y"], "year", cue, (m.start("cue"), m.end("y")))
        ]
        if gd.get("y_b"):
            out.append((gd["y_b"], "year", cue, (m.start("y_b"), m.end("y_b"))))
        return out
    return []
