"""The evaluation gate: the extractor on the dev gold set must stay above pinned floors."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from marsad import evaluate
from marsad.pipeline import extract_record

from .conftest import DEV, ROOT

BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))


def _predict(inputs: list[dict]) -> dict[str, dict]:
    return {d["doc_id"]: extract_record(d).to_record() for d in inputs}


def test_dev_set_is_the_one_the_floors_were_pinned_on(dev_gold: list[dict]) -> None:
    pinned = BASELINE.get("dev_sha256")
    if pinned:
        assert hashlib.sha256(DEV.read_bytes()).hexdigest() == pinned


def test_extractor_stays_above_its_floors(dev_gold: list[dict], dev_inputs: list[dict]) -> None:
    gold = {d["doc_id"]: d for d in dev_gold}
    s = evaluate.score(gold, _predict(dev_inputs))
    got = {"event_f1": s.figure("event").f1, "slot_f1": s.figure("slot").f1,
           "statistic_f1": s.figure("statistic").f1, "places_f1": s.figure("places").f1,
           "countries_f1": s.figure("countries").f1}
    print(evaluate.headline(s))
    for key, value in got.items():
        assert value >= BASELINE[key], f"{key} {value:.3f} fell below its floor {BASELINE[key]:.3f}"


def test_every_evidence_quote_is_a_slice_of_the_text(dev_inputs: list[dict]) -> None:
    """Provenance property over every dev document: text[start:end] == quote, always."""
    checked = 0
    for d in dev_inputs:
        rec = extract_record(d)
        for item in list(rec.events) + list(rec.statistics):
            evs = list(item.evidence) + [ev for _, ev in getattr(item, "field_evidence", ())]
            for ev in evs:
                assert ev.doc_id == d["doc_id"]
                assert 0 <= ev.start <= ev.end <= len(d["text"])
                assert d["text"][ev.start:ev.end] == ev.quote
                checked += 1
    assert checked > 100


def _gate(gold: dict[str, dict], floors: dict[str, float], name: str) -> None:
    s = evaluate.score(gold, evaluate.predict(gold))
    print(name, evaluate.headline(s))
    for key, fig in (("event_f1", "event"), ("slot_f1", "slot"), ("statistic_f1", "statistic")):
        value = s.figure(fig).f1
        assert value >= floors[key], f"{name}: {key} {value:.3f} fell below its floor {floors[key]:.3f}"


@pytest.mark.parametrize(("gold_file", "floors"), [("corpus_gold.jsonl", "corpus"), ("corpus_gold_2.jsonl", "corpus2"),
                                                 ("corpus_gold_3.jsonl", "corpus3")])
def test_corpus_annotations_stay_above_their_floors(gold_file: str, floors: str) -> None:
    corpus = ROOT.parent / "shared" / "corpus" / "news.jsonl"
    if not corpus.is_file():
        pytest.skip("../shared/corpus/news.jsonl not present")
    gold = evaluate.join_texts(evaluate.load_records(ROOT / "eval" / gold_file), evaluate.load_records(corpus))
    _gate(gold, BASELINE[floors], floors)


def test_sample_corpus_stays_above_its_floors() -> None:
    _gate(evaluate.load_records(ROOT / "samples" / "expected.jsonl"), BASELINE["samples"], "samples")


def test_heldout_report_scores_each_part_whole_and_without_the_documents_seen() -> None:
    import importlib.util

    if not (ROOT.parent / "shared" / "corpus" / "news.jsonl").is_file():
        pytest.skip("../shared/corpus/news.jsonl not present")
    spec = importlib.util.spec_from_file_location("heldout", ROOT / "eval" / "heldout.py")
    assert spec is not None and spec.loader is not None
    heldout = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(heldout)
    seen = heldout.seen_ids()
    assert seen and all(not d.startswith("#") for d in seen)
    # the listed documents are held-out ones: batch 2 or the odd halves of batches 1 and 3
    batch2 = set(evaluate.load_records(ROOT / "eval" / "corpus_gold_2.jsonl"))
    assert all(d in batch2 or heldout.odd_half(d) for d in seen)
    assert heldout.odd_half("ar-maghress-alraiy-1") and not heldout.odd_half("es-elpais-1")


def test_fusion_stays_above_its_floors(tmp_path: Path) -> None:
    import subprocess
    import sys

    if not (ROOT.parent / "shared" / "corpus" / "news.jsonl").is_file():
        pytest.skip("../shared/corpus/news.jsonl not present")
    out = tmp_path / "fusion.json"
    subprocess.run([sys.executable, str(ROOT / "eval" / "fusion_eval.py"), "--json", str(out)],
                   check=True, capture_output=True)
    got = json.loads(out.read_text(encoding="utf-8"))
    for key, floor in BASELINE["fusion"].items():
        if not key.startswith("_"):
            assert got[key] >= floor, f"fusion {key} {got[key]:.3f} fell below its floor {floor:.3f}"
