"""Aggregate figures an authority gives ("91 cells since 2015", "64 operations in 2025").

A figure is a number followed closely by a metric noun (cells, persons, operations, plots,
attacks) in a sentence that also says what period it counts (since / during / until a
year, this year, last year) or that it is a total. Year-by-year breakdowns repeat the
metric by ellipsis ("21 cells in 2015, 19 in 2016"), so a bare number directly followed
by its own year inherits the metric of the figure before it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .. import lexicons
from ..models import Statistic
from ..text.arabic import fold
from ..text.numbers import NumberMention
from .analysis import Analysis, Hit, SentenceFacts

_METRIC_OF_NOUN = {
    "cell_noun": "cells_dismantled",
    "person_noun": "arrests",
    "operation_noun": "operations",
    "plot_noun": "plots_foiled",
    "attack_noun": "attacks",
}
_NOUN_WINDOW = 45  # characters between a number and its counted noun ("91 خلية إرهابية", "64 operaciones")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


_SINCE_WORDS = frozenset({"منذ", "since", "depuis", "desde"})
_UNTIL_WORDS = frozenset({"حتى", "until", "jusqu'a", "hasta"})


@dataclass(frozen=True, slots=True)
class Period:
    start: str | None
    end: str | None
    anchor: int | None = None  # where the words that set it are, to judge their reach


_METRIC_OF_CLASS = {
    "cell": "cells_dismantled", "network": "cells_dismantled", "person": "arrests", "arrest": "arrests",
    "operation": "operations", "attack": "attacks", "plot": "plots_foiled",
}


def _noun_after(facts: SentenceFacts, num: NumberMention, text: str) -> tuple[str, int] | None:
    """(metric, end of the counted noun) for a figure, from the number parser's noun or a cue."""
    if num.noun_class in _METRIC_OF_CLASS and num.noun_end is not None:
        return _METRIC_OF_CLASS[num.noun_class], num.noun_end
    if num.noun_class is not None:
        return None  # a counted noun of another kind (years, kilometres) is not a figure
    best: tuple[int, str, Hit] | None = None
    for cue in facts.cues:
        if cue.value not in _METRIC_OF_NOUN:
            continue
        gap = cue.start - num.end
        between = text[num.end:cue.start]
        if (0 <= gap <= _NOUN_WINDOW and "\n" not in between and not any(ch.isdigit() for ch in between)
                and not _PREPOSITION.search(between)):
            if best is None or gap < best[0]:
                best = (gap, _METRIC_OF_NOUN[cue.value], cue)
    return None if best is None else (best[1], best[2].end)


def _year_after(text: str, pos: int, limit: int) -> tuple[str, int] | None:
    m = _YEAR.search(text, pos, min(limit, pos + 40))
    return (m.group(1), m.end()) if m else None


def _sentence_period(a: Analysis, facts: SentenceFacts) -> tuple[Period | None, bool]:
    """The period a sentence counts, and whether it speaks of a total."""
    text = a.doc.text
    start = end = None
    anchor: int | None = None
    for cue in facts.cues:
        kind = cue.value
        if kind in ("since", "during", "until", "this_year", "last_year") and anchor is None:
            anchor = cue.start
        if kind == "since":
            if any(c.value == "superlative" and 0 <= cue.start - c.end <= 30 for c in facts.cues):
                continue  # "the highest since 2004" compares; it does not say what is counted
            y = _year_after(text, cue.end, facts.end)
            until_between = y and any(
                c.value == "until" and cue.end <= c.start < y[1] for c in facts.cues)
            if y and not until_between:
                start = start or _month_precision(a, facts, cue.end, y[0])
        elif kind == "during":
            y = _year_after(text, cue.end, facts.end)
            if y and y[1] - cue.end <= 16:
                start = start or y[0]
                end = end or y[0]
        elif kind == "until":
            y = _year_after(text, cue.end, facts.end)
            if y:
                end = _until(a, facts, cue.end, y[0])
                if len(end) == 10 and not any(c.value == "since" for c in facts.cues):
                    start = start or y[0]  # "as of 6 June 2024": the count of that year so far
        elif kind in ("this_year", "last_year"):
            # worked out here, not per sentence: _current_year reads every date of the text
            published_year = (a.doc.published or "")[:4] or _current_year(a)
            if not published_year:
                continue
            if kind == "this_year":
                start = start or published_year
                end = end or published_year
            else:
                prev = str(int(published_year) - 1)
                start, end = start or prev, end or prev
    if start is None and end is None:
        anchor = None
        for d in facts.dates:
            if d.kind == "year" and d.cue:
                if d.cue in _SINCE_WORDS and any(
                        c.value == "superlative" and 0 <= d.start - c.end <= 30 for c in facts.cues):
                    continue  # "the highest since 2004" compares
                anchor = d.start
                cue = d.cue
                if cue in _SINCE_WORDS:
                    start = d.value[:4]
                elif cue in _UNTIL_WORDS:
                    end = d.value[:4] + "-12"
                else:
                    start = end = d.value[:4]
                break
    total = facts.has_cue("aggregate")
    if start is None and end is None:
        # "El año siguiente, 2023, cerró con 43 operaciones": one bare year in the sentence
        years = {n.value for n in facts.numbers if n.is_year}
        if len(years) == 1:
            y = str(years.pop())
            pos = next(n.start for n in facts.numbers if n.is_year)
            return Period(y, y, pos), total
        return None, total
    return Period(start, end, anchor), total


def _whole_sentences(a: Analysis) -> list[SentenceFacts]:
    """Figures and their periods are read over whole sentences, not the clauses frames use.

    A one-clause sentence comes back as the clause's own facts, not a copy: read them only."""
    out: list[SentenceFacts] = []
    parent = None
    copied = False  # out[-1] is a copy of its first clause's facts, safe to extend
    for f in a.facts:
        p = a.sentences[f.index].parent
        if out and p == parent:
            if not copied:
                # copy only when a second clause joins: a sentence of one clause (most of
                # them) is read as it is, and frames still see the clauses unchanged
                first = out[-1]
                out[-1] = SentenceFacts(
                    first.index, first.start, first.end, list(first.triggers), list(first.agencies),
                    list(first.groups), list(first.seized), list(first.cues), list(first.topics),
                    list(first.numbers), list(first.dates), list(first.places), list(first.countries))
                copied = True
            merged = out[-1]
            merged.end = f.end
            for name in ("triggers", "agencies", "groups", "seized", "cues", "topics", "numbers", "dates",
                         "places", "countries"):
                getattr(merged, name).extend(getattr(f, name))
        else:
            out.append(f)
            copied = False
        parent = p
    return out


def _current_year(a: Analysis) -> str | None:
    """Without a publication date, 'this year' is the year the report itself says it covers."""
    for f in a.facts:
        for d in f.dates:
            if d.kind == "year" and d.cue and d.cue not in _SINCE_WORDS and d.cue not in _UNTIL_WORDS:
                return d.value[:4]
    return None


def _month_precision(a: Analysis, facts: SentenceFacts, pos: int, year: str) -> str:
    for d in facts.dates:
        if d.start >= pos and d.start - pos <= 30 and d.value.startswith(year) and len(d.value) >= 7:
            return d.value[:7]
    return year


def _until(a: Analysis, facts: SentenceFacts, pos: int, year: str) -> str:
    for d in facts.dates:
        if d.start >= pos and d.start - pos <= 30 and d.value.startswith(year):
            return d.value if len(d.value) > 4 else year + "-12"
    return year + "-12"


def _own_year(text: str, num: NumberMention, noun_end: int, stop: int) -> str | None:
    """'21 خلية (سنة 2015)', '19 في عام 2016', '142 in 2016': a year right after the figure."""
    window = text[noun_end:min(stop, noun_end + 18)]
    m = _YEAR.search(window)
    if not m:
        return None
    between = window[:m.start()]
    # only short connective material may separate them: brackets, "سنة/عام/في", "in", "en"
    if re.search(r"[\d،,;]", between.replace("(", "")) or len(between.split()) > 3:
        return None
    return m.group(1)


def find_statistics(a: Analysis) -> tuple[list[Statistic], set[tuple[int, int]]]:
    """Statistics of a document, and the number spans they used (so events skip them)."""
    text = a.doc.text
    best: dict[tuple[str, int], tuple[tuple[int, int], Statistic]] = {}
    used: set[tuple[int, int]] = set()
    doc_country = _doc_country(a)
    # A figure without its own period in a piece that set one ("since its creation in 2015 ...
    # 51 of them tied to ISIS") counts over that period.
    doc_period: Period | None = None
    last_metric: str | None = None
    last_para = -1
    for facts in _whole_sentences(a):
        period, total = _sentence_period(a, facts)
        if period is not None and period.start != period.end:
            doc_period = period
        # a breakdown may run on into the next sentence of its paragraph ("… 53 operations in
        # 2017. In 2015 there were 36, 13 in 2014"): the metric carries over inside a paragraph
        para = a.sentences.paragraph(facts.index)
        if para != last_para:
            last_metric = None
        last_para = para
        numbers = sorted(facts.numbers, key=lambda n: n.start)
        off_topic = facts.crime and not facts.terror
        for num in numbers:
            if (num.is_age_range or num.is_year or num.value < 2 or _inside_date(facts, num) or _vague(num)
                    or before_month(text, num)):
                continue  # "28 أبريل" without a year is still a day, not a count
            if off_topic or _casualty(facts, num):
                continue  # tolls and look-alike crime figures are not counter-terrorism statistics
            noun = _noun_after(facts, num, text)
            noun_end = max(noun[1], num.end) if noun else num.end
            own = _own_year(text, num, noun_end, facts.end)
            metric = noun[0] if noun else (last_metric if own else None)
            if metric is None:
                continue
            if metric == "attacks" and _FOILED.search(text, noun_end, min(facts.end, noun_end + 40)):
                metric = "plots_foiled"  # "58 attentats déjoués"
            if metric in ("attacks", "plots_foiled") and num.value < 3 and not total:
                continue  # "the two attacks that hit Barcelona" name events, not a tally
            here = period
            if here is not None and here.anchor is not None and abs(here.anchor - num.start) > 100:
                here = None  # the period words belong to another clause of a long sentence
            strong_period = here is not None and (here.start != here.end or total)
            if metric == "arrests" and not own and not strong_period and num.value < 20 and not last_metric:
                continue  # "six suspects in 2017" is an operation's count, not a figure
            if own:
                p, quality = Period(own, own), 3
            elif here is not None:
                p, quality = here, 2
            elif doc_period is not None and (metric == "cells_dismantled" or num.value >= 20):
                p, quality = doc_period, 1
            elif total or (metric == "cells_dismantled" and num.value >= 3):
                p, quality = Period(None, None), 0
            else:
                continue
            last_metric = metric
            used.add((num.start, num.end))
            key = (metric, num.value)
            # a figure stated twice is recorded once, with its best-stated period (closest words win ties)
            reach = -abs(p.anchor - num.start) if p.anchor is not None else -10_000
            if key in best and best[key][0] >= (quality, reach):
                continue
            agency = facts.agencies[0].value.canonical if facts.agencies else None
            group = _group_near(facts, num)
            ev = a.evidence(num.start, noun_end)
            best[key] = ((quality, reach), Statistic(
                doc_id=a.doc.doc_id, metric=metric, value=num.value, qualifier=num.qualifier,
                country=(facts.agencies[0].value.country if facts.agencies else doc_country),
                agency=agency, affiliation=group, start=p.start, end=p.end,
                evidence=(ev,),
            ))
    out = [stat for _, stat in best.values()]
    return out, used


_FOILED = re.compile(r"déjoué|foiled|thwarted|frustrad|abortad|احبط|افشل|اجهض", re.I)
_PREPOSITION = re.compile(r"(?:^|\s)(?:de|du|des|of|del|from|au|aux|à|en|in|for|pour|para|por|من|في|على)(?:\s|$)", re.I)


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    return frozenset(fold(r["name"]) for r in lexicons.load("lexicons/months").rows)


def before_month(text: str, num: NumberMention) -> bool:
    """The number is a day of a month named right after it (a date without its year)."""
    nxt = text[num.end:num.end + 16].split()
    return bool(nxt) and fold(nxt[0].strip("،,.()")) in _month_words()


def _casualty(facts: SentenceFacts, num: NumberMention) -> bool:
    return any(c.value in ("killed", "wounded") and (0 <= c.start - num.end <= 15 or 0 <= num.start - c.end <= 15)
               for c in facts.cues)


_VAGUE = re.compile(r"dozens|عشرات|dizaines|decenas|centaines|cientos|hundreds|مئات|آلاف|milliers|miles|thousands", re.I)


def _vague(num: NumberMention) -> bool:
    return bool(_VAGUE.search(num.quote))


def _inside_date(facts: SentenceFacts, num: NumberMention) -> bool:
    return any(d.start <= num.start < d.end and d.kind != "year" for d in facts.dates)


def _group_near(facts: SentenceFacts, num: NumberMention) -> str | None:
    for g in facts.groups:
        if 0 <= g.start - num.end <= 40:
            return g.value.canonical
    return None


def _doc_country(a: Analysis) -> str | None:
    counts: dict[str, int] = {}
    for f in a.facts:
        for c in f.countries:
            counts[c.value] = counts.get(c.value, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None
