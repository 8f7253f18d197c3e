"""The nouns every stage of Marsad speaks: frozen, typed, JSON-ready.

An :class:`Evidence` always points into the *original* text of its document:
``document.text[ev.start:ev.end] == ev.quote``. Stages that work on a normalised
copy of the text map their offsets back before they build one.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .lexicons import LANGS

EVENT_TYPES = ("dismantling", "arrest", "court_ruling", "attack")
METRICS = ("cells_dismantled", "arrests", "operations", "plots_foiled", "attacks")
QUALIFIERS = ("exact", "at_least", "about", "at_most")
SEIZED_CATEGORIES = (
    "firearms", "ammunition", "explosives", "bladed_weapons", "electronics",
    "extremist_material", "cash", "uniforms", "vehicles", "other",
)
LANGUAGES = LANGS  # data/languages.tsv


@dataclass(frozen=True, slots=True)
class Evidence:
    doc_id: str
    start: int
    end: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "quote": self.quote}


@dataclass(frozen=True, slots=True)
class Document:
    """One article as ingested. ``text`` is the body that all evidence points into."""

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD (or coarser) when known
    lang: str | None = None
    source: str | None = None  # file path or "stdin"; where it came from
    html: str | None = None  # raw markup when the input was HTML, kept for audits


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # common English (GeoNames) name
    country: str  # ISO 3166-1 alpha-2
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    evidence: Evidence | None = None

    def to_dict(self, with_evidence: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "country": self.country}
        for key in ("geonames_id", "lat", "lon", "admin1"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if with_evidence and self.evidence is not None:
            out["evidence"] = self.evidence.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Event:
    doc_id: str
    type: str
    date: str | None = None
    places: tuple[Place, ...] = ()
    countries: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    affiliation: tuple[str, ...] = ()
    arrests: int | None = None
    plot: bool = False
    seized: tuple[str, ...] = ()
    killed: int | None = None
    wounded: int | None = None
    evidence: tuple[Evidence, ...] = ()
    # slot name -> evidence for that slot's value(s); the provenance of each field
    field_evidence: tuple[tuple[str, Evidence], ...] = ()

    def to_dict(self, with_offsets: bool = True) -> dict[str, Any]:
        """The SCHEMA.md record, plus offset-carrying provenance when asked."""
        out = schema_fields(self)
        out["evidence"] = [e.quote for e in self.evidence]
        if with_offsets:
            out["provenance"] = [
                {"field": name, **ev.to_dict()} for name, ev in self.field_evidence
            ]
        return out


def schema_fields(e: Any) -> dict[str, Any]:
    """The SCHEMA.md event fields (all but evidence) of an Event or anything shaped like one."""
    return {
        "type": e.type, "date": e.date, "places": [p.to_dict() for p in e.places],
        "countries": list(e.countries), "partners": list(e.partners), "agencies": list(e.agencies),
        "affiliation": list(e.affiliation), "arrests": e.arrests, "plot": e.plot,
        "seized": list(e.seized), "killed": e.killed, "wounded": e.wounded,
    }


@dataclass(frozen=True, slots=True)
class Statistic:
    doc_id: str
    metric: str
    value: int
    qualifier: str = "exact"
    country: str | None = None
    agency: str | None = None
    affiliation: str | None = None
    start: str | None = None
    end: str | None = None
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self, with_offsets: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "metric": self.metric,
            "value": self.value,
            "qualifier": self.qualifier,
            "country": self.country,
            "agency": self.agency,
            "affiliation": self.affiliation,
            "start": self.start,
            "end": self.end,
            "evidence": [e.quote for e in self.evidence],
        }
        if with_offsets:
            out["provenance"] = [ev.to_dict() for ev in self.evidence]
        return out


@dataclass(frozen=True, slots=True)
class Rejection:
    """Bad input that was refused, with the reason, so a batch can go on."""

    source: str
    reason: str
    doc_id: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extractor found in one document."""

    doc_id: str
    lang: str | None
    events: tuple[Event, ...] = ()
    statistics: tuple[Statistic, ...] = ()

    def to_record(self, with_offsets: bool = True) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "lang": self.lang,
            "events": [e.to_dict(with_offsets) for e in self.events],
            "statistics": [s.to_dict(with_offsets) for s in self.statistics],
        }


def as_plain(obj: Any) -> Any:
    """dataclass -> plain dict (for debugging and JSON dumps of nested values)."""
    return asdict(obj)


@dataclass(frozen=True, slots=True)
class Span:
    """A match in a text: [start, end) in original offsets, with what it means."""

    start: int
    end: int
    text: str
    value: Any = None
    kind: str = ""
    extra: tuple[tuple[str, Any], ...] = field(default=())
