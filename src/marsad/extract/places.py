"""Which of the towns named around an event are where it happened: reference points ("near
Rabat", "Altea (Alicante)"), statement places ("announced in Madrid"), institutions ("the
University of Kairouan"), courts' towns in an attack's sentence and regions that give way to a
town are dropped. Used by :mod:`marsad.extract.frames`."""
from __future__ import annotations

import re

from .. import lexicons
from ..geocode import default_gazetteer
from ..models import Place
from .analysis import Analysis, SentenceFacts


def _words(pattern: str) -> str:
    """The alternation of one row group of data/patterns/places.tsv (the words of every language)."""
    return lexicons.alternation("patterns/places", pattern)


def _hint(*patterns: str) -> re.Pattern[str]:
    """A fast gate for a slower pattern: one of the literal words of these row groups."""
    return re.compile(lexicons.hint([w for p in patterns for w in lexicons.fragments("patterns/places", p)]))


# what may stand between an institution's word and a town of its list: nothing, or the towns
# before it ("de Sevilla y ", "de Valencia, Pontevedra y ")
_TOWN_LIST = re.compile(r"\s*(?:[A-ZÁÉÍÓÚÑÇ][\w'’\-]*(?:\s+[A-ZÁÉÍÓÚÑÇ][\w'’\-]*)*\s*(?:,|\b(?:" + _words("list_and")
                        + r")\b)\s*)*")


def not_institution_places(a: Analysis, places: list[Place]) -> list[Place]:
    out = []
    for p in places:
        if p.evidence is not None:
            facts = a.facts[a.sentences.index_of(p.evidence.start)]
            if any(c.value == "institution" and (0 <= p.evidence.start - c.end <= 4 or 0 <= p.evidence.start - c.end <= 60
                   and _TOWN_LIST.fullmatch(a.doc.text, c.end, p.evidence.start)) for c in facts.cues):
                continue  # "…de Información de Valencia, Pontevedra y Vigo": every town of the list
            if _headquarters_town(a.doc.text, facts, p.evidence.start) or _wanting_unit_town(a.doc.text, facts, p.evidence.start):
                continue
            if p.name in _CAPITALS and _capital_pair(a.doc.text, facts, p):
                continue
        out.append(p)
    return out


# "the bureau's headquarters in Sale", "au siège du BCIJ à Salé": the town where a service
# sits, where suspects are taken, not where they acted
_HQ_BEFORE = re.compile(r"(?:" + _words("headquarters") + r")\s*(?:" + _words("headquarters_of") + ")?$", re.I)
_HQ_LINK = re.compile(r"^\s*(?:(?:" + _words("hq_in_article") + r")(?:(?:" + _words("city") + r")\s+|ال)?|(?:"
                      + _words("hq_in") + r")\s+)$", re.I)


# wanted "on behalf of" (لفائدة) a police unit of town X: the town of the unit that wanted the
# suspect, not where he was caught or lived
_WANTED_BY = re.compile(r"(?:" + _words("wanted_for") + r")\w*(?:\s+(?:" + _words("wanted_about") + r")\w*)?\s+(?:"
                        + _words("on_behalf_of") + r")\s+[^،,.;:]{0,70}$"
                        # "recherchés par le tribunal de première instance de Tunis", "mandats émis par le
                        # parquet de X", "buscado por el juzgado de X", "wanted by a court in X"
                        r"|(?:" + _words("wanted_by") + r")\b[^.;:]{0,40}?"
                        r"\b(?:" + _words("by") + r")\s+(?:" + _words("article") + r")?\s*(?:" + _words("court")
                        + r")[^,.;:()]{0,45}$", re.I)


def _wanting_unit_town(text: str, facts: SentenceFacts, start: int) -> bool:
    window = _HARAKAT.sub("", text[max(facts.start, start - 110):start])
    return _WANTED_HINT.search(window) is not None and bool(_WANTED_BY.search(window))


_HARAKAT = re.compile("[\u064b-\u0652\u0640]")
# words every match of _WANTED_BY holds (لفائدة, or a court word under re.I), written so the
# scan skips in C every letter that opens none of them: most windows have none
_WANTED_HINT = _hint("on_behalf_of", "court")


# "cooperation between Rabat and Paris": two capitals side by side
# stand for their governments, not for where anyone was arrested; "a cell operating between
# Brussels and Paris" names where it acted, so a word of cooperation must precede "between"
_CAPITALS = frozenset({"Rabat", "Madrid", "Paris", "Brussels", "Algiers", "Tunis", "Nouakchott", "Bamako",
                       "Niamey", "Ouagadougou", "Washington", "London", "Berlin", "Rome", "Lisbon", "The Hague"})
_PAIR_LINK = re.compile(r"\s*(?:" + _words("pair_and") + r")\s*", re.I)
_BETWEEN_BEFORE = re.compile(
    r"(?:" + _words("cooperation") + r")\S*\s+(?:\S+\s+){0,2}?(?:" + _words("between") + r")\s+(?:(?:" + _words("each_of")
    + r")\s+)?$", re.I)


def _capital_pair(text: str, facts: SentenceFacts, p: Place) -> bool:
    for q in facts.places:
        if q.evidence is None or q.name not in _CAPITALS or q.country == p.country:
            continue
        first, second = (q, p) if q.evidence.start < p.evidence.start else (p, q)
        if _PAIR_LINK.fullmatch(text, first.evidence.end, second.evidence.start) and _BETWEEN_BEFORE.search(
                text, max(facts.start, first.evidence.start - 60), first.evidence.start):
            return True
    return False


def _headquarters_town(text: str, facts: SentenceFacts, start: int) -> bool:
    for h in facts.agencies:
        if 0 <= start - h.end <= 12 and _HQ_LINK.match(text[h.end:start]) \
                and _HQ_BEFORE.search(text[max(facts.start, h.start - 20):h.start]):
            return True
    return False


def not_reference_places(facts: SentenceFacts, places: list[Place]) -> list[Place]:
    """'studying at the nearby University of Kairouan', 'near Rabat': reference points, not
    where an attack happened (an attack left without a place merges with its fuller report)."""
    refs = [c.end for c in facts.cues if c.value in ("near", "institution")]
    return [p for p in places if p.evidence is None or not any(0 <= p.evidence.start - e <= 4 for e in refs)]


def not_court_places(facts: SentenceFacts) -> list[Place]:
    """An attack judged in a sentence naming the court: the court's town is not the attack's."""
    courts = [(h.start, h.end + 12) for h in facts.agencies if h.value.kind == "court"]
    courts += [(c.start, c.end + 25) for c in facts.cues if c.value == "court"]
    keep = [p for p in facts.places if p.evidence is None
            or not any(lo <= p.evidence.start <= hi for lo, hi in courts)]
    return keep or list(facts.places)



def event_places(a: Analysis, found: list[Place]) -> list[Place]:
    """The towns where it happened: drop reference points ('near Rabat', 'Altea (Alicante)')
    when another place is named, and repeats."""
    if not found:
        return []
    # events ask again about the same sentences' towns: answered once per document (the
    # Analysis lives for one document); the towns asked about are kept so their ids stay theirs
    memo = a.memo.setdefault("event_places", {})
    key = tuple(map(id, found))
    known = memo.get(key)
    if known is None:
        known = memo[key] = (tuple(found), _event_places(a, found))
    return list(known[1])


def _event_places(a: Analysis, found: list[Place]) -> list[Place]:
    # "the University of Kairouan", "the Bardo museum": a town naming an institution is never
    # where it happened, even when it is the only town
    found = not_institution_places(a, found)
    # "BAMAKO, Mali (AP) —", "RABAT (Reuters) -": the outlet's dateline, not where it happened
    found = [p for p in found if p.evidence is None or not (p.evidence.quote.isupper()
             and _DATELINE_AFTER.match(a.doc.text, p.evidence.end)
             and _DATELINE_START.fullmatch(a.doc.text[_line_start(a.doc.text, p.evidence.start):p.evidence.start]))]
    unique = list({p.name: p for p in found}.values())
    if len(unique) == 1 and unique[0].evidence is not None:
        # "أكد المدير اليوم بسلا أن الخلية…": a town that only says where a statement was made
        # is not where it happened, even alone
        ev = unique[0].evidence
        facts = a.facts[a.sentences.index_of(ev.start)]
        if _THAT_AFTER.match(a.doc.text, ev.end) and statement_place(a.doc.text, facts, ev.start, ev.end):
            return []
        if _after_origin(a.doc.text, facts, ev.start):
            return []  # "a woman originally from X": where she comes from, not where it happened
    if len(unique) < 2:
        return unique
    text = a.doc.text
    kept: dict[str, Place] = {}
    # every mention is read, not only the last: a town listed where the suspects acted and named
    # again later as a reference point ("…Sidi Taibi (around Kenitra)") is still where they acted
    for p in found:
        ev = p.evidence
        if p.name in kept:
            continue
        if ev is None:
            kept[p.name] = p
            continue
        facts = a.facts[a.sentences.index_of(ev.start)]
        after_near = any(c.value == "near" and (0 <= ev.start - c.end <= 4 or 0 <= ev.start - c.end <= 40
                                                and _TOWN_GAP.fullmatch(text, c.end, ev.start) is not None)
                         and not (_WILAYA.search(text, c.start, c.end) and not _town_before(text, found, p, c.start))
                         for c in facts.cues) and any(q.country == p.country for q in unique if q.name != p.name)
        # "…and the leader in a suburb of Madrid": a reference town with no other town of its
        # country beside it is the only place told for that country's part
        after_near = after_near or _after_origin(text, facts, ev.start)
        after_near = after_near or _situating_unit(text, found, p) or _in_bigger_town(text, found, p)
        # "Altea (Alicante)": the bracket situates a town already named; but in "Sidi Moumen
        # (Casablanca)" the bracket names the city of a district the gazetteer does not know
        # …and "Sidi Allal El Bahraoui (37 km east of Rabat)", "Tamesna (a suburb of Rabat)": a
        # bracket opened right after a town situates that town
        window = text[max(0, ev.start - 40):ev.start]
        opened_at = window.rfind("(")
        in_brackets = opened_at >= 0 and ")" not in window[opened_at:] and any(
            q.evidence is not None and 0 <= (ev.start - len(window) + opened_at) - q.evidence.end <= 3
            for q in found if q is not p)
        if after_near or in_brackets or statement_place(text, facts, ev.start, ev.end):
            continue
        kept[p.name] = p
    order = {p.name: i for i, p in enumerate(unique)}
    keep = sorted(kept.values(), key=lambda q: order[q.name]) or unique
    # "regions only when no town is named": a department or province gives way to a town of its country
    gaz = default_gazetteer()
    towns = {p.country for p in keep if not gaz.is_region(p)}
    return [p for p in keep if not (gaz.is_region(p) and p.country in towns)] or keep


# "Ounagha, dans la province d'Essaouira", "Sokolo in the Segou region", "مجاز الباب من ولاية باجة": an
# administrative unit named right after a town only situates that town; alone ("بولاية المدية"), the
# unit's name is where it happened
# (a region or province word alone still marks a reference area: "detenidos en la región de X" beside towns)
_WILAYA = re.compile(_words("wilaya"), re.I)
_ADMIN_BEFORE = re.compile(
    r"(?:(?:^|\s)(?:" + _words("admin_prep") + r")?(?:" + _words("admin_unit_prefixed") + r")\s+"
    r"|\b(?:" + _words("admin_unit") + r")\s+(?:" + _words("admin_of") + r")?)$", re.I)
# "the gate of X, located between the towns of Y and Z": Y and Z situate X
_LOCATED_BETWEEN = re.compile(r"(?:" + _words("located") + r")\s+(?:" + _words("between") + r")\s+[^.;:،,()]{0,30}$", re.I)
_ADMIN_AFTER = re.compile(r"\s+(?:" + _words("admin_unit_after") + r")\b", re.I)
# "the Ninawa province": the article right before the name
_ADMIN_AFTER_THE = re.compile(r"(?:" + _words("admin_after_the") + r") $", re.I)
# a word every match of _LOCATED_BETWEEN (a "between" word) and of _ADMIN_BEFORE (its unit
# words) holds, re.I as there; the letter class lets the scan skip in C every position that opens none
_BETWEEN_HINT = _hint("between")
_ADMIN_HINT = _hint("admin_unit_prefixed", "admin_unit")


# "بضواحي مدينة الناظور", "près de la ville de Kénitra": a town word between the near cue and the town
_TOWN_GAP = re.compile(r"\s*(?:" + _words("town_word") + r")\s*", re.I)
# "…في كورنيا ببرشلونة", "…سان مارتين دي لافيغا بالعاصمة مدريد": a town glued by "in" right after
# another town only situates it (the smallest named town is where it happened)
_IN_TOWN_GAP = re.compile(r"[\s#]+(?:" + _words("in_town") + r")(?:(?:ال)?(?:" + _words("town_word") + r")\s+)?[\s#]*")


def _in_bigger_town(text: str, found: list[Place], p: Place) -> bool:
    ev = p.evidence
    if ev is None:
        return False
    gaz = default_gazetteer()
    return any(q.evidence is not None and q.name != p.name and q.country == p.country and not gaz.is_region(q)
               and 0 < ev.start - q.evidence.end <= 16 and _IN_TOWN_GAP.fullmatch(text, q.evidence.end, ev.start)
               for q in found)


def _after_origin(text: str, facts: SentenceFacts, start: int) -> bool:
    """'born in X', 'originaria de un campamento en X': a birthplace or origin, in the same clause.
    Only the first name after the cue is the origin: in 'originaria de Marruecos, fue detenida en
    Madrid' (comma or not) an event word or another name between says where it happened."""
    return any(c.value == "origin" and 0 <= start - c.end <= 50 and not any(ch in text[c.end:start] for ch in ",،;.(")
               and not any(c.end <= h.start < start for h in facts.triggers)
               and not any(c.end <= h.start and h.end < start - 4 for h in facts.countries)  # "Syria's Aleppo" is one
               and not any(p.evidence is not None and c.end <= p.evidence.start < start for p in facts.places)
               for c in facts.cues)


def _town_before(text: str, found: list[Place], p: Place, at: int) -> bool:
    """Another named place ends shortly before offset ``at``, in the same clause."""
    return any(q.evidence is not None and q.name != p.name and 0 <= at - q.evidence.end <= 45
               and not any(ch in text[q.evidence.end:at] for ch in ".;\n") for q in found)


def _situating_unit(text: str, found: list[Place], p: Place) -> bool:
    ev = p.evidence
    if ev is None:
        return False
    if _BETWEEN_HINT.search(text, max(0, ev.start - 45), ev.start) and _LOCATED_BETWEEN.search(
            text, max(0, ev.start - 45), ev.start):
        return any(q.evidence is not None and q.evidence.end <= ev.start - 20 for q in found)
    m = _ADMIN_BEFORE.search(text, max(0, ev.start - 40), ev.start) if _ADMIN_HINT.search(
        text, max(0, ev.start - 40), ev.start) else None
    if m is not None:
        return _town_before(text, found, p, m.start())
    if _ADMIN_AFTER.match(text, ev.end) and _ADMIN_AFTER_THE.search(text, max(0, ev.start - 20), ev.start):
        return _town_before(text, found, p, ev.start)
    return False


_DATELINE_AFTER = re.compile(r"\s*(?:,\s*[A-Z][\w .]{1,25}?)?\s*(?:\((?:[A-Z][\w .&-]{1,25})\)\s*)?[-–—:]", re.U)
_DATELINE_START = re.compile(r"[\s\W]*")


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


# "announced in Madrid", "ha informado en Málaga el ministro", "وبالرباط أعلنت الوزارة": where a
# statement was made, not where the operation was
_PREP_BEFORE = re.compile(r"(?:\b(?:" + _words("statement_prep") + r")\s+|(?:^|\s)(?:" + _words("statement_prep_spaced")
                          + r")\s+|(?:^|\s)و?ب(?:ال\w+\s+)*)$")


def statement_place(text: str, facts: SentenceFacts, start: int, end: int) -> bool:
    for c in facts.cue("report"):
        if 0 <= c.start - end <= 3 and not text[end:c.start].strip(" "):
            return True  # "...مدريد أعلن بيان": the place opens the reporting clause
        if 0 <= start - c.end <= 2 and not text[c.end:start].strip(" "):
            return True  # "أعلنت الرباط تفكيك…": the capital stands for its government
        if 0 <= start - c.end <= 40 and _PREP_BEFORE.search(text[max(c.end, start - 40):start]):
            between = range(c.end, start)
            if not any(t.start in between for t in facts.triggers) and not any(
                    ch in text[c.end:start] for ch in ",،;.("):
                return True  # "informó este domingo en Málaga el ministro"
        if c.end <= start and _THAT_AFTER.match(text, end) and not any(
                c.end <= t.start < start for t in facts.triggers):
            return True  # "أكد المدير، اليوم الاثنين بسلا، أن الخلية…": where the speaker spoke
    return False


# the complementizer that opens what was said ("…بسلا، أن الخلية", "…à Rabat, que la cellule")
_THAT_AFTER = re.compile(r"\s*[,،]?\s*(?:(?:" + _words("that") + r")(?!\w)|(?:" + _words("that_elided") + "))", re.I)
