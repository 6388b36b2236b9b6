"""``GET /api/audit``: the audit log, newest first, filtered and paged by key (``docs/api.md``,
*Audit log*).  Read-only, for the office roles — the panel's audit page is its client."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from quart import Quart, Response, jsonify, request

from kolektor import safejson
from kolektor.auth.service import OFFICE_ROLES
from kolektor.server import access
from kolektor.server.access import ApiError
from kolektor.server.app import MAX_ID, AppState, to_json
from kolektor.store import audit_search
from kolektor.store.audit_search import AuditQuery

DEFAULT_PAGE: Final = 50
_ACTION = re.compile(r"[a-z0-9_.]+")


def _bad(name: str, raw: str) -> ApiError:
    return ApiError(400, "bad_parameter", name=name, value=raw[:40])


def _text_arg(name: str, limit: int) -> str | None:
    """A filter's text, stripped; None when absent or empty."""
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if len(text) > limit or not safejson.is_clean_text(text) or not text.isprintable():
        raise _bad(name, raw)
    return text


def _action_arg() -> str | None:
    """The start of an action: lower-case letters, digits, ``_`` and ``.``."""
    text = _text_arg("action", 100)
    if text is None:
        return None
    text = text.lower()
    if not _ACTION.fullmatch(text):
        raise _bad("action", text)
    return text


def _time_arg(name: str) -> datetime | None:
    """An ISO 8601 moment with its UTC offset (``2026-12-07T00:00:00+01:00``, ``…Z``)."""
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return None
    try:
        moment = datetime.fromisoformat(raw.strip()) if len(raw) <= 40 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not 1900 <= moment.year <= 9998:
        raise _bad(name, raw)
    return moment


def _int_arg(name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12 or not low <= int(text) <= high:
        raise _bad(name, raw)
    return int(text)


def register(app: Quart, state: AppState) -> None:
    @app.get("/api/audit")
    @access.guard(state.auth, state.config, OFFICE_ROLES)
    async def audit_log() -> Response:
        query = AuditQuery(
            actor=_text_arg("actor", 100),
            action=_action_arg(),
            target=_text_arg("target", 200),
            since=_time_arg("from"),
            until=_time_arg("to"),
            before=_int_arg("before", None, 1, MAX_ID),
            limit=_int_arg("limit", DEFAULT_PAGE, 1, audit_search.MAX_PAGE) or DEFAULT_PAGE,
        )
        page = await state.store.read(audit_search.search, query)
        return jsonify({"entries": to_json(page.entries), "next": page.next})
