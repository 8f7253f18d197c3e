"""Fusion throughput: synthesise N event reports and fuse them on one core.

    .venv/bin/python benchmarks/fusion_bench.py [--events 100000] [--seed 7]

The synthetic world: ~3,000 places with coordinates in 4 countries with Zipf-like
popularity (a few big cities take most reports), happenings spread over 2010-2025 with a realistic type mix
(arrests and dismantlings most, then rulings, few attacks); each happening is reported by
1-12 outlets (geometric), a day or two apart, some with a month-only date, some with no date
(publication date only), some with no place, and 1 in 10 with an arrest count off by one.
Prints the fusion time (``Fuser.add`` for every report), the time to build every fused
event's summary, fused events against true happenings with purity (share of reports whose
fused event is mostly their own happening), and peak RSS (``--trace-memory`` adds the
tracemalloc peak of a second run).
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from marsad.fuse import Fuser, Source  # noqa: E402
from marsad.models import Event, Place  # noqa: E402

COUNTRIES = ("MA", "ES", "FR", "BE")
TYPES = (("arrest", 0.4), ("dismantling", 0.35), ("court_ruling", 0.17), ("attack", 0.08))
AGENCIES = {"MA": ("BCIJ", "DGST"), "ES": ("Policía Nacional", "Guardia Civil"),
            "FR": ("DGSI",), "BE": ("Belgian Federal Police",)}
GROUPS = ("Islamic State", "Al-Qaeda", "AQIM", "JNIM")


def synthesise(n_events: int, seed: int) -> list[tuple[Event, Source]]:
    rng = random.Random(seed)
    # each country a 6 x 6 degree box of 750 towns (~25 km apart on average), so the
    # nearby-town rule (NEAR_KM) is exercised and can pull in look-alikes from neighbours
    places = [Place(f"Town{i:04d}", COUNTRIES[i % 4], 100000 + i,
                    30 + 8 * (i % 4) + rng.random() * 6, -8 + 6 * (i % 4) + rng.random() * 6)
              for i in range(3000)]
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(places))]
    start, span = date(2010, 1, 1).toordinal(), (date(2025, 12, 31) - date(2010, 1, 1)).days
    types, tw = zip(*TYPES)
    out: list[tuple[Event, Source]] = []
    happening = 0
    while len(out) < n_events:
        happening += 1
        day = date.fromordinal(start + rng.randrange(span))
        etype = rng.choices(types, tw)[0]
        where = rng.choices(places, weights, k=rng.choice((1, 1, 1, 2, 3)))
        country = where[0].country
        arrests = None if etype == "attack" else rng.randint(1, 15)
        killed = rng.randint(0, 20) if etype == "attack" else None
        agency = rng.choice(AGENCIES[country])
        group = rng.choice(GROUPS)
        n_reports = min(12, 1 + int(rng.expovariate(0.45)))
        for r in range(n_reports):
            published = day + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
            roll = rng.random()
            ev_date: str | None = day.isoformat()
            if roll < 0.15:
                ev_date = None  # the report gives no date: the publication date stands in
            elif roll < 0.25:
                ev_date = day.strftime("%Y-%m")
            count = arrests
            if count is not None and rng.random() < 0.1:
                count = max(1, count + rng.choice((-1, 1)))
            shown = () if rng.random() < 0.1 else tuple(where)
            doc_id = f"h{happening}-r{r}"
            e = Event(doc_id=doc_id, type=etype if etype not in ("arrest", "dismantling")
                      else rng.choice(("arrest", "dismantling")), date=ev_date, places=shown,
                      countries=(country,), agencies=(agency,) if rng.random() < 0.7 else (),
                      affiliation=(group,) if rng.random() < 0.6 else (), arrests=count, killed=killed)
            src = Source(doc_id, f"https://outlet{rng.randrange(400)}.example/{doc_id}",
                         None if rng.random() < 0.05 else published.isoformat())
            out.append((e, src))
    out = out[:n_events]
    rng.shuffle(out)  # reports arrive out of order
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--trace-memory", action="store_true", help="also measure with tracemalloc")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    items = synthesise(args.events, args.seed)
    happenings = len({e.doc_id.split("-")[0] for e, _ in items})
    print(f"synthesised {len(items):,} events from {happenings:,} happenings "
          f"in {time.perf_counter() - t0:.1f}s")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    fuser = Fuser()
    truth: dict[str, str] = {}
    for e, s in items:
        truth[e.doc_id] = fuser.add(e, s)
    t_fuse = time.perf_counter() - t0
    t0 = time.perf_counter()
    fused = fuser.fused()
    t_sum = time.perf_counter() - t0
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.trace_memory:  # a second, traced run: tracemalloc slows Python code ~2x
        tracemalloc.start()
        traced = Fuser()
        for e, s in items:
            traced.add(e, s)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak traced Python allocations of fusion: {peak / 2**20:.0f} MiB")
    # purity: share of events whose fused event is mostly their own happening
    by_fused: dict[str, list[str]] = {}
    merged = fuser.merged()  # ids a later report bridged into an older fused event
    print(f"bridges: {len(merged):,} fused events merged into older ones")
    for doc_id, fid in truth.items():
        fid = merged.get(fid, fid)
        by_fused.setdefault(fid, []).append(doc_id.split("-")[0])
    pure = sum(max(hs.count(h) for h in set(hs)) for hs in by_fused.values()) / len(truth)
    print(f"fused in {t_fuse:.1f}s ({len(items) / t_fuse:,.0f} events/s), summaries in {t_sum:.1f}s")
    print(f"fused events: {len(fused):,} (true happenings {happenings:,}); purity {pure:.3f}")
    print(f"peak RSS of the process: {rss_after / 1024:.0f} MiB "
          f"({rss_before / 1024:.0f} MiB before fusion, input events included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
