"""Periods of figures: the words that bound a statistic in time ("منذ 2002", "إلى متم 2023",
"in 2025", "desde principios de año"), read per sentence, and the period each figure takes.

Split from :mod:`marsad.extract.statistics`, which is the only reader.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import lexicons
from ..text.arabic import fold
from ..text.numbers import NumberMention
from .analysis import Analysis, SentenceFacts


_REACH_BEFORE = 150  # how far back a period's words may date a figure of the same clause


_REACH_AFTER = 60  # "64 operations and 112 arrests in 2025": period words after the figures


# (?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d), written to open with a digit class: the same matches and
# group, but the scan skips in C every character that is not 1 or 2 (a leading look-behind has no such skip)
_YEAR = re.compile(r"([12](?<!\d[12])(?:(?<=1)9[5-9]|(?<=2)0[0-4])\d)(?!\d)")


def _words(pattern: str) -> str:
    """The alternatives of one row group of data/patterns/periods.tsv: the words of every language."""
    return lexicons.alternation("patterns/periods", pattern)


_YEAR_AFTER_CUE = re.compile(r"\s*(?:" + _words("year_of") + r")?(19[5-9]\d|20[0-4]\d)(?!\d)", re.I)


# year cues (as the date reader gives them) that open or close a period: plain words, not regexes
_SINCE_WORDS = frozenset(_words("since_cue").split("|"))


_UNTIL_WORDS = frozenset(_words("until_cue").split("|"))


# "between 2015 and 2018", "de 2011 à 2016", "2015-2016", "من 2015 إلى 2020": a span of years
_YEAR_RANGE = re.compile(
    r"(?:(?:" + _words("range_open") + r")\s+(?:(?:" + _words("range_open_article") + r")\s+)?)?"
    r"(?<!\d)(19[5-9]\d|20[0-4]\d)"
    r"(?:\s*[-–/]\s*|\s+(?:" + _words("range_join") + r")\s+(?:(?:" + _words("range_join_article") + r")\s+)?)"
    r"(19[5-9]\d|20[0-4]\d)(?!\d)", re.I)


# "from 15 to 21 December 2021", "du 15 au 21 décembre", "من 15 إلى 21 ديسمبر": a span of days
_DAY_RANGE = re.compile(
    r"(?:" + _words("day_range_open") + r")\s+(\d{1,2})\s+"
    r"(?:" + _words("day_range_join") + r")\s*$", re.I)


# "from 29 November to 5 December", "entre janvier et octobre": the opening day (if any) and month of a span
_MONTH_RANGE = re.compile(
    r"(?:" + _words("month_range_open") + r")\s+(?:(\d{1,2})\s+(?:(?:" + _words("month_of") + r")\s+)?)?([^\W\d_]+)\s+"
    r"(?:" + _words("month_range_join") + r")\s*(?:(?:" + _words("month_range_close") + r")\s+(?:(?:"
    + _words("month_of") + r")\s+)?)?$", re.I)


# a clause that turns to another subject ends a period's reach
# (written to open with one class of what may start a break, so the scan skips in C to it:
# [;؛\n] alone, or [,،] and a turning word, "[;؛\n]|[,،]\s*(?:…)(?=\s)")
CLAUSE_BREAK = re.compile(
    r"[;؛\n,،](?:(?<=[;؛\n])|(?<=[,،])\s*(?:" + _words("contrast") + r")(?=\s))", re.I)


# "en 2015 fueron 36", "2017 se ha cerrado con 53": a year and its figure, only a verb between
_RELATIVE = re.compile(r"(?:^|\s)(?:" + _words("relative") + r")(?=\s)", re.I)


_YEAR_LEAD = re.compile(r"^[^\d,،.;:()]{0,30}$")


_PERIOD_WORD = re.compile(r"(?:^|\s)(?:" + _words("period_word") + r")", re.I)


@dataclass(frozen=True, slots=True)
class Period:
    start: str | None
    end: str | None
    anchor: int | None = None  # where the words that set it are, to judge their reach
    kind: str = "year"  # since | until | span | range | year | bare | compare | this_year | last_year


@dataclass(frozen=True, slots=True)
class Marker:
    """Words in a sentence that set a period: where they start and where they stop."""

    pos: int
    stop: int
    period: Period


def figures(facts: SentenceFacts) -> list[NumberMention]:
    """Numbers that may be counts (not years, not parts of dates, not spans of time)."""
    return [n for n in facts.numbers if not n.is_year and not inside_date(facts, n) and n.noun_class != "time"]


# "the first five months of 2025", "les 10 premiers mois de 2016", "خلال الـ15 يوما الماضية": a
# number that measures time is no count, and the year after it dates the figure that follows
TIME_AFTER = re.compile(
    r"\s*(?:(?:" + _words("time_order") + r")\s+)?(?:" + _words("time_unit") + r")(?!\w)", re.I)


def _year_after(text: str, facts: SentenceFacts, pos: int, limit: int) -> tuple[str, int, int] | None:
    """The first year after pos, unless a count stands between (the year then dates that count)."""
    m = _YEAR.search(text, pos, min(facts.end, pos + limit))
    if not m:
        return None
    if any(pos <= n.start < m.start() for n in figures(facts)):
        return None
    return m.group(1), m.start(), m.end()


def _two_years(text: str, start: int, end: int) -> bool:
    """Two years between start and end: what every _YEAR_RANGE match holds (a cheap test first)."""
    found = _YEAR.finditer(text, start, end)
    return next(found, None) is not None and next(found, None) is not None


def _markers(a: Analysis, facts: SentenceFacts) -> list[Marker]:
    text = a.doc.text
    published_year = (a.doc.published or "")[:4] or None
    out: list[Marker] = []
    taken: set[int] = set()  # years already read by a marker, so one year is not read twice

    def add(pos: int, stop: int, period: Period, year_at: int | None) -> None:
        if year_at is not None:
            if year_at in taken:
                return
            taken.add(year_at)
        out.append(Marker(pos, stop, period))

    for m in _YEAR_RANGE.finditer(text, facts.start, facts.end) if _two_years(text, facts.start, facts.end) else ():
        if int(m.group(2)) > int(m.group(1)):
            taken.add(m.start(2))
            add(m.start(), m.end(), Period(m.group(1), m.group(2), m.start(), "range"), m.start(1))
    for d in facts.dates:
        if len(d.value) == 10:
            lead = _DAY_RANGE.search(text, max(facts.start, d.start - 30), d.start)
            if lead and 1 <= int(lead.group(1)) < int(d.value[8:]):
                y = _YEAR.search(text, d.start, d.end)
                add(lead.start(), d.end, Period(d.value[:8] + lead.group(1).zfill(2), d.value, lead.start(), "range"),
                    y.start() if y else None)
                continue
        if len(d.value) in (7, 10):
            # "من 29 نوفمبر إلى 5 ديسمبر 2015", "entre janvier et octobre 2016": the span crosses months
            # of the year the closing date gives
            lead = _MONTH_RANGE.search(text, max(facts.start, d.start - 40), d.start)
            month = _month_number(lead.group(2)) if lead else None
            if lead and month and month < int(d.value[5:7]) and (len(d.value) == 10) == bool(lead.group(1)):
                first = f"{d.value[:4]}-{month:02d}" + (f"-{int(lead.group(1)):02d}" if lead.group(1) else "")
                y = _YEAR.search(text, d.start, d.end)
                add(lead.start(), d.end, Period(first, d.value, lead.start(), "range"), y.start() if y else None)
    cues = sorted(facts.cues, key=lambda c: c.start)
    has_since = any(c.value == "since" for c in cues)
    for cue in cues:
        kind = cue.value
        if kind == "since":
            if any(c.value == "superlative" and 0 <= cue.start - c.end <= 30 for c in cues):
                # "the highest since 2004, when 131 were held" compares: the year dates its own figure
                y = _year_after(text, facts, cue.end, 40)
                if y:
                    add(y[1], y[2], Period(y[0], y[0], y[1], "compare"), y[1])
                continue
            y = _year_after(text, facts, cue.end, 100)
            if y and not any(c.value == "until" and cue.end <= c.start < y[1] for c in cues):
                add(cue.start, y[2], Period(_month_precision(facts, cue.end, y[0]), None, cue.start, "since"), y[1])
            elif not y:
                # "منذ هجمات باريس في 13 نوفمبر", "depuis le 13 novembre": a date whose year the reader supplies
                d = next((d for d in facts.dates if d.kind != "year" and 0 <= d.start - cue.end <= 40
                          and not any(cue.end <= n.start < d.start for n in figures(facts))
                          and not any(c.value in ("until", "this_year") and cue.end <= c.start < d.start
                                      for c in cues)), None)
                if d is not None:
                    add(cue.start, d.end, Period(d.value, None, cue.start, "since"), None)
                elif published_year:
                    day = next((n for n in figures(facts) if 0 <= n.start - cue.end <= 40 and n.value <= 31
                                and before_month(text, n)), None)
                    if day is not None:  # a day and a month the date reader did not resolve
                        add(cue.start, day.end, Period(published_year, None, cue.start, "since"), None)
        elif kind == "so_far":
            # "سنة 2015 وحتى الآن", "from 2015 to date": the year before counts to now
            y = None
            for m in _YEAR.finditer(text, max(facts.start, cue.start - 25), cue.start):
                y = m
            if y:
                add(y.start(), cue.end, Period(y.group(1), None, y.start(), "since"), y.start())
        elif kind == "during":
            y = _year_after(text, facts, cue.end, 16)
            if y:
                add(cue.start, y[2], Period(y[0], y[0], cue.start, "year"), y[1])
        elif kind == "until":
            y = _year_after(text, facts, cue.end, 40)
            if y:
                end = _until(facts, cue.end, y[0])
                start = y[0] if len(end) == 10 and not has_since else None  # "as of 6 June 2024": that year so far
                add(cue.start, y[2], Period(start, end, cue.start, "until"), y[1])
        elif kind == "this_year":
            named = _YEAR_AFTER_CUE.match(text, cue.end)  # "depuis le début de l'année 2017"
            year = (named.group(1) if named else None) or published_year or _until_year(out) or _current_year(a)
            # unpublished and undated, "this year" names a year the reader cannot tell: the
            # figure still counts over it, with an open period rather than some other year
            add(cue.start, cue.end, Period(year, year, cue.start, "this_year"), None)
        elif kind == "last_year":
            # unpublished, "last year" is the year the report itself covers
            prev = str(int(published_year) - 1) if published_year else _current_year(a)
            if prev:
                add(cue.start, cue.end, Period(prev, prev, cue.start, "last_year"), None)
    for d in facts.dates:
        if d.kind != "year" or not d.cue:
            continue
        y = _YEAR.search(text, d.start, d.end)
        if not y:
            continue
        if d.cue in _SINCE_WORDS:
            if any(c.value == "superlative" and 0 <= d.start - c.end <= 30 for c in cues):
                add(y.start(), y.end(), Period(y.group(1), y.group(1), y.start(), "compare"), y.start())
            else:
                add(d.start, d.end, Period(y.group(1), None, d.start, "since"), y.start())
        elif d.cue in _UNTIL_WORDS:
            add(d.start, d.end, Period(None, y.group(1) + "-12", d.start, "until"), y.start())
        else:
            add(d.start, d.end, Period(y.group(1), y.group(1), d.start, "year"), y.start())
    for n in facts.numbers:
        # "2058 جريمة": a count the number reader took for a year lies beyond any year a report counts
        if n.is_year and _YEAR.fullmatch(str(n.value)) and not any(
                dd.start <= n.start < dd.end and dd.kind != "year" for dd in facts.dates):
            add(n.start, n.end, Period(str(n.value), str(n.value), n.start, "bare"), n.start)
    return _join_since_until(text, out)


def _join_since_until(text: str, markers: list[Marker]) -> list[Marker]:
    """'desde 2004 hasta 2017', 'depuis 2015 jusqu'au 6 juin 2024': one span, not two periods."""
    markers = sorted(markers, key=lambda m: m.pos)
    out: list[Marker] = []
    for m in markers:
        prev = out[-1] if out else None
        if (prev is not None and prev.period.kind == "since" and m.period.kind == "until"
                and 0 <= m.pos - prev.stop <= 30 and not any(map(str.isdigit, text[prev.stop:m.pos]))):
            out[-1] = Marker(prev.pos, m.stop, Period(prev.period.start, m.period.end, prev.pos, "span"))
            continue
        out.append(m)
    return out


def _until_year(markers: list[Marker]) -> str | None:
    for m in markers:
        if m.period.kind == "until" and m.period.end:
            return m.period.end[:4]
    return None


_AND_OR = re.compile(r"\s*(?:" + _words("conjunction_and") + "|" + _words("conjunction_or") + r")?\s*")


def _coordinated(text: str, facts: SentenceFacts, end: int, pos: int) -> bool:
    """Only figures joined by 'and' stand between a figure and period words after it."""
    for n in sorted(figures(facts), key=lambda n: n.start):
        if not end <= n.start < pos:
            continue
        if n.noun_class is None or not _AND_OR.fullmatch(text, end, n.start):
            return False  # "36, 13 en 2014": the year after belongs to the other figure
        end = n.noun_end or n.end
    return True


def _owned_years(text: str, facts: SentenceFacts) -> set[int]:
    """Where the years stand that a figure of the sentence takes as its own ('9 في عام 2017')."""
    out: set[int] = set()
    for n in figures(facts):
        if TIME_AFTER.match(text, n.end):
            continue  # "the first five months of 2025, 60 …": the year dates the count after
        end = n.noun_end or n.end
        window_end = min(facts.end, end + 24)
        m = _YEAR.search(text, end, window_end)
        if m and own_year(text, n, end, facts.end):
            out.add(m.start())
    return out


def period_for(text: str, facts: SentenceFacts, markers: list[Marker], num: NumberMention,
                noun_end: int, owned: Iterable[int]) -> Period | None:
    """The period whose words are nearest to the figure inside its own clause."""
    def owned_by_other(m: Marker) -> bool:
        return any(m.pos <= y < m.stop for y in owned)

    before: Marker | None = None
    for m in markers:
        if (m.stop <= num.start and num.start - m.stop <= _REACH_BEFORE and not owned_by_other(m)
                and not CLAUSE_BREAK.search(text, m.stop, num.start)):
            if before is None or m.stop > before.stop:
                before = m
    after: Marker | None = None
    for m in markers:
        reach = 2 * _REACH_AFTER if m.period.kind == "range" else _REACH_AFTER
        # a year another figure owns is shared only with figures joined to it by "and" (checked here)
        if (m.period.kind not in ("bare", "compare") and noun_end <= m.pos and m.pos - noun_end <= reach
                and not CLAUSE_BREAK.search(text, noun_end, m.pos) and _coordinated(text, facts, noun_end, m.pos)):
            if after is None or m.pos < after.pos:
                after = m
    if before is not None and before.period.kind in ("since", "compare"):
        # "desde 2004, cuando se detuvo a 131": a relative clause on the year dates its figure to that year
        if _RELATIVE.search(text, before.stop, num.start):
            y = _YEAR.search(text, before.pos, before.stop)
            if y:
                before = Marker(before.pos, before.stop, Period(y.group(1), y.group(1), before.pos, "bare"))
    if after is not None and (before is None or after.pos - noun_end < num.start - before.stop
                              or any(before.stop <= n.start < num.start for n in figures(facts))):
        return after.period
    return before.period if before is not None else None


def undated_since(facts: SentenceFacts, markers: list[Marker]) -> bool:
    """'since its creation', 'منذ إنشائه': the figure counts from a start the text leaves unnamed,
    not from the period an earlier figure gave."""
    return any(c.value == "since" and not any(m.pos <= c.start < m.stop for m in markers) for c in facts.cues)


def describes(text: str, noun_end: int, period: Period | None) -> bool:
    """'7 أفراد ينشطون منذ 2019', '3 suspects watched since 2018': the since words after a few
    persons tell how long they were active, not what a tally counts."""
    return period is not None and period.kind == "since" and period.anchor is not None and period.anchor >= noun_end


def _current_year(a: Analysis) -> str | None:
    """Without a publication date, 'this year' is the year the report itself says it covers."""
    text = a.doc.text
    for f in a.facts:
        for d in f.dates:
            if d.kind == "year" and d.cue and d.cue not in _SINCE_WORDS and d.cue not in _UNTIL_WORDS:
                # "since its creation in 2015" opens a span, and "21 cells in 2015" is a year of
                # a breakdown: neither is the year the report covers
                before = text[max(0, d.start - 30):d.start]
                if _PERIOD_WORD.search(before) or re.search(r"\d", before[-20:]):
                    continue
                return d.value[:4]
    return None


def _month_precision(facts: SentenceFacts, pos: int, year: str) -> str:
    for d in facts.dates:
        if d.start >= pos and d.start - pos <= 30 and d.value.startswith(year) and len(d.value) >= 7:
            return d.value[:7]
    return year


def _until(facts: SentenceFacts, pos: int, year: str) -> str:
    for d in facts.dates:
        if d.start >= pos and d.start - pos <= 30 and d.value.startswith(year):
            return d.value if len(d.value) > 4 else year + "-12"
    return year + "-12"


def own_year(text: str, num: NumberMention, noun_end: int, stop: int) -> str | None:
    """'21 خلية (سنة 2015)', '19 في عام 2016', '142 in 2016': a year right after the figure."""
    window = text[noun_end:min(stop, noun_end + 24)]
    m = _YEAR.search(window)
    if not m:
        return None
    between = window[:m.start()]
    # only short connective material may separate them: brackets, "سنة/عام/في", "in", "en";
    # "210 خلية منذ 2002" counts from that year, it is not that year's figure
    if re.search(r"[\d،,;]", between.replace("(", "")) or len(between.split()) > 3 or _PERIOD_WORD.search(between):
        return None
    # "150 cells dismantled between 2002 and 2022": the year opens a span, it is no year of its own
    span = _YEAR_RANGE.search(text, noun_end, min(stop, noun_end + m.end() + 20))
    if span is not None and span.start(1) == noun_end + m.start():
        return None
    return m.group(1)


def year_lead(text: str, markers: list[Marker], num: NumberMention) -> bool:
    """'en 2015 fueron 36', '2017 se ha cerrado con 53': a single year leads straight to the figure."""
    for m in markers:
        p = m.period
        if p.start and p.start == p.end and m.stop <= num.start and _YEAR_LEAD.match(text[m.stop:num.start]):
            if len(text[m.stop:num.start].split()) <= 4:
                return True
    return False


def event_day(facts: SentenceFacts, markers: list[Marker]) -> bool:
    """The sentence dates something to a day outside its period words: it tells of one event."""
    return any(len(d.value) == 10 and not any(m.pos <= d.start < m.stop for m in markers) for d in facts.dates)


def same_figure(a: Period, b: Period) -> bool:
    """Two statements of one value are one figure unless both give it other, explicit years."""
    for x, y in ((a.start, b.start), (a.end, b.end)):
        if x and y and x[:4] != y[:4]:
            return False
    return True


class LazyMarkers:
    """A sentence's period words, read the first time a figure asks (most sentences' numbers are
    years, days or ages that never do)."""

    __slots__ = ("a", "facts", "worth", "value")

    def __init__(self, a: Analysis, facts: SentenceFacts, worth: bool) -> None:
        self.a, self.facts, self.worth = a, facts, worth
        self.value: list[Marker] | None = None

    def __call__(self) -> list[Marker]:
        if self.value is None:
            self.value = _markers(self.a, self.facts) if self.worth else []
        return self.value


class LazyOwned:
    """A sentence's owned years (see _owned_years), read the first time a period is weighed."""

    __slots__ = ("text", "facts", "value")

    def __init__(self, text: str, facts: SentenceFacts) -> None:
        self.text, self.facts = text, facts
        self.value: set[int] | None = None

    def __iter__(self) -> Iterator[int]:
        if self.value is None:
            self.value = _owned_years(self.text, self.facts)
        return iter(self.value)


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    return frozenset(fold(r["name"]) for r in lexicons.load("lexicons/months").rows)


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    return {fold(r["name"]): int(r["month"]) for r in lexicons.load("lexicons/months").rows
            if r["calendar"] == "gregorian"}


def _month_number(word: str) -> int | None:
    return _month_numbers().get(fold(word))


def before_month(text: str, num: NumberMention) -> bool:
    """The number is a day of a month named right after it (a date without its year)."""
    nxt = text[num.end:num.end + 16].split()
    return bool(nxt) and fold(nxt[0].strip("،,.()")) in _month_words()


def inside_date(facts: SentenceFacts, num: NumberMention) -> bool:
    return any(d.start <= num.start < d.end and d.kind != "year" for d in facts.dates)
