"""Small pure helpers of event fusion: type families, outlets, date windows, place keys and
distances, and how two counts relate. :mod:`marsad.fuse` (the incremental fuser) and
:mod:`marsad.fusion_choice` (a report's main event, agreement between sources) build on them."""
from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from .models import Event, Place
from .text.arabic import fold

PUBLISHED_LOOKBACK = 7  # a report with no event date describes the week before publication
_CELL_DEG = 0.5  # geo index cell; a probe looks at the 3x3 cells around it (>= 30 km up to ~57 deg)
_FAMILY = {"dismantling": "op", "arrest": "op", "court_ruling": "ruling", "attack": "attack"}


def type_family(event_type: str) -> str:
    return _FAMILY.get(event_type, event_type)


def outlet(doc_id: str, url: str | None) -> str:
    """The outlet behind a report: the URL's host without ``www.``, else the doc_id's stem.

    ``ar-hespress-3`` -> ``ar-hespress`` (a trailing number is the outlet's n-th article).
    """
    if url:
        host = urlsplit(url).hostname or ""
        if host:
            return host[4:] if host.startswith("www.") else host
    stem, _, tail = doc_id.rpartition("-")
    return stem if stem and tail.isdigit() else doc_id


def parse_span(value: str | None) -> tuple[int, int] | None:
    """``YYYY[-MM[-DD]]`` -> (first, last) day ordinals; None when absent or malformed."""
    if not value:
        return None
    parts = value.split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1:
            return date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
        m = int(parts[1])
        if len(parts) == 2:
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1).toordinal(), nxt.toordinal() - 1
        d = date(y, m, int(parts[2][:2])).toordinal()
        return d, d
    except (ValueError, IndexError):
        return None


def date_window(event_date: str | None, published: str | None) -> tuple[int, int, bool] | None:
    """(first day, last day, explicit) the event may have happened on, or None if unknown."""
    win = parse_span(event_date)
    if win is not None:
        return win[0], win[1], True
    pub = parse_span(published)
    if pub is not None:
        return pub[0] - PUBLISHED_LOOKBACK, pub[1], False
    return None


def gap_days(a: tuple[int, int, bool], b: tuple[int, int, bool]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


KEY_RE = re.compile(r"[^0-9a-z\u0600-\u06ff]+")


@lru_cache(maxsize=65536)
def place_keys(p: Place) -> tuple[str, ...]:
    """Keys two mentions of one place share: folded name letters, and the geonames_id."""
    keys = [KEY_RE.sub("", fold(p.name))]
    if p.geonames_id is not None:
        keys.append(f"g{p.geonames_id}")
    return tuple(k for k in keys if k)


@lru_cache(maxsize=1)
def court_seats() -> frozenset[str]:
    """Folded names of the towns a court sits in (agencies lexicon, column ``seat``).

    The extractor names a ruling's court seat among its places ("a ruling there happened
    there"), but one court hears every case of a country (Sale: every Moroccan terrorism
    trial), so a shared seat says "same court", not "same case": it weighs like a shared
    agency, not like a shared place."""
    from .lexicons import load

    rows = load("lexicons/agencies").rows
    return frozenset(KEY_RE.sub("", fold(r["seat"])) for r in rows
                     if r.get("kind") == "court" and r.get("seat"))


def is_seat(p: Place) -> bool:
    keys = place_keys(p)
    return bool(keys) and keys[0] in court_seats()


def coords(p: Place) -> tuple[float, float] | None:
    if p.lat is None or p.lon is None:
        return None
    return float(p.lat), float(p.lon)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def grid_cell(c: tuple[float, float]) -> tuple[int, int]:
    return math.floor(c[0] / _CELL_DEG), math.floor(c[1] / _CELL_DEG)


def near_cells(c: tuple[float, float]) -> list[tuple[int, int]]:
    y, x = grid_cell(c)
    return [(y + dy, x + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def counts_relation(a: int | None, b: int | None, share: float = 0.25) -> int:
    """+1 equal, 0 unknown or close, -1 clearly different."""
    if a is None or b is None:
        return 0
    if a == b:
        return 1
    if abs(a - b) <= max(1, share * max(a, b)):
        return 0
    return -1


def agreed_counts(counts: Counter[int]) -> tuple[int, ...]:
    """The count most members give; when members split evenly, every figure they give (no
    figure is agreed, so any figure within their range contradicts none; see count_rel)."""
    if not counts:
        return ()
    best = max(counts.values())
    top = [n for n, k in counts.items() if k == best]
    return (top[0],) if len(top) == 1 else tuple(sorted(counts))


def count_rel(n: int | None, agreed: tuple[int, ...], share: float) -> int:
    """counts_relation against the fused event's agreed figure, or against the spread of
    its figures when they split evenly: inside the spread is "unknown" (0)."""
    if n is None or not agreed:
        return 0
    if len(agreed) > 1 and agreed[0] <= n <= agreed[-1]:
        return 1 if n in agreed else 0
    return max(counts_relation(n, a, share) for a in agreed)


def count_of(e: Event) -> int | None:
    return e.killed if e.type == "attack" else e.arrests


def months_spanned(lo: int, hi: int) -> list[tuple[int, int]]:
    a, b = date.fromordinal(max(1, lo)), date.fromordinal(hi)
    out, y, m = [], a.year, a.month
    while (y, m) <= (b.year, b.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
