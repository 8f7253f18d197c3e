"""Gazetteer figures: build time, size on disk, load time, memory, and matching speed
(docs/s for the extractor's combined call ``Gazetteer.find``).

    .venv/bin/python benchmarks/gazetteer_bench.py
"""
from __future__ import annotations

import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Callable

from marsad.gazetteer import build_gazetteer, read_artefact
from marsad.geocode import Gazetteer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(runs: int, job: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings of ``job``, in seconds."""
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        path = build_gazetteer(Path(tmp) / "gazetteer.pkl")
        print(f"build: {time.perf_counter() - t:.1f} s, {path.stat().st_size / 1e6:.1f} MB on disk "
              f"(peak RSS during build {rss_mb():.0f} MB)")
        t = time.perf_counter()
        data = read_artefact(str(path))
        gaz = Gazetteer(data)
        print(f"load: {time.perf_counter() - t:.3f} s; {len(data['places'])} places, "
              f"{len(data['index'])} name keys, {len(data['countries'])} country terms")
    docs: list[tuple[str, str | None]] = []
    for name in ("corpus/news.jsonl", "eval/dev.jsonl"):
        f = SHARED / name
        if f.is_file():
            for line in f.open(encoding="utf-8"):
                doc = json.loads(line)
                docs.append((doc["text"], doc.get("lang")))
    if not docs:
        print("no ../shared texts; skipping speed figures")
        return
    texts = [x for x, _ in docs]
    chars = sum(map(len, texts))
    print(f"speed over {len(docs)} documents, {chars / len(docs) / 1000:.1f} K characters on average:")
    t = time.perf_counter()
    for x, lang in docs:  # the first pass also fills the per-token cache
        gaz.find(x, lang)
    dt = time.perf_counter() - t
    print(f"  find, first pass: {len(docs) / dt:.0f} docs/s")
    dt = best_of(3, lambda: [gaz.find(x, lang) for x, lang in docs])
    found = sum(len(p) + len(c) for p, c in (gaz.find(x, lang) for x, lang in docs))
    print(f"  find (places + countries, one pass): {len(docs) / dt:.0f} docs/s, "
          f"{dt / len(docs) * 1000:.2f} ms/doc, {chars / dt / 1e6:.2f} MB/s, {found} mentions")
    dt = best_of(3, lambda: [(gaz.find_places(x, lang), gaz.find_countries(x, lang)) for x, lang in docs])
    print(f"  find_places + find_countries called separately: {len(docs) / dt:.0f} docs/s")
    dt = best_of(3, lambda: [gaz.find_places(x) for x in texts])
    print(f"  find_places alone: {len(docs) / dt:.0f} docs/s, {chars / dt / 1e6:.2f} MB/s")
    names = ["بتطوان", "والفنيدق", "Tánger", "Alhucemas", "للدار البيضاء", "سبتة", "Molenbeek", "تمنراست"] * 500
    t = time.perf_counter()
    for n in names:
        gaz.resolve(n)
    print(f"single look-ups: {len(names) / (time.perf_counter() - t):.0f} per s")


if __name__ == "__main__":
    main()
