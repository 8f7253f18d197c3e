"""The JSON shapes of the HTTP API (they become the OpenAPI schema that schemathesis tests)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EventType = Literal["dismantling", "arrest", "court_ruling", "attack"]
ReviewStatus = Literal["pending", "confirmed", "edited", "rejected"]
Role = Literal["viewer", "analyst", "admin"]


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, forbidden.")
    message: str


class ErrorResponse(BaseModel):
    """Every failure of every endpoint has this shape, whatever the status code."""

    error: ErrorBody


class PlaceOut(BaseModel):
    name: str
    country: str
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None


class EvidenceOut(BaseModel):
    field: str
    doc_id: str
    start: int
    end: int
    quote: str


class EventOut(BaseModel):
    event_id: int
    doc_id: str
    type: str
    date: str | None
    arrests: int | None
    plot: bool
    killed: int | None
    wounded: int | None
    places: list[PlaceOut]
    countries: list[str]
    partners: list[str]
    agencies: list[str]
    affiliation: list[str]
    seized: list[str]
    review_status: str
    created_at: str
    evidence: list[EvidenceOut] = []


class Page(BaseModel):
    total: int = Field(description="How many items match, across all pages.")
    limit: int
    offset: int


class EventPage(Page):
    items: list[EventOut]


class DocumentOut(BaseModel):
    doc_id: str
    url: str | None
    title: str | None
    published: str | None
    lang: str | None
    source: str | None
    ingested_at: str
    extracted_at: str | None
    n_events: int | None = None


class DocumentDetail(DocumentOut):
    text: str
    event_ids: list[int] = []


class DocumentPage(Page):
    items: list[DocumentOut]


class SourceOut(BaseModel):
    doc_id: str
    title: str | None
    url: str | None
    published: str | None
    lang: str | None
    text: str


class AuditEntry(BaseModel):
    audit_id: int
    at: str
    actor: str
    action: str
    object_kind: str
    object_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditPage(Page):
    items: list[AuditEntry]


class FusedRef(BaseModel):
    fused_id: str
    corroboration: int = Field(description="Distinct outlets reporting the fused event.")
    n_sources: int = Field(description="Distinct source documents.")


class EventDetail(BaseModel):
    event: EventOut
    documents: list[SourceOut]
    audit: list[AuditEntry]
    fused: FusedRef | None = Field(default=None, description="The fused event this report belongs to.")


class FusedSource(BaseModel):
    doc_id: str
    url: str | None = None
    published: str | None = None


class DisagreementValue(BaseModel):
    value: str
    doc_ids: list[str] = Field(description="The documents that state this value.")
    event_ids: list[int] = Field(default=[], description="Their member events (fused event detail only).")


class Disagreement(BaseModel):
    field: str
    values: list[DisagreementValue]


class FusedOut(BaseModel):
    """One real happening as told by its reports: fields taken by agreement between sources."""

    fused_id: str
    type: str
    date: str | None
    places: list[PlaceOut]
    countries: list[str]
    partners: list[str]
    agencies: list[str]
    affiliation: list[str]
    arrests: int | None
    plot: bool
    seized: list[str]
    killed: int | None
    wounded: int | None
    sources: list[FusedSource]
    corroboration: int = Field(description="Distinct outlets.")
    confidence: float
    disagreements: list[Disagreement]
    disputed_fields: list[str]
    n_sources: int
    n_events: int


class FusedPage(Page):
    items: list[FusedOut]


class FusedDetail(BaseModel):
    fused: FusedOut
    events: list[EventOut] = Field(description="The member events, each with its own evidence.")
    documents: list[SourceOut]


class StatisticOut(BaseModel):
    stat_id: int
    doc_id: str
    metric: str
    value: int
    qualifier: str
    country: str | None
    agency: str | None
    affiliation: str | None
    period_start: str | None
    period_end: str | None
    evidence: list[dict[str, Any]]
    flags: list[str] = []


class StatisticPage(Page):
    items: list[StatisticOut]
    reconciled: bool = Field(description="False when the reconciliation stage is not installed.")


class SearchResult(BaseModel):
    query: str
    total: int
    documents: list[DocumentOut]
    events: list[EventOut]


class MapPoint(BaseModel):
    name: str | None
    country: str | None
    lat: float
    lon: float
    count: int
    event_ids: list[int]


class CountRow(BaseModel):
    key: str | None
    count: int


class Overview(BaseModel):
    counts: dict[str, int]
    by_type: list[CountRow]
    by_country: list[CountRow]
    by_affiliation: list[CountRow]
    by_status: list[CountRow]
    by_month: list[CountRow]


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class Me(BaseModel):
    username: str
    role: str
    csrf_token: str = Field(description="Send it back in the X-CSRF-Token header on every POST.")


class ReviewNote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=1000)


class EventEdit(BaseModel):
    """Fields to change; any subset. Values follow SCHEMA.md (types and vocabularies)."""

    model_config = ConfigDict(extra="forbid")
    type: EventType | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    arrests: int | None = Field(default=None, ge=0, le=1_000_000)
    plot: bool | None = None
    killed: int | None = Field(default=None, ge=0, le=1_000_000)
    wounded: int | None = Field(default=None, ge=0, le=1_000_000)
    places: list[PlaceOut] | None = None
    countries: list[str] | None = None
    partners: list[str] | None = None
    agencies: list[str] | None = None
    affiliation: list[str] | None = None
    seized: list[str] | None = None
    note: str | None = Field(default=None, max_length=1000)
    clear: list[Literal["date", "arrests", "killed", "wounded"]] = Field(
        default=[], description="Fields to set to null (a null value above means 'leave as is').")


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=8, max_length=1024)
    role: Role


class UserOut(BaseModel):
    username: str
    role: str
    created_at: str | None = None
