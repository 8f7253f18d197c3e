"""Statistics reconciliation on invented figures."""
from __future__ import annotations

from marsad.models import Document, Event, Extraction, Statistic
from marsad.reconcile import (check_breakdowns, check_conflicts, check_event_counts, reconcile,
                              reconcile_store, stat_key)
from marsad.store.sqlite import SQLiteStore

PARTS = [21, 19, 9, 11, 14, 8, 4, 2, 3]  # 2015..2023


def breakdown(doc: str, total: int, parts: list[int]) -> list[Statistic]:
    out = [Statistic(doc, "cells_dismantled", total, country="MA", start="2015", end="2023")]
    out += [Statistic(doc, "cells_dismantled", v, country="MA", start=str(2015 + i), end=str(2015 + i))
            for i, v in enumerate(parts)]
    return out


def test_breakdown_summing_to_total_is_consistent() -> None:
    (b,) = check_breakdowns(breakdown("d1", 91, PARTS))
    assert b["sum"] == 91 and b["status"] == "consistent" and len(b["parts"]) == 9


def test_wrong_breakdown_is_flagged() -> None:
    (b,) = check_breakdowns(breakdown("d1", 95, PARTS))
    assert b["status"] == "inconsistent"
    (b2,) = check_breakdowns(breakdown("d1", 80, PARTS))  # parts above the total
    assert b2["status"] == "inconsistent"


def test_partial_breakdown_of_open_period_is_not_flagged() -> None:
    stats = [Statistic("d", "cells_dismantled", 200, "at_least", country="MA", start="2002")]
    stats += [Statistic("d", "cells_dismantled", v, country="MA", start=y, end=y)
              for y, v in (("2019", 14), ("2020", 8))]
    (b,) = check_breakdowns(stats)
    assert b["status"] == "partial"


def test_parts_from_another_document_do_not_count() -> None:
    stats = breakdown("d1", 91, [])[:1] + breakdown("d2", 0, PARTS)[1:]
    assert check_breakdowns(stats) == []


def test_conflicting_values_across_sources() -> None:
    a = Statistic("d1", "cells_dismantled", 91, country="MA", start="2015", end="2023")
    b = Statistic("d2", "cells_dismantled", 95, country="MA", start="2015", end="2023")
    c = Statistic("d3", "cells_dismantled", 90, "at_least", country="MA", start="2015", end="2023")
    (conflict,) = check_conflicts([a, b, c])
    assert conflict["values"]["91"] == ["d1"] and conflict["values"]["95"] == ["d2"]
    assert check_conflicts([a, c]) == []  # "at least 90" admits 91


def test_figure_vs_events_in_database() -> None:
    s = Statistic("d1", "cells_dismantled", 1, country="MA", start="2020", end="2020")
    events = [Event("e1", "dismantling", "2020-03-01", countries=("MA",)),
              Event("e2", "dismantling", "2020-06-01", countries=("MA",)),
              Event("e3", "dismantling", "2021-06-01", countries=("MA",)),
              Event("e4", "arrest", "2020-06-01", countries=("MA",))]
    (c,) = check_event_counts([s], events)
    assert c["db_count"] == 2 and c["status"] == "db_exceeds_figure"
    arrests = Statistic("d1", "arrests", 7, country="MA", start="2020", end="2020")
    (c2,) = check_event_counts([arrests], [Event("e", "arrest", "2020-01-02", countries=("MA",), arrests=7)])
    assert c2["status"] == "matches"


def test_reconcile_groups_by_key_with_flags() -> None:
    stats = breakdown("d1", 91, PARTS) + [Statistic("d2", "cells_dismantled", 95, country="MA",
                                                    start="2015", end="2023")]
    out = reconcile(stats)
    total = next(r for r in out if r["period"] == {"start": "2015", "end": "2023"})
    assert {v["value"] for v in total["values"]} == {91, 95}
    kinds = {f["kind"] for f in total["flags"]}
    assert {"breakdown", "conflicting_values"} <= kinds and total["flagged"]
    assert stat_key(stats[0]).metric == "cells_dismantled"


def test_reconcile_store(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "m.db")
    doc = Document(doc_id="d1", text="Invented bulletin with figures.", url="https://x.example/1",
                   published="2024-01-01")
    store.save_extraction(doc, Extraction("d1", "en", (), tuple(breakdown("d1", 91, PARTS))))
    out = reconcile_store(store)
    assert len(out) == 10
    total = next(r for r in out if r["period"]["start"] == "2015" and r["period"]["end"] == "2023")
    assert total["sources"] == [{"doc_id": "d1", "url": "https://x.example/1", "published": "2024-01-01"}]
    assert any(f["kind"] == "breakdown" and f["status"] == "consistent" for f in total["flags"])
    assert not total["flagged"]
    store.close()
