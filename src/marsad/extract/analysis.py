"""One pass of every matcher over a document, grouped by sentence: what frames and statistics read."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from operator import attrgetter
from typing import Any, NamedTuple

from .. import lexicons
from ..dedupe import blank_spans, drop_repeated_paragraphs
from ..geocode import default_gazetteer
from ..models import LANGUAGES, Document, Evidence, Place
from ..text.arabic import NormText, normalize
from ..text.dates import DateMention, find_dates
from ..text.numbers import NumberMention, find_numbers
from .lexicon import Agency, Group, Trigger, vocabulary
from .sentences import Sentences


_VALUE = attrgetter("value")


class Hit(NamedTuple):
    """A lexicon match: where it is and what it means.

    A NamedTuple rather than a frozen dataclass (immutable all the same): every document
    makes dozens, and a frozen dataclass pays a Python-level setattr per field. They are made
    by :data:`_new_hit` from the matcher's ``(start, end, quote, value)`` tuples directly."""

    start: int
    end: int
    quote: str
    value: Any


# Hit((start, end, quote, value)) without the Python-level __new__ of a NamedTuple
_new_hit: Callable[[tuple[int, int, str, Any]], Hit] = partial(tuple.__new__, Hit)  # type: ignore[assignment]


@dataclass(slots=True)
class SentenceFacts:
    index: int
    start: int
    end: int
    triggers: list[Hit] = field(default_factory=list)
    agencies: list[Hit] = field(default_factory=list)
    groups: list[Hit] = field(default_factory=list)
    seized: list[Hit] = field(default_factory=list)
    cues: list[Hit] = field(default_factory=list)
    topics: list[Hit] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    countries: list[Hit] = field(default_factory=list)

    def cue(self, name: str) -> list[Hit]:
        return [c for c in self.cues if c.value == name]

    # These three run for every sentence, many times per document: `in` over a C-level map
    # answers the same as any(...) over a generator, without a Python frame per item.
    def has_cue(self, name: str) -> bool:
        return name in map(_VALUE, self.cues)

    @property
    def terror(self) -> bool:
        return bool(self.groups) or "terror" in map(_VALUE, self.topics)

    @property
    def crime(self) -> bool:
        return "crime" in map(_VALUE, self.topics)


@dataclass(slots=True)
class Analysis:
    doc: Document
    lang: str
    norm: NormText
    sentences: Sentences
    facts: list[SentenceFacts]
    # answers worked out once per document (this Analysis lives for one document only)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def terror_context(self) -> bool:
        """False for a look-alike story: crime words (drugs, migration, a murder case, a kidnapping)
        and no terrorism word at all."""
        known = self.memo.get("terror_context")
        if known is None:
            known = self.memo["terror_context"] = self._terror_context()
        return known

    def _terror_context(self) -> bool:
        if bool(self.doc.title and _TERROR_TITLE(self.doc.title)):
            return True
        # "police ruled out terrorism", "لا علاقة له بالإرهاب": a terror word the text denies names
        # no terrorism; a text that only denies it is a look-alike
        text = self.doc.text
        if any(f.terror and (f.groups or not _ruled_out(text, f.start, f.end)) for f in self.facts):
            return True
        if any(_ruled_out(text, f.start, f.end) for f in self.facts):
            return False
        return not any(f.crime or "ordinary" in map(_VALUE, f.topics) for f in self.facts)

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(self.doc.doc_id, start, end, self.doc.text[start:end])

    def sentence_evidence(self, index: int) -> Evidence:
        s = self.facts[index]
        start, end = s.start, s.end
        text = self.doc.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return self.evidence(start, end)


_P = "patterns/analysis"  # the words of the patterns below, one alternative a row


def _words(pattern: str) -> str:
    """The rows of one group of data/patterns/analysis.tsv as a regex alternation, in file order."""
    return lexicons.alternation(_P, pattern)


def _any(pattern: str) -> str:
    """The rows of one group as a non-capturing group: one alternative among them."""
    return "(?:" + _words(pattern) + ")"


_TERROR_STEM = _any("terror_stem")
_DENIAL = _any("denial")
# a denial and a terror word within one clause, either way round
_RULED_OUT = re.compile("(?P<d1>" + _DENIAL + r")[^.;\n]{0,40}?" + _TERROR_STEM + "|" + _TERROR_STEM + r"[^.;\n]{0,40}?(?P<d2>"
                        + _DENIAL + ")", re.I)
# "have not ruled out", "n'a pas exclu", "n'écarte pas", "no descarta", "لم تستبعد": a denial that is
# itself denied keeps terrorism open, as attack reports in the first hours often say
_DENIAL_DENIED = re.compile(r"(?:(?<!\w)" + _any("denial_negator") + "|" + _words("denial_negator_clitic")
                            + r")\s+(?:\S+\s+){0,2}$|\b" + _any("denial_negator_elided") + "$", re.I)
# one word every _DENIAL match holds (re.I), opening with a class of first letters so the scan
# skips in C: most clauses hold none, and _RULED_OUT is slow (no letter to skip by)
_DENIAL_HINT = re.compile(lexicons.hint(lexicons.fragments("patterns/analysis", "denial_hint")))


def _ruled_out(text: str, start: int, end: int) -> bool:
    """A terror word the clause denies, unless the denial is itself negated."""
    if _DENIAL_HINT.search(text, start, end) is None:
        return False
    for m in _RULED_OUT.finditer(text, start, end):
        at = m.start("d1") if m.group("d1") is not None else m.start("d2")
        if not _DENIAL_DENIED.search(text, max(start, at - 25), at):
            return True
    return False


# "Rabat – …", "MADRID, 10 abr (Xinhua) -- …": the town, maybe a short date and the agency, then a dash
_DATELINE = re.compile(r"\s*(?:,\s*\d{1,2}\s+\w{3,10}\.?\s*)?(?:\([^)]{0,30}\))?\s*[–—:\-ـ]")


# "عن موقع : فاس نيوز", "Source : Le360", "Fuente: Europa Press": a credit line names an outlet
_CREDIT = re.compile(r"\s*" + _any("credit_line") + r"\s*[:：]?", re.I)


_LINE_HEAD_BLANK = re.compile("[ \t\u200f\u200e*]*")


def _dateline(text: str, ev: Evidence) -> bool:
    """'Rabat – …', 'الرباط - …' at the head of a paragraph: where the report was filed; or a
    town in a credit line naming the outlet the report comes from."""
    line_start = text.rfind("\n", 0, ev.start) + 1
    if ev.start - line_start <= 40 and _CREDIT.match(text, line_start):
        return True
    # text[line_start:ev.start].strip(" \t\u200f\u200e*") is empty, without copying the
    # paragraph up to the name: the match stops at its first other character
    if _LINE_HEAD_BLANK.fullmatch(text, line_start, ev.start) is None:
        return False
    return bool(_DATELINE.match(text, ev.end))


def _TERROR_TITLE(title: str) -> bool:
    return any(m.value == "terror" for m in vocabulary(None).topics.find(title))


_HEAD_DATE_REACH = 200  # characters: where a page's own date line stands


# "dans le cadre d'une enquête ouverte le 1er février", "an investigation opened in 2022", "فتح بحث
# قضائي يوم": the day an inquiry began, weeks or years before what the report tells, dates no event
# "ouverte le lundi 3 février": a weekday may stand between the preposition and the day
_WEEKDAYS = [re.escape(name) for name in lexicons.load("lexicons/weekdays").column("name")]
_INQUIRY_OPENED = re.compile(
    _any("inquiry_noun")
    + r"[^.;:\n]{0,30}?" + _any("inquiry_opened") + r"\s+"
    r"(?:" + _any("inquiry_date_prep") + r"\s+)?"
    r"(?:(?:" + _words("inquiry_date_article") + "|" + "|".join(_WEEKDAYS) + r")\s+)?$", re.I)
# one word every _INQUIRY_OPENED match holds, tried first on the few characters before each date
_OPENED_HINT = re.compile("(?i)" + _words("opened_hint"))
_INQUIRY_REACH = 60  # characters from an inquiry word to the day of its opening


def _not_inquiry_days(text: str, dates: list[DateMention]) -> list[DateMention]:
    def opened(d: DateMention) -> bool:
        lo = max(0, d.start - _INQUIRY_REACH)
        return _OPENED_HINT.search(text, lo, d.start) is not None and _INQUIRY_OPENED.search(text, lo, d.start) is not None
    return [d for d in dates if not opened(d)]


def _dates(norm: NormText, lang: str, published: str | None) -> list[DateMention]:
    """Every date of the text. A report without a publication date often dates itself in its
    first lines ("the February 2019 issue", "Rabat, 12 mars 2021"): a day or month named
    later without its year ("in December", "le 18 juillet dernier") is read against it."""
    dates = find_dates(norm, lang, published)
    if published:
        return dates
    reference = max((d.value for d in dates if d.kind == "absolute" and len(d.value) >= 7
                     and d.start < _HEAD_DATE_REACH), default=None)
    if reference is None:
        return dates
    taken = [(d.start, d.end) for d in dates]
    more = [d for d in find_dates(norm, lang, reference) if d.kind in ("absolute", "relative")
            and not any(a < d.end and d.start < b for a, b in taken)]
    return sorted(dates + more, key=attrgetter("start")) if more else dates


def analyse(doc: Document, lang: str) -> Analysis:
    # Paragraphs an article repeats are read once: the copies are blanked in a same-length
    # working text, so every offset found still points into the original.
    repeats = drop_repeated_paragraphs(doc.text)
    text = blank_spans(doc.text, repeats) if repeats else doc.text
    norm = normalize(text)
    vocab = vocabulary(lang if lang in LANGUAGES else None)
    sentences = Sentences(text)
    # the ten lists given as literals: the dataclass would call its default factory for each
    facts = [SentenceFacts(s.index, s.start, s.end, [], [], [], [], [], [], [], [], [], []) for s in sentences.spans]
    if not facts:
        return Analysis(doc, lang, norm, sentences, facts)

    sentence_starts = sentences.starts

    def place(items: list[Any], attr: str, start_of: Callable[[Any], int] = attrgetter("start")) -> None:
        """Append each item to the facts of the sentence it starts in."""
        if not items:
            return
        lists = list(map(attrgetter(attr), facts))
        # Sentences.index_of, with the look-ups done by map in C: this runs for every hit
        for item, after in zip(items, map(bisect_right, repeat(sentence_starts), map(start_of, items))):
            lists[after - 1 if after else 0].append(item)

    # one automaton pass for the seven lexicons, in Vocabulary field order, as
    # (start, end, quote, value)
    triggers, agencies, groups, seized, cues, topics, named_dates = vocab.every.spans(norm)
    place(list(map(_new_hit, triggers)), "triggers")
    place(list(map(_new_hit, agencies)), "agencies")
    place(list(map(_new_hit, groups)), "groups")
    place([_new_hit((a, b, quote, c)) for a, b, quote, value in seized for c in value], "seized")
    place([_new_hit((a, b, quote, name)) for a, b, quote, value in cues for name in value], "cues")
    place(list(map(_new_hit, topics)), "topics")
    place(find_numbers(norm, lang), "numbers")
    named = [DateMention(a, b, quote, value, "absolute") for a, b, quote, value in named_dates]
    place(_not_inquiry_days(text, sorted(_dates(norm, lang, doc.published) + named, key=attrgetter("start"))), "dates")
    # a service named in the text says which state it acts in: "la Policía Nacional detuvo en
    # Guadalajara" is the Spanish town, not its larger Mexican namesake
    nations = tuple(sorted({value.nation for _a, _b, _q, value in agencies if value.nation}))
    all_places, country_hits = default_gazetteer().find_spans(text, lang, nations)
    # "Al-Qaeda in Iraq", "الدولة الإسلامية في العراق والشام": a country inside a group's name
    # says nothing about where anything happened
    inside = _inside_any([(g[0], g[1]) for g in groups])
    found = [p for p in all_places if p.evidence is not None and not _dateline(text, p.evidence)
             and not inside(p.evidence.start)]
    place(found, "places", attrgetter("evidence.start"))
    countries = [_new_hit(hit) for hit in country_hits if not inside(hit[0])]
    place(countries, "countries")
    return Analysis(doc, lang, norm, sentences, facts)


def _inside_any(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """``lambda pos: any(a <= pos < b for a, b in spans)`` for spans in text order that do
    not overlap (a matcher's hits): only the last span starting at or before ``pos`` can
    hold it, and bisect finds that one."""
    if not spans:
        return lambda pos: False
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < ends[k]
    return inside


_LOCATIVE = re.compile(r"(?:\b" + _any("locative_prep") + r"\s+(?:" + _any("locative_article") + r"\s+|"
                       + _words("locative_article_elided") + ")?|" + _any("locative_prep_bare") + r"\s+|"
                       + _words("locative_prefix") + ")$", re.I)


def locative(text: str, start: int) -> bool:
    """"in Morocco", "بالمغرب", "en France": the word at ``start`` says where something happened."""
    return bool(_LOCATIVE.search(text[max(0, start - 14):start]))


def report_country(a: Analysis, locative_weight: int = 1) -> str | None:
    """The country a report is about: its first national agency's, else the country it names
    most, a mention saying where something happened ("en España", "بالمغرب") counting
    ``locative_weight`` times."""
    for fact in a.facts:
        for h in fact.agencies:
            if h.value.nation:
                return h.value.nation
    counts: dict[str, int] = {}
    for fact in a.facts:
        for c in fact.countries:
            weight = locative_weight if locative_weight > 1 and locative(a.doc.text, c.start) else 1
            counts[c.value] = counts.get(c.value, 0) + weight
    return max(counts, key=lambda k: counts[k]) if counts else None


def by_value(hits: list[Hit]) -> dict[Any, list[Hit]]:
    out: dict[Any, list[Hit]] = defaultdict(list)
    for h in hits:
        out[h.value].append(h)
    return out


__all__ = ["Agency", "Analysis", "Group", "Hit", "SentenceFacts", "Trigger", "analyse", "by_value", "locative", "report_country"]
