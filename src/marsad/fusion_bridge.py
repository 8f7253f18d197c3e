"""When a report that fits two fused events may bridge them into one (see
:meth:`marsad.fuse.Fuser.add_document`): the report must fit each without a contradicting count,
and the two fused events must be able to be one happening. Pure functions over the fuser's
matching state; :mod:`marsad.fuse` calls them."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .fusekit import PUBLISHED_LOOKBACK, agreed_counts, count_rel, counts_relation, gap_days

if TYPE_CHECKING:
    from .fuse import _Cluster, _Probe


def fits_cleanly(probe: _Probe, c: _Cluster) -> bool:
    """The report's count does not contradict the fused event's (an attack's toll at the
    very same place excepted: it rises over the days), so it can vouch for a bridge."""
    share = 0.25 if (probe.window is not None and c.windows) or probe.family == "attack" else 0.0
    if count_rel(probe.count, agreed_counts(c.counts), share) >= 0:
        return True
    return probe.family == "attack" and probe.shared_places(c)[0] > 0

def compatible(probe: _Probe, a: _Cluster, b: _Cluster, day_tolerance: int) -> bool:
    """Can fused events ``a`` and ``b``, both fitting ``probe``, be one happening?

    They were kept apart until now, so the bar is higher than for one report joining:

    * no contradiction: countries overlap; dates agree by the majority rule of
      ``Fuser._score``, over the most precise dates both sides give (stated days, else
      days and publication weeks: a month-only date overlaps every look-alike of its month);
      agreed counts do not clearly differ, nor do the counts inside either side (such a
      fused event may already hold two look-alikes);
    * places: the same place named on both sides, or the bridging report names a place
      of each (one names Barcelona, the other Cambrils) -- a nearby town is not enough
      here; a side without places needs the same count;
    * undated (one side has no date at all): the same count, or a shared place with the
      same agency or armed group -- a national agency or "Islamic State" alone is in most
      reports of a country and would chain its look-alikes together;
    * attacks at the very same place whose dates agree are one happening whatever their
      tolls (a multi-day attack's toll rises from report to report);
    * two countries are a contradiction, except for a joint police operation: a dated
      report naming a town on each side bridges them.
    """
    if a.family != b.family:
        return False
    dated = bool(a.windows) and bool(b.windows)
    if a.countries and b.countries and not (a.countries & b.countries):
        # two countries: only a joint police operation (a Moroccan and a Spanish force
        # on one day), told by a dated report naming a town on each side, joins them;
        # attacks on one day in two countries are two happenings
        if not (a.family == "op" and dated and probe.window is not None
                and probe.shared_places(a)[0] and probe.shared_places(b)[0]):
            return False
    if dated:
        # compare the most precise dates both sides have: stated days, else days and
        # publication weeks; a month-only date overlaps every look-alike of its month
        pairs: list[tuple[tuple[int, int, bool], tuple[int, int, bool]]] = []
        for precise in (lambda w: w[2] and w[0] == w[1], lambda w: w[1] - w[0] <= PUBLISHED_LOOKBACK,
                        lambda w: True):
            xs, ys = [w for w in a.windows if precise(w)], [w for w in b.windows if precise(w)]
            if xs and ys:
                pairs = [(x, y) for x in xs for y in ys]
                break
        if sum(1 for x, y in pairs if gap_days(x, y) <= day_tolerance) * 2 < len(pairs):
            return False
    # an attack's toll is not a fixed fact: it rises over the days of a multi-day attack
    # (and outlets count with or without the attackers), so two attacks at the very same
    # place whose dates agree are not told apart by their tolls
    same_site = a.family == "attack" and dated and any(k in a.place_keys for k in b.place_keys)
    # a fused event whose members clearly disagree on the count may already hold two
    # look-alikes; bridging would chain a third to them
    if not same_site and any(c.counts and counts_relation(min(c.counts), max(c.counts)) < 0
                             for c in (a, b)):
        return False
    share = 0.25 if (dated or a.family == "attack") else 0.0
    agreed_a, agreed_b = agreed_counts(a.counts), agreed_counts(b.counts)
    rel = max((count_rel(n, agreed_a, share) for n in agreed_b), default=0) if agreed_a else 0
    if rel < 0 and not same_site:
        return False
    shared = False
    # rulings: a court's seat is no evidence (see _score), only the case's places are
    case = a.family == "ruling"
    keys_a, keys_b = (a.case_keys, b.case_keys) if case else (a.place_keys, b.place_keys)
    kin = bool(a.agencies & b.agencies or a.affiliation & b.affiliation)
    if keys_a and keys_b:
        shared = any(k in keys_a for k in keys_b)
        if not shared and not (probe.shared_places(a, case)[0] and probe.shared_places(b, case)[0]):
            return False
    elif rel != 1:
        # one side names the town and gives no count, the other gives the count and no
        # town: a report naming that town and giving that count, with an agency or armed
        # group both sides share, vouches that they are one operation
        placed, counted = (a, b) if keys_a else (b, a)
        return (bool(keys_a or keys_b) and kin and not agreed_counts(placed.counts)
                and bool(agreed_counts(counted.counts)) and probe.shared_places(placed, case)[0] > 0
                and count_rel(probe.count, agreed_counts(counted.counts), share) == 1)
    if not dated:
        return rel == 1 or (shared and kin)
    return True
