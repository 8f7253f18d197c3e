"""The JSON API under /api/: documents, events, statistics, search, map points, review, audit, users.

Every endpoint needs a session (viewer or above); review actions need the analyst role and
user administration the admin role, and both need the CSRF header. Lists are paginated with
``limit``/``offset`` and report ``total``. Failures all have the shape of ErrorResponse.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request, Response

from .. import review
from ..export import CSV_COLUMNS, csv_row, event_record, safe_cell
from ..store.auth import Session
from ..store.sqlite import SQLiteStore
from . import fused as fusion
from . import queries
from .auth import (SESSION_COOKIE, Handles, api_admin, api_analyst, check_csrf_header, get_handles, get_store,
                   require_admin, require_session, set_session_cookie)
from .schemas import (AuditPage, DocumentDetail, DocumentPage, ErrorResponse, EventDetail, EventEdit, EventOut,
                      EventPage, FusedDetail, FusedPage, LoginIn, MapPoint, Me, Overview, ReviewNote,
                      SearchResult, StatisticPage, UserIn, UserOut)

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": desc}
    for code, desc in ((400, "Bad request"), (401, "Not logged in"), (403, "Not allowed"),
                       (404, "Not found"), (422, "Invalid parameters"), (500, "Server error"))
}
MAX_ID = 2**63 - 1
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
EXPORT_LIMIT = 200_000

router = APIRouter(prefix="/api", responses=ERRORS)


def _optional(pattern: str) -> str:
    # HTML filter forms send every field, empty ones as "": those mean "no filter"
    return f"^({pattern})?$"


def event_filter(
    type: str | None = Query(None, pattern=_optional("dismantling|arrest|court_ruling|attack"),
                             description="Event type."),
    country: str | None = Query(None, pattern=_optional("[A-Za-z]{2}"), description="ISO 3166-1 alpha-2 code."),
    place: str | None = Query(None, max_length=100, description="Part of a place name."),
    affiliation: str | None = Query(None, max_length=100, description="Part of an armed group's name."),
    agency: str | None = Query(None, max_length=100, description="Part of an agency's name."),
    date_from: str | None = Query(None, pattern=_optional(DATE_PATTERN[1:-1])),
    date_to: str | None = Query(None, pattern=_optional(DATE_PATTERN[1:-1])),
    status: str | None = Query(None, pattern=_optional("pending|confirmed|edited|rejected"),
                               description="Review status."),
    reviewed: bool = Query(False, description="Only confirmed or edited events."),
    q: str | None = Query(None, max_length=200, description="Full-text search in the source articles."),
) -> queries.EventFilter:
    return queries.EventFilter(type=type or None, country=country or None, place=place or None,
                               affiliation=affiliation or None, agency=agency or None, date_from=date_from or None,
                               date_to=date_to or None, status=status or None, reviewed_only=reviewed,
                               q=q if q and q.strip() else None)


def fused_filter(
    type: str | None = Query(None, pattern=_optional("dismantling|arrest|court_ruling|attack"),
                             description="Agreed event type."),
    country: str | None = Query(None, pattern=_optional("[A-Za-z]{2}"), description="ISO 3166-1 alpha-2 code."),
    date_from: str | None = Query(None, pattern=_optional(DATE_PATTERN[1:-1])),
    date_to: str | None = Query(None, pattern=_optional(DATE_PATTERN[1:-1])),
    disputed: bool = Query(False, description="Only fused events whose sources disagree on a field."),
) -> fusion.FusedFilter:
    return fusion.FusedFilter(type=type or None, country=country or None, date_from=date_from or None,
                              date_to=date_to or None, disputed=disputed)


FusedId = Path(max_length=100, description="The fused event's id, e.g. fe-0123456789ab.")
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


# -- session ----------------------------------------------------------------------------------
@router.post("/login", response_model=Me, summary="Log in; sets the session cookie")
def login(request: Request, response: Response, body: LoginIn, h: Handles = Depends(get_handles)) -> Me:
    user = h.auth.authenticate(body.username, body.password)
    if user is None:
        raise HTTPException(status_code=401, detail="wrong user name or password")
    token, session = h.auth.create_session(user)
    set_session_cookie(response, token, request.url.scheme == "https")
    return Me(username=user.username, role=user.role, csrf_token=session.csrf_token)


@router.post("/logout", response_model=dict[str, bool], summary="End the session")
def logout(request: Request, response: Response, session: Session = Depends(require_session),
           h: Handles = Depends(get_handles)) -> dict[str, bool]:
    check_csrf_header(request, session)
    h.auth.end_session(request.cookies.get(SESSION_COOKIE))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"ok": True}


@router.get("/me", response_model=Me)
def me(session: Session = Depends(require_session)) -> Me:
    return Me(username=session.user.username, role=session.user.role, csrf_token=session.csrf_token)


# -- reading ----------------------------------------------------------------------------------
@router.get("/overview", response_model=Overview, summary="Counts by type, country, affiliation, status, month")
def overview(store: SQLiteStore = Depends(get_store), _: Session = Depends(require_session)) -> dict[str, Any]:
    data = queries.overview(store)
    for key in ("by_type", "by_country", "by_affiliation", "by_status", "by_month"):
        data[key] = [{"key": k, "count": n} for k, n in data[key]]
    return data


@router.get("/documents", response_model=DocumentPage)
def documents(limit: int = Limit, offset: int = Offset,
              q: str | None = Query(None, max_length=200, description="Full-text search."),
              store: SQLiteStore = Depends(get_store), _: Session = Depends(require_session)) -> dict[str, Any]:
    total, items = queries.list_documents(store, limit, offset, q if q and q.strip() else None)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/documents/{doc_id}", response_model=DocumentDetail)
def document(doc_id: str = Path(max_length=500), store: SQLiteStore = Depends(get_store),
             _: Session = Depends(require_session)) -> dict[str, Any]:
    doc = queries.get_document(store, doc_id)
    if doc is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id}")
    return doc


@router.get("/events", response_model=EventPage, summary="Events, filtered and paginated, newest first")
def events(f: queries.EventFilter = Depends(event_filter), limit: int = Limit, offset: int = Offset,
           store: SQLiteStore = Depends(get_store), _: Session = Depends(require_session)) -> dict[str, Any]:
    total, items = queries.list_events(store, f, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _event_detail(store: SQLiteStore, event_id: int) -> dict[str, Any]:
    event = queries.get_event(store, event_id)
    if event is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id}")
    docs = queries.event_documents(store, event)
    _, audit = review.audit_entries(store, limit=200, object_kind="event", object_id=str(event_id))
    return {"event": event, "documents": docs, "audit": audit}


@router.get("/events/{event_id}", response_model=EventDetail,
            summary="One event, its sources, its history and the fused event it belongs to")
def event(event_id: int = Path(ge=1, le=MAX_ID), store: SQLiteStore = Depends(get_store),
          _: Session = Depends(require_session)) -> dict[str, Any]:
    return {**_event_detail(store, event_id), "fused": fusion.fused_of_event(store, event_id)}


@router.get("/fused", response_model=FusedPage,
            summary="Fused events (one per real happening, all its reports), filtered and paginated, newest first")
def fused_events(f: fusion.FusedFilter = Depends(fused_filter), limit: int = Limit, offset: int = Offset,
                 store: SQLiteStore = Depends(get_store), _: Session = Depends(require_session)) -> dict[str, Any]:
    total, items = fusion.list_fused(store, f, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/fused/{fused_id}", response_model=FusedDetail,
            summary="One fused event: agreed fields, member events, source documents, disagreements")
def fused_event(fused_id: str = FusedId, store: SQLiteStore = Depends(get_store),
                _: Session = Depends(require_session)) -> dict[str, Any]:
    detail = fusion.get_fused(store, fused_id)
    if detail is None:
        raise HTTPException(status_code=404, detail=f"no fused event {fused_id}")
    docs: dict[str, dict[str, Any]] = {}
    for e in detail["events"]:
        for doc in queries.event_documents(store, e):
            docs.setdefault(doc["doc_id"], doc)
    return {**detail, "documents": list(docs.values())}


def reconcile(store: SQLiteStore) -> list[dict[str, Any]] | None:
    """The reconciliation stage's groups (one per metric, scope, period), or None when absent."""
    try:
        from ..reconcile import reconcile_store
    except ImportError:
        return None
    return list(reconcile_store(store))


def flag_label(flag: dict[str, Any]) -> str:
    return str(flag.get("kind", "flag")) + (f":{flag['status']}" if flag.get("status") else "")


def flags_by_statistic(groups: list[dict[str, Any]] | None) -> dict[tuple[str, str, int], list[str]]:
    """(metric, doc_id, value) -> the flags of the group that statistic was reconciled in."""
    out: dict[tuple[str, str, int], list[str]] = {}
    for g in groups or ():
        labels = [flag_label(f) for f in g.get("flags", ())]
        for v in g.get("values", ()):
            out.setdefault((g.get("metric"), v.get("doc_id"), v.get("value")), []).extend(labels)  # type: ignore[arg-type]
    return out


@router.get("/statistics", response_model=StatisticPage, summary="Reported statistics with reconciliation flags")
def statistics(limit: int = Limit, offset: int = Offset, store: SQLiteStore = Depends(get_store),
               _: Session = Depends(require_session)) -> dict[str, Any]:
    total, items = queries.list_statistics(store, limit, offset)
    groups = reconcile(store)
    flags = flags_by_statistic(groups)
    for item in items:
        item["flags"] = flags.get((item["metric"], item["doc_id"], item["value"]), [])
    return {"total": total, "limit": limit, "offset": offset, "items": items, "reconciled": groups is not None}


@router.get("/statistics/reconciled", response_model=list[dict[str, Any]],
            summary="Statistics grouped by metric, scope and period, with reconciliation flags")
def statistics_reconciled(store: SQLiteStore = Depends(get_store),
                          _: Session = Depends(require_session)) -> list[dict[str, Any]]:
    groups = reconcile(store)
    if groups is None:
        raise HTTPException(status_code=404, detail="the reconciliation stage is not installed")
    return groups


@router.get("/search", response_model=SearchResult, summary="Full-text search (Arabic and Latin scripts)")
def search(q: str = Query(min_length=1, max_length=200), limit: int = Query(20, ge=1, le=100),
           store: SQLiteStore = Depends(get_store), _: Session = Depends(require_session)) -> dict[str, Any]:
    if not q.strip():
        raise HTTPException(status_code=400, detail="empty search")
    total, docs = queries.list_documents(store, limit, 0, q)
    _, evs = queries.list_events(store, queries.EventFilter(q=q), limit, 0, with_total=False)
    return {"query": q, "total": total, "documents": docs, "events": evs}


@router.get("/map", response_model=list[MapPoint], summary="Places of events, one point per place")
def map_points(f: queries.EventFilter = Depends(event_filter), limit: int = Query(2000, ge=1, le=10_000),
               store: SQLiteStore = Depends(get_store), _: Session = Depends(require_session)) -> list[dict[str, Any]]:
    return queries.map_points(store, f, limit)


# -- review -----------------------------------------------------------------------------------
@router.post("/events/{event_id}/confirm", response_model=EventOut, summary="Confirm an event (analyst)")
def confirm(event_id: int = Path(ge=1, le=MAX_ID), body: ReviewNote | None = Body(None),
            store: SQLiteStore = Depends(get_store), session: Session = Depends(api_analyst)) -> dict[str, Any]:
    review.confirm(store, event_id, session.user.username, body.note if body else None)
    return _event_detail(store, event_id)["event"]


@router.post("/events/{event_id}/reject", response_model=EventOut, summary="Reject an event (analyst)")
def reject(event_id: int = Path(ge=1, le=MAX_ID), body: ReviewNote | None = Body(None),
           store: SQLiteStore = Depends(get_store), session: Session = Depends(api_analyst)) -> dict[str, Any]:
    review.reject(store, event_id, session.user.username, body.note if body else None)
    return _event_detail(store, event_id)["event"]


@router.post("/events/{event_id}/edit", response_model=EventOut, summary="Edit any fields of an event (analyst)")
def edit(body: EventEdit, event_id: int = Path(ge=1, le=MAX_ID), store: SQLiteStore = Depends(get_store),
         session: Session = Depends(api_analyst)) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in review.EDITABLE_FIELDS:
        value = getattr(body, name)
        if value is not None:
            changes[name] = [p.model_dump(exclude_none=True) for p in value] if name == "places" else value
    for name in body.clear:
        changes[name] = None
    review.edit(store, event_id, changes, session.user.username, body.note)
    return _event_detail(store, event_id)["event"]


# -- audit and export -------------------------------------------------------------------------
@router.get("/audit", response_model=AuditPage, summary="The audit log, newest first")
def audit(limit: int = Limit, offset: int = Offset, actor: str | None = Query(None, max_length=64),
          object_id: str | None = Query(None, max_length=100), store: SQLiteStore = Depends(get_store),
          _: Session = Depends(require_session)) -> dict[str, Any]:
    total, items = review.audit_entries(store, limit=limit, offset=offset, actor=actor or None,
                                        object_id=object_id or None)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}},
                      "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
          "description": "The file"},
}


def _csv(columns: tuple[str, ...] | list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def _download(body: str, fmt: str, name: str) -> Response:
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


@router.get("/audit/export", response_class=Response, responses=FILE_RESPONSES, summary="The whole audit log")
def audit_export(format: Literal["csv", "json"] = Query("csv"), store: SQLiteStore = Depends(get_store),
                 _: Session = Depends(require_session)) -> Response:
    _, items = review.audit_entries(store, limit=EXPORT_LIMIT)
    if format == "json":
        return _download(json.dumps(items, ensure_ascii=False, indent=1), "json", "marsad-audit")
    rows = [{**r, "before": json.dumps(r["before"], ensure_ascii=False) if r["before"] is not None else "",
             "after": json.dumps(r["after"], ensure_ascii=False) if r["after"] is not None else ""} for r in items]
    columns = ("audit_id", "at", "actor", "action", "object_kind", "object_id", "before", "after")
    return _download(_csv(columns, rows), "csv", "marsad-audit")


@router.get("/export/events", response_class=Response, responses=FILE_RESPONSES,
            summary="Events as CSV or JSON; reviewed=true keeps only confirmed and edited events")
def export_events(format: Literal["csv", "json"] = Query("csv"), f: queries.EventFilter = Depends(event_filter),
                  store: SQLiteStore = Depends(get_store), _: Session = Depends(require_session)) -> Response:
    _, items = queries.list_events(store, f, EXPORT_LIMIT, 0, with_total=False)
    urls = {r[0]: r[1] for r in store.conn.execute("SELECT doc_id, url FROM documents")} if items else {}
    if format == "json":
        records = [{"event_id": e["event_id"], "doc_id": e["doc_id"], **event_record(e)} for e in items]
        return _download(json.dumps(records, ensure_ascii=False, indent=1), "json", "marsad-events")
    rows = [csv_row(e, urls.get(e["doc_id"])) for e in items]
    return _download(_csv(CSV_COLUMNS, rows), "csv", "marsad-events")


# -- users ------------------------------------------------------------------------------------
@router.get("/users", response_model=list[UserOut], summary="Users (admin)")
def users(h: Handles = Depends(get_handles), _: Session = Depends(require_admin)) -> list[dict[str, str]]:
    return h.auth.list_users()


@router.post("/users", response_model=UserOut, status_code=201, summary="Add a user (admin)")
def add_user(body: UserIn, h: Handles = Depends(get_handles), session: Session = Depends(api_admin)) -> dict[str, str]:
    user = h.auth.add_user(body.username, body.password, body.role)
    review.write_audit(h.store.conn, session.user.username, "user_add", "user", user.username, None,
                       {"role": user.role})
    return {"username": user.username, "role": user.role}
