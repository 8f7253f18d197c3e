"""Throughput of the text helpers on the shared dev texts (prints figures, asserts nothing).

    .venv/bin/python benchmarks/text_bench.py [path/to/dev.jsonl]
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from marsad.text.arabic import normalize
from marsad.text.dates import find_dates
from marsad.text.matcher import Matcher
from marsad.text.numbers import find_numbers

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev.jsonl"


def timed(label: str, fn, docs: list[dict], chars: int, repeat: int) -> None:
    fn(docs[0])  # build caches/automata outside the timing
    t0 = time.perf_counter()
    for _ in range(repeat):
        for d in docs:
            fn(d)
    dt = time.perf_counter() - t0
    n = len(docs) * repeat
    print(f"{label:<28} {n / dt:9.0f} docs/s  {chars * repeat / dt / 1e6:7.2f} M chars/s  "
          f"{dt / n * 1e3:7.3f} ms/doc  {dt / (chars * repeat) * 4096 * 1e3:7.3f} ms/4KB")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    chars = sum(len(d["text"]) for d in docs)
    print(f"{len(docs)} docs, {chars} chars from {path}")
    repeat = 20
    timed("normalize", lambda d: normalize(d["text"]), docs, chars, repeat)
    timed("find_numbers", lambda d: find_numbers(d["text"], d["lang"]), docs, chars, repeat)
    timed("find_dates", lambda d: find_dates(d["text"], d["lang"], d.get("published")), docs, chars, repeat)
    names = ["تطوان", "المحمدية", "الدار البيضاء", "سلا", "فاس", "طنجة", "الناظور", "Tetuán",
             "Casablanca", "Madrid", "Ceuta", "Melilla", "سبتة", "مليلية", "خلية", "داعش"]
    matcher = Matcher((n, n) for n in names)
    timed("Matcher.find (16 names)", lambda d: matcher.find(d["text"]), docs, chars, repeat)

    def all_three(d: dict) -> None:
        n = normalize(d["text"])
        find_numbers(n, d["lang"])
        find_dates(n, d["lang"], d.get("published"))
        matcher.find(n)

    timed("shared NormText, all three", all_three, docs, chars, repeat)


if __name__ == "__main__":
    main()
