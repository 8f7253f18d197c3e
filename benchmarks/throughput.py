"""Extraction throughput and peak memory on the dev texts replicated to N documents.

    python benchmarks/throughput.py [--docs 10000]

Prints documents per second (one core, one process), the same in KB/s, the time of
normalising the same texts and running the trigger matcher once over each (the floor any
lexicon-driven extractor pays), the ratio of extraction time to that floor, and peak
resident memory. The dev texts repeat: per-word caches run warm, as on a large corpus, but
so does the fold cache of the repeated-paragraph check, which distinct articles would miss.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=10_000)
    args = ap.parse_args()
    from marsad.clean import detect_language
    from marsad.extract import extract
    from marsad.extract.lexicon import vocabulary
    from marsad.models import Document
    from marsad.text.arabic import normalize

    base = [json.loads(l) for l in DEV.read_text(encoding="utf-8").splitlines() if l.strip()]
    docs = []
    for i in range(args.docs):
        d = base[i % len(base)]
        docs.append(Document(doc_id=f"{d['doc_id']}#{i}", text=d["text"], published=d.get("published"),
                             lang=detect_language(d["text"])))
    total_bytes = sum(len(d.text.encode("utf-8")) for d in docs)
    t0 = time.perf_counter()
    extract(docs[0])  # load lexicons, gazetteer and models outside the timed loop
    warm = time.perf_counter() - t0

    vocab = vocabulary()
    t0 = time.perf_counter()
    for d in docs:
        n = normalize(d.text)
        vocab.triggers.find(n)
    automaton = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = stats = 0
    for d in docs:
        r = extract(d)
        events += len(r.events)
        stats += len(r.statistics)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents            {len(docs)} ({total_bytes / len(docs) / 1024:.1f} KB average)")
    print(f"warm-up (load data)  {warm:.2f} s")
    print(f"extraction           {elapsed:.2f} s  ->  {len(docs) / elapsed:.0f} docs/s, "
          f"{total_bytes / elapsed / 1024:.0f} KB/s")
    print(f"lexicon automaton    {automaton:.2f} s (normalise + one trigger pass)")
    print(f"ratio                {elapsed / automaton:.1f}x the automaton pass")
    print(f"output               {events} events, {stats} statistics")
    print(f"peak RSS             {peak:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
