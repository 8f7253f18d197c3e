"""Measure the geocoder on the shared gold: gold-place recall, a precision proxy, and the
accuracy of tests/data/place_mentions.tsv.

    .venv/bin/python benchmarks/places_eval.py [--errors]

Recall: a document's gold event places found anywhere in its text (scorer's same_place).
Precision proxy: places found in the document that are gold places of that document
(background mentions count as false, so this is a lower bound).
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sys
from pathlib import Path

from marsad.geocode import default_gazetteer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def dev_figures(show_errors: bool) -> None:
    score = _scorer()
    gaz = default_gazetteer()
    tp = fn = found_ok = found_all = 0
    by_lang: dict[str, list[int]] = {}
    for line in (SHARED / "eval" / "dev.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        gold = {p["name"] for e in doc["events"] for p in e["places"]}
        found = gaz.find_places(doc["text"], doc.get("lang"))
        names = {p.name for p in found}
        for g in gold:
            hit = any(score.same_place(g, n) for n in names)
            tp += hit
            fn += not hit
            by_lang.setdefault(doc["lang"], [0, 0])[0 if hit else 1] += 1
            if not hit and show_errors:
                print(f"  MISS {doc['doc_id']}: {g}")
        for n in names:
            ok = any(score.same_place(g, n) for g in gold)
            found_all += 1
            found_ok += ok
            if not ok and show_errors and gold:
                print(f"  EXTRA {doc['doc_id']}: {n}")
    print(f"dev gold places: recall {tp / max(tp + fn, 1):.3f} ({tp}/{tp + fn}); "
          f"precision proxy {found_ok / max(found_all, 1):.3f} ({found_ok}/{found_all})")
    for lang, (h, m) in sorted(by_lang.items()):
        print(f"  {lang}: recall {h / (h + m):.3f} ({h}/{h + m})")


def mention_figures(show_errors: bool) -> None:
    gaz = default_gazetteer()
    path = ROOT / "tests" / "data" / "place_mentions.tsv"
    rows = [r for r in csv.DictReader(
        (l for l in path.open(encoding="utf-8") if not l.startswith("#")), delimiter="\t")]
    ok = 0
    for r in rows:
        place = gaz.resolve(r["mention"])
        good = place is not None and str(place.geonames_id or "") == r["geonames_id"] and place.country == r["country"]
        ok += good
        if not good and show_errors:
            print(f"  WRONG {r['mention']}: want {r['name']} ({r['geonames_id']}), got "
                  f"{place.name if place else None} ({place.geonames_id if place else ''})")
    print(f"mention list: {ok}/{len(rows)} = {ok / max(len(rows), 1):.3f}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    if not (SHARED / "eval" / "dev.jsonl").is_file():
        sys.exit("../shared/eval/dev.jsonl not found")
    dev_figures(args.errors)
    if (ROOT / "tests" / "data" / "place_mentions.tsv").is_file():
        mention_figures(args.errors)
