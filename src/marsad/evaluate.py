"""Score predicted records against gold records with the SCHEMA.md definitions.

Events are paired inside each document, type-strict, greedily by affinity (shared places,
countries, date and arrests). Slots are counted over paired and unpaired events alike:
set slots as set overlaps, value slots as single values, a date at the gold's precision.
Statistics pair on metric, value and the years of their period.
"""
from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import EvaluationError

SET_SLOTS = ("places", "countries", "partners", "agencies", "affiliation", "seized")
VALUE_SLOTS = ("type", "date", "arrests", "plot", "killed", "wounded")
_PLACE_SYNONYMS = {
    "tanger": "tangier", "tanja": "tangier", "marrakech": "marrakesh", "fes": "fez", "sala": "sale",
    "tetuan": "tetouan", "fnidek": "fnideq", "alhucemas": "alhoceima", "casa": "casablanca",
    "elayoun": "laayoune",
}
_ARTICLES = ("al", "el", "ad", "ar", "as", "ash", "at")


def skeleton(name: object) -> str:
    decomposed = unicodedata.normalize("NFKD", str(name)).casefold()
    bare = "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))
    return _PLACE_SYNONYMS.get(bare, bare)


def places_match(a: str, b: str) -> bool:
    x, y = skeleton(a), skeleton(b)
    if x == y:
        return True
    for art in _ARTICLES:
        if x == art + y or y == art + x:
            return True
    return difflib.SequenceMatcher(None, x, y).ratio() >= 0.8


def _items(slot: str, values: Iterable[Any] | None) -> list[str]:
    out = []
    for v in values or []:
        if slot == "places":
            out.append(v.get("name", "") if isinstance(v, dict) else str(v))
        elif slot in ("countries", "partners"):
            code = skeleton(v)
            out.append("ma" if code == "eh" else code)
        else:
            out.append(skeleton(v))
    return out


def set_overlap(slot: str, gold: Any, pred: Any) -> tuple[int, int, int]:
    g, p = _items(slot, gold), _items(slot, pred)
    if slot != "places":
        gs, ps = set(g), set(p)
        return len(gs & ps), len(ps - gs), len(gs - ps)
    free = list(range(len(p)))
    tp = 0
    for name in g:
        for i in free:
            if places_match(name, p[i]):
                free.remove(i)
                tp += 1
                break
    return tp, len(p) - tp, len(g) - tp


def dates_agree(gold: Any, pred: Any) -> bool:
    return bool(gold) and bool(pred) and str(pred).startswith(str(gold))


def value_overlap(slot: str, gold: dict[str, Any], pred: dict[str, Any]) -> tuple[int, int, int]:
    g, p = gold.get(slot), pred.get(slot)
    if slot == "plot":
        g = True if g else None
        p = True if p else None
    if g is None:
        # a predicted date where the text gives none is not held against the extractor
        return (0, 0, 0) if p is None or slot == "date" else (0, 1, 0)
    hit = dates_agree(g, p) if slot == "date" else (p is not None and g == p)
    if hit:
        return 1, 0, 0
    return 0, int(p is not None), 1


def affinity(g: dict[str, Any], p: dict[str, Any]) -> float:
    if g.get("type") != p.get("type"):
        return 0.0
    score = 0.1
    for slot, weight in (("places", 1.0), ("countries", 0.5)):
        tp, fp, fn = set_overlap(slot, g.get(slot), p.get(slot))
        if tp:
            score += weight * tp / (tp + fp + fn)
    if dates_agree(g.get("date"), p.get("date")):
        score += 1.0
    if g.get("arrests") is not None and g.get("arrests") == p.get("arrests"):
        score += 0.5
    return score


def pair_events(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[dict | None, dict | None]]:
    scored = sorted(
        ((affinity(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        key=lambda t: (-t[0], -t[1], -t[2]),
    )
    lone = len(gold) == 1 and len(pred) == 1
    taken_g: set[int] = set()
    taken_p: set[int] = set()
    pairs: list[tuple[dict | None, dict | None]] = []
    for s, gi, pi in scored:
        if s <= 0.1 and not (lone and s > 0):
            continue
        if gi in taken_g or pi in taken_p:
            continue
        taken_g.add(gi)
        taken_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    pairs += [(g, None) for gi, g in enumerate(gold) if gi not in taken_g]
    pairs += [(None, p) for pi, p in enumerate(pred) if pi not in taken_p]
    return pairs


def statistics_agree(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if (g.get("metric"), g.get("value")) != (p.get("metric"), p.get("value")):
        return False
    for key in ("start", "end"):
        gv, pv = g.get(key), p.get(key)
        if gv and not pv:
            return False
        if gv and pv and str(gv)[:4] != str(pv)[:4]:
            return False
    return True


@dataclass(frozen=True, slots=True)
class Figure:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True, slots=True)
class Mistake:
    doc_id: str
    kind: str  # missed event | false event | missed statistic | false statistic
    record: dict[str, Any]


@dataclass(slots=True)
class Scores:
    counts: dict[str, list[int]] = field(default_factory=dict)
    mistakes: list[Mistake] = field(default_factory=list)

    def add(self, key: str, tp: int, fp: int, fn: int) -> None:
        row = self.counts.setdefault(key, [0, 0, 0])
        row[0] += tp
        row[1] += fp
        row[2] += fn

    def figure(self, key: str) -> Figure:
        return Figure(*self.counts.get(key, [0, 0, 0]))

    def table(self) -> dict[str, dict[str, float | int]]:
        keys = ("event", "slot", "statistic") + VALUE_SLOTS + SET_SLOTS
        return {k: self.figure(k).as_dict() for k in keys}


def score(gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]) -> Scores:
    s = Scores()
    for doc_id, gdoc in gold.items():
        pdoc = pred.get(doc_id, {})
        for g, p in pair_events(gdoc.get("events") or [], pdoc.get("events") or []):
            s.add("event", int(g is not None and p is not None), int(g is None), int(p is None))
            if g is None or p is None:
                s.mistakes.append(Mistake(doc_id, "false event" if g is None else "missed event", g or p or {}))
            g, p = g or {}, p or {}
            for slot in SET_SLOTS:
                s.add(slot, *set_overlap(slot, g.get(slot), p.get(slot)))
            for slot in VALUE_SLOTS:
                s.add(slot, *value_overlap(slot, g, p))
        remaining = list(pdoc.get("statistics") or [])
        for g in gdoc.get("statistics") or []:
            match = next((x for x in remaining if statistics_agree(g, x)), None)
            if match is None:
                s.add("statistic", 0, 0, 1)
                s.mistakes.append(Mistake(doc_id, "missed statistic", g))
            else:
                remaining.remove(match)
                s.add("statistic", 1, 0, 0)
        for p in remaining:
            s.add("statistic", 0, 1, 0)
            s.mistakes.append(Mistake(doc_id, "false statistic", p))
    for slot in SET_SLOTS + VALUE_SLOTS:
        s.add("slot", *s.counts.get(slot, [0, 0, 0]))
    return s


def load_records(path: str | Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as err:
                    raise EvaluationError(f"{path}:{n}: not JSON ({err.msg})") from None
                if not isinstance(rec, dict) or "doc_id" not in rec:
                    raise EvaluationError(f"{path}:{n}: a record needs a doc_id")
                out[str(rec["doc_id"])] = rec
    except OSError as err:
        raise EvaluationError(f"cannot read {path}: {err.strerror}") from None
    return out


def headline(s: Scores) -> str:
    return (f"event F1 {s.figure('event').f1:.3f} | slot F1 {s.figure('slot').f1:.3f}"
            f" | statistic F1 {s.figure('statistic').f1:.3f}")


def format_table(s: Scores, title: str = "all") -> str:
    lines = [f"== {title}"]
    for key, r in s.table().items():
        lines.append(f"{key:12s} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}"
                     f"   (tp {r['tp']} fp {r['fp']} fn {r['fn']})")
    return "\n".join(lines)


def join_texts(gold: dict[str, dict[str, Any]], texts: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Gold records annotated without their text (third-party articles stay outside the repo)."""
    out = {}
    for doc_id, rec in gold.items():
        src = texts.get(doc_id)
        if src is None:
            raise EvaluationError(f"no text for gold document {doc_id}")
        merged = dict(rec)
        for key in ("text", "title", "url", "published", "lang"):
            if not merged.get(key) and src.get(key):
                merged[key] = src[key]
        out[doc_id] = merged
    return out


INPUT_FIELDS = ("doc_id", "title", "url", "published", "text")  # all the extractor may see of a gold record


def predict(gold: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The extractor's records for gold documents, gold fields stripped first."""
    from .pipeline import extract_record  # the scorer itself does not need the extractor loaded

    out = {}
    for doc_id, g in gold.items():
        if not g.get("text"):
            raise EvaluationError(f"document {doc_id} has no text to extract from")
        out[doc_id] = extract_record({k: g.get(k) for k in INPUT_FIELDS}).to_record()
    return out
