"""Stage 5: events from different reports -> one fused event per real happening.

Matching rules (each is a reason two reports can or cannot be the same happening):

* **type**: ``dismantling`` and ``arrest`` are one family (outlets disagree on the word);
  ``court_ruling`` and ``attack`` match only themselves.
* **date**: every event gets a window of days. An explicit date gives its own span
  (``2025-07-02`` one day, ``2025-07`` the month, ``2025`` the year). A null date falls back
  to the document's publication date: the happening lies in the week before it
  (``[published - 7, published]``) -- for the happening the report is about; other
  happenings it tells without a date keep no window (they are often background: last
  year's attack recalled in today's arrest report). Two windows are compatible when the gap between them is
  at most :data:`DAY_TOLERANCE` days (reports run a day or two apart; "yesterday" in one, a
  weekday in another). An event needs to be compatible with at least half of the dated
  members of a fused event, so one wrong date cannot pull in a look-alike. Two operations in
  the same city three weeks apart have no compatible windows and stay apart. An attack dated
  on its report's publication day may carry the dateline, not a date the text gives (a
  follow-up days later): when that day meets no fused event, the publication week is tried.
  An extractor event dated by its publication day with no date evidence in the text (the
  extractor's stand-in for a report that names no day) is an announcement: the operation may lie
  up to :data:`ANNOUNCED_LOOKBACK` days before it (custody and first hearings come first).
* **where**: when both sides name places, they must share one: the same place (folded
  name, so ``Tétouan`` = ``Tetouan``, or the same geonames_id) or two places at most
  :data:`NEAR_KM` apart by their coordinates (Tetouan and Martil or Fnideq: one operation's
  area). When a side names none, the countries must overlap *and* a count must agree, or an
  agency or armed group must be shared, or both give explicit dates at most a day apart
  with counts that do not contradict (a countries-only report of the same day).
  For **court rulings** the seat of a court (agencies lexicon, column ``seat``: Sale hears
  every Moroccan terrorism case) is not the case's place: two rulings naming different case
  towns are two trials, and a side naming only the seat is matched as a placeless one (a
  shared court then also needs dates that agree, or defendant counts that agree within one).
  A seat both sides name stands for the court when the report does not name it ("in
  Brussels" for the court there). A ruling told without a case town borrows the places of
  the happening its report judges, and those are case places even in a court's town (the
  Brussels bombings judged in Brussels).
* **counts**: arrests (or killed, for attacks) that clearly differ (more than one apart and
  more than a quarter of the larger) count against a match, and forbid it when either side
  has no usable date, because then nothing else separates two look-alike operations --
  except for an attack at the very same place: a toll is not a fixed fact (it rises over
  the days; outlets count victims with or without the attackers): at the same place a toll
  within the spread of the fused event's tolls contradicts none. The fused event's figure
  is the one most members give; when its members split evenly, any figure within their
  spread contradicts none. An operation's report may count only its own town's arrests: a
  figure a member already gives, from the same agency at places the fused event names, is
  not a contradiction.
* an **undated** event (no date, no publication date) must also share a count, an agency,
  an armed group or a place with the fused event (shared places are counted as places, not
  as keys: a name and its geonames_id are one place). When one side names no place, an
  agency alone is not enough undated (one national agency handles most of a country's
  cases): it needs the same armed group too. A report giving nothing but its country and the
  armed group (no day, town or count) joins the one fused event of that family, country and
  group, when there is exactly one. An undated report naming no place that fits two fused
  events on the very same facts (only their size differs) and cannot bridge them joins
  neither: it starts its own rather than guess between look-alikes.

Among the compatible fused events the best scored one is joined; otherwise a new one starts.
When a report fits several that do not contradict each other (stricter rules than joining:
see :func:`marsad.fusion_bridge.compatible`), it **bridges** them: the younger ones are merged into the oldest,
whose fused_id stays (:meth:`Fuser.resolve` maps an old id to the current one).
The score counts the share of the report's places the fused event names (not of the fused
event's places, a list that grows with every member and its noise), the dates, shared
counts, agencies and armed groups, and a small prior for fused events more reports joined.

Fusion is incremental: :meth:`Fuser.add` looks candidates up in an index keyed by type
family + place + month (and geo cell + month for nearby towns, country + month, and country +
count for placeless events), so each report costs a handful of comparisons whatever the size
of the store. :meth:`Fuser.add_document` fuses every event of one report, and
:func:`main_event` names the event the report as a whole is about (a court ruling over the
attack it judges; the event whose place the title names; an attack over the arrests of its day
and place; a fuller restatement of the lead; else the first event).

A fused event takes each field by agreement: single values by majority over sources (ties go
to the most specific: the most precise date, ``dismantling`` over ``arrest``, the larger
count), lists keep the items that at least a quarter of the sources name, and every
contradiction in a single value is recorded as a disagreement:
``{"field": "arrests", "values": {"4": ["doc1"], "5": ["doc2"]}}``.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice
from typing import Any

from .fusekit import (
    agreed_counts, coords, count_of, count_rel, date_window, gap_days, grid_cell, is_seat, km, months_spanned,
    near_cells, outlet, parse_span, place_keys, type_family,
)
from .fusion_bridge import compatible, fits_cleanly
from .fusion_choice import agreed_fields, inside_attack, judged_places, main_event
from .models import Event, Place, schema_fields

__all__ = [
    "Source", "FusedEvent", "Fuser", "fuse", "type_family", "date_window", "outlet", "main_event",
    "DAY_TOLERANCE", "UNDATED_LOOKUP_CAP", "NEAR_KM",
]

DAY_TOLERANCE = 3
ANNOUNCED_LOOKBACK = 14  # days before an announcement an operation it does not date may lie
UNDATED_LOOKUP_CAP = 500  # undated events compare with at most this many latest candidates per key
NEAR_KM = 35.0  # towns this close are one operation's area (Tetouan-Martil 9 km, -Fnideq 30 km)
_NONE: frozenset = frozenset()


@dataclass(frozen=True, slots=True)
class Source:
    """Where a member event was read: one report. ``title`` (optional) helps name the happening
    the report is about (:func:`main_event`); it is not part of the fused record."""

    doc_id: str
    url: str | None = None
    published: str | None = None
    title: str | None = None

    @property
    def outlet(self) -> str:
        return outlet(self.doc_id, self.url)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "url": self.url, "published": self.published}


@dataclass(frozen=True, slots=True)
class FusedEvent:
    """One real happening, as told by one or more reports.

    The SCHEMA.md event fields hold the agreed values; ``members`` are the source events
    (each with its own evidence, offsets into its own document) in the order they were added;
    ``sources`` has one entry per distinct document.
    """

    fused_id: str
    type: str
    date: str | None
    places: tuple[Place, ...]
    countries: tuple[str, ...]
    partners: tuple[str, ...]
    agencies: tuple[str, ...]
    affiliation: tuple[str, ...]
    arrests: int | None
    plot: bool
    seized: tuple[str, ...]
    killed: int | None
    wounded: int | None
    members: tuple[Event, ...]
    sources: tuple[Source, ...]
    corroboration: int
    confidence: float
    disagreements: tuple[dict[str, Any], ...] = ()

    def to_record(self) -> dict[str, Any]:
        """SCHEMA.md event fields + fused_id, sources, corroboration, confidence, disagreements.

        ``evidence`` is every member's evidence quote, and ``provenance`` gives each one with
        its doc_id and offsets, so a quote can be checked against its own document.
        """
        return {
            "fused_id": self.fused_id,
            **schema_fields(self),
            "evidence": [ev.quote for m in self.members for ev in m.evidence],
            "provenance": [ev.to_dict() for m in self.members for ev in m.evidence],
            "sources": [s.to_dict() for s in self.sources],
            "corroboration": self.corroboration,
            "confidence": self.confidence,
            "disagreements": [dict(d) for d in self.disagreements],
        }


# -- the mutable working state of one fused event --------------------------------------------------
class _Cluster:
    __slots__ = ("fused_id", "family", "seq", "members", "sources", "windows", "place_keys", "coords",
                 "case_keys", "case_coords", "countries", "agencies", "affiliation", "counts",
                 "_snapshot")

    def __init__(self, fused_id: str, family: str, seq: int = 0) -> None:
        self.fused_id = fused_id
        self.family = family
        self.seq = seq  # creation order: a bridge keeps the oldest fused_id
        self.members: list[tuple[Event, Source]] = []
        self.sources: dict[str, Source] = {}
        self.windows: list[tuple[int, int, bool]] = []
        self.place_keys: Counter[str] = Counter()
        self.coords: dict[tuple[float, float], None] = {}  # distinct place coordinates
        # rulings only: keys and coordinates of places that are not a court's seat (other
        # families share one empty frozenset: no two containers per cluster for nothing)
        ruling = family == "ruling"
        self.case_keys: set[str] | frozenset[str] = set() if ruling else _NONE
        self.case_coords: dict[tuple[float, float], None] | frozenset[tuple[float, float]] = (
            {} if ruling else _NONE)
        self.countries: set[str] = set()
        self.agencies: set[str] = set()
        self.affiliation: set[str] = set()
        self.counts: Counter[int] = Counter()
        self._snapshot: FusedEvent | None = None

    def absorb(self, e: Event, src: Source, win: tuple[int, int, bool] | None,
               places: Iterable[Place] | None = None, lent: frozenset[str] = _NONE) -> None:
        """Add one member; ``places`` (default: the event's) are the places it is matched by,
        of which those with a key in ``lent`` (a ruling's borrowed places) are case places even
        in a court's town."""
        self.members.append((e, src))
        self.sources.setdefault(src.doc_id, src)
        if win is not None:
            self.windows.append(win)
        for p in (e.places if places is None else places):
            keys = set(place_keys(p))
            self.place_keys.update(keys)
            c = coords(p)
            if c is not None:
                self.coords[c] = None
            if isinstance(self.case_keys, set) and (not is_seat(p) or keys & lent):
                self.case_keys.update(keys)
                if c is not None:
                    self.case_coords[c] = None  # type: ignore[index]
        self.countries.update(e.countries or {p.country for p in e.places})
        self.agencies.update(e.agencies)
        self.affiliation.update(e.affiliation)
        n = count_of(e)
        if n is not None:
            self.counts[n] += 1
        self._snapshot = None

    def take(self, other: "_Cluster") -> None:
        """Absorb every member of ``other``: a report bridged the two fused events. Its
        matching state is merged as it stands (it may hold places a member was matched by
        without naming them: a ruling's borrowed places, see :meth:`Fuser.add_document`)."""
        self.members.extend(other.members)
        for doc_id, s in other.sources.items():
            self.sources.setdefault(doc_id, s)
        self.windows.extend(other.windows)
        self.place_keys.update(other.place_keys)
        if isinstance(self.case_keys, set):
            self.case_keys |= other.case_keys
            self.case_coords.update(other.case_coords)  # type: ignore[union-attr]
        self.coords.update(other.coords)
        self.countries |= other.countries
        self.agencies |= other.agencies
        self.affiliation |= other.affiliation
        self.counts.update(other.counts)
        self._snapshot = None


@dataclass(frozen=True, slots=True)
class _Probe:
    """What matching needs to know about the incoming event, computed once."""

    event: Event
    family: str
    window: tuple[int, int, bool] | None
    places: frozenset[str]
    countries: frozenset[str]
    count: int | None
    # one entry per distinct place: its keys and coordinates, so overlap counts places
    per_place: tuple[tuple[frozenset[str], tuple[float, float] | None], ...] = ()
    # a ruling's places that are not a court's seat (the case's places), by per_place index
    case_places: frozenset[int] = frozenset()
    # the places the event is matched by: its own, or for a placeless ruling the places of
    # the happening its report tells with it (see Fuser.add_document)
    all_places: tuple[Place, ...] = ()
    # the window to try when the stated date meets no fused event: for a date equal to the
    # publication day, the publication week (see Fuser._probe)
    fallback: tuple[int, int, bool] | None = None
    # a ruling's: keys of the places borrowed from the happening its report judges
    lent: frozenset[str] = frozenset()

    def shared_places(self, c: "_Cluster", case_only: bool = False) -> tuple[int, int]:
        """(places the cluster names too, places within NEAR_KM of one the cluster names);
        ``case_only``: a ruling's case places against the cluster's, court seats left out."""
        same = near = 0
        names, where = (c.case_keys, c.case_coords) if case_only else (c.place_keys, c.coords)
        for i, (keys, xy) in enumerate(self.per_place):
            if case_only and i not in self.case_places:
                continue
            if any(k in names for k in keys):
                same += 1
            elif xy is not None and any(km(xy, other) <= NEAR_KM for other in where):
                near += 1
        return same, near

    @property
    def cells(self) -> list[tuple[int, int]]:
        return sorted({grid_cell(xy) for _, xy in self.per_place if xy is not None})

    @property
    def place_list(self) -> list[str]:
        return sorted(self.places)

    @property
    def country_list(self) -> list[str]:
        return sorted(self.countries)


class Fuser:
    """Incremental fusion. ``add`` returns the fused_id the event joined or started.

    ``restore`` puts back an event whose fused event is already known (from the store),
    without matching, so a new batch of reports is fused against the existing fused events
    without reprocessing them.

    A report that fits two fused events which do not contradict each other bridges them (see
    :meth:`_bridge`): the younger one is merged into the older, so a fused_id returned earlier
    may stop existing. :meth:`resolve` maps any fused_id ever returned to the current one, and
    :meth:`merged` lists the ids that were merged away.
    """

    def __init__(self, day_tolerance: int = DAY_TOLERANCE) -> None:
        self.day_tolerance = day_tolerance
        self._clusters: dict[str, _Cluster] = {}
        self._index: dict[tuple[Any, ...], dict[str, None]] = {}  # insertion-ordered sets
        self._seq = 0
        self._merged: dict[str, str] = {}  # merged-away fused_id -> the one that took its members

    def __len__(self) -> int:
        return len(self._clusters)

    # -- public -----------------------------------------------------------------------------
    def add(self, event: Event, source: Source | None = None, key: str | int | None = None) -> str:
        """Fuse one event; ``key`` (e.g. the store's event_id) makes the new fused_id stable."""
        src = source or Source(event.doc_id)
        return self._add_probe(self._probe(event, src), src, key)

    def _add_probe(self, probe: _Probe, src: Source, key: str | int | None) -> str:
        fits: list[tuple[float, str]] = []
        for cid in self._candidates(probe):
            score = self._score(probe, self._clusters[cid])
            if score is not None:
                fits.append((score, cid))
        if not fits and probe.fallback is not None:
            return self._add_probe(replace(probe, window=probe.fallback, fallback=None), src, key)
        if not fits:
            only = self._only_kin(probe)
            if only is not None:
                fits = [(0.0, only)]
        if fits:
            fits.sort(key=lambda f: -f[0])  # stable: equal scores keep candidate order
            tied = probe.window is None and not probe.places and len(fits) > 1 and self._tied(fits)
            n = len(self._clusters)
            cid = self._bridge(probe, [c for _, c in fits]) if len(fits) > 1 else fits[0][1]
            if tied and len(self._clusters) == n:
                # an undated report fitting two fused events on exactly the same facts (only
                # their size differs), which it cannot bridge, cannot say which it tells: a
                # guess would chain a look-alike in, so it starts its own
                cid = self._new_cluster(probe, key)
        else:
            cid = self._new_cluster(probe, key)
        self._join(cid, probe, src)
        return cid

    def _only_kin(self, probe: _Probe) -> str | None:
        """The one fused event a report giving nothing but its country and the armed group can
        be (no day, town or count: a follow-up piece on a known happening, "the murders claimed
        by IS last week"): when the store holds a single happening of that kind, country and
        group, it tells that one; with two or more it cannot say which, and joins none."""
        e = probe.event
        if (probe.window is not None or probe.places or probe.count is not None or not e.affiliation
                or not probe.countries):
            return None
        found: dict[str, None] = {}
        for c in probe.country_list:
            for g in sorted(e.affiliation):
                found.update(self._index.get(("AG", probe.family, c, g), {}))
        kin = list(self._current(found))
        return kin[0] if len(kin) == 1 else None

    def _tied(self, fits: list[tuple[float, str]]) -> bool:
        """The two best fits score the same once the size prior of :meth:`_score` is removed."""
        facts = [score - _size_prior(self._clusters[cid]) for score, cid in fits[:2]]
        return abs(facts[0] - facts[1]) < 1e-9

    def _new_cluster(self, probe: _Probe, key: str | int | None) -> str:
        self._seq += 1
        ident = f"{probe.event.doc_id}:{key if key is not None else self._seq}"
        cid = "fe-" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[:12]
        while cid in self._clusters or cid in self._merged:  # same doc_id and key twice: keep ids unique
            cid = "fe-" + hashlib.sha1((cid + "'").encode()).hexdigest()[:12]
        self._clusters[cid] = _Cluster(cid, probe.family, self._seq)
        return cid

    def add_document(self, events: Iterable[Event], source: Source,
                     keys: Iterable[str | int] | None = None) -> list[str]:
        """Fuse every event of one report; returns each event's fused_id, in order.

        ``keys`` (one per event, e.g. the store's event_ids; default: the event's index)
        make new fused_ids stable, as in :meth:`add`.

        Each event is matched on its own (a report may tell several happenings);
        :func:`main_event` says which one the report as a whole belongs to. A court ruling
        told without a place, or with only its court's seat, is matched by the places of the
        happening the report tells with it (:func:`~marsad.fusion_choice.judged_places`): the case's places, which
        other reports of the ruling name (the fused record keeps the places its members
        state). A ruling dated inside the date of an attack the report tells is matched as
        undated (the attack's date was taken for the ruling's).
        """
        probes = self._document_probes(list(events), source)
        ids = list(keys) if keys is not None else list(range(len(probes)))
        return [self._add_probe(pr, source, k) for pr, k in zip(probes, ids, strict=True)]

    def _document_probes(self, events: list[Event], source: Source) -> list[_Probe]:
        """One report's events as the fuser matches them (see :meth:`add_document`)."""
        main = main_event(events, source.title)
        judged = judged_places(events)
        # the publication week stands in for the date of the happening the report is about;
        # other happenings it tells without a date are often background (last year's attack
        # recalled in today's arrest report), so they keep no date rather than a wrong one
        attack_days = [w for w in (parse_span(e.date) for e in events if e.type == "attack") if w]
        probes = []
        for i, e in enumerate(events):
            ruling = e.type == "court_ruling"
            # a ruling dated inside the day, month or year of an attack the report tells was
            # given the attack's date (a trial comes months or years later): it is matched as
            # an undated ruling rather than on the attack's date
            dated = not (ruling and inside_attack(e.date, attack_days))
            borrow = i == main or (dated and e.date is not None)
            probes.append(self._probe(e, source, borrow_published=borrow,
                                      borrowed=judged if ruling else (), use_date=dated))
        return probes

    def restore(self, fused_id: str, event: Event, source: Source | None = None) -> None:
        """Attach ``event`` to ``fused_id`` as recorded earlier (creating it if needed)."""
        src = source or Source(event.doc_id)
        self._restore_probe(fused_id, self._probe(event, src), src)

    def restore_document(self, fused_ids: list[str], events: list[Event], source: Source) -> None:
        """Attach one report's events to the fused events recorded for them earlier, matched as
        :meth:`add_document` matched them (a ruling keeps the case places its report lent it),
        so that a store reloaded between runs fuses new reports as one long run would."""
        for fid, probe in zip(fused_ids, self._document_probes(events, source), strict=True):
            self._restore_probe(fid, probe, source)

    def _restore_probe(self, fused_id: str, probe: _Probe, src: Source) -> None:
        if fused_id not in self._clusters:
            self._seq += 1
            self._clusters[fused_id] = _Cluster(fused_id, probe.family, self._seq)
        self._join(fused_id, probe, src)

    def fused(self) -> list[FusedEvent]:
        """Every fused event, in creation order (snapshots are cached until they change)."""
        return [self.get(cid) for cid in self._clusters]

    def resolve(self, fused_id: str) -> str:
        """The current fused_id of a fused event (itself, or the one it was merged into)."""
        while fused_id in self._merged:
            fused_id = self._merged[fused_id]
        return fused_id

    def merged(self) -> dict[str, str]:
        """Every fused_id merged away by a bridge -> the current fused_id holding its members."""
        return {old: self.resolve(old) for old in self._merged}

    def get(self, fused_id: str) -> FusedEvent:
        """The fused event ``fused_id`` is (or was merged into)."""
        c = self._clusters[self.resolve(fused_id)]
        if c._snapshot is None:
            c._snapshot = _summarise(c)
        return c._snapshot

    # -- matching ---------------------------------------------------------------------------
    def _probe(self, e: Event, src: Source, borrow_published: bool = True,
               borrowed: tuple[Place, ...] = (), use_date: bool = True) -> _Probe:
        # sorted, so candidate order (and the tie-break between equal scores) does not depend
        # on string hash randomisation: the same input always fuses the same way
        family = type_family(e.type)
        places = e.places
        # the places of the judged happening are the case's, even in a town a court sits in
        # (the Brussels bombings judged in Brussels): only the ruling's own seat is the court
        lent: frozenset[str] = frozenset()
        if borrowed and not any(not is_seat(p) for p in places):
            places = places + tuple(p for p in borrowed if p not in places)
            lent = frozenset(k for p in borrowed for k in place_keys(p))
        keys = frozenset(k for p in places for k in place_keys(p))
        countries = frozenset(e.countries or {p.country for p in places})
        per_place: dict[frozenset[str], tuple[float, float] | None] = {}
        case: set[int] = set()
        for p in places:
            pk = frozenset(place_keys(p))
            if pk and not any(pk & other for other in per_place):
                if family == "ruling" and (not is_seat(p) or pk & lent):
                    case.add(len(per_place))
                per_place[pk] = coords(p)
        day = e.date if use_date else None
        window = date_window(day, src.published if borrow_published else None)
        if (window is not None and day and src.published and day == src.published[:10] and e.field_evidence
                and not any(name == "date" for name, _ev in e.field_evidence)):
            # the extractor's stand-in for a report that names no day (its publication day, no
            # date evidence in the text): an announcement, which may come after custody and the
            # first hearings, so the operation lies in the weeks before it
            window = (window[0] - ANNOUNCED_LOOKBACK, window[1], False)
        # a report with no date of its own for a happening may date it by its dateline: a
        # stated day equal to the publication day is either the happening's day or the
        # publication's, so when it meets nothing the publication week is tried
        fallback = None
        if (family == "attack" and day and len(day) >= 10 and src.published
                and day[:10] == src.published[:10]):
            fallback = date_window(None, src.published)
        return _Probe(e, family, window, keys, countries, count_of(e), tuple(per_place.items()),
                      frozenset(case), tuple(places), fallback, lent)

    def _keys(self, probe: _Probe) -> Iterator[tuple[Any, ...]]:
        """Index keys a cluster holding this event is filed under."""
        f = probe.family
        cells = probe.cells
        for p in probe.place_list:
            yield ("P", f, p)
        for g in cells:
            yield ("G", f, g)
        if probe.window is not None:
            tol = self.day_tolerance
            for m in months_spanned(probe.window[0] - tol, probe.window[1] + tol):
                for p in probe.place_list:
                    yield ("PM", f, p, m)
                for g in cells:
                    yield ("GM", f, g, m)
                for c in probe.country_list:
                    yield ("CM", f, c, m)
                    if not probe.places:  # only placeless clusters can take placed reports
                        yield ("CM0", f, c, m)
            if not probe.places:
                # an undated placeless report has nothing but the country to look a dated
                # placeless fused event up by (one without a count is under no CN key)
                for c in probe.country_list:
                    yield ("DC0", f, c)
        else:
            for p in probe.place_list:
                yield ("UP", f, p)
            for c in probe.country_list:
                yield ("UC", f, c)
        if probe.count is not None:
            for c in probe.country_list:
                yield ("CN", f, c, probe.count)
        for g in probe.event.affiliation:
            for c in probe.country_list:
                yield ("AG", f, c, g)

    def _candidates(self, probe: _Probe) -> Iterable[str]:
        f = probe.family
        found: dict[str, None] = {}
        if probe.window is not None:
            months = months_spanned(probe.window[0] - self.day_tolerance, probe.window[1] + self.day_tolerance)
            near = sorted({n for _, xy in probe.per_place if xy is not None for n in near_cells(xy)})
            for m in months:
                for p in probe.place_list:
                    found.update(self._index.get(("PM", f, p, m), {}))
                for g in near:
                    found.update(self._index.get(("GM", f, g, m), {}))
                # a placed report can only join a cluster that names no place (CM0); a
                # placeless report can join any cluster of the country and month (CM)
                kind = "CM0" if probe.places else "CM"
                for c in probe.country_list:
                    found.update(self._index.get((kind, f, c, m), {}))
            for p in probe.place_list:
                found.update(self._index.get(("UP", f, p), {}))
            if not probe.places:
                for c in probe.country_list:
                    found.update(self._index.get(("UC", f, c), {}))
            return self._current(found)
        # Undated: no time to narrow by, so look at the latest clusters at the same places
        # (or with the same country and count); UNDATED_LOOKUP_CAP bounds a busy city's cost.
        keys = [("P", f, p) for p in probe.place_list]
        if probe.count is not None:
            keys += [("CN", f, c, probe.count) for c in probe.country_list]
        if not probe.places:
            keys += [("UC", f, c) for c in probe.country_list]
            keys += [("DC0", f, c) for c in probe.country_list]
        for k in keys:
            bucket = self._index.get(k)
            if bucket:  # the latest ones (read from the end: no copy of a big bucket)
                latest = list(islice(reversed(bucket), UNDATED_LOOKUP_CAP))
                found.update(dict.fromkeys(reversed(latest)))
        return self._current(found)

    def _current(self, found: dict[str, None]) -> Iterable[str]:
        """Candidate ids with merged-away ones replaced by the fused event that took them in
        (the index keeps filing a merged fused event under its old id: re-filing it would
        mean keeping every cluster's index keys, a third more memory)."""
        if not self._merged:
            return found
        return dict.fromkeys(self.resolve(cid) for cid in found)

    def _score(self, probe: _Probe, c: _Cluster) -> float | None:
        """None when the event cannot be this happening; otherwise how well it fits."""
        if c.family != probe.family:
            return None
        score = 0.0
        dated = probe.window is not None and bool(c.windows)
        if dated:
            assert probe.window is not None
            gaps = [gap_days(probe.window, w) for w in c.windows]
            ok = sum(1 for g in gaps if g <= self.day_tolerance)
            if ok * 2 < len(gaps):
                return None
            explicit = probe.window[2] and any(w[2] for w in c.windows)
            score += (1.0 if explicit else 0.5) - 0.1 * min(gaps)
        if probe.countries and c.countries and not (probe.countries & c.countries):
            return None
        shared_agency = bool(set(probe.event.agencies) & c.agencies)
        shared_group = bool(set(probe.event.affiliation) & c.affiliation)
        # compare with the fused event's majority count: one outlier report must not decide
        agreed = agreed_counts(c.counts)
        # without dates a count is the main thing telling look-alikes apart: arrests must be
        # equal; attack tolls drift between reports, so they keep a tolerance
        share = 0.25 if (dated or probe.family == "attack") else 0.0
        rel = count_rel(probe.count, agreed, share)
        placed = bool(probe.places and c.place_keys)
        court_only = same_court = False
        if placed and probe.family == "ruling":
            # a court's seat is in most of its rulings: only the case's places (the town of
            # the attack or the cell judged) tell two trials apart; when one side names only
            # the seat, the ruling is matched as a placeless one (count, agency and group, day)
            if probe.case_places and c.case_keys:
                cs, cn = probe.shared_places(c, case_only=True)
                if cs + cn == 0:
                    return None  # two cases judged in one court
            else:
                placed, court_only = False, True
        if placed:
            same, near = probe.shared_places(c)
            overlap = same + near
            if overlap == 0:
                return None
            # a neighbouring town alone is weaker than the same town: it needs the dates to
            # agree and a count, agency or armed group in common
            if same == 0 and not (dated and rel >= 0
                                  and (rel == 1 or shared_agency or shared_group)):
                return None
            # the share of the report's places the fused event names: against the report, not
            # the fused event, whose place list grows with every member (and its noise)
            score += overlap / max(1, len(probe.per_place))
            same_place = same > 0
            if same_place and probe.family == "attack" and len(c.counts) > 1:
                # the toll of one attack rises over its days: at the very same place, a toll
                # within the spread its reports give contradicts none of them
                rel = count_rel(probe.count, tuple(sorted(c.counts)), share)
                if rel < 0 and probe.count is not None and probe.count < min(c.counts):
                    rel = 0  # below every report's toll: an early or partial count (one site of several)
            elif (rel < 0 and probe.family == "op" and probe.count in c.counts and shared_agency
                  and same == len(probe.per_place)):
                # one operation in several towns: a report may count only its own town's
                # arrests; a figure a member already gives, told by the same agency at places
                # the fused event names, is such a part, not a look-alike's count
                rel = 0
        else:
            if not (probe.countries & c.countries):
                return None
            # a shared armed group is weak alone ("Islamic State" is in most reports), unless
            # a date already ties the two, or neither side names a place at all
            both_placeless = not probe.places and not c.place_keys
            # a countries-only report of the same day (explicit dates at most a day apart,
            # counts not contradicting) is the same happening told without the town
            same_day = (dated and rel >= 0 and probe.window is not None and probe.window[2]
                        and any(w[2] and gap_days(probe.window, w) <= 1 for w in c.windows))
            # one court with defendant counts that agree (within one: outlets count the
            # accused with or without a minor or a fugitive) is the same trial; the court is
            # named, or its seat is (the report says "in Brussels" for the court there)
            one_court = shared_agency or (court_only and probe.shared_places(c)[0] > 0)
            same_court = (court_only and one_court and rel >= 0 and probe.count is not None
                          and bool(agreed))
            # undated, a shared agency alone is weak too: one national agency (BCIJ, DGSI)
            # handles most of a country's cases; with the same armed group it is two facts
            if (rel != 1 and not same_day and not same_court
                    and not (one_court and (dated or shared_group))
                    and not (shared_group and (dated or both_placeless))):
                return None
            overlap = 0
            same_place = False
        if rel < 0:
            # undated, a different count is what tells look-alikes apart; but an attack's
            # toll is not a fixed fact (it rises over the days, outlets count victims with or
            # without the attackers), so at the very same place it only weighs against
            if not dated and not (probe.family == "attack" and same_place):
                return None
            score -= 0.5
        if (not dated and rel != 1 and not shared_agency and not shared_group and not same_court
                and overlap < 1):
            return None
        score += 0.5 * rel + 0.2 * shared_agency + 0.2 * shared_group
        return score + _size_prior(c)

    def _join(self, cid: str, probe: _Probe, src: Source) -> None:
        c = self._clusters[cid]
        c.absorb(probe.event, src, probe.window, probe.all_places, probe.lent)
        for k in self._keys(probe):
            self._index.setdefault(k, {})[cid] = None

    # -- bridging ---------------------------------------------------------------------------
    def _bridge(self, probe: _Probe, fits: list[str]) -> str:
        """The fused event a report joins when it fits several (``fits``, best first).

        Reports of one happening can start two fused events that meet no rule (one names
        Barcelona, the other Cambrils; one is dated, the other names no place); a later report
        that fits both shows they are one. Each fitting fused event that the report fits
        without a contradicting count and that contradicts none of the ones already taken
        (:func:`~marsad.fusion_bridge.compatible`) is merged in; the oldest fused_id stays.
        """
        if not fits_cleanly(probe, self._clusters[fits[0]]):
            return fits[0]
        taken = [fits[0]]
        for cid in fits[1:]:
            c = self._clusters[cid]
            if fits_cleanly(probe, c) and all(
                    compatible(probe, self._clusters[t], c, self.day_tolerance) for t in taken):
                taken.append(cid)
        if len(taken) == 1:
            return taken[0]
        keep = min(taken, key=lambda t: self._clusters[t].seq)
        for cid in taken:
            if cid != keep:
                self._merge(keep, cid)
        return keep

    def _merge(self, keep: str, gone: str) -> None:
        """Move ``gone``'s members into ``keep``; index entries under ``gone`` now lead to ``keep``."""
        self._clusters[keep].take(self._clusters.pop(gone))
        self._merged[gone] = keep


def _size_prior(c: _Cluster) -> float:
    """Between equally fitting fused events, the one more outlets report is the likelier: a
    small prior growing with its size, never enough to outweigh a shared fact."""
    return 0.05 * math.log2(len(c.sources))


def fuse(items: Iterable[tuple[Event, Source]]) -> list[FusedEvent]:
    """Batch form: fuse ``(event, source)`` pairs in the given order."""
    fuser = Fuser()
    for event, source in items:
        fuser.add(event, source)
    return fuser.fused()


def _summarise(c: _Cluster) -> FusedEvent:
    return FusedEvent(fused_id=c.fused_id, members=tuple(e for e, _ in c.members),
                      sources=tuple(c.sources.values()), **agreed_fields(c.members))


# -- the store-backed entry points live in fusion_store; re-exported for the CLI --------------------
def fuse_store(store: Any) -> list[FusedEvent]:
    """Fuse every event in ``store`` incrementally and return all fused events.

    Events already assigned (table ``fused_members``) are restored to their fused event
    without matching; only events not yet assigned are matched, in order of their document's
    publication date (undated last) and event_id, and their assignment is written back. So a
    second call after ingesting new reports costs the new reports, not the store. Fused events
    are returned in creation order. Raises :class:`~marsad.errors.StoreError` on database errors.
    """
    from .store.fusion_tables import fuse_store as _impl

    return _impl(store)


def fused_records(store: Any) -> Iterator[dict[str, Any]]:
    """One dict per fused event for ``marsad export --format jsonl --fused``.

    Each dict holds the SCHEMA.md event fields (type, date, places, countries, partners,
    agencies, affiliation, arrests, plot, seized, killed, wounded, evidence) plus
    ``fused_id``, ``provenance`` (each evidence quote with doc_id/start/end), ``sources``
    (``[{doc_id, url, published}]``), ``corroboration`` (distinct outlets), ``confidence``
    (0..1) and ``disagreements`` (``[{"field", "values": {value: [doc_id, ...]}}]``).
    Calls :func:`fuse_store` first, so the fusion tables are brought up to date.
    """
    for fe in fuse_store(store):
        yield fe.to_record()
