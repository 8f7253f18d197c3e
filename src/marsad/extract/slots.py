"""Slots read around an event's sentences: how many a ruling judged, what was seized, who
was killed or wounded. Used by :mod:`marsad.extract.frames` when it turns frames into events."""
from __future__ import annotations

import re

from .. import lexicons
from ..models import Evidence
from ..text.arabic import fold
from .analysis import Analysis, SentenceFacts
from .periods import before_month


def _words(pattern: str) -> str:
    """The alternation of one row group of data/patterns/slots.tsv (the words of every language)."""
    return lexicons.alternation("patterns/slots", pattern)


def in_date(facts: SentenceFacts, num: object) -> bool:
    start = getattr(num, "start")
    return any(d.start <= start < d.end and d.kind != "year" for d in facts.dates)


# "…and 21 others", "باقي المتهمين ال18", "sept autres accusés": the rest of a ruling's defendants
OTHERS_AFTER = re.compile(r"\s*(?:\w+\s+)?(?:" + _words("others") + ")", re.I)
_OTHERS_BEFORE = re.compile(r"(?:" + _words("rest_of") + r")\s+(?:\w+\s+){0,2}(?:ال)?$", re.I)
_ONE_MORE = re.compile(r"(?:" + _words("another_after_noun") + r")\b|\b(?:" + _words("another_before_noun") + r")\b", re.I)


_RULINGS_PLURAL = re.compile(r"(?:^|\s)[وب]?(?:ال)?(?:" + _words("rulings") + r")(?!\w)")


_AGAINST_BEFORE = re.compile(r"(?:" + _words("against") + r")\s+$")


def ruling_total(a: Analysis, core: list[int], first: int, first_start: int) -> int:
    """A ruling rules on every defendant it names: the first count plus "N others" counts and
    "another defendant" after it (death for three, prison for 21 others: 24 ruled on)."""
    text, total = a.doc.text, first
    head = a.facts[a.sentences.index_of(first_start)]
    if head.index == min(core) and _RULINGS_PLURAL.search(text, head.start, first_start) and _AGAINST_BEFORE.search(
            text, max(head.start, first_start - 12), first_start) and not OTHERS_AFTER.match(
            text, text.find(" ", first_start) if " " in text[first_start:first_start + 12] else first_start) \
            and not _others_in_sentence(a, head.index, first_start):
        # rulings (أحكام) "against N defendants" opening the report: that count is the whole
        # trial's; the sentences after it break those same defendants down ("…في حق 3 متهمين،
        # و… في حق 21 آخرين" in the same sentence still adds up: 24)
        return first
    before_first = 0
    for i in core:
        facts = a.facts[i]
        for n in facts.numbers:
            if n.start <= first_start or n.is_year or n.is_age_range or in_date(facts, n):
                continue
            if n.noun_class in ("time", "cell") or n.value > 500:
                continue
            if OTHERS_AFTER.match(text, n.end) or _OTHERS_BEFORE.search(text[max(0, n.start - 30):n.start]):
                total += n.value
        more = [m.start() for m in _ONE_MORE.finditer(text, facts.start, facts.end)]
        total += len(more)
        before_first += sum(1 for pos in more if pos < first_start)
    # "another defendant" told before the first count implies one more, singular, before it:
    # "death for the defendant X; life for another defendant; 2 to 4 years for seven" is nine
    return total + (1 if before_first else 0)



def _others_in_sentence(a: Analysis, index: int, after: int) -> bool:
    """An "N others" count after position `after` in the full sentence of clause `index`."""
    parent = a.sentences.spans[index].parent
    return any(n.start > after and OTHERS_AFTER.match(a.doc.text, n.end)
               for i, span in enumerate(a.sentences.spans) if span.parent == parent for n in a.facts[i].numbers)


_LIST_ITEM = re.compile(r"\s*[▪•·\-–—*●■◦]")
# "…led to the seizure of material. This included explosive devices…": the next sentence lists it
# (only whether it matches is read, so the two groups' order does not matter)
_INCLUDED = re.compile(r"\s*(?:" + _words("list_intro_stem") + r")|\s*(?:" + _words("list_intro") + r")\b", re.I)


_LIST_LINE = 300  # characters: a piece longer than this after "…the following:" is prose again
_ITEM_LINE = 80   # a full-stopped line this short is one item of the list, which may go on


def seizure_sentences(a: Analysis) -> set[int]:
    """Sentences whose seized items were seized: those with a seizure word, the other clauses of
    the same sentence ("les perquisitions ont permis la saisie de…, notamment un manuscrit…"), and
    the list items that follow one ("▪ a flag and a black uniform")."""
    parents = {a.sentences.spans[i].parent for i, f in enumerate(a.facts) if f.has_cue("seize")}
    out: set[int] = set()
    if not parents:
        return out  # no seizure word, no list after one
    in_list = colon = False
    for i, f in enumerate(a.facts):
        span = a.sentences.spans[i]
        if span.parent in parents:
            out.add(i)
            in_list = True
            colon = a.doc.text[span.start:span.end].rstrip().endswith((":", ",", "،"))
            continue
        if not in_list:
            continue  # only a piece right after a seizure (or after one of its items) can be an item
        line = a.doc.text[span.start:span.end].rstrip()
        bullet = bool(_LIST_ITEM.match(a.doc.text, span.start) or _INCLUDED.match(a.doc.text, span.start))
        # "…seized the following:" then one item a line, with or without bullets; a list cut by
        # the splitter after a comma goes on in the next piece ("Heading: …" is no item)
        by_colon = colon and len(line) <= _LIST_LINE and ":" not in line[:-1]
        if in_list and (bullet or by_colon) and not f.triggers:
            out.add(i)
            colon = line.endswith((":", ",", "،", "؛", ";")) or (
                by_colon and not bullet and line.endswith(".") and len(line) <= _ITEM_LINE)
            continue
        in_list = colon = False
    return out



# Attackers, militants and suspects counted beside a toll are not its victims ("36 jihadists were
# killed", "ثلاثة أشخاص يشتبه في"): the word right after the number says who it counts. The
# words skipped to reach it stop at a preposition or an attack noun: in "killed 20 in a
# terrorist attack", "مقتل 20 في هجوم إرهابي" the militant word describes the attack, not the 20;
# nor do they cross a comma or a full stop ("killing two worshippers. The suspects…")
_NOT_VICTIMS = re.compile(
    r"[^\w.,;:!?،؛]*(?:(?!(?:" + _words("not_victims_stop") + r")\W|[وفب]?(?:ال)?(?:" + _words("attack_noun_prefixed")
    + r")|(?:" + _words("attack_noun") + r")\W)\w+[^\w.,;:!?،؛]+){0,2}?(?:(?:ال)?(?:" + _words("militant_with_article")
    + r")|" + _words("militant") + ")", re.I)
# "dozens", "عشرات", "des centaines": a vague plural is no toll
_VAGUE = re.compile(lexicons.alternation("patterns/common", "vague"), re.I)  # one list for every module
# "asesinó a un sacristán", "killing a policeman", "a tué une femme": one victim, no number
# ("killed a number of people", "a tué un nombre indéterminé de" give no count at all)
_ONE_VICTIM = re.compile(r"\s+(?:(?:(?:" + _words("personal_a") + r")\s+)?(?:" + _words("one") + r")\s+|(?:"
                         + _words("to_the") + r")\s+)(?!\d)(?!(?:" + _words("not_a_count") + r")\b)\w", re.I)
# "lo acabó matando", "l'a tué", "un autre blessé", "otro herido": one victim told before the word
_ONE_BEFORE = re.compile(r"(?:(?:^|\s)(?:" + _words("one_pronoun") + r")\s+(?:\w+\s+)?|(?:^|\s)(?:"
                         + _words("one_more") + r")\s+)$", re.I)
# "خلف قتيلا وإصابة آخرين": an Arabic singular casualty noun with no number is one victim
_ONE_NOUN = re.compile(r"(?:" + _words("one_noun") + r")$")
# "11 soldiers and seven civilians": victim groups joined by "and" add up
_AND = re.compile(r"(?:\b(?:" + _words("and") + r")\b|(?:^|\s|،|,)(?:" + _words("and_glued") + "))", re.I)
# …only when "and" joins the two counts themselves: in "killed 20 soldiers and seized 5 vehicles"
# it joins two clauses, and the 5 counts something else
_AND_LAST = re.compile(r"(?:\b(?:" + _words("and") + r")|(?:^|\s|،|,)(?:" + _words("and_glued") + r"))\s*$", re.I)
# a number hyphened to the word after it modifies that word (four-day, 10-storey): no head count
_COMPOUND = re.compile(r"-[^\W\d_]")
_CLOCK_AFTER = re.compile(r"(?:" + _words("clock_mark") + r")\d")
_CLOCK_BEFORE = re.compile(r"\d(?:" + _words("clock_mark") + r")$")
_PUNCT = re.compile(r"[.,;:!?،؛]")
_TOTAL_REACH = 50   # characters from a counted victim noun's number back to a participle after it


def _excluded(a: Analysis, facts: SentenceFacts, num: object) -> bool:
    text = a.doc.text
    if (getattr(num, "is_year") or getattr(num, "is_age_range") or in_date(facts, num)
            or getattr(num, "noun_class") in ("time", "cell", "network", "attack", "operation", "plot")
            or before_month(text, num)):
        return True
    start, end = getattr(num, "start"), getattr(num, "end")
    if _COMPOUND.match(text, end):
        return True  # "the four-day siege", "a two-hour assault": a modifier, not a count
    if _CLOCK_AFTER.match(text, end) or _CLOCK_BEFORE.search(text, max(0, start - 2), start):
        return True  # "peu avant 15h30, tuant…": a clock time
    if _VAGUE.search(getattr(num, "quote")) or _NOT_VICTIMS.match(text, end, min(len(text), end + 30)):
        return True
    # "16 dead, including 3 children", "19 personnes, dont deux Français": a part of the toll
    return any(0 <= start - c.end <= 3 for c in facts.cues if c.value == "subset")


def _added(a: Analysis, facts: SentenceFacts, num: object, other: str) -> int:
    """The toll with the victim groups coordinated to it ("11 soldiers and seven civilians
    killed" → 18), on either side, while no casualty word stands between two of them."""
    text = a.doc.text
    nums = [n for n in facts.numbers if not _excluded(a, facts, n)]
    k = nums.index(num)
    total = getattr(num, "value")

    def joinable(left: object, right: object) -> bool:
        gap_start, gap_end = getattr(left, "end"), getattr(right, "start")
        if gap_end - gap_start > 45 or not _AND_LAST.search(text, gap_start, gap_end):
            return False
        if any(gap_start <= c.start < gap_end for c in facts.cues if c.value in ("killed", "wounded", "subset")):
            return False
        # "3 killed and 5 wounded": the next number has its own casualty word; "مقتل 6 أشخاص و23
        # مصابا": the number before has its own, right before it
        return not any(c.value == other and (0 <= c.start - getattr(right, "end") <= 20 or _governs(
            text, facts, c, left)) for c in facts.cues)

    j = k
    while j + 1 < len(nums) and joinable(nums[j], nums[j + 1]):
        j += 1
        total += nums[j].value
    j = k
    while j > 0 and joinable(nums[j - 1], nums[j]):
        j -= 1
        total += nums[j].value
    return total


def _other_toll(text: str, facts: SentenceFacts, num: object, cue: object, other: str) -> bool:
    """A number told before this casualty word that the other toll's word already counts: its
    word stands between them ("2 tués et un autre blessé", "5 قتلى … وإصابة آخرين") or governs it
    right before ("مقتل رعيتين … وإصابة آخرين"): the wounded of those reports are not counted."""
    start, end, at = getattr(num, "start"), getattr(num, "end"), getattr(cue, "start")
    return any(c.value == other and (end <= c.start and c.end <= at or _governs(text, facts, c, num))
               for c in facts.cues)


def _governs(text: str, facts: SentenceFacts, c: object, num: object) -> bool:
    """The casualty word ``c`` counts ``num`` told right after it ("مقتل مهندسين اثنين", "killing
    3"): no other number, "and" or punctuation between them ("13 muertos y 80 heridos": the 80
    follows the other word, it is not its count)."""
    start, c_end = getattr(num, "start"), getattr(c, "end")
    return 0 <= start - c_end <= 25 and not _AND.search(text, c_end, start) and not _PUNCT.search(
        text, c_end, start) and not any(c_end <= m.start < start for m in facts.numbers)


def casualties(a: Analysis, sentences: list[int], others: set[int] | frozenset[int] = frozenset(),
               clause: tuple[int, int, int] | None = None) -> tuple[int | None, int | None, list[tuple[str, Evidence]]]:
    """Victims killed and wounded: the count closest to a casualty word, in the event's sentences
    and the one after ("killing 39", "33 قتيلا", "32 morts et 300 blessés"). Of several counts
    the one nearest its casualty word in the event's own sentences is kept (not the highest); a
    part of a toll ("including 3 children") is never read. ``clause`` (sentence, start, end): in that
    sentence only the casualty words inside start..end are this event's."""
    killed = wounded = None
    ev: list[tuple[str, Evidence]] = []
    text = a.doc.text
    # the sentence after is read unless another event owns it (an earlier attack told next)
    span = sorted({j for i in sentences for j in (i, i + 1) if j < len(a.facts) and (j in sentences or j not in others)})
    for kind in ("killed", "wounded"):
        other = "wounded" if kind == "killed" else "killed"
        best = None
        one = None
        for i in span:
            facts = a.facts[i]
            for cue in facts.cues:
                if cue.value != kind or (clause is not None and i == clause[0] and not clause[1] <= cue.start < clause[2]):
                    continue
                found = False
                for num in facts.numbers:
                    if num.start < cue.end and cue.start < num.end:
                        dist = 0  # "قتيلين", "جريحين": the dual is both the word and the count
                    else:
                        after = cue.start - num.end   # "33 قتيلا", "14 morts"
                        before = num.start - cue.end  # "killing 39", "مقتل 17 شخصا"
                        reach = _TOTAL_REACH if num.noun_class is not None else 30
                        dist = after if 0 <= after <= reach and not any(
                            num.end <= m.start < cue.start for m in facts.numbers) and not _other_toll(
                            text, facts, num, cue, other) else (before if 0 <= before <= 25 else None)
                        if dist is not None and dist == before and any(
                                c.value == other and (0 <= c.start - num.end <= 20 and not _AND.search(text, num.end, c.start)
                                                      or cue.end <= c.start < num.start)
                                for c in facts.cues):
                            # "12 dead, dozens wounded", "killing 3, injuring 5": the number after is the
                            # other toll's; "killed 33 people and wounded 100" keeps its 33
                            dist = None
                    if dist is None or _excluded(a, facts, num):
                        continue
                    found = True
                    value = _added(a, facts, num, other)
                    rank = (i not in sentences, dist)
                    if best is None or rank < best[0]:
                        best = (rank, num, value)
                if not found and one is None and (
                        kind == "killed" and i in sentences and _ONE_VICTIM.match(text, cue.end, min(len(text), cue.end + 12))
                        or _ONE_BEFORE.search(text, max(facts.start, cue.start - 24), cue.start)
                        or _ONE_NOUN.fullmatch(fold(cue.quote))):
                    one = cue
        if best is not None:
            num, value = best[1], best[2]
            if kind == "killed":
                killed = value
            else:
                wounded = value
            ev.append((kind, a.evidence(num.start, num.end)))
        elif one is not None:
            if kind == "killed":
                killed = 1
            else:
                wounded = 1
            ev.append((kind, a.evidence(one.start, one.end)))
    return killed, wounded, ev
