"""Slots read around an event's sentences: how many a ruling judged, what was seized, who
was killed or wounded. Used by :mod:`marsad.extract.frames` when it turns frames into events."""
from __future__ import annotations

import re

from ..models import Evidence
from .analysis import Analysis, SentenceFacts
from .statistics import before_month


def in_date(facts: SentenceFacts, num: object) -> bool:
    start = getattr(num, "start")
    return any(d.start <= start < d.end and d.kind != "year" for d in facts.dates)


# "…and 21 others", "باقي المتهمين ال18", "sept autres accusés": the rest of a ruling's defendants
_OTHERS_AFTER = re.compile(r"\s*(?:\w+\s+)?(?:آخرين|آخرون|اخرين|others?\b|autres\b|otros\b|otras\b|restantes\b)", re.I)
_OTHERS_BEFORE = re.compile(r"(?:باقي|الباقين|بقية|remaining|other|autres|otros|restantes)\s+(?:\w+\s+){0,2}(?:ال)?$", re.I)
_ONE_MORE = re.compile(r"(?:متهم|متهما|شخص|شخصا)\s+آخر\b|\banother (?:defendant|man|suspect)\b|"
                       r"\bun autre (?:accusé|prévenu)\b|\botro (?:acusado|procesado)\b", re.I)


_RULINGS_PLURAL = re.compile(r"(?:^|\s)[وب]?(?:ال)?(?:أحكاما|أحكام|احكاما|احكام)(?!\w)")


_AGAINST_BEFORE = re.compile(r"(?:في\s+حق|بحق|ضد)\s+$")


def ruling_total(a: Analysis, core: list[int], first: int, first_start: int) -> int:
    """A ruling rules on every defendant it names: the first count plus "N others" counts and
    "another defendant" after it (death for three, prison for 21 others: 24 ruled on)."""
    text, total = a.doc.text, first
    head = a.facts[a.sentences.index_of(first_start)]
    if head.index == min(core) and _RULINGS_PLURAL.search(text, head.start, first_start) and _AGAINST_BEFORE.search(
            text, max(head.start, first_start - 12), first_start) and not _OTHERS_AFTER.match(
            text, text.find(" ", first_start) if " " in text[first_start:first_start + 12] else first_start):
        # rulings (أحكام) "against N defendants" opening the report: that count is the whole
        # trial's; the sentences after it break those same defendants down
        return first
    before_first = 0
    for i in core:
        facts = a.facts[i]
        for n in facts.numbers:
            if n.start <= first_start or n.is_year or n.is_age_range or in_date(facts, n):
                continue
            if n.noun_class in ("time", "cell") or n.value > 500:
                continue
            if _OTHERS_AFTER.match(text, n.end) or _OTHERS_BEFORE.search(text[max(0, n.start - 30):n.start]):
                total += n.value
        more = [m.start() for m in _ONE_MORE.finditer(text, facts.start, facts.end)]
        total += len(more)
        before_first += sum(1 for pos in more if pos < first_start)
    # "another defendant" told before the first count implies one more, singular, before it:
    # "death for the defendant X; life for another defendant; 2 to 4 years for seven" is nine
    return total + (1 if before_first else 0)



_LIST_ITEM = re.compile(r"\s*[▪•·\-–—*●■◦]")
# "…led to the seizure of material. This included explosive devices…": the next sentence lists it
_INCLUDED = re.compile(r"\s*(?:this|these|they|it)\s+includ|\s*(?:among them|among which|including)\b"
                       r"|\s*(?:il s'agit|parmi (?:eux|elles|lesquels|lesquelles)|notamment)\b"
                       r"|\s*(?:entre (?:ellos|ellas|los que|las que)|se trata de)\b"
                       r"|\s*(?:و?من بينها|و?تتمثل|و?تشمل|و?يتعلق الأمر)", re.I)


def seizure_sentences(a: Analysis) -> set[int]:
    """Sentences whose seized items were seized: those with a seizure word, the other clauses of
    the same sentence ("les perquisitions ont permis la saisie de…, notamment un manuscrit…"), and
    the list items that follow one ("▪ a flag and a black uniform")."""
    parents = {a.sentences.spans[i].parent for i, f in enumerate(a.facts) if f.has_cue("seize")}
    out: set[int] = set()
    in_list = False
    for i, f in enumerate(a.facts):
        span = a.sentences.spans[i]
        if span.parent in parents:
            out.add(i)
            in_list = True
            continue
        if in_list and (_LIST_ITEM.match(a.doc.text, span.start) or _INCLUDED.match(a.doc.text, span.start)) \
                and not f.triggers:
            out.add(i)
            continue
        in_list = False
    return out



def casualties(a: Analysis, sentences: list[int]) -> tuple[int | None, int | None, list[tuple[str, Evidence]]]:
    """Victims killed and wounded: the count closest to a casualty word, in the event's sentences
    and the one after ("killing 39", "33 قتيلا", "32 morts et 300 blessés")."""
    killed = wounded = None
    ev: list[tuple[str, Evidence]] = []
    span = sorted({j for i in sentences for j in (i, i + 1) if j < len(a.facts)})
    for kind in ("killed", "wounded"):
        best = None
        for i in span:
            facts = a.facts[i]
            for cue in facts.cues:
                if cue.value != kind:
                    continue
                for num in facts.numbers:
                    if (num.is_year or num.is_age_range or in_date(facts, num) or num.noun_class in ("time", "cell")
                            or before_month(a.doc.text, num)):
                        continue
                    after = cue.start - num.end   # "33 قتيلا", "14 morts"
                    before = num.start - cue.end  # "killing 39", "مقتل 17 شخصا"
                    dist = after if 0 <= after <= 30 else before if 0 <= before <= 25 else None
                    if dist is None:
                        continue
                    rank = (i not in sentences, dist)
                    if best is None or rank < best[0]:
                        best = (rank, num)
        if best is not None:
            num = best[1]
            if kind == "killed":
                killed = num.value
            else:
                wounded = num.value
            ev.append((kind, a.evidence(num.start, num.end)))
    return killed, wounded, ev
