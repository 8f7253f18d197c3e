"""Aggregate figures an authority gives ("91 cells since 2015", "64 operations in 2025").

A figure is a number with a metric noun (cells, persons, operations, plots, attacks): the
noun follows it ("64 operaciones"), or the number names it ("cifran en 77 el número de
detenidos", "the number of arrests rose to 975"), or it stands in brackets after the noun
("as many operations as this year (64)"). A sentence may carry several periods ("since
2004 …", "in 2022 …", "from 15 to 21 December 2021", "until the end of 2023", this year);
each figure takes the one whose words are nearest to it inside its own clause, so "since
X" in one clause never dates the figure of another. Year-by-year breakdowns repeat the
metric by ellipsis ("21 cells in 2015, 19 in 2016", "in 2015 there were 36"), so a bare
number tied to its own year inherits the metric of the figure before it. Parts of a count
(women, minors, "of whom", percentages) are not figures; a part tied to an armed group
("85 of them tied to ISIS") is, with that group as its affiliation.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter

from .. import lexicons
from ..models import Statistic
from ..text.arabic import fold
from ..text.numbers import NumberMention
from .analysis import Analysis, Hit, SentenceFacts, locative, report_country

_METRIC_OF_NOUN = {
    "cell_noun": "cells_dismantled",
    "person_noun": "arrests",
    "operation_noun": "operations",
    "plot_noun": "plots_foiled",
    "attack_noun": "attacks",
}
_METRIC_OF_CLASS = {
    "cell": "cells_dismantled", "network": "cells_dismantled", "person": "arrests", "arrest": "arrests",
    "operation": "operations", "attack": "attacks", "plot": "plots_foiled",
}
_ADJECTIVE_GAP = re.compile(r"[\s-]{1,2}")
_NOUN_WINDOW = 45  # characters between a number and its counted noun ("91 خلية إرهابية", "64 operaciones")
_REACH_BEFORE = 150  # how far back a period's words may date a figure of the same clause
_THIS_YEAR_REACH = 50  # an undated "this year" dates only a figure right beside it
_REACH_AFTER = 60  # "64 operations and 112 arrests in 2025": period words after the figures
# (?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d), written to open with a digit class: the same matches and
# group, but the scan skips in C every character that is not 1 or 2 (a leading look-behind has no such skip)
_YEAR = re.compile(r"([12](?<!\d[12])(?:(?<=1)9[5-9]|(?<=2)0[0-4])\d)(?!\d)")

_YEAR_AFTER_CUE = re.compile(r"\s*(?:de\s+|del\s+|d'|of\s+)?(19[5-9]\d|20[0-4]\d)(?!\d)", re.I)
_SINCE_WORDS = frozenset({"منذ", "since", "depuis", "desde"})
_UNTIL_WORDS = frozenset({"حتى", "until", "jusqu'a", "hasta"})

# "between 2015 and 2018", "de 2011 à 2016", "2015-2016", "من 2015 إلى 2020": a span of years
_YEAR_RANGE = re.compile(
    r"(?:(?:between|from|entre|desde|depuis|بين|من)\s+(?:(?:el|le|l'|the|year|el año|l'année|سنة|عام)\s+)?)?"
    r"(?<!\d)(19[5-9]\d|20[0-4]\d)"
    r"(?:\s*[-–/]\s*|\s+(?:and|to|et|à|au|a|y|al|hasta|jusqu'en|jusqu'à|و|[إا]لى|حتى)\s+(?:(?:el|le|l'|the|سنة|عام)\s+)?)"
    r"(19[5-9]\d|20[0-4]\d)(?!\d)", re.I)
# "from 15 to 21 December 2021", "du 15 au 21 décembre", "من 15 إلى 21 ديسمبر": a span of days
_DAY_RANGE = re.compile(
    r"(?:from|between|du|entre\s+(?:el|le)|entre|del|de|من|بين|ما بين)\s+(\d{1,2})\s+"
    r"(?:to|and|au|et|al|a|y|[إا]لى|و)\s*$", re.I)
# "from 29 November to 5 December", "entre janvier et octobre": the opening day (if any) and month of a span
_MONTH_RANGE = re.compile(
    r"(?:from|between|du|entre|del|de|desde|من|بين|ما بين)\s+(?:(\d{1,2})\s+(?:de\s+)?)?([^\W\d_]+)\s+"
    r"(?:to|and|au|et|à|al|a|y|hasta|[إا]لى|و|حتى)\s*(?:(?:el|le|l'|fin|finales)\s+(?:de\s+)?)?$", re.I)
# a clause that turns to another subject ends a period's reach
# (written to open with one class of what may start a break, so the scan skips in C to it:
# [;؛\n] alone, or [,،] and a turning word, "[;؛\n]|[,،]\s*(?:…)(?=\s)")
_CLAUSE_BREAK = re.compile(
    r"[;؛\n,،](?:(?<=[;؛\n])|(?<=[,،])\s*(?:mientras|pero|sin embargo|while|whereas|but|however|alors que|tandis que|mais"
    r"|بينما|في حين|لكن|غير أن)(?=\s))", re.I)
# "cifran en 77 el número de detenidos", "à 183 le nombre de cellules": the number names its noun
_NUMBER_OF = r"(?:\s+(?:total|global))?\s*(?:de\s+los|de\s+las|des|du|de|d'|of\s+the|of)?\s*"
_NUMBER_OF_AFTER = re.compile(
    r"\s*(?:el|la|le|the|al)?\s*(?:número|numero|cifra|nombre|number|total|عدد|مجموع)" + _NUMBER_OF, re.I)
_NUMBER_OF_BEFORE = re.compile(r"(?:número|numero|cifra|nombre|number|عدد|مجموع)" + _NUMBER_OF + "$", re.I)
# "51 من الخلايا", "12 of the cells": a part named by the whole it is taken from
_PARTITIVE = re.compile(r"\s*(?:من|of|of the|de|de las|de los|des|d'entre les|among)\s+(?:the\s+|las\s+|les\s+)?$",
                        re.I)
_OTHERS = re.compile(r"\s*(?:[وف]?[اأ]خرى|[اأ]خرين|others|other|autres|otras|otros)(?:\s|[,،.;]|$)", re.I)
# "en 2015 fueron 36", "2017 se ha cerrado con 53": a year and its figure, only a verb between
_RELATIVE = re.compile(r"(?:^|\s)(?:cuando|when|lorsque|quand|where|où|donde|التي|الذي|الذين|حين|حيث|عندما)(?=\s)",
                       re.I)
_YEAR_LEAD = re.compile(r"^[^\d,،.;:()]{0,30}$")
_PERIOD_WORD = re.compile(r"(?:^|\s)(?:منذ|since|depuis|desde|حتى|until|jusqu|hasta)", re.I)
_PERCENT_AFTER = re.compile(r"\s*(?:%|por\s+ciento|pour\s*cent|per\s*cent|percent|في\s+الما[ئي]ة|بالما[ئي]ة)", re.I)
_RATIO_BEFORE = re.compile(r"(?:de\s+cada|in\s+every|of\s+every|out\s+of|sur|من\s+كل|من\s+أصل|من\s+اصل)\s+$", re.I)
_PERCENT_BEFORE = re.compile(r"(?:por|pour|per)\s+$", re.I)
_ORDINAL_TEEN = re.compile(r"(?:^|\s)ال[^\s]{3,}\s+$")
_WORD = re.compile(r"[^\W\d_]+")
_TEEN_WORD = re.compile(r"\s+(?:عشر|عشرة)(?:\s|$)")
_DETERMINER = re.compile(r"(?:^|\s)(?:le|la|l'|du|au|el|del|al|the|its|his|her|their|su|sa|son)\s+$", re.I)
_MIXED = re.compile(r"failed|completed|[ée]chou|abouti|fallid|consumad", re.I)  # foiled, failed and done together
_FOILED = re.compile(r"déjoué|foiled|thwarted|frustrad|abortad|حبط|افشل|تفشل|جهض", re.I)
_PREPOSITION = re.compile(r"(?:^|\s)(?:de|du|des|of|del|from|au|aux|à|en|in|for|pour|para|por|من|في|على)(?:\s|$)", re.I)
# what persons counted without an arrest word did instead: joined, fought, died, returned, are watched
_FATE = re.compile(
    r"\b(?:joined|have\s+joined|went\s+to\s+fight|fight|returned|died|were\s+killed|are\s+(?:under\s+watch|monitored)"
    r"|ont\s+(?:rallié|rejoint|regagné|trouvé\s+la\s+mort)|combattent|sont\s+(?:partis|retournés|revenus|morts|surveillé)"
    r"|(?:sont\s+)?signalées|se\s+han\s+desplazado|han\s+muerto|combaten|regresaron|han\s+regresado)"
    r"|(?:انضموا|التحقوا|يقاتلون|عادوا|لقوا\s+حتفهم|قتلوا|تحت\s+المراقبة)", re.I)
# "عناصر دعم", "support elements", "éléments de soutien": the army bulletins' word for those they tally
_SUPPORT = re.compile(r"\s*(?:دعم|لدعم|of\s+support|de\s+soutien|de\s+apoyo)(?:\s|$)", re.I)
# a list row that names a kind before a colon ("- cells for travel: 2 cells: 10 held"), the figure after it
_TYPE_ROW = re.compile(r"(?:^|\n)[ \t]*[-–•*·▪][ \t]*[^\W\d_][^\n\d:]*:[^\n]*$")


def _breakdown_row(text: str, facts: SentenceFacts, num: NumberMention) -> bool:
    """A row of a breakdown names a kind ("- خلايا الاستقطاب: 28 خلية"), maybe with two counted
    figures ("- cells for travel: 2 cells: 10 held"); a row whose label is the action itself
    ("- Cellules démantelées : 14") is one of a year's totals, and counts."""
    row_from = max(0, num.start - 120)
    if row_from and text.find("\n", row_from, num.start) == -1:
        return False  # a row opens the text or a line: no line break, no row
    row = _TYPE_ROW.search(text, row_from, num.start)
    if row is None:
        return False
    end = text.find("\n", num.end)
    return text.count(":", row.start(), len(text) if end < 0 else end) >= 2 or not any(
        row.start() <= t.start < num.start for t in facts.triggers)


# "Member States", "Estados miembros" read the other way: the member word names countries
_MEMBER_STATES = re.compile(r"\s*(?:states|countries|estados|pa[íi]ses|[ée]tats|pays)\b", re.I)
_VAGUE = re.compile(r"dozens|عشرات|dizaines|decenas|centaines|cientos|hundreds|مئات|آلاف|milliers|miles|thousands", re.I)


@dataclass(frozen=True, slots=True)
class Period:
    start: str | None
    end: str | None
    anchor: int | None = None  # where the words that set it are, to judge their reach
    kind: str = "year"  # since | until | span | range | year | bare | compare | this_year | last_year


@dataclass(frozen=True, slots=True)
class _Marker:
    """Words in a sentence that set a period: where they start and where they stop."""

    pos: int
    stop: int
    period: Period


def _figures(facts: SentenceFacts) -> list[NumberMention]:
    """Numbers that may be counts (not years, not parts of dates, not spans of time)."""
    return [n for n in facts.numbers if not n.is_year and not _inside_date(facts, n) and n.noun_class != "time"]


# "the first five months of 2025", "les 10 premiers mois de 2016", "خلال الـ15 يوما الماضية": a
# number that measures time is no count, and the year after it dates the figure that follows
_TIME_AFTER = re.compile(
    r"\s*(?:(?:premi[eè]re?s|derni[eè]re?s|first|last|past|previous|primer[oa]s|[úu]ltim[oa]s|pasad[oa]s)\s+)?"
    r"(?:mois|months?|meses|ans|ann[ée]es|years?|a[ñn]os|jours|days|d[íi]as|semaines|weeks|semanas"
    r"|أشهر|اشهر|شهرا|شهور|سنوات|أعوام|اعوام|أيام|ايام|يوما|يوم|أسابيع|اسابيع)(?!\w)", re.I)


def _time_span(text: str, num: NumberMention) -> bool:
    return num.noun_class == "time" or _TIME_AFTER.match(text, num.end) is not None


def _year_after(text: str, facts: SentenceFacts, pos: int, limit: int) -> tuple[str, int, int] | None:
    """The first year after pos, unless a count stands between (the year then dates that count)."""
    m = _YEAR.search(text, pos, min(facts.end, pos + limit))
    if not m:
        return None
    if any(pos <= n.start < m.start() for n in _figures(facts)):
        return None
    return m.group(1), m.start(), m.end()


def _two_years(text: str, start: int, end: int) -> bool:
    """Two years between start and end: what every _YEAR_RANGE match holds (a cheap test first)."""
    found = _YEAR.finditer(text, start, end)
    return next(found, None) is not None and next(found, None) is not None


def _markers(a: Analysis, facts: SentenceFacts) -> list[_Marker]:
    text = a.doc.text
    published_year = (a.doc.published or "")[:4] or None
    out: list[_Marker] = []
    taken: set[int] = set()  # years already read by a marker, so one year is not read twice

    def add(pos: int, stop: int, period: Period, year_at: int | None) -> None:
        if year_at is not None:
            if year_at in taken:
                return
            taken.add(year_at)
        out.append(_Marker(pos, stop, period))

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
                          and not any(cue.end <= n.start < d.start for n in _figures(facts))
                          and not any(c.value in ("until", "this_year") and cue.end <= c.start < d.start
                                      for c in cues)), None)
                if d is not None:
                    add(cue.start, d.end, Period(d.value, None, cue.start, "since"), None)
                elif published_year:
                    day = next((n for n in _figures(facts) if 0 <= n.start - cue.end <= 40 and n.value <= 31
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


def _join_since_until(text: str, markers: list[_Marker]) -> list[_Marker]:
    """'desde 2004 hasta 2017', 'depuis 2015 jusqu'au 6 juin 2024': one span, not two periods."""
    markers = sorted(markers, key=lambda m: m.pos)
    out: list[_Marker] = []
    for m in markers:
        prev = out[-1] if out else None
        if (prev is not None and prev.period.kind == "since" and m.period.kind == "until"
                and 0 <= m.pos - prev.stop <= 30 and not any(map(str.isdigit, text[prev.stop:m.pos]))):
            out[-1] = _Marker(prev.pos, m.stop, Period(prev.period.start, m.period.end, prev.pos, "span"))
            continue
        out.append(m)
    return out


def _until_year(markers: list[_Marker]) -> str | None:
    for m in markers:
        if m.period.kind == "until" and m.period.end:
            return m.period.end[:4]
    return None


def _coordinated(text: str, facts: SentenceFacts, end: int, pos: int) -> bool:
    """Only figures joined by 'and' stand between a figure and period words after it."""
    for n in sorted(_figures(facts), key=lambda n: n.start):
        if not end <= n.start < pos:
            continue
        if n.noun_class is None or not re.fullmatch(r"\s*(?:y|e|and|et|و|ou|or|o)?\s*", text[end:n.start]):
            return False  # "36, 13 en 2014": the year after belongs to the other figure
        end = n.noun_end or n.end
    return True


def _owned_years(text: str, facts: SentenceFacts) -> set[int]:
    """Where the years stand that a figure of the sentence takes as its own ('9 في عام 2017')."""
    out: set[int] = set()
    for n in _figures(facts):
        if _TIME_AFTER.match(text, n.end):
            continue  # "the first five months of 2025, 60 …": the year dates the count after
        end = n.noun_end or n.end
        window_end = min(facts.end, end + 24)
        m = _YEAR.search(text, end, window_end)
        if m and _own_year(text, n, end, facts.end):
            out.add(m.start())
    return out


def _period_for(text: str, facts: SentenceFacts, markers: list[_Marker], num: NumberMention,
                noun_end: int, owned: Iterable[int]) -> Period | None:
    """The period whose words are nearest to the figure inside its own clause."""
    def owned_by_other(m: _Marker) -> bool:
        return any(m.pos <= y < m.stop for y in owned)

    before: _Marker | None = None
    for m in markers:
        if (m.stop <= num.start and num.start - m.stop <= _REACH_BEFORE and not owned_by_other(m)
                and not _CLAUSE_BREAK.search(text, m.stop, num.start)):
            if before is None or m.stop > before.stop:
                before = m
    after: _Marker | None = None
    for m in markers:
        reach = 2 * _REACH_AFTER if m.period.kind == "range" else _REACH_AFTER
        # a year another figure owns is shared only with figures joined to it by "and" (checked here)
        if (m.period.kind not in ("bare", "compare") and noun_end <= m.pos and m.pos - noun_end <= reach
                and not _CLAUSE_BREAK.search(text, noun_end, m.pos) and _coordinated(text, facts, noun_end, m.pos)):
            if after is None or m.pos < after.pos:
                after = m
    if before is not None and before.period.kind in ("since", "compare"):
        # "desde 2004, cuando se detuvo a 131": a relative clause on the year dates its figure to that year
        if _RELATIVE.search(text, before.stop, num.start):
            y = _YEAR.search(text, before.pos, before.stop)
            if y:
                before = _Marker(before.pos, before.stop, Period(y.group(1), y.group(1), before.pos, "bare"))
    if after is not None and (before is None or after.pos - noun_end < num.start - before.stop
                              or any(before.stop <= n.start < num.start for n in _figures(facts))):
        return after.period
    return before.period if before is not None else None


def _undated_since(facts: SentenceFacts, markers: list[_Marker]) -> bool:
    """'since its creation', 'منذ إنشائه': the figure counts from a start the text leaves unnamed,
    not from the period an earlier figure gave."""
    return any(c.value == "since" and not any(m.pos <= c.start < m.stop for m in markers) for c in facts.cues)


def _describes(text: str, noun_end: int, period: Period | None) -> bool:
    """'7 أفراد ينشطون منذ 2019', '3 suspects watched since 2018': the since words after a few
    persons tell how long they were active, not what a tally counts."""
    return period is not None and period.kind == "since" and period.anchor is not None and period.anchor >= noun_end


def _whole_sentences(a: Analysis) -> list[SentenceFacts]:
    """Figures and their periods are read over whole sentences, not the clauses frames use."""
    out: list[SentenceFacts] = []
    parent = None
    own = False  # is out[-1] a copy made here (else the clause's own facts, never changed here)
    for f in a.facts:
        p = a.sentences[f.index].parent
        if out and p == parent:
            merged = out[-1]
            if not own:  # a second clause: the sentence gets facts of its own before they grow
                merged = out[-1] = SentenceFacts(
                    merged.index, merged.start, merged.end, list(merged.triggers), list(merged.agencies),
                    list(merged.groups), list(merged.seized), list(merged.cues), list(merged.topics),
                    list(merged.numbers), list(merged.dates), list(merged.places), list(merged.countries))
                own = True
            merged.end = f.end
            for name in ("triggers", "agencies", "groups", "seized", "cues", "topics", "numbers", "dates",
                         "places", "countries"):
                getattr(merged, name).extend(getattr(f, name))
        else:
            out.append(f)  # a sentence of one clause so far: read as it is (statistics only read facts)
            own = False
        parent = p
    return out


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


def _own_year(text: str, num: NumberMention, noun_end: int, stop: int) -> str | None:
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


def _counted(facts: SentenceFacts, cue: Hit) -> bool:
    """A noun some number in the sentence already counts ('27 operaciones')."""
    return any((n.noun_start is not None and n.noun_start <= cue.start < (n.noun_end or n.end))
               or 0 <= cue.start - n.end <= 2 for n in facts.numbers)


def adjective_noun(facts: SentenceFacts, num: NumberMention, text: str) -> Hit | None:
    """'200 terrorist cells', 'two jihadist operations': the person word the number parser took
    for the counted noun is an adjective of the noun that follows it."""
    if num.noun_class != "person" or num.noun_end is None:
        return None
    for cue in facts.cues:
        if (cue.value in _METRIC_OF_NOUN or cue.value == "cells_plural") and cue.value != "person_noun" \
                and _ADJECTIVE_GAP.fullmatch(text, num.noun_end, cue.start):
            return cue
    return None


def _noun_after(facts: SentenceFacts, num: NumberMention, text: str) -> tuple[str, int] | None:
    """(metric, end of the counted noun) for a figure, from the number parser's noun or a cue."""
    if num.noun_class in (None, "person"):
        plot_end = _plot_after(text, facts, num)
        if plot_end is not None:
            return "plots_foiled", plot_end
    if num.noun_class in _METRIC_OF_CLASS and num.noun_end is not None:
        if num.noun_class == "person" and _MEMBER_STATES.match(text, num.noun_end):
            return None  # "13 member states" counts countries, not persons
        noun = adjective_noun(facts, num, text)
        if noun is not None:
            return _METRIC_OF_NOUN.get(noun.value, "cells_dismantled"), noun.end
        return _METRIC_OF_CLASS[num.noun_class], num.noun_end
    if num.noun_class is not None:
        return None  # a counted noun of another kind (years, kilometres) is not a figure
    best: tuple[int, str, Hit] | None = None
    named = _NUMBER_OF_AFTER.match(text, num.end, facts.end)
    for cue in facts.cues:
        if cue.value not in _METRIC_OF_NOUN and cue.value != "cells_plural":
            continue
        gap = cue.start - num.end
        between = text[num.end:cue.start]
        if not (0 <= gap <= _NOUN_WINDOW and "\n" not in between and not any(map(str.isdigit, between))):
            continue
        partitive = cue.value in ("cell_noun", "cells_plural") and _PARTITIVE.fullmatch(between)
        if _PREPOSITION.search(between) and not (named and named.end() >= cue.start) and not partitive:
            continue
        if cue.value == "person_noun" and _MEMBER_STATES.match(text, cue.end):
            continue  # "13 EU Member States"
        if best is None or gap < best[0]:
            best = (gap, _METRIC_OF_NOUN.get(cue.value, "cells_dismantled"), cue)
    return None if best is None else (best[1], best[2].end)


@lru_cache(maxsize=1)
def _plot_vocab() -> tuple[dict[str, str], re.Pattern[str]]:
    """Statistic-only plot vocabulary: word → kind, and one pattern for the averting verbs."""
    rows = lexicons.load("lexicons/stat_plot_nouns").rows
    words = {r["word"].lower(): r["kind"] for r in rows if r["kind"] != "avert"}
    stems = sorted((re.escape(r["word"]) for r in rows if r["kind"] == "avert"), key=len, reverse=True)
    return words, re.compile("|".join(stems), re.I)


_PLOT_WORD = re.compile(r"[^\W\d_]+")
_PLOT_GAP = re.compile(r"[\s'’-]*")
_PLOT_LINK = frozenset(("d", "de", "des", "del", "of"))
_PLOT_HEAD = frozenset(("terror", "planned", "plan", "act"))  # kinds a counted plot may open with


def _plot_after(text: str, facts: SentenceFacts, num: NumberMention) -> int | None:
    """'300 planned terrorist actions', '276 projets d'actes terroristes', '341 terrorist attempts',
    '361 عملا تخريبيا' beside a foiling verb: plots counted with words the cue list leaves to events.
    The end of the counted words, or None."""
    words, avert = _plot_vocab()
    # the first word after the number must already be a plot word: most figures stop here
    first = _PLOT_WORD.search(text, num.end, min(facts.end, num.end + 80))
    if first is None or words.get(first.group().lower()) not in _PLOT_HEAD or not _PLOT_GAP.fullmatch(
            text, num.end, first.start()):
        return None
    toks: list[tuple[str, int]] = []
    end = num.end
    for m in _PLOT_WORD.finditer(text, num.end, min(facts.end, num.end + 80)):
        if len(toks) == 6 or not _PLOT_GAP.fullmatch(text, end, m.start()):
            break
        toks.append((m.group().lower(), m.end()))
        end = m.end()
    kinds = [words.get(w, "link" if w in _PLOT_LINK else "") for w, _ in toks]
    i = 0
    while i < min(2, len(kinds)) and kinds[i] in ("terror", "planned"):
        i += 1
    if i >= len(kinds) or kinds[i] not in ("plan", "act"):
        return None
    head, stop = i, toks[i][1]
    j = i + 1
    if j < len(kinds) and kinds[j] == "link":
        j += 1
    while j < len(kinds) and j <= head + 3 and kinds[j] in ("terror", "act"):
        stop = toks[j][1]
        j += 1
    seen = kinds[:head] + kinds[head + 1:j]
    if "terror" not in seen:
        return None
    if kinds[head] == "plan" or "planned" in seen or avert.search(
            text, max(facts.start, num.start - 50), num.start) or avert.search(text, stop, min(facts.end, stop + 50)):
        return stop
    return None


def _noun_before(facts: SentenceFacts, num: NumberMention, text: str) -> tuple[str, int] | None:
    """'el número de detenidos ascendió a 975', 'operaciones … este año (64)': the noun comes first."""
    bracketed = text[num.start - 1:num.start] == "(" and text[num.end:num.end + 1] == ")"
    best: Hit | None = None
    for cue in facts.cues:
        if cue.value not in _METRIC_OF_NOUN or cue.end > num.start or _counted(facts, cue):
            continue
        between = text[cue.end:num.start]
        if any(map(str.isdigit, between)) or _CLAUSE_BREAK.search(between):
            continue
        named = _NUMBER_OF_BEFORE.search(text, max(facts.start, cue.start - 24), cue.start)
        if (named and len(between) <= 60) or (bracketed and len(between) <= 80):
            if best is None or cue.end > best.end:
                best = cue
    if best is None:
        return None
    return _METRIC_OF_NOUN[best.value], num.end + (1 if bracketed else 0)


def _year_lead(text: str, markers: list[_Marker], num: NumberMention) -> bool:
    """'en 2015 fueron 36', '2017 se ha cerrado con 53': a single year leads straight to the figure."""
    for m in markers:
        p = m.period
        if p.start and p.start == p.end and m.stop <= num.start and _YEAR_LEAD.match(text[m.stop:num.start]):
            if len(text[m.stop:num.start].split()) <= 4:
                return True
    return False


def _topic_metric(facts: SentenceFacts, num: NumberMention) -> str | None:
    """'En cuanto a operaciones, … 2017 se ha cerrado con 53': the uncounted metric noun before."""
    best: Hit | None = None
    for cue in facts.cues:
        if cue.value in _METRIC_OF_NOUN and cue.end <= num.start and not _counted(facts, cue):
            if best is None or cue.end > best.end:
                best = cue
    return _METRIC_OF_NOUN[best.value] if best else None


def _subset(text: str, facts: SentenceFacts, num: NumberMention) -> bool:
    """'dont 14 femmes', '292 منهم', 'من بينهم 29 قاصرا': a part of a count already given."""
    return any(c.value == "subset" and (0 <= num.start - c.end <= 20 or 0 <= c.start - num.end <= 3)
               for c in facts.cues)


def _group_after(text: str, facts: SentenceFacts, end: int) -> Hit | None:
    for g in facts.groups:
        if 0 <= g.start - end <= 40 and not any(map(str.isdigit, text[end:g.start])):
            return g
    return None


def _total_near(text: str, facts: SentenceFacts, num: NumberMention, noun_end: int) -> bool:
    """'a total of 975', 'حصيلة … 64 عملية', '450 en total': a total word of this figure, not of another."""
    for c in facts.cues:
        if c.value != "aggregate":
            continue
        if c.end <= num.start and num.start - c.end <= 80 and not any(
                c.end <= n.start < num.start for n in _figures(facts)):
            return True
        if 0 <= c.start - noun_end <= 20:
            return True
    # "over the past five years", "au cours des dix dernières années", "خلال السنوات العشر الماضية"
    window = text[max(facts.start, num.start - 80):min(facts.end, noun_end + 40)]
    return _PAST_YEARS_HINT.search(window) is not None and _PAST_YEARS.search(window) is not None


_PAST_YEARS = re.compile(
    r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|decades)\b"
    r"|\bau\s+cours\s+des\s+(?:\w+\s+)?derni[eè]res\s+(?:ann[ée]es|d[ée]cennies)"
    r"|\ben\s+los\s+[úu]ltimos\s+(?:\w+\s+)?(?:a[ñn]os|lustros)"
    r"|خلال\s+(?:ال)?(?:سنوات|أعوام|اعوام|عقود)\s+(?:\S+\s+)?(?:الماضية|الأخيرة|الاخيرة)", re.I)
# years, decades, derni, ltimos, خلال (re.I): one of them is in every _PAST_YEARS match; the
# letter class lets the scan skip in C every position that opens none
_PAST_YEARS_HINT = re.compile(r"[yYdDlLخ](?:(?i:(?<=y)ears|(?<=d)(?:ecades|erni)|(?<=l)timos)|(?<=خ)لال)")


def _event_day(facts: SentenceFacts, markers: list[_Marker]) -> bool:
    """The sentence dates something to a day outside its period words: it tells of one event."""
    return any(len(d.value) == 10 and not any(m.pos <= d.start < m.stop for m in markers) for d in facts.dates)


def _same_figure(a: Period, b: Period) -> bool:
    """Two statements of one value are one figure unless both give it other, explicit years."""
    for x, y in ((a.start, b.start), (a.end, b.end)):
        if x and y and x[:4] != y[:4]:
            return False
    return True


_CUE_VALUE = attrgetter("value")
_TALLY_NOUNS = frozenset(("plot", "plot_noun", "cell_noun", "cells_plural"))


class _LazyMarkers:
    """A sentence's period words, read the first time a figure asks (most sentences' numbers are
    years, days or ages that never do)."""

    __slots__ = ("a", "facts", "worth", "value")

    def __init__(self, a: Analysis, facts: SentenceFacts, worth: bool) -> None:
        self.a, self.facts, self.worth = a, facts, worth
        self.value: list[_Marker] | None = None

    def __call__(self) -> list[_Marker]:
        if self.value is None:
            self.value = _markers(self.a, self.facts) if self.worth else []
        return self.value


class _LazyOwned:
    """A sentence's owned years (see _owned_years), read the first time a period is weighed."""

    __slots__ = ("text", "facts", "value")

    def __init__(self, text: str, facts: SentenceFacts) -> None:
        self.text, self.facts = text, facts
        self.value: set[int] | None = None

    def __iter__(self) -> Iterator[int]:
        if self.value is None:
            self.value = _owned_years(self.text, self.facts)
        return iter(self.value)


def find_statistics(a: Analysis) -> tuple[list[Statistic], set[tuple[int, int]]]:
    """Statistics of a document, and the number spans they used (so events skip them)."""
    text = a.doc.text
    best: dict[tuple[str, int], list[tuple[tuple[int, int], Period, Statistic]]] = {}
    used: set[tuple[int, int]] = set()
    doc_country = report_country(a, locative_weight=3)
    # A figure without its own period in a piece that counted one ("since its creation in 2015
    # ... 51 of them tied to ISIS") counts over that period; only figures set it, so a "since"
    # about something else ("no attack since 2004") never dates a figure.
    doc_period: Period | None = None
    last_metric: str | None = None
    last_para = -1
    open_since: list[tuple[tuple[str, int], Statistic]] = []
    quiet = 0  # sentences since the last figure
    for facts in _whole_sentences(a):
        # period words matter only where there is a number (or an ordinal tally, which needs a cue)
        worth = facts.numbers or not _TALLY_NOUNS.isdisjoint(map(_CUE_VALUE, facts.cues))
        if not worth:
            # no number and no tally word: nothing to read here, only the running state moves on
            para = a.sentences.paragraph(facts.index)
            if para != last_para:
                last_metric = None
            last_para = para
            quiet += 1
            if quiet >= 2:
                open_since = []
            continue
        markers = _LazyMarkers(a, facts, True)
        owned = _LazyOwned(text, facts)
        # a breakdown may run on into the next sentence of its paragraph ("… 53 operations in
        # 2017. In 2015 there were 36, 13 in 2014"): the metric carries over inside a paragraph
        para = a.sentences.paragraph(facts.index)
        if para != last_para:
            last_metric = None
        last_para = para
        emitted: list[tuple[tuple[str, int], Statistic]] = []
        numbers = sorted(facts.numbers, key=lambda n: n.start)
        off_topic = facts.crime and not facts.terror
        subset_end = -1
        for num in numbers:
            if (num.is_age_range or num.is_year or num.is_percent or num.value < 2 or _inside_date(facts, num)
                    or _vague(num) or before_month(text, num)):
                continue  # "28 أبريل" without a year is still a day, not a count
            if _PERCENT_AFTER.match(text, num.end) or _PERCENT_BEFORE.search(text, max(0, num.start - 6), num.start):
                continue  # "un 30 por ciento": a share, never a count
            if _RATIO_BEFORE.search(text, max(0, num.start - 14), num.start):
                continue  # "one in every three arrests": a ratio, never a count
            if _time_span(text, num):
                continue  # "les 10 premiers mois de 2016": a span of time, never a count
            if _ORDINAL_TEEN.search(text, max(facts.start, num.start - 12), num.start) and num.value == 10:
                continue  # "الذكرى الرابعة عشرة": the fourteenth, not ten
            if off_topic or _casualty(facts, num):
                continue  # tolls and look-alike crime figures are not counter-terrorism statistics
            if _breakdown_row(text, facts, num):
                continue  # "- armed cells: 6 cells: 26 held": one row of a breakdown by type
            noun = _noun_after(facts, num, text)
            noun_end = max(noun[1], num.end) if noun else num.end
            own = _own_year(text, num, noun_end, facts.end)
            group = _group_after(text, facts, noun_end)
            if not own and not group and (
                    _subset(text, facts, num)
                    or (0 <= num.start - subset_end <= 6 and re.fullmatch(r"\s*(?:y|e|and|et|و|,|،)?\s*",
                                                                           text[subset_end:num.start]))):
                subset_end = noun_end  # "dont 14 femmes et 29 mineurs": parts of a count, not figures
                continue
            named_before = noun is None  # the metric noun, if any, stands before the number
            if noun is None:
                before = _noun_before(facts, num, text)
                if before is not None:
                    noun, noun_end = before, max(before[1], num.end)
            if noun is not None:
                metric: str | None = noun[0]
            elif own or _year_lead(text, markers(), num):
                metric = last_metric or _topic_metric(facts, num)
            elif last_metric and (group or _OTHERS.match(text, num.end)):
                metric = last_metric  # "91 cells, 85 tied to ISIS", "51 … and 6 others"
            else:
                metric = None
            if metric is None:
                continue
            if metric == "attacks" and (_FOILED.search(text, noun_end, min(facts.end, noun_end + 40))
                                        or _FOILED.search(text, max(facts.start, num.start - 30), num.start)
                                        or (named_before and _FOILED.search(text, max(facts.start, num.start - 80),
                                                                            num.start)
                                            and not _MIXED.search(text, max(facts.start, num.start - 80), num.start))):
                # "le nombre d'attentats déjoués en 2017 s'élève à vingt": the foiled word sits by the noun
                metric = "plots_foiled"  # "58 attentats déjoués", "ont déjoué 58 attentats"
            if metric == "arrests" and not facts.triggers and _FATE.search(text, noun_end, min(facts.end, noun_end + 40)):
                continue  # "1,600 Moroccans joined ISIS", "212 returned": persons counted, but nobody arrested
            total = _total_near(text, facts, num, noun_end)
            # "17 عنصر دعم للجماعات الإرهابية": army bulletins tally support elements, however few
            bulletin = (metric == "arrests" and _SUPPORT.match(text, noun_end) is not None
                        and not _event_day(facts, markers()))  # a dated day tells one operation
            total = total or bulletin
            if metric in ("attacks", "plots_foiled") and num.value < 3 and not total:
                continue  # "the two attacks that hit Barcelona" name events, not a tally
            here = _period_for(text, facts, markers(), num, noun_end, owned)
            if (here is not None and here.kind == "this_year" and here.start is None and here.anchor is not None
                    and (min(abs(here.anchor - num.start), abs(here.anchor - noun_end)) > _THIS_YEAR_REACH
                         or (here.anchor > noun_end and re.search(r"[,،]", text[noun_end:here.anchor])))):
                # an undated "this year" far off, or in the next clause, frames another count
                here = None
            strong_period = here is not None and (here.start != here.end or total) or bulletin
            if metric == "arrests" and num.value < 20 and _describes(text, noun_end, here):
                strong_period = False
            if metric == "arrests" and not own and not strong_period and num.value < 20 and not last_metric:
                continue  # "six suspects in 2017" is an operation's count, not a figure
            if metric == "arrests" and not own and not total and num.value < 20 and _event_day(facts, markers()):
                continue  # "since the 2015 attacks, police held 12 suspects on Tuesday": one operation
            if own:
                p, quality = Period(own, own, noun_end), 3
            elif here is not None:
                p, quality = here, 2
            elif doc_period is not None and (metric == "cells_dismantled" or num.value >= 20) and not _undated_since(
                    facts, markers()):
                p, quality = doc_period, 1
            elif total or (metric == "cells_dismantled" and num.value >= 3):
                p, quality = Period(None, None), 0
            else:
                continue
            last_metric = metric
            used.add((num.start, num.end))
            if quality >= 2 and p.start != p.end:
                doc_period = p
            # "205 plots foiled, failed and carried out" and "205 foiled, failed or completed attacks"
            key = ("attacks" if metric == "plots_foiled" else metric, num.value)
            # a figure stated twice is recorded once, with its best-stated period (closest words win ties)
            reach = -abs(p.anchor - num.start) if p.anchor is not None else -10_000
            rank = (quality, reach)
            slot = best.setdefault(key, [])
            twin = next((i for i, (r, q, _) in enumerate(slot)
                         if r[0] < 2 or quality < 2 or _same_figure(q, p)), None)
            if twin is not None and slot[twin][0] >= rank:
                continue
            agency = facts.agencies[0].value.canonical if facts.agencies else None
            ev = a.evidence(num.start, noun_end)
            stat = Statistic(
                doc_id=a.doc.doc_id, metric=metric, value=num.value, qualifier=num.qualifier,
                country=_stat_country(a, facts, doc_country),
                agency=agency, affiliation=(group.value.canonical if group else None), start=p.start, end=p.end,
                evidence=(ev,),
            )
            if twin is None:
                slot.append((rank, p, stat))
            else:
                slot[twin] = (rank, p, stat)
            emitted.append((key, stat))
        for key, stat, rank in _ordinal_tallies(a, facts, markers, owned, doc_country):
            slot = best.setdefault(key, [])
            if not slot:
                slot.append((rank, Period(stat.start, stat.end), stat))
                emitted.append((key, stat))
        if emitted:
            open_since += [(k, st) for k, st in emitted if st.start and not st.end]
            quiet = 0
        elif open_since and quiet < 2 and not _figures(facts):
            # "450 operations since 2004. The data, updated to 15 January 2025, …": the next
            # sentence closes the open period of the figures before it
            end = next((m.period.end for m in markers() if m.period.kind == "until" and m.period.end
                        and len(m.period.end) == 10), None)
            if end:
                for k, st in open_since:
                    best[k] = [(r, q, replace(x, end=end) if x is st else x) for r, q, x in best[k]]
                open_since = []
        quiet += 0 if emitted else 1
        if quiet >= 2:
            open_since = []  # the as-of words must follow the figures closely
    out = [stat for slot in best.values() for _, _, stat in slot]
    return out, used


@lru_cache(maxsize=1)
def _ordinals() -> dict[str, int]:
    return {fold(r["word"]): int(r["value"]) for r in lexicons.load("lexicons/ordinals").rows}


def _ordinal_tallies(a: Analysis, facts: SentenceFacts, markers: Callable[[], list[_Marker]], owned: Iterable[int],
                     doc_country: str | None) -> list[tuple[tuple[str, int], Statistic, tuple[int, int]]]:
    """'le quatrième projet d'attentat déjoué depuis le début de l'année', 'المرة العاشرة التي تحبط
    فيها … هجمات خلال العامين الماضيين': an ordinal beside a foiled plot or a cell states a running tally."""
    kinds = set(map(_CUE_VALUE, facts.cues))
    if kinds.isdisjoint(("since", "during", "this_year", "until", "so_far")):
        return []  # a rank with no period ("the second suspect") is no tally
    if kinds.isdisjoint(("plot", "plot_noun", "cell_noun", "cells_plural")):
        return []  # nor one beside neither a foiled plot nor a cell
    text = a.doc.text
    table = _ordinals()
    out: list[tuple[tuple[str, int], Statistic, tuple[int, int]]] = []
    if table.keys().isdisjoint(map(fold, _WORD.findall(text, facts.start, facts.end))):
        return out  # no ordinal word at all: the loop below, word by word in Python, finds nothing
    for tok in _WORD.finditer(text, facts.start, facts.end):
        value = table.get(fold(tok.group()))
        if value is None:
            continue
        if _TEEN_WORD.match(text, tok.end()) or not (tok.group().startswith("ال") or _DETERMINER.search(
                text, max(facts.start, tok.start() - 8), tok.start())):
            continue  # "الرابعة عشرة" is the fourteenth; "second" without an article is a time unit
        window = text[tok.end():min(facts.end, tok.end() + 70)]
        if _FOILED.search(fold(window)) or _FOILED.search(window):
            metric = "plots_foiled"
        elif any(c.value in ("cell_noun", "cells_plural") and 0 <= c.start - tok.end() <= 12 for c in facts.cues):
            metric = "cells_dismantled"
        else:
            continue
        num = NumberMention(tok.start(), tok.end(), tok.group(), value)
        p = _period_for(text, facts, markers(), num, tok.end(), owned) or Period(None, None)
        ev = a.evidence(tok.start(), tok.end())
        agency = facts.agencies[0].value.canonical if facts.agencies else None
        out.append(((("attacks" if metric == "plots_foiled" else metric), value), Statistic(
            doc_id=a.doc.doc_id, metric=metric, value=value, qualifier="exact",
            country=_stat_country(a, facts, doc_country), agency=agency,
            affiliation=None, start=p.start, end=p.end, evidence=(ev,)), (2, 0)))
    return out


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


def _casualty(facts: SentenceFacts, num: NumberMention) -> bool:
    return any(c.value in ("killed", "wounded") and (0 <= c.start - num.end <= 15 or 0 <= num.start - c.end <= 15)
               for c in facts.cues)


def _vague(num: NumberMention) -> bool:
    return bool(_VAGUE.search(num.quote))


def _inside_date(facts: SentenceFacts, num: NumberMention) -> bool:
    return any(d.start <= num.start < d.end and d.kind != "year" for d in facts.dates)


def _stat_country(a: Analysis, facts: SentenceFacts, doc_country: str | None) -> str | None:
    """Whose services a figure counts: the agency named with it (none for an EU body), else the
    country the sentence says it happened in, else the report's country."""
    if facts.agencies:
        return facts.agencies[0].value.nation
    where = [c.value for c in facts.countries if locative(a.doc.text, c.start)]
    return where[0] if where else doc_country
