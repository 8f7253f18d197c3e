"""How far two annotators agree on held-out documents, beside the extractor on the same ones.

    python eval/agreement.py [--json]

A second annotator re-annotated 60 held-out documents (20 drawn at random from each held-out
part: batch 2, the odd halves of batches 1 and 3) blind, from SCHEMA.md and ANNOTATION.md
alone: `agreement/second_annotator_{1,2}.jsonl`, 30 documents each. Scoring the second
annotation against our gold with the same scorer gives the agreement two careful readers reach
by our conventions; the extractor's figures on the same documents show how much of the
held-out gap is the extractor and how much is what annotators disagree on. ANNOTATION.md names
some of these documents with a decision, which the second annotator read, so figures are given
for all 60 and for the documents the guide does not name.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from marsad import evaluate as ev  # noqa: E402

FIELDS = ("event", "slot", "statistic", "places", "date", "arrests", "killed", "affiliation")
GOLD = ("corpus_gold.jsonl", "corpus_gold_2.jsonl", "corpus_gold_3.jsonl")


def figures(gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    """F1 per field; None for a field neither side has any value of (no F1 to speak of)."""
    table = ev.score(gold, pred).table()
    return {k: (round(float(table[k]["f1"]), 3) if table[k]["tp"] or table[k]["fp"] or table[k]["fn"] else None)
            for k in FIELDS}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    corpus = SHARED / "corpus" / "news.jsonl"
    if not corpus.exists():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
    gold_all: dict[str, dict[str, Any]] = {}
    for name in GOLD:
        gold_all.update(ev.load_records(ROOT / "eval" / name))
    second: dict[str, dict[str, Any]] = {}
    for path in sorted((ROOT / "eval" / "agreement").glob("second_annotator_*.jsonl")):
        second.update(ev.load_records(path))
    guide = (ROOT / "eval" / "ANNOTATION.md").read_text(encoding="utf-8")
    gold = ev.join_texts({d: gold_all[d] for d in second}, ev.load_records(corpus))
    pred = ev.predict(gold)
    unnamed = {d: g for d, g in gold.items() if d not in guide}
    out = {
        "documents": {"all": len(gold), "not named in the guide": len(unnamed)},
        "second annotator vs gold": figures(gold, second),
        "extractor vs gold": figures(gold, pred),
        "second annotator vs gold, not named in the guide": figures(unnamed, second),
        "extractor vs gold, not named in the guide": figures(unnamed, pred),
    }
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"{len(gold)} held-out documents ({len(unnamed)} not named in ANNOTATION.md); F1 against our gold")
    print(f"{'':50}" + "".join(f"{f[:9]:>10}" for f in FIELDS))
    for name, row in out.items():
        if name != "documents":
            print(f"{name:50}" + "".join(f"{'-':>10}" if row[f] is None else f"{row[f]:>10.3f}" for f in FIELDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
