"""Frames to events: the slots of each operation read around its frame's sentences (places,
countries, partners, agencies, affiliation, plot, seizures, counts, casualties, date), each with
the evidence it came from. Frames are built by :mod:`marsad.extract.frames`."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from operator import attrgetter

from .. import lexicons
from ..geocode import default_gazetteer
from ..models import Event, Evidence, Place
from ..text.dates import DateMention
from .analysis import Analysis, Hit, SentenceFacts, locative, report_country
from .frame_dates import told_day
from .frames import VAGUE, Frame, plan_target, told_later
from .places import event_places
from .slots import OTHERS_AFTER, casualties, in_date, ruling_total, seizure_sentences
from .triggers import aims_at_attack

_P = "patterns/events"  # the words of the patterns below, one alternative a row


def _words(pattern: str, lang: str | None = None) -> str:
    """The rows of one group of data/patterns/events.tsv as a regex alternation, in file order
    (only ``lang``'s and the shared ones when given)."""
    return lexicons.alternation(_P, pattern, None if lang is None else (lang,))


def _any(pattern: str) -> str:
    """The rows of one group as a non-capturing group: one alternative among them."""
    return "(?:" + _words(pattern) + ")"


def _per_lang(build: Callable[..., str], *patterns: str) -> str:
    """``build`` called with each language's own rows of ``patterns`` (an empty string for a
    group without any), the results joined by ``|``: one language's words combine only with its
    own. A language with no row in the first group is left out."""
    out = []
    for lang in lexicons.LANGS:
        words = [_words(p, lang) for p in patterns]
        if words[0]:
            out.append(build(*words))
    return "|".join(out)


# "fue detenido", "a été arrêté", "was arrested", "el detenido": the verb's own form says one person
_SINGULAR_PASSIVE = re.compile(
    r"(?:\b" + _any("singular_aux") + r"\s+(?:\w+\s+)?"
    r"|\b" + _any("singular_article") + r"\s+)"
    r"(" + _words("singular_participle") + r")(?![\w])", re.I)


_BORDER_BEFORE = re.compile(
    r"(?:(?:^|\s)" + _any("near_spaced") + r"\s+|" + _any("border_zone") + r"\s+(?:" + _any("border_zone_link") + r"\s+)?"
    r"|\b" + _any("near") + r"\s+(?:" + _any("near_article") + r"\s+)?"
    r"|\b" + _any("border_noun") + r"\s+)$", re.I)  # "la frontière malienne": an adjective after the word
# "near the Niger border": the country named before the word
_BORDER_AFTER = re.compile(r"\s+" + _any("border_after") + r"\b", re.I)


# "قوات الأمن الإسبانية والمغربية", "les services marocains et espagnols", "Spanish and Moroccan
# police": two nations' services named together acted together, so both are partners
_SERVICE_BEFORE = re.compile(r"(?:(?:ال)?" + _any("service_stem")
                             + r"|\b" + _any("service_noun") + ")"
                             r"\s+(?:\S+\s+){0,2}$", re.I)
_SERVICE_AFTER = re.compile(r"^\s+(?:\w+\s+)?" + _any("service_after") + r"\b", re.I)
_PAIR_JOIN = set(_words("pair_join").split("|"))


def _paired_services(a: Analysis, region: list[int]) -> list[str]:
    """The two countries of 'the Spanish and Moroccan services' (any order, any language)."""
    text = a.doc.text
    out: list[str] = []
    for i in region:
        hits = sorted(a.facts[i].countries, key=lambda h: h.start)
        for h1, h2 in zip(hits, hits[1:]):
            if h1.value == h2.value:
                continue
            between = text[h1.end:h2.start].strip()
            if between not in _PAIR_JOIN and not (between == "" and text[h2.start:h2.start + 1] == "و"):
                continue
            served = _SERVICE_BEFORE.search(text, max(0, h1.start - 40), h1.start)
            if served is not None and any(served.start() <= x.start < h1.start
                                          for x in (*a.facts[i].triggers, *a.facts[i].numbers)):
                served = None  # "police arrested three Moroccan and Algerian jihadists": the suspects' nationalities
            if served is not None or _SERVICE_AFTER.match(text[h2.end:h2.end + 40]):
                out += [h1.value, h2.value]
    return out


def _told_as_place(a: Analysis, facts: SentenceFacts, h: Hit) -> bool:
    """'في سوريا وليبيا', 'in Syria and Libya': a country after a locative word, or listed after one."""
    text = a.doc.text
    prev = None
    for c in sorted(facts.countries, key=lambda x: x.start):
        if c.start > h.start:
            break
        joined = prev is not None and (text[prev[0].end:c.start].strip() in _PAIR_JOIN | {",", "،"}
                                       or (text[prev[0].end:c.start].strip() == "" and text[c.start:c.start + 1] == "و"))
        # "security forces in Morocco": a service of that country, not a place
        served = bool(_SERVICE_BEFORE.search(text, max(0, c.start - 40), c.start))
        prev = (c, (locative(text, c.start) and not served) or (joined and prev[1]))
    return prev is not None and prev[0] is h and prev[1]


# one more person taken in the same sentence as the count: "ثلاثة أشخاص بالمغرب وزعيمهم بإسبانيا",
# "two in X and another in Y", "un marroquí y una española" (SCHEMA: "N others" adds)
def _leader(det: str, qualifier: str, noun: str) -> str:
    """'their (alleged) leader', 'leur chef', 'su cabecilla' in one language."""
    qualified = "(?:" + qualifier + r")\s+" if qualifier else ""
    return "(?:" + det + r")\s+(?:" + qualified + ")?(?:" + noun + r")\b"


def _another_after(after: str, noun: str) -> str:
    """'وشخص آخر': and (the Arabic clitic و), the noun, then 'other'."""
    return r"\sو(?:" + noun + r")\s+(?:" + after + r")(?!\w)"


def _another_before(join: str, other: str, noun: str) -> str:
    """'and another suspect', 'et un autre homme', 'y a otra persona'."""
    return r"\s(?:" + join + r")\s+(?:" + other + r")\s+(?:" + noun + r")\b"


_AND_LEADER = re.compile(
    r"^[^.،,;:!?]{0,40}?(?:\sو|\s" + _any("leader_join") + r"\s+)"
    r"(?:(?:ال)?" + _any("leader_stem") + r"(?:ها|هم|هما)?(?!\w)|"
    + _per_lang(_leader, "leader_det", "leader_qualifier", "leader_noun") + ")", re.I)
_AND_ANOTHER = re.compile(
    r"^[^.;:!?]{0,60}?(?:" + _per_lang(_another_after, "another_after", "another_noun")
    + "|" + _per_lang(_another_before, "another_join", "another", "another_noun") + ")", re.I)
# "a un ciudadano marroquí y a una española": a second single person joined to the first
_ONE_JOIN = re.compile(r"^\s*(?:\S+\s+)?" + _any("one_join") + r"\s+$", re.I)
_AND_ONE = re.compile(r"^(?:\s+\S+)?\s+" + _any("and_one_join") + r"\s+" + _any("one_article") + r"\s+(?!\d)\w+",
                     re.I)


# "تتكون الخلية من", "made up of": the words right before the count of a cell's members
_COMPOSED_BEFORE = re.compile(r"(?:^|[\s(])[وف]?" + _any("composed_of") + r"\s+$", re.I)
_COMPOSED_REACH = 3  # sentences after the trigger's that may tell the cell's make-up


def _arrest_addends(a: Analysis, arrests: int, ev: Evidence) -> int:
    """People taken beside the counted ones in the count's own clause, stopping at victims."""
    text = a.doc.text
    facts = a.facts[a.sentences.index_of(ev.start)]
    stop = min([facts.end, ev.end + 90] + [c.start for c in facts.cues
                                            if c.value in ("killed", "wounded") and c.start >= ev.end])
    seg = text[ev.end:stop]
    ones = sorted((c for c in facts.cues if c.value == "one_person"), key=lambda c: c.start)
    more = 0
    if _AND_LEADER.match(seg) or _AND_ANOTHER.match(seg):
        more += 1
    elif arrests == 1 and (_AND_ONE.match(seg) or any(
            _ONE_JOIN.match(text[c1.end:c2.start]) for c1, c2 in zip(ones, ones[1:]))):
        more += 1
    for n in facts.numbers:
        if ev.end <= n.start < stop and n.noun_class in (None, "person") and not n.is_year and n.value <= 99 \
                and OTHERS_AFTER.match(text, n.end):
            more += n.value
    return more


def _before_cue_unserved(a: Analysis, facts: SentenceFacts, h: Hit, cues: list[Hit]) -> bool:
    """'…to the Libyan town of Sirte, in coordination with…': a country told before the cue names
    a partner only beside a service ('Moroccan services', 'Morocco's DGST')."""
    if any(0 <= c.start - h.end and h.start - c.end >= -60 for c in cues
           if facts.start <= c.start < facts.end and c.start >= h.end) and not any(
            facts.start <= c.start < facts.end and -60 <= h.start - c.end <= 80 and h.start >= c.end for c in cues):
        text = a.doc.text
        return not (_SERVICE_BEFORE.search(text, max(0, h.start - 40), h.start) or _SERVICE_AFTER.match(text[h.end:h.end + 40])
                    or any(0 <= g.start - h.end <= 30 for g in facts.agencies))
    return False


# the charge list runs on over commas that open its next item ("، والإشادة…"); a comma before
# anything else ("، وكانوا يخططون…") starts a clause of its own, whose plan is the suspects'
_CHARGE_BEFORE = re.compile(r"(?:" + _words("charge_open") + r"|(?i:\b" + _any("charge_open_word") + "))"
                            r"(?:[^.»”،,]|[،,](?=\s*و?ال))*$")


# a word every _CHARGE_BEFORE match holds (re.I), opening with a class of first letters so the
# scan skips in C every position that opens none
_CHARGE_HINT = re.compile(lexicons.hint(lexicons.fragments("patterns/events", "charge_hint")))


def _charged(a: Analysis, h: Hit) -> bool:
    """The plot word ends a quoted charge list opened before it ("بتهم…", "charged with…")."""
    lo = max(a.facts[a.sentences.index_of(h.start)].start, h.start - 60)
    return _CHARGE_HINT.search(a.doc.text, lo, h.end) is not None and _CHARGE_BEFORE.search(
        a.doc.text, lo, h.end) is not None


def _dedupe(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


_LEDE = 2  # opening sentences that may date the main event told after them
_TOLD_BEFORE = 62  # days before the telling an operation's own day may lie


def frames_to_events(a: Analysis, frames: list[Frame]) -> list[Event]:
    events = []
    owned = {i for f in frames for i in f.sentences}
    n = len(a.facts)
    seizing = seizure_sentences(a)
    for k, f in enumerate(frames):
        main = k == 0
        core = sorted(set(f.sentences))
        # slots may also come from the sentence after a trigger, unless another event owns it
        near = sorted({j for i in core for j in (i - 1, i + 1) if 0 <= j < n and j not in owned} | set(core))
        region = core if not main else sorted(set(near) | set(range(0, min(n, 2))))
        field_ev: list[tuple[str, Evidence]] = []
        others = {i for g in frames if g is not f for i in g.sentences}  # sentences other events own

        places = event_places(a, f.places)
        if not places:
            # a plan's target town, left out of the frame, does not come back from here (SCHEMA)
            places = event_places(a, [p for i in near for p in a.facts[i].places
                                      if f.type == "attack" or not plan_target(a, a.facts[i], p)])
            # "…detained in France": towns of another country told next door are not where it happened
            told = {h.value for i in core for h in a.facts[i].countries if locative(a.doc.text, h.start)
                    and any(0 <= h.start - t.end <= 80 for t in f.triggers)}
            if told:
                places = [p for p in places if p.country in told]
        if not places:
            # "…تفكيك هذه الخلية التي تتكون من 9 أفراد، ينشطون في سيدي مومن…، ومن بينهم معتقل سابق
            # في إطار خلية تم تفكيكها سنة 2008": a clause after the trigger names the towns before
            # it goes on to recall another cell, whose event owns that clause
            later = [g for g in frames if g is not f and g.triggers and (g.background or (
                         g.explicit_date and g.date and g.date != f.date))
                     and any(i in (j - 1, j + 1) for i in g.sentences for j in core)]
            places = event_places(a, [p for g in later for i in g.sentences for p in a.facts[i].places
                                      if p.evidence is not None and p.evidence.start < g.triggers[0].start])
        if not places and f.date and len(f.date) == 10:
            # "an attack on a base in Mali last Sunday … last Sunday the group took the base at
            # Boulkessi": another sentence of the same day names the town
            for i in range(n):
                if i in others or i in core or not a.facts[i].places:
                    continue
                if any(d.value == f.date and d.kind != "year" for d in a.facts[i].dates):
                    places = event_places(a, a.facts[i].places)
                    break
        if not places and main and f.type in ("dismantling", "arrest"):
            # "in the home of one of the suspects in Tamesna, searchers found…": the operation's
            # searches were made where its suspects live
            for i in sorted(seizing):
                if i not in others and i not in core and a.facts[i].places:
                    places = event_places(a, a.facts[i].places)
                    break
        if not places and main:
            # "the cell, spread between Tetouan, Fnideq and Madrid…", told paragraphs later; or
            # "les suspects … menaient leurs activités entre X et Y": the operation's own suspects
            # (an attack's place is where it struck, never where its suspects lived)
            for i in range(n):
                if i not in others and i not in core and a.facts[i].places and (
                        a.facts[i].has_cue("cell_noun") or (f.type in ("dismantling", "arrest") and core[-1] < i <= core[-1] + 2 and not a.facts[i].has_cue("quantified")
                            and _THE_SUSPECTS.search(
                            a.doc.text, a.facts[i].start, a.facts[i].end))):
                    places = event_places(a, a.facts[i].places)
                    break
        if places and main and f.type in ("dismantling", "arrest"):
            # "…arrested four people. The operation took place in X, Y and Z", "…with the seizure of
            # explosives in a safe house in X": the sentence right after the operation's own,
            # with no event word of its own, says where its arrests and searches were made
            known = {p.name for p in places}
            for i in near:
                facts_i = a.facts[i]
                if i in core or i in others or facts_i.triggers or not facts_i.places \
                        or facts_i.has_cue("background") or facts_i.has_cue("plot") \
                        or not (facts_i.has_cue("seize") or facts_i.has_cue("operation_noun")):
                    continue
                extra = [p for p in event_places(a, facts_i.places) if p.name not in known
                         and p.country in {q.country for q in places}]
                places = places + extra
        for p in places:
            if p.evidence is not None:
                field_ev.append(("places", Evidence(a.doc.doc_id, p.evidence.start, p.evidence.end, p.evidence.quote)))

        # (the main event's own sentences stay its own when an attack recalled in one shares them:
        # "the court remanded the author of the attack that killed one")
        agency_region = core if f.type == "attack" else region if not main else [
            i for i in range(n) if i in core or i not in others]
        # "…in the fight on organised crime, the gendarmerie seized cannabis": a bulletin's drug or
        # smuggling item names the services of another operation
        agency_region = [i for i in agency_region if i in core or a.facts[i].terror or not a.facts[i].crime]
        agencies_hits = [h for i in agency_region for h in a.facts[i].agencies if not _is_parent_mention(a, h)]
        # the services that answer an attack are not its actors; a court that directs an
        # investigation is not the service that dismantled the cell
        if f.type == "attack":
            agencies_hits = []
        elif f.type in ("dismantling", "arrest"):
            agencies_hits = [h for h in agencies_hits if h.value.kind != "court"]
        agencies = _dedupe([h.value.canonical for h in agencies_hits])
        field_ev += [("agencies", a.evidence(h.start, h.end)) for h in agencies_hits]

        if f.type == "court_ruling" and not any(h.value.kind == "court" for h in agencies_hits):
            # "the court also ruled…": the court named earlier in the report, taken up again
            court = _earlier_court(a, core)
            if court is not None:
                agencies_hits.append(court)
                agencies = _dedupe([*agencies, court.value.canonical])
                field_ev.append(("agencies", a.evidence(court.start, court.end)))
        if f.type == "court_ruling":
            # a ruling happened where its court sits (the Salé annex, the Brussels assizes)
            for h in agencies_hits:
                seat = h.value.seat
                if seat and seat not in {p.name for p in places}:
                    found = default_gazetteer().resolve(seat, (h.value.country,))
                    if found is not None:
                        places.append(Place(found.name, found.country, found.geonames_id, found.lat, found.lon,
                                            found.admin1, a.evidence(h.start, h.end)))
                        field_ev.append(("places", a.evidence(h.start, h.end)))
        countries = _dedupe([p.country for p in places])
        country_hits = [h for i in core for h in a.facts[i].countries]
        # "with the assistance of Morocco's DGST", "بتنسيق مع نظيرتها الإسبانية": a helping country
        # is a partner, not where the arrests were made
        helped = [c.end for i in core for c in a.facts[i].cues if c.value == "joint"]
        # "Morocco's services assisted Spain": the country before a helping verb is the helper
        helping = [c.start for i in core for c in a.facts[i].cues if c.value == "assist"]
        country_hits = [h for h in country_hits if not any(0 <= h.start - e <= 60 for e in helped)
                        and not any(0 <= s - h.end <= 60 for s in helping)] or country_hits
        # "in Morocco", "بالمغرب", "en France" say where it happened; "sent to Syria" does not
        country_hits = [h for h in country_hits if locative(a.doc.text, h.start)] or country_hits
        # "near the border with Niger": the neighbour only situates the place
        bordering = [h for h in country_hits if _BORDER_BEFORE.search(a.doc.text, max(0, h.start - 30), h.start)
                     or _BORDER_AFTER.match(a.doc.text, h.end)]
        country_hits = [h for h in country_hits if h not in bordering]
        if bordering and not country_hits:
            # "an attack near Niger" in a headline: the next sentence says in which country
            country_hits = [h for i in near if i not in core for h in a.facts[i].countries
                            if h.value not in {b.value for b in bordering} and locative(a.doc.text, h.start)
                            and not _BORDER_BEFORE.search(a.doc.text, max(0, h.start - 30), h.start)
                            and not _BORDER_AFTER.match(a.doc.text, h.end)] or bordering
        nations = _dedupe([h.value.nation for h in agencies_hits if h.value.nation])
        if (not countries and len(nations) == 1 and f.type != "attack"
                and not any(locative(a.doc.text, h.start) for h in country_hits)):
            # "la Guardia Civil detiene a un yihadista marroquí": with no place, the acting
            # service's state says where, not the suspect's nationality (a joint operation's
            # several services say nothing of the kind)
            countries = nations
        if not countries:
            countries = _dedupe([h.value for h in country_hits])
            field_ev += [("countries", a.evidence(h.start, h.end)) for h in country_hits]
        if not countries and agencies_hits and f.type != "attack":
            countries = _dedupe([h.value.nation for h in agencies_hits if h.value.nation])

        if not countries:
            cc = report_country(a)
            countries = (cc,) if cc else ()
        partners: tuple[str, ...] = ()
        if f.type != "attack":
            joint_cues = [c for i in region for c in a.facts[i].cues if c.value in ("joint", "assist")]
            partner_list = [h.value.country for h in agencies_hits if h.value.country not in ("EU",)]
            if joint_cues:
                # "in coordination with its Spanish counterpart": the countries named with the cue,
                # not every country the article mentions (destinations such as Syria)
                # …but "a un marroquí", "a Moroccan": a suspect's nationality names no service
                # …and "بالتنسيق مع مقاتلين في سوريا وليبيا": countries told as places are no services
                partner_list += [h.value for i in region for h in a.facts[i].countries
                                 if any(-60 <= h.start - c.end <= 80 and a.facts[i].start <= c.start < a.facts[i].end
                                        for c in joint_cues)
                                 and not any(c.value == "one_person" and c.start <= h.start < c.end
                                             for c in a.facts[i].cues)
                                 and not _told_as_place(a, a.facts[i], h)
                                 and not _before_cue_unserved(a, a.facts[i], h, joint_cues)]
                partner_list += list(countries)
            if not partner_list:
                partner_list = list(countries)
            # only the report's own operation: later events are background operations, or the same
            # one retold from the other country's side, whose partners come from explicit cues
            paired = _paired_services(a, region) if main else []
            if paired:
                partner_list += [*countries, *paired]
            partners = _dedupe(partner_list)

        group_region = region if not main else [i for i in range(n) if i not in others]
        # "a former Al-Qaeda leader", "قيادي سابق في تنظيم القاعدة": a suspect's past, not this event's group
        group_hits = [h for i in group_region for h in a.facts[i].groups
                      if not any(c.value == "former" and 0 <= h.start - c.end <= 30 for c in a.facts[i].cues)]
        groups = [_regional(a.doc.text, h) for h in group_hits]
        groups += [h.value.parent for h in group_hits if h.value.parent and h.value.parent in groups]
        affiliation = _dedupe(groups)
        field_ev += [("affiliation", a.evidence(h.start, h.end)) for h in group_hits]

        # the article's main operation owns every sentence no other event claims: its plot,
        # its seizures and its affiliation are often told paragraphs after the trigger
        wide = group_region
        plot_hits = [h for i in wide for h in a.facts[i].cues
                     if (h.value in ("plot", "plot_noun") or h.value == "aim" and aims_at_attack(a.facts[i], h))
                     # "charged with preparing acts of terrorism": an offence's legal name, no plan
                     and not any(c.value == "offence" and c.start <= h.start < c.end for c in a.facts[i].cues)
                     ] if f.type != "attack" else []
        # a quoted charge after "بتهم" (charged with) that names planning is a charge, no plot (SCHEMA);
        # read up to the plot word's end, so a comma just before it can see what it opens
        plot_hits = [h for h in plot_hits if not _charged(a, h) and not _no_plan(a, h)]
        field_ev += [("plot", a.evidence(h.start, h.end)) for h in plot_hits]

        seized_hits = [
            h for i in wide if i in seizing for h in a.facts[i].seized
            if not _replica(a.doc.text, a.facts[i], h) and not _NEGATED_ITEM.search(a.doc.text, max(0, h.start - 30), h.start)
            and not _not_held(a.doc.text, h)
        ] if f.type in ("dismantling", "arrest") else []
        seized = _dedupe([h.value for h in seized_hits])
        field_ev += [("seized", a.evidence(h.start, h.end)) for h in seized_hits]

        killed = wounded = None
        if f.type == "attack":
            killed, wounded, cas_ev = casualties(a, core, others, _toll_clause(a, f, frames))
            field_ev += cas_ev

        arrests, arrests_ev = f.arrests, f.arrests_ev
        if arrests is None and main and f.type in ("dismantling", "arrest"):
            # "…démanteler une cellule. Cette dernière est composée de neuf membres"
            for i in near:
                if i in core:
                    continue
                nums = [x for x in a.facts[i].numbers if x.noun_class == "person" and not x.is_age_range
                        and not in_date(a.facts[i], x) and x.value <= 99 and not VAGUE.search(x.quote)]
                if nums:
                    arrests, arrests_ev = nums[0].value, a.evidence(nums[0].start, nums[0].end)
                    break
        if arrests is None and f.type == "dismantling":
            # "…وكانت الخلية تتكون من 3 أشخاص", "the cell included six members": the cell's make-up,
            # told in the trigger's sentence or (for the news) a few sentences after, is how many
            # its dismantling took
            for i in range(min(core), min(n, max(core) + (_COMPOSED_REACH if main else 0) + 1)):
                if i in others or not a.facts[i].has_cue("cell_noun"):
                    continue
                nums = [x for x in a.facts[i].numbers if x.noun_class == "person" and not x.is_age_range
                        and x.value <= 99 and _COMPOSED_BEFORE.search(a.doc.text, max(a.facts[i].start, x.start - 24), x.start)]
                if nums:
                    arrests, arrests_ev = nums[0].value, a.evidence(nums[0].start, nums[0].end)
                    break
        if arrests is None and f.type == "arrest":
            # "fue detenido", "a été arrêté", "el detenido": the verb's own number says one person
            for t in f.triggers:
                facts = a.facts[a.sentences.index_of(t.start)]
                m = _SINGULAR_PASSIVE.search(a.doc.text, max(facts.start, t.start - 24), min(facts.end, t.end + 1))
                if m and m.end(1) == t.end:
                    arrests, arrests_ev = 1, a.evidence(t.start, t.end)
                    break
        if f.type in ("dismantling", "arrest") and arrests is not None and arrests_ev is not None:
            arrests += _arrest_addends(a, arrests, arrests_ev)
        if f.type == "court_ruling" and arrests is not None and arrests_ev is not None:
            # the ruling's next sentences often go on with the other defendants
            follow = [i for i in range(max(core) + 1, min(n, max(core) + 3)) if i not in others
                      and any(t.value.type == "court_ruling" for t in a.facts[i].triggers)]
            arrests = ruling_total(a, core + follow, arrests, arrests_ev.start)
        date = f.date
        if date is not None and main and f.date_ev is not None:
            i = a.sentences.index_of(f.date_ev.start)
            own = next((d for d in a.facts[i].dates if d.start == f.date_ev.start), None)
            if own is not None and (pick := _operation_day(a, near, others, i, own)) is not own:
                date = pick.value
                field_ev.append(("date", a.evidence(pick.start, pick.end)))
        if date is None and main:
            # the lede often dates the operation a sentence before or after the trigger
            for i in near:
                if i in others:
                    continue
                if f.type == "court_ruling" and (any(t.value.type == "attack" for t in a.facts[i].triggers)
                                                 or any(c.value in ("attack_noun", "killed", "wounded")
                                                        for c in a.facts[i].cues)):
                    continue  # a ruling's report dates the crime it judges, not the ruling
                ds = [d for d in a.facts[i].dates if d.kind in ("absolute", "relative", "weekday", "hijri")]
                if ds:
                    pick = _operation_day(a, near, others, i, ds[0])
                    date = pick.value
                    field_ev.append(("date", a.evidence(pick.start, pick.end)))
                    break
        if date is not None and len(date) == 7 and main:
            # "in June 2015 … on Friday 26 June": the one day of that month the report gives
            days: dict[str, DateMention] = {}  # each day by its first mention
            for i in range(n):
                if i not in others:
                    for d in a.facts[i].dates:
                        if len(d.value) == 10 and d.value.startswith(date) and d.kind != "year":
                            days.setdefault(d.value, d)
            if len(days) == 1:
                hit = next(iter(days.values()))
                date = hit.value
                field_ev.append(("date", a.evidence(hit.start, hit.end)))
        if date is None and main and places:
            # a narrative lede ("On Wednesday 25 January, a man walked into the church in X…")
            # dates and places the story before any event word is used
            names = {p.name for p in places}
            for i in range(min(core)):
                if i in others:
                    continue
                ds = [d for d in a.facts[i].dates if d.kind in ("absolute", "weekday", "relative") and len(d.value) == 10]
                if ds and names & {p.name for p in a.facts[i].places}:
                    date = ds[0].value
                    field_ev.append(("date", a.evidence(ds[0].start, ds[0].end)))
                    break
        if date is None and main and f.type != "court_ruling":
            # "On Friday 22 December at dawn, police entered… They arrested a student. Five men
            # were detained": the opening sentences date the story the event word comes later in
            for i in range(min(min(core), _LEDE)):
                ds = [d for d in a.facts[i].dates if d.kind in ("absolute", "weekday") and len(d.value) == 10]
                if ds and i not in others:
                    date = ds[0].value
                    field_ev.append(("date", a.evidence(ds[0].start, ds[0].end)))
                    break
        if date is None and not main and f.type in ("arrest", "dismantling") and not f.background and events:
            # "…the attacker was then detained by the local police": an arrest told on in the
            # story of the event before it, with no date of its own, happened then too
            before = events[-1]
            if before.date is not None and before.type == "attack":
                date = before.date
        if date is None and main and a.doc.published and not told_later(a, f):
            date = a.doc.published
        elif f.date_ev is not None and date == f.date:
            field_ev.append(("date", f.date_ev))
        if arrests_ev is not None:
            field_ev.append(("arrests", arrests_ev))
        for t in f.triggers:
            field_ev.append(("type", a.evidence(t.start, t.end)))

        etype = f.type
        if etype == "arrest" and main and any(
                a.facts[i].has_cue("cell_noun") and not a.facts[i].has_cue("cells_plural")
                for i in near if i not in others):
            etype = "dismantling"  # "the four … belong to an extremist cell", told a sentence later
        if etype == "attack" and date is None and not places and any(
                n.noun_class == "attack" and n.value >= 2 for i in core for n in a.facts[i].numbers):
            # "five dead in three attacks in the north", with neither a date nor a town: several
            # attacks summed, none placed in time or space (SCHEMA), so no event
            continue
        events.append(Event(
            doc_id=a.doc.doc_id, type=etype, date=date,
            places=tuple(Place(p.name, p.country, p.geonames_id, p.lat, p.lon, p.admin1) for p in places),
            countries=countries, partners=partners, agencies=agencies, affiliation=affiliation,
            arrests=arrests if f.type != "attack" else None, plot=bool(plot_hits), seized=seized,
            killed=killed, wounded=wounded,
            evidence=tuple(a.sentence_evidence(i) for i in core),
            field_evidence=tuple(field_ev),
        ))
    return events




def _toll_clause(a: Analysis, f: Frame, frames: list[Frame]) -> tuple[int, int, int] | None:
    """'killing 38, three months after the attack in Tunis that killed 22': in a sentence shared by
    the news and an attack recalled after it, the news reads its toll before the recalled attack's
    word and the recalled one after it. (sentence, start, end) of the part that is ``f``'s, or None."""
    if not f.triggers or not f.sentences:
        return None
    i = f.sentences[0]
    facts = a.facts[i]
    if f.recalled:
        return i, min(t.start for t in f.triggers), facts.end
    own = min((t.start for t in f.triggers if facts.start <= t.start < facts.end), default=f.triggers[0].start)
    later = [t.start for g in frames if g is not f and g.recalled and i in g.sentences for t in g.triggers
             if t.start > f.triggers[0].start]
    # "the bombings in Casablanca in 2003, the attack in Marrakesh in 2011 and the murder of two
    # hikers in Imlil in 2018": of several attacks told in one sentence, each owns the words from
    # its own attack word to the next one's, so a toll told after the last is the last one's
    firsts = [min(starts) for g in frames if g is not f and g.type == "attack" and i in g.sentences
              for starts in [[t.start for t in g.triggers if facts.start <= t.start < facts.end]] if starts]
    later += [x for x in firsts if x > own]
    start = own if any(x < own for x in firsts) else facts.start
    return (i, start, min(later)) if later else (i, start, facts.end) if start != facts.start else None


_SAHEL_AFTER = re.compile(r"^(?:['’]s\b)?[\s\"'”»)]*(?:ب|" + _any("sahel_prep") + r"\s+)?"
                          r"(?:" + _any("sahel_region") + r"\s+)?(?:ال)?" + _any("sahel"), re.I)
# "the Sahel branch of ISIS", "la branche sahélienne de l'EI": the region told before the group
_SAHEL_BEFORE = re.compile(_any("sahel_adjective") + r"\s+(?:\w+\s+){0,2}" + _any("sahel_of") + r"\s*"
                           r"(?:" + _any("sahel_article") + r"\s+|" + _any("sahel_article_elided") + r"\s*)?[\"'“«]?$",
                           re.I)


def _replica(text: str, facts: SentenceFacts, h: Hit) -> bool:
    """'مجسمات أسلحة (بندقية ومسدسات)', 'deux pistolets factices': a weapon word that names a
    replica; 'des papiers factices, deux pistolets' names a real weapon after another item."""
    if h.value not in ("firearms", "bladed_weapons"):
        return False
    for c in facts.cues:
        if c.value != "replica":
            continue
        if 0 <= c.start - h.end <= 3:
            return True
        if 0 <= h.start - c.end <= 40:
            between = text[c.end:h.start]
            bracketed = between.rfind("(") > between.rfind(")")
            if bracketed or _INCLUDING.search(between) or not _LIST_BREAK.search(between):
                return True  # "replicas, among them a rifle": the list names the replicas
    return False


# the suspects already spoken of, taken up again in a later sentence
_THE_SUSPECTS = re.compile(r"\b" + _any("suspects_det") + r"\s+(?:\w+\s+)?"
                           + _any("suspects_noun") + r"\b", re.I)


# "no se han encontrado ni armas ni explosivos", "aucune arme", "no weapons or explosives were
# found": items named as not found were not seized ("no sólo armas sino también…" seizes both)
_NEGATED_ITEM = re.compile(r"(?:\b(?!" + _any("not_only") + r"\b)" + _any("item_negation") + r"\s+"
                           r"(?:\S+\s+){0,2}|\b" + _any("item_negation_elided") + r"\s*)$", re.I)


# "documentos sobre armas y explosivos", "videos showing how to make explosives", "بهدف صناعة
# عبوات ناسفة", "munición para armas cortas": the item is a topic, an aim or what the ammunition
# fits, not a thing seized ("produits utilisés dans la fabrication d'explosifs" keeps its precursors)
_NOT_HELD_BEFORE = re.compile(
    r"(?:\b(?:" + _words("topic_before") + "|" + _any("topic_doc") + r"\s+" + _any("topic_doc_prep") + ")"
    r"|" + _any("topic_aim") + r"\s+(?:\S+\s+)?" + _any("topic_make") + ")"
    r"\s+(?:" + _any("topic_filler") + r"\s+|\S+\s*,\s*|\S+\s+" + _any("list_conj") + r"\s+)*(?:ال)?$",
    re.I)
# "a car bomb", "une voiture piégée", "سيارة مفخخة": a device (or a plan's weapon), no vehicle held
_BOMB_AFTER = re.compile(r"[\s-]+" + _any("bomb_after") + r"(?!\w)", re.I)
_FOR_AMMO = re.compile(_any("ammo_noun")
                       + r"\s+(?:\S+\s+){0,2}?" + _any("ammo_for") + r"\s+(?:" + _any("ammo_article") + r"\s+)?$", re.I)


def _not_held(text: str, h: Hit) -> bool:
    before = text[max(0, h.start - 45):h.start]
    if _NOT_HELD_BEFORE.search(before) and not re.search(r"[.;:؛]", before[-25:]):
        return True
    if h.value == "vehicles" and _BOMB_AFTER.match(text, h.end):
        return True
    return h.value == "firearms" and bool(_FOR_AMMO.search(before))


# "no se sabe qué objetivos planeaban", "did not say where they planned": the negation is the
# telling's, and the question word opens the plan that was real
_ASKED = _any("question_word") + r"(?!\w)"
# "no se encontraron planes para atentar", "لم يثبت تخطيطه": a plan denied is no plot;
# "التحريض على تنفيذ عمليات", "incitement to commit attacks": a call to others is no plan of theirs
_NEGATED_PLAN = re.compile(r"(?:\b" + _any("plan_negation") + r"|(?:^|\s)" + _any("plan_negation_spaced") + ")"
                           r"(?:\s+(?!" + _ASKED + r")[^\s.,;،]+){0,5}\s*$", re.I)


def _no_plan(a: Analysis, h: Hit) -> bool:
    facts = a.facts[a.sentences.index_of(h.start)]
    if any(c.value == "incite" and 0 <= h.start - c.end <= 60 and not re.search(r"[.;؛]", a.doc.text[c.end:h.start])
           for c in facts.cues):
        return True
    return bool(_NEGATED_PLAN.search(a.doc.text, max(facts.start, h.start - 45), h.start))


_INCLUDING = re.compile(_words("including"), re.I)
_LIST_BREAK = re.compile(r"[,،;]|\s" + _any("list_conj") + r"\s|\sو", re.I)


def _regional(text: str, h: Hit) -> str:
    """'داعش” بالساحل', 'Islamic State in the Sahel': the group's Sahel branch."""
    if h.value.canonical == "Islamic State" and (_SAHEL_AFTER.match(text[h.end:h.end + 20])
                                                 or _SAHEL_BEFORE.search(text, max(0, h.start - 40), h.start)):
        return "Islamic State Sahel"
    return h.value.canonical


def _earlier_court(a: Analysis, core: list[int]) -> Hit | None:
    """The last court named before a ruling whose own sentence says only "the court"."""
    if not core or not any(a.facts[i].has_cue("court") for i in core):
        return None
    for i in range(min(core) - 1, -1, -1):
        courts = [h for h in a.facts[i].agencies if h.value.kind == "court"]
        if courts:
            return courts[-1]
    return None


def _is_parent_mention(a: Analysis, h: Hit) -> bool:
    """'BCIJ, التابع للمديرية العامة...': the parent only situates the acting body."""
    has_parent = a.memo.get("parent_of")
    if has_parent is None:
        has_parent = a.memo["parent_of"] = any(f.has_cue("parent_of") for f in a.facts)
    if not has_parent:
        return False  # no parent's words in the whole text
    facts = a.facts[a.sentences.index_of(h.start)]
    return any(0 <= h.start - c.end <= 3 for c in facts.cue("parent_of"))


def _operation_day(a: Analysis, near: list[int], others: set[int], i: int, d: DateMention) -> DateMention:
    """``d``, unless it only dates the telling ("Interior reported this Monday the arrests…")
    and a later sentence near the event gives an earlier day ("…took place on 20 and 22
    January"): then the first such day, when the operation began."""
    facts = a.facts[i]
    if len(d.value) != 10 or not told_day(facts, d):
        return d
    told = date.fromisoformat(d.value)
    for j in near:
        if j <= i or j in others:
            continue
        days = [x for x in a.facts[j].dates if x.kind == "absolute" and len(x.value) == 10 and x.value < d.value
                and (told - date.fromisoformat(x.value)).days <= _TOLD_BEFORE]
        if days:
            return min(days, key=attrgetter("value"))
    return d
