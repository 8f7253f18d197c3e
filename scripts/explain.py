"""Developer aid: show, sentence by sentence, what the extractor saw in one document.

    .venv/bin/python scripts/explain.py GOLD_OR_DOCS.jsonl DOC_ID [--texts corpus.jsonl]
"""
from __future__ import annotations

import json
import sys

from marsad.clean import detect_language
from marsad.extract import extract
from marsad.extract.analysis import analyse
from marsad.models import Document


def main() -> None:
    path, doc_id = sys.argv[1], sys.argv[2]
    recs = {json.loads(l)["doc_id"]: json.loads(l) for l in open(path, encoding="utf-8") if l.strip()}
    rec = recs[doc_id]
    if "--texts" in sys.argv:
        texts = {json.loads(l)["doc_id"]: json.loads(l) for l in open(sys.argv[sys.argv.index("--texts") + 1])}
        rec = {**texts[doc_id], **{k: v for k, v in rec.items() if v}}
    doc = Document(doc_id=doc_id, text=rec["text"], published=rec.get("published"),
                   lang=detect_language(rec["text"]))
    a = analyse(doc, doc.lang or "en")
    for f in a.facts:
        bits = []
        for name in ("triggers", "agencies", "groups", "seized", "countries"):
            hits = getattr(f, name)
            if hits:
                bits.append(f"{name}=" + ",".join(f"{h.quote}" for h in hits))
        if f.cues:
            bits.append("cues=" + ",".join(f"{c.quote}:{c.value}" for c in f.cues))
        if f.numbers:
            bits.append("nums=" + ",".join(f"{n.quote}={n.value}/{n.noun_class}" for n in f.numbers))
        if f.dates:
            bits.append("dates=" + ",".join(f"{d.quote}={d.value}/{d.kind}" for d in f.dates))
        if f.places:
            bits.append("places=" + ",".join(p.name for p in f.places))
        print(f"[{f.index}] {doc.text[f.start:f.end].strip()[:160]}")
        if bits:
            print("     " + " | ".join(bits))
    print("---- extracted")
    for e in extract(doc).events:
        d = e.to_dict(with_offsets=False)
        d.pop("evidence")
        d["places"] = [p["name"] for p in d["places"]]
        print(json.dumps(d, ensure_ascii=False))
    print("---- gold")
    for e in rec.get("events", []):
        e = dict(e)
        e.pop("evidence", None)
        e["places"] = [p["name"] for p in e["places"]]
        print(json.dumps(e, ensure_ascii=False))


if __name__ == "__main__":
    main()
