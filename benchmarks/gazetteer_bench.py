"""Gazetteer figures: build time, size on disk, load time, memory, and matching speed.

    .venv/bin/python benchmarks/gazetteer_bench.py
"""
from __future__ import annotations

import json
import resource
import tempfile
import time
from pathlib import Path

from marsad.gazetteer import build_gazetteer, read_artefact
from marsad.geocode import Gazetteer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    texts = []
    for name in ("corpus/news.jsonl", "eval/dev.jsonl"):
        f = SHARED / name
        if f.is_file():
            texts += [json.loads(line)["text"] for line in f.open(encoding="utf-8")]
    if not texts:
        print("no ../shared texts; skipping speed figures")
        return
    chars = sum(map(len, texts))
    t = time.perf_counter()
    found = sum(len(gaz.find_places(x)) for x in texts)
    dt = time.perf_counter() - t
    print(f"find_places: {len(texts) / dt:.0f} docs/s, {chars / dt / 1e6:.2f} MB/s, {found} places")
    names = ["بتطوان", "والفنيدق", "Tánger", "Alhucemas", "للدار البيضاء", "سبتة", "Molenbeek", "تمنراست"] * 500
    t = time.perf_counter()
    for n in names:
        gaz.resolve(n)
    print(f"single look-ups: {len(names) / (time.perf_counter() - t):.0f} per s")


if __name__ == "__main__":
    main()
