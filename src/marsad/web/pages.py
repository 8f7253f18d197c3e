"""Server-rendered pages: overview, map, event list and detail, statistics, audit log, users, login.

Templates are rendered with autoescaping on and never mark article text safe; evidence is
highlighted by cutting the text into segments (queries.highlight) that the template escapes
one by one inside <mark> elements.
"""
from __future__ import annotations

import json
import secrets
from pathlib import Path as FsPath
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import review
from ..errors import MarsadError
from ..models import EVENT_TYPES, SEIZED_CATEGORIES
from ..store.auth import ROLES, Session
from ..store.sqlite import SQLiteStore
from ..text.arabic import is_arabic
from . import fused as fusion
from . import queries
from .api import MAX_ID, FusedId, event_filter, flag_label, flags_by_statistic, fused_filter, reconcile
from .auth import (LOGIN_CSRF_COOKIE, SESSION_COOKIE, Handles, check_csrf_form, current_session, get_handles,
                   get_store, require_admin, require_analyst, require_session, set_session_cookie, tokens_match)
from .i18n import LANGS, translator, text_dir

PAGE_SIZE = 50
STATIC = FsPath(__file__).parent / "static"

router = APIRouter(include_in_schema=False)


def pick_lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("marsad_lang") or ""
    return lang if lang in LANGS else "en"


def render(request: Request, name: str, session: Session | None, status: int = 200, **ctx: Any) -> HTMLResponse:
    lang = pick_lang(request)
    base = {
        "request": request, "lang": lang, "dir": text_dir(lang), "t": translator(lang),
        "user": session.user if session else None, "csrf": session.csrf_token if session else "",
        "path": request.url.path, "vendor_ok": (STATIC / "vendor" / "leaflet" / "leaflet.js").is_file(),
    }
    body = request.app.state.templates.get_template(name).render(**base, **ctx)
    return HTMLResponse(body, status_code=status)


def _local_next(target: str | None) -> str:
    # only same-site paths: "//evil.example" or "https://..." would be an open redirect
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _pages(total: int, limit: int, offset: int, params: dict[str, Any]) -> dict[str, Any]:
    keep = {k: v for k, v in params.items() if v not in (None, "", False)}
    prev_q = urlencode({**keep, "offset": max(0, offset - limit)}) if offset > 0 else None
    next_q = urlencode({**keep, "offset": offset + limit}) if offset + limit < total else None
    return {"total": total, "first": offset + 1 if total else 0, "last": min(total, offset + limit),
            "prev": prev_q, "next": next_q}


# -- login ------------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = Query(None, max_length=500),
               session: Session | None = Depends(current_session)) -> Response:
    if session is not None:
        return RedirectResponse(_local_next(next), status_code=303)
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", None, login_csrf=token, next=_local_next(next), error=None)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login", max_age=3600)
    return response


@router.post("/login", response_class=HTMLResponse)
def login_submit(request: Request, username: str = Form(max_length=64), password: str = Form(max_length=1024),
                 csrf_token: str = Form(""), next: str = Form("/"), h: Handles = Depends(get_handles)) -> Response:
    if not tokens_match(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE)):
        raise HTTPException(status_code=403, detail="login form expired; reload the page")
    user = h.auth.authenticate(username, password)
    if user is None:
        t = translator(pick_lang(request))
        response = render(request, "login.html", None, status=401, login_csrf=csrf_token, next=_local_next(next),
                          error=t("login_failed"))
        return response
    token, _ = h.auth.create_session(user)
    response = RedirectResponse(_local_next(next), status_code=303)
    set_session_cookie(response, token, request.url.scheme == "https")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form(""), session: Session = Depends(require_session),
           h: Handles = Depends(get_handles)) -> Response:
    check_csrf_form(csrf_token, session)
    h.auth.end_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- reading ----------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, store: SQLiteStore = Depends(get_store),
                  session: Session = Depends(require_session)) -> Response:
    data = queries.overview(store)
    bars = queries.month_bars(data["by_month"])
    top = max((n for _, n in bars), default=0)
    chart = {"bars": bars, "top": top, "width": max(1, len(bars)) * 14 + 60, "height": 180}
    return render(request, "overview.html", session, data=data, chart=chart)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, session: Session = Depends(require_session)) -> Response:
    return render(request, "map.html", session, query=request.url.query)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, f: queries.EventFilter = Depends(event_filter),
                offset: int = Query(0, ge=0, le=10**9), store: SQLiteStore = Depends(get_store),
                session: Session = Depends(require_session)) -> Response:
    total, items = queries.list_events(store, f, PAGE_SIZE, offset)
    params = {"type": f.type, "country": f.country, "place": f.place, "affiliation": f.affiliation,
              "agency": f.agency, "date_from": f.date_from, "date_to": f.date_to, "status": f.status,
              "reviewed": "true" if f.reviewed_only else None, "q": f.q}
    export_q = urlencode({k: v for k, v in params.items() if v})
    return render(request, "events.html", session, items=items, f=f, pages=_pages(total, PAGE_SIZE, offset, params),
                  event_types=EVENT_TYPES, statuses=review.REVIEW_STATUSES, export_q=export_q)


def _sources(store: SQLiteStore, *events: dict[str, Any]) -> list[dict[str, Any]]:
    """Each source document of the events once, with all their evidence in it highlighted."""
    docs: dict[str, dict[str, Any]] = {}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    event_ids: dict[str, list[int]] = {}
    for event in events:
        for doc in queries.event_documents(store, event):
            docs.setdefault(doc["doc_id"], doc)
            spans.setdefault(doc["doc_id"], []).extend(
                (e["start"], e["end"], e["field"]) for e in event["evidence"] if e["doc_id"] == doc["doc_id"])
            if event["doc_id"] == doc["doc_id"]:
                event_ids.setdefault(doc["doc_id"], []).append(event["event_id"])
    out = []
    for doc_id, doc in docs.items():
        rtl = doc.get("lang") == "ar" or (doc.get("lang") is None and is_arabic(doc["text"][:500]))
        out.append({"doc": doc, "segments": queries.highlight(doc["text"], spans[doc_id]),
                    "dir": "rtl" if rtl else "ltr", "event_ids": event_ids.get(doc_id, []),
                    "title_dir": "rtl" if is_arabic(doc.get("title") or "") else "auto"})
    return out


def _event_page(request: Request, store: SQLiteStore, session: Session, event_id: int, error: str | None = None,
                status: int = 200) -> Response:
    event = queries.get_event(store, event_id)
    if event is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id}")
    _, audit = review.audit_entries(store, limit=200, object_kind="event", object_id=str(event_id))
    places_json = json.dumps(event["places"], ensure_ascii=False, indent=1)
    return render(request, "event.html", session, status=status, e=event, sources=_sources(store, event), audit=audit,
                  places_json=places_json, error=error, event_types=EVENT_TYPES, seized_all=SEIZED_CATEGORIES,
                  fused=fusion.fused_of_event(store, event_id))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: int = Path(ge=1, le=MAX_ID), store: SQLiteStore = Depends(get_store),
               session: Session = Depends(require_session)) -> Response:
    return _event_page(request, store, session, event_id)


@router.post("/events/{event_id}/{action}")
async def review_action(request: Request, event_id: int = Path(ge=1, le=MAX_ID), action: str = Path(),
                        session: Session = Depends(require_analyst), h: Handles = Depends(get_handles)) -> Response:
    form = await request.form()
    check_csrf_form(str(form.get("csrf_token", "")), session)
    if action not in ("confirm", "reject", "edit"):
        raise HTTPException(status_code=404, detail=f"no action {action}")
    return await _apply_review(request, h.store, event_id, action, form, session)


async def _apply_review(request: Request, store: SQLiteStore, event_id: int, action: str, form: Any,
                        session: Session) -> Response:
    from starlette.concurrency import run_in_threadpool

    def work() -> Response:
        note = str(form.get("note", "")).strip() or None
        actor = session.user.username
        try:
            if action == "confirm":
                review.confirm(store, event_id, actor, note)
            elif action == "reject":
                review.reject(store, event_id, actor, note)
            else:
                changes: dict[str, Any] = {}
                for name in review.EDITABLE_FIELDS:
                    if name == "plot":
                        if "plot_present" in form:
                            changes["plot"] = form.get("plot") == "on"
                    elif name == "seized" and "seized_present" in form:
                        changes["seized"] = [str(v) for v in form.getlist("seized")]
                    elif name in form:
                        changes[name] = str(form.get(name))
                review.edit(store, event_id, changes, actor, note)
        except review.EventNotFound:
            raise HTTPException(status_code=404, detail=f"no event {event_id}") from None
        except review.InvalidEdit as err:
            return _event_page(request, store, session, event_id, error=str(err), status=422)
        return RedirectResponse(f"/events/{event_id}", status_code=303)

    # SQLite and argon2 calls block; keep them off the event loop like sync endpoints
    return await run_in_threadpool(work)


@router.get("/fused", response_class=HTMLResponse)
def fused_page(request: Request, f: fusion.FusedFilter = Depends(fused_filter),
               offset: int = Query(0, ge=0, le=10**9), store: SQLiteStore = Depends(get_store),
               session: Session = Depends(require_session)) -> Response:
    total, items = fusion.list_fused(store, f, PAGE_SIZE, offset)
    params = {"type": f.type, "country": f.country, "date_from": f.date_from, "date_to": f.date_to,
              "disputed": "true" if f.disputed else None}
    return render(request, "fused.html", session, items=items, f=f, pages=_pages(total, PAGE_SIZE, offset, params),
                  event_types=EVENT_TYPES)


@router.get("/fused/{fused_id}", response_class=HTMLResponse)
def fused_event_page(request: Request, fused_id: str = FusedId, store: SQLiteStore = Depends(get_store),
                     session: Session = Depends(require_session)) -> Response:
    detail = fusion.get_fused(store, fused_id)
    if detail is None:
        raise HTTPException(status_code=404, detail=f"no fused event {fused_id}")
    sources = _sources(store, *detail["events"])
    titles = {s["doc"]["doc_id"]: s["doc"].get("title") or s["doc"]["doc_id"] for s in sources}
    return render(request, "fused_event.html", session, fe=detail["fused"], events=detail["events"],
                  sources=sources, titles=titles)


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request, offset: int = Query(0, ge=0, le=10**9),
                    store: SQLiteStore = Depends(get_store), session: Session = Depends(require_session)) -> Response:
    total, items = queries.list_statistics(store, 100, offset)
    groups = reconcile(store)
    flags = flags_by_statistic(groups)
    for item in items:
        item["flags"] = flags.get((item["metric"], item["doc_id"], item["value"]), [])
    for g in groups or ():
        g["flag_labels"] = [flag_label(f) for f in g.get("flags", ())]
    return render(request, "statistics.html", session, items=items, groups=groups or [],
                  reconciled=groups is not None, pages=_pages(total, 100, offset, {}))


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, offset: int = Query(0, ge=0, le=10**9),
               actor: str | None = Query(None, max_length=64), object_id: str | None = Query(None, max_length=100),
               store: SQLiteStore = Depends(get_store), session: Session = Depends(require_session)) -> Response:
    total, items = review.audit_entries(store, limit=100, offset=offset, actor=actor or None,
                                        object_id=object_id or None)
    for item in items:
        for key in ("before", "after"):
            item[key + "_text"] = json.dumps(item[key], ensure_ascii=False, sort_keys=True) if item[key] else ""
    return render(request, "audit.html", session, items=items, actor=actor or "", object_id=object_id or "",
                  pages=_pages(total, 100, offset, {"actor": actor, "object_id": object_id}))


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, h: Handles = Depends(get_handles),
               session: Session = Depends(require_admin)) -> Response:
    return render(request, "users.html", session, users=h.auth.list_users(), roles=ROLES, error=None)


@router.post("/users", response_class=HTMLResponse)
def users_add(request: Request, username: str = Form(max_length=64), password: str = Form(max_length=1024),
              role: str = Form(max_length=20), csrf_token: str = Form(""),
              h: Handles = Depends(get_handles), session: Session = Depends(require_admin)) -> Response:
    check_csrf_form(csrf_token, session)
    try:
        user = h.auth.add_user(username, password, role)
    except MarsadError as err:
        return render(request, "users.html", session, status=400, users=h.auth.list_users(), roles=ROLES, error=str(err))
    review.write_audit(h.store.conn, session.user.username, "user_add", "user", user.username, None,
                       {"role": user.role})
    return RedirectResponse("/users", status_code=303)
