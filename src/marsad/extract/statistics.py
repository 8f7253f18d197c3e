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

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from operator import attrgetter

from .. import lexicons
from ..models import Statistic
from ..text.arabic import fold
from ..text.numbers import NumberMention
from .analysis import Analysis, Hit, SentenceFacts, locative, report_country
from .periods import (CLAUSE_BREAK, LazyMarkers, LazyOwned, Marker, Period, TIME_AFTER, before_month,
                      describes, event_day, figures, inside_date, own_year, period_for, same_figure,
                      undated_since, year_lead)

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
_THIS_YEAR_REACH = 50  # an undated "this year" dates only a figure right beside it


def _words(pattern: str) -> str:
    """The alternatives of one row group of data/patterns/statistics.tsv: the words of every language."""
    return lexicons.alternation("patterns/statistics", pattern)


# "cifran en 77 el número de detenidos", "à 183 le nombre de cellules": the number names its noun
_NUMBER_OF = r"(?:\s+(?:" + _words("number_of_total") + r"))?\s*(?:" + _words("number_of_link") + r")?\s*"
# no two number nouns open alike, so the total word may follow the others in the alternation
_NUMBER_OF_AFTER = re.compile(
    r"\s*(?:" + _words("number_article") + r")?\s*(?:" + _words("number_noun") + "|" + _words("total_noun") + ")"
    + _NUMBER_OF, re.I)
NUMBER_OF_BEFORE = re.compile(r"(?:" + _words("number_noun") + ")" + _NUMBER_OF + "$", re.I)
# "51 من الخلايا", "12 of the cells": a part named by the whole it is taken from
_PARTITIVE = re.compile(r"\s*(?:" + _words("partitive") + r")\s+(?:(?:" + _words("partitive_article") + r")\s+)?$",
                        re.I)
_OTHERS = re.compile(r"\s*(?:" + _words("others") + r")(?:\s|[,،.;]|$)", re.I)
_PERCENT_AFTER = re.compile(r"\s*(?:" + _words("percent_after") + ")", re.I)
_RATIO_BEFORE = re.compile(r"(?:" + _words("ratio_before") + r")\s+$", re.I)
_PERCENT_BEFORE = re.compile(r"(?:" + _words("percent_before") + r")\s+$", re.I)
_ORDINAL_TEEN = re.compile(r"(?:^|\s)ال[^\s]{3,}\s+$")
_WORD = re.compile(r"[^\W\d_]+")
_TEEN_WORD = re.compile(r"\s+(?:" + _words("teen_word") + r")(?:\s|$)")
_DETERMINER = re.compile(r"(?:^|\s)(?:" + _words("determiner") + r")\s+$", re.I)
_MIXED = re.compile(_words("mixed_outcome"), re.I)  # foiled, failed and done together
_FOILED = re.compile(_words("foiled"), re.I)
_PREPOSITION = re.compile(r"(?:^|\s)(?:" + _words("preposition") + r")(?:\s|$)", re.I)
# what persons counted without an arrest word did instead: joined, fought, died, returned, are watched
# (fate_stem: words a clitic may open, so no word boundary before them)
_FATE = re.compile(r"\b(?:" + _words("fate") + ")|(?:" + _words("fate_stem") + ")", re.I)
# "عناصر دعم", "support elements", "éléments de soutien": the army bulletins' word for those they tally
_SUPPORT = re.compile(r"\s*(?:" + _words("support") + r")(?:\s|$)", re.I)
# "dont 14 femmes et 29 mineurs": parts of a count joined by "and" or a comma
_AND_GAP = re.compile(r"\s*(?:" + lexicons.alternation("patterns/periods", "conjunction_and") + r"|,|،)?\s*")
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
_MEMBER_STATES = re.compile(r"\s*(?:" + _words("states") + r")\b", re.I)
_VAGUE = re.compile(lexicons.alternation("patterns/common", "vague"), re.I)  # one list for every module


def _time_span(text: str, num: NumberMention) -> bool:
    return num.noun_class == "time" or TIME_AFTER.match(text, num.end) is not None


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
_PLOT_LINK = frozenset(_words("plot_link").split("|"))  # plain words, compared with a token
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
        if any(map(str.isdigit, between)) or CLAUSE_BREAK.search(between):
            continue
        named = NUMBER_OF_BEFORE.search(text, max(facts.start, cue.start - 24), cue.start)
        if (named and len(between) <= 60) or (bracketed and len(between) <= 80):
            if best is None or cue.end > best.end:
                best = cue
    if best is None:
        return None
    return _METRIC_OF_NOUN[best.value], num.end + (1 if bracketed else 0)


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
                c.end <= n.start < num.start for n in figures(facts)):
            return True
        if 0 <= c.start - noun_end <= 20:
            return True
    # "over the past five years", "au cours des dix dernières années", "خلال السنوات العشر الماضية"
    window = text[max(facts.start, num.start - 80):min(facts.end, noun_end + 40)]
    return _PAST_YEARS_HINT.search(window) is not None and _PAST_YEARS.search(window) is not None


# one row per language: each orders its words (order word, number, unit) its own way
_PAST_YEARS = re.compile(_words("past_years"), re.I)


# one of the past_years_hint words (years, decades, derni, ltimos, خلال) is in every _PAST_YEARS match
_PAST_YEARS_HINT = re.compile(lexicons.hint(lexicons.fragments("patterns/statistics", "past_years_hint")))


_CUE_VALUE = attrgetter("value")
_TALLY_NOUNS = frozenset(("plot", "plot_noun", "cell_noun", "cells_plural"))


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
        markers = LazyMarkers(a, facts, True)
        owned = LazyOwned(text, facts)
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
            if (num.is_age_range or num.is_year or num.is_percent or num.value < 2 or inside_date(facts, num)
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
            own = own_year(text, num, noun_end, facts.end)
            group = _group_after(text, facts, noun_end)
            if not own and not group and (
                    _subset(text, facts, num)
                    or (0 <= num.start - subset_end <= 6 and _AND_GAP.fullmatch(text, subset_end, num.start))):
                subset_end = noun_end  # "dont 14 femmes et 29 mineurs": parts of a count, not figures
                continue
            named_before = noun is None  # the metric noun, if any, stands before the number
            if noun is None:
                before = _noun_before(facts, num, text)
                if before is not None:
                    noun, noun_end = before, max(before[1], num.end)
            if noun is not None:
                metric: str | None = noun[0]
            elif own or year_lead(text, markers(), num):
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
                        and not event_day(facts, markers()))  # a dated day tells one operation
            total = total or bulletin
            if metric in ("attacks", "plots_foiled") and num.value < 3 and not total:
                continue  # "the two attacks that hit Barcelona" name events, not a tally
            here = period_for(text, facts, markers(), num, noun_end, owned)
            if (here is not None and here.kind == "this_year" and here.start is None and here.anchor is not None
                    and (min(abs(here.anchor - num.start), abs(here.anchor - noun_end)) > _THIS_YEAR_REACH
                         or (here.anchor > noun_end and re.search(r"[,،]", text[noun_end:here.anchor])))):
                # an undated "this year" far off, or in the next clause, frames another count
                here = None
            strong_period = here is not None and (here.start != here.end or total) or bulletin
            if metric == "arrests" and num.value < 20 and describes(text, noun_end, here):
                strong_period = False
            if metric == "arrests" and not own and not strong_period and num.value < 20 and not last_metric:
                continue  # "six suspects in 2017" is an operation's count, not a figure
            if metric == "arrests" and not own and not total and num.value < 20 and event_day(facts, markers()):
                continue  # "since the 2015 attacks, police held 12 suspects on Tuesday": one operation
            if own:
                p, quality = Period(own, own, noun_end), 3
            elif here is not None:
                p, quality = here, 2
            elif doc_period is not None and (metric == "cells_dismantled" or num.value >= 20) and not undated_since(
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
                         if r[0] < 2 or quality < 2 or same_figure(q, p)), None)
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
        elif open_since and quiet < 2 and not figures(facts):
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


def _ordinal_tallies(a: Analysis, facts: SentenceFacts, markers: Callable[[], list[Marker]], owned: Iterable[int],
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
        p = period_for(text, facts, markers(), num, tok.end(), owned) or Period(None, None)
        ev = a.evidence(tok.start(), tok.end())
        agency = facts.agencies[0].value.canonical if facts.agencies else None
        out.append(((("attacks" if metric == "plots_foiled" else metric), value), Statistic(
            doc_id=a.doc.doc_id, metric=metric, value=value, qualifier="exact",
            country=_stat_country(a, facts, doc_country), agency=agency,
            affiliation=None, start=p.start, end=p.end, evidence=(ev,)), (2, 0)))
    return out


def _casualty(facts: SentenceFacts, num: NumberMention) -> bool:
    return any(c.value in ("killed", "wounded") and (0 <= c.start - num.end <= 15 or 0 <= num.start - c.end <= 15)
               for c in facts.cues)


def _vague(num: NumberMention) -> bool:
    return bool(_VAGUE.search(num.quote))


def _stat_country(a: Analysis, facts: SentenceFacts, doc_country: str | None) -> str | None:
    """Whose services a figure counts: the agency named with it (none for an EU body), else the
    country the sentence says it happened in, else the report's country."""
    if facts.agencies:
        return facts.agencies[0].value.nation
    where = [c.value for c in facts.countries if locative(a.doc.text, c.start)]
    return where[0] if where else doc_country
