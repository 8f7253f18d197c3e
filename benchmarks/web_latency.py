"""Latency of the workbench's busiest endpoints on a database of 100,000 events.

Fills a temporary SQLite database with synthetic documents and events (bulk insert, invented
words), then times requests in process through FastAPI's TestClient (so the figures include
routing, auth, SQL and JSON/HTML rendering, but no network) and prints p50/p95 per endpoint.

    .venv/bin/python benchmarks/web_latency.py [--events 100000] [--requests 200]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from marsad.store.auth import AuthStore
from marsad.store.sqlite import SQLiteStore
from marsad.text.arabic import fold
from marsad.web.app import create_app

TYPES = ("dismantling", "arrest", "court_ruling", "attack")
COUNTRIES = ("MA", "DZ", "TN", "ES", "FR", "EG", "IQ", "ML", "NE", "LY")
PLACES = [("Tetouan", "MA", 35.57, -5.37), ("Fes", "MA", 34.03, -5.0), ("Oran", "DZ", 35.7, -0.63),
          ("Sousse", "TN", 35.83, 10.64), ("Ceuta", "ES", 35.89, -5.32), ("Lyon", "FR", 45.76, 4.83),
          ("Mosul", "IQ", 36.34, 43.13), ("Gao", "ML", 16.27, -0.04), ("Agadez", "NE", 16.97, 7.99)]
GROUPS = ("Islamic State", "AQIM", "JNIM", "Boko Haram", "")
AGENCIES = ("BCIJ", "DGSN", "Guardia Civil", "DGSI", "National Guard")
LATIN = ("police", "cell", "suspects", "arrested", "operation", "investigation", "weapons", "network", "province",
         "court", "sentenced", "security", "services", "dismantled", "recruitment", "propaganda", "border")
ARABIC = ("الشرطة", "خلية", "المشتبه", "توقيف", "عملية", "تحقيق", "أسلحة", "شبكة", "إقليم", "محكمة",
          "الأمن", "تفكيك", "تجنيد", "الحدود", "إرهابية")


def fill(path: str, n_events: int, per_doc: int = 5, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = SQLiteStore(path)
    now = "2025-01-01T00:00:00+00:00"
    n_docs = n_events // per_doc
    docs, fts, events, evidence = [], [], [], []
    event_id = 0
    for d in range(n_docs):
        arabic = d % 2 == 0
        words = [rng.choice(ARABIC if arabic else LATIN) for _ in range(60)] + [f"w{d}"]
        text = " ".join(words)
        doc_id = f"bench-{d:06d}"
        year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year:04d}-{month:02d}-{day:02d}"
        docs.append((doc_id, None, f"doc {d}", date, "ar" if arabic else "en", "bench", text, now, now))
        fts.append((doc_id, f"doc {d}", fold(text)))
        for _ in range(per_doc):
            event_id += 1
            name, cc, lat, lon = rng.choice(PLACES)
            group = rng.choice(GROUPS)
            events.append((event_id, doc_id, rng.choice(TYPES), date, rng.randint(0, 12), 0, None, None,
                           json.dumps([{"name": name, "country": cc, "lat": lat, "lon": lon}]),
                           json.dumps([cc]), "[]", json.dumps([rng.choice(AGENCIES)]),
                           json.dumps([group] if group else []), "[]", "pending", now))
            start = rng.randint(0, len(text) - 40)
            evidence.append(("event", event_id, "event", doc_id, start, start + 30, text[start:start + 30]))
    with store.transaction() as c:
        c.executemany("INSERT INTO documents (doc_id, url, title, published, lang, source, text, ingested_at,"
                      " extracted_at) VALUES (?,?,?,?,?,?,?,?,?)", docs)
        c.executemany("INSERT INTO documents_fts (doc_id, title, body) VALUES (?,?,?)", fts)
        c.executemany("INSERT INTO events (event_id, doc_id, type, date, arrests, plot, killed, wounded, places,"
                      " countries, partners, agencies, affiliation, seized, review_status, created_at)"
                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", events)
        c.executemany("INSERT INTO evidence (owner_kind, owner_id, field, doc_id, start, end, quote)"
                      " VALUES (?,?,?,?,?,?,?)", evidence)
    AuthStore(store.conn).add_user("bench", "bench-password", "analyst")
    store.conn.execute("ANALYZE")
    store.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200, help="Requests per endpoint.")
    args = ap.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        fill(db, args.events)
        print(f"filled {args.events:,} events in {time.perf_counter() - t0:.1f} s")
        client = TestClient(create_app(db))
        assert client.post("/api/login", json={"username": "bench", "password": "bench-password"}).status_code == 200
        n = args.events
        cases = {
            "GET /api/events (page 1)": lambda: "/api/events?limit=50",
            "GET /api/events (deep page)": lambda: f"/api/events?limit=50&offset={rng.randint(0, n - 50)}",
            "GET /api/events ?type&country": lambda: f"/api/events?type={rng.choice(TYPES)}&country={rng.choice(COUNTRIES)}",
            "GET /api/events ?status=pending": lambda: "/api/events?status=pending",
            "GET /api/events ?place&date": lambda: f"/api/events?place={rng.choice(PLACES)[0]}&date_from=2020&date_to=2021",
            "GET /api/events ?q (latin)": lambda: f"/api/events?q=w{rng.randrange(n // 5)}",
            "GET /api/events ?q (arabic, common)": lambda: "/api/events?q=" + rng.choice(ARABIC),
            "GET /api/search ?q (rare)": lambda: f"/api/search?q=w{rng.randrange(n // 5)}",
            "GET /api/search ?q (common)": lambda: "/api/search?q=" + rng.choice(LATIN),
            "GET /api/events/{id}": lambda: f"/api/events/{rng.randint(1, n)}",
            "GET /events (HTML list)": lambda: "/events",
            "GET /events/{id} (HTML detail)": lambda: f"/events/{rng.randint(1, n)}",
        }
        print(f"{'endpoint':40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, make in cases.items():
            for _ in range(5):  # warm the page cache and the connection pool
                client.get(make())
            times = []
            for _ in range(args.requests):
                url = make()
                t = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    print(f"{name}: {url} -> {r.status_code} {r.text[:200]}", file=sys.stderr)
                    return 1
            print(f"{name:40} {statistics.median(times):8.1f} {pct(times, 0.95):8.1f} {max(times):8.1f}")
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
