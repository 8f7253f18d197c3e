"""Statistics reconciliation: one key per figure, and the contradictions put in front.

A statistic is normalised to ``(metric, scope, period)`` with scope = (country, agency,
affiliation) and period = (start, end) as the text gives them. Three checks:

(a) :func:`check_breakdowns`: inside one document, a total and the yearly parts whose
    periods lie inside the total's period (same metric and country; a part's agency and
    affiliation either match the total's or are unstated). Parts summing above the total are
    always inconsistent; parts summing below it are inconsistent only when they cover every
    year of a closed period (otherwise the breakdown is just partial).
(b) :func:`check_conflicts`: the same key with different values from different documents.
    ``at_least`` and ``about`` (10%) figures are compatible with values they admit.
(c) :func:`check_event_counts`: a figure against the events the database holds for the same
    scope and period (fused events, so one operation counts once). A database holding *more*
    events than an exact figure is flagged; fewer is the normal coverage gap and reported.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from .models import Statistic

__all__ = [
    "StatKey", "stat_key", "check_breakdowns", "check_conflicts", "count_events",
    "check_event_counts", "reconcile", "reconcile_store",
]

_INF = 10**9


@dataclass(frozen=True, slots=True)
class StatKey:
    metric: str
    country: str | None
    agency: str | None
    affiliation: str | None
    start: str | None
    end: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric,
                "scope": {"country": self.country, "agency": self.agency, "affiliation": self.affiliation},
                "period": {"start": self.start, "end": self.end}}


def stat_key(s: Statistic) -> StatKey:
    return StatKey(s.metric, s.country, s.agency, s.affiliation, s.start, s.end)


def _bound(value: str | None, last: bool) -> int:
    """Day ordinal of the first (or last) day of a YYYY[-MM[-DD]] value; open bounds are infinite."""
    if not value:
        return _INF if last else -_INF
    try:
        return _calendar_bound(value, last)
    except (ValueError, TypeError):
        return _INF if last else -_INF  # a malformed bound counts as unknown, never as a crash


def _calendar_bound(value: str, last: bool) -> int:
    parts = [int(x) for x in value.split("-")[:3]]
    y = parts[0]
    if len(parts) == 1:
        return date(y, 12, 31).toordinal() if last else date(y, 1, 1).toordinal()
    m = parts[1]
    if len(parts) == 2:
        if not last:
            return date(y, m, 1).toordinal()
        return date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
    return date(y, m, parts[2]).toordinal()


def period(start: str | None, end: str | None) -> tuple[int, int]:
    return _bound(start, False), _bound(end, True)


def _single_year(s: Statistic) -> int | None:
    if s.start and s.end and s.start[:4] == s.end[:4]:
        return int(s.start[:4])
    return None


def _scope_fits(part: Statistic, total: Statistic) -> bool:
    return (part.metric == total.metric and part.country == total.country
            and part.agency in (None, total.agency) and part.affiliation in (None, total.affiliation))


def check_breakdowns(stats: Sequence[Statistic]) -> list[dict[str, Any]]:
    """Totals with yearly parts from the same document: one dict per total that has parts.

    Each dict: ``{"doc_id", "total": Statistic, "parts": [Statistic], "sum", "status"}`` with
    status ``consistent``, ``inconsistent`` (a flag) or ``partial`` (parts do not cover the
    period and stay below the total). Only one part per year is used: the first stated.
    """
    out: list[dict[str, Any]] = []
    by_doc: dict[str, list[Statistic]] = {}
    for s in stats:
        by_doc.setdefault(s.doc_id, []).append(s)
    for doc_id, group in by_doc.items():
        for total in group:
            lo, hi = period(total.start, total.end)
            if _single_year(total) is not None and hi - lo < 400:
                continue  # a one-year figure is a part, not a total
            parts: dict[int, Statistic] = {}
            for p in group:
                year = _single_year(p)
                if p is total or year is None or not _scope_fits(p, total):
                    continue
                plo, phi = period(p.start, p.end)
                if lo <= plo and phi <= hi and year not in parts:
                    parts[year] = p
            if len(parts) < 2:
                continue
            total_sum = sum(p.value for p in parts.values())
            closed = lo > -_INF and hi < _INF
            covered = closed and all(y in parts for y in range(date.fromordinal(lo).year,
                                                               date.fromordinal(hi).year + 1))
            if total_sum == total.value or (
                    total.qualifier == "about" and abs(total_sum - total.value) <= 0.1 * total.value):
                status = "consistent"
            elif total_sum > total.value and total.qualifier != "at_least":
                status = "inconsistent"
            elif total_sum < total.value and covered and total.qualifier == "exact":
                status = "inconsistent"
            else:
                status = "partial"
            out.append({"doc_id": doc_id, "total": total,
                        "parts": [parts[y] for y in sorted(parts)], "sum": total_sum, "status": status})
    return out


def _range(s: Statistic) -> tuple[float, float]:
    if s.qualifier == "at_least":
        return s.value, float("inf")
    if s.qualifier == "at_most":
        return 0, s.value
    if s.qualifier == "about":
        slack = max(1.0, 0.1 * s.value)
        return s.value - slack, s.value + slack
    return s.value, s.value


def _compatible(a: Statistic, b: Statistic) -> bool:
    """Two figures can both be true: their admitted ranges overlap."""
    (alo, ahi), (blo, bhi) = _range(a), _range(b)
    return alo <= bhi and blo <= ahi


def check_conflicts(stats: Sequence[Statistic]) -> list[dict[str, Any]]:
    """Keys stated with incompatible values by different documents.

    One dict per key: ``{"key": StatKey, "values": {"91": [doc_id, ...], "95": [...]}}``.
    """
    by_key: dict[StatKey, list[Statistic]] = {}
    for s in stats:
        by_key.setdefault(stat_key(s), []).append(s)
    out = []
    for key, group in by_key.items():
        clash = any(not _compatible(a, b) for i, a in enumerate(group) for b in group[i + 1:]
                    if a.doc_id != b.doc_id)
        if clash:
            values: dict[str, list[str]] = {}
            for s in group:
                label = str(s.value) if s.qualifier == "exact" else f"{s.qualifier}:{s.value}"
                values.setdefault(label, [])
                if s.doc_id not in values[label]:
                    values[label].append(s.doc_id)
            out.append({"key": key, "values": values})
    return out


class EventLike(Protocol):
    type: str
    date: str | None
    countries: tuple[str, ...]
    agencies: tuple[str, ...]
    affiliation: tuple[str, ...]
    arrests: int | None
    plot: bool


def count_events(key: StatKey, events: Iterable[EventLike]) -> int | None:
    """What the database says for ``key``: None when the metric cannot be counted from events.

    cells_dismantled -> dismantling events; operations -> dismantling + arrest events;
    arrests -> sum of their arrests; plots_foiled -> those with plot; attacks -> attacks.
    An event counts when its date lies inside the period and its countries, agencies and
    affiliation include the key's (an undated event never counts).
    """
    lo, hi = period(key.start, key.end)
    total = 0
    for e in events:
        if not e.date:
            continue
        elo, ehi = period(e.date, e.date)
        if elo < lo or ehi > hi:
            continue
        if key.country and key.country not in e.countries:
            continue
        if key.agency and key.agency not in e.agencies:
            continue
        if key.affiliation and key.affiliation not in e.affiliation:
            continue
        if key.metric == "cells_dismantled" and e.type == "dismantling":
            total += 1
        elif key.metric == "operations" and e.type in ("dismantling", "arrest"):
            total += 1
        elif key.metric == "arrests" and e.type in ("dismantling", "arrest"):
            total += e.arrests or 0
        elif key.metric == "plots_foiled" and e.plot:
            total += 1
        elif key.metric == "attacks" and e.type == "attack":
            total += 1
        elif key.metric not in ("cells_dismantled", "operations", "arrests", "plots_foiled", "attacks"):
            return None
    return total


def check_event_counts(stats: Sequence[Statistic], events: Sequence[EventLike]) -> list[dict[str, Any]]:
    """One dict per distinct key: ``{"key", "figure", "db_count", "status"}``; status is
    ``db_exceeds_figure`` (a flag: the figure undercounts or the store double counts),
    ``matches`` or ``db_below_figure`` (coverage gap, not a contradiction)."""
    out = []
    seen: set[StatKey] = set()
    for s in stats:
        key = stat_key(s)
        if key in seen:
            continue
        seen.add(key)
        n = count_events(key, events)
        if n is None:
            continue
        if n > s.value and s.qualifier in ("exact", "at_most"):
            status = "db_exceeds_figure"
        elif n == s.value:
            status = "matches"
        else:
            status = "db_below_figure"
        out.append({"key": key, "figure": s.value, "db_count": n, "status": status})
    return out


def reconcile(stats: Sequence[Statistic], events: Sequence[EventLike] = (),
              sources: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every figure grouped by key, with its sources and flags (see :func:`reconcile_store`)."""
    sources = sources or {}
    breakdowns = check_breakdowns(stats)
    conflicts = {c["key"]: c for c in check_conflicts(stats)}
    counts = {c["key"]: c for c in check_event_counts(stats, events)}
    flags_of: dict[int, list[dict[str, Any]]] = {}
    for b in breakdowns:
        flag = {"kind": "breakdown", "status": b["status"], "total": b["total"].value, "sum": b["sum"],
                "parts": {str(_single_year(p)): p.value for p in b["parts"]}, "doc_id": b["doc_id"]}
        flags_of.setdefault(id(b["total"]), []).append(flag)
        for p in b["parts"]:
            flags_of.setdefault(id(p), []).append({**flag, "role": "part"})
    out: list[dict[str, Any]] = []
    by_key: dict[StatKey, list[Statistic]] = {}
    for s in stats:
        by_key.setdefault(stat_key(s), []).append(s)
    for key, group in by_key.items():
        flags: list[dict[str, Any]] = []
        for s in group:
            for f in flags_of.get(id(s), []):
                if f not in flags:
                    flags.append(f)
        if key in conflicts:
            flags.append({"kind": "conflicting_values", "values": conflicts[key]["values"]})
        if key in counts:
            c = counts[key]
            flags.append({"kind": "event_count", "status": c["status"], "db_count": c["db_count"],
                          "figure": c["figure"]})
        docs = list(dict.fromkeys(s.doc_id for s in group))
        out.append({
            **key.to_dict(),
            "values": [{"value": s.value, "qualifier": s.qualifier, "doc_id": s.doc_id,
                        "evidence": [e.quote for e in s.evidence]} for s in group],
            "sources": [{"doc_id": d, "url": sources.get(d, {}).get("url"),
                         "published": sources.get(d, {}).get("published")} for d in docs],
            "flags": flags,
            "flagged": any(f.get("status") in ("inconsistent", "db_exceeds_figure")
                           or f["kind"] == "conflicting_values" for f in flags),
        })
    return out


def reconcile_store(store: Any) -> list[dict[str, Any]]:
    """Every statistic in ``store``, reconciled, for ``marsad statistics``.

    One dict per key (metric, scope, period)::

        {"metric", "scope": {"country", "agency", "affiliation"}, "period": {"start", "end"},
         "values": [{"value", "qualifier", "doc_id", "evidence": [quote, ...]}],
         "sources": [{"doc_id", "url", "published"}],
         "flags": [{"kind": "breakdown", "status": "consistent|inconsistent|partial", "total",
                    "sum", "parts": {year: value}, "doc_id"[, "role": "part"]},
                   {"kind": "conflicting_values", "values": {value: [doc_id, ...]}},
                   {"kind": "event_count", "status": "matches|db_below_figure|db_exceeds_figure",
                    "db_count", "figure"}],
         "flagged": bool}   # true for an inconsistent breakdown, a conflict or db_exceeds_figure

    Event counts use the fused events (:func:`marsad.fuse.fuse_store`, which brings the fusion
    tables up to date), so an operation reported by ten outlets counts once.
    """
    from .fuse import fuse_store
    from .models import Evidence

    stats: list[Statistic] = []
    for r in store.query_statistics():
        stats.append(Statistic(
            doc_id=r["doc_id"], metric=r["metric"], value=r["value"], qualifier=r["qualifier"],
            country=r["country"], agency=r["agency"], affiliation=r["affiliation"],
            start=r["period_start"], end=r["period_end"],
            evidence=tuple(Evidence(e["doc_id"], e["start"], e["end"], e["quote"]) for e in r["evidence"]),
        ))
    sources = {r[0]: {"url": r[1], "published": r[2]}
               for r in store.conn.execute("SELECT doc_id, url, published FROM documents")}
    return reconcile(stats, fuse_store(store), sources)
