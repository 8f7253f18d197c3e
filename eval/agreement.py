"""How far two annotators agree, on dev and on held-out documents, beside the extractor.

    python eval/agreement.py [--json]

A second annotator re-annotated, blind, from SCHEMA.md and ANNOTATION.md alone:
- all 48 dev documents (`agreement/dev_second_annotator_{1,2}.jsonl`), scored against the dev
  set's own gold (../shared/eval/dev.jsonl);
- 60 held-out corpus documents, 20 drawn at random from each held-out part (batch 2, the odd
  halves of batches 1 and 3): `agreement/heldout_second_annotator_{1,2}.jsonl`, scored against
  our gold (eval/corpus_gold*.jsonl).
The second annotation scored with the same scorer gives the agreement two careful readers reach
by the conventions; the extractor's figures on the same documents show how much of its gap is
its own and how much is what annotators themselves disagree on. ANNOTATION.md names some
held-out documents with a decision, which the second annotator read, so held-out figures are
also given for the documents the guide does not name.
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
Records = dict[str, dict[str, Any]]


def figures(gold: Records, pred: Records) -> dict[str, float | None]:
    """F1 per field; None for a field neither side has any value of (no F1 to speak of)."""
    table = ev.score(gold, pred).table()
    return {k: (round(float(table[k]["f1"]), 3) if table[k]["tp"] or table[k]["fp"] or table[k]["fn"] else None)
            for k in FIELDS}


def second(prefix: str) -> Records:
    out: Records = {}
    for path in sorted((ROOT / "eval" / "agreement").glob(f"{prefix}_second_annotator_*.jsonl")):
        out.update(ev.load_records(path))
    return out


def compare(name: str, gold: Records, other: Records, out: dict[str, Any]) -> None:
    pred = ev.predict(gold)
    out[f"{name}: second annotator vs gold"] = figures(gold, other)
    out[f"{name}: extractor vs gold"] = figures(gold, pred)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    corpus = SHARED / "corpus" / "news.jsonl"
    dev_path = SHARED / "eval" / "dev.jsonl"
    if not corpus.exists() or not dev_path.exists():
        print(f"../shared not found next to {ROOT}", file=sys.stderr)
        return 2
    out: dict[str, Any] = {}
    dev_second = second("dev")
    dev = {d: g for d, g in ev.load_records(dev_path).items() if d in dev_second}
    compare(f"dev ({len(dev)} docs)", dev, dev_second, out)

    held_second = second("heldout")
    gold_all: Records = {}
    for name in GOLD:
        gold_all.update(ev.load_records(ROOT / "eval" / name))
    held = ev.join_texts({d: gold_all[d] for d in held_second}, ev.load_records(corpus))
    compare(f"held out ({len(held)} docs)", held, held_second, out)
    guide = (ROOT / "eval" / "ANNOTATION.md").read_text(encoding="utf-8")
    unnamed = {d: g for d, g in held.items() if d not in guide}
    compare(f"held out, not named in the guide ({len(unnamed)} docs)", unnamed, held_second, out)
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print("F1 against the gold of each set")
    print(f"{'':68}" + "".join(f"{f[:9]:>10}" for f in FIELDS))
    for name, row in out.items():
        print(f"{name:68}" + "".join(f"{'-':>10}" if row[f] is None else f"{row[f]:>10.3f}" for f in FIELDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
