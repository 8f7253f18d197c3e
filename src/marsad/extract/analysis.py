"""One pass of every matcher over a document, grouped by sentence: what frames and statistics read."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..dedupe import blank_spans, drop_repeated_paragraphs
from ..geocode import default_gazetteer
from ..models import LANGUAGES, Document, Evidence, Place
from ..text.arabic import NormText, normalize
from ..text.dates import DateMention, find_dates
from ..text.numbers import NumberMention, find_numbers
from .lexicon import Agency, Group, Trigger, vocabulary
from .sentences import Sentences


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon match: where it is and what it means."""

    start: int
    end: int
    quote: str
    value: Any


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

    def has_cue(self, name: str) -> bool:
        return any(c.value == name for c in self.cues)

    @property
    def terror(self) -> bool:
        return bool(self.groups) or any(t.value == "terror" for t in self.topics)

    @property
    def crime(self) -> bool:
        return any(t.value == "crime" for t in self.topics)


@dataclass(slots=True)
class Analysis:
    doc: Document
    lang: str
    norm: NormText
    sentences: Sentences
    facts: list[SentenceFacts]

    @property
    def terror_context(self) -> bool:
        """False for a look-alike story: crime words (drugs, migration) and no terrorism word at all."""
        if any(f.terror for f in self.facts) or bool(self.doc.title and _TERROR_TITLE(self.doc.title)):
            return True
        return not any(f.crime for f in self.facts)

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


_DATELINE = re.compile(r"\s*(?:\([^)]{0,30}\))?\s*[–—:-]")


def _dateline(text: str, ev: Evidence) -> bool:
    """'Rabat – …', 'الرباط - …' at the head of a paragraph: where the report was filed."""
    line_start = text.rfind("\n", 0, ev.start) + 1
    if text[line_start:ev.start].strip(" \t\u200f\u200e*"):
        return False
    return bool(_DATELINE.match(text, ev.end))


def _TERROR_TITLE(title: str) -> bool:
    return any(m.value == "terror" for m in vocabulary(None).topics.find(title))


def _hits(matcher: Any, norm: NormText) -> list[Hit]:
    return [Hit(m.start, m.end, m.quote, m.value) for m in matcher.find(norm)]


def analyse(doc: Document, lang: str) -> Analysis:
    # Paragraphs an article repeats are read once: the copies are blanked in a same-length
    # working text, so every offset found still points into the original.
    repeats = drop_repeated_paragraphs(doc.text)
    text = blank_spans(doc.text, repeats) if repeats else doc.text
    norm = normalize(text)
    vocab = vocabulary(lang if lang in LANGUAGES else None)
    sentences = Sentences(text)
    facts = [SentenceFacts(s.index, s.start, s.end) for s in sentences.spans]
    if not facts:
        return Analysis(doc, lang, norm, sentences, facts)

    def place(items: list[Any], attr: str, start_of: Any) -> None:
        for item in items:
            getattr(facts[sentences.index_of(start_of(item))], attr).append(item)

    start = lambda h: h.start  # noqa: E731 - tiny key function shared by every hit kind
    place(_hits(vocab.triggers, norm), "triggers", start)
    place(_hits(vocab.agencies, norm), "agencies", start)
    group_hits = _hits(vocab.groups, norm)
    place(group_hits, "groups", start)
    place([Hit(h.start, h.end, h.quote, c) for h in _hits(vocab.seized, norm) for c in h.value], "seized", start)
    cue_hits = [Hit(h.start, h.end, h.quote, name) for h in _hits(vocab.cues, norm) for name in h.value]
    place(cue_hits, "cues", start)
    place(_hits(vocab.topics, norm), "topics", start)
    place(find_numbers(norm, lang), "numbers", start)
    named = [DateMention(h.start, h.end, h.quote, h.value, "absolute") for h in _hits(vocab.named_dates, norm)]
    place(sorted(find_dates(norm, lang, doc.published) + named, key=lambda d: d.start), "dates", start)
    all_places, country_hits = default_gazetteer().find(text, lang)
    # "Al-Qaeda in Iraq", "الدولة الإسلامية في العراق والشام": a country inside a group's name
    # says nothing about where anything happened
    spans = [(g.start, g.end) for g in group_hits]
    inside = lambda pos: any(a <= pos < b for a, b in spans)  # noqa: E731
    found = [p for p in all_places if p.evidence is not None and not _dateline(text, p.evidence)
             and not inside(p.evidence.start)]
    place(found, "places", lambda p: p.evidence.start)
    countries = [Hit(ev.start, ev.end, ev.quote, code) for code, ev in country_hits if not inside(ev.start)]
    place(countries, "countries", start)
    return Analysis(doc, lang, norm, sentences, facts)


_LOCATIVE = re.compile(r"(?:\b(?:in|en|à|au|aux|dans|at|across|throughout|from)\s+(?:the\s+|la\s+|le\s+|l')?|في\s+|ب)$", re.I)


def locative(text: str, start: int) -> bool:
    """"in Morocco", "بالمغرب", "en France": the word at ``start`` says where something happened."""
    return bool(_LOCATIVE.search(text[max(0, start - 14):start]))


def by_value(hits: list[Hit]) -> dict[Any, list[Hit]]:
    out: dict[Any, list[Hit]] = defaultdict(list)
    for h in hits:
        out[h.value].append(h)
    return out


__all__ = ["Agency", "Analysis", "Group", "Hit", "SentenceFacts", "Trigger", "analyse", "by_value", "locative"]
