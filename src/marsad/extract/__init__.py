"""Stage 3: events and statistics out of one cleaned document.

    analyse (every matcher once) -> statistics (figures) -> frames (operations) -> events

The public function is :func:`extract`; everything else in this package is its parts.
"""
from __future__ import annotations

from dataclasses import replace

from ..clean import PAGE_DATE, detect_language, published_from_head
from ..models import LANGUAGES, Document, Extraction
from .analysis import analyse
from .events import frames_to_events
from .frames import build_frames
from .statistics import find_statistics

__all__ = ["extract"]


def extract(doc: Document) -> Extraction:
    # a language Marsad has no lexicons for is read as detection says (as cleaning does)
    lang = doc.lang if doc.lang in LANGUAGES else (detect_language(doc.text) or "en")
    # the page's own date line is when the report appeared, never an event's date
    header = PAGE_DATE.match(doc.text)
    if header and not doc.published:
        # as the cleaning step does for pages it cleans (a date line that is no date is left out)
        doc = replace(doc, published=published_from_head(doc.text, lang))
    a = analyse(doc, lang)
    if header:
        for facts in a.facts:
            if facts.start < header.end():
                facts.dates = [d for d in facts.dates if d.start >= header.end()]
                facts.numbers = [n for n in facts.numbers if n.start >= header.end()]
    stats, used = find_statistics(a) if a.terror_context else ([], set())
    # a figure is read over a whole sentence; every clause of that sentence is a figure's clause
    # (every figure counts, also a repeat of one already recorded from a better-stated sentence)
    stat_parents = {a.sentences[a.sentences.index_of(start)].parent for start, _ in used}
    stat_sentences = {c.index for c in a.sentences.spans if c.parent in stat_parents}
    # "205 foiled or completed attacks in 2017": the counted noun of a figure opens no event
    stat_spans = tuple((ev.start, ev.end) for s in stats for ev in s.evidence)
    frames = build_frames(a, used, stat_sentences, stat_spans)
    events = frames_to_events(a, frames)
    return Extraction(doc_id=doc.doc_id, lang=lang, events=tuple(events), statistics=tuple(stats))
