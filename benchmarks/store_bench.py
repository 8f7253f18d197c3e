"""Write and search speed of the two stores on the dev texts replicated to N documents.

    python benchmarks/store_bench.py [--docs 2000] [--postgres URL]

Extracts each dev text once, then stores N documents (one transaction each, as the pipeline
does) in a temporary SQLite file and in PostgreSQL, and times a few searches. Without --postgres
a throwaway local server is started with tests/pg_server.py (needs Debian's postgresql package).
Prints documents stored per second and the median search time per store.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
QUERIES = ("خلية", "تفكيك خلية", "cellule", "داعش طنجة", "arrested")


def fill(store: Any, items: list[tuple[Any, Any]], n: int) -> float:
    t0 = time.perf_counter()
    for i in range(n):
        doc, result = items[i % len(items)]
        doc_id = f"{doc.doc_id}#{i}"
        events = tuple(replace(e, doc_id=doc_id) for e in result.events)
        stats = tuple(replace(s, doc_id=doc_id) for s in result.statistics)
        store.save_extraction(replace(doc, doc_id=doc_id), replace(result, doc_id=doc_id, events=events,
                                                                    statistics=stats))
    return n / (time.perf_counter() - t0)


def search_ms(store: Any) -> float:
    from marsad.store.sqlite import EventQuery

    times = []
    for q in QUERIES * 3:
        t0 = time.perf_counter()
        store.query_events(EventQuery(text=q, limit=50))
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--postgres", help="URL of an empty database (default: start a throwaway server)")
    args = ap.parse_args()
    from marsad.extract import extract
    from marsad.models import Document
    from marsad.store.postgres import PostgresStore
    from marsad.store.sqlite import SQLiteStore

    base = [json.loads(l) for l in DEV.read_text(encoding="utf-8").splitlines() if l.strip()]
    items = []
    for d in base:
        doc = Document(doc_id=d["doc_id"], text=d["text"], title=d.get("title"), published=d.get("published"))
        items.append((doc, extract(doc)))

    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "bench.db") as lite:
        rate = fill(lite, items, args.docs)
        print(f"sqlite:     {rate:8.0f} docs/s stored, search median {search_ms(lite):6.1f} ms")

    def run_pg(url: str) -> None:
        with PostgresStore(url) as pg:
            rate = fill(pg, items, args.docs)
            print(f"postgresql: {rate:8.0f} docs/s stored, search median {search_ms(pg):6.1f} ms"
                  f"  ({pg.counts()['events']} events)")

    if args.postgres:
        run_pg(args.postgres)
        return
    sys.path.insert(0, str(ROOT))
    from tests.pg_server import Databases, running_server

    with running_server() as server:
        dbs = Databases(server)
        try:
            run_pg(dbs.create())
        finally:
            dbs.close()


if __name__ == "__main__":
    main()
