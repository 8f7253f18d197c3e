"""Which of a report's events it is mainly about, and how the reports of one fused event agree
(majority values, dates at the precision most sources give, places and lists)."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .fusekit import KEY_RE, count_of, parse_span, place_keys, type_family
from .models import Event, Place
from .text.arabic import fold

if TYPE_CHECKING:
    from .fuse import Source

_TYPE_RANK = {"dismantling": 2, "arrest": 1}  # tie-break: the more specific type wins


def main_event(events: list[Event] | tuple[Event, ...], title: str | None = None) -> int | None:
    """Index of the event a report is mainly about (None when it has none).

    * a report stating a court ruling is about the ruling (the attack or arrests it judges are
      told as background);
    * else the lead is the first event in reading order -- or, given the report's ``title``,
      the first event whose place the title names (:func:`_in_title`), since a headline names
      the happening the report is about;
    * arrests of the same day and place as an attack the report tells are its aftermath, so
      the report is about the attack (:func:`_aftermath`);
    * a later event of the lead's type with the same count that restates it more fully (adds
      the date or the places the lead lacks, contradicts none of its places) is the same
      happening told in the body after a vague lede, and the better one to match
      (:func:`_restates`).
    """
    if not events:
        return None
    for i, e in enumerate(events):
        if e.type == "court_ruling":
            return i
    lead = 0
    if title:
        named = [i for i, e in enumerate(events) if _in_title(e, title)]
        if named:
            lead = named[0]
    first = events[lead]
    if type_family(first.type) == "op":
        for i, e in enumerate(events):
            if i != lead and e.type == "attack" and _aftermath(first, e):
                return i
    for i, e in enumerate(events[lead + 1:], lead + 1):
        if _restates(first, e):
            return i
    return lead


def inside_attack(day: str | None, attack_days: list[tuple[int, int]]) -> bool:
    """``day`` lies inside the span of one of the attacks a report tells (``attack_days``)."""
    span = parse_span(day)
    return span is not None and any(a[0] <= span[0] and span[1] <= a[1] for a in attack_days)


def judged_places(events: list[Event]) -> tuple[Place, ...]:
    """Where the happening a report's ruling judges took place: the places of its first attack
    that names any, else of its first arrest or dismantling. A ruling told without a place
    (the extractor found no court seat or town next to it) is matched by them: the reports of
    a trial name the attack or the cell it judges."""
    for family in ("attack", "op"):
        for e in events:
            if e.places and type_family(e.type) == family:
                return e.places
    return ()


@lru_cache(maxsize=4096)
def _folded_title(title: str) -> str:
    return " " + " ".join(KEY_RE.sub(" ", fold(title)).split()) + " "


def _in_title(e: Event, title: str) -> bool:
    """The title names one of the event's places: its name, or the words the report used for
    it (the place's evidence quote, so an Arabic headline matches an Arabic mention)."""
    t = _folded_title(title)
    for p in e.places:
        forms = [p.name] + ([p.evidence.quote] if p.evidence is not None else [])
        for form in forms:
            words = " ".join(KEY_RE.sub(" ", fold(form)).split())
            if words and f" {words} " in t:
                return True
    return False


def _restates(lead: Event, e: Event) -> bool:
    """``e`` is ``lead`` told again with more detail: the same type and stated count, every
    place of the lead among its places (or the lead names none), and a date or places the
    lead does not give."""
    if e.type != lead.type or count_of(lead) is None or count_of(lead) != count_of(e):
        return False
    lead_keys = [set(place_keys(p)) for p in lead.places]
    e_keys = {k for p in e.places for k in place_keys(p)}
    if not all(keys & e_keys for keys in lead_keys):
        return False
    return (e.date is not None and lead.date is None) or (bool(e.places) and not lead.places)


def _aftermath(op: Event, attack: Event) -> bool:
    """Arrests told with an attack of the same day and place are its aftermath (the
    attackers or their helpers caught), so the report is about the attack: the same explicit
    day with a shared place or no place on the attack's side, or neither dated and every place of
    the attack among the arrests' places."""
    a_keys = {k for p in op.places for k in place_keys(p)}
    b_keys = {k for p in attack.places for k in place_keys(p)}
    shared = bool(a_keys & b_keys)
    if op.date is None and attack.date is None:
        # with no date to tie them, only an attack told at the arrests' own places: one that
        # also names other cities is a happening recalled from elsewhere (the Paris attacks
        # in a report on a raid in Molenbeek)
        return shared and all(set(place_keys(p)) & a_keys for p in attack.places)
    day_a, day_b = parse_span(op.date), parse_span(attack.date)
    if day_a is None or day_b is None or day_a != day_b or day_a[0] != day_a[1]:
        return False
    # an attack told without a place on the day of the arrests is the one they follow, and so
    # is an attack whose town the arrests, told without one, do not contradict
    return shared or not b_keys or not a_keys


def majority(values: list[tuple[Any, str]], prefer: Any) -> tuple[Any, dict[str, list[str]]]:
    """(agreed value, {value: [doc_ids]} when sources disagree else {}); None values ignored.

    Support is counted per source document, so one document stating a figure twice is one vote.
    """
    by_value: dict[Any, list[str]] = {}
    for v, doc in values:
        if v is None:
            continue
        docs = by_value.setdefault(v, [])
        if doc not in docs:
            docs.append(doc)
    if not by_value:
        return None, {}
    agreed = max(by_value, key=lambda v: (len(by_value[v]), prefer(v)))
    if len(by_value) == 1:
        return agreed, {}
    return agreed, {str(v): docs for v, docs in sorted(by_value.items(), key=lambda kv: str(kv[0]))}


def agree_date(values: list[tuple[str | None, str]]) -> tuple[str | None, dict[str, list[str]]]:
    """Dates agree when one is a prefix of the other (2025-07 and 2025-07-02): the most
    specific date with the widest support wins; dates that contradict are a disagreement."""
    dated = [(v, d) for v, d in values if v]
    if not dated:
        return None, {}
    distinct = sorted({v for v, _ in dated}, key=lambda v: (-len(v), v))

    def support(v: str) -> int:
        return len({d for w, d in dated if v.startswith(w)})

    agreed = max(distinct, key=lambda v: (support(v), len(v)))
    conflicting = [v for v in distinct if not (agreed.startswith(v) or v.startswith(agreed))]
    if not conflicting:
        return agreed, {}
    out: dict[str, list[str]] = {}
    for v, d in dated:
        out.setdefault(v, [])
        if d not in out[v]:
            out[v].append(d)
    return agreed, dict(sorted(out.items()))


def agree_list(members: list[tuple[Event, Source]], field: str) -> tuple[str, ...]:
    n_docs = len({s.doc_id for _, s in members})
    need = max(1, n_docs // 4)
    support: dict[str, set[str]] = {}
    for e, s in members:
        for item in getattr(e, field):
            support.setdefault(item, set()).add(s.doc_id)
    kept = [k for k, docs in support.items() if len(docs) >= need]
    return tuple(sorted(kept, key=lambda k: (-len(support[k]), k)))


def agree_places(members: list[tuple[Event, Source]]) -> tuple[Place, ...]:
    n_docs = len({s.doc_id for _, s in members})
    need = max(1, n_docs // 4)
    support: dict[str, set[str]] = {}
    best: dict[str, Place] = {}
    for e, s in members:
        for p in e.places:
            k = place_keys(p)[0] if place_keys(p) else p.name
            support.setdefault(k, set()).add(s.doc_id)
            # keep the richest record of the place (one with a geonames_id and coordinates)
            if k not in best or (best[k].geonames_id is None and p.geonames_id is not None):
                best[k] = p
    kept = sorted((k for k in support if len(support[k]) >= need), key=lambda k: (-len(support[k]), k))
    return tuple(Place(best[k].name, best[k].country, best[k].geonames_id, best[k].lat, best[k].lon,
                       best[k].admin1) for k in kept)


def agreed_fields(members: list[tuple[Event, Source]]) -> dict[str, Any]:
    """The fused record's agreed values (every FusedEvent field but fused_id, members and
    sources): single values by majority, lists by a quarter of the sources, the
    disagreements, corroboration (distinct outlets) and confidence."""
    disagreements: list[dict[str, Any]] = []

    def single(field: str, prefer: Any = lambda v: v) -> Any:
        value, split = majority([(getattr(e, field), s.doc_id) for e, s in members], prefer)
        if split:
            disagreements.append({"field": field, "values": split})
        return value

    etype = single("type", lambda t: _TYPE_RANK.get(t, 0))
    day, split = agree_date([(e.date, s.doc_id) for e, s in members])
    if split:
        disagreements.append({"field": "date", "values": split})
    arrests = single("arrests")
    killed = single("killed")
    wounded = single("wounded")
    plot_votes = Counter(bool(e.plot) for e, _ in members)
    plot = plot_votes[True] >= plot_votes[False]  # tie -> True: a stated plot is the specific claim
    places = agree_places(members)
    countries = agree_list(members, "countries") or tuple(sorted({p.country for p in places}))
    corroboration = len({s.outlet for _, s in members})
    # agreement: share of votes behind the agreed value, over the single-valued fields voted on
    shares = []
    for d in disagreements:
        votes = [len(v) for v in d["values"].values()]
        shares.append(max(votes) / sum(votes))
    agreement = sum(shares) / len(shares) if shares else 1.0
    confidence = round((1 - 0.5 ** corroboration) * (0.6 + 0.4 * agreement), 3)
    return dict(type=etype, date=day, places=places, countries=countries,
                partners=agree_list(members, "partners"), agencies=agree_list(members, "agencies"),
                affiliation=agree_list(members, "affiliation"), arrests=arrests, plot=plot,
                seized=agree_list(members, "seized"), killed=killed, wounded=wounded,
                corroboration=corroboration, confidence=confidence, disagreements=tuple(disagreements))
