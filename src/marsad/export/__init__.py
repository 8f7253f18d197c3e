"""Stage 5: stored records out, in the formats partners read (JSONL per SCHEMA.md, CSV).

Every writer takes ``reviewed_only``: keep only events an analyst confirmed or edited
(:data:`marsad.review.REVIEWED`); in JSONL a document then appears only when it has such an event.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ..review import REVIEWED
from ..store.sqlite import SQLiteStore

CSV_COLUMNS = (
    "event_id", "doc_id", "type", "date", "places", "countries", "partners", "agencies", "affiliation",
    "arrests", "plot", "seized", "killed", "wounded", "review_status", "url", "evidence", "data_attribution",
)
ATTRIBUTION = ("Place data: GeoNames (geonames.org), CC BY 4.0; "
               "Arabic admin names: countrystatecity-countries, ODbL 1.0.")


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event row -> the SCHEMA.md event record (plus offsets in provenance)."""
    return {
        "type": row["type"], "date": row["date"], "places": row["places"], "countries": row["countries"],
        "partners": row["partners"], "agencies": row["agencies"], "affiliation": row["affiliation"],
        "arrests": row["arrests"], "plot": row["plot"], "seized": row["seized"],
        "killed": row["killed"], "wounded": row["wounded"],
        "evidence": [e["quote"] for e in row["evidence"] if e["field"] == "event"],
        "provenance": [e for e in row["evidence"]],
        "review_status": row["review_status"],
    }


def statistic_record(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "metric": row["metric"], "value": row["value"], "qualifier": row["qualifier"],
        "country": row["country"], "agency": row["agency"], "affiliation": row["affiliation"],
        "start": row["period_start"], "end": row["period_end"],
        "evidence": [e["quote"] for e in row["evidence"]], "provenance": row["evidence"],
    }


def _extractions(store: SQLiteStore, reviewed_only: bool) -> Iterator[dict[str, Any]]:
    for item in store.iter_extractions():
        if reviewed_only:
            events = [r for r in item["events"] if r["review_status"] in REVIEWED]
            if not events:
                continue
            item = {**item, "events": events}
        yield item


def to_jsonl(store: SQLiteStore, reviewed_only: bool = False) -> str:
    out = io.StringIO()
    for item in _extractions(store, reviewed_only):
        doc = item["document"]
        rec = {
            "doc_id": doc.doc_id, "url": doc.url, "lang": doc.lang, "published": doc.published,
            "title": doc.title,
            "events": [event_record(r) for r in item["events"]],
            "statistics": [statistic_record(r) for r in item["statistics"]],
            "attribution": ATTRIBUTION,  # place data licences travel with every exported record
        }
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return out.getvalue()


def safe_cell(value: Any) -> Any:
    """Spreadsheet programs run cells that start with = + - @ as formulas; article text must not."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_row(r: dict[str, Any], url: str | None) -> dict[str, Any]:
    """One stored event row as a CSV row (the CLI and the web export share it)."""
    row = {
        "event_id": r["event_id"], "doc_id": r["doc_id"], "type": r["type"], "date": r["date"] or "",
        "places": "; ".join(f"{p.get('name')} ({p.get('country')})" for p in r["places"]),
        "countries": "; ".join(r["countries"]), "partners": "; ".join(r["partners"]),
        "agencies": "; ".join(r["agencies"]), "affiliation": "; ".join(r["affiliation"]),
        "arrests": "" if r["arrests"] is None else r["arrests"], "plot": str(r["plot"]).lower(),
        "seized": "; ".join(r["seized"]),
        "killed": "" if r["killed"] is None else r["killed"],
        "wounded": "" if r["wounded"] is None else r["wounded"],
        "review_status": r["review_status"], "url": url or "",
        "evidence": " | ".join(e["quote"] for e in r["evidence"] if e["field"] == "event"),
        "data_attribution": ATTRIBUTION,
    }
    return {k: safe_cell(v) for k, v in row.items()}


def to_csv(store: SQLiteStore, reviewed_only: bool = False) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for item in _extractions(store, reviewed_only):
        doc = item["document"]
        for r in item["events"]:
            writer.writerow(csv_row(r, doc.url))
    return out.getvalue()


def to_geojson(store: SQLiteStore, reviewed_only: bool = False) -> str:
    """Events as GeoJSON: one Point feature per (event, place with coordinates)."""
    features = []
    for item in _extractions(store, reviewed_only):
        doc = item["document"]
        for r in item["events"]:
            props = {k: v for k, v in event_record(r).items() if k not in ("provenance",)}
            props.update(event_id=r["event_id"], doc_id=r["doc_id"], url=doc.url)
            for place in r["places"]:
                if place.get("lat") is None or place.get("lon") is None:
                    continue
                features.append({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                    "properties": {**props, "place": place["name"], "place_country": place["country"],
                                   "geonames_id": place.get("geonames_id")},
                })
    collection = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
    return json.dumps(collection, ensure_ascii=False) + "\n"
