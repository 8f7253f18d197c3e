"""Event frames: trigger sentences grouped into operations; their slots are read by
:mod:`marsad.extract.events`.

Reading order matters. The first operation an article reports is its news; later trigger
sentences either add to it (the same suspects, the same city) or recall another
operation. A later sentence opens a new event only when it carries its own date that
differs from the current one, a background cue with a place or date, or places disjoint
from the current event's with a different count; otherwise it extends the current one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import lexicons
from ..lexicons import fragments, hint, langs_of
from ..models import Evidence, Place
from .analysis import Analysis, Hit, SentenceFacts, locative
from .frame_dates import dates_told_after, finer_day_elsewhere, frame_date, place_names
from .places import not_court_places, not_reference_places
from .slots import in_date
from .periods import before_month
from .statistics import NUMBER_OF_BEFORE, adjective_noun
from .triggers import (after_subset, attributive, cell_follows, cell_reference, counted_operation, in_brackets, intended,
                       is_planned_attack, plural_cells_near, plural_word, police_ambush, victims)

COMPATIBLE = {
    "dismantling": {"dismantling", "arrest"},
    "arrest": {"dismantling", "arrest"},
    "court_ruling": {"court_ruling"},
    "attack": {"attack"},
}
_PRIORITY = {"dismantling": 3, "arrest": 2, "court_ruling": 1, "attack": 0}
_P = "patterns/frames"  # the words of the patterns below, one alternative a row
# Arabic words are found after a space or at the text's start, the other languages' at a word
# boundary: where a pattern has both branches, each takes the rows of its own languages
_SPACED = tuple(row["code"] for row in lexicons.load("languages").rows if row["script"] == "arabic")
_BOUNDED = tuple(lang for lang in lexicons.LANGS if lang not in _SPACED)


def _alt(pattern: str, langs: tuple[str, ...] | None = None) -> str:
    return lexicons.alternation(_P, pattern, langs)


def _definite_values() -> dict[str, int]:
    """The Arabic cardinal with the article, after the persons it counts ("the three suspects"):
    the article on the number words 3-10 of the form that counts men (ending in ة), also
    written without the hamza (الاربعة)."""
    out: dict[str, int] = {}
    for row in lexicons.load("lexicons/number_words").rows:
        word, value = row["word"], int(row["value"])
        if row["kind"] == "unit" and 3 <= value <= 10 and word.endswith("ة"):
            for form in (word, word.replace("أ", "ا").replace("إ", "ا")):
                out.setdefault("ال" + form, value)
    return out


_DEFINITE_VALUES = _definite_values()
_DEFINITE_COUNT = re.compile(r"\w*(?:\s+(?:" + _alt("count_pronoun") + r"))?\s+(" + "|".join(_DEFINITE_VALUES) + r")(?!\w)")
# "أن الأربعة أوقفوا", "أوقف الثلاثة": the definite number standing for the persons, right beside the verb
_BARE_DEFINITE_BEFORE = re.compile(r"(?:^|\s)(" + "|".join(_DEFINITE_VALUES) + r")\s+$")
_BARE_DEFINITE_AFTER = re.compile(r"\s+(" + "|".join(_DEFINITE_VALUES) + r")(?!\w)")
_SINGULAR_PRONOUN = re.compile(r"\s+(?:" + _alt("singular_pronoun") + r")(?!\w)")
_ONE_PERSON_AFTER = 60  # characters from an arrest verb to the single person it took
# "بفكر تكفيري", "فكرا تكفيريا": the word describes an ideology; "بتنسيق مع عنصر من الدرك": the
# element worked with the police. Neither is the one person taken
_NOT_THE_TAKEN = re.compile(r"(?:^|\s)(?:[وب]?(?:" + _alt("ideology_noun") + r")|" + _alt("together_with") + r")\s+$")
_ARREST_WINDOW = 80  # characters between a trigger and the count of persons it concerns


@dataclass(slots=True)
class Frame:
    type: str
    sentences: list[int]
    triggers: list[Hit]
    date: str | None = None
    date_ev: Evidence | None = None
    explicit_date: bool = False
    places: list[Place] = field(default_factory=list)
    arrests: int | None = None
    arrests_ev: Evidence | None = None
    background: bool = False
    anaphoric: bool = False  # "Los seis detenidos…", "the same day…": refers back to the event before
    listed: bool = False  # one town of a list of attacked towns: never merged into another town's attack
    recalled: bool = False  # an attack told as what the news came some time after: an earlier one
    whole: int | None = None  # "three of the four suspects": the group the arrested were part of


def told_later(a: Analysis, f: Frame) -> bool:
    """An attack told in a trial report or on an anniversary happened before the day of
    publication, so that day is no fallback for its date."""
    if f.type != "attack":
        return False
    return any(fact.has_cue("court") or fact.has_cue("trial") or fact.has_cue("anniversary") for fact in a.facts)


_DEMONSTRATIVE = re.compile(r"(?:\b(?:" + _alt("demonstrative", _BOUNDED) + r")\s+|(?:^|\s)(?:" + _alt("demonstrative", _SPACED)
                            + r")\s+)$", re.I)


_COURT_ATTACK_TOWN = 45  # characters from an attack word in a ruling's sentence to its own town
_COURT_ATTACK_TOLL = 100  # … and to its toll or day


def _court_towns(facts: SentenceFacts) -> list[Place]:
    """Towns told right after a court's name ('the court of appeal in Sale')."""
    courts = [(h.start, h.end + 12) for h in facts.agencies if h.value.kind == "court"]
    courts += [(c.start, c.end + 25) for c in facts.cues if c.value == "court"]
    return [p for p in facts.places if p.evidence is not None and any(lo <= p.evidence.start <= hi for lo, hi in courts)]


def _attack_anchor(a: Analysis, facts: SentenceFacts, trig: Hit) -> bool:
    """An attack is an event only when the text pins it down: a date or place near the word."""
    near = lambda start: -40 <= start - trig.end <= 70  # noqa: E731
    if any(near(d.start) and d.kind != "weekday" for d in facts.dates):
        return True
    # a country places a singular attack ("an attack in Tunisia"); plural attack words with only
    # a country are usually attacks in general ("attacks in Europe and the United States")
    if not plural_word(trig.quote) and any(
            near(c.start) and (locative(a.doc.text, c.start) or a.doc.text[c.end:c.end + 2].lstrip().startswith(":"))
            for c in facts.countries):
        return True  # "an attack in Tunisia"; "Morocco" as a subject pins nothing down
    if facts.has_cue("court"):
        # a crime recalled in a ruling is an event only with its own place or date
        # ("juzgar al autor del ataque de Algeciras"); the court's town is not one
        if any(p.evidence is not None and 0 <= p.evidence.start - trig.end <= 12 for p in facts.places):
            return True
        # "convicted of a bombing that hit a café in Marrakesh on 28 April, killing 17": a town of
        # its own (not the court's) right after the attack word, and its toll or day, make the
        # judged attack an event of its own
        own_town = any(p.evidence is not None and 0 <= p.evidence.start - trig.end <= _COURT_ATTACK_TOWN
                       for p in not_court_places(facts) if p not in _court_towns(facts))
        told = any(c.value in ("killed", "wounded") and 0 <= c.start - trig.end <= _COURT_ATTACK_TOLL
                   for c in facts.cues) or any(
            d.kind == "absolute" and 0 <= d.start - trig.end <= _COURT_ATTACK_TOLL for d in facts.dates)
        return own_town and told
    if facts.index > 0 and _DEMONSTRATIVE.search(a.doc.text, max(facts.start, trig.start - 12), trig.start):
        # "este ataque", "this attack", "هذا الهجوم": the sentence before told where and whom it killed
        prev = a.facts[facts.index - 1]
        if prev.places and any(c.value in ("killed", "wounded") for c in prev.cues):
            return True
    for c in facts.cues:
        if c.value in ("killed", "wounded") and any(
            -30 <= n.start - c.end <= 30 and not n.is_year and not in_date(facts, n) for n in facts.numbers
            if not (n.noun_class == "victim" and n.noun_start == n.start)  # a bare victim dual ("the two tourists") pins nothing down
        ):
            return True
    return any(p.evidence is not None and near(p.evidence.start) for p in facts.places)


_MEMBER = tuple(fragments(_P, "member"))
# "three of the four suspects", "trois des quatre": the words between a part and its whole
_WHOLE_AFTER = re.compile(r"\s+(?:" + _alt("partitive") + r")\s+", re.I)
# "one of the suspects", "أحد المتورطين": the 'one of' words, as the quantified cue quotes them
_ONE_OF = re.compile(r"(?:" + _alt("one_of") + r")$", re.I)
_ONE_OF_REACH = 15  # characters from 'one of the' to the persons it picks one from
_CLAUSE_MARK = re.compile(r"[.,;:،؛]")  # punctuation between 'one of' and a noun: the noun is no longer its


def _whole_of_part(a: Analysis, facts: SentenceFacts, num: object) -> bool:
    """The M of 'N of the M suspects': the group the taken part came from, not a count taken."""
    text, start = a.doc.text, getattr(num, "start")
    return any(o.end <= start and start - o.end <= 16 and not o.is_year and _WHOLE_AFTER.fullmatch(text, o.end, start)
               for o in facts.numbers) or any(
        0 <= start - c.end <= 2 and _one_of(a, facts, c) for c in facts.cues if c.value == "quantified")


def _one_of(a: Analysis, facts: SentenceFacts, c: Hit) -> bool:
    """A 'one of the' cue that picks one person: 'arrested one of the suspects', 'أحد أعضاء الخلية'."""
    text = a.doc.text
    if _ONE_OF.search(c.quote) is None:
        return False
    if c.start > 0 and text[c.start - 1] == "و" and text[c.start] == "ا":
        return False  # "واحد": the number one after a noun ("متهم واحد"), no 'one of'
    return any(0 <= p.start - c.end <= _ONE_OF_REACH and _CLAUSE_MARK.search(text, c.end, p.start) is None
               for p in facts.cues if p.value == "person_noun")


def _count_near(a: Analysis, facts: SentenceFacts, trig: Hit, used: set[tuple[int, int]],
                anchors: tuple[Hit, ...] = ()) -> tuple[int | None, Evidence | None]:
    """The count of persons nearest the trigger, or nearest another trigger of its type in the
    sentence ("قضت غرفة الجنايات … بأحكام … في حق ستة متهمين": the court's long name stands
    between the verb and the count, the rulings' noun stands beside it)."""
    text = a.doc.text
    starts = [trig.start] + [t.start for t in anchors if t.value.type == trig.value.type and t is not trig]
    best = None
    person_cues = [c for c in facts.cues if c.value in ("person_noun", "cell_noun")]
    for num in facts.numbers:
        if num.is_age_range or num.is_year or (num.start, num.end) in used or num.value > 99:
            continue
        dist = min(abs(num.start - s0) for s0 in starts)
        if dist > _ARREST_WINDOW * 2:
            continue  # too far whatever it counts (tested first: the tests below cost more)
        if VAGUE.search(num.quote) or after_subset(facts, num) or before_month(a.doc.text, num):
            continue  # "dozens of suspects" is no count; "among them two women" is a part; "28 April" a day
        if in_date(facts, num):
            continue
        if victims(facts, num):
            continue  # "أودى بحياة 17 شخصا", "killing 17 people": victims, not suspects
        if num.noun_class is not None:
            noun_ok = num.noun_class in ("person", "arrest") and adjective_noun(facts, num, text) is None
        else:
            noun_ok = any(0 <= c.start - num.end <= 25 and c.value == "person_noun" for c in person_cues)
        member_ok = text[num.end:num.end + 10].lstrip(" -").lower().startswith(_MEMBER)
        if not (noun_ok or member_ok):
            continue
        if _whole_of_part(a, facts, num):
            continue  # "three of the four suspects were arrested": three were taken
        if best is None or dist < best[0]:
            best = (dist, num.value, num.start, num.end)
    for c in facts.cues:
        # "arrested one of the suspects", "القبض على أحد المتورطين": one person taken
        if c.value == "quantified" and abs(c.start - trig.start) <= _ARREST_WINDOW and _one_of(a, facts, c) \
                and not after_subset(facts, c) and not _NOT_THE_TAKEN.search(text, max(0, c.start - 12), c.start):
            dist = abs(c.start - trig.start)
            if best is None or dist < best[0]:
                best = (dist, 1, c.start, c.end)
    if best is None:
        # "أوقفت المشتبه بهم الثلاثة", "الأشخاص الأربعة": the definite number after its noun
        for c in person_cues:
            if c.value == "person_noun" and abs(c.start - trig.end) <= _ARREST_WINDOW:
                m = _DEFINITE_COUNT.match(text, c.end)
                if m:
                    return _DEFINITE_VALUES[m.group(1)], a.evidence(c.start, m.end())
        if trig.value.type in ("arrest", "dismantling"):
            m = _BARE_DEFINITE_BEFORE.search(text, max(facts.start, trig.start - 16), trig.start) \
                or _BARE_DEFINITE_AFTER.match(text, trig.end, facts.end)
            if m:
                return _DEFINITE_VALUES[m.group(1)], a.evidence(m.start(1), m.end(1))
        if trig.value.type in ("arrest", "court_ruling") and not plural_word(trig.quote):
            # "اعتقالات", "detenciones": a plural word never took one person alone;
            # "detained a young jihadist", "اعتقال متطرف", "un homme a été interpellé"; the object
            # often follows the agent, a day and a town ("detuvo el viernes en X a un joven")
            # a reporting verb in between starts another clause ("…a man, who they said belonged
            # to an extremist group"), whose words are no object of the arrest
            reports = [r.start for r in facts.cues if r.value == "report" and r.start > trig.end]
            for c in facts.cues:
                if c.value != "one_person" or after_subset(facts, c) \
                        or _NOT_THE_TAKEN.search(text, max(0, c.start - 12), c.start):
                    continue  # "dont un mineur": one of those counted, not the one taken
                if (c.quote.startswith(("ال", "لل")) or text.endswith(("ال", "لل"), max(0, c.start - 2), c.start)) \
                        and not _SINGULAR_PRONOUN.match(text, c.end):
                    # "الاعتداء الإرهابي": with the article the word describes, it names no one
                    # taken; "المشتبه فيه" (the suspect, singular) does
                    continue
                after = 0 <= c.start - trig.end <= _ONE_PERSON_AFTER and not any(r < c.start for r in reports)
                if after or 0 <= trig.start - c.end <= 40:
                    return 1, a.evidence(c.start, c.end)
        return None, None
    return best[1], a.evidence(best[2], best[3])


def _off_topic(a: Analysis, facts: SentenceFacts) -> bool:
    """Drugs, migration or smuggling around the trigger and no terrorism word in its sentence."""
    if facts.terror:
        return False
    near = [a.facts[j] for j in (facts.index - 1, facts.index, facts.index + 1) if 0 <= j < len(a.facts)]
    return any(f.crime for f in near)


def build_frames(a: Analysis, used_numbers: set[tuple[int, int]], stat_sentences: set[int],
                 stat_spans: tuple[tuple[int, int], ...] = ()) -> list[Frame]:
    frames: list[Frame] = []
    if not a.terror_context:
        return frames  # a look-alike story (drugs, migration, ordinary crime): no CT events
    for facts in a.facts:
        if not facts.triggers:
            continue  # no trigger, no opener: skip the topic test most sentences would pay for
        if _off_topic(a, facts):
            continue
        has_cell = facts.has_cue("cell_noun")
        triggers = [t for t in facts.triggers
                    if not any(a0 <= t.start < b0 for a0, b0 in stat_spans) and not intended(facts, t)
                    # "le nombre d'attentats déjoués … s'élève à vingt": the noun a figure counts
                    # stands before it, outside the figure's evidence; it opens no event either
                    and not (facts.index in stat_sentences and t.value.type == "attack" and NUMBER_OF_BEFORE.search(
                        a.doc.text, max(facts.start, t.start - 24), t.start))
                    and not attributive(a.doc.text, t) and not police_ambush(facts, t)]
        openers = [
            t for t in triggers
            if t.value.strong
            or (t.value.type == "attack" and _attack_anchor(a, facts, t))
            or (t.value.type == "dismantling" and (has_cell or cell_follows(a, facts)))
            or (t.value.type == "arrest" and counted_operation(facts, t))
        ]
        if not openers:
            continue
        # One frame per family of trigger in the sentence: an operation (dismantling/arrest, the
        # most specific wins), a court ruling, an attack. "The cell dismantled in 2013 was
        # convicted by the Audiencia Nacional" reports two events.
        families: dict[str, list[Hit]] = {}
        for t in openers:
            fam = "operation" if t.value.type in ("dismantling", "arrest") else t.value.type
            families.setdefault(fam, []).append(t)
        built = []
        for fam, trigs in families.items():
            if fam == "attack":
                built += _attack_frames(a, facts, trigs)
            elif (f := _sentence_frame(a, facts, fam, trigs, has_cell, used_numbers, stat_sentences)):
                built.append(f)
        if any(f.type == "court_ruling" for f in built):
            # "sentenced a jihadist arrested in Barcelona": the arrest only describes the
            # defendant unless the sentence dates it apart
            ruling = next(f for f in built if f.type == "court_ruling")
            built = [f for f in built if f.type in ("court_ruling", "attack")
                     or (f.explicit_date and f.date != ruling.date)]
        if any(f.type in ("dismantling", "arrest") for f in frames):
            # a remand that follows the arrest it concerns is folded into that arrest
            built = [f for f in built if not (f.type == "court_ruling" and all(t.value.remand for t in f.triggers)
                                              and not f.explicit_date)]
        frames.extend(built)
    frames = _not_span_tallies(a, frames)
    dates_told_after(a, frames)
    merged = _merge(frames, a.doc.published)
    finer_day_elsewhere(a, merged)
    return merged


# an army bulletin's tally over the whole country ("عبر الوطن") or over a month or week
# ("خلال شهر") sums many operations, none of them one event
_SPAN_TALLY = re.compile(_alt("span_tally"), re.I)
# _SPAN_TALLY's first letter as a class and the rest checked behind it: the same matches, but the
# scan skips in C every position whose letter opens none of them (a re.I pattern has no such skip)
_SPAN_TALLY_HINT = re.compile(hint(fragments(_P, "span_tally")))


def _not_span_tallies(a: Analysis, frames: list[Frame]) -> list[Frame]:
    # "خلال شهر مارس", "au cours du mois de mars": a month named after the words dates one operation
    if not any(fr.type == "arrest" and not fr.places for fr in frames) or _SPAN_TALLY_HINT.search(a.doc.text) is None:
        return frames  # no tally words anywhere (a match inside a sentence is one in the text)
    tallies = [f for f in a.facts if not f.places and any(
        not any(m.start() <= d.start <= m.end() + 4 for d in f.dates)
        for m in _SPAN_TALLY.finditer(a.doc.text, f.start, f.end))]
    if not tallies:
        return frames
    tally_idx = {f.index for f in tallies}
    counts = {n.value for f in tallies for n in f.numbers if n.noun_class in ("person", "arrest")}
    return [fr for fr in frames if not (fr.type == "arrest" and not fr.places and (
        set(fr.sentences) & tally_idx or fr.arrests in counts))]


# "comes two days after a bombing in…", "trois semaines après l'attentat de…", "بعد مرور شهر على":
# the attack told after a span of time and 'after' is an earlier one, not the news
_SPAN_AFTER = re.compile(
    # "two days after", "trois semaines après", "dos días después de": one branch a language
    "|".join(r"\b(?:" + _alt("span_count", (lang,)) + r")\s+(?:" + _alt("span_unit", (lang,)) + r")\s+(?:"
             + _alt("span_after", (lang,)) + r")\b" for lang in langs_of(_P, "span_after"))
    # "بعد ثلاثة أيام", "بعد مرور شهر"; not "بعد ظهر يوم الجمعة", "بعد منتصف ليلة": the afternoon
    # or small hours of a day, no span
    + r"|(?:^|\s)(?:" + _alt("after_span") + r")\s+(?:(?:" + _alt("span_passing") + r")\s+)?(?!(?:ال)?(?:" + _alt("not_span")
    + r")\s)(?:\S+\s+)?(?:" + _alt("span_unit", langs_of(_P, "after_span")) + r")(?!\w)"
    # "the attack comes after…", "وجاء الاعتداء بعد…", "l'attaque intervient après…"
    + r"|\b(?:" + _alt("comes", _BOUNDED) + r")\b[^.;]{0,40}?\b(?:" + _alt("comes_after", _BOUNDED) + r")\b"
    + r"|(?:^|\s)(?:" + _alt("comes", _SPACED) + r")\s[^.;،]{0,40}?(?:" + _alt("comes_after", _SPACED) + r")(?!\w)", re.I)
_SPAN_REACH = 100  # characters from the 'after' phrase to the earlier attack's word
# the 'after' words (re.I, as in _SPAN_AFTER): one of them is in every match
_SPAN_AFTER_HINT = re.compile(hint(fragments(_P, "after_hint")))


def _recalled_from(a: Analysis, facts: SentenceFacts) -> int | None:
    """Where the earlier attack's words start: the end of a 'some time after' phrase, if any."""
    if _SPAN_AFTER_HINT.search(a.doc.text, facts.start, facts.end) is None:
        return None  # none of the 'after' words every _SPAN_AFTER match holds
    m = _SPAN_AFTER.search(a.doc.text, facts.start, facts.end)
    if m is None or not any(t.value.type == "attack" and t.end <= m.end() for t in facts.triggers):
        # only an attack told as coming after another recalls one; "arrested two days after the
        # attack" names the news itself
        return None
    # "came a day after the authorities said…": what follows is a statement, not an attack
    return None if any(0 <= c.start - m.end() <= _SPAN_REACH for c in facts.cues if c.value == "report") else m.end()


def _attack_frames(a: Analysis, facts: SentenceFacts, trigs: list[Hit]) -> list[Frame]:
    """Attacks in a sentence; a list of attacks each with its own place or date is several events
    ("the May 16 bombings in Casablanca in 2003, the Argana attack in Marrakech in 2011")."""
    attacks = sorted((t for t in trigs if not is_planned_attack(a, facts, t) and _attack_anchor(a, facts, t)
                      and not in_brackets(a.doc.text, facts.start, t.start)), key=lambda t: t.start)
    if not attacks:
        return []
    recall = _recalled_from(a, facts)
    groups: list[list[Hit]] = [[attacks[0]]]
    recalled_group = None
    for t in attacks[1:]:
        starts_recall = (recall is not None and recalled_group is None and groups[-1][-1].end <= recall
                         and 0 <= t.start - recall <= _SPAN_REACH)
        if starts_recall or (t.start - groups[-1][-1].end > 12 and _own_anchor(facts, t)):
            groups.append([t])
            if starts_recall:
                recalled_group = len(groups) - 1
        else:
            groups[-1].append(t)
    if recalled_group is None and recall is not None and 0 <= attacks[0].start - recall <= _SPAN_REACH:
        recalled_group = 0  # "Eight months after the attacks of…": the sentence only recalls
    if recalled_group is None and len(groups) > 1 and not _anchored_between(facts, groups[0][0].start, groups[1][0].start) and all(
            any(c.value in ("killed", "wounded") and c.start <= t.start < c.end for c in facts.cues) for t in groups[0]):
        # "…which claimed 45 lives in a series of bombings in Casablanca in 2003": a toll told
        # before the attack word, with no town or day of its own, is that attack's toll
        groups[1] = groups[0] + groups[1]
        del groups[0]
    if len(groups) == 1 and plural_word(attacks[0].quote):
        split = _split_by_dates(a, facts, attacks)
        if split:
            return split
    if len(groups) == 1:
        split = _split_by_towns(a, facts, attacks)
        if split:
            return split
    frames = []
    for k, group in enumerate(groups):
        trig = group[0]
        if len(groups) == 1:
            places, date_info = not_reference_places(facts, not_court_places(facts)), frame_date(a, facts, trig)
            named = _towns_naming(a, places, group)
            if named and len(named) < len(places):
                # "wanted for the Lyon attacks, caught in Marseille": the attack names its own town;
                # the sentence's other towns are where other things happened
                places = named
        else:
            lo = _clause_start(a.doc.text, group[0].start)
            hi = _clause_start(a.doc.text, groups[k + 1][0].start) if k + 1 < len(groups) else facts.end
            places = [p for p in facts.places if p.evidence is not None and lo <= p.evidence.start < hi]
            # "announced today, Friday, the killing of ten… in an attack…": a date that opens the
            # sentence, before any attack word, belongs to the first of them
            inside = [d for d in facts.dates if (facts.start if k == 0 else lo) <= d.start < hi]
            sub = SentenceFacts(facts.index, facts.start, facts.end, dates=inside, cues=facts.cues)
            date_info = frame_date(a, sub, trig)
        date, date_ev, explicit = date_info
        if recalled_group is not None and k < recalled_group and not places:
            continue  # "this attack comes a month after…": the news told again, nothing new to it
        frames.append(Frame(
            type="attack", sentences=[facts.index], triggers=list(group), date=date, date_ev=date_ev,
            explicit_date=explicit, places=places,
            background=_background(facts) or k == recalled_group or bool(_ANOTHER_BEFORE.search(
                a.doc.text, max(facts.start, trig.start - 30), trig.start)),
            recalled=k == recalled_group,
        ))
    return frames


def _anchored_between(facts: SentenceFacts, lo: int, hi: int) -> bool:
    """A date or town told between two offsets of the sentence."""
    return any(lo <= d.start < hi for d in facts.dates) or any(
        p.evidence is not None and lo <= p.evidence.start < hi for p in facts.places)


def _towns_naming(a: Analysis, places: list[Place], trigs: list[Hit]) -> list[Place]:
    """The towns right after an attack word ("هجمات باريس", "attentats de Paris et Bruxelles")."""
    text = a.doc.text
    ordered = sorted((p for p in places if p.evidence is not None), key=lambda p: p.evidence.start)
    for t in trigs:
        out: list[Place] = []
        end = t.end
        for p in ordered:
            if p.evidence.start < end:
                continue
            gap = _ATTACK_OF if not out else _TOWN_SEP
            if not gap.fullmatch(text, end, p.evidence.start):
                break
            out.append(p)
            end = p.evidence.end
        if out:
            return out
    return []


# "un segundo intento de atentado", "a second attack", "une deuxième attaque": one more attack
# than the one told before it
_ANOTHER_BEFORE = re.compile(r"\b(?:" + _alt("another") + r")\s+(?:\w+\s+){0,3}$", re.I)


def _split_by_dates(a: Analysis, facts: SentenceFacts, attacks: list[Hit]) -> list[Frame]:
    """'les attentats de Paris du 13 novembre 2015 ou de Bruxelles du 22 mars 2016': one plural
    attack word, several dated towns after it: one attack per date, with the towns nearest it."""
    trig = attacks[0]
    dates = [d for d in facts.dates if d.start > trig.end and d.kind == "absolute" and len(d.value) >= 7]
    if len({d.value for d in dates}) < 2:
        return []
    places = [p for p in not_reference_places(facts, list(facts.places))
              if p.evidence is not None and p.evidence.start > trig.end]
    if not places:
        return []
    # towns named before their dates ("de Paris du 13 novembre") or after them ("of 13 November
    # in Paris"): the first town tells which way the list runs
    towns_first = places[0].evidence.start < dates[0].start
    owned: dict[int, list[Place]] = {}
    for p in places:
        if towns_first:
            ahead = [i for i, d in enumerate(dates) if d.start >= p.evidence.end]
            slot = ahead[0] if ahead else None
        else:
            behind = [i for i, d in enumerate(dates) if d.end <= p.evidence.start]
            slot = behind[-1] if behind else None
        if slot is not None:
            owned.setdefault(slot, []).append(p)
    if len(owned) != len(dates):
        return []  # a date without a town of its own: not a list of attacks
    return [Frame(type="attack", sentences=[facts.index], triggers=list(attacks), date=d.value,
                  date_ev=a.evidence(d.start, d.end), explicit_date=True, places=owned[i],
                  background=_background(facts)) for i, d in enumerate(dates)]


# what may stand between two towns of one list: a comma or 'and' (in Arabic a clinging و)
_TOWN_SEP = re.compile(r"\s*(?:[,،]\s*(?:(?:" + _alt("town_and") + r")\s+|و\s*)?|(?:" + _alt("town_and") + r")\s+|و\s*)(?:(?:"
                       + _alt("town_article") + r")\s*)?\s*(?:ب|(?:" + _alt("town_preposition") + r")\s+)?", re.I)
# "in each of X and Y", "بكل من X وY", "tanto en X como en Y": the list is distributive
_EACH_OF = re.compile(r"(?:" + _alt("each_of") + r")\s+(?:\w+\s+)?$", re.I)
_TOWN_REACH = 15  # characters from the attack word to the first town of its list


def _split_by_towns(a: Analysis, facts: SentenceFacts, attacks: list[Hit]) -> list[Frame]:
    """'the attack on X and the attack on Y', 'attacks in each of X and Y': a list of towns that
    repeats the attack word or says 'each' is one attack per town."""
    trig = attacks[0]
    text = a.doc.text
    places = sorted((p for p in not_reference_places(facts, not_court_places(facts))
                     if p.evidence is not None and p.evidence.start >= trig.end),
                    key=lambda p: p.evidence.start)
    if len(places) < 2:
        return []
    first = places[0].evidence.start
    each = bool(_EACH_OF.search(text, max(trig.end, first - 20), first))
    if not (each or (len(attacks) > 1 and first - trig.end <= _TOWN_REACH)):
        return []
    chain = [places[0]]
    repeated = False
    for p in places[1:]:
        between = text[chain[-1].evidence.end:p.evidence.start]
        for t in attacks:  # the attack word again before the next town ("attack X and attack Y")
            if chain[-1].evidence.end <= t.start and t.end <= p.evidence.start:
                between = between.replace(t.quote, " ")
                repeated = True
        if not _TOWN_SEP.fullmatch(between):
            break
        chain.append(p)
    if not (each or repeated):
        return []  # "the attacks of Barcelona and Cambrils" may be one wave: the text must say each
    names: list[str] = []
    for p in chain:
        if p.name not in names:
            names.append(p.name)
    if len(names) < 2 or len({d.value for d in facts.dates}) > 1:
        return []
    date, date_ev, explicit = frame_date(a, facts, trig)
    return [Frame(type="attack", sentences=[facts.index], triggers=list(attacks), date=date, date_ev=date_ev,
                  explicit_date=explicit, places=[p for p in chain if p.name == name][:1],
                  background=_background(facts), listed=True) for name in names]


_LIST_SEP = re.compile(r"(?:[,،;]|\s(?:" + _alt("list_and") + r"))\s", re.I)


def _background(facts: SentenceFacts) -> bool:
    """Does the sentence recall another operation? "Another explosion…" does; "the premier also
    said…" only adds a statement about the same one."""
    reports = [c.start for c in facts.cues if c.value == "report"]
    # in a court's sentence "متهم آخر", "otro acusado" is one more defendant of the same ruling
    persons = [c.end for c in facts.cues if c.value == "person_noun"] if facts.has_cue("court") else []
    return any(not any(0 <= r - c.end <= 3 for r in reports) and not any(0 <= c.start - e <= 1 for e in persons)
               for c in facts.cue("background"))


def _clause_start(text: str, pos: int) -> int:
    """Where the list item holding ``pos`` starts: after the last comma or 'and' within reach."""
    window = text[max(0, pos - 40):pos]
    seps = list(_LIST_SEP.finditer(window))
    return pos - len(window) + seps[-1].end() if seps else pos - 15


# a clause that tells another action in the same sentence ("فيما كشفت مفرزة أخرى…", "alors que…")
_OTHER_ACTION = re.compile(r"[،,]\s*(?:" + _alt("other_action") + r")\s", re.I)


def _own_anchor(facts: SentenceFacts, trig: Hit) -> bool:
    near = lambda start: 0 <= start - trig.end <= 45  # noqa: E731
    return any(near(d.start) for d in facts.dates) or any(
        p.evidence is not None and near(p.evidence.start) for p in facts.places)


def _sentence_frame(a: Analysis, facts: SentenceFacts, family: str, trigs: list[Hit], has_cell: bool,
                    used_numbers: set[tuple[int, int]], stat_sentences: set[int]) -> Frame | None:
    places = list(facts.places)
    if family == "attack":
        attacks = [t for t in trigs if not is_planned_attack(a, facts, t) and _attack_anchor(a, facts, t)
                   and not in_brackets(a.doc.text, facts.start, t.start)]
        if not attacks:
            return None
        trig = attacks[0]
    else:
        trig = max(trigs, key=lambda t: _PRIORITY[t.value.type])
        # "detenido un hombre que iba a cometer un atentado en Cataluña": the town after a plan
        # is its intended target, not where the suspects were taken or active
        if facts.has_cue("plot"):  # (no plan word, no target)
            places = [p for p in places if not plan_target(a, facts, p)]
        arrests_here = [t for t in trigs if t.value.type == "arrest" and t.value.strong]
        if trig.value.type == "dismantling" and arrests_here and all(
                cell_reference(facts, t) for t in trigs if t.value.type == "dismantling"):
            # "arrested another suspect … tied to a cell dismantled earlier": the cell is recalled,
            # the arrest is the news
            trig = arrests_here[0]
            has_cell = False
            # the recalled cell's town is told after it ("…a cell dismantled earlier in Sale")
            recalled = min(t.start for t in trigs if t.value.type == "dismantling")
            if recalled > trig.start:
                places = [p for p in places if p.evidence is None or p.evidence.start < recalled] or places
    if trig.value.type == "dismantling" and cell_reference(facts, trig):
        # "في إطار خلية تم تفكيكها سنة 2008": a cell recalled by its participle owns only the
        # towns told after it; the ones before belong to the clause's own story
        places = [p for p in places if p.evidence is None or p.evidence.start > trig.start]
    etype = trig.value.type
    if etype in ("dismantling", "arrest"):
        # "a man wanted for the attacks of Lyon, caught in Marseille": the town after the attack
        # word names the attack he is wanted for, not where he was caught ("…de Paris et
        # Bruxelles": every town of the list after it)
        named = [p for c in facts.cues if c.value == "attack_noun" for p in _towns_naming(a, places, [c])]
        if named and len(named) < len(places):
            places = [p for p in places if p not in named]
        # "…arrested two support elements in X and Y, while another unit destroyed bombs in Z":
        # the towns after a clause of another action belong to that action
        other = _OTHER_ACTION.search(a.doc.text, trig.end, facts.end)
        if other is not None and not any(t.start > other.start() and t.value.type in ("dismantling", "arrest")
                                         for t in facts.triggers) and not any(
                c.start > other.start() and c.value == "person_noun" for c in facts.cues):
            # (…unless the clause tells more arrests: "six in X, while the arrests in Spain were in Y")
            before = [p for p in places if p.evidence is None or p.evidence.start < other.start()]
            if before:
                places = before
    if etype == "arrest" and has_cell:
        etype = "dismantling"  # those arrested are described as a cell's members
    if facts.index in stat_sentences and etype in ("dismantling", "arrest"):
        # "تفكيك 91 خلية منذ 2015" is a figure, not an operation; keep the sentence only if
        # it also has a count of persons that no statistic used
        since_ends = [c.end for c in facts.cues if c.value in ("since", "until")]
        dated_here = any(d.kind in ("weekday", "relative", "absolute") and len(d.value) == 10
                         and abs(d.start - trig.end) <= 40
                         and not any(0 <= d.start - e <= 40 for e in since_ends)  # a period's bound
                         for d in facts.dates)
        if not dated_here and not any(
                (n.start, n.end) not in used_numbers and n.noun_class in ("person", "arrest")
                and not in_date(facts, n) and not VAGUE.search(n.quote) and not after_subset(facts, n)
                and not victims(facts, n)
                for n in facts.numbers):
            return None
    if etype in ("dismantling", "arrest") and facts.has_cue("habitual"):
        return None  # "the ministry announces cells dismantled from time to time": a habit, not one operation
    if etype == "court_ruling" and _CONDEMN.search(trig.quote) and not (
            facts.has_cue("court") or any(h.value.kind == "court" for h in facts.agencies)):
        return None  # "أدانت المملكة الهجوم": a government condemning an attack, no verdict
    if etype == "court_ruling" and not (facts.has_cue("court") or any(d.kind != "year" for d in facts.dates)
                                        or any(h.value.kind == "court" for h in facts.agencies)):
        return None  # "a detainee sentenced to death" describes a person, not a ruling today
    date, date_ev, explicit = frame_date(a, facts, trig)
    arrests, arrests_ev = (None, None)
    if etype != "attack":
        arrests, arrests_ev = _count_near(a, facts, trig, used_numbers, tuple(facts.triggers))
    if etype == "arrest" and not (arrests or (date and len(date) >= 7) or facts.places or facts.agencies):
        return None  # "arrests" as a topic word, with nothing that pins an operation down
    if etype == "dismantling" and arrests is None and not facts.places and plural_cells_near(facts, trig):
        return None  # "the cells dismantled so far": cells in general, not one operation
    if etype == "dismantling" and not (arrests or date or facts.places or facts.agencies or facts.countries
                                       or (cell_follows(a, facts) and a.facts[facts.index + 1].agencies)):
        return None
    return Frame(
        type=etype, sentences=[facts.index], triggers=[trig], date=date, date_ev=date_ev,
        explicit_date=explicit, places=places, arrests=arrests, arrests_ev=arrests_ev,
        whole=next((n.value for n in facts.numbers if arrests is not None and n.value > arrests
                    and n.noun_class in ("person", "arrest") and _whole_of_part(a, facts, n)), None),
        background=_background(facts),
        anaphoric=bool(_ANAPHOR.match(a.doc.text, facts.start)) or facts.has_cue("same_op")
        or (etype == "court_ruling" and _court_anaphor(a, facts)),
    )


# what may stand between a plan's words and its target town: "…un atentado yihadista en ",
# "…to carry out attacks in ", "…commettre des attentats à " (no clause break)
_TARGET_PLACE = re.compile(r"[^,.;:()]*?\b(?:" + _alt("target_preposition") + r")\s+(?:(?:" + _alt("target_article") + r")\s*)?",
                           re.I)
_ATTACK_OF = re.compile(r"\s*(?:(?:" + _alt("attack_of") + r")\s+)?", re.I)


def plan_target(a: Analysis, facts: SentenceFacts, p: Place) -> bool:
    """'…que tramaba un atentado en Barcelona': the town right after a plan is its target; in
    '…que tramaba un atentado fue detenido en Bilbao' an arrest word between says where he was taken."""
    return p.evidence is not None and any(
        c.value == "plot" and 0 <= p.evidence.start - c.end <= 40
        and _TARGET_PLACE.fullmatch(a.doc.text, c.end, p.evidence.start)
        and not any(c.end <= t.start < p.evidence.start and t.value.type != "attack" for t in facts.triggers)
        for c in facts.cues)


# "أدانت": convicted when a court is its subject, condemned when a government is
_CONDEMN = re.compile(r"^[وف]?(?:" + _alt("condemn") + r")")


_ANAPHOR = re.compile(
    r"\s*(?:" + _alt("anaphor_determiner") + r")\s+(?:\w+\s+){0,2}?(?:" + _alt("anaphor_noun") + r")\b", re.I)


_DEFINITE_BEFORE = re.compile(r"\b(?:" + _alt("court_article") + r")\s*$", re.I)


def _court_anaphor(a: Analysis, facts: SentenceFacts) -> bool:
    """'وقضت المحكمة…', 'the court also sentenced…': the court already named goes on ruling, unless
    the sentence names a court of its own or says it is another case."""
    if facts.has_cue("background") or any(h.value.kind == "court" for h in facts.agencies):
        return False
    text = a.doc.text
    for c in facts.cue("court"):
        word = c.quote.lstrip("وف")
        if word.startswith(("ال", "لل")) or _DEFINITE_BEFORE.search(text, max(facts.start, c.start - 5), c.start):
            return True
    return False


def _same_day(d1: str, d2: str) -> bool:
    n = min(len(d1), len(d2))
    return d1[:n] == d2[:n]


def _merge(frames: list[Frame], published: str | None) -> list[Frame]:
    merged: list[Frame] = []
    for f in frames:
        target = None
        if f.type == "attack" and f.background and not f.date and not f.places and merged:
            # "earlier, a bomb wounded two people elsewhere in the country": another attack, told
            # with neither town nor date, is no event and must not lend its toll or country to this one
            continue
        if f.anaphoric and not f.explicit_date and merged:
            same = [m for m in merged if f.type in COMPATIBLE[m.type]]
            if same:
                target = same[-1]
        for cur in ([] if target else reversed(merged)):
            if f.type not in COMPATIBLE[cur.type]:
                continue
            if (f.recalled or cur.recalled) and not (f.recalled and cur.background
                                                     and place_names(f.places) & place_names(cur.places)):
                continue  # an attack recalled as what came before the news stays its own
            if f.date and cur.date and not _same_day(f.date, cur.date):
                continue
            if f.date and not cur.date and f.explicit_date:
                # with no publication date, the day a lead's next sentences give is its own day
                # ("…arrested a suspect. On 14 October 2021 the unit arrested…"), unless recalled
                undated_lead = (published is None and cur is merged[0] and len(f.date) == 10 and not f.background
                                and f.type == cur.type and min(f.sentences) - max(cur.sentences) <= 2)
                if cur is not merged[0] or not (published and _same_day(f.date[:7], published[:7]) or undated_lead):
                    continue
            fp, cp = place_names(f.places), place_names(cur.places)
            if f.type == "attack" == cur.type and (f.listed or cur.listed) and fp and cp and not (fp & cp):
                continue  # each town of a list of attacks had its own
            if (f.type == "attack" and not f.date and cur.date and len(fp) > 1 and fp & cp and fp - cp
                    and all(plural_word(t.quote) for t in f.triggers)):
                # "the attacks in Paris and Brussels" after the Brussels bombing was told: the
                # plural names the known attack and others, which stay an event of their own
                f.places = [p for p in f.places if p.name not in cp]
                break
            if fp and cp and not (fp & cp) and (f.background or (f.arrests and cur.arrests and f.arrests != cur.arrests)):
                continue
            if f.background and f.date and not cur.date and (fp - cp):
                continue
            if f.arrests and cur.arrests and f.arrests > cur.arrests and f.arrests != cur.whole:
                # a larger count is another operation; a smaller one is usually a part ("three of
                # the four suspects were arrested": the four told again are the same group)
                continue
            if f.background and fp and not (fp & cp):
                continue
            if f.background and f.arrests and cur.arrests and f.arrests != cur.arrests:
                continue  # "in another case, the court sentenced three…"
            target = cur
            break
        if target is None:
            merged.append(f)
            continue
        target.sentences += f.sentences
        target.triggers += f.triggers
        if _PRIORITY[f.type] > _PRIORITY[target.type]:
            target.type = f.type
        if target.date is None and f.date or (
                f.date and target.date and not target.explicit_date and len(f.date) > len(target.date)
                and f.date.startswith(target.date)):
            # "last week" (a month) in the lead, "on Friday, May 8" further down: the finer day wins
            target.date, target.date_ev, target.explicit_date = f.date, f.date_ev, f.explicit_date
        known = place_names(target.places)
        target.places += [p for p in f.places if p.name not in known]
        if target.arrests is None and f.arrests is not None:
            target.arrests, target.arrests_ev = f.arrests, f.arrests_ev
    return merged


VAGUE = re.compile(lexicons.alternation("patterns/common", "vague"), re.I)  # one list for every module
