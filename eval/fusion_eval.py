"""Score cross-source fusion and near-duplicate detection on real corpus reports.

    .venv/bin/python eval/fusion_eval.py [--corpus ../shared/corpus/news.jsonl] [--show] [--halves]

Fusion: the documents of eval/fusion_groups.tsv are run through the real extractor
(``marsad.extract.extract``), their events fused in order of publication date (undated
last) with ``Fuser.add_document``, and each document is assigned to the fused event its main
event joined (``marsad.fuse.main_event``: a stated court ruling, an attack told with the
arrests of its day and place, else the first event; documents with no event get a cluster of
their own). B-cubed precision/recall/F1 over documents are
printed against the true groups. The "oracle" line does the same with the gold events of
eval/corpus_gold.jsonl, which isolates fusion quality from extraction quality.

Near duplicates: every corpus document goes through ``DuplicateIndex``; predicted pairs are
all pairs inside a predicted group. True pairs come from a separate exact criterion: at
least 45% of the shorter document's word 8-grams (folded text, punctuation dropped) occur
in the other, i.e. long verbatim runs shared with a common wire. On this corpus that gives
4 pairs, all three-or-more-sentence copies of one dispatch with a new headline or byline,
checked by reading them; the next pair down shares 32% and is an independent rewrite.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.clean import published_from_head  # noqa: E402
from marsad.dedupe import DuplicateIndex  # noqa: E402
from marsad.fuse import Fuser, Source, main_event  # noqa: E402
from marsad.models import Document, Event, Place  # noqa: E402
from marsad.text.arabic import fold  # noqa: E402

SHARED = ROOT.parent / "shared"
TRUE_DUP_CONTAINMENT = 0.45


def load_groups(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        if not header_seen:
            header_seen = True
            continue
        out[cols[0]] = cols[1]
    return out


def load_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    return {r["doc_id"]: r for r in (json.loads(x) for x in path.open(encoding="utf-8") if x.strip())}


def gold_event(doc_id: str, rec: dict[str, Any]) -> Event:
    return Event(
        doc_id=doc_id, type=rec["type"], date=rec.get("date"),
        places=tuple(Place(p["name"], p.get("country") or "") for p in rec.get("places", [])),
        countries=tuple(rec.get("countries", [])), partners=tuple(rec.get("partners", [])),
        agencies=tuple(rec.get("agencies", [])), affiliation=tuple(rec.get("affiliation", [])),
        arrests=rec.get("arrests"), plot=bool(rec.get("plot")), seized=tuple(rec.get("seized", [])),
        killed=rec.get("killed"), wounded=rec.get("wounded"),
    )


def bcubed(pred: dict[str, str], true: dict[str, str]) -> tuple[float, float, float]:
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_true: dict[str, set[str]] = defaultdict(set)
    for d, c in pred.items():
        by_pred[c].add(d)
    for d, c in true.items():
        by_true[c].add(d)
    p = r = 0.0
    for d in true:
        same_pred, same_true = by_pred[pred[d]], by_true[true[d]]
        both = len(same_pred & same_true)
        p += both / len(same_pred)
        r += both / len(same_true)
    p, r = p / len(true), r / len(true)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_fusion(events_by_doc: dict[str, list[Event]], docs: dict[str, dict[str, Any]]) -> dict[str, str]:
    order = sorted(events_by_doc, key=lambda d: (docs[d].get("published") is None,
                                                  docs[d].get("published") or "", d))
    fuser = Fuser()
    assigned: dict[str, str] = {}
    for d in order:
        src = Source(d, docs[d].get("url"), docs[d].get("published"), docs[d].get("title"))
        events = events_by_doc[d]
        fids = fuser.add_document(events, src)
        main = main_event(events, src.title)
        assigned[d] = fids[main] if main is not None else "none:" + d
    # a later report can bridge two fused events into one: name each by its final fused_id
    return {d: f if f.startswith("none:") else fuser.resolve(f) for d, f in assigned.items()}


def group_half(group_id: str) -> int:
    return int(hashlib.md5(group_id.encode("utf-8")).hexdigest(), 16) % 2


def word_grams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    w = re.sub(r"[^\w\s]", " ", fold(text)).split()
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def true_duplicate_pairs(docs: dict[str, dict[str, Any]]) -> set[frozenset[str]]:
    grams = {d: word_grams(r["text"]) for d, r in docs.items()}
    out = set()
    for a, b in itertools.combinations(sorted(grams), 2):
        ga, gb = grams[a], grams[b]
        if ga and gb and len(ga & gb) / min(len(ga), len(gb)) >= TRUE_DUP_CONTAINMENT:
            out.add(frozenset((a, b)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "news.jsonl")
    ap.add_argument("--groups", type=Path, default=ROOT / "eval" / "fusion_groups.tsv")
    ap.add_argument("--gold", type=Path, default=ROOT / "eval" / "corpus_gold.jsonl")
    ap.add_argument("--show", action="store_true", help="print the predicted clusters")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the headline figures to FILE as JSON")
    ap.add_argument("--halves", action="store_true",
                    help="also score the two halves of the groups (split by a hash of group_id), "
                         "to check that a rule helps on operations it was not looked at on")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    corpus = load_jsonl(args.corpus)
    groups = load_groups(args.groups)
    gold = load_jsonl(args.gold)
    docs = {d: corpus[d] for d in groups}
    for r in docs.values():
        # as the pipeline's cleaning step does: a page's own date line is its publication date
        if not r.get("published"):
            r["published"] = published_from_head(r["text"], r.get("lang") or "en")
    n_groups = len(set(groups.values()))
    print(f"fusion set: {len(docs)} documents, {n_groups} true groups")

    from marsad.extract import extract

    t0 = time.perf_counter()
    extracted: dict[str, list[Event]] = {}
    for d, r in docs.items():
        doc = Document(doc_id=d, text=r["text"], title=r.get("title"), url=r.get("url"),
                       published=r.get("published"), lang=r.get("lang"))
        extracted[d] = list(extract(doc).events)
    t_extract = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = run_fusion(extracted, docs)
    t_fuse = time.perf_counter() - t0
    p, r, f = bcubed(pred, groups)
    no_event = sum(1 for d in docs if not extracted[d])
    print(f"extracted events: B-cubed P={p:.3f} R={r:.3f} F1={f:.3f}  "
          f"clusters={len(set(pred.values()))}  docs without events={no_event}  "
          f"(extract {t_extract:.1f}s, fuse {t_fuse * 1000:.0f} ms)")

    gold_events = {d: [gold_event(d, e) for e in gold[d]["events"]] for d in docs if d in gold}
    pred_o = run_fusion(gold_events, docs)
    po, ro, fo = bcubed(pred_o, {d: g for d, g in groups.items() if d in gold_events})
    print(f"oracle (gold events): B-cubed P={po:.3f} R={ro:.3f} F1={fo:.3f}  "
          f"clusters={len(set(pred_o.values()))}")
    if args.halves:
        for half in (0, 1):
            for name, assignment in (("extracted", pred), ("oracle", pred_o)):
                true = {d: g for d, g in groups.items() if d in assignment and group_half(g) == half}
                hp, hr, hf = bcubed({d: assignment[d] for d in true}, true)
                print(f"  half {half} {name}: P={hp:.3f} R={hr:.3f} F1={hf:.3f} "
                      f"({len(true)} docs, {len(set(true.values()))} groups)")
    if args.show:
        for name, assignment in (("extracted", pred), ("oracle", pred_o)):
            print(f"-- {name} clusters")
            by: dict[str, list[str]] = defaultdict(list)
            for d, c in assignment.items():
                by[c].append(d)
            for c, ds in sorted(by.items(), key=lambda kv: -len(kv[1])):
                print(f"  {c}: " + ", ".join(f"{d}[{groups[d]}]" for d in sorted(ds)))

    index = DuplicateIndex()
    t0 = time.perf_counter()
    for d, rec in corpus.items():
        index.add(d, rec["text"], rec.get("published"))
    t_dup = time.perf_counter() - t0
    predicted = {frozenset(pair) for g in index.groups() for pair in itertools.combinations(g, 2)}
    truth = true_duplicate_pairs(corpus)
    tp = len(predicted & truth)
    dp = tp / len(predicted) if predicted else 1.0
    dr = tp / len(truth) if truth else 1.0
    print(f"near duplicates over {len(corpus)} corpus documents: P={dp:.3f} R={dr:.3f} "
          f"(predicted pairs={len(predicted)}, true pairs={len(truth)}, {t_dup:.2f}s)")
    if args.json:
        figures = {"extracted_p": p, "extracted_r": r, "extracted_f1": f, "oracle_p": po, "oracle_r": ro,
                   "oracle_f1": fo, "near_duplicates_p": dp, "near_duplicates_r": dr}
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
