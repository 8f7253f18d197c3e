"""Analyst review: confirm, edit or reject a stored event, each change written to the audit log.

Every action runs in one transaction: the event row changes and its audit row (who, when,
before, after as JSON) is written together, so the log can never miss a change. ``before`` and
``after`` hold only the fields that changed, plus ``review_status``.

Reviewed rows (``review_status != 'pending'``) survive re-extraction (see store/sqlite.py),
so an analyst's correction is not overwritten by the next ``marsad run``.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from datetime import date as _date
from datetime import datetime, timezone
from typing import Any

from .errors import EventNotFound, InvalidEdit, ReviewError  # noqa: F401 - re-exported for callers
from .models import EVENT_TYPES, SEIZED_CATEGORIES
from .store.sqlite import LIST_FIELDS, SQLiteStore

REVIEW_STATUSES = ("pending", "confirmed", "edited", "rejected")
REVIEWED = ("confirmed", "edited")  # what "reviewed only" exports keep
EDITABLE_FIELDS = (
    "type", "date", "arrests", "plot", "killed", "wounded",
    "places", "countries", "partners", "agencies", "affiliation", "seized",
)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
MAX_COUNT = 1_000_000
MAX_TEXT = 200


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- validation -------------------------------------------------------------------------------
def _as_list(field: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    raise InvalidEdit(f"{field}: expected a list")


def _count(field: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidEdit(f"{field}: expected a whole number")
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InvalidEdit(f"{field}: expected a whole number") from None
    if isinstance(value, float) and value != n:
        raise InvalidEdit(f"{field}: expected a whole number")
    if not 0 <= n <= MAX_COUNT:
        raise InvalidEdit(f"{field}: must be between 0 and {MAX_COUNT}")
    return n


def _date_value(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise InvalidEdit("date: expected YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    try:
        _date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise InvalidEdit(f"date: {value} is not a calendar date") from None
    return value


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise InvalidEdit(f"{field}: expected non-empty text of at most {MAX_TEXT} characters")
    return value.strip()


def _place(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidEdit("places: each place is an object with name and country")
    out: dict[str, Any] = {"name": _text("places.name", value.get("name")),
                           "country": str(value.get("country", "")).upper()}
    if not _ISO2.match(out["country"]):
        raise InvalidEdit("places.country: expected an ISO 3166-1 alpha-2 code")
    for key, lo, hi in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
        raw = value.get(key)
        if raw is None or raw == "":
            continue
        try:
            num = float(raw)
        except (TypeError, ValueError):
            raise InvalidEdit(f"places.{key}: expected a number") from None
        if isinstance(raw, bool) or not lo <= num <= hi:
            raise InvalidEdit(f"places.{key}: must be between {lo:g} and {hi:g}")
        out[key] = num
    if value.get("geonames_id") not in (None, ""):
        gid = value.get("geonames_id")
        try:
            out["geonames_id"] = int(gid)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidEdit("places.geonames_id: expected a whole number") from None
        if isinstance(gid, (bool, float)) or not 0 < out["geonames_id"] < 2**31:
            raise InvalidEdit("places.geonames_id: expected a positive GeoNames id")
    if value.get("admin1") not in (None, ""):
        out["admin1"] = _text("places.admin1", value.get("admin1"))
    return out


def normalise_field(field: str, value: Any) -> Any:
    """One edited value, checked and brought to its stored form; InvalidEdit when it does not fit."""
    if field == "type":
        if value not in EVENT_TYPES:
            raise InvalidEdit(f"type: choose one of {', '.join(EVENT_TYPES)}")
        return value
    if field == "date":
        return _date_value(value)
    if field in ("arrests", "killed", "wounded"):
        return _count(field, value)
    if field == "plot":
        if isinstance(value, bool):
            return value
        if value in ("true", "1", "on", 1):
            return True
        if value in ("false", "0", "", None, 0):
            return False
        raise InvalidEdit("plot: expected true or false")
    if field in ("countries", "partners"):
        codes = [str(v).strip().upper() for v in _as_list(field, value)]
        bad = [c for c in codes if not _ISO2.match(c)]
        if bad:
            raise InvalidEdit(f"{field}: expected ISO 3166-1 alpha-2 codes")
        return list(dict.fromkeys(codes))
    if field in ("agencies", "affiliation"):
        return list(dict.fromkeys(_text(field, v) for v in _as_list(field, value)))
    if field == "seized":
        items = [str(v).strip() for v in _as_list(field, value)]
        bad = [v for v in items if v not in SEIZED_CATEGORIES]
        if bad:
            raise InvalidEdit(f"seized: choose from {', '.join(SEIZED_CATEGORIES)}")
        return list(dict.fromkeys(items))
    if field == "places":
        if isinstance(value, str):
            try:
                value = json.loads(value) if value.strip() else []
            except json.JSONDecodeError:
                raise InvalidEdit("places: expected a JSON list of places") from None
        return [_place(p) for p in _as_list(field, value)]
    raise InvalidEdit(f"{field}: not an editable field")


# -- reading ----------------------------------------------------------------------------------
def _load(conn: sqlite3.Connection, event_id: int) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        raise EventNotFound(f"no event {event_id}")
    out = dict(row)
    for key in LIST_FIELDS:
        out[key] = json.loads(out[key])
    out["plot"] = bool(out["plot"])
    return out


def write_audit(conn: sqlite3.Connection, actor: str, action: str, object_kind: str, object_id: str,
                before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> int:
    """Append one audit row; used by review actions and by user administration."""
    cur = conn.execute(
        "INSERT INTO audit_log (at, actor, action, object_kind, object_id, before, after) VALUES (?,?,?,?,?,?,?)",
        (_now(), actor, action, object_kind, str(object_id),
         None if before is None else json.dumps(before, ensure_ascii=False, sort_keys=True),
         None if after is None else json.dumps(after, ensure_ascii=False, sort_keys=True)),
    )
    return int(cur.lastrowid or 0)


# -- actions ----------------------------------------------------------------------------------
def _set_status(store: SQLiteStore, event_id: int, actor: str, status: str, action: str,
                note: str | None) -> dict[str, Any]:
    with store.transaction() as c:
        current = _load(c, event_id)
        c.execute("UPDATE events SET review_status = ? WHERE event_id = ?", (status, event_id))
        after: dict[str, Any] = {"review_status": status}
        if note:
            after["note"] = note[:1000]
        write_audit(c, actor, action, "event", str(event_id),
                    {"review_status": current["review_status"]}, after)
        return _load(c, event_id)


def confirm(store: SQLiteStore, event_id: int, actor: str, note: str | None = None) -> dict[str, Any]:
    """Mark the event as checked against its sources and correct as stored."""
    return _set_status(store, event_id, actor, "confirmed", "confirm", note)


def reject(store: SQLiteStore, event_id: int, actor: str, reason: str | None = None) -> dict[str, Any]:
    """Mark the event as wrong; it stays in the database (and the log) but leaves reviewed exports."""
    return _set_status(store, event_id, actor, "rejected", "reject", reason)


def edit(store: SQLiteStore, event_id: int, changes: Mapping[str, Any], actor: str,
         note: str | None = None) -> dict[str, Any]:
    """Change any editable fields; unchanged values are ignored. Status becomes ``edited``.

    Raises InvalidEdit before touching the database when any value does not fit, so an edit
    applies whole or not at all.
    """
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidEdit(f"not editable: {', '.join(unknown)}")
    clean = {field: normalise_field(field, value) for field, value in changes.items()}
    with store.transaction() as c:
        current = _load(c, event_id)
        diff = {f: v for f, v in clean.items() if current[f] != v}
        if not diff:
            return current
        sets, args = [], []
        for field, value in diff.items():
            sets.append(f"{field} = ?")
            if field in LIST_FIELDS:
                args.append(json.dumps(value, ensure_ascii=False))
            elif field == "plot":
                args.append(int(value))
            else:
                args.append(value)
        sets.append("review_status = ?")
        args += ["edited", event_id]
        c.execute(f"UPDATE events SET {', '.join(sets)} WHERE event_id = ?", args)
        before = {f: current[f] for f in diff} | {"review_status": current["review_status"]}
        after = dict(diff) | {"review_status": "edited"}
        if note:
            after["note"] = note[:1000]
        write_audit(c, actor, "edit", "event", str(event_id), before, after)
        return _load(c, event_id)


# -- the log ----------------------------------------------------------------------------------
def audit_entries(store: SQLiteStore, *, limit: int = 100, offset: int = 0, object_kind: str | None = None,
                  object_id: str | None = None, actor: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of audit rows newest first, before/after decoded)."""
    where, args = [], []  # type: ignore[var-annotated]
    for column, value in (("object_kind", object_kind), ("object_id", object_id), ("actor", actor)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(store.conn.execute(f"SELECT COUNT(*) FROM audit_log{clause}", args).fetchone()[0])
    rows = store.conn.execute(
        f"SELECT * FROM audit_log{clause} ORDER BY audit_id DESC LIMIT ? OFFSET ?", [*args, limit, offset]
    ).fetchall()
    out = []
    for row in rows:
        rec = dict(row)
        for key in ("before", "after"):
            rec[key] = json.loads(rec[key]) if rec[key] else None
        out.append(rec)
    return total, out
