"""Extraction figures on the held-out parts of our corpus annotations, and the gap to dev.

    python eval/heldout.py [--json]

The held-out parts are the documents developers did not read while writing rules: batch 2
(`corpus_gold_2.jsonl`, only whole-set scores ever read), and the odd half (odd sha1 of
doc_id) of batch 1 and of batch 3; the even halves were read while tuning. Each part is scored
whole and without the documents listed in `heldout_seen.tsv` (held-out texts that were read
after all, e.g. through a copy on the web). Texts come from ../shared/corpus/news.jsonl.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from marsad import evaluate as ev  # noqa: E402
from marsad.lexicons import parse_table  # noqa: E402

HEADLINES = ("event", "slot", "statistic")


def odd_half(doc_id: str) -> bool:
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 2 == 1


def parts() -> dict[str, tuple[Path, bool]]:
    """name -> (gold file, keep only the odd half)."""
    return {
        "batch 2 (random 100)": (ROOT / "eval" / "corpus_gold_2.jsonl", False),
        "batch 1, odd half": (ROOT / "eval" / "corpus_gold.jsonl", True),
        "batch 3, odd half": (ROOT / "eval" / "corpus_gold_3.jsonl", True),
    }


def seen_ids() -> set[str]:
    path = ROOT / "eval" / "heldout_seen.tsv"
    return {row["doc_id"] for row in parse_table(path.name, path.read_text(encoding="utf-8")).rows}


def figures(gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]) -> dict[str, float]:
    table = ev.score(gold, pred).table()
    return {k: round(table[k]["f1"], 3) for k in HEADLINES}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    corpus = SHARED / "corpus" / "news.jsonl"
    if not corpus.exists():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
    texts = ev.load_records(corpus)
    seen = seen_ids()
    dev = ev.load_records(SHARED / "eval" / "dev.jsonl")
    out: dict[str, dict[str, Any]] = {}

    dev_fig = figures(dev, ev.predict(dev))
    out["dev"] = {"docs": len(dev), **dev_fig}
    for name, (path, odd) in parts().items():
        gold = ev.join_texts(ev.load_records(path), texts)
        if odd:
            gold = {d: g for d, g in gold.items() if odd_half(d)}
        pred = ev.predict(gold)
        unseen = {d: g for d, g in gold.items() if d not in seen}
        out[name] = {"docs": len(gold), **figures(gold, pred)}
        out[name + ", unseen"] = {"docs": len(unseen), **figures(unseen, pred)}
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"{'set':34} {'docs':>4}  " + "  ".join(f"{h:>9}" for h in HEADLINES) + "   gap to dev (e/s/st)")
    for name, row in out.items():
        gap = "" if name == "dev" else "   " + " / ".join(f"{dev_fig[h] - row[h]:+.2f}" for h in HEADLINES)
        print(f"{name:34} {row['docs']:>4}  " + "  ".join(f"{row[h]:>9.3f}" for h in HEADLINES) + gap)
    return 0


if __name__ == "__main__":
    sys.exit(main())
